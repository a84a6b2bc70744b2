from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = _("Ten-step workflow")

    def ready(self) -> None:
        from . import evidence_sources  # noqa: F401  (registers the objects usable as evidence)
