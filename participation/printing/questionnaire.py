"""The paper questionnaire in large print: the information notice first, then every question
with boxes to tick, grids as tables, lines for free text and boxes for numbers."""

from __future__ import annotations

from django.template.loader import render_to_string

from ..surveys.models import QuestionKind, Survey

FREE_TEXT_LINES = 5
NUMBER_BOXES = 4


def render_html(survey: Survey) -> str:
    questions = list(survey.questions.prefetch_related("choices", "items").order_by("position", "pk"))
    for question in questions:
        choices = list(question.choices.all())
        question.options = choices
        question.scale = [c for c in choices if not c.is_extra]
        question.extras = [c for c in choices if c.is_extra]
        question.rows = list(question.items.all())
    context = {
        "survey": survey,
        "quartier": survey.quartier,
        "organisation": survey.quartier.organisation,
        "questions": questions,
        "kinds": QuestionKind,
        "text_lines": range(FREE_TEXT_LINES),
        "number_boxes": range(NUMBER_BOXES),
    }
    return render_to_string("participation/printing/questionnaire.html", context)
