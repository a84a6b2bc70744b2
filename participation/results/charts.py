"""Result charts drawn on the server as SVG, in the house style of planning/analysis/charts.py:
no script, readable without colour and without sight.

- Every bar carries its value as a label („12 · 30,0 %“), so no colour has to be told apart.
- Segments of a grid's stacked bars differ by pattern as well as by shade, and each wide enough
  segment is labelled with its percentage; the legend repeats pattern and label.
- Every chart has `role="img"`, a <title>, and `aria-labelledby` pointing at the caption the
  page puts next to it; the table of the same numbers stands right beside the chart.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from planning.analysis.charts import GRID_COLOUR, LINE_COLOUR

from .selectors import ItemResult, OptionRow, QuestionResult

WIDTH = 400
TEXT = "#212529"
FONT = 'font-family="system-ui, sans-serif"'
# Shades from dark to light, each paired with a pattern: told apart without colour.
SHADES = ("#0b5a6b", "#4f8f9d", "#a5cad2", "#e3eff2", "#ffffff", "#f4e9d8", "#d0d0d0")
PATTERNS = (
    "",  # solid
    '<path d="M0,6 L6,0" stroke="#ffffff" stroke-width="1.2"/>',  # diagonal lines
    '<circle cx="3" cy="3" r="1.2" fill="#0b5a6b"/>',  # dots
    '<path d="M0,3 H6" stroke="#0b5a6b" stroke-width="1"/>',  # horizontal lines
    "",  # plain light
    '<path d="M0,0 L6,6 M6,0 L0,6" stroke="#8a6d3b" stroke-width="0.8"/>',  # cross-hatch
    '<path d="M3,0 V6" stroke="#555555" stroke-width="1"/>',  # vertical lines
)
DARK_SHADES = 2  # the first shades take white text


def _pct(value: Decimal | None) -> str:
    return "–" if value is None else f"{number_format(value, 1, use_l10n=True)}\u00a0%"


def _label(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _open(uid: str, height: int, title: str, labelled_by: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="result-chart mw-100 h-auto" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="{escape(labelled_by)}" '
        f'focusable="false" id="{escape(uid)}">',
        f"<title>{escape(title)}</title>",
    ]


def options_chart(result: QuestionResult, *, uid: str, labelled_by: str) -> SafeString:
    """One horizontal bar per option, its label above it and its count and percentage beside it."""
    rows: list[OptionRow] = result.options
    if not rows or not result.answered:
        return mark_safe("")
    row_height = 40
    height = row_height * len(rows) + 6
    parts = _open(uid, height, _("Chart: %(question)s") % {"question": result.text}, labelled_by)
    bar_space = WIDTH - 110
    largest = max(float(o.percent or 0) for o in rows) or 100.0  # the longest bar fills the space
    for n, option in enumerate(rows):
        top = n * row_height + 4
        share = float(option.percent or 0) / largest
        bar = max(round(bar_space * share, 1), 1 if option.count else 0)
        parts.append(
            f'<text x="0" y="{top + 12}" font-size="13" fill="{TEXT}" {FONT}>{escape(_label(option.label))}</text>'
        )
        fill = GRID_COLOUR if option.is_extra else LINE_COLOUR
        parts.append(f'<rect x="0" y="{top + 17}" width="{bar}" height="16" fill="{fill}"/>')
        parts.append(
            f'<text x="{bar + 6}" y="{top + 30}" font-size="13" fill="{TEXT}" {FONT}>'
            f"{option.count} · {escape(_pct(option.percent))}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in it is escaped above


def _defs(uid: str, count: int) -> str:
    patterns = []
    for n in range(count):
        shade, pattern = SHADES[n % len(SHADES)], PATTERNS[n % len(PATTERNS)]
        patterns.append(
            f'<pattern id="{uid}-p{n}" patternUnits="userSpaceOnUse" width="6" height="6">'
            f'<rect width="6" height="6" fill="{shade}"/>{pattern}</pattern>'
        )
    return f"<defs>{''.join(patterns)}</defs>"


def grid_chart(result: QuestionResult, *, uid: str, labelled_by: str) -> SafeString:
    """A grid as stacked horizontal bars: one bar per item, one segment per option, a legend."""
    items: list[ItemResult] = result.items
    if not items or not result.answered:
        return mark_safe("")
    labels = [o.label for o in items[0].options]
    row_height = 44
    legend_top = row_height * len(items) + 8
    legend_height = 22 * len(labels)
    height = legend_top + legend_height + 4
    parts = _open(uid, height, _("Chart: %(question)s") % {"question": result.text}, labelled_by)
    parts.append(_defs(uid, len(labels)))
    for n, item in enumerate(items):
        top = n * row_height + 4
        parts.append(
            f'<text x="0" y="{top + 12}" font-size="13" fill="{TEXT}" {FONT}>'
            f"{escape(_label(item.label))} ({_('n')} = {item.answered})</text>"
        )
        x = 0.0
        for m, option in enumerate(item.options):
            width = round(WIDTH * float(option.percent or 0) / 100, 1)
            if width <= 0:
                continue
            parts.append(
                f'<rect x="{x}" y="{top + 17}" width="{width}" height="22" fill="url(#{uid}-p{m})" '
                f'stroke="{TEXT}" stroke-width="0.5"/>'
            )
            if width >= 36:
                colour, halo = ("#ffffff", SHADES[0]) if m % len(SHADES) < DARK_SHADES else (TEXT, "#ffffff")
                parts.append(
                    f'<text x="{x + width / 2}" y="{top + 32}" font-size="12" text-anchor="middle" fill="{colour}" '
                    f'stroke="{halo}" stroke-width="3" paint-order="stroke" {FONT}>'
                    f"{escape(_pct(option.percent))}</text>"
                )
            x += width
    for m, label in enumerate(labels):
        top = legend_top + m * 22
        parts.append(
            f'<rect x="0" y="{top}" width="16" height="16" fill="url(#{uid}-p{m})" stroke="{TEXT}" stroke-width="0.5"/>'
        )
        parts.append(f'<text x="22" y="{top + 13}" font-size="13" fill="{TEXT}" {FONT}>{escape(_label(label))}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text in it is escaped above


def question_chart(result: QuestionResult, *, prefix: str = "chart") -> SafeString:
    """The chart of one question (empty for texts and numbers); labelled by `<prefix>-<n>-caption`."""
    uid = f"{prefix}-{result.number}"
    labelled_by = f"{uid}-caption"
    if result.items:
        return grid_chart(result, uid=uid, labelled_by=labelled_by)
    if result.options:
        return options_chart(result, uid=uid, labelled_by=labelled_by)
    return mark_safe("")


def attach_charts(results, *, prefix: str = "chart") -> None:
    for result in results.questions:
        result.chart = question_chart(result, prefix=prefix)
        result.chart_caption = f"{prefix}-{result.number}-caption"
