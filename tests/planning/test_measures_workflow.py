"""The status workflow of measures: moves as data, refused moves, reasons, recorded transitions."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from planning.measures import workflow
from planning.measures.models import MeasureStatus, MeasureTransition

from .measure_helpers import make_measure


def test_the_moves_come_from_the_data_file() -> None:
    moves = workflow.moves()
    assert (MeasureStatus.PLANNED, MeasureStatus.ACTIVE) in moves
    assert moves[MeasureStatus.ACTIVE, MeasureStatus.PAUSED].reason_required
    assert not moves[MeasureStatus.ACTIVE, MeasureStatus.DONE].reason_required
    assert (MeasureStatus.PLANNED, MeasureStatus.DONE) not in moves
    assert [m.to_status for m in workflow.moves_from(MeasureStatus.ACTIVE)] == [
        MeasureStatus.DONE,
        MeasureStatus.PAUSED,
        MeasureStatus.DROPPED,
    ]


def test_an_allowed_move_is_made_and_recorded(quartier, manager) -> None:
    measure = make_measure(quartier, responsible=manager)

    transition = workflow.measure_set_status(
        measure_id=measure.pk, user=manager, to_status=MeasureStatus.ACTIVE, reason="Raum ist gefunden"
    )

    measure.refresh_from_db()
    assert measure.status == MeasureStatus.ACTIVE
    assert measure.status_changed_at is not None
    assert (transition.from_status, transition.to_status, transition.by, transition.comment) == (
        MeasureStatus.PLANNED,
        MeasureStatus.ACTIVE,
        manager,
        "Raum ist gefunden",
    )
    assert transition.at is not None


def test_a_move_the_workflow_does_not_know_is_refused_in_german(quartier, manager) -> None:
    measure = make_measure(quartier)

    with pytest.raises(workflow.MoveNotAllowed) as exc:
        workflow.measure_set_status(measure_id=measure.pk, user=manager, to_status=MeasureStatus.DONE)

    assert str(exc.value) == "Eine Maßnahme kann nicht von „geplant“ zu „abgeschlossen“ wechseln."
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.PLANNED
    assert not MeasureTransition.objects.exists()


def test_a_move_that_needs_a_reason_is_refused_without_one(quartier, manager) -> None:
    measure = make_measure(quartier, status=MeasureStatus.ACTIVE)

    with pytest.raises(workflow.ReasonRequired) as exc:
        workflow.measure_set_status(measure_id=measure.pk, user=manager, to_status=MeasureStatus.PAUSED, reason="  ")

    assert "Bitte geben Sie einen Grund" in str(exc.value)
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.ACTIVE
    workflow.measure_set_status(
        measure_id=measure.pk, user=manager, to_status=MeasureStatus.PAUSED, reason="Ehrenamtliche fehlen"
    )
    assert MeasureTransition.objects.get().comment == "Ehrenamtliche fehlen"


def test_moving_to_the_same_status_twice_is_refused(quartier, manager) -> None:
    """The double-click case: the second request finds the measure moved already."""
    measure = make_measure(quartier)
    workflow.measure_set_status(measure_id=measure.pk, user=manager, to_status=MeasureStatus.ACTIVE)
    with pytest.raises(workflow.MoveNotAllowed):
        workflow.measure_set_status(measure_id=measure.pk, user=manager, to_status=MeasureStatus.ACTIVE)
    assert MeasureTransition.objects.count() == 1


def test_developers_move_only_their_own_measures(quartier, developer, viewer) -> None:
    own = make_measure(quartier, "Eigene", responsible=developer)
    other = make_measure(quartier, "Fremde")

    workflow.measure_set_status(measure_id=own.pk, user=developer, to_status=MeasureStatus.ACTIVE)
    with pytest.raises(PermissionDenied):
        workflow.measure_set_status(measure_id=other.pk, user=developer, to_status=MeasureStatus.ACTIVE)
    with pytest.raises(PermissionDenied):
        workflow.measure_set_status(measure_id=own.pk, user=viewer, to_status=MeasureStatus.DONE)
    other.refresh_from_db()
    assert other.status == MeasureStatus.PLANNED
