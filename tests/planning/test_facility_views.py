"""Facilities, the map page, the boundary editor and the GeoJSON downloads, as users see them."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from planning.models import Facility, FacilityCategory
from quartier.models import Quartier
from quartier.services import quartier_set_boundary
from tests.pages import text

pytestmark = pytest.mark.django_db

SQUARE = {"type": "Polygon", "coordinates": [[[9.1, 48.7], [9.2, 48.7], [9.2, 48.8], [9.1, 48.8], [9.1, 48.7]]]}
BOWTIE = {"type": "Polygon", "coordinates": [[[9.1, 48.7], [9.2, 48.8], [9.2, 48.7], [9.1, 48.8], [9.1, 48.7]]]}


def category(key: str) -> FacilityCategory:
    return FacilityCategory.objects.get(key=key)


def add_facility(quartier: Quartier, name: str = "Löwen-Apotheke", key: str = "apotheke", **extra) -> Facility:
    cat = category(key)
    values = {"domain": cat.domain, "lat": Decimal("48.75"), "lon": Decimal("9.15"), **extra}
    return Facility.objects.create(quartier=quartier, category=cat, name=name, **values)


def url(name: str, quartier: Quartier, **kwargs) -> str:
    return reverse(name, kwargs={"slug": quartier.slug, **kwargs})


# --- The boundary service ----------------------------------------------------------------


def test_setting_the_boundary_keeps_the_old_one_in_the_history(quartier, manager):
    quartier_set_boundary(
        quartier=quartier, user=manager, boundary=SQUARE, centre_lat=Decimal("48.75"), centre_lon=Decimal("9.15")
    )
    quartier_set_boundary(
        quartier=quartier, user=manager, boundary=None, centre_lat=None, centre_lon=None, catchment_radius_m=800
    )

    saved = Quartier.objects.get(pk=quartier.pk)
    assert (saved.boundary, saved.centre_lat, saved.catchment_radius_m) == (None, None, 800)
    versions = list(saved.history.order_by("history_date"))
    assert versions[-2].boundary["type"] == "Polygon" and versions[-2].centre_lat == Decimal("48.75")
    assert versions[-1].history_user == manager


def test_a_self_intersecting_boundary_is_refused_in_german(quartier, manager):
    with pytest.raises(ValidationError) as refused:
        quartier_set_boundary(quartier=quartier, user=manager, boundary=BOWTIE, centre_lat=None, centre_lon=None)

    assert refused.value.messages == ["Die Grenze überschneidet sich selbst (bei Breite 48,75, Länge 9,15)."]
    assert Quartier.objects.get(pk=quartier.pk).boundary is None


def test_the_boundary_editor_explains_a_crossing_and_keeps_the_drawing(client_for, manager, quartier):
    response = client_for(manager).post(
        url("boundary_edit", quartier),
        {"boundary": json.dumps(BOWTIE), "centre_lat": "48,75", "centre_lon": "9.15", "catchment_radius_m": "700"},
    )

    assert "Grenze: Die Grenze überschneidet sich selbst (bei Breite 48,75, Länge 9,15)." in text(response)
    html = response.content.decode()
    assert json.dumps(BOWTIE).replace('"', "&quot;") in html
    assert 'value="48,75"' in html and 'value="700"' in html
    assert Quartier.objects.get(pk=quartier.pk).catchment_radius_m == 500


def test_an_uploaded_geojson_file_replaces_the_drawn_boundary(client_for, manager, quartier):
    upload = SimpleUploadedFile("altstadt.geojson", json.dumps({"type": "Feature", "geometry": SQUARE}).encode())

    response = client_for(manager).post(
        url("boundary_edit", quartier),
        {"boundary": "", "boundary_file": upload, "centre_lat": "", "centre_lon": "", "catchment_radius_m": "600"},
        follow=True,
    )

    assert "Grenze und Mittelpunkt wurden gespeichert." in text(response)
    saved = Quartier.objects.get(pk=quartier.pk)
    assert saved.boundary == SQUARE and saved.catchment_radius_m == 600


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"\xff\xfe{", "Die Datei ist kein UTF-8-Text."),
        (b"{}", "Die Datei enthält keine Fläche."),
        (json.dumps(BOWTIE).encode(), "Die Grenze überschneidet sich selbst"),
    ],
)
def test_a_bad_boundary_file_is_explained(client_for, manager, quartier, content, error):
    upload = SimpleUploadedFile("grenze.geojson", content)
    response = client_for(manager).post(
        url("boundary_edit", quartier),
        {"boundary": "", "boundary_file": upload, "centre_lat": "", "centre_lon": "", "catchment_radius_m": "500"},
    )

    assert f"Grenze hochladen (GeoJSON-Datei): {error}" in text(response)
    assert Quartier.objects.get(pk=quartier.pk).boundary is None


@pytest.mark.parametrize("radius", ["99", "3001", "abc"])
def test_the_walking_distance_is_bounded(client_for, manager, quartier, radius):
    response = client_for(manager).post(
        url("boundary_edit", quartier),
        {"boundary": "", "centre_lat": "", "centre_lon": "", "catchment_radius_m": radius},
    )

    assert "Gehdistanz für die Erreichbarkeit (m):" in text(response)
    assert Quartier.objects.get(pk=quartier.pk).catchment_radius_m == 500


# --- The map page ------------------------------------------------------------------------


def test_the_map_page_carries_the_boundary_and_facilities_and_lists_them(client_for, viewer, quartier):
    Quartier.objects.filter(pk=quartier.pk).update(boundary=SQUARE)
    add_facility(quartier, barrier_free=True, opening_hours="Mo-Fr 8-18", address="Marktplatz 3")

    response = client_for(viewer).get(url("quartier_map", quartier))

    page = text(response)
    assert "Karte des Quartiers" in page
    assert "Löwen-Apotheke Apotheke" in page and "Marktplatz 3 ja Mo-Fr 8-18" in page
    assert response.context["facility_collection"]["features"][0]["properties"]["category"] == "apotheke"
    html = response.content.decode()
    assert 'id="map-boundary" type="application/json"' in html
    assert 'data-tile-url=""' in html  # the tests run without tiles
    assert "Grenze und Mittelpunkt bearbeiten" not in page  # viewers do not edit


def test_the_map_and_the_facility_list_cost_the_same_queries_however_many_facilities(
    client_for, manager, quartier, django_assert_max_num_queries
):
    client = client_for(manager)
    add_facility(quartier)
    for name in ("quartier_map", "facility_list"):
        client.get(url(name, quartier))  # warm the session and caches
    for n in range(30):
        add_facility(quartier, name=f"Bank {n}", key="gruenflaeche")

    for name in ("quartier_map", "facility_list"):
        with django_assert_max_num_queries(8):
            response = client.get(url(name, quartier))
        assert "Bank 29" in text(response)


# --- Facilities ----------------------------------------------------------------------------


def test_the_manager_adds_a_facility_whose_domain_follows_its_category(client_for, manager, quartier):
    response = client_for(manager).post(
        url("facility_create", quartier),
        {
            "category": category("treffpunkt").pk,
            "domain": "",
            "name": "Nachbarschaftscafé",
            "address": "Kirchgasse 2",
            "lat": "48,7761",
            "lon": "9.1802",
            "barrier_free": "no",
            "opening_hours": "Di 14-17",
        },
        follow=True,
    )

    assert "Die Einrichtung „Nachbarschaftscafé“ wurde hinzugefügt." in text(response)
    cafe = Facility.objects.get(quartier=quartier)
    assert (cafe.domain, cafe.lat, cafe.barrier_free) == ("soziales", Decimal("48.776100"), False)


def test_a_bad_facility_form_gets_german_errors_and_keeps_the_input(client_for, manager, quartier):
    response = client_for(manager).post(
        url("facility_create", quartier),
        {"category": "", "name": "Café Eck", "lat": "95", "lon": "neun", "barrier_free": "unknown"},
    )

    page = text(response)
    assert "Bitte prüfen Sie Ihre Angaben" in page
    assert "Kategorie: Dieses Feld ist zwingend erforderlich." in page
    assert "Breitengrad: Dieser Wert muss kleiner oder gleich 90 sein." in page
    assert "Längengrad: Bitte eine Zahl eingeben." in page
    html = response.content.decode()
    assert 'value="Café Eck"' in html and 'value="neun"' in html
    assert not Facility.objects.exists()


def test_the_manager_edits_and_deletes_a_facility(client_for, manager, quartier):
    facility = add_facility(quartier, barrier_free=True)
    client = client_for(manager)
    form = client.get(url("facility_edit", quartier, facility_id=facility.pk))
    assert '<option value="yes" selected>' in form.content.decode()

    client.post(
        url("facility_edit", quartier, facility_id=facility.pk),
        {
            "category": category("apotheke").pk,
            "domain": "wohnen",
            "name": "Apotheke am Markt",
            "lat": "48.75",
            "lon": "9.15",
            "barrier_free": "unknown",
        },
    )
    facility.refresh_from_db()
    assert (facility.name, facility.domain, facility.barrier_free) == ("Apotheke am Markt", "wohnen", None)

    response = client.post(url("facility_delete", quartier, facility_id=facility.pk), follow=True)
    assert "Die Einrichtung „Apotheke am Markt“ wurde gelöscht." in text(response)
    assert not Facility.objects.exists()


def test_the_list_filters_by_category_and_domain(client_for, viewer, quartier):
    add_facility(quartier, name="Löwen-Apotheke")
    add_facility(quartier, name="Stadtgarten", key="gruenflaeche")
    client = client_for(viewer)

    by_category = text(client.get(url("facility_list", quartier), {"category": "gruenflaeche"}))
    by_domain = text(client.get(url("facility_list", quartier), {"domain": "pflege"}))

    assert "Stadtgarten" in by_category and "Löwen-Apotheke" not in by_category
    assert "Löwen-Apotheke" in by_domain and "Stadtgarten" not in by_domain


def test_a_facility_of_another_quartier_is_not_found(client_for, manager, quartier, other_quartier):
    theirs = add_facility(other_quartier)
    client = client_for(manager)

    assert client.get(url("facility_edit", quartier, facility_id=theirs.pk)).status_code == 404
    assert client.post(url("facility_delete", quartier, facility_id=theirs.pk)).status_code == 404
    assert Facility.objects.filter(pk=theirs.pk).exists()


def test_the_web_import_applies_and_summarises(client_for, manager, quartier):
    features = [
        {
            "type": "Feature",
            "id": "node/1",
            "properties": {"amenity": "pharmacy"},
            "geometry": {"type": "Point", "coordinates": [9.1, 48.7]},
        },
        {
            "type": "Feature",
            "id": "node/2",
            "properties": {"tourism": "hotel"},
            "geometry": {"type": "Point", "coordinates": [9.1, 48.7]},
        },
    ]
    upload = SimpleUploadedFile(
        "export.geojson", json.dumps({"type": "FeatureCollection", "features": features}).encode()
    )

    response = client_for(manager).post(url("facility_import", quartier), {"file": upload}, follow=True)

    assert "Import abgeschlossen: 1 neu, 0 aktualisiert, 1 unbekanntes Objekt übersprungen." in text(response)
    assert Facility.objects.get(quartier=quartier).osm_id == "node/1"


def test_a_bad_web_import_lists_the_errors_and_applies_nothing(client_for, manager, quartier):
    upload = SimpleUploadedFile("export.geojson", b'{"type": "FeatureCollection"}')

    response = client_for(manager).post(url("facility_import", quartier), {"file": upload})

    page = text(response)
    assert "Es wurde nichts importiert" in page
    assert "Die FeatureCollection enthält keine Liste von Objekten („features“)." in page
    assert not Facility.objects.exists()


# --- Downloads -----------------------------------------------------------------------------


def test_the_boundary_downloads_as_a_geojson_feature(client_for, viewer, quartier):
    Quartier.objects.filter(pk=quartier.pk).update(boundary=SQUARE)

    response = client_for(viewer).get(url("boundary_geojson", quartier))

    assert response["Content-Type"] == "application/geo+json"
    assert response["Content-Disposition"] == 'attachment; filename="altstadt-grenze.geojson"'
    feature = json.loads(response.content)
    assert feature["type"] == "Feature" and feature["geometry"] == SQUARE
    assert feature["properties"]["name"] == "Altstadt"


def test_no_boundary_no_download(client_for, viewer, quartier):
    assert client_for(viewer).get(url("boundary_geojson", quartier)).status_code == 404


def test_the_facilities_download_as_points_in_wgs84(client_for, viewer, quartier):
    add_facility(quartier, barrier_free=False, opening_hours="24/7", address="Marktplatz 3")

    response = client_for(viewer).get(url("facilities_geojson", quartier))

    assert response["Content-Type"] == "application/geo+json"
    assert "attachment" in response["Content-Disposition"]
    collection = json.loads(response.content)
    (feature,) = collection["features"]
    assert feature["geometry"] == {"type": "Point", "coordinates": [9.15, 48.75]}  # longitude first
    assert {k: feature["properties"][k] for k in ("category", "category_title", "name", "address")} == {
        "category": "apotheke",
        "category_title": "Apotheke",
        "name": "Löwen-Apotheke",
        "address": "Marktplatz 3",
    }
    assert (feature["properties"]["barrier_free"], feature["properties"]["opening_hours"]) == (False, "24/7")


@pytest.mark.parametrize("name", ["boundary_geojson", "facilities_geojson"])
def test_another_quartiers_downloads_are_not_found(client_for, manager, other_quartier, name):
    Quartier.objects.filter(pk=other_quartier.pk).update(boundary=SQUARE)
    add_facility(other_quartier)

    assert client_for(manager).get(url(name, other_quartier)).status_code == 404
