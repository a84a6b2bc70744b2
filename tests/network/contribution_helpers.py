"""Contributions, measure links and meetings for the network tests, written directly."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from network.models import (
    ActionItem,
    Contribution,
    ContributionKind,
    ContributionStatus,
    MeasurePartner,
    Meeting,
    Partner,
)
from planning.measures.models import Measure
from quartier.models import Quartier

TODAY = timezone.localdate()


def kind(key: str) -> ContributionKind:
    return ContributionKind.objects.get(key=key)


def contribution(
    quartier: Quartier,
    partner: Partner,
    key: str = "zeit",
    amount: str | None = "2",
    *,
    status: str = ContributionStatus.SUBMITTED,
    date: datetime.date | None = None,
    measure: Measure | None = None,
    description: str = "",
    **fields: object,
) -> Contribution:
    return Contribution.objects.create(
        quartier=quartier,
        partner=partner,
        kind=kind(key),
        amount=Decimal(amount) if amount is not None else None,
        date=date or TODAY,
        measure=measure,
        description=description,
        status=status,
        **fields,
    )


def measure_with(quartier: Quartier, partner: Partner, title: str, role: str = "support", **fields: object) -> Measure:
    measure = Measure.objects.create(quartier=quartier, title=title, domain="soziales", **fields)
    MeasurePartner.objects.create(measure=measure, partner=partner, role=role)
    return measure


def meeting(quartier: Quartier, title: str, *, invited=(), present=(), days: int = 7, place: str = "") -> Meeting:
    m = Meeting.objects.create(
        quartier=quartier, title=title, starts_at=timezone.now() + datetime.timedelta(days=days), place=place
    )
    m.invited.set(invited)
    m.present.set(present)
    return m


def action_item(
    m: Meeting, task: str, *, partner: Partner | None = None, due: datetime.date | None = None
) -> ActionItem:
    return ActionItem.objects.create(meeting=m, task=task, responsible_partner=partner, due_date=due)


def count_queries(client, url: str) -> int:
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(queries)
