"""Submission keys across surveys, and the columns a response may ever have."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from participation.answering.services import response_submit
from participation.models import Answer, Response
from participation.surveys.services import survey_create_wave

from .answering_data import KEY, complete_answers

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def second_survey(open_survey, manager):
    """Another open survey of the same quartier (a new wave, opened)."""
    wave = survey_create_wave(survey=open_survey, user=manager)
    for name in ("opens_on", "closes_on"):
        setattr(wave, name, getattr(open_survey, name))
    wave.status = open_survey.status
    wave.save()
    return wave


def test_a_key_of_another_survey_stores_the_answers_under_a_fresh_key(open_survey, second_survey) -> None:
    first = response_submit(survey=open_survey, answers=complete_answers(open_survey), submission_key=KEY)
    data = complete_answers(second_survey)
    second = response_submit(survey=second_survey, answers=data, submission_key=KEY)
    assert second.was_created and second.pk != first.pk
    assert second.survey == second_survey and second.submission_key not in (KEY, None)
    assert second.answers.count() == first.answers.count() > 0
    assert Response.objects.get(pk=first.pk).submission_key == KEY  # the first one is untouched
    assert response_submit(survey=second_survey, answers=data, submission_key=KEY).was_created  # each is counted


def test_posting_a_key_of_another_survey_gives_no_error(client, open_survey, second_survey) -> None:
    for survey in (open_survey, second_survey):
        response = client.post(reverse("survey_answer", args=[survey.token]), complete_answers(survey))
        assert response.status_code == 302, survey
        client.cookies.clear()
    assert Response.objects.filter(survey=open_survey).count() == 1
    assert Response.objects.filter(survey=second_survey).count() == 1


def test_a_double_click_on_the_second_survey_still_stores_one(open_survey, second_survey) -> None:
    response_submit(survey=open_survey, answers=complete_answers(open_survey), submission_key=KEY)
    data = complete_answers(second_survey)
    other_key = "x" * 32
    one = response_submit(survey=second_survey, answers=data, submission_key=other_key)
    two = response_submit(survey=second_survey, answers=data, submission_key=other_key)
    assert one.pk == two.pk and not two.was_created
    assert Response.objects.filter(survey=second_survey).count() == 1


# The columns themselves: a new column that could hold an address, a browser, an account or a
# time fails here, whatever it would hold.
RESPONSE_COLUMNS = {"id", "survey_id", "channel", "submitted_on", "entered_by_id", "submission_key"}
ANSWER_COLUMNS = {"id", "response_id", "question_id", "choice_id", "item_id", "number", "text"}


@pytest.mark.parametrize(
    ("table", "allowed"),
    [("participation_response", RESPONSE_COLUMNS), ("participation_answer", ANSWER_COLUMNS)],
)
def test_the_response_tables_have_only_the_allowed_columns(table, allowed) -> None:
    with connection.cursor() as cursor:
        columns = {column.name for column in connection.introspection.get_table_description(cursor, table)}
    assert columns == allowed


def test_the_allow_lists_match_the_models() -> None:
    assert {f.column for f in Response._meta.concrete_fields} == RESPONSE_COLUMNS
    assert {f.column for f in Answer._meta.concrete_fields} == ANSWER_COLUMNS
