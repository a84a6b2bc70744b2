"""The public idea page: no account, no names; errors at the field with the text kept; a limit
per address; only reviewed ideas are listed, declined ones with their reason."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from participation.ideas import services
from participation.models import Idea
from tests.pages import text


@pytest.fixture(autouse=True)
def _fresh_limit():
    cache.clear()


def url(quartier) -> str:
    return reverse("idea_public", args=[quartier.slug])


def test_a_citizen_sends_an_idea_and_is_thanked(quartier, client_for):
    client = client_for(None)
    response = client.post(url(quartier), {"text": "Mehr Bänke am Fluss", "domain": "wohnen"}, follow=True)
    assert "Vielen Dank für Ihre Idee!" in text(response)
    idea = Idea.objects.get()
    assert (idea.text, idea.domain, idea.source, idea.status, idea.entered_by) == (
        "Mehr Bänke am Fluss",
        "wohnen",
        "online",
        "neu",
        None,
    )
    # New ideas are not listed before the team has looked at them.
    assert "Mehr Bänke" not in text(response).split("Ideen, die das Team angesehen hat")[1]


def test_weiss_nicht_stores_no_domain(quartier, client_for):
    client_for(None).post(url(quartier), {"text": "Ein Treffpunkt", "domain": "weiss_nicht"})
    assert Idea.objects.get().domain == ""


def test_errors_are_summarised_on_top_and_the_text_is_kept(quartier, client_for):
    response = client_for(None).post(url(quartier), {"text": "Ein Bücherschrank"})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'href="#id_domain_0"' in body
    assert "Bitte wählen Sie, worum es bei Ihrer Idee geht" in text(response)
    assert "Ein Bücherschrank</textarea>" in body
    assert not Idea.objects.exists()


def test_an_oversized_text_is_refused(quartier, client_for):
    response = client_for(None).post(url(quartier), {"text": "x" * 1001, "domain": "wohnen"})
    assert response.status_code == 400
    assert "höchstens 1000 Zeichen" in text(response)
    assert not Idea.objects.exists()


@override_settings(SURVEY_SUBMISSIONS_PER_HOUR=2)
def test_the_per_address_limit_holds_back_the_third_idea(quartier, client_for):
    client = client_for(None)
    for n in range(2):
        assert client.post(url(quartier), {"text": f"Idee {n}", "domain": "pflege"}).status_code == 302
    response = client.post(url(quartier), {"text": "Idee 3", "domain": "pflege"})
    assert response.status_code == 429
    assert "Bitte versuchen Sie es später noch einmal" in text(response)
    assert "Idee 3</textarea>" in response.content.decode()
    assert Idea.objects.count() == 2


def test_an_unknown_quartier_gets_a_friendly_page(client_for, db):
    response = client_for(None).get(reverse("idea_public", args=["gibt-es-nicht"]))
    assert response.status_code == 404
    assert "Diese Seite finden wir nicht" in text(response)
    assert client_for(None).post(reverse("idea_public", args=["gibt-es-nicht"]), {"text": "x"}).status_code == 404


def test_the_public_list_shows_reviewed_ideas_and_reasons_and_hides_new_ones(quartier, manager, client_for):
    new = services.idea_submit(quartier=quartier, text="Neue Idee ungeprüft")
    review = services.idea_submit(quartier=quartier, text="Idee in Prüfung")
    declined = services.idea_submit(quartier=quartier, text="Abgelehnte Idee")
    adopted = services.idea_create(quartier=quartier, user=manager, text="Übernommene Idee")
    services.idea_decide(idea_id=review.pk, user=manager, status="in_pruefung")
    services.idea_decide(idea_id=declined.pk, user=manager, status="abgelehnt", reason="Zu teuer für den Haushalt")
    services.idea_decide(idea_id=adopted.pk, user=manager, status="uebernommen", measure_domain="soziales")
    listed = text(client_for(None).get(url(quartier)), "public-ideas")
    assert "Idee in Prüfung" in listed and "Übernommene Idee" in listed
    assert "Abgelehnte Idee" in listed and "Grund: Zu teuer für den Haushalt" in listed
    assert new.text not in listed
    assert manager.display_name not in listed


def test_the_form_asks_for_no_personal_data(quartier, client_for):
    response = client_for(None).get(url(quartier))
    body = response.content.decode()
    assert "Bitte keine Namen" in text(response)
    assert 'type="email"' not in body and 'name="name"' not in body
    assert 'maxlength="1000"' in body and "Höchstens 1000 Zeichen." in text(response)
