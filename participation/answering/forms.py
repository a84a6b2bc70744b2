"""The answer form built from a survey: one field per question, in the survey's order.

Single choice, scale and yes/no are radio buttons, multiple choice is check boxes, a grid is one
radio group per item (its extra answer, e.g. „Nutze ich nicht“, is one more option per row), free
text a bounded text area, a number a text box with the question's range. Only a question's own
options are accepted: forged ids, another question's options and unknown field names never reach
the database. `blocks` gives the templates everything they render (labels, ids, errors), so that
the public page and the staff entry form show the same questions."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quartier.fields import SHORT_TEXT_MAX

from ..surveys.models import Channel, Question, QuestionKind, Survey
from .services import field_name

NUMBER_MAX = Decimal("9999999999.99")  # what the answer's number column holds


def _number(value: Decimal) -> str:
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"
    return text.replace(".", ",")


@dataclass
class Option:
    value: str
    label: str
    id: str
    checked: bool
    is_extra: bool = False


@dataclass
class Group:
    """One radio group, check-box group or input: what a fieldset row or a field shows."""

    name: str
    id: str  # of the fieldset (groups) or the input
    label: str
    first_id: str  # what the error summary links to
    options: list[Option] = field(default_factory=list)
    value: str = ""
    errors: list[str] = field(default_factory=list)


@dataclass
class Block:
    """One question as the page shows it."""

    number: int
    question: Question
    kind: str
    id: str
    help_id: str
    error_id: str
    groups: list[Group]

    @property
    def errors(self) -> list[str]:
        return [error for group in self.groups for error in group.errors]

    @property
    def is_choice(self) -> bool:
        return self.kind in (QuestionKind.SINGLE, QuestionKind.SCALE, QuestionKind.YESNO, QuestionKind.MULTIPLE)

    @property
    def is_grid(self) -> bool:
        return self.kind == QuestionKind.GRID

    @property
    def describedby(self) -> str:
        ids = [self.help_id] if self.question.help_text or self.range_hint else []
        if self.errors and not self.is_grid:
            ids.append(self.error_id)
        return " ".join(ids)

    @property
    def range_hint(self) -> str:
        if self.kind != QuestionKind.NUMBER:
            return ""
        low, high = self.question.min_value, self.question.max_value
        if low is not None and high is not None:
            return _("A number from %(low)s to %(high)s.") % {"low": _number(low), "high": _number(high)}
        if low is not None:
            return _("A number of at least %(low)s.") % {"low": _number(low)}
        if high is not None:
            return _("A number of at most %(high)s.") % {"high": _number(high)}
        return ""

    @property
    def input_type(self) -> str:
        return "checkbox" if self.kind == QuestionKind.MULTIPLE else "radio"


class SurveyAnswerForm(forms.Form):
    required_message = gettext_lazy("Please answer this question.")
    invalid_choice_message = gettext_lazy("Please choose one of the answers shown.")

    def __init__(self, *args: Any, survey: Survey, questions: list[Question], **kwargs: Any) -> None:
        """`questions`: as `services.questions_of` gives them (with their choices and items)."""
        kwargs.setdefault("auto_id", "id_%s")
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.questions = questions
        for question in questions:
            self._add_fields(question)

    def _choices(self, question: Question, *, extra: bool = True) -> list[tuple[str, str]]:
        return [(str(c.pk), c.label) for c in question.choice_list if extra or not c.is_extra]

    def _add_fields(self, question: Question) -> None:
        messages = {"required": self.required_message, "invalid_choice": self.invalid_choice_message}
        name = field_name(question)
        kind = question.kind
        if kind in (QuestionKind.SINGLE, QuestionKind.SCALE, QuestionKind.YESNO):
            self.fields[name] = forms.ChoiceField(
                choices=self._choices(question),
                required=question.required,
                widget=forms.RadioSelect,
                error_messages=messages,
            )
        elif kind == QuestionKind.MULTIPLE:
            self.fields[name] = forms.MultipleChoiceField(
                choices=self._choices(question),
                required=question.required,
                widget=forms.CheckboxSelectMultiple,
                error_messages={**messages, "required": _("Please choose at least one answer.")},
            )
        elif kind == QuestionKind.GRID:
            for item in question.item_list:
                self.fields[field_name(question, item)] = forms.ChoiceField(
                    choices=self._choices(question),
                    required=question.required,
                    widget=forms.RadioSelect,
                    error_messages={
                        **messages,
                        "required": _("Please choose an answer for „%(item)s“.") % {"item": item.label},
                    },
                )
        elif kind == QuestionKind.TEXT:
            self.fields[name] = forms.CharField(
                required=question.required,
                max_length=SHORT_TEXT_MAX,
                widget=forms.Textarea,
                error_messages=messages,
            )
        elif kind == QuestionKind.NUMBER:
            low = question.min_value if question.min_value is not None else -NUMBER_MAX
            high = question.max_value if question.max_value is not None else NUMBER_MAX
            self.fields[name] = forms.DecimalField(
                required=question.required,
                min_value=low,
                max_value=high,
                max_digits=12,
                decimal_places=2,
                localize=True,
                widget=forms.TextInput,
                error_messages={**messages, "invalid": _("Please enter a number, e.g. 3 or 2,5.")},
            )

    # What the templates render ------------------------------------------------------------------

    # A form shown again only to keep what was typed (after the text size switch): no errors.
    quiet = False

    def _errors_of(self, name: str) -> list[str]:
        return list(self.errors.get(name, [])) if self.is_bound and not self.quiet else []

    def _value(self, name: str) -> Any:
        bound = self[name]
        return bound.value() if self.is_bound else bound.initial

    def _group(self, name: str, label: str, choices: list[tuple[str, str]], question: Question) -> Group:
        value = self._value(name)
        picked = {str(v) for v in value} if isinstance(value, list | tuple) else {str(value or "")}
        extra = {str(c.pk) for c in question.choice_list if c.is_extra}
        group_id = f"f-{name}"
        options = [
            Option(value=v, label=text, id=f"id_{name}_{n}", checked=v in picked, is_extra=v in extra)
            for n, (v, text) in enumerate(choices)
        ]
        return Group(
            name=name,
            id=group_id,
            label=label,
            first_id=options[0].id if options else group_id,
            options=options,
            errors=self._errors_of(name),
        )

    def _input(self, name: str, label: str) -> Group:
        value = self._value(name)
        return Group(
            name=name,
            id=f"id_{name}",
            label=label,
            first_id=f"id_{name}",
            value="" if value is None else str(value),
            errors=self._errors_of(name),
        )

    @property
    def blocks(self) -> list[Block]:
        blocks = []
        for number, question in enumerate(self.questions, start=1):
            name = field_name(question)
            choices = self._choices(question)
            if question.kind == QuestionKind.GRID:
                groups = [
                    self._group(field_name(question, item), item.label, choices, question)
                    for item in question.item_list
                ]
            elif question.kind in (QuestionKind.TEXT, QuestionKind.NUMBER):
                groups = [self._input(name, question.text)]
            else:
                groups = [self._group(name, question.text, choices, question)]
            blocks.append(
                Block(
                    number=number,
                    question=question,
                    kind=question.kind,
                    id=f"frage-{number}",
                    help_id=f"hilfe-{number}",
                    error_id=f"fehler-{number}",
                    groups=groups,
                )
            )
        return blocks

    def error_links(self) -> list[tuple[str, str]]:
        """(href, text) for the error summary: one link per missing or wrong answer."""
        links = [("#antworten", str(error)) for error in self.non_field_errors()]
        for block in self.blocks:
            for group in block.groups:
                for error in group.errors:
                    # A grid's message names its item; other messages follow the question.
                    text = (
                        f"{block.number}. {error}"
                        if block.is_grid
                        else f"{block.number}. {block.question.text} – {error}"
                    )
                    links.append((f"#{group.first_id}", text))
        return links

    def first_input_id(self) -> str:
        blocks = self.blocks
        return blocks[0].groups[0].first_id if blocks and blocks[0].groups else ""


class EntryForm(SurveyAnswerForm):
    """The staff entry form: the same questions plus the channel and the day the form was filled in."""

    channel = forms.ChoiceField(
        label=gettext_lazy("How was it answered?"),
        # Paper first: most typed-in forms come from the post box.
        choices=[(c, Channel(c).label) for c in (Channel.PAPER, Channel.INTERVIEW, Channel.ONLINE)],
        initial=Channel.PAPER,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    submitted_on = forms.DateField(
        label=gettext_lazy("Filled in on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()
        self.fields["submitted_on"].initial = self.today
        # Paper forms are typed in after the fact; the day lies between opening (or a year back) and today.
        self.earliest = self.survey.opens_on or self.today - datetime.timedelta(days=365)
        self.fields["submitted_on"].help_text = _("Between %(first)s and today.") % {
            "first": self.earliest.strftime("%d.%m.%Y")
        }

    def clean_submitted_on(self) -> datetime.date:
        day = self.cleaned_data["submitted_on"]
        if day > self.today:
            raise forms.ValidationError(_("The day cannot lie in the future."))
        if day < self.earliest:
            raise forms.ValidationError(
                _("The day cannot lie before %(first)s.") % {"first": self.earliest.strftime("%d.%m.%Y")}
            )
        return day

    def error_links(self) -> list[tuple[str, str]]:
        links = [
            (f"#{'id_channel_0' if name == 'channel' else 'id_submitted_on'}", f"{self.fields[name].label}: {error}")
            for name in ("channel", "submitted_on")
            for error in self.errors.get(name, [])
        ]
        return links + super().error_links()
