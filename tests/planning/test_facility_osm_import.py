"""The OpenStreetMap import: tags → categories, centroids, unknowns skipped, re-import updates,
hostile files refused with nothing applied, and the command's exit codes."""

from __future__ import annotations

import json
import tracemalloc
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError

from planning.analysis import osm_import
from planning.analysis.osm_import import OsmImportError, facilities_import_osm, match_category
from planning.models import Facility, FacilityCategory

pytestmark = pytest.mark.django_db


def point(osm_id: str, lon: float, lat: float, **tags: str) -> dict:
    """A feature as overpass-turbo exports it: tags flat in properties, the id in "@id" and "id"."""
    return {
        "type": "Feature",
        "id": osm_id,
        "properties": {"@id": osm_id, **tags},
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
    }


def collection(*features: dict) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


SQUARE = [[[9.0, 48.0], [9.002, 48.0], [9.002, 48.002], [9.0, 48.002], [9.0, 48.0]]]

SAMPLE = collection(
    point(
        "node/1",
        9.18,
        48.77,
        amenity="pharmacy",
        name="Löwen-Apotheke",
        wheelchair="yes",
        opening_hours="Mo-Fr 08:00-18:30",
        **{"addr:street": "Marktplatz", "addr:housenumber": "3", "addr:postcode": "70173", "addr:city": "Stuttgart"},
    ),
    point("node/2", 9.19, 48.78, highway="bus_stop", wheelchair="no"),
    point("node/3", 9.2, 48.79, club="sport", name="TSV Altstadt"),
    point("node/4", 9.21, 48.8, shop="shoes", name="Schuh Maier"),
    {
        # osmtogeojson: tags under properties.tags, id as "way/…"
        "type": "Feature",
        "id": "way/10",
        "properties": {"type": "way", "id": 10, "tags": {"leisure": "park", "name": "Stadtgarten"}},
        "geometry": {"type": "Polygon", "coordinates": SQUARE},
    },
    point("node/5", 9.22, 48.81, amenity="bench", foo="bar"),
    point("node/6", 9.23, 48.82, tourism="artwork"),
)


def test_features_are_mapped_to_categories_and_unknowns_are_counted(quartier, manager):
    result = facilities_import_osm(quartier=quartier, user=manager, data=SAMPLE)

    assert (result.created, result.updated, result.skipped) == (5, 0, 2)
    assert result.summary() == "5 neu, 0 aktualisiert, 2 unbekannte Objekte übersprungen"
    by_id = {f.osm_id: f for f in Facility.objects.filter(quartier=quartier).select_related("category")}
    assert {k: f.category.key for k, f in by_id.items()} == {
        "node/1": "apotheke",
        "node/2": "haltestelle",
        "node/3": "verein",  # club=*
        "way/10": "gruenflaeche",
        "node/5": "gruenflaeche",
    }
    pharmacy = by_id["node/1"]
    assert pharmacy.name == "Löwen-Apotheke"
    assert pharmacy.address == "Marktplatz 3, 70173 Stuttgart"
    assert pharmacy.barrier_free is True and by_id["node/2"].barrier_free is False
    assert by_id["node/3"].barrier_free is None
    assert pharmacy.opening_hours == "Mo-Fr 08:00-18:30"
    assert pharmacy.domain == "pflege"  # the category's domain
    assert (pharmacy.lat, pharmacy.lon) == (Decimal("48.770000"), Decimal("9.180000"))
    # No name: the category's title stands in.
    assert by_id["node/2"].name == "ÖPNV-Haltestelle"


def test_a_polygon_is_placed_at_its_centroid(quartier, manager):
    facilities_import_osm(quartier=quartier, user=manager, data=SAMPLE)

    park = Facility.objects.get(quartier=quartier, osm_id="way/10")
    assert (park.lat, park.lon) == (Decimal("48.001000"), Decimal("9.001000"))


def test_the_first_matching_category_wins():
    categories = list(FacilityCategory.objects.order_by("position", "key"))
    # A pharmacy that is also a club: "apotheke" comes before "verein" in the catalogue.
    assert match_category({"amenity": "pharmacy", "club": "yes"}, categories).key == "apotheke"
    assert match_category({"club": "no"}, categories) is None  # "*" does not match "no"
    assert match_category({"club": "chess"}, categories).key == "verein"
    assert match_category({"amenity": "pharmacyX"}, categories) is None


def test_reimporting_updates_instead_of_duplicating(quartier, manager):
    facilities_import_osm(quartier=quartier, user=manager, data=SAMPLE)
    renamed = collection(point("node/1", 9.181, 48.771, amenity="pharmacy", name="Neue Apotheke"))

    result = facilities_import_osm(quartier=quartier, user=manager, data=renamed)

    assert (result.created, result.updated, result.skipped) == (0, 1, 0)
    assert Facility.objects.filter(quartier=quartier).count() == 5
    pharmacy = Facility.objects.get(quartier=quartier, osm_id="node/1")
    assert pharmacy.name == "Neue Apotheke" and pharmacy.lat == Decimal("48.771000")
    assert pharmacy.history.count() == 2  # created, then updated: both kept


def test_the_same_osm_object_may_live_in_two_quartiers(quartier, other_quartier, manager):
    facilities_import_osm(quartier=quartier, user=manager, data=SAMPLE)
    facilities_import_osm(quartier=other_quartier, user=None, data=SAMPLE)

    assert Facility.objects.filter(osm_id="node/1").count() == 2


def test_one_bad_feature_applies_nothing_and_names_it(quartier, manager):
    bad = collection(
        point("node/1", 9.18, 48.77, amenity="pharmacy"),
        point("node/2", 200, 48.77, amenity="pharmacy"),
        {
            "type": "Feature",
            "properties": {"amenity": "pharmacy"},
            "geometry": {"type": "Point", "coordinates": [9, 48]},
        },
        {"type": "Feature", "id": "node/9", "properties": {"amenity": "doctors"}, "geometry": None},
    )

    with pytest.raises(OsmImportError) as refused:
        facilities_import_osm(quartier=quartier, user=manager, data=bad)

    assert refused.value.errors == [
        "Objekt 2 (node/2): Seine Koordinaten liegen außerhalb der Karte.",
        "Objekt 3: Es hat keine OpenStreetMap-Kennung (etwa node/123) in „id“ oder „@id“.",
        "Objekt 4 (node/9): Es hat keine Punkt-, Linien- oder Flächengeometrie.",
    ]
    assert not Facility.objects.exists()


NOT_UTF8 = "Die Datei ist kein UTF-8-Text. Bitte exportieren Sie das GeoJSON erneut aus Overpass."
NOT_A_COLLECTION = "Die Datei ist keine GeoJSON-FeatureCollection (wie Overpass sie exportiert)."
NUMBER = "Die Datei enthält eine Zahl, die keine gewöhnliche Zahl ist (zu lang, NaN oder Infinity)."
CHARACTER = "Die Datei enthält ein unzulässiges Zeichen (ein NUL-Zeichen oder ein beschädigtes Zeichen)."


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", "Die Datei ist leer."),
        (
            "{}".encode("utf-16"),
            "Die Datei ist kein UTF-8-Text. Bitte exportieren Sie das GeoJSON erneut aus Overpass.",
        ),
        (b"{nicht json", "Die Datei ist kein gültiges JSON."),
        (
            b'{"type": "Polygon", "coordinates": []}',
            "Die Datei ist keine GeoJSON-FeatureCollection (wie Overpass sie exportiert).",
        ),
        (b"[" * 5000 + b"]" * 5000, "Die Datei ist zu tief verschachtelt, um GeoJSON zu sein."),
        (
            b'{"type": "FeatureCollection", "features": [], "n": NaN}',
            "Die Datei enthält eine Zahl, die keine gewöhnliche Zahl ist (zu lang, NaN oder Infinity).",
        ),
        (
            b'{"type": "FeatureCollection", "features": [], "n": "a\\u0000b"}',
            "Die Datei enthält ein unzulässiges Zeichen (ein NUL-Zeichen oder ein beschädigtes Zeichen).",
        ),
    ],
    ids=["empty", "utf-16", "not-json", "not-a-collection", "deep", "nan", "nul"],
)
def test_bad_files_get_one_clear_german_error(quartier, manager, data, error):
    with pytest.raises(OsmImportError) as refused:
        facilities_import_osm(quartier=quartier, user=manager, data=data)

    assert refused.value.errors == [error]


def test_a_huge_file_is_refused_before_it_is_parsed(quartier, manager):
    junk = b" " * (osm_import.MAX_BYTES + 1)

    with pytest.raises(OsmImportError) as refused:
        facilities_import_osm(quartier=quartier, user=manager, data=junk)

    assert refused.value.errors == ["Die Datei ist zu groß: höchstens 10 MB sind erlaubt."]


def test_too_many_features_are_refused(quartier, manager, monkeypatch):
    monkeypatch.setattr(osm_import, "MAX_FEATURES", 2)
    data = collection(*(point(f"node/{n}", 9, 48, amenity="pharmacy") for n in range(3)))

    with pytest.raises(OsmImportError) as refused:
        facilities_import_osm(quartier=quartier, user=manager, data=data)

    assert refused.value.errors == ["Die Datei hat 3 Objekte; höchstens 2 sind auf einmal erlaubt."]
    assert not Facility.objects.exists()


def test_only_analysts_may_import(quartier, viewer):
    with pytest.raises(PermissionDenied):
        facilities_import_osm(quartier=quartier, user=viewer, data=SAMPLE)
    assert not Facility.objects.exists()


# --- The command --------------------------------------------------------------------------


def test_the_command_imports_and_prints_the_summary(quartier, tmp_path: Path):
    path = tmp_path / "altstadt.geojson"
    path.write_bytes(SAMPLE)
    out = StringIO()

    call_command("import_facilities", "--quartier", quartier.slug, str(path), stdout=out)

    assert out.getvalue().strip() == "5 neu, 0 aktualisiert, 2 unbekannte Objekte übersprungen"
    assert Facility.objects.filter(quartier=quartier).count() == 5


def test_the_command_fails_with_the_errors_on_stderr_and_applies_nothing(quartier, tmp_path: Path):
    path = tmp_path / "kaputt.geojson"
    path.write_bytes(collection(point("node/1", 9, 48, amenity="pharmacy"), point("node/2", 9, 99, amenity="pharmacy")))
    err = StringIO()

    with pytest.raises(CommandError, match="Nichts wurde importiert") as failed:
        call_command("import_facilities", "--quartier", quartier.slug, str(path), stderr=err)

    assert failed.value.returncode == 1
    assert "Objekt 2 (node/2): Seine Koordinaten liegen außerhalb der Karte." in err.getvalue()
    assert not Facility.objects.exists()


def test_an_unknown_quartier_exits_non_zero(quartier, tmp_path: Path):
    path = tmp_path / "altstadt.geojson"
    path.write_bytes(SAMPLE)

    with pytest.raises(CommandError, match="nicht gefunden") as failed:
        call_command("import_facilities", "--quartier", "gibt-es-nicht", str(path))

    assert failed.value.returncode == 1  # what manage.py exits with
    assert not Facility.objects.exists()


def test_the_command_names_a_missing_file(quartier, tmp_path: Path):
    with pytest.raises(CommandError, match=r"fehlt\.geojson"):
        call_command("import_facilities", "--quartier", quartier.slug, str(tmp_path / "fehlt.geojson"))


def test_ten_megabytes_of_tiny_coordinates_are_refused_before_parsing(quartier, manager):
    # A line of 1.5 million one-digit pairs fits in 10 MB but would take hundreds of MB as lists.
    pairs = ",".join(["[1,2]"] * 1_500_000)
    data = (
        '{"type":"FeatureCollection","features":[{"type":"Feature","id":"way/1","properties":{"shop":"bakery"},'
        f'"geometry":{{"type":"LineString","coordinates":[{pairs}]}}}}]}}'
    ).encode()
    assert len(data) < osm_import.MAX_BYTES

    tracemalloc.start()
    try:
        with pytest.raises(OsmImportError) as refused:
            facilities_import_osm(quartier=quartier, user=manager, data=data)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert "zu viele Koordinaten" in str(refused.value.errors[0])
    assert peak < 50 * 1024 * 1024
    assert not Facility.objects.filter(quartier=quartier).exists()
