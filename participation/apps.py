from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from quartier.navigation import import_registrations

# Modules that register participation's objects with other apps when Django is ready: checklist
# evidence (planning.evidence_objects), entries of the quartier's calendar feed, the measure
# page's note of the idea a measure grew out of (planning.measures.panels) and the signal
# receivers that keep the public page's cached questions in step with the builder.
REGISTRATIONS = (
    "participation.evidence_sources",
    "participation.events.calendar",
    "participation.ideas.panels",
    "participation.answering.structure",
)


class ParticipationConfig(AppConfig):
    name = "participation"
    verbose_name = _("Participation")

    def ready(self) -> None:
        import_registrations(REGISTRATIONS)
