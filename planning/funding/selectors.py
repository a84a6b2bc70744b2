"""Reads of funding: the runway (until when granted funding runs without a gap), the
sources with their shares, the sums by status and kind and the budget per measure."""

from __future__ import annotations

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from planning.funding.models import FundingShare, FundingSource, FundingStatus, secured_until
from planning.measures.models import Measure
from quartier.models import Quartier

WARN_WITHIN_MONTHS = 6
ZERO = Decimal("0.00")


def months_after(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months later (the month's last day where it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Runway:
    today: datetime.date
    secured_until: datetime.date | None  # None: no granted funding covers today
    follow_up_applied: bool  # an application that reaches beyond the secured period is pending

    @property
    def months(self) -> float:
        """Months of secured funding from today (0 when nothing covers today)."""
        if self.secured_until is None:
            return 0.0
        return round(((self.secured_until - self.today).days + 1) / 30.44, 1)

    @property
    def ends_soon(self) -> bool:
        """Secured funding ends within six calendar months from today (or nothing covers today)."""
        return self.secured_until is None or self.secured_until < months_after(self.today, WARN_WITHIN_MONTHS)

    @property
    def warning(self) -> bool:
        """Funding ends within six months (or has ended) and no follow-up has been applied for."""
        return self.ends_soon and not self.follow_up_applied


def funding_runway(*, quartier: Quartier, today: datetime.date) -> Runway:
    """The quartier's runway from its granted and applied-for sources. One query."""
    rows = list(
        FundingSource.objects.filter(
            quartier=quartier, status__in=[FundingStatus.GRANTED, FundingStatus.APPLIED], end__gte=today
        ).values_list("status", "start", "end")
    )
    until = secured_until([(start, end) for status, start, end in rows if status == FundingStatus.GRANTED], today)
    reach = until or today
    follow_up = any(status == FundingStatus.APPLIED and end > reach for status, _start, end in rows)
    return Runway(today=today, secured_until=until, follow_up_applied=follow_up)


def funding_sources(*, quartier: Quartier) -> QuerySet[FundingSource]:
    """The quartier's sources by start, each with its kind and its shares (two queries)."""
    shares = FundingShare.objects.select_related("measure").order_by("measure__title", "pk")
    return (
        FundingSource.objects.filter(quartier=quartier)
        .select_related("kind")
        .prefetch_related(Prefetch("shares", queryset=shares))
        .order_by("start", "title", "pk")
    )


@dataclass(frozen=True)
class Sums:
    by_status: list[tuple[str, Decimal]]  # (status label, sum) in the order of FundingStatus
    by_kind: list[tuple[str, Decimal]]  # (kind title, sum) in the catalogue's order
    total: Decimal


def funding_sums(sources: list[FundingSource]) -> Sums:
    """Sums of the amounts by status and by kind, from sources already read (no query)."""
    by_status: dict[str, Decimal] = defaultdict(Decimal)
    by_kind: dict[tuple[int, str, int], Decimal] = defaultdict(Decimal)
    for source in sources:
        by_status[source.status] += source.amount
        by_kind[(source.kind.position, source.kind.title, source.kind_id)] += source.amount
    return Sums(
        by_status=[(label, by_status[value]) for value, label in FundingStatus.choices if value in by_status],
        by_kind=[(title, amount) for (_pos, title, _pk), amount in sorted(by_kind.items())],
        total=sum((source.amount for source in sources), ZERO),
    )


@dataclass(frozen=True)
class BudgetRow:
    measure: Measure
    planned: Decimal
    spent: Decimal
    funded: Decimal  # the shares of granted sources

    @property
    def gap(self) -> Decimal:
        """What of the planned budget no granted source pays for yet (never negative)."""
        return max(self.planned - self.funded, ZERO)


def budget_rows(*, quartier: Quartier) -> list[BudgetRow]:
    """Every measure of the quartier with planned, spent and funded budget. One query."""
    funded = Coalesce(
        Sum("funding_shares__amount", filter=Q(funding_shares__source__status=FundingStatus.GRANTED)),
        Value(ZERO),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )
    measures = (
        Measure.objects.filter(quartier=quartier)
        .only("pk", "title", "domain", "status", "budget_planned", "budget_spent", "quartier_id")
        .annotate(funded=funded)
        .order_by("title", "pk")
    )
    return [
        BudgetRow(measure=m, planned=m.budget_planned, spent=m.budget_spent, funded=Decimal(m.funded)) for m in measures
    ]


def budget_totals(rows: list[BudgetRow]) -> dict[str, Decimal]:
    """The column sums of the budget table."""
    return {
        "planned": sum((r.planned for r in rows), ZERO),
        "spent": sum((r.spent for r in rows), ZERO),
        "funded": sum((r.funded for r in rows), ZERO),
        "gap": sum((r.gap for r in rows), ZERO),
    }
