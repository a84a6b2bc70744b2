"""The timeline's geometry: months on the x-axis, one bar per measure, milestones as
diamonds, a line for today. Pure arithmetic; the template draws the SVG from it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.utils.formats import date_format

from .models import Measure, MeasureStatus

MAX_MONTHS = 36
MONTH_WIDTH = 40
ROW_HEIGHT = 44
BAR_HEIGHT = 14
AXIS_HEIGHT = 36

# Status colours with a contrast of at least 3:1 against white; the status is also written out.
STATUS_COLOURS = {
    MeasureStatus.PLANNED: "#5a6570",
    MeasureStatus.ACTIVE: "#0b5ed7",
    MeasureStatus.DONE: "#146c43",
    MeasureStatus.PAUSED: "#8a5a00",
    MeasureStatus.DROPPED: "#6c4a8c",
}
OVERDUE_COLOUR = "#b02a37"


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def months_between(first: datetime.date, last: datetime.date) -> int:
    """Whole months from the month of `first` to the month of `last`, both counted."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


@dataclass
class Diamond:
    x: float
    y: float
    title: str
    due: datetime.date
    done: bool
    late: bool

    @property
    def points(self) -> str:
        r = 6
        corners = ((self.x, self.y - r), (self.x + r, self.y), (self.x, self.y + r), (self.x - r, self.y))
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in corners)


@dataclass
class Bar:
    measure: Measure
    x: float
    y: float
    width: float
    label_x: float
    label_y: float
    label_anchor: str  # "start" or "end": labels of bars in the right half end at the bar's end
    colour: str
    clipped_left: bool
    clipped_right: bool
    diamonds: list[Diamond] = field(default_factory=list)


@dataclass
class Tick:
    x: float
    label: str
    year_start: bool


@dataclass
class Timeline:
    first: datetime.date  # first day of the first month shown
    months: int
    bars: list[Bar]
    ticks: list[Tick]
    today_x: float | None
    width: int
    height: int
    earlier: datetime.date | None  # first month of the window before, if there is anything there
    later: datetime.date | None

    @property
    def last(self) -> datetime.date:
        return add_months(self.first, self.months) - datetime.timedelta(days=1)


def window(
    measures: Sequence[Measure], *, today: datetime.date, start: datetime.date | None = None
) -> tuple[datetime.date, int]:
    """The first month and the number of months to show: from the earliest start to the latest
    end, at most MAX_MONTHS; a longer plan is shown from `start` (default: the month of today,
    or the earliest start if that comes later)."""
    if not measures:
        return month_start(start or today), 12
    earliest = month_start(min(m.start for m in measures))
    latest = max(m.end for m in measures)
    if start is not None:
        first = month_start(start)
    elif months_between(earliest, latest) <= MAX_MONTHS:
        first = earliest
    else:
        first = max(earliest, add_months(month_start(today), -3))
    months = min(MAX_MONTHS, max(1, months_between(first, max(latest, first))))
    return first, months


def _x(day: datetime.date, first: datetime.date, months: int) -> float:
    """Position of a day: its month's column plus the share of the month that has passed."""
    index = (day.year - first.year) * 12 + day.month - first.month
    days_in_month = (add_months(day.replace(day=1), 1) - day.replace(day=1)).days
    x = (index + (day.day - 1) / days_in_month) * MONTH_WIDTH
    return max(0.0, min(x, months * MONTH_WIDTH))


def build(measures: Iterable[Measure], *, today: datetime.date, start: datetime.date | None = None) -> Timeline:
    """Bars for the measures with a start and an end that overlap the window; each measure's
    prefetched milestones (`milestones.all()`) become diamonds."""
    dated = [m for m in measures if m.start and m.end]
    first, months = window(dated, today=today, start=start)
    after = add_months(first, months)
    shown = [m for m in dated if m.end >= first and m.start < after]
    shown.sort(key=lambda m: (m.start, m.end, m.title))
    bars = []
    for row, measure in enumerate(shown):
        y = AXIS_HEIGHT + row * ROW_HEIGHT + 20
        x0, x1 = _x(max(measure.start, first), first, months), _x(min(measure.end, after), first, months)
        bar = Bar(
            measure=measure,
            x=x0,
            y=y,
            width=max(x1 - x0, 4.0),
            label_x=x0 if x0 <= months * MONTH_WIDTH / 2 else x1,
            label_y=y - 5,
            label_anchor="start" if x0 <= months * MONTH_WIDTH / 2 else "end",
            colour=STATUS_COLOURS[MeasureStatus(measure.status)],
            clipped_left=measure.start < first,
            clipped_right=measure.end >= after,
        )
        for milestone in measure.milestones.all():
            if milestone.due_date and first <= milestone.due_date < after:
                bar.diamonds.append(
                    Diamond(
                        x=_x(milestone.due_date, first, months),
                        y=y + BAR_HEIGHT / 2,
                        title=milestone.title,
                        due=milestone.due_date,
                        done=milestone.done,
                        late=not milestone.done and milestone.due_date < today,
                    )
                )
        bars.append(bar)
    ticks = []
    for i in range(months):
        month = add_months(first, i)
        ticks.append(Tick(x=i * MONTH_WIDTH, label=date_format(month, "M y"), year_start=month.month == 1))
    today_x = _x(today, first, months) if first <= today < after else None
    earliest = min((m.start for m in dated), default=first)
    earlier = max(month_start(earliest), add_months(first, -MAX_MONTHS)) if earliest < first else None
    later = after if any(m.end >= after for m in dated) else None
    return Timeline(
        first=first,
        months=months,
        bars=bars,
        ticks=ticks,
        today_x=today_x,
        width=months * MONTH_WIDTH,
        height=AXIS_HEIGHT + max(len(bars), 1) * ROW_HEIGHT + 10,
        earlier=earlier,
        later=later,
    )
