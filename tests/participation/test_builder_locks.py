"""Once a survey is open, its questions keep their structure and their meaning: only typing
mistakes may be corrected, answered or not."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from participation.models import Choice, Question, QuestionKind, SurveyStatus
from participation.surveys import services
from tests.pages import text

from .test_builder_services import _as_is

TYPO_ONLY = "nur Tippfehler"


def _question(survey, text_start: str) -> Question:
    return survey.questions.get(text__startswith=text_start)


def _labels(question: Question) -> list[str]:
    return [c.label for c in question.choices.filter(is_extra=False).order_by("position", "pk")]


def test_swapping_two_options_is_refused(answered_survey, manager):
    question = _question(answered_survey, "Möchten Sie auch")
    before = _labels(question)
    swapped = list(before)
    swapped[2], swapped[3] = before[3], before[2]  # „Eher nein“ ↔ „Nein“
    with pytest.raises(ValidationError) as exc:
        services.question_update(question=question, user=manager, **_as_is(question, choices=swapped))
    assert TYPO_ONLY in exc.value.message_dict["choices"][0]
    assert "neue Welle" in exc.value.message_dict["choices"][0]
    assert _labels(question) == before


def test_taking_another_age_bands_label_is_refused(answered_survey, manager):
    question = _question(answered_survey, "Wie alt sind Sie")
    before = _labels(question)
    changed = list(before)
    changed[1] = before[2]  # „65–69“ becomes „70–74“ twice
    with pytest.raises(ValidationError) as exc:
        services.question_update(question=question, user=manager, **_as_is(question, choices=changed))
    assert "choices" in exc.value.message_dict
    assert _labels(question) == before


def test_an_option_close_to_another_ones_label_is_still_refused(answered_survey, manager):
    question = _question(answered_survey, "Möchten Sie auch")
    changed = _labels(question)
    changed[1] = "Eher nein"  # close to „Eher ja“ by spelling, but another option's wording
    with pytest.raises(ValidationError):
        services.question_update(question=question, user=manager, **_as_is(question, choices=changed))
    assert Choice.objects.filter(question=question, label="Eher ja").exists()


def test_a_new_meaning_of_an_option_or_item_is_refused(answered_survey, manager):
    grid = answered_survey.questions.filter(kind=QuestionKind.GRID).order_by("position").first()
    items = [i.label for i in grid.items.all()]
    items[0] = "Parkplätze"
    with pytest.raises(ValidationError) as exc:
        services.question_update(question=grid, user=manager, **_as_is(grid, items=items))
    assert TYPO_ONLY in exc.value.message_dict["items"][0]
    with pytest.raises(ValidationError) as exc:
        services.question_update(question=grid, user=manager, **_as_is(grid, extra_choice="Keine Angabe"))
    assert "extra_choice" in exc.value.message_dict
    assert grid.items.order_by("position").first().label == "Einkaufsmöglichkeiten"


def test_a_new_question_text_or_help_text_is_refused(answered_survey, manager):
    question = _question(answered_survey, "Möchten Sie auch")
    with pytest.raises(ValidationError) as exc:
        services.question_update(
            question=question, user=manager, **_as_is(question, text="Wie gefällt Ihnen der Marktplatz?")
        )
    assert TYPO_ONLY in exc.value.message_dict["text"][0]
    with pytest.raises(ValidationError) as exc:
        services.question_update(
            question=question, user=manager, **_as_is(question, help_text="Denken Sie an die nächsten zehn Jahre.")
        )
    assert "help_text" in exc.value.message_dict
    question.refresh_from_db()
    assert question.text.startswith("Möchten Sie auch")
    assert question.help_text == ""


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Hausarzt", "Hausärztin"),  # a close spelling
        ("Einkaufsmöglichkeiten", "Einkaufs-Möglichkeiten"),  # punctuation and case only
        ("Bus und Bahn", "Bus  und  Bahn."),
        ("Ja", "ja!"),
    ],
)
def test_typo_fixes_count_as_such(old, new):
    assert services.is_typo_fix(old, new)


@pytest.mark.parametrize(("old", "new"), [("Ja", "Nein"), ("Hausarzt", "Zahnarzt in der Nähe"), ("", "Neu")])
def test_changes_of_meaning_do_not_count_as_typo_fixes(old, new):
    assert not services.is_typo_fix(old, new)


def test_an_open_survey_without_answers_refuses_structural_changes(open_survey, manager):
    assert not open_survey.responses.exists()
    question = open_survey.questions.order_by("position").last()
    for action in (
        lambda: services.question_create(survey=open_survey, user=manager, kind="yesno", text="Neu?"),
        lambda: services.question_move(question=question, user=manager, direction="up"),
        lambda: services.question_delete(question=question, user=manager),
    ):
        with pytest.raises(ValidationError, match="kein Entwurf mehr"):
            action()
    grid = open_survey.questions.filter(kind=QuestionKind.GRID).order_by("position").first()
    for change in ({"required": False}, {"choices": ["Sehr zufrieden", "Eher zufrieden"]}, {"items": ["Nur eins"]}):
        with pytest.raises(ValidationError):
            services.question_update(question=grid, user=manager, **_as_is(grid, **change))
    assert open_survey.questions.count() == 11
    assert open_survey.questions.order_by("position").last() == question


def test_a_closed_survey_without_answers_refuses_new_questions(open_survey, manager):
    open_survey.status = SurveyStatus.CLOSED
    open_survey.save()
    with pytest.raises(ValidationError, match="kein Entwurf mehr"):
        services.question_create(survey=open_survey, user=manager, kind="yesno", text="Neu?")


def test_an_open_survey_without_answers_still_takes_typo_fixes(open_survey, manager):
    question = _question(open_survey, "Möchten Sie auch")
    labels = _labels(question)
    labels[0] = "Ja, auf jeden Fall!"
    services.question_update(
        question=question,
        user=manager,
        **_as_is(question, text=question.text.replace("Wohnung", "Wohnung,"), choices=labels),
    )
    question.refresh_from_db()
    assert "Wohnung," in question.text
    assert _labels(question)[0] == "Ja, auf jeden Fall!"


def test_the_builder_says_an_open_survey_is_locked(open_survey, manager, client_for):
    client = client_for(manager)
    page = text(client.get(reverse("survey_detail", args=[open_survey.quartier.slug, open_survey.pk])))
    assert "Diese Umfrage ist kein Entwurf mehr." in page
    assert "Frage hinzufügen" not in page and "Nach oben" not in page
    assert "neue Welle" in page


def test_the_question_form_shows_the_typo_rule_at_the_field(answered_survey, manager, client_for):
    question = _question(answered_survey, "Möchten Sie auch")
    labels = _labels(question)
    labels[0], labels[3] = labels[3], labels[0]
    url = reverse("survey_question_edit", args=[answered_survey.quartier.slug, answered_survey.pk, question.pk])
    response = client_for(manager).post(url, {"text": question.text, "choices": "\n".join(labels)})
    assert response.status_code == 400
    page = text(response)
    assert TYPO_ONLY in page and "neue Welle" in page
    assert "\n".join(labels) in response.content.decode()  # what was typed is kept
    assert _labels(question)[0] == "Ja, auf jeden Fall"
