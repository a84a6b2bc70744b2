"""The cockpit's „Beteiligung“ box: open surveys with their responses by channel and the days
left, the latest events with participants and the share 80+, ideas waiting for a decision."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.pages import shown_date, text

from .participation_data import event, idea, participation, responses

pytestmark = pytest.mark.django_db


def _cockpit(client, quartier):
    return client.get(reverse("cockpit", args=[quartier.slug]))


def test_the_box_shows_open_surveys_events_and_waiting_ideas(quartier, manager, client_for):
    made = participation(quartier)
    response = _cockpit(client_for(manager), quartier)

    box = text(response, "cockpit-participation")
    assert box.startswith("Beteiligung")
    assert (
        "Umfrage „Älter werden in der Altstadt“ ist offen (noch 21 Tage): bisher 6 Antworten – "
        "3 online, 2 auf Papier, 1 im Interview" in box
    )
    assert "Befragung 2025" not in box  # closed
    walk_day = shown_date(made["walk"].starts_at)
    assert f"{walk_day}: Rundgang Marktplatz (Quartiersbegehung) – 14 Teilnehmende, 33 % 80 Jahre oder älter" in box
    assert "Bürgerversammlung (Bürgerversammlung / Infoveranstaltung) – 30 Teilnehmende" in box
    assert "Sommerfest" not in box  # still to come
    assert "3 Ideen warten auf eine Entscheidung (2 neu, 1 in Prüfung)" in box
    assert f'href="{reverse("participation_overview", args=[quartier.slug])}"' in response.content.decode()


def test_an_empty_quartier_gets_a_short_note(quartier, viewer, client_for):
    box = text(_cockpit(client_for(viewer), quartier), "cockpit-participation")

    assert "Noch keine Umfrage, Veranstaltung oder Idee erfasst." in box
    assert "warten" not in box


def test_the_cockpit_takes_the_same_queries_with_more_participation(quartier, manager, client_for):
    client = client_for(manager)
    participation(quartier)
    _cockpit(client, quartier)  # warm caches
    with CaptureQueriesContext(connection) as small:
        assert _cockpit(client, quartier).status_code == 200
    made = participation(quartier)
    for n in range(8):
        responses(made["t1"], online=5, papier=n)
        event(quartier, "begehung", f"Begehung {n}", -n - 1, 12, (1, 2, 3))
        idea(quartier, f"Idee {n}", "neu")
    with CaptureQueriesContext(connection) as large:
        response = _cockpit(client, quartier)
    assert len(large) == len(small)
    assert "Umfrage „Älter werden in der Altstadt“ ist offen" in text(response, "cockpit-participation")
