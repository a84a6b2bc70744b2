"""The answer page reads the survey's questions from the cache: few queries per page and per
submission, and every change in the builder shows on the public page at once."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from participation.answering import structure
from participation.models import Choice, GridItem, Question, QuestionKind, Response, Survey, SurveyStatus
from participation.surveys.services import question_create, question_delete, question_move, question_update
from tests.pages import text

from .answering_data import complete_answers, question_of_kind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def url(survey: Survey) -> str:
    return reverse("survey_answer", args=[survey.token])


def page(client, survey: Survey) -> str:
    client.cookies.clear()
    response = client.get(url(survey))
    assert response.status_code == 200
    return text(response)


def fix_typo(question: Question, user, **changes) -> Question:
    """question_update with everything as it is, except `changes` (text, choices, items)."""
    values = {
        "text": question.text,
        "help_text": question.help_text,
        "required": question.required,
        "domain": question.domain,
        "indicator": question.indicator,
        "role": question.role,
        "extra_choice": question.extra_choice,
        "min_value": question.min_value,
        "max_value": question.max_value,
        "choices": [c.label for c in question.choices.filter(is_extra=False).order_by("position", "pk")],
        "items": [i.label for i in question.items.order_by("position", "pk")],
    }
    return question_update(question=question, user=user, **(values | changes))


def reopened_as_draft(survey: Survey) -> None:
    """Back to a draft, as an administrator may set it in the admin: only drafts change structure."""
    Survey.objects.filter(pk=survey.pk).update(status=SurveyStatus.DRAFT)
    survey.refresh_from_db()


def opened(survey: Survey) -> None:
    Survey.objects.filter(pk=survey.pk).update(status=SurveyStatus.OPEN)
    survey.refresh_from_db()


# Queries --------------------------------------------------------------------------------------


def test_a_warm_page_asks_the_database_once(client, open_survey, django_assert_num_queries) -> None:
    client.get(url(open_survey))  # the first visitor reads the questions
    client.cookies.clear()
    with django_assert_num_queries(1):  # the survey (with quartier and organisation); no session
        response = client.get(url(open_survey))
    assert response.status_code == 200
    assert open_survey.questions.order_by("position").first().text in text(response)


def test_a_cold_page_reads_the_questions_in_three_queries(client, open_survey, django_assert_num_queries) -> None:
    with django_assert_num_queries(4):
        assert client.get(url(open_survey)).status_code == 200


def test_a_submission_reads_no_questions_from_the_database(client, open_survey, django_assert_max_num_queries):
    client.get(url(open_survey))
    data = complete_answers(open_survey)
    # the survey, the response, its answers in one insert, and the savepoint around them
    with django_assert_max_num_queries(5):
        response = client.post(url(open_survey), data)
    assert response.status_code == 302
    stored = Response.objects.get(survey=open_survey)
    assert stored.answers.count() >= open_survey.questions.count()


def test_the_query_count_does_not_grow_with_the_questions(client, open_survey, manager, django_assert_num_queries):
    reopened_as_draft(open_survey)
    for n in range(10):
        question_create(survey=open_survey, user=manager, kind=QuestionKind.SINGLE, text=f"Neu {n}", choices=["a", "b"])
    opened(open_survey)
    client.get(url(open_survey))
    client.cookies.clear()
    with django_assert_num_queries(1):
        assert "Neu 9" in text(client.get(url(open_survey)))


# Changes show at once -------------------------------------------------------------------------


def test_a_typo_fix_of_a_question_text_shows_at_once(client, answered_survey, manager) -> None:
    question = question_of_kind(answered_survey, QuestionKind.SINGLE)
    assert question.text in page(client, answered_survey)
    fixed = question.text.replace("Sie", "sie", 1)  # a typing mistake put right
    fix_typo(question, manager, text=fixed)
    shown = page(client, answered_survey)
    assert fixed in shown
    assert question.text not in shown


def test_a_typo_fix_of_an_option_label_shows_at_once(client, answered_survey, manager) -> None:
    question = question_of_kind(answered_survey, QuestionKind.SINGLE)
    labels = [c.label for c in question.choices.filter(is_extra=False).order_by("position", "pk")]
    assert labels[0] in page(client, answered_survey)
    fix_typo(question, manager, choices=[labels[0] + "!", *labels[1:]])
    assert labels[0] + "!" in page(client, answered_survey)


def test_a_typo_fix_of_a_grid_item_shows_at_once(client, answered_survey, manager) -> None:
    question = question_of_kind(answered_survey, QuestionKind.GRID)
    items = [i.label for i in question.items.order_by("position", "pk")]
    assert items[0] in page(client, answered_survey)
    fixed = items[0][:-1]  # one letter less: a change the size of a typing mistake
    fix_typo(question, manager, items=[fixed, *items[1:]])
    shown = page(client, answered_survey)
    assert fixed in shown
    assert items[0] not in shown


def test_after_a_move_the_page_shows_the_new_order(client, open_survey, manager) -> None:
    first, second = open_survey.questions.order_by("position", "pk")[:2]
    shown = page(client, open_survey)
    assert shown.index(first.text) < shown.index(second.text)
    reopened_as_draft(open_survey)
    question_move(question=second, user=manager, direction="up")
    opened(open_survey)
    shown = page(client, open_survey)
    assert shown.index(second.text) < shown.index(first.text)


def test_an_added_and_a_deleted_question_show_at_once(client, open_survey, manager) -> None:
    page(client, open_survey)
    reopened_as_draft(open_survey)
    added = question_create(
        survey=open_survey,
        user=manager,
        kind=QuestionKind.GRID,
        text="Wie finden Sie die Wege?",
        choices=["gut", "schlecht"],
        items=["Gehweg"],
    )
    opened(open_survey)
    shown = page(client, open_survey)
    assert "Wie finden Sie die Wege?" in shown
    assert "Gehweg" in shown
    reopened_as_draft(open_survey)
    question_delete(question=added, user=manager)
    opened(open_survey)
    assert "Wie finden Sie die Wege?" not in page(client, open_survey)


def test_a_change_in_the_admin_shows_at_once(client, open_survey) -> None:
    """The admin saves single rows: the receivers replace the version."""
    question = question_of_kind(open_survey, QuestionKind.GRID)
    page(client, open_survey)
    item = GridItem.objects.filter(question=question).order_by("position").first()
    item.label = "Im Admin geändert"
    item.save()
    choice = Choice.objects.filter(question=question, is_extra=False).order_by("position").first()
    choice.label = "Auch geändert"
    choice.save()
    shown = page(client, open_survey)
    assert "Im Admin geändert" in shown
    assert "Auch geändert" in shown
    choice.delete()
    assert "Auch geändert" not in page(client, open_survey)


def test_a_submission_after_a_change_uses_the_new_options(client, open_survey, manager) -> None:
    """A stale structure would refuse the new option or accept a deleted one."""
    page(client, open_survey)
    reopened_as_draft(open_survey)
    question_create(survey=open_survey, user=manager, kind=QuestionKind.SINGLE, text="Neu", choices=["x", "y"])
    opened(open_survey)
    data = complete_answers(open_survey)
    assert client.post(url(open_survey), data).status_code == 302
    assert Response.objects.get(survey=open_survey).answers.filter(question__text="Neu").exists()


def test_the_version_changes_again_when_the_transaction_commits(open_survey, django_capture_on_commit_callbacks):
    """A page read between the change and its commit must not keep the old wording."""
    before = structure.version_of(open_survey.pk)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        structure.structure_changed(open_survey.pk)
    during = structure.version_of(open_survey.pk)
    assert during != before
    assert callbacks
    for callback in callbacks:
        callback()
    assert structure.version_of(open_survey.pk) not in (before, during)


def test_the_thank_you_and_closed_pages_need_one_query(client, open_survey, django_assert_num_queries) -> None:
    """The survey comes with only the names of its quartier and organisation: nothing loads later."""
    with django_assert_num_queries(1):
        thanks = client.get(reverse("survey_thanks", args=[open_survey.token]))
    assert open_survey.quartier.organisation.name in text(thanks)
    open_survey.status = SurveyStatus.CLOSED
    open_survey.save()
    with django_assert_num_queries(1):
        closed = client.get(url(open_survey))
    assert closed.status_code == 200
    assert open_survey.quartier.name in text(closed)
