"""The progress columns of a quartier (current step, since when, steps done, last activity).

The portfolio and the start page read them from the quartier row; the services in
`planning.services` keep them up to date in the same transaction as the change they make.

The current step is where the team stands: the highest-numbered step in progress (teams
work on several steps at once, and the furthest one shows how far they have come); if none
is in progress, the lowest open step; if all ten are completed, step 10 ("all completed").
"Since" is when the step entered that state: its latest transition for a step in progress
(or the last of all for ten completed steps); for an open step, when the steps before it
were completed (the last of them), else when the quartier was created.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Max
from django.db.models.functions import Coalesce

from quartier.models import Quartier

from .models import ChecklistItem, Evidence, StepProgress, StepStatus, StepTransition


@dataclass(frozen=True)
class StepState:
    number: int
    status: str
    changed_at: datetime | None


@dataclass(frozen=True)
class CurrentStep:
    number: int | None
    status: str
    since: datetime | None
    steps_done: int


def current_step(states: list[StepState], *, created_at: datetime | None) -> CurrentStep:
    """Where a quartier stands, from the states of its steps (see the module's docstring)."""
    states = sorted(states, key=lambda s: s.number)
    done = [s for s in states if s.status == StepStatus.DONE]
    if not states:
        return CurrentStep(number=None, status="", since=None, steps_done=0)
    in_progress = [s for s in states if s.status == StepStatus.IN_PROGRESS]
    if in_progress:
        step = in_progress[-1]
        return CurrentStep(step.number, step.status, step.changed_at or created_at, len(done))
    open_steps = [s for s in states if s.status == StepStatus.OPEN]
    if open_steps:
        step = open_steps[0]
        earlier = [s.changed_at for s in done if s.number < step.number and s.changed_at]
        return CurrentStep(step.number, step.status, max(earlier, default=created_at), len(done))
    last = max((s.changed_at for s in done if s.changed_at), default=created_at)
    return CurrentStep(states[-1].number, StepStatus.DONE, last, len(done))


def step_states(*, quartier_id: int) -> list[StepState]:
    """The quartier's steps with when each last changed: one query."""
    rows = (
        StepProgress.objects.filter(quartier_id=quartier_id)
        .annotate(changed=Coalesce(Max("transitions__at"), "status_changed_at"))
        .values_list("template__number", "status", "changed")
    )
    return [StepState(number, status, changed) for number, status, changed in rows]


def progress_values(*, quartier: Quartier) -> dict[str, object]:
    """The current-step columns of the quartier, computed from its step records."""
    state = current_step(step_states(quartier_id=quartier.pk), created_at=quartier.created_at)
    return {
        "current_step": state.number,
        "current_step_status": state.status,
        "current_step_since": state.since,
        "steps_done": state.steps_done,
    }


def last_activity(*, quartier_id: int) -> datetime | None:
    """The latest recorded work in the quartier's steps.

    Status changes, evidence, ticked items, and what only the history records: notes,
    items the team added or unticked, evidence removed. Steps and items created with the
    quartier (bulk-created, without history) are not activity.
    """
    step_ids = StepProgress.objects.filter(quartier_id=quartier_id).values("pk")
    item_ids = ChecklistItem.objects.filter(step__quartier_id=quartier_id).values("pk")
    candidates = [
        StepTransition.objects.filter(step__quartier_id=quartier_id).aggregate(m=Max("at"))["m"],
        Evidence.objects.filter(item__step__quartier_id=quartier_id).aggregate(m=Max("created_at"))["m"],
        ChecklistItem.objects.filter(step__quartier_id=quartier_id).aggregate(m=Max("done_at"))["m"],
        StepProgress.history.filter(id__in=step_ids, history_type="~").aggregate(m=Max("history_date"))["m"],
        ChecklistItem.history.filter(step_id__in=step_ids).aggregate(m=Max("history_date"))["m"],
        Evidence.history.filter(item_id__in=item_ids, history_type="-").aggregate(m=Max("history_date"))["m"],
    ]
    return max((c for c in candidates if c is not None), default=None)
