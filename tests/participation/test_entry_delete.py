"""Deleting a mistyped paper questionnaire from the entry page: one's own, or (managers) anyone's."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from participation.answering.services import response_delete, response_submit
from participation.models import Answer, Response
from tests.pages import text

from .answering_data import complete_answers

pytestmark = pytest.mark.django_db


def entry_url(survey) -> str:
    return reverse("survey_entry", args=[survey.quartier.slug, survey.pk])


def delete_url(stored) -> str:
    return reverse("survey_entry_delete", args=[stored.survey.quartier.slug, stored.survey_id, stored.pk])


def entry(survey, key: str) -> dict:
    return {
        **complete_answers(survey, key=key),
        "channel": "papier",
        "submitted_on": timezone.localdate().isoformat(),
    }


def typed_in(survey, user, key: str = "t" * 32) -> Response:
    return response_submit(
        survey=survey, answers=complete_answers(survey), channel="papier", entered_by=user, submission_key=key
    )


def test_the_entry_page_lists_what_i_typed_in_today_with_a_delete_link(client_for, developer, manager, open_survey):
    client = client_for(developer)
    for key in ("a" * 32, "b" * 32):
        assert client.post(entry_url(open_survey), entry(open_survey, key)).status_code == 302
    client_for(manager).post(entry_url(open_survey), entry(open_survey, "c" * 32))
    mine = list(Response.objects.filter(entered_by=developer).order_by("pk"))
    managers = Response.objects.get(entered_by=manager)
    page = text(client.get(entry_url(open_survey)))
    assert "Heute von Ihnen erfasst" in page
    for stored in mine:
        assert f"Fragebogen Nr. {stored.pk} (Papier" in page
    assert f"Fragebogen Nr. {managers.pk}" not in page  # only one's own of this session
    html = client.get(entry_url(open_survey)).content.decode()
    assert delete_url(mine[0]) in html and delete_url(managers) not in html


def test_confirming_deletes_the_questionnaire_and_its_answers(client_for, developer, open_survey):
    client = client_for(developer)
    client.post(entry_url(open_survey), entry(open_survey, "a" * 32))
    client.post(entry_url(open_survey), entry(open_survey, "b" * 32))
    first, second = Response.objects.order_by("pk")
    kept_answers = second.answers.count()

    confirm = client.get(delete_url(first))
    assert confirm.status_code == 200
    assert f"Fragebogen Nr. {first.pk} löschen" in text(confirm)
    assert Response.objects.count() == 2  # a GET deletes nothing

    response = client.post(delete_url(first), follow=True)
    assert response.redirect_chain[-1][0] == entry_url(open_survey)
    page = text(response)
    assert f"Fragebogen Nr. {first.pk} wurde gelöscht." in page
    assert "1 Fragebogen erfasst, davon 1 von Ihnen heute" in page
    assert f"Fragebogen Nr. {first.pk} (" not in page
    assert list(Response.objects.all()) == [second]
    assert Answer.objects.count() == kept_answers


def test_a_developer_may_not_delete_a_colleagues_questionnaire(client_for, developer, manager, open_survey):
    stored = typed_in(open_survey, manager)
    assert client_for(developer).post(delete_url(stored)).status_code == 403
    assert client_for(developer).get(delete_url(stored)).status_code == 403
    with pytest.raises(PermissionDenied):
        response_delete(response=stored, user=developer)
    assert Response.objects.filter(pk=stored.pk).exists()


def test_a_manager_may_delete_any_typed_in_questionnaire(client_for, developer, manager, open_survey):
    stored = typed_in(open_survey, developer)
    assert client_for(manager).post(delete_url(stored)).status_code == 302
    assert not Response.objects.filter(pk=stored.pk).exists()
    assert not Answer.objects.filter(response_id=stored.pk).exists()


def test_online_answers_cannot_be_deleted_here(client_for, manager, open_survey):
    online = response_submit(survey=open_survey, answers=complete_answers(open_survey), submission_key="o" * 32)
    assert client_for(manager).post(delete_url(online)).status_code == 404
    assert Response.objects.filter(pk=online.pk).exists()


def test_a_questionnaire_of_another_survey_or_quartier_is_not_found(client_for, manager, developer, open_survey):
    stored = typed_in(open_survey, developer)
    wrong_survey = reverse("survey_entry_delete", args=[open_survey.quartier.slug, open_survey.pk + 999, stored.pk])
    assert client_for(manager).post(wrong_survey).status_code == 404
    assert Response.objects.filter(pk=stored.pk).exists()


@pytest.mark.parametrize("role", ["viewer", "partner", "coordinator"])
def test_readers_may_not_delete(request, client_for, developer, open_survey, role):
    stored = typed_in(open_survey, developer)
    user = request.getfixturevalue(role)
    assert client_for(user).post(delete_url(stored)).status_code == 403
    with pytest.raises(PermissionDenied):
        response_delete(response=stored, user=user)
    assert Response.objects.filter(pk=stored.pk).exists()
