"""Numbers in the progress report, as the report's language writes them."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


def _trimmed(value: Decimal) -> Decimal:
    """12.5000 → 12.5, 40.0000 → 40 (never "4E+1")."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


@register.filter
def number(value: Decimal | float | int | None) -> str:
    """A stored value without trailing zeros: „12,5“, „4.200“ in German; "" for None."""
    if value is None or value == "":
        return ""
    return number_format(_trimmed(Decimal(str(value))), use_l10n=True, force_grouping=True)


@register.filter
def signed(value: Decimal | float | int | None) -> str:
    """A change with its sign: „+1,5“, „−2“, „±0“."""
    if value is None or value == "":
        return ""
    value = Decimal(str(value))
    if value == 0:
        return "±0"
    return ("+" if value > 0 else "−") + number(abs(value))
