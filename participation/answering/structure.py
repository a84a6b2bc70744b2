"""A survey's question structure (questions, options, grid items) as the answer page reads it,
held in the cache so that the busiest page of the product does not ask the database for it.

The cached value is plain data under a key that carries a per-survey version. The version is a
random string in the cache, replaced whenever the structure may have changed:
- by the receivers below on every save or delete of a Question, Choice or GridItem (the builder's
  single-row writes and the admin), and
- by `structure_changed(survey_id)`, which the builder calls after its bulk writes and
  queryset updates (which send no signals).
Each change replaces the version at once and again when the transaction commits, so that a page
read during the transaction cannot keep the old wording under the new version. The survey's
token is part of the key, so a reused primary key never meets an old structure.

The version lives in the shared cache (Redis in production); with a per-process cache (tests,
one runserver) it is just as correct, since writer and reader share the process."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any, NamedTuple

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from ..surveys.models import Choice, GridItem, Question, Survey

STRUCTURE_SECONDS = 24 * 3600
QUESTION_FIELDS = tuple(field.attname for field in Question._meta.concrete_fields)
# A deployment that adds a field to Question reads a new key instead of an old shape.
SHAPE = hashlib.sha256(repr(QUESTION_FIELDS).encode()).hexdigest()[:8]


class ChoiceRow(NamedTuple):
    pk: int
    label: str
    is_extra: bool


class ItemRow(NamedTuple):
    pk: int
    label: str


class QuestionList(list):
    """The survey's questions in order; `version` names the structure they were read as (the
    blank form rendered from them is cached under it)."""

    version: str = ""


def _version_key(survey_id: int) -> str:
    return f"survey-structure-version:{survey_id}"


def version_of(survey_id: int) -> str:
    key = _version_key(survey_id)
    version = cache.get(key)
    if version is None:
        cache.add(key, secrets.token_hex(8), timeout=None)
        version = cache.get(key) or secrets.token_hex(8)
    return version


def structure_changed(survey_id: int | None) -> None:
    """The survey's questions, options or items changed: its pages read them afresh."""
    if survey_id is None:
        return

    def bump() -> None:
        cache.set(_version_key(survey_id), secrets.token_hex(8), timeout=None)

    bump()
    transaction.on_commit(bump)


def _read(survey: Survey) -> list[tuple[tuple, list[tuple], list[tuple]]]:
    """Three queries, all as plain rows."""
    choices: dict[int, list[tuple]] = {}
    for question_id, *row in (
        Choice.objects.filter(question__survey=survey)
        .order_by("position", "pk")
        .values_list("question_id", "pk", "label", "is_extra")
    ):
        choices.setdefault(question_id, []).append(tuple(row))
    items: dict[int, list[tuple]] = {}
    for question_id, *row in (
        GridItem.objects.filter(question__survey=survey)
        .order_by("position", "pk")
        .values_list("question_id", "pk", "label")
    ):
        items.setdefault(question_id, []).append(tuple(row))
    pk_index = QUESTION_FIELDS.index("id")
    return [
        (values, choices.get(values[pk_index], []), items.get(values[pk_index], []))
        for values in Question.objects.filter(survey=survey).order_by("position", "pk").values_list(*QUESTION_FIELDS)
    ]


def _build(data: list[tuple[tuple, list[tuple], list[tuple]]], version: str) -> QuestionList:
    questions = QuestionList()
    questions.version = version
    for values, choice_rows, item_rows in data:
        question = Question.from_db("default", QUESTION_FIELDS, values)
        question.choice_list = [ChoiceRow(*row) for row in choice_rows]
        question.item_list = [ItemRow(*row) for row in item_rows]
        question.choice_by_id = {str(c.pk): c for c in question.choice_list}
        questions.append(question)
    return questions


def questions_of(survey: Survey) -> QuestionList:
    """The survey's questions in order, each with `choice_list` and `item_list` as plain rows;
    from the cache (one or two cache reads) or, after a change, with three queries."""
    version = version_of(survey.pk)
    key = f"survey-structure:{survey.pk}:{survey.token}:{SHAPE}:{version}"
    data: Any = cache.get(key)
    if data is None:
        data = _read(survey)
        cache.set(key, data, timeout=STRUCTURE_SECONDS)
    return _build(data, version)


# Receivers: every single-row write of the structure (builder and admin) --------------------------


@receiver(post_save, sender=Question, dispatch_uid="survey-structure-question-saved")
@receiver(post_delete, sender=Question, dispatch_uid="survey-structure-question-deleted")
def _question_changed(sender: type, instance: Question, **kwargs: Any) -> None:
    structure_changed(instance.survey_id)


@receiver(post_save, sender=Choice, dispatch_uid="survey-structure-choice-saved")
@receiver(post_delete, sender=Choice, dispatch_uid="survey-structure-choice-deleted")
@receiver(post_save, sender=GridItem, dispatch_uid="survey-structure-item-saved")
@receiver(post_delete, sender=GridItem, dispatch_uid="survey-structure-item-deleted")
def _option_changed(sender: type, instance: Choice | GridItem, **kwargs: Any) -> None:
    field = sender._meta.get_field("question")
    if field.is_cached(instance):
        survey_id = instance.question.survey_id
    else:  # a question deleted with its options bumps the version itself
        survey_id = Question.objects.filter(pk=instance.question_id).values_list("survey_id", flat=True).first()
    structure_changed(survey_id)
