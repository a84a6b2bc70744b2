"""The „Beteiligung“ tab's overview: the figures in plain words, links to surveys, events and
ideas, the public links citizens use, and what to do first while nothing is there."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.pages import has_element, text

from .participation_data import participation

pytestmark = [pytest.mark.django_db]


def _url(quartier) -> str:
    return reverse("participation_overview", args=[quartier.slug])


def test_the_overview_tells_the_figures_in_plain_words(quartier, other_quartier, manager, client_for):
    made = participation(quartier)
    participation(other_quartier)
    response = client_for(manager).get(_url(quartier))

    assert response.status_code == 200
    page = text(response)
    assert "Beteiligung" in page
    surveys = text(response, "overview-surveys")
    assert "1 offene Umfrage, 1 geschlossen, 1 Entwurf. 10 Antworten insgesamt." in surveys
    assert (
        "Älter werden in der Altstadt T1 Offen, noch 21 Tage · 6 Antworten: 3 online, 2 auf Papier, 1 im Interview "
        "· Ergebnisse" in surveys
    )
    assert "Befragung 2025 T0 Geschlossen am " in surveys
    assert "· 4 Antworten: 0 online, 4 auf Papier, 0 im Interview" in surveys
    assert "Entwurf Nachbarschaft Entwurf · 0 Antworten" in surveys
    events = text(response, "overview-events")
    assert "4 Veranstaltungen mit 64 Teilnehmenden insgesamt." in events
    assert "Von den 32 Personen, deren Alter bekannt ist, waren 28 % 80 Jahre oder älter." in events
    assert "Rundgang Marktplatz (Quartiersbegehung) – 14 Teilnehmende, 33 % 80 Jahre oder älter" in events
    assert "3 Problemstellen wurden bei Begehungen gefunden: 1 als Barriere gezählt, 1 zur Idee gemacht." in events
    assert "Sommerfest" not in events  # still to come
    ideas = text(response, "overview-ideas")
    assert "5 Ideen: 2 neu, 1 in Prüfung, 1 übernommen, 1 abgelehnt. 1 Idee wurde zur Maßnahme." in ideas
    assert "3 Ideen warten auf eine Entscheidung" in ideas
    assert not has_element(response, "participation-empty")

    html = response.content.decode()
    for name, args in (
        ("survey_list", [quartier.slug]),
        ("survey_detail", [quartier.slug, made["t1"].pk]),
        ("survey_results", [quartier.slug, made["t1"].pk]),
        ("event_list", [quartier.slug]),
        ("event_detail", [quartier.slug, made["walk"].pk]),
        ("idea_list", [quartier.slug]),
    ):
        assert f'href="{reverse(name, args=args)}"' in html, name


def test_the_overview_lists_the_public_links_on_the_teams_host(quartier, manager, client_for, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "quartier.example"]
    made = participation(quartier)
    response = client_for(manager).get(_url(quartier), HTTP_HOST="quartier.example")

    links = text(response, "overview-links")
    survey_url = "http://quartier.example" + reverse("survey_answer", args=[made["t1"].token])
    ideas_url = "http://quartier.example" + reverse("idea_public", args=[quartier.slug])
    assert f"Umfrage „Älter werden in der Altstadt“: {survey_url}" in links
    assert f"Idee einreichen: {ideas_url}" in links
    # Only open surveys have a public link: neither the closed wave nor the draft.
    assert made["t0"].token not in response.content.decode()
    assert made["draft"].token not in response.content.decode()


def test_an_empty_quartier_says_what_to_do_first(quartier, manager, viewer, client_for):
    response = client_for(manager).get(_url(quartier))

    empty = text(response, "participation-empty")
    assert "Noch nichts erfasst: keine Umfrage, keine Veranstaltung, keine Idee." in empty
    assert "Umfrage aus der Vorlage anlegen" in empty
    assert f'href="{reverse("survey_list", args=[quartier.slug])}"' in response.content.decode()
    assert "Noch keine Umfrage." in text(response, "overview-surveys")
    assert "Veranstaltung erfassen" in text(response, "overview-events")
    assert "Noch keine Idee." in text(response, "overview-ideas")
    # No open survey: the only public page is the idea form.
    links = text(response, "overview-links")
    assert "Idee einreichen: http://testserver" in links
    assert "Umfrage „" not in links

    # Readers cannot create surveys: they are told who starts, not offered the action.
    seen = text(client_for(viewer).get(_url(quartier)), "participation-empty")
    assert "Umfrage aus der Vorlage anlegen" not in seen
    assert "Vorlage" in seen


def test_the_tab_is_marked_current_and_the_subnav_shows_the_overview(quartier, manager, client_for):
    html = client_for(manager).get(_url(quartier)).content.decode()

    assert f'href="{_url(quartier)}" aria-current="page">Beteiligung</a>' in html
    assert 'aria-current="page">Übersicht</a>' in html


def test_the_overview_takes_the_same_queries_for_more_data(quartier, manager, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(manager)
    participation(quartier)
    client.get(_url(quartier))
    with CaptureQueriesContext(connection) as small:
        client.get(_url(quartier))
    participation(quartier)
    participation(quartier)
    with CaptureQueriesContext(connection) as large:
        client.get(_url(quartier))
    assert len(large) == len(small)
