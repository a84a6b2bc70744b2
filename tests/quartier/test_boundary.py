"""Hostile GeoJSON in the boundary field: every kind gets a German form error, never a 500.

Saved through the boundary editor of the map page, so the PostgreSQL run (DATABASE_URL) checks that nothing
reaches jsonb that it would refuse.
"""

from __future__ import annotations

import json
import tracemalloc

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from quartier.geojson import parse_boundary
from quartier.models import Quartier
from tests.pages import text

pytestmark = pytest.mark.django_db

RING = "[[9.1, 48.7], [9.2, 48.7], [9.2, 48.8], [9.1, 48.7]]"


def polygon(ring: str = RING, extra: str = "") -> str:
    return '{"type": "Polygon", "coordinates": [' + ring + "]" + extra + "}"


NUMBER = "Die Grenze enthält eine Zahl, die keine gewöhnliche Koordinate ist (zu lang, NaN oder Infinity)."
CHARACTER = "Die Grenze enthält ein unzulässiges Zeichen (ein NUL-Zeichen oder ein beschädigtes Zeichen)."
DEPTH = "Die Grenze ist zu tief verschachtelt, um eine Fläche auf der Karte zu sein."

HOSTILE = [
    ("nan", polygon("[[NaN, 48.7], [9.2, 48.7], [9.2, 48.8], [NaN, 48.7]]"), NUMBER),
    ("infinity", polygon("[[Infinity, 48.7], [9.2, 48.7], [9.2, 48.8], [Infinity, 48.7]]"), NUMBER),
    ("minus-infinity", polygon("[[-Infinity, 48.7], [9.2, 48.7], [9.2, 48.8], [9.1, 48.7]]"), NUMBER),
    ("1e400", polygon("[[1e400, 48.7], [9.2, 48.7], [9.2, 48.8], [9.1, 48.7]]"), NUMBER),
    ("4000-digit integer", polygon("[[" + "9" * 4000 + ", 48.7], [9.2, 48.7], [9.2, 48.8], [9.1, 48.7]]"), NUMBER),
    ("4000-digit decimal", polygon("[[9." + "1" * 4000 + ", 48.7], [9.2, 48.7], [9.2, 48.8], [9.1, 48.7]]"), NUMBER),
    ("5000-digit property", polygon(extra=', "id": ' + "1" * 5000), NUMBER),
    ("deep nesting", '{"type": "Polygon", "coordinates": ' + "[" * 100_000 + "]" * 100_000 + "}", DEPTH),
    ("deep unclosed nesting", "[" * 100_000, DEPTH),
    ("deep properties", polygon(extra=', "properties": ' + '{"a": ' * 40 + "1" + "}" * 40), DEPTH),
    ("nul escaped", polygon(extra=', "name": "Alt\\u0000stadt"'), CHARACTER),
    ("nul raw", polygon(extra=', "name": "Alt\x00stadt"'), CHARACTER),
    ("nul in a key", polygon(extra=', "\\u0000": 1'), CHARACTER),
    ("lone surrogate", polygon(extra=', "name": "\\ud800"'), CHARACTER),
    ("lone low surrogate", polygon(extra=', "name": "x\\udfff"'), CHARACTER),
    (
        "longitude out of range",
        polygon("[[200, 48.7], [9.2, 48.7], [9.2, 48.8], [200, 48.7]]"),
        "Der Punkt [200, 48.7] liegt außerhalb der Karte",
    ),
    (
        "latitude out of range",
        polygon("[[9.1, 91], [9.2, 48.7], [9.2, 48.8], [9.1, 91]]"),
        "Der Punkt [9.1, 91] liegt außerhalb der Karte",
    ),
    (
        "open ring",
        polygon("[[9.1, 48.7], [9.2, 48.7], [9.2, 48.8], [9.1, 48.8]]"),
        "Die Grenzlinie ist nicht geschlossen: Ihr letzter Punkt muss den ersten wiederholen.",
    ),
    (
        "too few points",
        polygon("[[9.1, 48.7], [9.2, 48.7], [9.1, 48.7]]"),
        "Eine Grenzlinie braucht mindestens vier Punkte (der letzte wiederholt den ersten).",
    ),
    (
        "self-intersection",
        polygon("[[9.1, 48.7], [9.2, 48.8], [9.2, 48.7], [9.1, 48.8], [9.1, 48.7]]"),
        "Die Grenze überschneidet sich selbst (bei Breite 48,75, Länge 9,15).",
    ),
    (
        "a coordinate as text",
        polygon('[["9.1", 48.7], [9.2, 48.7], [9.2, 48.8], ["9.1", 48.7]]'),
        "Jeder Eckpunkt der Grenze braucht einen Längengrad und einen Breitengrad als Zahlen.",
    ),
    ("true as a coordinate", polygon("[[true, 48.7], [9.2, 48.7], [9.2, 48.8], [true, 48.7]]"), "als Zahlen"),
    (
        "too large",
        polygon(extra=', "note": "' + "x" * 1_000_001 + '"'),
        "Die Grenze ist zu lang: Erlaubt sind höchstens 1.000.000 Zeichen.",
    ),
    ("broken json", '{"type": "Polygon", "coordinates": [', "Bitte ein gültiges JSON-Objekt eingeben."),
    (
        "an unclosed string with many escapes",
        '"' + '\\"' * 200_000,
        "Bitte ein gültiges JSON-Objekt eingeben.",
    ),
]


def edit_url(quartier) -> str:
    return reverse("boundary_edit", args=[quartier.slug])


def profile_data(quartier, **changes) -> dict:
    """The boundary editor's form as the browser sends it (the boundary in its hidden field)."""
    data = {"boundary": "", "centre_lat": "", "centre_lon": "", "catchment_radius_m": "500"}
    data.update(changes)
    return data


@pytest.mark.parametrize(("boundary", "error"), [(b, e) for _n, b, e in HOSTILE], ids=[n for n, _b, _e in HOSTILE])
def test_hostile_geojson_gets_a_german_form_error_and_nothing_is_saved(client_for, manager, quartier, boundary, error):
    data = profile_data(quartier, boundary=boundary, catchment_radius_m="900")

    response = client_for(manager).post(edit_url(quartier), data)

    assert response.status_code == 200
    assert error in text(response)
    saved = Quartier.objects.get(pk=quartier.pk)
    assert saved.boundary is None and saved.catchment_radius_m == 500


def test_a_feature_collection_is_stored_as_one_area(client_for, manager, quartier):
    west = '{"type": "Feature", "properties": {"name": "West"}, "geometry": ' + polygon() + "}"
    # The eastern neighbour shares the edge 9.2 with the western part: joined, they are one polygon.
    east = polygon("[[9.2, 48.7], [9.3, 48.7], [9.3, 48.8], [9.2, 48.8], [9.2, 48.7]]")
    collection = '{"type": "FeatureCollection", "features": [' + west + ', {"type": "Feature", "geometry": ' + east
    collection += "}]}"

    response = client_for(manager).post(edit_url(quartier), profile_data(quartier, boundary=collection))

    assert response.status_code == 302
    saved = Quartier.objects.get(pk=quartier.pk).boundary
    assert saved["type"] == "Polygon"
    assert len(saved["coordinates"]) == 1
    assert {tuple(p) for p in saved["coordinates"][0]} >= {(9.1, 48.7), (9.3, 48.7), (9.3, 48.8)}


def test_a_clockwise_ring_is_stored_counter_clockwise():
    clockwise = polygon("[[9.1, 48.7], [9.1, 48.8], [9.2, 48.8], [9.2, 48.7], [9.1, 48.7]]")

    stored = parse_boundary(clockwise)

    assert stored["coordinates"][0] == [[9.1, 48.7], [9.2, 48.7], [9.2, 48.8], [9.1, 48.8], [9.1, 48.7]]


def test_the_depth_check_costs_little_memory_for_a_megabyte_of_brackets():
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError):
            parse_boundary("[" * 999_999)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert peak < 20 * 1024 * 1024


def test_the_model_refuses_a_boundary_the_form_would_refuse(quartier):
    quartier.boundary = json.loads(polygon("[[9.1, 48.7], [9.2, 48.8], [9.2, 48.7], [9.1, 48.8], [9.1, 48.7]]"))

    with pytest.raises(ValidationError) as refused:
        quartier.full_clean()

    assert "boundary" in refused.value.message_dict


def test_the_error_follows_the_english_ui(client_for, manager, quartier):
    client = client_for(manager)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    response = client.post(edit_url(quartier), profile_data(quartier, boundary=polygon(extra=', "n": NaN')))

    assert "The boundary contains a number that is not a plain coordinate (too long, NaN or Infinity)." in text(
        response
    )
