"""Small charts drawn on the server as SVG: no script, nothing to load, readable without sight.

Every chart carries `role="img"`, a <title> and an `aria-label` that say what the line shows
(„Verlauf 2024–2026: von 21,5 % auf 23,1 %“); the pages put a table of the values next to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# The app's primary colour: 7.5:1 on white, more than the 3:1 a line needs (WCAG 1.4.11).
LINE_COLOUR = "#0b5a6b"
GRID_COLOUR = "#6c757d"


@dataclass(frozen=True)
class Point:
    day: date
    value: Decimal


def format_number(value: Decimal) -> str:
    """A value as Germans write it: „21,5“, „4.200“; no trailing zeros from the database's four places."""
    normalized = value.normalize()
    if normalized == normalized.to_integral_value():
        normalized = normalized.quantize(Decimal(1))
    return number_format(normalized, use_l10n=True, force_grouping=True)


def format_value(value: Decimal, unit: str) -> str:
    return f"{format_number(value)} {unit}".strip()


def text_alternative(points: Sequence[Point], *, unit: str) -> str:
    """What the line shows, in one sentence."""
    if not points:
        return _("No values yet")
    first, last = points[0], points[-1]
    if len(points) == 1:
        return _("One value (%(date)s): %(value)s") % {
            "date": date_format(first.day, "SHORT_DATE_FORMAT"),
            "value": format_value(first.value, unit),
        }
    years = str(first.day.year) if first.day.year == last.day.year else f"{first.day.year}–{last.day.year}"
    return _("Trend %(years)s: from %(first)s to %(last)s") % {
        "years": years,
        "first": format_value(first.value, unit),
        "last": format_value(last.value, unit),
    }


def _scale(points: Sequence[Point], width: float, height: float, pad: float) -> list[tuple[float, float]]:
    """Positions in the box: time along x (true to the intervals), value along y."""
    days = [p.day.toordinal() for p in points]
    values = [float(p.value) for p in points]
    low_day, high_day = min(days), max(days)
    low, high = min(values), max(values)
    span_x = (high_day - low_day) or 1
    span_y = (high - low) or 1.0
    coords = []
    for day, value in zip(days, values, strict=True):
        x = pad + (width - 2 * pad) * ((day - low_day) / span_x if high_day != low_day else 0.5)
        y = pad + (height - 2 * pad) * (1 - ((value - low) / span_y if high != low else 0.5))
        coords.append((round(x, 1), round(y, 1)))
    return coords


def series_svg(
    points: Sequence[Point],
    *,
    unit: str,
    width: int = 120,
    height: int = 32,
    large: bool = False,
) -> SafeString:
    """The time series as an inline SVG line; empty when there are no values.

    Small (the list) draws only the line and its last point; large (the detail page) adds the
    lowest and highest value and the first and last date as labels.
    """
    if not points:
        return mark_safe("")
    label = text_alternative(points, unit=unit)
    pad_left, pad = (0, 4) if not large else (0, 10)
    plot_height = height - (24 if large else 0)
    coords = _scale(points, width - pad_left, plot_height, pad)
    coords = [(x + pad_left, y) for x, y in coords]
    size = 'width="100%"' if large else f'width="{width}" height="{height}" preserveAspectRatio="none"'
    css = "indicator-chart indicator-chart-large" if large else "indicator-chart"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css}" viewBox="0 0 {width} {height}" {size} '
        f'role="img" aria-label="{escape(label)}" focusable="false">',
        f"<title>{escape(label)}</title>",
    ]
    if large:
        values = [p.value for p in points]
        top, bottom = pad, plot_height - pad
        for y in (top, bottom):
            parts.append(
                f'<line x1="0" y1="{y}" x2="{width}" y2="{y}" stroke="{GRID_COLOUR}" '
                'stroke-width="0.5" stroke-dasharray="3 3"/>'
            )
        parts.append(
            f'<text x="2" y="{top - 2 + 10}" font-size="11" fill="#343a40">{escape(format_number(max(values)))}</text>'
        )
        parts.append(
            f'<text x="2" y="{bottom - 2}" font-size="11" fill="#343a40">{escape(format_number(min(values)))}</text>'
        )
        first_day = escape(date_format(points[0].day, "SHORT_DATE_FORMAT"))
        last_day = escape(date_format(points[-1].day, "SHORT_DATE_FORMAT"))
        parts.append(f'<text x="2" y="{height - 4}" font-size="11" fill="#343a40">{first_day}</text>')
        if len(points) > 1:
            parts.append(
                f'<text x="{width - 2}" y="{height - 4}" font-size="11" fill="#343a40" '
                f'text-anchor="end">{last_day}</text>'
            )
    if len(coords) > 1:
        line = " ".join(f"{x},{y}" for x, y in coords)
        parts.append(
            f'<polyline points="{line}" fill="none" stroke="{LINE_COLOUR}" stroke-width="{2.5 if large else 2}" '
            'stroke-linejoin="round" stroke-linecap="round" vector-effect="non-scaling-stroke"/>'
        )
    radius = 3.5 if large else 2.5
    shown = coords if large else coords[-1:]
    for x, y in shown:
        parts.append(f'<circle cx="{x}" cy="{y}" r="{radius}" fill="{LINE_COLOUR}"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in it is escaped above
