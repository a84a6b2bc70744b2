"""Numbers of a quartier as the page's language writes them."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.translation import pgettext

register = template.Library()


def _coordinate(value: Decimal | float | None, positive: str, negative: str) -> str:
    if value is None or value == "":
        return ""
    value = Decimal(str(value))
    direction = positive if value >= 0 else negative
    # The language's decimal separator and never a thousands separator: "52,520008" in German
    # must not read as fifty-two thousand, nor "52.520008" as a German thousands group.
    number = number_format(abs(value), decimal_pos=6, use_l10n=True, force_grouping=False)
    return f"{number}° {direction}"


@register.filter
def percent(value: int | float | Decimal | None) -> str:
    """33 → "33 %" in German (with a space, as German typesetting has it), "33%" in English."""
    if value is None or value == "":
        return ""
    return pgettext("percentage", "%(n)s%%") % {"n": number_format(value, use_l10n=True)}


@register.simple_tag
def coordinates(lat: Decimal | float | None, lon: Decimal | float | None) -> str:
    """ "51,514000° N; 7,465000° O": a semicolon between the two, as a comma is the German decimal sign."""
    if lat is None or lon is None or lat == "" or lon == "":
        return ""
    return f"{latitude(lat)}; {longitude(lon)}"


@register.filter
def latitude(value: Decimal | float | None) -> str:
    """52.520008 → "52,520008° N" (German) or "52.520008° N" (English); south of the equator "S"."""
    return _coordinate(value, pgettext("compass point", "N"), pgettext("compass point", "S"))


@register.filter
def longitude(value: Decimal | float | None) -> str:
    """13.404954 → "13,404954° O" (German) or "13.404954° E" (English); west of Greenwich "W"."""
    return _coordinate(value, pgettext("compass point", "E"), pgettext("compass point", "W"))


def _decimal(value: Decimal | float | int | str) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


@register.filter
def euro(value: Decimal | float | int | None) -> str:
    """1234.5 → "1.234,50 €" in German, "€1,234.50" in English."""
    if value is None or value == "":
        return ""
    number = number_format(_decimal(value), decimal_pos=2, use_l10n=True, force_grouping=True)
    return pgettext("money", "€%(amount)s") % {"amount": number}


@register.filter
def decimal(value: Decimal | float | int | None) -> str:
    """A measured value as written in the page's language, without trailing zeros: 12.5000 → "12,5"."""
    if value is None or value == "":
        return ""
    number = _decimal(value)
    number = number.quantize(Decimal(1)) if number == number.to_integral() else number.normalize()
    return number_format(number, use_l10n=True, force_grouping=True)


@register.simple_tag(takes_context=True)
def quartier_can(context: template.Context, quartier: object, action: str) -> bool:
    """Whether the person looking at the page may take the action in the quartier, e.g.
    `{% quartier_can quartier "view_staff" as show_staff %}`. Roles are memoised per request."""
    from quartier.access import can

    request = context.get("request")
    return request is not None and can(request.user, action, quartier)
