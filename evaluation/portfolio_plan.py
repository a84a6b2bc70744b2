"""The portfolio's columns on measures and funding: counted and sorted in the database.

Measures on track and overdue are counted by subqueries per quartier row; the runway shown is
worked out in Python from the granted and applied-for periods of the page's quartiers (one
query) by the same rule as the funding page (`planning.funding.models.secured_until`). Sorting
by it needs the same date in SQL: `funding_secured_until` below.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import (
    Case,
    Count,
    DateField,
    Exists,
    Func,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from planning.funding.models import FundingSource, FundingStatus, secured_until
from planning.funding.selectors import Runway
from planning.measures.models import Measure
from quartier.models import Quartier


class NextDay(Func):
    """The day after a date: `date(x, '+1 day')` in SQLite, `x + 1` in PostgreSQL."""

    output_field = DateField()
    template = "(%(expressions)s + 1)"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, template="date(%(expressions)s, '+1 day')", **extra)


def _count(queryset: QuerySet[Measure]) -> Coalesce:
    counted = queryset.filter(quartier=OuterRef("pk")).order_by().values("quartier").annotate(n=Count("pk"))
    return Coalesce(Subquery(counted.values("n"), output_field=IntegerField()), Value(0))


def funding_secured_until(today: datetime.date) -> Case:
    """The runway's last day as an expression on Quartier rows (None: nothing granted covers today).

    The covered days are a union of granted periods; the runway ends at the first period end,
    from today on, whose next day no granted period covers.
    """
    granted = FundingSource.objects.filter(status=FundingStatus.GRANTED)
    covers_today = granted.filter(quartier=OuterRef("pk"), start__lte=today, end__gte=today)
    covers_next_day = granted.filter(
        quartier=OuterRef("quartier"), start__lte=OuterRef("next_day"), end__gt=OuterRef("end")
    )
    ends = (
        granted.filter(quartier=OuterRef("pk"), end__gte=today)
        .annotate(next_day=NextDay("end"))
        .filter(~Exists(covers_next_day))
        .order_by("end")
        .values("end")[:1]
    )
    return Case(When(Exists(covers_today), then=Subquery(ends, output_field=DateField())), default=None)


def with_plan_columns(queryset: QuerySet[Quartier], *, today: datetime.date) -> QuerySet[Quartier]:
    """Quartiers annotated with `measures_on_track`, `measures_overdue` and `funding_until` (for sorting)."""
    return queryset.annotate(
        measures_on_track=_count(Measure.objects.on_track(today)),
        measures_overdue=_count(Measure.objects.overdue(today)),
        funding_until=funding_secured_until(today),
    )


def runways(*, quartier_ids: list[int], today: datetime.date) -> dict[int, Runway]:
    """The funding runway of each quartier, from one query over all of them (as `funding_runway`)."""
    periods: dict[int, list[tuple[str, datetime.date, datetime.date]]] = {pk: [] for pk in quartier_ids}
    rows = FundingSource.objects.filter(
        quartier_id__in=quartier_ids, status__in=[FundingStatus.GRANTED, FundingStatus.APPLIED], end__gte=today
    ).values_list("quartier_id", "status", "start", "end")
    for quartier_id, status, start, end in rows:
        periods[quartier_id].append((status, start, end))
    result = {}
    for pk, rows_of_quartier in periods.items():
        until = secured_until([(s, e) for status, s, e in rows_of_quartier if status == FundingStatus.GRANTED], today)
        reach = until or today
        follow_up = any(status == FundingStatus.APPLIED and end > reach for status, _s, end in rows_of_quartier)
        result[pk] = Runway(today=today, secured_until=until, follow_up_applied=follow_up)
    return result
