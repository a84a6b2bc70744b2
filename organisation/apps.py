from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Modules that register the app's objects with other apps when Django is ready (checklist
# evidence, the step page's staffing note).
REGISTRATIONS = (
    "organisation.evidence_sources",
    "organisation.staffing.panels",
)


class OrganisationConfig(AppConfig):
    name = "organisation"
    verbose_name = _("Staff and organisation")

    def ready(self) -> None:
        for module in REGISTRATIONS:
            try:
                import_module(module)
            except ModuleNotFoundError as exc:  # a registration that is not written yet
                if exc.name is None or not module.startswith(exc.name):
                    raise
