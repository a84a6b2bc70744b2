"""Staffing and time figures of many quartiers at once, in a fixed number of queries: for the
cockpit (one quartier), the step page, the report and the coordinator's portfolio (a page of
quartiers). Nothing here reads individual hours beyond sums per quartier.

- Staffed hours per week: the weekly hours of the posts running today (ended posts do not count).
- „Kein Kümmerer“: no post of the manager profile runs today.
- An ending post: a post running today that ends within six months while no other post of the
  same role profile in the quartier starts after it, by the day after its end at the latest, and
  runs longer (a follow-up). A successor who starts months later leaves a gap: still a warning.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum

from planning.funding.selectors import WARN_WITHIN_MONTHS, months_after
from planning.measures.timeline import add_months

from .models import MANAGER_PROFILE, Staffing, TaskField, TimeEntry

# How far ahead an ending post without follow-up is warned of: as for funding, six calendar months.
WARNING_MONTHS = WARN_WITHIN_MONTHS


@dataclass(frozen=True)
class EndingPost:
    staffing_id: int
    member_name: str
    role_title: str
    weekly_hours: Decimal
    end: datetime.date


@dataclass
class StaffingFigures:
    hours_per_week: Decimal = Decimal(0)
    manager_hours: Decimal = Decimal(0)
    posts: int = 0  # running today
    ending: list[EndingPost] = field(default_factory=list)  # without a follow-up, soonest first

    @property
    def no_manager(self) -> bool:
        """„Kein Kümmerer“: no hours of the manager profile today."""
        return self.manager_hours == 0

    @property
    def has_warning(self) -> bool:
        return self.no_manager or bool(self.ending)


def staffing_figures(*, quartier_ids: Iterable[int], today: datetime.date) -> dict[int, StaffingFigures]:
    """Figures for each quartier id (every id gets an entry). One query."""
    ids = list(quartier_ids)
    figures = {pk: StaffingFigures() for pk in ids}
    if not ids:
        return figures
    horizon = months_after(today, WARNING_MONTHS)
    # Posts running today or starting later: the running ones count, the later ones are follow-ups.
    rows = list(
        Staffing.objects.filter(quartier_id__in=ids)
        .filter(Q(end__isnull=True) | Q(end__gte=today))
        .values_list(
            "pk",
            "quartier_id",
            "role_profile_id",
            "role_profile__key",
            "role_profile__title",
            "member__name",
            "weekly_hours",
            "start",
            "end",
        )
        .order_by("quartier_id", "start", "pk")
    )
    by_profile: dict[tuple[int, int], list[tuple]] = defaultdict(list)
    for row in rows:
        by_profile[(row[1], row[2])].append(row)
    for pk, quartier_id, profile_id, profile_key, profile_title, name, hours, start, end in rows:
        if start > today:
            continue
        f = figures[quartier_id]
        f.posts += 1
        f.hours_per_week += hours
        if profile_key == MANAGER_PROFILE:
            f.manager_hours += hours
        if end is not None and end <= horizon:
            # A follow-up takes over without a gap: it starts by the day after the end at the latest.
            takeover = end + datetime.timedelta(days=1)
            follow_up = any(
                other[0] != pk and start < other[7] <= takeover and (other[8] is None or other[8] > end)
                for other in by_profile[(quartier_id, profile_id)]
            )
            if not follow_up:
                f.ending.append(EndingPost(pk, name, profile_title, hours, end))
    for f in figures.values():
        f.ending.sort(key=lambda post: (post.end, post.staffing_id))
    return figures


@dataclass(frozen=True)
class TimeShares:
    """Hours per task field key in a period, with the fields in catalogue order."""

    hours: dict[str, Decimal]
    fields: list[tuple[str, str]]  # (key, title)

    @property
    def total(self) -> Decimal:
        return sum(self.hours.values(), Decimal(0))

    def share(self, key: str) -> float | None:
        """The field's share of the hours in percent; None when no hours were recorded."""
        total = self.total
        return None if not total else float(self.hours.get(key, Decimal(0)) * 100 / total)

    def rows(self) -> list[tuple[str, str, Decimal, float | None]]:
        return [(key, title, self.hours.get(key, Decimal(0)), self.share(key)) for key, title in self.fields]


def time_window(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The last twelve months including the current one: (first month, current month), first days."""
    current = today.replace(day=1)
    return add_months(current, -11), current


def time_shares(
    *, quartier_ids: Iterable[int], first_month: datetime.date, last_month: datetime.date
) -> dict[int, TimeShares]:
    """Hours per task field and quartier in the months from `first_month` to `last_month`
    (first days, both included). Two queries (the fields and the sums)."""
    ids = list(quartier_ids)
    catalogue = list(TaskField.objects.values_list("pk", "key", "title"))
    fields = [(key, title) for _pk, key, title in catalogue]
    key_of = {pk: key for pk, key, _title in catalogue}
    sums: dict[int, dict[str, Decimal]] = {pk: {} for pk in ids}
    if ids:
        # Grouped by the field's id, not its key: no join per entry. Naming every field (each entry
        # has one) lets the database seek the index on (quartier, task field, month, hours) per
        # quartier and field and sum in index order, without reading the table or sorting.
        rows = (
            TimeEntry.objects.filter(
                quartier_id__in=ids,
                task_field_id__in=list(key_of),
                month__gte=first_month,
                month__lte=last_month,
            )
            .values_list("quartier_id", "task_field_id")
            .annotate(total=Sum("hours"))
            .order_by()
        )
        for quartier_id, field_id, total in rows:
            sums[quartier_id][key_of[field_id]] = total or Decimal(0)
    return {pk: TimeShares(hours=sums[pk], fields=fields) for pk in ids}
