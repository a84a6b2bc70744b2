"""Reads of goals: each with the latest value of its indicator and its attainment."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Subquery

from planning.analysis.models import IndicatorValue
from planning.goals.models import Goal, attainment
from quartier.models import Quartier


@dataclass(frozen=True)
class GoalRow:
    goal: Goal
    current: Decimal | None  # the latest value of the goal's indicator in the quartier
    current_date: object | None  # its reference date
    attainment: float | None  # 0.0–1.0, None when it cannot be measured

    @property
    def percent(self) -> int | None:
        return None if self.attainment is None else round(self.attainment * 100)

    @property
    def reached(self) -> bool:
        return self.attainment is not None and self.attainment >= 1.0


def goal_rows(*, quartier: Quartier) -> list[GoalRow]:
    """The quartier's goals by domain, each with its attainment. Two queries, whatever the count."""
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
                direction=goal.indicator.direction if goal.indicator_id else "none",
            )
            if goal.indicator_id
            else None,
        )
        for goal in goals
    ]
