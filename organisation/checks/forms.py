"""Forms of the organisation check: a round, a topic's rating and a next action."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.fields import SHORT_TEXT_MAX, DateInput, TextAreaField, plausible_date

from ..models import CheckAction, CheckRound, Maturity
from .services import ROUND_YEARS_AHEAD

DATE_ERRORS = {"invalid": _("Please enter a valid date, e.g. 31.03.2026."), "required": _("Please enter a date.")}


class RoundForm(forms.Form):
    held_on = forms.DateField(
        label=_("Held on"),
        widget=DateInput(),
        error_messages=DATE_ERRORS,
        help_text=_("The day the round was discussed, e.g. in a workshop of the management."),
    )
    title = forms.CharField(
        label=_("Title (optional)"),
        required=False,
        max_length=CheckRound._meta.get_field("title").max_length,
        help_text=_("e.g. „Klausur Fachbereich Soziales 2026“"),
    )
    notes = TextAreaField(
        label=_("Notes"),
        required=False,
        max_length=CheckRound._meta.get_field("notes").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Who took part, what the round was about."),
    )

    def clean_held_on(self) -> datetime.date:
        return plausible_date(self.cleaned_data["held_on"], years_ahead=ROUND_YEARS_AHEAD)


class NewRoundForm(RoundForm):
    take_over = forms.BooleanField(
        label=_("Start from the levels and evidence of the previous round"),
        required=False,
        help_text=_("Then you only change what has moved since."),
    )

    def __init__(self, *args: Any, has_previous: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"held_on": timezone.localdate(), "take_over": has_previous})
        super().__init__(*args, **kwargs)
        if not has_previous:
            del self.fields["take_over"]


class RatingForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("Maturity"),
        coerce=int,
        choices=[(value, f"{value} – {label}") for value, label in Maturity.choices],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Please choose one of the four levels."),
            "invalid_choice": _("Please choose one of the four levels."),
        },
    )
    evidence = TextAreaField(
        label=_("Evidence"),
        required=False,
        max_length=SHORT_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What shows this level: a decision, a structure, a document, an example."),
    )


class ActionForm(forms.Form):
    what = forms.CharField(
        label=_("What"),
        max_length=CheckAction._meta.get_field("what").max_length,
        error_messages={"required": _("Please say what is to be done.")},
    )
    who = forms.CharField(
        label=_("Who"),
        max_length=CheckAction._meta.get_field("who").max_length,
        error_messages={"required": _("Please say who takes care of it.")},
        help_text=_("A person or a department."),
    )
    due = forms.DateField(label=_("By when"), widget=DateInput(), error_messages=DATE_ERRORS)

    def clean_due(self) -> datetime.date:
        return plausible_date(self.cleaned_data["due"])
