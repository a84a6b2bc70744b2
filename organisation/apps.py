from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from quartier.navigation import import_registrations

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
        import_registrations(REGISTRATIONS)
