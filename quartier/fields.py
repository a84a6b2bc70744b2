"""Free text is always bounded: one limit in the model, the database and the form."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import formats, timezone
from django.utils.formats import get_format
from django.utils.translation import gettext as _

# Long texts (Leitbild, notes, written evidence) and short ones (reasons, comments).
LONG_TEXT_MAX = 20_000
SHORT_TEXT_MAX = 2_000


def bounded_text(verbose_name: Any = None, *, max_length: int = LONG_TEXT_MAX, **kwargs: Any) -> models.TextField:
    """A TextField that full_clean refuses beyond `max_length` (TextField alone only sizes the widget)."""
    return models.TextField(verbose_name, max_length=max_length, validators=[MaxLengthValidator(max_length)], **kwargs)


def text_length_constraint(field: str, max_length: int, *, name: str) -> models.CheckConstraint:
    """The same limit in the database, for writes that bypass the form."""
    return models.CheckConstraint(condition=LessThanOrEqual(Length(field), max_length), name=name)


class TextAreaField(forms.CharField):
    """A bounded text area. Line breaks count once, as the browser counts them for `maxlength`.

    Browsers send a line break as CR LF but count it as one character; without this a text
    that just fits in the browser would be refused on the server.
    """

    widget = forms.Textarea

    def __init__(self, *, max_length: int = LONG_TEXT_MAX, **kwargs: Any) -> None:
        super().__init__(max_length=max_length, **kwargs)

    def to_python(self, value: Any) -> str:
        if isinstance(value, str):
            value = value.replace("\r\n", "\n")
        return super().to_python(value)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        # static/js/app.js shows "n characters left" next to fields that carry this.
        attrs["data-counter"] = ""
        return attrs


class LocalizedDecimalField(forms.DecimalField):
    """A number typed as people write it: "1.234,50" or "1234,5" in German, "1,234.50" in English;
    a decimal point in a German page without thousands groups ("12.5") is read as a decimal point."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("localize", True)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = _normalise_number(value)
        return super().to_python(value)


def _normalise_number(text: str) -> str:
    """ "1.234,50" → "1234.50" in the active language's separators; anything unreadable unchanged."""
    decimal_sep, thousand_sep = get_format("DECIMAL_SEPARATOR"), get_format("THOUSAND_SEPARATOR")
    value = text.strip().replace("\u00a0", "").replace(" ", "").removesuffix("€").removeprefix("€")
    if decimal_sep in value and thousand_sep in value:
        value = value.replace(thousand_sep, "")
    elif thousand_sep in value and not re.fullmatch(rf"-?\d{{1,3}}({re.escape(thousand_sep)}\d{{3}})+", value):
        # "12.5" in German: a decimal point, not a thousands group.
        value = value.replace(thousand_sep, decimal_sep) if value.count(thousand_sep) == 1 else value
    elif thousand_sep in value:
        value = value.replace(thousand_sep, "")
    return value.replace(decimal_sep, ".")


# Dates people type: anything outside this range is a typing mistake (a year 1 or 9999).
EARLIEST_DATE = datetime.date(1990, 1, 1)


def plausible_date(day: datetime.date, *, first: datetime.date = EARLIEST_DATE, years_ahead: int = 10) -> datetime.date:
    """The date, or a ValidationError naming the range: from `first` to the end of the year
    `years_ahead` years from now."""
    last = datetime.date(timezone.localdate().year + years_ahead, 12, 31)
    if not first <= day <= last:
        raise forms.ValidationError(
            _("Please enter a date between %(first)s and %(last)s.")
            % {
                "first": formats.date_format(first, "SHORT_DATE_FORMAT"),
                "last": formats.date_format(last, "SHORT_DATE_FORMAT"),
            }
        )
    return day


class DateInput(forms.DateInput):
    """The browser's date picker; the value in ISO form, as the picker sends it."""

    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class ClockField(forms.TimeField):
    """A time of day as people write it: „18:30“, „18.30“, „18:30 Uhr“ or „18 Uhr“."""

    widget = TimeInput

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = re.sub(r"\s*uhr\s*$", "", value.strip(), flags=re.IGNORECASE).replace(".", ":")
            if re.fullmatch(r"\d{1,2}", value):
                value = f"{value}:00"
        return super().to_python(value)


def as_datetime(day: datetime.date, time: datetime.time) -> datetime.datetime:
    """A date and a wall-clock time in the site's time zone (Europe/Berlin)."""
    return timezone.make_aware(datetime.datetime.combine(day, time))
