"""The staffing note on step 10 („Organisationsentwicklung und Finanzierung nachhaltig sichern“):
the posts running today with their hours and the warnings, for those who may see the staff."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from planning import step_panels
from planning.models import StepProgress
from quartier.models import Quartier

from . import selectors

STAFFING_STEP = 10


def step_staffing_panel(request: HttpRequest, quartier: Quartier, step: StepProgress) -> step_panels.Panel | None:
    if step.template.number != STAFFING_STEP:
        return None
    today = timezone.localdate()
    box = selectors.staffing_box(user=request.user, quartier=quartier, today=today)
    if box is None:
        return None
    return step_panels.Panel(
        template="organisation/staffing/partials/step_panel.html",
        context={"box": box, "running": selectors.quartier_posts(quartier=quartier, today=today).running},
    )


step_panels.register(step_staffing_panel)
