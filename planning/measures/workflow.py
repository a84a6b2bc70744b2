"""The status workflow of a measure. Its moves are data (planning/data/measure_workflow.yaml):
which status may follow which, and whether the move needs a reason. One service makes a
move, checks it and records who made it, when and why."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from quartier.fields import SHORT_TEXT_MAX
from quartier.models import User

from .access import require_edit_measure
from .models import Measure, MeasureStatus, MeasureTransition

WORKFLOW_FILE = Path(__file__).resolve().parent.parent / "data" / "measure_workflow.yaml"

# What a button that makes the move says ("→ In Umsetzung" reads less well than "Start").
MOVE_LABELS = {
    MeasureStatus.PLANNED: pgettext_lazy("measure move", "Plan again"),
    MeasureStatus.ACTIVE: pgettext_lazy("measure move", "Start / resume"),
    MeasureStatus.DONE: pgettext_lazy("measure move", "Complete"),
    MeasureStatus.PAUSED: pgettext_lazy("measure move", "Pause"),
    MeasureStatus.DROPPED: pgettext_lazy("measure move", "Drop"),
}


@dataclass(frozen=True)
class Move:
    from_status: str
    to_status: str
    reason_required: bool

    @property
    def label(self) -> str:
        return str(MOVE_LABELS[MeasureStatus(self.to_status)])

    @property
    def to_label(self) -> str:
        return str(MeasureStatus(self.to_status).label)


@cache
def moves() -> dict[tuple[str, str], Move]:
    """Every allowed move, read once from the data file and checked against MeasureStatus."""
    data = yaml.safe_load(WORKFLOW_FILE.read_text(encoding="utf-8"))
    result: dict[tuple[str, str], Move] = {}
    for entry in data["moves"]:
        from_status, to_status = entry["from"], entry["to"]
        if from_status not in MeasureStatus.values or to_status not in MeasureStatus.values:
            raise ValueError(f"{WORKFLOW_FILE.name}: unknown status in {entry}")
        reason = entry.get("reason", "optional")
        if reason not in ("required", "optional"):
            raise ValueError(f"{WORKFLOW_FILE.name}: reason must be 'required' or 'optional' in {entry}")
        result[from_status, to_status] = Move(from_status, to_status, reason == "required")
    return result


def moves_from(status: str) -> list[Move]:
    """The moves open to a measure in `status`, in the order of MeasureStatus."""
    return [moves()[status, to] for to in MeasureStatus.values if (status, to) in moves()]


class MeasureWorkflowError(Exception):
    """A status change the workflow refuses; the message is shown to the user."""


class MoveNotAllowed(MeasureWorkflowError):
    def __init__(self, from_status: str, to_status: str) -> None:
        self.from_status, self.to_status = from_status, to_status
        super().__init__(
            _("A measure cannot go from “%(from)s” to “%(to)s”.")
            % {"from": _label(from_status), "to": _label(to_status)}
        )


class ReasonRequired(MeasureWorkflowError):
    def __init__(self, move: Move) -> None:
        self.move = move
        super().__init__(_("Please give a reason for the change to “%(to)s”.") % {"to": move.to_label})


def _label(status: str) -> str:
    return str(MeasureStatus(status).label) if status in MeasureStatus.values else status


def measure_set_status(*, measure_id: int, user: User, to_status: str, reason: str = "") -> MeasureTransition:
    """Move the measure to `to_status` if the workflow allows the move and the user may edit it.

    The row is locked, so a double-click makes one transition: the second request waits,
    then finds the measure already moved and is refused as a move from the new status.
    Raises MoveNotAllowed, ReasonRequired or PermissionDenied.
    """
    reason = (reason or "").strip()
    if len(reason) > SHORT_TEXT_MAX:
        raise MeasureWorkflowError(_("The reason may be at most %(n)s characters long.") % {"n": SHORT_TEXT_MAX})
    with transaction.atomic():
        measure = Measure.objects.select_for_update().select_related("quartier").get(pk=measure_id)
        require_edit_measure(user, measure)
        move = moves().get((measure.status, to_status))
        if move is None:
            raise MoveNotAllowed(measure.status, to_status)
        if move.reason_required and not reason:
            raise ReasonRequired(move)
        transition = MeasureTransition.objects.create(
            measure=measure, from_status=measure.status, to_status=to_status, by=user, comment=reason
        )
        measure.status = to_status
        measure.status_changed_at = timezone.now()
        measure.save(update_fields=["status", "status_changed_at", "updated_at"])
    return transition
