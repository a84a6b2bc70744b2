"""Figures of a quartier's network that other screens show: the cockpit, the portfolio and the
Fortschrittsbericht read them here, in a fixed number of queries whatever the data."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from quartier.models import Quartier

from .models import (
    ActionItem,
    Contribution,
    ContributionStatus,
    MembershipStatus,
    NetworkMembership,
    Unit,
)

ZERO = Decimal(0)


@dataclass(frozen=True)
class NetworkTotals:
    """Active partners and confirmed contributions (hours and euros) of one quartier."""

    active_partners: int = 0
    confirmed_hours: Decimal = ZERO
    confirmed_euros: Decimal = ZERO


@dataclass(frozen=True)
class NetworkFigures:
    totals: NetworkTotals
    partners_by_status: dict[str, int] = field(default_factory=dict)
    submitted_contributions: int = 0  # waiting for the manager
    expiring_agreements: list[NetworkMembership] = field(default_factory=list)
    open_action_items: int = 0
    overdue_action_items: int = 0


def network_totals(*, quartier_ids: Iterable[int]) -> dict[int, NetworkTotals]:
    """Per quartier id: active partners and confirmed hours and euros. Two queries for any number."""
    ids = list(quartier_ids)
    partners = dict(
        NetworkMembership.objects.filter(quartier_id__in=ids, status=MembershipStatus.ACTIVE)
        .values("quartier_id")
        .annotate(n=Count("pk"))
        .values_list("quartier_id", "n")
    )
    sums = {
        row["quartier_id"]: row
        for row in Contribution.objects.filter(quartier_id__in=ids, status=ContributionStatus.CONFIRMED)
        .values("quartier_id")
        .annotate(
            hours=Sum("amount", filter=Q(kind__unit=Unit.HOURS)),
            euros=Sum("amount", filter=Q(kind__unit=Unit.EURO)),
        )
    }
    return {
        qid: NetworkTotals(
            active_partners=partners.get(qid, 0),
            confirmed_hours=(sums.get(qid) or {}).get("hours") or ZERO,
            confirmed_euros=(sums.get(qid) or {}).get("euros") or ZERO,
        )
        for qid in ids
    }


def network_figures(*, quartier: Quartier, today: datetime.date) -> NetworkFigures:
    """What the cockpit and the report say about the network, in five queries."""
    by_status = dict(
        NetworkMembership.objects.filter(quartier=quartier)
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    items = ActionItem.objects.filter(meeting__quartier=quartier, done=False).aggregate(
        open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today))
    )
    return NetworkFigures(
        totals=network_totals(quartier_ids=[quartier.pk])[quartier.pk],
        partners_by_status={status: by_status.get(status, 0) for status in MembershipStatus.values},
        submitted_contributions=Contribution.objects.filter(
            quartier=quartier, status=ContributionStatus.SUBMITTED
        ).count(),
        expiring_agreements=list(
            NetworkMembership.objects.filter(quartier=quartier)
            .agreements_expiring(today)
            .select_related("partner")
            .order_by("agreement_until")
        ),
        open_action_items=items["open"],
        overdue_action_items=items["overdue"],
    )


@dataclass(frozen=True)
class KindTotal:
    key: str
    title: str
    unit: str
    amount: Decimal  # in the kind's unit; 0 for kinds that are described only
    entries: int


def confirmed_by_kind(*, quartier: Quartier) -> list[KindTotal]:
    """Confirmed contributions of the quartier per kind, in catalogue order; one query."""
    rows = (
        Contribution.objects.filter(quartier=quartier, status=ContributionStatus.CONFIRMED)
        .values("kind__key", "kind__title", "kind__unit", "kind__position")
        .annotate(total=Sum("amount"), n=Count("pk"))
        .order_by("kind__position", "kind__key")
    )
    return [
        KindTotal(
            key=r["kind__key"], title=r["kind__title"], unit=r["kind__unit"], amount=r["total"] or ZERO, entries=r["n"]
        )
        for r in rows
    ]
