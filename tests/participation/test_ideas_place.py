"""The optional place of a public idea (a tap on the map fills two hidden fields), checked on the
server; no history row for a public submission; the measure page's note of the idea it grew out
of."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participation.ideas import services
from participation.models import Idea
from planning.measures.models import Measure
from tests.pages import text

CENTRE = (Decimal("48.775800"), Decimal("9.182900"))


@pytest.fixture(autouse=True)
def _fresh_limit():
    cache.clear()


@pytest.fixture
def centred(quartier):
    quartier.centre_lat, quartier.centre_lon = CENTRE
    quartier.save(update_fields=["centre_lat", "centre_lon"])
    return quartier


def url(quartier) -> str:
    return reverse("idea_public", args=[quartier.slug])


def send(client, quartier, **place):
    return client.post(url(quartier), {"text": "Eine Bank am Brunnen", "domain": "wohnen", **place})


def test_the_map_block_is_optional_hidden_without_script_and_named(centred, client_for):
    response = client_for(None).get(url(centred))
    body = response.content.decode()
    assert '<section class="mb-4" id="ort" tabindex="-1" aria-labelledby="h-place" hidden>' in body
    assert "Wo ist das? (freiwillig)" in body
    assert "Das ist freiwillig: Sie können die Karte überspringen" in body
    assert 'role="region" aria-label="Karte zum Markieren des Ortes Ihrer Idee"' in body
    assert 'data-centre="48.775800,9.182900"' in body
    assert "Ort wieder entfernen" in body
    assert 'type="hidden" name="lat" id="id_lat" value=""' in body


def test_a_place_near_the_quartier_is_stored(centred, client_for):
    response = send(client_for(None), centred, lat="48.7801234567", lon="9,1799")
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert (idea.lat, idea.lon) == (Decimal("48.780123"), Decimal("9.179900"))


def test_without_a_place_nothing_is_stored_for_it(centred, client_for):
    assert send(client_for(None), centred, lat="", lon="").status_code == 302
    assert Idea.objects.get().lat is None


@pytest.mark.parametrize(
    ("lat", "lon", "message"),
    [
        ("1e30", "9.18", "konnte nicht gelesen werden"),
        ("Infinity", "9.18", "konnte nicht gelesen werden"),
        ("NaN", "NaN", "konnte nicht gelesen werden"),
        ("-inf", "9.18", "konnte nicht gelesen werden"),
        ("4" * 40, "9.18", "konnte nicht gelesen werden"),
        ("48." + "7" * 40, "9.18", "konnte nicht gelesen werden"),
        ("48.77", "", "konnte nicht gelesen werden"),
        ("", "9.18", "konnte nicht gelesen werden"),
        ("Markt", "9.18", "konnte nicht gelesen werden"),
        ("91", "9.18", "konnte nicht gelesen werden"),
        ("48.77", "181", "konnte nicht gelesen werden"),
        ("52.5200", "13.4050", "mehr als 5 km vom Quartier entfernt"),
        ("48.8300", "9.1829", "mehr als 5 km vom Quartier entfernt"),
    ],
)
def test_a_bad_or_distant_place_is_refused_in_german_and_the_text_kept(centred, client_for, lat, lon, message):
    response = send(client_for(None), centred, lat=lat, lon=lon)
    assert response.status_code == 400
    page = text(response)
    assert message in page
    body = response.content.decode()
    assert 'href="#ort"' in body
    assert "Eine Bank am Brunnen</textarea>" in body
    # The block with the error is shown; the refused place is not sent again.
    assert 'id="ort" tabindex="-1" aria-labelledby="h-place">' in body
    assert 'name="lat" id="id_lat" value=""' in body and 'name="lon" id="id_lon" value=""' in body
    assert not Idea.objects.exists()


def test_without_a_centre_any_real_place_is_accepted(quartier, client_for):
    assert send(client_for(None), quartier, lat="52.52", lon="13.405").status_code == 302
    assert Idea.objects.get().lat == Decimal("52.520000")


def test_the_service_refuses_half_a_place_and_a_far_one(centred):
    with pytest.raises(ValidationError):
        services.idea_submit(quartier=centred, text="x", lat=Decimal("48.77"))
    with pytest.raises(ValidationError):
        services.idea_submit(quartier=centred, text="x", lat=Decimal("52.52"), lon=Decimal("13.40"))
    assert not Idea.objects.exists()


def test_a_public_submission_writes_no_history_but_a_staff_decision_does(centred, manager, client_for):
    # Even a logged-in visitor on the public page leaves no trace of time or account.
    send(client_for(manager), centred, lat="48.7760", lon="9.1830")
    idea = Idea.objects.get()
    assert idea.entered_by is None
    assert not idea.history.exists()
    assert not Idea.history.filter(history_user=manager).exists()
    services.idea_decide(idea_id=idea.pk, user=manager, status="in_pruefung")
    rows = list(idea.history.all())
    assert [(row.status, row.history_user) for row in rows] == [("in_pruefung", manager)]


def test_staff_see_the_place_with_a_map(centred, manager, client_for):
    idea = services.idea_submit(quartier=centred, text="Licht im Park", lat=Decimal("48.7760"), lon=Decimal("9.1830"))
    response = client_for(manager).get(reverse("idea_detail", args=[centred.slug, idea.pk]))
    place = text(response, "idea-place")
    assert "Breitengrad 48,776000, Längengrad 9,183000" in place
    body = response.content.decode()
    assert f'href="{reverse("quartier_map", args=[centred.slug])}"' in body
    assert 'id="idea-place-map"' in body and 'data-lat="48.776000"' in body
    assert "vendor/leaflet/leaflet.js" in body


def test_an_idea_without_place_shows_no_map(quartier, manager, client_for):
    idea = services.idea_submit(quartier=quartier, text="Mehr Feste")
    body = client_for(manager).get(reverse("idea_detail", args=[quartier.slug, idea.pk])).content.decode()
    assert 'id="idea-place-map"' not in body and "leaflet.js" not in body


def _adopt(quartier, manager, text_):
    idea = services.idea_submit(quartier=quartier, text=text_)
    idea, measure, _changed = services.idea_decide(
        idea_id=idea.pk, user=manager, status="uebernommen", measure_domain="wohnen"
    )
    return idea, measure


def test_the_measure_page_names_the_idea_it_grew_out_of(quartier, manager, client_for):
    idea, measure = _adopt(quartier, manager, "Eine Bank am Marktplatz")
    other = Measure.objects.create(quartier=quartier, title="Sprechstunde", domain="pflege")
    client = client_for(manager)
    panel = text(client.get(reverse("measure_detail", args=[quartier.slug, measure.pk])), "aus-idee")
    assert "Aus einer Idee von Bürgerinnen und Bürgern entstanden: „Eine Bank am Marktplatz“" in panel
    body = client.get(reverse("measure_detail", args=[quartier.slug, measure.pk])).content.decode()
    assert f'href="{reverse("idea_detail", args=[quartier.slug, idea.pk])}"' in body
    other_page = client.get(reverse("measure_detail", args=[quartier.slug, other.pk]))
    assert 'id="aus-idee"' not in other_page.content.decode()
    assert "Aus einer Idee" not in text(other_page)


def test_the_measure_page_queries_do_not_grow_with_ideas(quartier, manager, client_for):
    _idea, measure = _adopt(quartier, manager, "Eine Bank am Marktplatz")
    client = client_for(manager)
    page = reverse("measure_detail", args=[quartier.slug, measure.pk])
    client.get(page)
    with CaptureQueriesContext(connection) as first:
        assert client.get(page).status_code == 200
    for n in range(5):
        _adopt(quartier, manager, f"Weitere Idee {n}")
        services.idea_submit(quartier=quartier, text=f"Neue Idee {n}")
    with CaptureQueriesContext(connection) as second:
        assert client.get(page).status_code == 200
    assert len(second) == len(first)
