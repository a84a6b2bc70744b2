"""The self-assessment (every competence of the catalogue on one form) and the training form."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.fields import DateInput, LocalizedDecimalField, plausible_date

from ..models import Competence, CompetenceLevel, Training, TrainingStatus

NOT_ASSESSED = ""
TRAINING_EARLIEST = datetime.date(1990, 1, 1)
TRAINING_YEARS_AHEAD = 5


class AssessmentForm(forms.Form):
    """One group of radio buttons per competence: levels 1–4 with their words, or „not assessed yet“.

    Fields are named `level_<competence id>`; anything else posted is ignored."""

    def __init__(self, *args: Any, competences: list[Competence], levels: dict[int, int | None], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.competences = competences
        choices = [(value, f"{value} – {label}") for value, label in CompetenceLevel.choices]
        choices.append((NOT_ASSESSED, _("not assessed yet")))
        for competence in competences:
            level = levels.get(competence.pk)
            self.fields[self.field_name(competence)] = forms.TypedChoiceField(
                label=competence.title,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=level if level else NOT_ASSESSED,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                error_messages={"invalid_choice": _("Please choose a level from 1 to 4 or „not assessed yet“.")},
            )

    @staticmethod
    def field_name(competence: Competence) -> str:
        return f"level_{competence.pk}"

    def groups(self) -> list[tuple[Competence, forms.BoundField]]:
        """(competence, its field) in the catalogue's order, for the template's fieldsets."""
        return [(c, self[self.field_name(c)]) for c in self.competences]

    def levels(self) -> dict[int, int | None]:
        """Competence id → level (None: not assessed), after validation."""
        return {c.pk: self.cleaned_data.get(self.field_name(c)) for c in self.competences}


class TrainingForm(forms.ModelForm):
    date = forms.DateField(
        label=_("Date"),
        widget=DateInput(),
        help_text=_("For a planned training: when it is to take place."),
        error_messages={"invalid": _("Please enter a valid date.")},
    )
    hours = LocalizedDecimalField(
        label=_("Hours"),
        required=False,
        max_digits=5,
        decimal_places=1,
        min_value=Decimal("0.5"),
        max_value=Decimal(1000),
        help_text=_("Optional, e.g. 7,5"),
        error_messages={"invalid": _("Please enter a number of hours, e.g. 7,5.")},
    )

    class Meta:
        model = Training
        fields = ["title", "provider", "date", "hours", "status", "competence"]
        labels = {
            "title": _("Title"),
            "provider": _("Provider"),
            "status": _("Status"),
            "competence": _("Competence it strengthens"),
        }
        help_texts = {
            "provider": _("Optional, e.g. the academy or association that offers it."),
            "competence": _(
                "Optional. A planned training for a competence nobody in the team is sure of shows on the team page."
            ),
        }
        widgets = {"status": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competence"].queryset = Competence.objects.order_by("position", "key")
        self.fields["competence"].empty_label = _("– none –")
        self.fields["competence"].error_messages["invalid_choice"] = _("Please choose a competence from the list.")
        self.fields["status"].choices = TrainingStatus.choices
        self.fields["status"].error_messages["invalid_choice"] = _("Please choose planned or completed.")
        self.fields["title"].error_messages["required"] = _("Please enter the title of the training.")

    def clean_date(self) -> datetime.date:
        return plausible_date(self.cleaned_data["date"], first=TRAINING_EARLIEST, years_ahead=TRAINING_YEARS_AHEAD)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        day, status = data.get("date"), data.get("status")
        if day and status == TrainingStatus.COMPLETED and day > timezone.localdate():
            self.add_error("date", _("A completed training cannot lie in the future. Is it still planned?"))
        return data
