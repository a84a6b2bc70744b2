"""Reads of goals: each with the latest value of its indicator and its attainment."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Prefetch, Q, Subquery

from planning.analysis.models import Indicator, IndicatorValue
from planning.domains import Domain
from planning.goals.models import Goal, attainment
from quartier.models import Quartier


@dataclass(frozen=True)
class GoalRow:
    goal: Goal
    current: Decimal | None  # the latest value of the goal's indicator in the quartier
    current_date: datetime.date | None  # its reference date
    attainment: float | None  # 0.0–1.0, None when it cannot be measured

    @property
    def percent(self) -> int | None:
        return None if self.attainment is None else round(self.attainment * 100)

    @property
    def reached(self) -> bool:
        return self.attainment is not None and self.attainment >= 1.0

    @property
    def measures(self) -> list:
        """The measures serving the goal, by title (prefetched by `goal_rows`)."""
        return list(self.goal.measures.all())

    @property
    def unmeasurable_reason(self) -> str:
        """Why there is no attainment: a key the page turns into a sentence ("" when measured)."""
        if self.attainment is not None:
            return ""
        goal = self.goal
        if goal.indicator_id is None:
            return "no_indicator"
        if goal.target is None:
            return "no_target"
        if self.current is None:
            return "no_value"
        if goal.baseline is None:
            return "no_baseline"
        return "no_direction"


def goal_rows(*, quartier: Quartier) -> list[GoalRow]:
    """The quartier's goals by domain, each with its attainment and its measures. Two queries,
    whatever the count."""
    from planning.measures.models import Measure  # measures name goals: import here, not at the top

    latest = IndicatorValue.objects.filter(quartier=quartier, indicator=OuterRef("indicator")).order_by(
        "-reference_date", "-pk"
    )
    goals = (
        Goal.objects.filter(quartier=quartier)
        .select_related("indicator")
        .annotate(
            current_value=Subquery(latest.values("value")[:1]),
            current_date=Subquery(latest.values("reference_date")[:1]),
        )
        .prefetch_related(Prefetch("measures", queryset=Measure.objects.only("pk", "title").order_by("title", "pk")))
        .order_by("domain", "title", "pk")
    )
    return [
        GoalRow(
            goal=goal,
            current=goal.current_value,
            current_date=goal.current_date,
            attainment=attainment(
                baseline=goal.baseline,
                target=goal.target,
                current=goal.current_value,
                direction=goal.indicator.direction,
            )
            if goal.indicator_id
            else None,
        )
        for goal in goals
    ]


def goals_by_domain(rows: list[GoalRow]) -> list[tuple[str, str, list[GoalRow]]]:
    """(domain key, label, rows) for each of the three domains, in their order, empty ones too."""
    return [(value, label, [r for r in rows if r.goal.domain == value]) for value, label in Domain.choices]


@dataclass(frozen=True)
class IndicatorChoice:
    indicator: Indicator
    latest: Decimal | None
    latest_date: datetime.date | None


def indicator_choices(*, quartier: Quartier, keep: int | None = None) -> list[IndicatorChoice]:
    """The active indicators (and `keep`, the one a goal already uses) with their latest value in
    the quartier, in the catalogue's order. One query."""
    latest = IndicatorValue.objects.filter(quartier=quartier, indicator=OuterRef("pk")).order_by(
        "-reference_date", "-pk"
    )
    indicators = (
        Indicator.objects.filter(Q(active=True) | Q(pk=keep))
        .annotate(
            latest_value=Subquery(latest.values("value")[:1]),
            latest_date=Subquery(latest.values("reference_date")[:1]),
        )
        .order_by("position", "code")
    )
    return [IndicatorChoice(i, i.latest_value, i.latest_date) for i in indicators]
