"""Goal attainment: the pure arithmetic and the selector that feeds it the latest indicator value."""

from __future__ import annotations

import datetime
from decimal import Decimal as D

import pytest

from planning.analysis.models import Indicator, IndicatorValue
from planning.goals.models import Goal, attainment
from planning.goals.selectors import goal_rows
from planning.measures.models import Measure


def att(baseline, target, current, direction):
    to_d = lambda v: None if v is None else D(str(v))  # noqa: E731
    return attainment(baseline=to_d(baseline), target=to_d(target), current=to_d(current), direction=direction)


@pytest.mark.parametrize(
    ("baseline", "target", "current", "direction", "expected"),
    [
        # Higher is better: from 10 towards 20.
        (10, 20, 15, "up", 0.5),
        (10, 20, 10, "up", 0.0),
        (10, 20, 12.5, "up", 0.25),
        (10, 20, 20, "up", 1.0),
        (10, 20, 25, "up", 1.0),  # beyond the target: reached, not 150 %
        (10, 20, 5, "up", 0.0),  # worse than the baseline: clamped to 0
        # Lower is better („down“): from 40 % loneliness towards 30 %.
        (40, 30, 35, "down", 0.5),
        (40, 30, 38, "down", 0.2),
        (40, 30, 30, "down", 1.0),
        (40, 30, 20, "down", 1.0),
        (40, 30, 45, "down", 0.0),  # worse than the baseline
        # Direction „none“: the goal says which way, from the baseline towards the target.
        (10, 20, 15, "none", 0.5),
        (20, 10, 15, "none", 0.5),
        (20, 10, 8, "none", 1.0),
        (20, 10, 25, "none", 0.0),
        # Target already reached when the goal was agreed.
        (20, 20, 20, "up", 1.0),
        (25, 20, 22, "up", 1.0),
    ],
)
def test_attainment(baseline, target, current, direction, expected) -> None:
    assert att(baseline, target, current, direction) == pytest.approx(expected)


def test_missing_baseline_is_not_measurable_unless_the_target_is_met() -> None:
    assert att(None, 20, 15, "up") is None
    assert att(None, 20, 20, "up") == 1.0
    assert att(None, 30, 35, "down") is None
    assert att(None, 30, 25, "down") == 1.0
    # Without a baseline „none“ cannot tell the way: only hitting the target counts.
    assert att(None, 20, 20, "none") == 1.0
    assert att(None, 20, 19, "none") is None


def test_baseline_past_the_target_that_fell_back_is_zero() -> None:
    # Benches: 25 per km when agreed, target 20, now 18: the level was lost, 0 %, not negative or > 100 %.
    assert att(25, 20, 18, "up") == 0.0
    assert att(10, 20, 25, "down") == 0.0


def test_nothing_to_measure_without_target_or_current_value() -> None:
    assert att(10, None, 15, "up") is None
    assert att(10, 20, None, "up") is None
    # Direction „none“ with baseline = target: no way to go, only „met“ or not measurable.
    assert att(20, 20, 20, "none") == 1.0
    assert att(20, 20, 21, "none") is None


def test_attainment_is_a_float_between_0_and_1() -> None:
    share = att(0, 3, 1, "up")
    assert isinstance(share, float)
    assert share == pytest.approx(1 / 3)


@pytest.fixture
def benches() -> Indicator:
    return Indicator.objects.get(code="BENCHES")  # „Sitzgelegenheiten je km Hauptweg“, higher is better


@pytest.fixture
def loneliness() -> Indicator:
    return Indicator.objects.get(code="LONELINESS")  # lower is better


def value(quartier, indicator, amount, day) -> IndicatorValue:
    return IndicatorValue.objects.create(quartier=quartier, indicator=indicator, value=D(amount), reference_date=day)


def test_goal_rows_use_the_latest_value_of_this_quartier(quartier, other_quartier, benches, loneliness) -> None:
    goal = Goal.objects.create(
        quartier=quartier, domain="wohnen", title="Mehr Bänke", indicator=benches, baseline=D(2), target=D(6)
    )
    value(quartier, benches, "3", datetime.date(2025, 1, 1))
    value(quartier, benches, "5", datetime.date(2026, 1, 1))  # the latest
    value(quartier, benches, "4", datetime.date(2025, 6, 1))
    value(other_quartier, benches, "9", datetime.date(2026, 6, 1))  # another quartier's: ignored
    down = Goal.objects.create(
        quartier=quartier, domain="soziales", title="Weniger Einsamkeit", indicator=loneliness, baseline=40, target=30
    )
    value(quartier, loneliness, "32.5", datetime.date(2026, 2, 1))

    rows = {row.goal.pk: row for row in goal_rows(quartier=quartier)}

    assert rows[goal.pk].current == D("5")
    assert isinstance(rows[goal.pk].current, D)
    assert rows[goal.pk].current_date == datetime.date(2026, 1, 1)
    assert rows[goal.pk].percent == 75
    assert not rows[goal.pk].reached
    assert rows[down.pk].percent == 75
    assert rows[down.pk].attainment == pytest.approx(0.75)


def test_goal_rows_reached_and_unmeasurable(quartier, benches) -> None:
    reached = Goal.objects.create(quartier=quartier, domain="wohnen", title="A", indicator=benches, target=D(4))
    no_indicator = Goal.objects.create(quartier=quartier, domain="pflege", title="B")
    value(quartier, benches, "4", datetime.date(2026, 1, 1))

    rows = {row.goal.pk: row for row in goal_rows(quartier=quartier)}

    assert rows[reached.pk].reached and rows[reached.pk].percent == 100
    assert rows[no_indicator.pk].attainment is None and rows[no_indicator.pk].percent is None
    assert rows[no_indicator.pk].unmeasurable_reason == "no_indicator"


def test_goal_rows_query_count_does_not_grow(quartier, benches, django_assert_num_queries) -> None:
    for n in range(12):
        goal = Goal.objects.create(quartier=quartier, domain="wohnen", title=f"Ziel {n}", indicator=benches, target=5)
        measure = Measure.objects.create(quartier=quartier, title=f"Maßnahme {n}", domain="wohnen")
        measure.goals.add(goal)
    value(quartier, benches, "3", datetime.date(2026, 1, 1))

    with django_assert_num_queries(2):
        rows = goal_rows(quartier=quartier)
        assert all(len(row.measures) == 1 for row in rows)
    assert len(rows) == 12
