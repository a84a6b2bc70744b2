"""What the tests of the hours per task field share: posts, entries and reading the numbers back."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django.utils import timezone

from organisation.catalogues import ensure_catalogues
from organisation.models import Staffing, StaffMember, TaskField, TimeEntry
from planning.measures.timeline import add_months
from quartier.models import Quartier, User
from tests.factories import StaffingFactory, StaffMemberFactory

FIELDS = ("transparenz", "vernetzung", "beteiligung", "steuerung")


def this_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


def months_ago(n: int) -> datetime.date:
    return add_months(this_month(), -n)


def staffed(
    quartier: Quartier, name: str, *, user: User | None = None, start: datetime.date | None = None
) -> StaffMember:
    """A person with an open-ended post in the quartier (since 2020 unless `start` is given)."""
    ensure_catalogues()
    member = StaffMember.objects.filter(organisation=quartier.organisation, name=name).first()
    if member is None:
        member = StaffMemberFactory(organisation=quartier.organisation, user=user, name=name)
    StaffingFactory(quartier=quartier, member=member, start=start or datetime.date(2020, 1, 1))
    return member


def hours(quartier: Quartier, member: StaffMember, month: datetime.date, **by_field: str | int) -> None:
    """Entries of one person and month, e.g. `hours(q, m, month, transparenz="7.5", beteiligung=10)`."""
    fields = {f.key: f for f in TaskField.objects.all()}
    for key, value in by_field.items():
        TimeEntry.objects.create(
            quartier=quartier, member=member, month=month, task_field=fields[key], hours=Decimal(str(value))
        )


def stored(quartier: Quartier, member: StaffMember, month: datetime.date) -> dict[str, Decimal]:
    return dict(
        TimeEntry.objects.filter(quartier=quartier, member=member, month=month).values_list("task_field__key", "hours")
    )


def german_number(text: str) -> Decimal:
    """ "1.234,5" → Decimal("1234.5")."""
    return Decimal(text.strip().replace(".", "").replace(",", "."))


def svg_totals(html: str) -> dict[str, Decimal]:
    """The totals written above the chart's bars, by month ("2026-03")."""
    return {
        month: german_number(value)
        for month, value in re.findall(r'class="bar-total" data-month="(\d{4}-\d{2})"[^>]*>([^<]+)</text>', html)
    }


def post_ended(member: StaffMember, quartier: Quartier, end: datetime.date) -> None:
    Staffing.objects.filter(member=member, quartier=quartier).update(end=end)
