"""The measure page's note that a measure grew out of a citizens' idea (registered with
planning's panel registry when the app is ready, see participation.apps.REGISTRATIONS)."""

from __future__ import annotations

from django.http import HttpRequest

from planning.measures import panels
from planning.measures.models import Measure
from quartier.access import Action, can
from quartier.models import Quartier

from .selectors import measure_ideas


def measure_idea_panel(request: HttpRequest, quartier: Quartier, measure: Measure) -> panels.Panel | None:
    """The idea(s) a measure was adopted from; None for every other measure. One query."""
    ideas = list(measure_ideas(measure_id=measure.pk).filter(quartier=quartier).only("pk", "text", "created_on"))
    if not ideas:
        return None
    return panels.Panel(
        "participation/ideas/partials/measure_panel.html",
        {"source_ideas": ideas, "can_read_ideas": can(request.user, Action.VIEW, quartier)},
    )


panels.register(measure_idea_panel)
