"""The portfolio's staff column: staffed hours per week, „kein Kümmerer“, posts ending without a
follow-up, and the share of time per task field over the last twelve months.

The figures of a page of quartiers come from `organisation.figures` in three queries for all
rows (the posts; the task fields and the sums of hours), whatever their number. Filtering and
sorting need the same facts in SQL: the expressions below say them per quartier row with
`Exists` and a subquery, on the indexes Staffing(quartier, end) and TimeEntry(quartier, month).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, Exists, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from organisation.figures import StaffingFigures, TimeShares, staffing_figures, time_shares, time_window
from organisation.models import MANAGER_PROFILE, PARTICIPATION_FIELD, Staffing, TaskField, TimeEntry

# The page and the CSV show the column; the benchmark switches it off to measure the page as it
# was without it (bench/portfolio_staff.py).
STAFF_COLUMNS = True


@dataclass(frozen=True)
class StaffColumn:
    """What the portfolio says about one quartier's staff and where their time went."""

    staffing: StaffingFigures
    time: TimeShares

    @property
    def hours_per_week(self) -> Decimal:
        return self.staffing.hours_per_week

    @property
    def no_manager(self) -> bool:
        return self.staffing.no_manager

    @property
    def no_time(self) -> bool:
        """„Keine Zeiten erfasst“: no hours in the last twelve months."""
        return not self.time.total

    @property
    def no_participation(self) -> bool:
        """„Keine Zeit für Beteiligung“: hours were recorded, none of them for participation."""
        return bool(self.time.total) and not self.time.hours.get(PARTICIPATION_FIELD)

    def shares(self) -> list[tuple[str, str, str, float | None]]:
        """(key, abbreviation, title, share in percent) per task field, in catalogue order."""
        short = abbreviations(self.time.fields)
        return [(key, short[key], title, self.time.share(key)) for key, title in self.time.fields]


def staff_columns(*, quartier_ids: list[int], today: datetime.date) -> dict[int, StaffColumn]:
    """The staff column of each quartier: three queries, however many quartiers."""
    if not quartier_ids:
        return {}
    staffing = staffing_figures(quartier_ids=quartier_ids, today=today)
    first, last = time_window(today)
    time = time_shares(quartier_ids=quartier_ids, first_month=first, last_month=last)
    return {pk: StaffColumn(staffing=staffing[pk], time=time[pk]) for pk in quartier_ids}


def task_fields(rows) -> list[tuple[str, str]]:
    """(key, title) of the task fields, from the rows' figures; one query when there are no rows."""
    for row in rows:
        if row.staff is not None:
            return row.staff.time.fields
    return list(TaskField.objects.values_list("key", "title"))


def abbreviations(fields: list[tuple[str, str]]) -> dict[str, str]:
    """The shortest start of each field's key that no other key shares, capitalised: „T“, „V“,
    „B“, „S“ for the four task fields. From the keys, not the titles: two of those begin with
    „Sicherung von“."""
    result = {}
    for key, _title in fields:
        others = [k for k, _t in fields if k != key]
        length = 1
        while length < len(key) and any(o.startswith(key[:length]) for o in others):
            length += 1
        result[key] = key[:length].capitalize()
    return result


# Expressions on Quartier rows, for the filters and the sorting.


def staffed_hours(today: datetime.date) -> Coalesce:
    """The weekly hours of the quartier's posts running today (0 without any)."""
    hours = (
        Staffing.objects.active_on(today)
        .filter(quartier=OuterRef("pk"))
        .order_by()
        .values("quartier")
        .annotate(total=Sum("weekly_hours"))
        .values("total")
    )
    field = DecimalField(max_digits=8, decimal_places=1)
    return Coalesce(Subquery(hours, output_field=field), Value(Decimal(0)), output_field=field)


def has_manager(today: datetime.date) -> Exists:
    """A post of the manager profile runs today (every post has at least half an hour a week)."""
    return Exists(Staffing.objects.active_on(today).filter(quartier=OuterRef("pk"), role_profile__key=MANAGER_PROFILE))


def _hours_in_window(today: datetime.date):
    first, last = time_window(today)
    return TimeEntry.objects.filter(quartier=OuterRef("pk"), month__gte=first, month__lte=last, hours__gt=0)


def has_time(today: datetime.date) -> Exists:
    """Hours were recorded in the last twelve months."""
    return Exists(_hours_in_window(today))


def has_participation_time(today: datetime.date) -> Exists:
    """Hours for participation were recorded in the last twelve months."""
    return Exists(_hours_in_window(today).filter(task_field__key=PARTICIPATION_FIELD))
