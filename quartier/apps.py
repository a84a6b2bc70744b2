from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuartierConfig(AppConfig):
    name = "quartier"
    verbose_name = _("Quartiers and organisations")
