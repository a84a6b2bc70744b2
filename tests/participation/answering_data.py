"""Filled-in answer forms for the answering tests: a complete valid set for any survey."""

from __future__ import annotations

from typing import Any

from participation.answering.services import field_name
from participation.models import Question, QuestionKind, Survey

KEY = "k" * 32


def questions(survey: Survey) -> list[Question]:
    return list(survey.questions.prefetch_related("choices", "items").order_by("position", "pk"))


def complete_answers(survey: Survey, *, key: str = KEY) -> dict[str, Any]:
    """Every question answered with its first option (all items of a grid), a text, a number."""
    data: dict[str, Any] = {"submission_key": key}
    for question in questions(survey):
        first = str(question.choices.all()[0].pk) if question.choices.all() else ""
        if question.kind == QuestionKind.GRID:
            for item in question.items.all():
                data[field_name(question, item)] = first
        elif question.kind == QuestionKind.TEXT:
            data[field_name(question)] = "Mehr Bänke am Markt"
        elif question.kind == QuestionKind.NUMBER:
            data[field_name(question)] = "3"
        elif question.kind == QuestionKind.MULTIPLE:
            data[field_name(question)] = [first]
        else:
            data[field_name(question)] = first
    return data


def question_of_kind(survey: Survey, kind: str) -> Question:
    return next(q for q in questions(survey) if q.kind == kind)
