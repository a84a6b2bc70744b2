"""Template helpers of the indicator pages: values with their unit, and the charts."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django import template
from django.utils.safestring import SafeString

from planning.analysis.charts import Point, format_value, series_svg

register = template.Library()


@register.simple_tag
def value_with_unit(value: Decimal | None, unit: str) -> str:
    """„21,5 %“; a dash for no value."""
    return "–" if value is None else format_value(value, unit)


@register.simple_tag
def chart(points: Sequence[Point], unit: str, size: str = "small") -> SafeString:
    if size == "large":
        return series_svg(points, unit=unit, width=640, height=240, large=True)
    return series_svg(points, unit=unit)
