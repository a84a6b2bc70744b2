"""The quartier's progress columns: every service keeps them right, the refresh rebuilds them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from planning import services
from planning.models import EvidenceKind, StepProgress, StepStatus, StepTransition
from planning.progress import StepState, current_step
from quartier.models import Quartier
from tests.factories import QuartierFactory

from .helpers import give_evidence, optional_items, required_items

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - timedelta(days=200)


def _columns(quartier: Quartier) -> tuple:
    q = Quartier.objects.get(pk=quartier.pk)
    return q.current_step, q.current_step_status, q.steps_done


def _last_activity(quartier: Quartier):
    return Quartier.objects.values_list("last_activity_at", flat=True).get(pk=quartier.pk)


def _age(quartier: Quartier) -> None:
    """Pretend the last activity was long ago, so that a service's fresh stamp shows."""
    Quartier.objects.filter(pk=quartier.pk).update(last_activity_at=LONG_AGO)


def _assert_fresh(quartier: Quartier, before) -> None:
    at = _last_activity(quartier)
    assert at is not None and before <= at <= timezone.now()


def test_a_new_quartier_stands_at_step_1_with_no_activity(organisation):
    quartier = services.quartier_create(organisation=organisation, name="Neu", slug="neu", municipality="Ort")

    quartier.refresh_from_db()
    assert _columns(quartier) == (1, StepStatus.OPEN, 0)
    assert quartier.current_step_since == quartier.created_at
    assert quartier.last_activity_at is None


def test_ticking_an_item_starts_the_step_and_counts_as_activity(quartier, manager, step):
    _age(quartier)
    before = timezone.now()

    services.item_set_done(item_id=required_items(step)[0].pk, user=manager, done=True)

    assert _columns(quartier) == (1, StepStatus.IN_PROGRESS, 0)
    _assert_fresh(quartier, before)
    started = StepTransition.objects.get(step=step).at
    assert Quartier.objects.get(pk=quartier.pk).current_step_since == started


def test_ticking_the_first_item_writes_the_quartier_row_once(quartier, manager, step):
    """Starting the step and ticking the item are one change: the columns are worked out once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        services.item_set_done(item_id=required_items(step)[0].pk, user=manager, done=True)

    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "quartier_quartier"')]
    assert len(updates) == 1, updates


def test_unticking_an_item_counts_as_activity(quartier, manager, step):
    item = required_items(step)[0]
    services.item_set_done(item_id=item.pk, user=manager, done=True)
    _age(quartier)
    before = timezone.now()

    services.item_set_done(item_id=item.pk, user=manager, done=False)

    _assert_fresh(quartier, before)
    assert _columns(quartier) == (1, StepStatus.IN_PROGRESS, 0)  # a started step stays started


def test_evidence_add_and_remove_count_as_activity(quartier, manager, step):
    _age(quartier)
    before = timezone.now()
    evidence = services.evidence_add(
        item_id=optional_items(step)[0].pk, user=manager, kind=EvidenceKind.LINK, url="https://example.org"
    )
    _assert_fresh(quartier, before)
    assert _columns(quartier) == (1, StepStatus.IN_PROGRESS, 0)

    _age(quartier)
    before = timezone.now()
    services.evidence_remove(evidence_id=evidence.pk, user=manager)
    _assert_fresh(quartier, before)


def test_completing_moves_the_current_step_on_and_reopening_back(quartier, manager, ready_step):
    services.step_complete(step_id=ready_step.pk, user=manager)

    # Step 1 done, nothing in progress: the lowest open step, open since step 1 was completed.
    assert _columns(quartier) == (2, StepStatus.OPEN, 1)
    completed = StepTransition.objects.filter(step=ready_step, to_status=StepStatus.DONE).get().at
    assert Quartier.objects.get(pk=quartier.pk).current_step_since == completed

    services.step_reopen(step_id=ready_step.pk, user=manager, reason="Leitbild wird überarbeitet")

    assert _columns(quartier) == (1, StepStatus.IN_PROGRESS, 0)
    reopened = StepTransition.objects.filter(step=ready_step).order_by("-at", "-pk").first().at
    assert Quartier.objects.get(pk=quartier.pk).current_step_since == reopened


def test_a_step_in_progress_is_current_before_a_lower_open_step(quartier, manager):
    step_5 = quartier.steps.get(template__number=5)

    services.step_transition(step_id=step_5.pk, user=manager, to_status=StepStatus.IN_PROGRESS)

    assert _columns(quartier) == (5, StepStatus.IN_PROGRESS, 0)


def test_the_highest_step_in_progress_is_current_with_its_own_start(quartier, manager):
    """A team working on steps 3 to 7 stands at step 7, since step 7 was started (not since step 3)."""
    steps = {s.template.number: s for s in quartier.steps.select_related("template")}
    for number in (1, 2):
        StepProgress.objects.filter(pk=steps[number].pk).update(status=StepStatus.DONE)
    starts = {}
    for number in (3, 4, 5, 6, 7):
        services.step_transition(step_id=steps[number].pk, user=manager, to_status=StepStatus.IN_PROGRESS)
        starts[number] = timezone.now() - timedelta(days=100 - 10 * number)
        StepTransition.objects.filter(step=steps[number]).update(at=starts[number])

    services.quartier_progress_refresh(quartier=quartier)

    q = Quartier.objects.get(pk=quartier.pk)
    assert (q.current_step, q.current_step_status, q.steps_done) == (7, StepStatus.IN_PROGRESS, 2)
    assert q.current_step_since == starts[7]


def test_starting_a_higher_step_moves_the_current_step_up_and_finishing_it_back(quartier, manager):
    step_2 = quartier.steps.get(template__number=2)
    step_4 = quartier.steps.get(template__number=4)
    services.step_transition(step_id=step_2.pk, user=manager, to_status=StepStatus.IN_PROGRESS)
    assert _columns(quartier) == (2, StepStatus.IN_PROGRESS, 0)

    services.step_transition(step_id=step_4.pk, user=manager, to_status=StepStatus.IN_PROGRESS)
    assert _columns(quartier) == (4, StepStatus.IN_PROGRESS, 0)
    started_2 = StepTransition.objects.get(step=step_2).at

    StepProgress.objects.filter(pk=step_4.pk).update(status=StepStatus.DONE)
    services.quartier_progress_refresh(quartier=quartier)

    assert _columns(quartier) == (2, StepStatus.IN_PROGRESS, 1)
    assert Quartier.objects.get(pk=quartier.pk).current_step_since == started_2


def test_highest_in_progress_wins_over_lower_steps_in_progress():
    day = timezone.now()
    states = [
        StepState(1, StepStatus.DONE, day - timedelta(days=90)),
        StepState(2, StepStatus.IN_PROGRESS, day - timedelta(days=80)),
        StepState(3, StepStatus.OPEN, None),
        StepState(5, StepStatus.IN_PROGRESS, day - timedelta(days=3)),
    ]

    state = current_step(states, created_at=day - timedelta(days=100))

    assert (state.number, state.status, state.since, state.steps_done) == (
        5,
        StepStatus.IN_PROGRESS,
        day - timedelta(days=3),
        1,
    )


def test_notes_and_own_items_count_as_activity(quartier, manager, step):
    _age(quartier)
    before = timezone.now()
    services.step_notes_update(step_id=step.pk, user=manager, notes="Termin mit dem Seniorenbeirat")
    _assert_fresh(quartier, before)

    _age(quartier)
    before = timezone.now()
    services.item_add(step_id=step.pk, user=manager, title="Presse informiert", required=False, evidence_kind="text")
    _assert_fresh(quartier, before)
    assert _columns(quartier) == (1, StepStatus.OPEN, 0)  # neither starts the step


def test_refused_work_changes_nothing(quartier, manager, step):
    _age(quartier)

    with pytest.raises(services.StepBlocked):
        services.step_complete(step_id=step.pk, user=manager)

    assert _last_activity(quartier) == LONG_AGO
    assert _columns(quartier) == (1, StepStatus.OPEN, 0)


def test_refresh_rebuilds_the_columns_from_backdated_records(quartier, manager):
    """As the demo data is written: statuses and dates set directly, then the refresh."""
    steps = {s.template.number: s for s in quartier.steps.select_related("template")}
    for number in (1, 2, 3):
        step = steps[number]
        StepProgress.objects.filter(pk=step.pk).update(status=StepStatus.DONE)
        t = StepTransition.objects.create(step=step, from_status=StepStatus.OPEN, to_status=StepStatus.DONE)
        StepTransition.objects.filter(pk=t.pk).update(at=timezone.now() - timedelta(days=100 - number))
    StepProgress.objects.filter(pk=steps[4].pk).update(status=StepStatus.IN_PROGRESS)
    t = StepTransition.objects.create(step=steps[4], from_status=StepStatus.OPEN, to_status=StepStatus.IN_PROGRESS)
    started = timezone.now() - timedelta(days=40)
    StepTransition.objects.filter(pk=t.pk).update(at=started)
    Quartier.objects.filter(pk=quartier.pk).update(current_step=1, current_step_status="open", steps_done=0)

    services.quartier_progress_refresh(quartier=quartier)

    q = Quartier.objects.get(pk=quartier.pk)
    assert (q.current_step, q.current_step_status, q.steps_done) == (4, StepStatus.IN_PROGRESS, 3)
    assert q.current_step_since == started
    assert q.last_activity_at == started


def test_refresh_counts_evidence_after_the_last_transition(quartier, manager, step):
    give_evidence(required_items(step)[0], manager)
    StepTransition.objects.filter(step__quartier=quartier).update(at=LONG_AGO)
    step.items.update(done_at=LONG_AGO)
    evidence_at = step.items.get(evidence__isnull=False).evidence.get().created_at

    services.quartier_progress_refresh(quartier=quartier)

    q = Quartier.objects.get(pk=quartier.pk)
    assert q.last_activity_at >= evidence_at
    assert q.current_step_since == LONG_AGO


def test_refresh_of_an_untouched_quartier_has_no_activity(organisation):
    quartier = QuartierFactory(organisation=organisation)

    services.quartier_progress_refresh(quartier=quartier)

    assert _last_activity(quartier) is None
    assert _columns(quartier) == (1, StepStatus.OPEN, 0)


def test_all_steps_done_is_step_10_done_since_the_last_completion():
    days = [timezone.now() - timedelta(days=n) for n in range(10, 0, -1)]
    states = [StepState(n, StepStatus.DONE, days[n - 1]) for n in range(1, 11)]

    state = current_step(states, created_at=None)

    assert (state.number, state.status, state.since, state.steps_done) == (10, StepStatus.DONE, days[-1], 10)


def test_open_step_after_a_gap_is_the_lowest_open_step():
    day = timezone.now()
    states = [
        StepState(1, StepStatus.DONE, day),
        StepState(2, StepStatus.OPEN, None),
        StepState(3, StepStatus.DONE, day),
    ]

    state = current_step(states, created_at=day - timedelta(days=5))

    assert (state.number, state.status, state.since, state.steps_done) == (2, StepStatus.OPEN, day, 2)
