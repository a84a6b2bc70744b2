from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworkConfig(AppConfig):
    name = "network"
    verbose_name = _("Network")

    def ready(self) -> None:
        from . import evidence_sources  # noqa: F401  (partners, agreements and meetings as step evidence)
        from .measures import panels  # noqa: F401  (the partners' box on the measure page)
