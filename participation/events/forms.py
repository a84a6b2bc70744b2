"""Forms of events, their attachments and a walk's problem points. Dates and times are entered
as on an invitation: a date and wall-clock times („18:30“, „18.30 Uhr“)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from planning.analysis.models import FacilityCategory
from planning.documents import ALLOWED_LABEL
from quartier.fields import (
    SHORT_TEXT_MAX,
    ClockField,
    DateInput,
    LocalizedDecimalField,
    TextAreaField,
    as_datetime,
    plausible_date,
)

from .models import MAX_PARTICIPANTS, Event

EVENT_EARLIEST = datetime.date(2000, 1, 1)
EVENT_YEARS_AHEAD = 10


def _count_widget() -> forms.NumberInput:
    return forms.NumberInput(attrs={"min": 0, "max": MAX_PARTICIPANTS, "inputmode": "numeric"})


class EventForm(forms.ModelForm):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    begins = ClockField(label=_("Begins at"), help_text=_("e.g. 18:30"))
    ends = ClockField(
        label=_("Ends at"), required=False, help_text=_("Optional. Without an end, calendars show two hours.")
    )
    description = TextAreaField(
        label=_("What it is about"), max_length=SHORT_TEXT_MAX, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    findings = TextAreaField(
        label=_("Findings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What was said and found. Please no names of citizens."),
    )

    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "place",
            "description",
            "findings",
            "participants",
            "participants_under_65",
            "participants_65_79",
            "participants_80_plus",
        ]
        labels = {
            "kind": _("Kind of event"),
            "title": _("Title"),
            "place": _("Place"),
            "participants": _("Participants in all"),
            "participants_under_65": _("of them under 65"),
            "participants_65_79": _("of them 65 to 79"),
            "participants_80_plus": _("of them 80 and older"),
        }
        help_texts = {
            "place": _("e.g. Bürgerhaus, Marktstraße 3; for a walk: where it starts"),
            "participants": _("Citizens who took part, without the team. The age bands may be left at 0."),
        }
        widgets = {
            "participants": _count_widget(),
            "participants_under_65": _count_widget(),
            "participants_65_79": _count_widget(),
            "participants_80_plus": _count_widget(),
        }

    field_order = ["kind", "title", "date", "begins", "ends", "place", "description", "findings"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            starts = timezone.localtime(self.instance.starts_at)
            self.initial.setdefault("date", starts.date())
            self.initial.setdefault("begins", starts.time().replace(second=0, microsecond=0))
            if self.instance.ends_at:
                self.initial.setdefault("ends", timezone.localtime(self.instance.ends_at).time())

    def clean_date(self) -> datetime.date:
        return plausible_date(self.cleaned_data["date"], first=EVENT_EARLIEST, years_ahead=EVENT_YEARS_AHEAD)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        day, begins, ends = data.get("date"), data.get("begins"), data.get("ends")
        if day and begins:
            data["starts_at"] = as_datetime(day, begins)
            data["ends_at"] = as_datetime(day, ends) if ends else None
            if ends and ends < begins:
                self.add_error("ends", _("The end cannot be before the beginning."))
        total = data.get("participants")
        bands = [data.get(name) for name in ("participants_under_65", "participants_65_79", "participants_80_plus")]
        if total is not None and all(b is not None for b in bands) and sum(bands) > total:
            self.add_error(
                "participants",
                _("The age bands add up to %(sum)s, more than the %(total)s participants in all.")
                % {"sum": sum(bands), "total": total},
            )
        return data

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data[name] for name in (*self.Meta.fields, "starts_at", "ends_at")}


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=ALLOWED_LABEL)
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    is_photo = forms.BooleanField(label=_("This is a photo"), required=False)
    consent = forms.BooleanField(
        label=_("The people shown agreed to publication"),
        required=False,
        help_text=_("Without this, the photo is only shown to the team – never publicly or in reports."),
    )


class ConsentForm(forms.Form):
    consent = forms.BooleanField(label=_("The people shown agreed to publication"), required=False)


class CoordinateField(LocalizedDecimalField):
    def __init__(self, *, limit: int, **kwargs: Any) -> None:
        super().__init__(max_digits=9, decimal_places=6, min_value=-limit, max_value=limit, **kwargs)

    def to_python(self, value: Any) -> Any:
        number = super().to_python(value)
        if number is None:
            return None
        # Outside the range or not a finite number at all: the field's checks say so at the
        # field (rounding such a number would fail).
        if not number.is_finite() or abs(number) > self.max_value:
            return number
        # A map click gives more digits than stored; round instead of refusing.
        return number.quantize(Decimal("0.000001"))


class WalkPointForm(forms.Form):
    description = TextAreaField(
        label=_("What was found"),
        max_length=SHORT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. kerb too high, no bench, dark path. Please no names."),
    )
    lat = CoordinateField(limit=90, label=_("Latitude"), help_text=_("e.g. 48,7758 – or click on the map"))
    lon = CoordinateField(limit=180, label=_("Longitude"), help_text=_("e.g. 9,1829"))
    photo = forms.FileField(label=_("Photo (optional)"), required=False, help_text=_("PNG or JPEG"))
    photo_consent = forms.BooleanField(label=_("The people shown agreed to publication"), required=False)


class FacilityConversionForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Category"), queryset=FacilityCategory.objects.all())
    name = forms.CharField(label=_("Name of the facility"), max_length=200)
