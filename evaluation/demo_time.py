"""The demo's hours per task field: twelve months for Altstadt's staff.

Each person has a profile of their own: the manager (Maria Altmann) spends most of her time on
networking and steering measures; the developer (Erik Entwickler) and Sabine Sommer on
participation; Thomas Winter's months end with his post 90 days ago. Participation rises in the
months of the surveys (the repeat survey opened two weeks ago, the first one a year ago); August
and December are holiday months. Only months within a person's post get hours, and the current
month only its share so far.

Idempotent: nothing is added where Altstadt has hours already.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from organisation.figures import time_window
from organisation.models import Staffing, StaffMember, TaskField, TimeEntry
from organisation.selectors import member_of
from organisation.timesheets.selectors import months_between
from planning.measures.timeline import add_months
from quartier.models import Quartier, User

QUARTIER = "altstadt"
MANAGER = "manager-altstadt@demo.example"
# Hours of a full post a month: about 4.3 weeks, less holidays and sick days.
WEEKS_PER_MONTH = Decimal("4.0")
# Months with fewer hours (holidays) and the share of the usual hours in them.
HOLIDAY_MONTHS = {8: Decimal("0.55"), 12: Decimal("0.75")}
# How much more participation work a survey month brings (the other fields shrink in proportion).
SURVEY_BOOST = Decimal("1.8")


@dataclass(frozen=True)
class Profile:
    person: str  # a demo user's e-mail address, or the name of a person without login
    # Share of the month's hours per task field, in the catalogue's order of keys.
    shares: dict[str, Decimal]


def _shares(transparenz: str, vernetzung: str, beteiligung: str, steuerung: str) -> dict[str, Decimal]:
    return {
        "transparenz": Decimal(transparenz),
        "vernetzung": Decimal(vernetzung),
        "beteiligung": Decimal(beteiligung),
        "steuerung": Decimal(steuerung),
    }


PROFILES = (
    Profile(MANAGER, _shares("0.12", "0.38", "0.15", "0.35")),
    Profile("entwicklung-altstadt@demo.example", _shares("0.20", "0.20", "0.40", "0.20")),
    Profile("Sabine Sommer", _shares("0.30", "0.10", "0.50", "0.10")),
    Profile("Thomas Winter", _shares("0.25", "0.25", "0.25", "0.25")),
)


def _member(quartier: Quartier, person: str, users: dict[str, User]) -> StaffMember | None:
    if "@" in person:
        user = users.get(person)
        return None if user is None else member_of(user=user, organisation=quartier.organisation_id)
    return StaffMember.objects.filter(organisation_id=quartier.organisation_id, user=None, name=person).first()


def _survey_months(today: date) -> set[date]:
    """The months of the demo's two surveys (see demo_participation): the repeat opened two weeks
    ago, so its preparation falls in the month before; the first ran about a year ago."""
    current = today.replace(day=1)
    return {current, add_months(current, -1), add_months(current, -12), add_months(current, -13)}


def _round_half(value: Decimal) -> Decimal:
    return (value * 2).quantize(Decimal(1), rounding=ROUND_HALF_UP) / 2


def _month_hours(
    *, weekly: Decimal, month: date, n: int, today: date, posts: list[tuple[date, date | None]]
) -> Decimal:
    """The person's hours in the month: the post's weekly hours, less in holidays, a little
    different from month to month, only the days within the post (and up to today)."""
    days = calendar.monthrange(month.year, month.month)[1]
    last = month.replace(day=days)
    covered = 0
    for start, end in posts:
        first_day, last_day = max(start, month), min(end or last, last, today)
        covered = max(covered, (last_day - first_day).days + 1)
    if covered <= 0:
        return Decimal(0)
    wobble = Decimal(("1.04", "0.96", "1.0", "1.08", "0.93", "1.02")[n % 6])
    hours = weekly * WEEKS_PER_MONTH * HOLIDAY_MONTHS.get(month.month, Decimal(1)) * wobble
    return hours * covered / days


def seed_time(*, users: dict[str, User], today: date) -> None:
    """Twelve months of hours for Altstadt's staff, where Altstadt has none yet."""
    quartier = Quartier.objects.filter(slug=QUARTIER).first()
    if quartier is None or TimeEntry.objects.filter(quartier=quartier).exists():
        return
    fields = {f.key: f for f in TaskField.objects.all()}
    first, last = time_window(today)
    months = months_between(first, last)
    surveys = _survey_months(today)
    entries = []
    for profile in PROFILES:
        member = _member(quartier, profile.person, users)
        if member is None:
            continue
        posts = list(
            Staffing.objects.filter(quartier=quartier, member=member).values_list("start", "end", "weekly_hours")
        )
        if not posts:
            continue
        weekly = max(hours for _start, _end, hours in posts)
        periods = [(start, end) for start, end, _hours in posts]
        for n, month in enumerate(months):
            hours = _month_hours(weekly=weekly, month=month, n=n, today=today, posts=periods)
            if hours < 1:
                continue
            shares = dict(profile.shares)
            if month in surveys:
                shares["beteiligung"] *= SURVEY_BOOST
                total = sum(shares.values())
                shares = {key: share / total for key, share in shares.items()}
            for key, share in shares.items():
                value = _round_half(hours * share)
                if value > 0 and key in fields:
                    entries.append(
                        TimeEntry(
                            quartier=quartier,
                            member=member,
                            month=month,
                            task_field=fields[key],
                            hours=value,
                            entered_by=users.get(MANAGER),
                        )
                    )
    TimeEntry.objects.bulk_create(entries)
