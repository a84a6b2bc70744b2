"""The monthly hours form: one person, one month, the hours of each task field."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from organisation.models import MONTH_HOURS_MAX, StaffMember
from quartier.fields import LocalizedDecimalField

from .charts import hours_text
from .selectors import EARLIEST_YEAR, Field, month_label

# „2026-11“ (what the month picker sends), „11/2026“, „11.2026“, „11-2026“, „2026/11“.
ISO_MONTH = re.compile(r"(\d{4})[-/.](\d{1,2})")
GERMAN_MONTH = re.compile(r"(\d{1,2})\s*[-/.]\s*(\d{4})")


def parse_month(text: str) -> datetime.date | None:
    """The first day of the month written in `text`, or None when it is not a month."""
    text = (text or "").strip()
    match = ISO_MONTH.fullmatch(text)
    if match:
        year, month = int(match[1]), int(match[2])
    else:
        match = GERMAN_MONTH.fullmatch(text)
        if not match:
            return None
        month, year = int(match[1]), int(match[2])
    if not 1 <= month <= 12 or year < 1:
        return None
    return datetime.date(year, month, 1)


class MonthInput(forms.TextInput):
    """The browser's month picker; browsers without one show a text field („11/2026“ works too)."""

    input_type = "month"

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, datetime.date):
            return f"{value:%Y-%m}"
        return super().format_value(value)


class MonthField(forms.Field):
    widget = MonthInput
    default_error_messages = {
        "invalid": _("Please enter the month as month and year, e.g. 11/2026."),
    }

    def to_python(self, value: Any) -> datetime.date | None:
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value.replace(day=1)
        month = parse_month(str(value))
        if month is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return month


def hours_field_name(key: str) -> str:
    return f"hours_{key}"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: StaffMember) -> str:
        return obj.name


class TimeRecordForm(forms.Form):
    """Person, month and the hours of each task field. An empty field (or 0) removes the hours."""

    person = PersonChoiceField(
        label=_("Person"),
        queryset=StaffMember.objects.none(),
        empty_label=_("– choose a person –"),
        error_messages={
            "required": _("Please choose whose hours these are."),
            "invalid_choice": _("Please choose a person with a post in this quartier."),
        },
    )
    monat = MonthField(
        label=_("Month"),
        help_text=_("e.g. 11/2026"),
        error_messages={"required": _("Please enter the month.")},
    )

    def __init__(
        self,
        *args: Any,
        fields: list[Field],
        people: list[StaffMember],
        own_member: StaffMember | None = None,
        today: datetime.date | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.task_fields = fields
        self.today = today or timezone.localdate()
        person = self.fields["person"]
        person.queryset = StaffMember.objects.filter(pk__in=[p.pk for p in people]).order_by("name", "pk")
        # The choices from the list already read: no second query when the form is drawn.
        person.choices = [("", person.empty_label), *((p.pk, p.name) for p in people)]
        self.own_member = own_member
        if own_member is not None:
            # Someone who records only their own hours: the person is fixed, shown as text.
            person.widget = forms.HiddenInput()
            person.initial = own_member.pk
        current = self.today.replace(day=1)
        self.fields["monat"].widget.attrs.update({"max": f"{current:%Y-%m}", "min": f"{EARLIEST_YEAR}-01"})
        for f in fields:
            self.fields[hours_field_name(f.key)] = LocalizedDecimalField(
                label=f.title,
                required=False,
                min_value=0,
                max_value=MONTH_HOURS_MAX,
                max_digits=5,
                decimal_places=1,
                error_messages={
                    "invalid": _("Please enter the hours as a number, e.g. 7,5."),
                    "min_value": _("Hours cannot be negative."),
                    "max_value": _("At most %(limit_value)s hours per month."),
                    "max_decimal_places": _("Please round to tenths of an hour, e.g. 7,5."),
                    "max_digits": _("At most %(limit_value)s hours per month.") % {"limit_value": MONTH_HOURS_MAX},
                    "max_whole_digits": _("At most %(limit_value)s hours per month.")
                    % {"limit_value": MONTH_HOURS_MAX},
                },
            )

    def hours_fields(self) -> list[forms.BoundField]:
        return [self[hours_field_name(f.key)] for f in self.task_fields]

    def clean_monat(self) -> datetime.date:
        month: datetime.date = self.cleaned_data["monat"]
        current = self.today.replace(day=1)
        if month > current:
            raise forms.ValidationError(
                gettext("Hours can be recorded up to the current month (%(month)s), not for later months.")
                % {"month": month_label(current)}
            )
        if month.year < EARLIEST_YEAR:
            raise forms.ValidationError(gettext("Please enter a month from %(year)s on.") % {"year": EARLIEST_YEAR})
        return month

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        values = [data.get(hours_field_name(f.key)) for f in self.task_fields]
        total = sum((v for v in values if v), Decimal(0))
        if total > MONTH_HOURS_MAX:
            self.add_error(
                None,
                gettext(
                    "Together these are %(total)s hours: at most %(limit)s hours per person and month can be "
                    "recorded, across all task fields and quartiers."
                )
                % {"total": hours_text(total), "limit": MONTH_HOURS_MAX},
            )
        return data

    def hours_by_field(self) -> dict[str, Decimal | None]:
        return {f.key: self.cleaned_data.get(hours_field_name(f.key)) for f in self.task_fields}
