"""The participation records: the default questionnaire as data, anonymous responses, answers
that cannot be lost, plausible event figures."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import RestrictedError
from django.utils import timezone

from participation.models import (
    Answer,
    Choice,
    Event,
    EventKind,
    GridItem,
    Idea,
    Question,
    QuestionKind,
    Response,
    Survey,
)
from participation.surveys.templates import read_template, survey_create_from_template

pytestmark = pytest.mark.django_db


def test_the_template_becomes_a_draft_survey_with_every_question_in_order(survey):
    template = read_template()
    questions = list(survey.questions.all())

    assert survey.status == "entwurf" and survey.title == template["title"]
    assert [q.text for q in questions] == [q["text"] for q in template["questions"]]
    assert [q.position for q in questions] == list(range(1, len(questions) + 1))
    offers = questions[1]
    assert offers.kind == QuestionKind.SINGLE and offers.required
    assert [c.label for c in offers.choices.all()] == ["Keine", "1–3", "4–10", "Mehr als 10", "Es gibt einen Aufzug"]


def test_a_grid_has_its_items_its_scale_and_the_extra_answer_outside_the_scale(survey):
    grid = survey.questions.get(text="Wie zufrieden sind Sie in Ihrem Quartier mit …")

    assert grid.kind == QuestionKind.GRID
    assert [i.label for i in grid.items.all()][:2] == ["Einkaufsmöglichkeiten", "Hausarzt"]
    assert grid.items.count() == 7
    scale = [(c.label, c.is_extra) for c in grid.choices.all()]
    assert scale[0] == ("Sehr zufrieden", False) and scale[-1] == ("Nutze ich nicht", True)
    assert grid.extra_choice == "Nutze ich nicht"


def test_questions_feed_the_indicators_of_the_catalogue_and_the_age_question_breaks_results_down(survey):
    fed = {q.indicator.code: q.kind for q in survey.questions.filter(indicator__isnull=False)}

    assert fed == {"ATTACHMENT": "scale", "HELP_NEIGHBOUR": "single", "LONELINESS": "grid"}
    assert survey.questions.get(role="age_band").text == "Wie alt sind Sie?"
    assert not survey.questions.get(kind=QuestionKind.TEXT).required


def test_only_those_who_run_participation_make_surveys(quartier, viewer, developer):
    for person in (viewer, developer):
        with pytest.raises(PermissionDenied):
            survey_create_from_template(quartier=quartier, user=person)
    assert not Survey.objects.exists()


def test_each_survey_has_its_own_unguessable_link_key(quartier, manager, survey):
    second = survey_create_from_template(quartier=quartier, user=manager)

    assert survey.token != second.token
    assert len(survey.token) >= 32


def test_a_response_stores_nothing_that_points_to_the_person():
    # Neither the response nor its answers have a column for an address, a browser or an account
    # of the respondent; staff who type in a paper form are recorded as `entered_by`.
    columns = {f.column for model in (Response, Answer) for f in model._meta.concrete_fields}
    for forbidden in ("ip", "address", "user_agent", "agent", "user_id", "session", "created_at"):
        assert not any(forbidden in column for column in columns), (forbidden, columns)
    assert {"entered_by_id", "submitted_on", "channel"} <= columns


def _answer(survey: Survey) -> Answer:
    question = survey.questions.filter(kind=QuestionKind.SINGLE).first()
    response = Response.objects.create(survey=survey, submitted_on=timezone.localdate())
    return Answer.objects.create(response=response, question=question, choice=question.choices.first())


def test_answered_questions_and_options_cannot_be_deleted_on_their_own(survey):
    answer = _answer(survey)

    for obj in (answer.question, answer.choice):
        with pytest.raises(RestrictedError), transaction.atomic():
            obj.delete()
    assert Answer.objects.count() == 1


def test_deleting_a_survey_takes_its_questions_responses_and_answers(survey):
    _answer(survey)
    survey.delete()

    assert not (Question.objects.exists() or Choice.objects.exists() or GridItem.objects.exists())
    assert not (Response.objects.exists() or Answer.objects.exists())


def test_an_event_cannot_count_more_people_by_age_than_came(quartier):
    start = timezone.make_aware(datetime.datetime(2026, 5, 4, 10, 0))
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(
            quartier=quartier,
            kind=EventKind.WALK,
            title="Begehung",
            starts_at=start,
            participants=10,
            participants_80_plus=8,
            participants_65_79=5,
        )
    event = Event.objects.create(
        quartier=quartier,
        kind=EventKind.WALK,
        title="Begehung",
        starts_at=start,
        participants=13,
        participants_80_plus=8,
    )
    assert event.participants_80_plus == 8


def test_an_idea_has_a_whole_location_or_none(quartier):
    with pytest.raises(IntegrityError), transaction.atomic():
        Idea.objects.create(
            quartier=quartier, text="Eine Bank", source="online", created_on=timezone.localdate(), lat=51.5
        )
    Idea.objects.create(quartier=quartier, text="Eine Bank", source="online", created_on=timezone.localdate())
    assert Idea.objects.get().status == "neu"


@pytest.mark.parametrize("model", [Survey, Question, Response, Event, Idea])
def test_the_admin_pages_open(client_for, survey, model):
    from django.urls import reverse

    from tests.factories import UserFactory

    _answer(survey)
    Event.objects.create(quartier=survey.quartier, kind=EventKind.WORKSHOP, title="Werkstatt", starts_at=timezone.now())
    Idea.objects.create(quartier=survey.quartier, text="Eine Bank", source="staff", created_on=timezone.localdate())
    staff = client_for(UserFactory(email="admin@example.org", is_staff=True, is_superuser=True))
    meta = model._meta
    listing = staff.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
    assert listing.status_code == 200
    obj = model.objects.first()
    assert staff.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])).status_code == 200
