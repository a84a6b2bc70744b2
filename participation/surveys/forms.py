"""Forms of the survey builder. Options and grid items are typed one per line: that works with
the keyboard alone and without JavaScript."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from planning.analysis.models import Indicator
from quartier.fields import SHORT_TEXT_MAX, DateInput, TextAreaField

from .models import Question, QuestionKind, QuestionRole, Survey
from .services import EXTRA_KINDS, MAX_ITEMS, MAX_OPTIONS, OPTION_KINDS, SURVEY_FIELDS


class SurveyCreateForm(forms.Form):
    TEMPLATE, BLANK, WAVE = "vorlage", "leer", "welle"
    start = forms.ChoiceField(
        label=_("How do you want to start?"),
        choices=(
            (TEMPLATE, _("With the default questionnaire „Leben im Quartier“ (recommended)")),
            (BLANK, _("With an empty survey: I add the questions myself")),
            (WAVE, _("As a new wave of an earlier survey: the same questions asked again")),
        ),
        initial=TEMPLATE,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=Survey._meta.get_field("title").max_length,
        required=False,
        help_text=_("Needed for an empty survey; a copy keeps the earlier title unless you enter a new one."),
    )
    previous = forms.ModelChoiceField(
        label=_("Earlier survey"), queryset=Survey.objects.none(), required=False, empty_label=_("– please choose –")
    )
    wave_label = forms.CharField(
        label=_("Wave"),
        max_length=Survey._meta.get_field("wave_label").max_length,
        required=False,
        help_text=_("e.g. T1 for the second wave; left empty, the next number is taken."),
    )

    def __init__(self, *args: Any, quartier: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["previous"].queryset = Survey.objects.filter(quartier=quartier).order_by("-created_at")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start = data.get("start")
        if start == self.BLANK and not (data.get("title") or "").strip():
            self.add_error("title", _("Please give the survey a title."))
        if start == self.WAVE and not data.get("previous"):
            self.add_error("previous", _("Please choose the survey to ask again."))
        return data


class SurveyForm(forms.ModelForm):
    intro = TextAreaField(label=_("Introduction"), max_length=SHORT_TEXT_MAX, required=False)
    purpose = TextAreaField(label=_("Purpose"), max_length=SHORT_TEXT_MAX, required=False)

    class Meta:
        model = Survey
        fields = SURVEY_FIELDS
        widgets = {"opens_on": DateInput(), "closes_on": DateInput()}
        help_texts = {
            "controller": _("Name and address of the body responsible for the data."),
            "legal_basis": _("e.g. „Ihre Einwilligung (Art. 6 Abs. 1 lit. a DSGVO)“"),
            "retention": _("How long the answers are kept, e.g. „bis zum Projektende, längstens 31.12.2028“"),
            "results_note": _("e.g. „bei der Bürgerversammlung im Herbst und auf der Website der Stadt“"),
            "paper_note": _("e.g. „im Seniorentreff und in der Apotheke am Markt“"),
            "min_cell_size": _("Results by group are shown only for groups of at least this size (at least 3)."),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        opens_on, closes_on = data.get("opens_on"), data.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("The closing date must not be before the opening date."))
        return data

    def validate_constraints(self) -> None:
        # The model's constraints are checked in clean() and in the service, with plain messages.
        pass

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in SURVEY_FIELDS}


class LinesField(forms.CharField):
    """One entry per line; empty lines are dropped."""

    def __init__(self, *, max_lines: int, **kwargs: Any) -> None:
        self.max_lines = max_lines
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 6}))
        super().__init__(max_length=max_lines * 310, required=False, strip=False, **kwargs)

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, (list, tuple)):
            return "\n".join(value)
        return value


class QuestionForm(forms.Form):
    """The fields a question of `kind` has; on a survey with answers, only texts are open."""

    text = forms.CharField(label=_("Question"), max_length=Question._meta.get_field("text").max_length)
    help_text = forms.CharField(
        label=_("Explanation (optional)"), max_length=Question._meta.get_field("help_text").max_length, required=False
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    choices = LinesField(
        label=_("Answers to choose from, one per line"), max_lines=MAX_OPTIONS, help_text=_("In the order shown.")
    )
    items = LinesField(
        label=_("Items, one per line"),
        max_lines=MAX_ITEMS,
        help_text=_("Each item is a row of the grid and is rated on the scale above."),
    )
    extra_choice = forms.CharField(
        label=_("Extra answer outside the scale (optional)"),
        max_length=Question._meta.get_field("extra_choice").max_length,
        required=False,
        help_text=_("e.g. „Weiß nicht“ or „Nutze ich nicht“: counted, but not part of the mean."),
    )
    min_value = forms.DecimalField(
        label=_("Smallest number (optional)"), max_digits=12, decimal_places=2, required=False
    )
    max_value = forms.DecimalField(
        label=_("Largest number (optional)"), max_digits=12, decimal_places=2, required=False
    )
    domain = forms.ChoiceField(label=_("Domain"), choices=Question._meta.get_field("domain").choices)
    indicator = forms.ModelChoiceField(
        label=_("Indicator the answers feed (optional)"),
        queryset=Indicator.objects.filter(active=True),
        required=False,
        empty_label=_("– none –"),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=QuestionRole.choices,
        required=False,
        help_text=_("Mark the question that asks for the age band: the results are broken down by it."),
    )

    # Structural fields: closed once the survey has answers.
    STRUCTURE = ("required", "domain", "indicator", "role", "min_value", "max_value")

    def __init__(self, *args: Any, kind: str, locked: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = QuestionKind(kind)
        if self.kind not in OPTION_KINDS:
            del self.fields["choices"]
        elif self.kind in (QuestionKind.SCALE, QuestionKind.GRID):
            self.fields["choices"].label = _("Steps of the scale, one per line")
            self.fields["choices"].help_text = _("From the first to the last step, e.g. „Sehr zufrieden“ first.")
        if self.kind != QuestionKind.GRID:
            del self.fields["items"]
        if self.kind not in EXTRA_KINDS:
            del self.fields["extra_choice"]
        if self.kind != QuestionKind.NUMBER:
            del self.fields["min_value"]
            del self.fields["max_value"]
        if self.kind != QuestionKind.SINGLE:
            del self.fields["role"]
        if self.kind == QuestionKind.TEXT:
            del self.fields["indicator"]
        if locked:
            for name in self.STRUCTURE:
                if name in self.fields:
                    self.fields[name].disabled = True

    @classmethod
    def initial_for(cls, question: Question) -> dict[str, Any]:
        options = list(question.choices.order_by("position", "pk"))
        return {
            "text": question.text,
            "help_text": question.help_text,
            "required": question.required,
            "domain": question.domain,
            "indicator": question.indicator_id,
            "role": question.role,
            "extra_choice": question.extra_choice,
            "min_value": question.min_value,
            "max_value": question.max_value,
            "choices": "\n".join(c.label for c in options if not c.is_extra),
            "items": "\n".join(i.label for i in question.items.order_by("position", "pk")),
        }

    def service_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "text": data["text"],
            "help_text": data.get("help_text", ""),
            "required": data.get("required", False),
            "domain": data["domain"],
            "indicator": data.get("indicator"),
            "role": data.get("role", "") or "",
            "extra_choice": data.get("extra_choice", "") or "",
            "min_value": data.get("min_value"),
            "max_value": data.get("max_value"),
            "choices": data.get("choices", []),
            "items": data.get("items", []),
        }
