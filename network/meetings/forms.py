"""Forms of meetings and action items. Dates and times are entered as a date and wall-clock
times, as on an invitation („25.11.2026, 18:30 Uhr“)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from planning.domains import Domain
from quartier.fields import ClockField, DateInput, TextAreaField, as_datetime, plausible_date
from quartier.models import Quartier

from ..partners.models import Partner
from ..partners.selectors import network_partners
from . import selectors
from .models import ActionItem, Meeting


class PartnerChoices(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Partner) -> str:
        return obj.name


# The range of a meeting's date: earlier or later dates are typing mistakes.
MEETING_EARLIEST = datetime.date(2000, 1, 1)
MEETING_YEARS_AHEAD = 10


class MeetingForm(forms.ModelForm):
    """A meeting: when and where, the agenda, who was invited and who came, minutes and decisions."""

    date = forms.DateField(label=_("Date"), widget=DateInput())
    begins = ClockField(label=_("Begins at"), help_text=_("e.g. 18:30"))
    ends = ClockField(
        label=_("Ends at"),
        required=False,
        help_text=_("Optional. Without an end, calendars show two hours."),
    )
    agenda = TextAreaField(label=_("Agenda"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    invited = PartnerChoices(label=_("Invited partners"), queryset=Partner.objects.none(), required=False)
    present = PartnerChoices(label=_("Partners present"), queryset=Partner.objects.none(), required=False)
    minutes = TextAreaField(label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    decisions = TextAreaField(label=_("Decisions"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    class Meta:
        model = Meeting
        fields = ["kind", "title", "place", "agenda", "invited", "present", "citizens_count", "minutes", "decisions"]
        labels = {
            "kind": _("Kind of meeting"),
            "title": _("Title"),
            "place": _("Place"),
            "citizens_count": _("Number of citizens present"),
        }
        help_texts = {
            "place": _("e.g. Bürgerhaus, Marktstraße 3, großer Saal"),
            "citizens_count": _("Residents who took part, without the partners' staff."),
        }
        widgets = {"citizens_count": forms.NumberInput(attrs={"min": 0, "max": 100_000, "inputmode": "numeric"})}

    field_order = [
        "kind",
        "title",
        "date",
        "begins",
        "ends",
        "place",
        "agenda",
        "invited",
        "present",
        "citizens_count",
        "minutes",
        "decisions",
    ]

    def __init__(self, *args: Any, quartier: Quartier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        keep: set[int] = set()
        if self.instance.pk:
            keep = {p.pk for p in self.instance.invited.all()} | {p.pk for p in self.instance.present.all()}
            starts = timezone.localtime(self.instance.starts_at)
            self.initial.setdefault("date", starts.date())
            self.initial.setdefault("begins", starts.time().replace(second=0, microsecond=0))
            if self.instance.ends_at:
                self.initial.setdefault("ends", timezone.localtime(self.instance.ends_at).time())
        partners = network_partners(quartier=quartier, keep=keep)
        for name in ("invited", "present"):
            self.fields[name].queryset = partners
        if not partners.exists():
            self.fields["invited"].help_text = _(
                "The quartier's network has no partners yet. Add them in the partner directory first."
            )

    def clean_date(self) -> datetime.date:
        """A date the calendar and the time zones can handle: from 2000 to ten years ahead."""
        return plausible_date(self.cleaned_data["date"], first=MEETING_EARLIEST, years_ahead=MEETING_YEARS_AHEAD)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        day, begins, ends = data.get("date"), data.get("begins"), data.get("ends")
        if day and begins:
            data["starts_at"] = as_datetime(day, begins)
            data["ends_at"] = as_datetime(day, ends) if ends else None
            if ends and ends < begins:
                self.add_error("ends", _("The end cannot be before the beginning."))
        return data

    def service_fields(self) -> dict[str, Any]:
        """What the services take: every model field plus the combined begin and end."""
        data = self.cleaned_data
        names = ("kind", "title", "starts_at", "ends_at", "place", "agenda", "citizens_count", "minutes", "decisions")
        return {name: data[name] for name in names}


class ActionItemForm(forms.ModelForm):
    """A task from a meeting: what, who (a partner or a person of the team) and by when."""

    class Meta:
        model = ActionItem
        fields = ["task", "responsible_partner", "responsible_user", "due_date"]
        labels = {
            "task": _("Task"),
            "responsible_partner": _("Responsible partner"),
            "responsible_user": _("or responsible person of the team"),
            "due_date": _("Due on"),
        }
        help_texts = {"task": _("What is to be done, in one sentence.")}
        widgets = {"due_date": DateInput()}

    def __init__(self, *args: Any, quartier: Quartier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partner = self.fields["responsible_partner"]
        partner.queryset = network_partners(
            quartier=quartier,
            keep=[self.instance.responsible_partner_id] if self.instance.responsible_partner_id else [],
        )
        partner.label_from_instance = lambda p: p.name
        partner.empty_label = _("no partner")
        person = self.fields["responsible_user"]
        person.queryset = selectors.team_of(quartier=quartier, keep=self.instance.responsible_user_id)
        person.label_from_instance = lambda user: user.display_name
        person.empty_label = _("nobody")

    def clean_due_date(self) -> datetime.date | None:
        day = self.cleaned_data.get("due_date")
        return plausible_date(day) if day is not None else None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("responsible_partner") and data.get("responsible_user"):
            self.add_error("responsible_user", _("Choose either a partner or a person, not both."))
        return data


class ToMeasureForm(forms.Form):
    domain = forms.ChoiceField(
        label=_("Domain of the new measure"),
        choices=Domain.choices,
        help_text=_("Which of the three domains the measure serves."),
    )
