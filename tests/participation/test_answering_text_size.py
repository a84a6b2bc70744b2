"""„Schrift größer“ on the answer page: the switch belongs to the answer form, so what was typed
comes back in the new size; nothing is stored and no error is shown."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from participation.models import QuestionKind, Response
from tests.pages import text

from .answering_data import complete_answers, question_of_kind

pytestmark = pytest.mark.django_db

TYPED = "Mehr Bänke am Markt und eine Toilette"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


def _half_filled(survey) -> dict:
    """The first question picked, a free text typed, every other required question still open."""
    full = complete_answers(survey)
    first = survey.questions.order_by("position").first()
    free = question_of_kind(survey, QuestionKind.TEXT)
    return {
        "submission_key": full["submission_key"],
        f"q{first.pk}": full[f"q{first.pk}"],
        f"q{free.pk}": TYPED,
    }


def test_the_switch_keeps_what_was_typed_and_stores_nothing(client, open_survey) -> None:
    url = reverse("survey_answer", args=[open_survey.token])
    data = _half_filled(open_survey)
    response = client.post(url, {**data, "size": "gross"})
    assert response.status_code == 200
    html = response.content.decode()
    page = text(response)
    assert TYPED in html  # the free text is back in its box
    first = open_survey.questions.order_by("position").first()
    picked = data[f"q{first.pk}"]
    assert f'name="q{first.pk}" id="id_q{first.pk}_0" value="{picked}" checked' in html  # the pick is kept
    assert html.count(" checked") == 1
    assert 'class="public text-large"' in html
    assert "Bitte beantworten Sie diese Frage" not in page  # no errors for the still-open questions
    assert "Bitte prüfen Sie Ihre Antworten" not in page
    assert f'name="submission_key" value="{data["submission_key"]}"' in html  # the same form goes on
    assert response.cookies["schrift"].value == "gross"
    assert "Normale Schriftgröße" in page
    assert Response.objects.count() == 0


def test_switching_back_clears_the_cookie_and_still_keeps_the_answers(client, open_survey) -> None:
    url = reverse("survey_answer", args=[open_survey.token])
    client.cookies["schrift"] = "gross"
    response = client.post(url, {**_half_filled(open_survey), "size": "normal"})
    assert response.status_code == 200
    assert response.cookies["schrift"].value == ""
    html = response.content.decode()
    assert TYPED in html and "text-large" not in html
    assert Response.objects.count() == 0


def test_a_complete_form_is_not_sent_by_the_switch(client, open_survey) -> None:
    url = reverse("survey_answer", args=[open_survey.token])
    response = client.post(url, {**complete_answers(open_survey), "size": "gross"})
    assert response.status_code == 200
    assert Response.objects.count() == 0
    assert client.post(url, complete_answers(open_survey)).status_code == 302  # sending still works
    assert Response.objects.count() == 1


def test_the_switch_on_the_answer_page_belongs_to_the_answer_form(client, open_survey) -> None:
    html = client.get(reverse("survey_answer", args=[open_survey.token])).content.decode()
    assert 'form="antworten" name="size" value="gross"' in html
    assert 'id="antworten"' in html
    assert reverse("text_size") not in html  # no separate form that would lose the answers


def test_other_public_pages_keep_the_separate_switch(client, open_survey) -> None:
    html = client.get(reverse("survey_thanks", args=[open_survey.token])).content.decode()
    assert f'action="{reverse("text_size")}"' in html
