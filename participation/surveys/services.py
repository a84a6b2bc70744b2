"""Writes of the survey builder: surveys, waves, questions with their options and items, and
publishing (draft → open → closed).

The one rule that protects the results: questions change in structure only while the survey is
a draft (a draft never has answers). Once it is open or closed — answered or not, since an answer
may arrive at any moment — only typing mistakes may be fixed: a question's text and explanation,
the labels of its options and of its grid items, each staying close to its old wording. Every
service here checks that rule itself.
"""

from __future__ import annotations

import datetime
import difflib
import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from planning.analysis.models import Indicator
from quartier.access import Action, require
from quartier.models import Quartier, User
from quartier.services import delete_with_files

from ..answering.structure import structure_changed
from .models import (
    MIN_CELL_SIZE,
    Choice,
    GridItem,
    Question,
    QuestionKind,
    QuestionRole,
    Survey,
    SurveyStatus,
)

YES_NO = ("Ja", "Nein")
# Kinds that need options to pick from, typed by the staff (yes/no brings its own).
OPTION_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SCALE, QuestionKind.GRID)
# Kinds that may have an extra answer beside their scale („weiß nicht“, „trifft nicht zu“).
EXTRA_KINDS = (QuestionKind.SCALE, QuestionKind.GRID)
MAX_OPTIONS = 15
MAX_ITEMS = 30
OPTION_MAX_LENGTH = Choice._meta.get_field("label").max_length
ITEM_MAX_LENGTH = GridItem._meta.get_field("label").max_length

SURVEY_FIELDS = (
    "title",
    "intro",
    "opens_on",
    "closes_on",
    "controller",
    "purpose",
    "legal_basis",
    "retention",
    "results_note",
    "paper_note",
    "min_cell_size",
)
# What a new wave takes over from the earlier survey besides its questions.
WAVE_FIELDS = (
    "intro",
    "controller",
    "purpose",
    "legal_basis",
    "retention",
    "results_note",
    "paper_note",
    "min_cell_size",
)
QUESTION_FIELDS = (
    "text",
    "help_text",
    "required",
    "domain",
    "indicator",
    "role",
    "extra_choice",
    "min_value",
    "max_value",
)
# What may still change once a survey has responses: typing mistakes in texts.
TYPO_FIELDS = ("text", "help_text")


# How close a corrected text must stay to the old one (difflib ratio on casefolded text).
TYPO_MIN_RATIO = 0.6


def survey_has_responses(survey: Survey) -> bool:
    return survey.responses.exists()


def survey_locked(survey: Survey) -> bool:
    """Questions can no longer change in structure: the survey is open or closed (answers may
    arrive at any moment) or it has answers."""
    return survey.status != SurveyStatus.DRAFT or survey_has_responses(survey)


def _require_unlocked(survey: Survey) -> None:
    if survey_locked(survey):
        raise ValidationError(
            _(
                "This survey is no longer a draft: its questions can no longer be added, removed, moved or "
                "changed. Only typing mistakes in texts may be corrected. For other changes start a new wave."
            ),
            code="locked",
        )


def _skeleton(text: str) -> str:
    """The text without case, spaces and punctuation."""
    return "".join(ch for ch in text.casefold() if unicodedata.category(ch)[0] not in "PZS" and not ch.isspace())


def is_typo_fix(old: str, new: str) -> bool:
    """A new wording that is only a correction of the old one: the same but for case, spaces and
    punctuation, or close to it (similarity ratio ≥ TYPO_MIN_RATIO)."""
    old, new = old.strip(), new.strip()
    if old == new or _skeleton(old) == _skeleton(new):
        return True
    return difflib.SequenceMatcher(None, old.casefold(), new.casefold()).ratio() >= TYPO_MIN_RATIO


def _typo_error() -> str:
    return _(
        "Once a survey is open and may have answers, only typing mistakes can be corrected: this would change "
        "the meaning. For a changed question start a new wave."
    )


# ---------------------------------------------------------------------------------------------
# Surveys


def _check_survey(survey: Survey) -> None:
    errors: dict[str, list[str]] = {}
    if survey.opens_on and survey.closes_on and survey.closes_on < survey.opens_on:
        errors["closes_on"] = [_("The closing date must not be before the opening date.")]
    if survey.min_cell_size is None or survey.min_cell_size < MIN_CELL_SIZE:
        errors["min_cell_size"] = [
            _("Groups smaller than %(n)s are never shown, to keep answers anonymous.") % {"n": MIN_CELL_SIZE}
        ]
    if not (survey.title or "").strip():
        errors["title"] = [_("Please give the survey a title.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def survey_create(*, quartier: Quartier, user: User, title: str, intro: str = "") -> Survey:
    """An empty draft: the questions are added in the builder."""
    require(user, Action.EDIT_PARTICIPATION, quartier)
    survey = Survey(quartier=quartier, title=title.strip(), intro=intro, created_by=user)
    _check_survey(survey)
    survey.save()
    return survey


def next_wave_label(label: str) -> str:
    """T0 → T1, Welle 2 → Welle 3; anything else: T1."""
    match = re.fullmatch(r"(.*?)(\d+)", label.strip())
    if match:
        return f"{match.group(1)}{int(match.group(2)) + 1}"
    return "T1"


@transaction.atomic
def survey_create_wave(*, survey: Survey, user: User, title: str = "", wave_label: str = "") -> Survey:
    """A new draft that asks the same questions again (a new wave, e.g. T0 → T1).

    Questions, options and grid items are copied in their order with every setting; the
    information notice and the other notes are taken over; the dates are left for the new wave.
    The new survey points to the earlier one, so that the results can be compared.
    """
    require(user, Action.EDIT_PARTICIPATION, survey.quartier)
    wave = Survey(
        quartier=survey.quartier,
        title=(title or survey.title).strip(),
        previous_wave=survey,
        wave_label=(wave_label or next_wave_label(survey.wave_label)).strip(),
        created_by=user,
        **{name: getattr(survey, name) for name in WAVE_FIELDS},
    )
    _check_survey(wave)
    wave.save()
    for question in survey.questions.prefetch_related("choices", "items").order_by("position", "pk"):
        copy = Question.objects.create(
            survey=wave,
            position=question.position,
            kind=question.kind,
            **{name: getattr(question, name) for name in QUESTION_FIELDS},
        )
        Choice.objects.bulk_create(
            Choice(question=copy, position=c.position, label=c.label, is_extra=c.is_extra)
            for c in question.choices.all()
        )
        GridItem.objects.bulk_create(
            GridItem(question=copy, position=i.position, label=i.label) for i in question.items.all()
        )
    structure_changed(wave.pk)  # bulk writes send no signals
    return wave


@transaction.atomic
def survey_update(*, survey: Survey, user: User, **fields: Any) -> Survey:
    """Settings of a survey: title, introduction, dates, the information notice and notes."""
    require(user, Action.EDIT_PARTICIPATION, survey.quartier)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    unknown = set(fields) - set(SURVEY_FIELDS)
    if unknown:
        raise TypeError(f"not a survey setting: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(survey, name, value)
    _check_survey(survey)
    survey.save()
    return survey


# ---------------------------------------------------------------------------------------------
# Publishing


def publish_problems(survey: Survey, *, today: datetime.date | None = None) -> list[str]:
    """What is missing before the survey can be opened, in plain words; empty when it can."""
    today = today or timezone.localdate()
    problems = []
    questions = list(survey.questions.prefetch_related("choices", "items"))
    if not questions:
        problems.append(_("Add at least one question."))
    for question in questions:
        options = [c for c in question.choices.all() if not c.is_extra]
        if question.kind in OPTION_KINDS and len(options) < 2:
            problems.append(_("Question %(n)s needs at least two answers to choose from.") % {"n": question.position})
        if question.kind == QuestionKind.GRID and not question.items.all():
            problems.append(_("Question %(n)s needs at least one item.") % {"n": question.position})
    if not survey.opens_on:
        problems.append(_("Enter the opening date."))
    if not survey.closes_on:
        problems.append(_("Enter the closing date."))
    elif survey.closes_on < today:
        problems.append(_("The closing date has passed: choose a later one."))
    if survey.opens_on and survey.closes_on and survey.closes_on < survey.opens_on:
        problems.append(_("The closing date must not be before the opening date."))
    for name in ("controller", "purpose", "legal_basis", "retention"):
        if not getattr(survey, name).strip():
            problems.append(
                _("Fill in the information notice: “%(field)s”.") % {"field": Survey._meta.get_field(name).verbose_name}
            )
    return problems


@transaction.atomic
def survey_publish(*, survey: Survey, user: User) -> Survey:
    """Draft → open: citizens can answer through the public link from now on."""
    require(user, Action.EDIT_PARTICIPATION, survey.quartier)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != SurveyStatus.DRAFT:
        raise ValidationError(_("Only a draft can be opened."), code="status")
    problems = publish_problems(survey)
    if problems:
        raise ValidationError(problems, code="incomplete")
    survey.status = SurveyStatus.OPEN
    survey.save(update_fields=["status", "updated_at"])
    return survey


@transaction.atomic
def survey_close(*, survey: Survey, user: User) -> Survey:
    """Open → closed: no more answers online; the results part writes its indicator values."""
    require(user, Action.EDIT_PARTICIPATION, survey.quartier)
    survey = Survey.objects.select_for_update().select_related("quartier").get(pk=survey.pk)
    if survey.status != SurveyStatus.OPEN:
        raise ValidationError(_("Only an open survey can be closed."), code="status")
    survey.status = SurveyStatus.CLOSED
    survey.save(update_fields=["status", "updated_at"])
    _after_close(survey, user)
    return survey


def survey_delete(*, survey: Survey, user: User) -> None:
    """Delete the survey with its questions, responses and answers and its print files (a draft
    made by mistake, or answers whose retention period is over). A later wave keeps its own
    answers and only loses the comparison."""
    require(user, Action.EDIT_PARTICIPATION, survey.quartier)
    delete_with_files(obj=survey)


@transaction.atomic
def survey_reopen(*, survey: Survey, user: User) -> Survey:
    """Closed → open again, e.g. when paper forms arrive late; the closing date must lie ahead."""
    require(user, Action.EDIT_PARTICIPATION, survey.quartier)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != SurveyStatus.CLOSED:
        raise ValidationError(_("Only a closed survey can be opened again."), code="status")
    if not survey.closes_on or survey.closes_on < timezone.localdate():
        raise ValidationError(
            {"closes_on": [_("The closing date has passed: choose a later one in the settings first.")]},
            code="closed",
        )
    survey.status = SurveyStatus.OPEN
    survey.save(update_fields=["status", "updated_at"])
    return survey


def _after_close(survey: Survey, user: User) -> None:
    """Answers linked to indicators become indicator values of the quartier, dated the closing
    day. It runs inside the closing transaction: if writing the values fails, the survey stays open.
    """
    from participation.results.indicators import survey_write_indicators  # results build on surveys

    survey_write_indicators(survey=survey, user=user)


# ---------------------------------------------------------------------------------------------
# Questions


def _clean_lines(lines: Sequence[str]) -> list[str]:
    return [line.strip() for line in lines if line and line.strip()]


def _check_question(
    *,
    kind: str,
    text: str,
    role: str,
    choices: list[str],
    items: list[str],
    extra_choice: str,
    min_value: Decimal | None,
    max_value: Decimal | None,
    indicator: Indicator | None,
) -> None:
    errors: dict[str, list[str]] = {}
    if not text.strip():
        errors["text"] = [_("Please enter the question.")]
    if kind in OPTION_KINDS:
        if len(choices) < 2:
            errors["choices"] = [_("Enter at least two answers, one per line.")]
        elif len(choices) > MAX_OPTIONS:
            errors["choices"] = [_("At most %(n)s answers.") % {"n": MAX_OPTIONS}]
        elif any(len(c) > OPTION_MAX_LENGTH for c in choices):
            errors["choices"] = [_("An answer may have at most %(n)s characters.") % {"n": OPTION_MAX_LENGTH}]
        elif len({c.casefold() for c in choices}) != len(choices):
            errors["choices"] = [_("Each answer may appear only once.")]
    if kind == QuestionKind.GRID:
        if not items:
            errors["items"] = [_("Enter at least one item, one per line.")]
        elif len(items) > MAX_ITEMS:
            errors["items"] = [_("At most %(n)s items.") % {"n": MAX_ITEMS}]
        elif any(len(i) > ITEM_MAX_LENGTH for i in items):
            errors["items"] = [_("An item may have at most %(n)s characters.") % {"n": ITEM_MAX_LENGTH}]
    if extra_choice and kind not in EXTRA_KINDS:
        errors["extra_choice"] = [_("Only a scale or a grid can have an extra answer.")]
    if extra_choice and extra_choice.casefold() in {c.casefold() for c in choices}:
        errors["extra_choice"] = [_("The extra answer must differ from the answers of the scale.")]
    if kind != QuestionKind.NUMBER and (min_value is not None or max_value is not None):
        errors["min_value"] = [_("Only a number question has a range.")]
    if min_value is not None and max_value is not None and max_value < min_value:
        errors["max_value"] = [_("The largest number must not be smaller than the smallest.")]
    if role == QuestionRole.AGE_BAND and kind != QuestionKind.SINGLE:
        errors["role"] = [_("The age band must be a single-choice question.")]
    if indicator is not None and kind == QuestionKind.TEXT:
        errors["indicator"] = [_("Free texts cannot feed an indicator.")]
    if errors:
        raise ValidationError(errors)


def _check_one_age_band(survey: Survey, role: str, exclude: int | None = None) -> None:
    if role == QuestionRole.AGE_BAND and survey.questions.filter(role=role).exclude(pk=exclude).exists():
        raise ValidationError({"role": [_("Another question of this survey already asks for the age band.")]})


def _option_labels(kind: str, choices: Sequence[str]) -> list[str]:
    if kind == QuestionKind.YESNO:
        return list(YES_NO)
    if kind in OPTION_KINDS:
        return _clean_lines(choices)
    return []


@transaction.atomic
def question_create(
    *,
    survey: Survey,
    user: User,
    kind: str,
    text: str,
    help_text: str = "",
    required: bool = False,
    domain: str = "basis",
    indicator: Indicator | None = None,
    role: str = "",
    extra_choice: str = "",
    min_value: Decimal | None = None,
    max_value: Decimal | None = None,
    choices: Sequence[str] = (),
    items: Sequence[str] = (),
) -> Question:
    """A question at the end of the survey, with its options (one per line) and grid items."""
    require(user, Action.EDIT_PARTICIPATION, survey.quartier)
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _require_unlocked(survey)
    kind = QuestionKind(kind)
    labels = _option_labels(kind, choices)
    item_labels = _clean_lines(items) if kind == QuestionKind.GRID else []
    extra_choice = extra_choice.strip()
    _check_question(
        kind=kind,
        text=text,
        role=role,
        choices=labels,
        items=item_labels,
        extra_choice=extra_choice,
        min_value=min_value,
        max_value=max_value,
        indicator=indicator,
    )
    _check_one_age_band(survey, role)
    last = survey.questions.aggregate(last=Max("position"))["last"] or 0
    question = Question.objects.create(
        survey=survey,
        position=last + 1,
        kind=kind,
        text=text.strip(),
        help_text=help_text.strip(),
        required=required,
        domain=domain,
        indicator=indicator,
        role=role,
        extra_choice=extra_choice,
        min_value=min_value,
        max_value=max_value,
    )
    _write_options(question, labels, extra_choice)
    GridItem.objects.bulk_create(
        GridItem(question=question, position=n, label=label) for n, label in enumerate(item_labels, start=1)
    )
    structure_changed(survey.pk)  # bulk writes send no signals
    return question


def _write_options(question: Question, labels: list[str], extra_choice: str) -> None:
    """Options in this order, then the extra answer; existing rows keep their ids."""
    wanted = [(label, False) for label in labels] + ([(extra_choice, True)] if extra_choice else [])
    existing = list(question.choices.order_by("is_extra", "position", "pk"))
    for position, (label, is_extra) in enumerate(wanted, start=1):
        if existing:
            choice = existing.pop(0)
            choice.position, choice.label, choice.is_extra = position, label, is_extra
            choice.save(update_fields=["position", "label", "is_extra"])
        else:
            Choice.objects.create(question=question, position=position, label=label, is_extra=is_extra)
    for choice in existing:
        choice.delete()


def _write_items(question: Question, labels: list[str]) -> None:
    existing = list(question.items.order_by("position", "pk"))
    for position, label in enumerate(labels, start=1):
        if existing:
            item = existing.pop(0)
            item.position, item.label = position, label
            item.save(update_fields=["position", "label"])
        else:
            GridItem.objects.create(question=question, position=position, label=label)
    for item in existing:
        item.delete()


def _fix_labels_only(question: Question, *, labels: list[str], items: list[str], extra_choice: str) -> None:
    """A survey past its draft: only the wording of options and items may change, one for one,
    each new wording close to its old one and never another row's current wording (swapping „Ja“
    and „Nein“ would change the meaning of every stored answer)."""
    options = list(question.choices.filter(is_extra=False).order_by("position", "pk"))
    extras = list(question.choices.filter(is_extra=True).order_by("position", "pk"))
    rows = list(question.items.order_by("position", "pk"))
    errors: dict[str, list[str]] = {}
    if question.kind in OPTION_KINDS and len(labels) != len(options):
        errors["choices"] = [
            _("The survey is no longer a draft: keep the %(n)s answers in their order and only correct their wording.")
            % {"n": len(options)}
        ]
    if question.kind == QuestionKind.GRID and len(items) != len(rows):
        errors["items"] = [
            _("The survey is no longer a draft: keep the %(n)s items in their order and only correct their wording.")
            % {"n": len(rows)}
        ]
    if bool(extra_choice) != bool(extras):
        errors["extra_choice"] = [
            _("The survey is no longer a draft: the extra answer can no longer be added or removed.")
        ]
    if errors:
        raise ValidationError(errors)
    changes = [
        ("choices", options + extras, list(zip(options, labels, strict=True)) if question.kind in OPTION_KINDS else []),
        ("extra_choice", options + extras, [(choice, extra_choice) for choice in extras[:1]]),
        ("items", rows, list(zip(rows, items, strict=True))),
    ]
    for field, family, pairs in changes:
        for row, label in pairs:
            if row.label == label:
                continue
            others = {other.label.strip().casefold() for other in family if other.pk != row.pk}
            if label.strip().casefold() in others or not is_typo_fix(row.label, label):
                errors[field] = [_typo_error()]
    if errors:
        raise ValidationError(errors, code="locked")
    for _field, _family, pairs in changes:
        for row, label in pairs:
            if row.label != label:
                row.label = label
                row.save(update_fields=["label"])


@transaction.atomic
def question_update(
    *,
    question: Question,
    user: User,
    text: str,
    help_text: str = "",
    required: bool = False,
    domain: str = "basis",
    indicator: Indicator | None = None,
    role: str = "",
    extra_choice: str = "",
    min_value: Decimal | None = None,
    max_value: Decimal | None = None,
    choices: Sequence[str] = (),
    items: Sequence[str] = (),
) -> Question:
    """Change a question; its kind stays (delete it and add a new one to change the kind).

    Once the survey has answers, only the texts may change: the question, its explanation and
    the wording of its options, extra answer and items. Anything else is refused.
    """
    require(user, Action.EDIT_PARTICIPATION, question.survey.quartier)
    Survey.objects.select_for_update().filter(pk=question.survey_id).first()
    question = Question.objects.select_related("survey").get(pk=question.pk)
    kind = question.kind
    labels = _option_labels(kind, choices)
    item_labels = _clean_lines(items) if kind == QuestionKind.GRID else []
    extra_choice = extra_choice.strip()
    values = {
        "text": text.strip(),
        "help_text": help_text.strip(),
        "required": required,
        "domain": domain,
        "indicator": indicator,
        "role": role,
        "extra_choice": extra_choice,
        "min_value": min_value,
        "max_value": max_value,
    }
    _check_question(
        kind=kind,
        text=text,
        role=role,
        choices=labels,
        items=item_labels,
        extra_choice=extra_choice,
        min_value=min_value,
        max_value=max_value,
        indicator=indicator,
    )
    if survey_locked(question.survey):
        typo_errors = {
            name: [_typo_error()] for name in TYPO_FIELDS if not is_typo_fix(getattr(question, name), values[name])
        }
        if typo_errors:
            raise ValidationError(typo_errors, code="locked")
        changed = [
            name
            for name in QUESTION_FIELDS
            if name not in TYPO_FIELDS and name != "extra_choice" and getattr(question, name) != values[name]
        ]
        if changed:
            raise ValidationError(
                {
                    name: [
                        _(
                            "The survey is no longer a draft: this can no longer be changed, only typing mistakes "
                            "in texts."
                        )
                    ]
                    for name in changed
                },
                code="locked",
            )
        _fix_labels_only(question, labels=labels, items=item_labels, extra_choice=extra_choice)
    else:
        _check_one_age_band(question.survey, role, exclude=question.pk)
        _write_options(question, labels, extra_choice)
        _write_items(question, item_labels)
    for name, value in values.items():
        setattr(question, name, value)
    question.save()
    return question


@transaction.atomic
def question_delete(*, question: Question, user: User) -> None:
    require(user, Action.EDIT_PARTICIPATION, question.survey.quartier)
    survey = Survey.objects.select_for_update().get(pk=question.survey_id)
    _require_unlocked(survey)
    question.delete()
    _renumber(survey)


def _renumber(survey: Survey) -> None:
    for position, question in enumerate(survey.questions.order_by("position", "pk"), start=1):
        if question.position != position:
            Question.objects.filter(pk=question.pk).update(position=position)
    structure_changed(survey.pk)  # queryset updates send no signals


@transaction.atomic
def question_move(*, question: Question, user: User, direction: str) -> Question:
    """Swap the question with its neighbour above ("up") or below ("down")."""
    require(user, Action.EDIT_PARTICIPATION, question.survey.quartier)
    survey = Survey.objects.select_for_update().get(pk=question.survey_id)
    _require_unlocked(survey)
    if direction not in ("up", "down"):
        raise ValidationError(_("Unknown direction."), code="direction")
    _renumber(survey)
    ordered = list(survey.questions.order_by("position", "pk"))
    index = next(n for n, q in enumerate(ordered) if q.pk == question.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ordered):
        a, b = ordered[index], ordered[other]
        Question.objects.filter(pk=a.pk).update(position=b.position)
        Question.objects.filter(pk=b.pk).update(position=a.position)
        structure_changed(survey.pk)  # queryset updates send no signals
    return Question.objects.get(pk=question.pk)
