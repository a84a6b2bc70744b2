"""The rules of the survey builder, checked at the services."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from participation.models import Choice, GridItem, Question, QuestionKind, Survey, SurveyStatus
from participation.surveys import services
from planning.analysis.models import Indicator


def _fill_notice(survey: Survey) -> Survey:
    today = timezone.localdate()
    survey.opens_on = today
    survey.closes_on = today + datetime.timedelta(days=14)
    survey.controller = "Stadt Musterstadt"
    survey.purpose = "Planung"
    survey.legal_basis = "Einwilligung"
    survey.retention = "Bis Projektende"
    survey.save()
    return survey


def test_a_survey_from_scratch_is_an_empty_draft(quartier, manager):
    survey = services.survey_create(quartier=quartier, user=manager, title="  Spielplatz  ")
    assert survey.title == "Spielplatz"
    assert survey.status == SurveyStatus.DRAFT
    assert survey.questions.count() == 0
    assert survey.created_by == manager


@pytest.mark.parametrize("role", ["developer", "viewer", "coordinator", "partner"])
def test_only_managers_build_surveys(quartier, survey, role, request):
    user = request.getfixturevalue(role)
    with pytest.raises(PermissionDenied):
        services.survey_create(quartier=quartier, user=user, title="X")
    with pytest.raises(PermissionDenied):
        services.question_create(survey=survey, user=user, kind="yesno", text="Hund?")
    with pytest.raises(PermissionDenied):
        services.survey_publish(survey=survey, user=user)


def test_a_new_wave_copies_every_question_option_item_and_the_notice(open_survey, manager):
    open_survey.wave_label = "T0"
    open_survey.paper_note = "im Seniorentreff"
    open_survey.results_note = "Bürgerversammlung"
    open_survey.save()
    wave = services.survey_create_wave(survey=open_survey, user=manager)

    assert wave.previous_wave == open_survey
    assert wave.wave_label == "T1"
    assert wave.title == open_survey.title
    assert wave.status == SurveyStatus.DRAFT
    assert wave.opens_on is None and wave.closes_on is None
    assert wave.token != open_survey.token
    for name in services.WAVE_FIELDS:
        assert getattr(wave, name) == getattr(open_survey, name), name

    def shape(survey):
        return [
            (
                q.position,
                q.kind,
                q.text,
                q.required,
                q.domain,
                q.indicator_id,
                q.role,
                q.extra_choice,
                [(c.position, c.label, c.is_extra) for c in q.choices.all()],
                [(i.position, i.label) for i in q.items.all()],
            )
            for q in survey.questions.order_by("position")
        ]

    assert shape(wave) == shape(open_survey)
    assert len(shape(wave)) == 11
    # copies, not the same rows
    assert not Choice.objects.filter(question__survey=wave).filter(
        pk__in=Choice.objects.filter(question__survey=open_survey)
    )


def test_a_wave_label_can_be_given(survey, manager):
    wave = services.survey_create_wave(survey=survey, user=manager, title="Zweite Runde", wave_label="Welle 2")
    assert (wave.title, wave.wave_label) == ("Zweite Runde", "Welle 2")
    assert services.next_wave_label("T3") == "T4"
    assert services.next_wave_label("") == "T1"


@pytest.mark.parametrize(
    ("kind", "fields", "field"),
    [
        ("single", {"choices": ["Nur eine"]}, "choices"),
        ("grid", {"choices": ["Gut", "Schlecht"], "items": []}, "items"),
        ("scale", {"choices": ["A", "B", "a"]}, "choices"),
        ("yesno", {"extra_choice": "Weiß nicht"}, "extra_choice"),
        ("number", {"min_value": 10, "max_value": 5}, "max_value"),
        ("multiple", {"choices": ["A", "B"], "role": "age_band"}, "role"),
        ("single", {"choices": ["A", "B"], "text": "   "}, "text"),
    ],
)
def test_a_question_that_does_not_fit_its_kind_is_refused(survey, manager, kind, fields, field):
    before = survey.questions.count()
    data = {"text": "Frage?", **fields}
    with pytest.raises(ValidationError) as exc:
        services.question_create(survey=survey, user=manager, kind=kind, **data)
    assert field in exc.value.message_dict
    assert survey.questions.count() == before


def test_questions_of_each_kind_are_added_at_the_end(quartier, manager):
    survey = services.survey_create(quartier=quartier, user=manager, title="Alles")
    grid = services.question_create(
        survey=survey,
        user=manager,
        kind="grid",
        text="Wie zufrieden mit …",
        choices=["Gut", "", "Schlecht"],
        items=["Bus", "Bank"],
        extra_choice="Nutze ich nicht",
    )
    yesno = services.question_create(survey=survey, user=manager, kind="yesno", text="Haben Sie einen Hund?")
    number = services.question_create(
        survey=survey, user=manager, kind="number", text="Wie viele Enkel?", min_value=0, max_value=30
    )
    text = services.question_create(survey=survey, user=manager, kind="text", text="Was fehlt?", choices=["x", "y"])
    assert [q.position for q in (grid, yesno, number, text)] == [1, 2, 3, 4]
    assert [(c.label, c.is_extra) for c in grid.choices.all()] == [
        ("Gut", False),
        ("Schlecht", False),
        ("Nutze ich nicht", True),
    ]
    assert [i.label for i in grid.items.all()] == ["Bus", "Bank"]
    assert [c.label for c in yesno.choices.all()] == ["Ja", "Nein"]
    assert text.choices.count() == 0


def test_only_one_question_asks_for_the_age_band(survey, manager):
    with pytest.raises(ValidationError) as exc:
        services.question_create(
            survey=survey, user=manager, kind="single", text="Alter?", choices=["jung", "alt"], role="age_band"
        )
    assert "role" in exc.value.message_dict


def test_a_question_without_answers_can_change_everything(survey, manager):
    question = survey.questions.get(position=1)
    indicator = Indicator.objects.first()
    services.question_update(
        question=question,
        user=manager,
        text="Neu?",
        required=False,
        domain="wohnen",
        indicator=indicator,
        choices=["A", "B"],
    )
    question.refresh_from_db()
    assert (question.text, question.required, question.domain) == ("Neu?", False, "wohnen")
    assert question.indicator == indicator
    assert [c.label for c in question.choices.all()] == ["A", "B"]


def test_questions_move_up_and_down_and_are_renumbered_after_delete(survey, manager):
    first, second = survey.questions.order_by("position")[:2]
    services.question_move(question=second, user=manager, direction="up")
    assert list(survey.questions.order_by("position").values_list("pk", flat=True)[:2]) == [second.pk, first.pk]
    services.question_move(question=second, user=manager, direction="up")  # already first: stays
    assert survey.questions.order_by("position").first().pk == second.pk
    services.question_delete(question=second, user=manager)
    assert list(survey.questions.order_by("position").values_list("position", flat=True)) == list(range(1, 11))
    assert survey.questions.order_by("position").first().pk == first.pk


# --- a survey with answers -------------------------------------------------------------------


def test_with_answers_no_question_can_be_added_moved_or_deleted(answered_survey, manager):
    question = answered_survey.questions.order_by("position").last()
    with pytest.raises(ValidationError, match="kein Entwurf mehr"):
        services.question_create(survey=answered_survey, user=manager, kind="yesno", text="Neu?")
    with pytest.raises(ValidationError, match="kein Entwurf mehr"):
        services.question_move(question=question, user=manager, direction="up")
    with pytest.raises(ValidationError, match="kein Entwurf mehr"):
        services.question_delete(question=question, user=manager)
    assert answered_survey.questions.count() == 11
    assert answered_survey.questions.order_by("position").last() == question


def _as_is(question: Question, **changes):
    options = [c.label for c in question.choices.filter(is_extra=False)]
    data = {
        "text": question.text,
        "help_text": question.help_text,
        "required": question.required,
        "domain": question.domain,
        "indicator": question.indicator,
        "role": question.role,
        "extra_choice": question.extra_choice,
        "min_value": question.min_value,
        "max_value": question.max_value,
        "choices": options,
        "items": [i.label for i in question.items.all()],
    }
    data.update(changes)
    return data


def test_with_answers_typos_in_texts_labels_and_items_can_be_fixed(answered_survey, manager):
    grid = answered_survey.questions.filter(kind=QuestionKind.GRID).order_by("position").first()
    choice_ids = list(grid.choices.values_list("pk", flat=True))
    labels = [c.label for c in grid.choices.filter(is_extra=False)]
    labels[0] = "Sehr zufrieden!"
    items = [i.label for i in grid.items.all()]
    items[1] = "Hausärztin"
    services.question_update(
        question=grid,
        user=manager,
        **_as_is(
            grid,
            text="Wie zufrieden sind Sie in Ihrem Quartier mit …?",
            choices=labels,
            items=items,
            extra_choice="Nutze ich nie",
        ),
    )
    grid.refresh_from_db()
    assert grid.text == "Wie zufrieden sind Sie in Ihrem Quartier mit …?"
    assert list(grid.choices.values_list("pk", flat=True)) == choice_ids  # the same rows: answers keep their choice
    assert grid.choices.first().label == "Sehr zufrieden!"
    assert grid.choices.get(is_extra=True).label == "Nutze ich nie"
    assert GridItem.objects.get(question=grid, position=2).label == "Hausärztin"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"required": False}, "required"),
        ({"domain": "soziales"}, "domain"),
        ({"choices": ["Sehr zufrieden", "Eher zufrieden"]}, "choices"),
        ({"items": ["Nur eins"]}, "items"),
        ({"extra_choice": ""}, "extra_choice"),
    ],
)
def test_with_answers_structural_changes_are_refused(answered_survey, manager, change, field):
    grid = answered_survey.questions.filter(kind=QuestionKind.GRID).order_by("position").first()
    before = _as_is(grid)
    with pytest.raises(ValidationError) as exc:
        services.question_update(question=grid, user=manager, **_as_is(grid, **change))
    assert field in exc.value.message_dict
    grid.refresh_from_db()
    assert _as_is(grid) == before


def test_with_answers_the_indicator_cannot_change(answered_survey, manager):
    question = answered_survey.questions.exclude(indicator=None).first()
    with pytest.raises(ValidationError) as exc:
        services.question_update(question=question, user=manager, **_as_is(question, indicator=None))
    assert "indicator" in exc.value.message_dict


# --- publishing ------------------------------------------------------------------------------


def test_publishing_names_everything_that_is_missing(quartier, manager):
    survey = services.survey_create(quartier=quartier, user=manager, title="Leer")
    problems = services.publish_problems(survey)
    assert "Fügen Sie mindestens eine Frage hinzu." in problems
    assert "Tragen Sie das Startdatum ein." in problems
    assert "Tragen Sie das Enddatum ein." in problems
    assert any("Informationstext" in p for p in problems)
    with pytest.raises(ValidationError):
        services.survey_publish(survey=survey, user=manager)
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.DRAFT


def test_publishing_refuses_a_closing_date_in_the_past(survey, manager):
    _fill_notice(survey)
    survey.opens_on = timezone.localdate() - datetime.timedelta(days=20)
    survey.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    survey.save()
    with pytest.raises(ValidationError, match="Enddatum ist vorbei"):
        services.survey_publish(survey=survey, user=manager)


def test_closing_before_opening_is_refused_in_the_settings(survey, manager):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.survey_update(survey=survey, user=manager, opens_on=today, closes_on=today - datetime.timedelta(1))
    assert "closes_on" in exc.value.message_dict


def test_draft_to_open_to_closed_and_open_again(survey, manager):
    _fill_notice(survey)
    assert services.publish_problems(survey) == []
    services.survey_publish(survey=survey, user=manager)
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN
    with pytest.raises(ValidationError):
        services.survey_publish(survey=survey, user=manager)
    services.survey_close(survey=survey, user=manager)
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CLOSED
    with pytest.raises(ValidationError):
        services.survey_close(survey=survey, user=manager)
    services.survey_reopen(survey=survey, user=manager)
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.OPEN


def test_closing_an_answered_survey_writes_its_indicator_values(answered_survey, manager):
    from planning.analysis.models import IndicatorValue

    services.survey_close(survey=answered_survey, user=manager)

    # Closed three weeks before its planned end: the values count on the day it was closed.
    values = IndicatorValue.objects.filter(quartier=answered_survey.quartier, reference_date=timezone.localdate())
    codes = set(values.values_list("indicator__code", flat=True))
    assert codes == {"ATTACHMENT", "HELP_NEIGHBOUR", "LONELINESS"}
    assert all(answered_survey.title in v.source for v in values)
    attachment = values.get(indicator__code="ATTACHMENT").value
    assert 1 <= attachment <= 5
