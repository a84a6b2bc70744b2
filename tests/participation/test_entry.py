"""The staff entry form: paper questionnaires and interviews typed in one after the other."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from participation.answering.services import field_name
from participation.models import Answer, Response, SurveyStatus
from tests.pages import text

from .answering_data import complete_answers, questions

pytestmark = pytest.mark.django_db


def url(survey) -> str:
    return reverse("survey_entry", args=[survey.quartier.slug, survey.pk])


def entry(survey, **extra) -> dict:
    return {**complete_answers(survey), "channel": "papier", "submitted_on": timezone.localdate().isoformat(), **extra}


def test_the_form_offers_channel_and_day_and_focuses_the_first_question(client_for, developer, open_survey) -> None:
    response = client_for(developer).get(url(open_survey))
    html = response.content.decode()
    assert response.status_code == 200
    first = questions(open_survey)[0]
    assert f'id="id_{field_name(first)}_0" value="{first.choices.first().pk}" autofocus' in html
    assert 'value="papier" class="form-check-input" id="id_channel_0" required checked' in html
    assert f'value="{timezone.localdate().isoformat()}"' in html
    page = text(response)
    assert "0 Fragebögen erfasst, davon 0 von Ihnen heute" in page
    assert "Wie wurde geantwortet?" in page and "Interview" in page
    assert "Schrift größer" not in page  # the workspace frame, not the public one


def test_saving_counts_and_records_channel_day_and_who_typed_it(client_for, developer, manager, open_survey) -> None:
    client = client_for(developer)
    day = timezone.localdate() - datetime.timedelta(days=2)
    response = client.post(url(open_survey), entry(open_survey, channel="interview", submitted_on=day.isoformat()))
    assert response.status_code == 302
    stored = Response.objects.get()
    assert (stored.channel, stored.submitted_on, stored.entered_by) == ("interview", day, developer)
    assert stored.answers.count() > 10

    client.post(url(open_survey), entry(open_survey, submission_key="b" * 32))
    client_for(manager).post(url(open_survey), entry(open_survey, submission_key="c" * 32))
    page = text(client.get(response["Location"]))
    assert "3 Fragebögen erfasst, davon 2 von Ihnen heute" in page
    assert "der letzte Fragebogen wurde gespeichert" in page
    assert Response.objects.filter(channel="papier").count() == 2


def test_a_double_click_counts_once(client_for, developer, open_survey) -> None:
    client = client_for(developer)
    data = entry(open_survey, submission_key="d" * 32)
    client.post(url(open_survey), data)
    response = client.post(url(open_survey), data)
    assert Response.objects.count() == 1
    assert "1 Fragebogen erfasst, davon 1 von Ihnen heute" in text(client.get(response["Location"]))


def test_errors_are_shown_at_the_field_and_nothing_is_stored(client_for, developer, open_survey) -> None:
    first = questions(open_survey)[0]
    data = entry(open_survey, submitted_on=(timezone.localdate() + datetime.timedelta(days=1)).isoformat())
    del data[field_name(first)]
    response = client_for(developer).post(url(open_survey), data)
    assert response.status_code == 200
    page = text(response)
    assert "Ausgefüllt am: Der Tag kann nicht in der Zukunft liegen." in page
    assert "Bitte beantworten Sie diese Frage." in page
    assert Response.objects.count() == 0


def test_a_day_long_before_the_survey_is_refused(client_for, developer, open_survey) -> None:
    data = entry(open_survey, submitted_on="2001-01-01")
    assert "Der Tag kann nicht vor dem" in text(client_for(developer).post(url(open_survey), data))
    assert Response.objects.count() == 0


def test_a_closed_survey_still_takes_late_paper_forms(client_for, developer, open_survey) -> None:
    open_survey.status = SurveyStatus.CLOSED
    open_survey.save()
    client = client_for(developer)
    assert "Verspätete Papierbögen" in text(client.get(url(open_survey)))
    assert client.post(url(open_survey), entry(open_survey)).status_code == 302
    assert Response.objects.get().channel == "papier"


def test_a_draft_refuses_entry_with_a_clear_message(client_for, developer, survey) -> None:
    client = client_for(developer)
    page = text(client.get(url(survey)))
    assert "Diese Umfrage ist noch ein Entwurf." in page
    response = client.post(url(survey), entry(survey))
    assert "Diese Umfrage ist noch ein Entwurf." in text(response)
    assert Response.objects.count() == 0 and Answer.objects.count() == 0


def test_another_quartiers_survey_is_not_found(client_for, developer, other_quartier, open_survey) -> None:
    response = client_for(developer).get(reverse("survey_entry", args=[other_quartier.slug, open_survey.pk]))
    assert response.status_code == 404
    response = client_for(developer).get(reverse("survey_entry", args=[open_survey.quartier.slug, 999999]))
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["partner", "viewer", "coordinator"])
def test_who_may_not_enter_gets_403(client_for, request, role, open_survey) -> None:
    user = request.getfixturevalue(role)
    assert client_for(user).post(url(open_survey), entry(open_survey)).status_code == 403
    assert Response.objects.count() == 0


def test_the_page_needs_a_fixed_number_of_queries(
    client_for, developer, answered_survey, django_assert_max_num_queries
):
    client = client_for(developer)
    with django_assert_max_num_queries(20):
        assert client.get(url(answered_survey)).status_code == 200
