"""The sample answers used by the demo and the benchmarks look like real ones: every required
question answered, grids one answer per item, free texts by some, days within the survey's time."""

from __future__ import annotations

import pytest
from django.db.models import Count

from participation.models import Answer, QuestionKind, Response

pytestmark = pytest.mark.django_db


def test_every_response_answers_each_required_question_once_and_each_grid_item_once(answered_survey):
    responses = Response.objects.filter(survey=answered_survey)
    assert responses.count() == 40
    assert set(responses.values_list("channel", flat=True)) == {"online", "papier"}
    for response in responses:
        for question in answered_survey.questions.filter(required=True):
            answers = Answer.objects.filter(response=response, question=question)
            if question.kind == QuestionKind.GRID:
                assert answers.count() == question.items.count()
                assert answers.values("item").distinct().count() == question.items.count()
            elif question.kind != QuestionKind.MULTIPLE:
                assert answers.count() == 1, question.text
            assert all(a.choice.question_id == question.pk for a in answers if a.choice_id)


def test_days_fall_within_the_survey_and_some_write_a_text(answered_survey):
    days = Response.objects.filter(survey=answered_survey).values_list("submitted_on", flat=True)
    assert all(answered_survey.opens_on <= day <= answered_survey.closes_on for day in days)
    texts = Answer.objects.filter(response__survey=answered_survey, question__kind=QuestionKind.TEXT)
    assert 0 < texts.count() < 40
    assert texts.aggregate(n=Count("response", distinct=True))["n"] == texts.count()
