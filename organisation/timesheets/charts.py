"""Where the time went, as a stacked bar chart drawn on the server as SVG (no script), in the house
style of planning/analysis/charts.py and participation/results/charts.py:

- one bar per month, one segment per task field, each field with its own shade *and* pattern and
  a dark outline, so the segments are told apart without colour and separate where they meet;
- the month's total written above its bar, a legend that repeats pattern and title;
- `role="img"` with a <title> and a <desc> that say the totals in words; the page puts the table
  of the same numbers next to it.
"""

from __future__ import annotations

import datetime
import math
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from planning.analysis.charts import GRID_COLOUR

from .selectors import Field, HoursTable

WIDTH = 640
LEFT = 48  # room for the axis labels
RIGHT = 8
TOP = 24  # room for the total above the tallest bar
PLOT_HEIGHT = 190
LEGEND_ROW = 22
TEXT = "#212529"
OUTLINE = "#212529"
FONT = 'font-family="system-ui, DejaVu Sans, sans-serif"'
# A shade and a pattern per task field: the segments differ in both, and each has a dark outline.
SHADES = ("#0b5a6b", "#5b9aa8", "#b9d7de", "#ffffff")
PATTERNS = (
    "",  # solid
    '<path d="M0,8 L8,0 M-2,2 L2,-2 M6,10 L10,6" stroke="#ffffff" stroke-width="1.6"/>',  # diagonal lines
    '<circle cx="4" cy="4" r="1.5" fill="#0b5a6b"/>',  # dots
    '<path d="M0,0 L8,8 M8,0 L0,8" stroke="#0b5a6b" stroke-width="0.9"/>',  # cross-hatch
)


def hours_text(value: Decimal | float) -> str:
    """Hours as Germans write them, always with one decimal: „1.234,5“."""
    return number_format(value, decimal_pos=1, use_l10n=True, force_grouping=True)


def _nice_top(largest: float) -> tuple[float, float]:
    """The axis' top and its step: 4–5 gridlines at round numbers above the tallest bar."""
    if largest <= 0:
        return 10.0, 2.5
    raw = largest / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return step * math.ceil(largest / step), step


def _defs(uid: str) -> str:
    patterns = [
        f'<pattern id="{uid}-p{n}" patternUnits="userSpaceOnUse" width="8" height="8">'
        f'<rect width="8" height="8" fill="{shade}"/>{pattern}</pattern>'
        for n, (shade, pattern) in enumerate(zip(SHADES, PATTERNS, strict=True))
        if pattern
    ]
    return f"<defs>{''.join(patterns)}</defs>"


def _fill(uid: str, n: int) -> str:
    # A plain shade without a pattern is filled directly: PDF renderers show seams between tiles.
    n %= len(SHADES)
    return SHADES[n] if not PATTERNS[n] else f"url(#{uid}-p{n})"


def describe(table: HoursTable) -> str:
    """The chart in words: the total, each field's hours and share, the month with most hours."""
    if not table.has_hours:
        return _("No hours recorded in this period.")
    parts = [
        _("%(field)s %(hours)s h (%(share)s %%)")
        % {"field": f.title, "hours": hours_text(hours), "share": number_format(share or 0, decimal_pos=0)}
        for f, hours, share in table.field_summary()
    ]
    busiest = max(table.rows, key=lambda row: row.total)
    return _("In all %(total)s hours: %(fields)s. Most hours in %(month)s: %(hours)s h.") % {
        "total": hours_text(table.total),
        "fields": "; ".join(parts),
        "month": busiest.label,
        "hours": hours_text(busiest.total),
    }


def month_chart(table: HoursTable, *, uid: str, title: str) -> SafeString:
    """A stacked bar per row of `table` (its rows are months, keyed by their first day)."""
    fields: list[Field] = table.fields
    rows = table.rows
    if not rows:
        return mark_safe("")
    legend_top = TOP + PLOT_HEIGHT + 44
    height = legend_top + LEGEND_ROW * len(fields) + 4
    bottom = TOP + PLOT_HEIGHT
    axis_top, step = _nice_top(float(max(row.total for row in rows)))
    slot = (WIDTH - LEFT - RIGHT) / len(rows)
    bar = round(slot * 0.64, 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="time-chart w-100 h-auto" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="{uid}-title {uid}-desc" '
        f'focusable="false" id="{escape(uid)}">',
        f'<title id="{uid}-title">{escape(title)}</title>',
        f'<desc id="{uid}-desc">{escape(describe(table))}</desc>',
        _defs(uid),
    ]
    # Gridlines and their values on the left.
    n_steps = round(axis_top / step)
    for n in range(n_steps + 1):
        value = step * n
        y = round(bottom - PLOT_HEIGHT * value / axis_top, 1)
        dashes = "" if n == 0 else ' stroke-dasharray="3 3"'
        parts.append(
            f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="{GRID_COLOUR}" '
            f'stroke-width="{1 if n == 0 else 0.5}"{dashes}/>'
        )
        parts.append(
            f'<text x="{LEFT - 6}" y="{y + 4}" font-size="12" text-anchor="end" fill="{TEXT}" {FONT}>'
            f"{escape(number_format(value, decimal_pos=0 if value == int(value) else 1, force_grouping=True))}</text>"
        )
    parts.append(f'<text x="4" y="{TOP - 10}" font-size="12" fill="{TEXT}" {FONT}>{escape(_("Hours"))}</text>')
    for n, row in enumerate(rows):
        month: datetime.date = row.key  # type: ignore[assignment]
        x = round(LEFT + slot * n + (slot - bar) / 2, 1)
        centre = round(x + bar / 2, 1)
        y = float(bottom)
        for m, f in enumerate(fields):
            value = row.hours.get(f.key, Decimal(0))
            if value <= 0:
                continue
            segment = PLOT_HEIGHT * float(value) / axis_top
            y -= segment
            label = f"{row.label}, {f.title}: {hours_text(value)} h"
            parts.append(
                f'<rect x="{x}" y="{round(y, 1)}" width="{bar}" height="{round(segment, 1)}" fill="{_fill(uid, m)}" '
                f'stroke="{OUTLINE}" stroke-width="0.8"><title>{escape(label)}</title></rect>'
            )
        if row.total > 0:
            parts.append(
                f'<text class="bar-total" data-month="{month:%Y-%m}" x="{centre}" y="{round(y - 5, 1)}" '
                f'font-size="12" font-weight="bold" text-anchor="middle" fill="{TEXT}" {FONT}>'
                f"{escape(hours_text(row.total))}</text>"
            )
        parts.append(
            f'<text x="{centre}" y="{bottom + 16}" font-size="12" text-anchor="middle" fill="{TEXT}" {FONT}>'
            f"{escape(date_format(month, 'M'))}</text>"
        )
        if n == 0 or month.month == 1:
            parts.append(
                f'<text x="{centre}" y="{bottom + 30}" font-size="12" text-anchor="middle" fill="{TEXT}" {FONT}>'
                f"{month.year}</text>"
            )
    for m, f in enumerate(fields):
        top = legend_top + m * LEGEND_ROW
        parts.append(
            f'<rect x="{LEFT}" y="{top}" width="16" height="16" fill="{_fill(uid, m)}" stroke="{OUTLINE}" '
            'stroke-width="0.8"/>'
        )
        parts.append(
            f'<text x="{LEFT + 24}" y="{top + 13}" font-size="12" fill="{TEXT}" {FONT}>{escape(f.title)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in it is escaped above
