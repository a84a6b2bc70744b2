"""Reads of the hours per task field: sums of a quartier per month and year, per person for those
who see the team's hours, one person's own months, and what the Fortschrittsbericht shows.

Every read takes a fixed number of queries, however many months and people there are. The
sums per month and field of a quartier are read once and cut into months and years in Python:
a quartier has at most a few hundred such sums (years × 12 months × 4 fields).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils.formats import date_format

from organisation.figures import time_window
from organisation.models import StaffMember, TaskField, TimeEntry
from organisation.selectors import member_of, quartier_staff
from planning.measures.timeline import add_months
from quartier.access import Action, can
from quartier.models import Quartier, User

ZERO = Decimal(0)

# Years before this are typing mistakes, not records (the same bound as other dates people type).
EARLIEST_YEAR = 1990


@dataclass(frozen=True)
class Field:
    key: str
    title: str


def task_fields() -> list[Field]:
    """The task fields in catalogue order. One query."""
    return [Field(key, title) for key, title in TaskField.objects.values_list("key", "title")]


@dataclass
class HoursRow:
    """One row of an hours table: a month, a year or a person, with hours per task field."""

    key: object  # a month (first day), a year, or a staff member's id
    label: str
    hours: dict[str, Decimal]
    fields: list[Field]
    member_id: int | None = None

    @property
    def cells(self) -> list[Decimal]:
        return [self.hours.get(f.key, ZERO) for f in self.fields]

    @property
    def total(self) -> Decimal:
        return sum(self.hours.values(), ZERO)


@dataclass
class HoursTable:
    """Rows × task fields with totals per row and per field and each field's share of the total."""

    fields: list[Field]
    rows: list[HoursRow] = field(default_factory=list)

    @property
    def totals(self) -> list[Decimal]:
        return [sum((row.hours.get(f.key, ZERO) for row in self.rows), ZERO) for f in self.fields]

    @property
    def total(self) -> Decimal:
        return sum(self.totals, ZERO)

    @property
    def shares(self) -> list[float | None]:
        """Each field's share of all hours in percent (None while nothing is recorded)."""
        total = self.total
        return [None if not total else float(value * 100 / total) for value in self.totals]

    @property
    def has_hours(self) -> bool:
        return self.total > 0

    def field_summary(self) -> list[tuple[Field, Decimal, float | None]]:
        return list(zip(self.fields, self.totals, self.shares, strict=True))


def months_of_year(year: int) -> list[datetime.date]:
    return [datetime.date(year, month, 1) for month in range(1, 13)]


def months_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    """First days of the months from `first` to `last`, both included."""
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def month_sums(
    *,
    quartier: Quartier,
    first_month: datetime.date | None = None,
    last_month: datetime.date | None = None,
    member: StaffMember | None = None,
) -> dict[datetime.date, dict[str, Decimal]]:
    """The quartier's hours per month and task field key (of one person, if given). One query."""
    entries = TimeEntry.objects.filter(quartier=quartier)
    if first_month is not None:
        entries = entries.filter(month__gte=first_month)
    if last_month is not None:
        entries = entries.filter(month__lte=last_month)
    if member is not None:
        entries = entries.filter(member=member)
    sums: dict[datetime.date, dict[str, Decimal]] = defaultdict(dict)
    for month, key, total in entries.values_list("month", "task_field__key").annotate(total=Sum("hours")).order_by():
        sums[month][key] = total or ZERO
    return sums


def month_label(month: datetime.date) -> str:
    return date_format(month, "YEAR_MONTH_FORMAT")


def month_table(
    sums: dict[datetime.date, dict[str, Decimal]], months: Iterable[datetime.date], fields: list[Field]
) -> HoursTable:
    return HoursTable(
        fields=fields,
        rows=[HoursRow(key=m, label=month_label(m), hours=dict(sums.get(m, {})), fields=fields) for m in months],
    )


def year_table(sums: dict[datetime.date, dict[str, Decimal]], fields: list[Field]) -> HoursTable:
    """One row per year with records, oldest first."""
    by_year: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for month, hours in sums.items():
        for key, value in hours.items():
            by_year[month.year][key] += value
    return HoursTable(
        fields=fields,
        rows=[
            HoursRow(key=year, label=str(year), hours=dict(by_year[year]), fields=fields)
            for year in sorted(by_year)
            if any(by_year[year].values())
        ],
    )


def people_table(*, quartier: Quartier, year: int, fields: list[Field]) -> HoursTable:
    """Each person's hours of the year per task field, by name. One query."""
    rows: dict[int, HoursRow] = {}
    entries = (
        TimeEntry.objects.filter(quartier=quartier, month__year=year)
        .values_list("member_id", "member__name", "task_field__key")
        .annotate(total=Sum("hours"))
        .order_by("member__name", "member_id")
    )
    for member_id, name, key, total in entries:
        row = rows.setdefault(member_id, HoursRow(key=member_id, label=name, hours={}, fields=fields))
        row.member_id = member_id
        row.hours[key] = total or ZERO
    return HoursTable(fields=fields, rows=list(rows.values()))


def parse_year(value: object, *, today: datetime.date) -> int:
    """The year asked for in `?jahr=`, or the current year for anything else (no error page)."""
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return today.year
    return year if EARLIEST_YEAR <= year <= today.year else today.year


@dataclass
class TimeOverview:
    """What the page „Zeit nach Aufgabenfeldern“ shows to one person."""

    year: int
    years: list[int]  # the years one can switch to: those with records and the current one
    fields: list[Field]
    months: HoursTable  # the year's months, January to December
    per_year: HoursTable  # every year with records
    people: HoursTable | None  # each person's hours of the year (those who see the team's hours)
    own: HoursTable | None  # the person's own months of the year (those who only record their own)
    own_member: StaffMember | None
    can_record: bool

    @property
    def has_entries(self) -> bool:
        return bool(self.per_year.rows)


def time_overview(*, quartier: Quartier, user: User, year: int, today: datetime.date) -> TimeOverview:
    """The quartier's hours of the year per month and field and of every year; per person for
    managers; one's own months for developers. Coordinators get totals only. At most five queries."""
    fields = task_fields()
    sums = month_sums(quartier=quartier)
    per_year = year_table(sums, fields)
    sees_team = can(user, Action.SEE_TEAM_TIME, quartier)
    can_record = can(user, Action.RECORD_TIME, quartier)
    own_member = None
    own = None
    if not sees_team and can_record:
        own_member = member_of(user=user, organisation=quartier.organisation_id)
        if own_member is not None:
            own_sums = month_sums(
                quartier=quartier,
                first_month=datetime.date(year, 1, 1),
                last_month=datetime.date(year, 12, 1),
                member=own_member,
            )
            own = month_table(own_sums, sorted(own_sums), fields)
    return TimeOverview(
        year=year,
        years=sorted({row.key for row in per_year.rows} | {today.year}),
        fields=fields,
        months=month_table(sums, months_of_year(year), fields),
        per_year=per_year,
        people=people_table(quartier=quartier, year=year, fields=fields) if sees_team else None,
        own=own,
        own_member=own_member,
        can_record=can_record,
    )


# --- the record form --------------------------------------------------------------------------


def recordable_people(*, quartier: Quartier) -> list[StaffMember]:
    """Everyone who has or had a post in the quartier, by name. One query."""
    return list(quartier_staff(quartier=quartier))


def stored_hours(*, quartier: Quartier, member: StaffMember, month: datetime.date) -> dict[str, Decimal]:
    """The person's hours of the month in the quartier per task field key. One query."""
    return dict(
        TimeEntry.objects.filter(quartier=quartier, member=member, month=month).values_list("task_field__key", "hours")
    )


@dataclass(frozen=True)
class RecordedMonth:
    member_id: int
    name: str
    month: datetime.date
    hours: Decimal


def recorded_months(
    *, quartier: Quartier, today: datetime.date, member: StaffMember | None = None
) -> list[RecordedMonth]:
    """The months recorded in the last twelve months with each person's total, newest first
    (only one person's, if given). One query."""
    first, last = time_window(today)
    entries = TimeEntry.objects.filter(quartier=quartier, month__gte=first, month__lte=last)
    if member is not None:
        entries = entries.filter(member=member)
    return [
        RecordedMonth(member_id, name, month, total)
        for month, member_id, name, total in entries.values_list("month", "member_id", "member__name")
        .annotate(total=Sum("hours"))
        .order_by("-month", "member__name", "member_id")
    ]


# --- the Fortschrittsbericht ------------------------------------------------------------------


@dataclass(frozen=True)
class TimeReport:
    """The report's section „Zeitaufwand nach Aufgabenfeldern“: totals only, no person."""

    fields: list[Field]
    window: HoursTable  # the last twelve months, oldest first
    year: int
    this_year: HoursTable  # January to the current month, one row

    @property
    def has_hours(self) -> bool:
        return self.window.has_hours or self.this_year.has_hours

    @property
    def first_label(self) -> str:
        return self.window.rows[0].label

    @property
    def last_label(self) -> str:
        return self.window.rows[-1].label


def time_report(*, quartier: Quartier, today: datetime.date) -> TimeReport:
    """The last twelve months per task field and the current year's totals. Two queries."""
    fields = task_fields()
    first, last = time_window(today)
    year_start = datetime.date(today.year, 1, 1)
    sums = month_sums(quartier=quartier, first_month=min(first, year_start), last_month=last)
    this_year: dict[str, Decimal] = defaultdict(Decimal)
    for month, hours in sums.items():
        if month >= year_start:
            for key, value in hours.items():
                this_year[key] += value
    return TimeReport(
        fields=fields,
        window=month_table(sums, months_between(first, last), fields),
        year=today.year,
        this_year=HoursTable(
            fields=fields, rows=[HoursRow(key=today.year, label=str(today.year), hours=dict(this_year), fields=fields)]
        ),
    )
