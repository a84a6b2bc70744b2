"""Catchment analysis: the share of the quartier's area within walking distance, in metres."""

from __future__ import annotations

import csv
import io
import math
import re
import time

import pytest
import shapely
from django.core.cache import cache
from django.urls import reverse
from shapely.geometry import shape

from planning.analysis import catchment as catchment_module
from planning.analysis.catchment import catchment_for, compute, project
from planning.models import Facility, FacilityCategory

from .geo import X0, Y0, add_facility, lonlat, square


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def bounded(quartier):
    """Altstadt as a 1 km × 1 km square with the default radius of 500 m."""
    quartier.boundary = square(1000)
    quartier.save(update_fields=["boundary"])
    return quartier


def text(response) -> str:
    return response.content.decode()


# The computation


def test_the_projection_measures_in_metres():
    """A 500 m buffer around a point is π·500² m² large, not 500 degrees wide."""
    point = shapely.Point(lonlat(X0, Y0))
    buffered = project(point).buffer(500, quad_segs=64)

    assert buffered.area == pytest.approx(math.pi * 500**2, rel=0.001)
    assert project(shape(square(1000))).area == pytest.approx(1_000_000, rel=0.0005)


def test_a_facility_in_a_corner_covers_a_quarter_circle():
    corner = lonlat(X0, Y0)

    result = compute(boundary=square(1000), radius_m=500, points={"apotheke": [corner]})

    quarter_circle = math.pi * 500**2 / 4  # 196,350 m² of 1,000,000 m²
    assert result["apotheke"].percent == pytest.approx(100 * quarter_circle / 1_000_000, rel=0.005)


def test_a_facility_in_the_middle_covers_a_whole_circle_and_overlaps_count_once():
    middle = lonlat(X0 + 500, Y0 + 500)
    near_middle = lonlat(X0 + 510, Y0 + 500)

    one = compute(boundary=square(1000), radius_m=300, points={"a": [middle]})
    two = compute(boundary=square(1000), radius_m=300, points={"a": [middle, near_middle]})

    assert one["a"].percent == pytest.approx(100 * math.pi * 300**2 / 1_000_000, rel=0.005)
    assert one["a"].percent < two["a"].percent < 1.05 * one["a"].percent


def test_a_radius_wider_than_the_quartier_covers_all_of_it_and_no_more():
    result = compute(boundary=square(1000), radius_m=3000, points={"a": [lonlat(X0 + 500, Y0 + 500)]})

    assert result["a"].percent == pytest.approx(100.0, abs=0.01)


def test_a_facility_outside_the_boundary_covers_the_part_within_reach():
    # 200 m west of the square's west side, halfway up: a circular segment of height 300 m.
    outside = lonlat(X0 - 200, Y0 + 500)
    r, d = 500, 200
    segment = r**2 * math.acos(d / r) - d * math.sqrt(r**2 - d**2)

    result = compute(boundary=square(1000), radius_m=r, points={"a": [outside]})

    assert result["a"].percent == pytest.approx(100 * segment / 1_000_000, rel=0.01)


def test_coverage_polygons_come_back_in_degrees():
    result = compute(boundary=square(1000), radius_m=500, points={"a": [lonlat(X0, Y0)]})

    geometry = shape(result["a"].geometry)
    lon, lat = lonlat(X0, Y0)
    minx, miny, _maxx, maxy = geometry.bounds
    assert minx == pytest.approx(lon, abs=0.001) and miny == pytest.approx(lat, abs=0.001)
    assert maxy - miny < 0.01  # 500 m are about 0.0045° of latitude


def test_two_hundred_facilities_take_under_a_second():
    import random

    rng = random.Random(7)
    keys = [f"k{i}" for i in range(11)]
    points = {
        key: [lonlat(X0 + rng.uniform(-300, 1300), Y0 + rng.uniform(-300, 1300)) for _ in range(19)] for key in keys
    }
    assert sum(len(p) for p in points.values()) >= 200

    start = time.perf_counter()
    compute(boundary=square(1200), radius_m=500, points=points)
    assert time.perf_counter() - start < 1.0


# The quartier's catchment: every category, cached


def test_every_category_is_listed_and_those_under_80_percent_are_gaps(bounded):
    add_facility(bounded, "haltestelle", X0 + 500, Y0 + 500)  # radius 500 m: π/4 ≈ 78.5 % → a gap
    for x in (X0 + 250, X0 + 750):
        for y in (Y0 + 250, Y0 + 750):
            add_facility(bounded, "apotheke", x, y)  # four circles of 500 m cover everything

    result = catchment_for(quartier=bounded)

    rows = {row.key: row for row in result.rows}
    assert set(rows) == set(FacilityCategory.objects.values_list("key", flat=True))
    assert rows["apotheke"].facilities == 4 and rows["apotheke"].percent == pytest.approx(100.0, abs=0.01)
    assert rows["haltestelle"].percent == pytest.approx(78.5, abs=0.2)
    assert rows["treffpunkt"].facilities == 0 and rows["treffpunkt"].percent == 0.0
    gaps = {row.key for row in result.gaps}
    assert "haltestelle" in gaps and "treffpunkt" in gaps and "apotheke" not in gaps


def test_the_computation_is_cached(bounded, monkeypatch):
    add_facility(bounded, "apotheke", X0, Y0)
    calls = []
    real = catchment_module.compute
    monkeypatch.setattr(catchment_module, "compute", lambda **kw: calls.append(1) or real(**kw))

    first = catchment_for(quartier=bounded)
    second = catchment_for(quartier=bounded)

    assert len(calls) == 1
    assert [r.percent for r in first.rows] == [r.percent for r in second.rows]


@pytest.mark.parametrize("change", ["boundary", "radius", "facility_moved", "facility_added", "facility_category"])
def test_the_cache_is_left_behind_when_what_it_depends_on_changes(bounded, change):
    facility = add_facility(bounded, "apotheke", X0, Y0)
    before = {r.key: r.percent for r in catchment_for(quartier=bounded).rows}

    if change == "boundary":
        bounded.boundary = square(500)
        bounded.save(update_fields=["boundary"])
    elif change == "radius":
        bounded.catchment_radius_m = 300
        bounded.save(update_fields=["catchment_radius_m"])
    elif change == "facility_moved":
        lon, lat = lonlat(X0 + 500, Y0 + 500)
        Facility.objects.filter(pk=facility.pk).update(lat=round(lat, 6), lon=round(lon, 6))
    elif change == "facility_added":
        add_facility(bounded, "apotheke", X0 + 1000, Y0 + 1000)
    else:
        Facility.objects.filter(pk=facility.pk).update(category=FacilityCategory.objects.get(key="hausarzt"))

    bounded.refresh_from_db()
    after = {r.key: r.percent for r in catchment_for(quartier=bounded).rows}
    assert after != before
    fresh = compute(
        boundary=bounded.boundary,
        radius_m=bounded.catchment_radius_m,
        points={
            key: [(float(f.lon), float(f.lat)) for f in bounded.facilities.filter(category__key=key)]
            for key in ("apotheke", "hausarzt")
        },
    )
    assert after["apotheke"] == pytest.approx(fresh["apotheke"].percent)
    assert after["hausarzt"] == pytest.approx(fresh["hausarzt"].percent)


# The page, the map data and the CSV


def test_the_page_shows_the_table_per_domain_gaps_and_radius(client_for, manager, bounded):
    add_facility(bounded, "haltestelle", X0 + 500, Y0 + 500)

    response = client_for(manager).get(reverse("catchment", args=[bounded.slug]))

    body = text(response)
    assert response.status_code == 200
    assert "<caption>Wohnen</caption>" in body and "<caption>Hilfe und Pflege</caption>" in body
    assert "Versorgungslücken" in body
    # π/4 of the area, shown with a decimal comma (the buffer's polygon makes it 78.4, not 78.5)
    assert re.search(r"ÖPNV-Haltestelle</strong>: 78,[45] %", body)
    assert "innerhalb von 500 m" in body
    assert 'href="#radius"' in body and 'id="radius"' in body
    assert 'id="catchment-map"' in body and "catchment-map.js" in body
    assert "Grenze des Quartiers fehlt" not in body


def test_without_a_boundary_the_page_says_what_is_missing(client_for, manager, quartier):
    add_facility(quartier, "apotheke", X0, Y0)

    body = text(client_for(manager).get(reverse("catchment", args=[quartier.slug])))

    assert "Die Grenze des Quartiers fehlt" in body
    assert f'href="{reverse("quartier_profile", args=[quartier.slug])}"' in body
    assert 'id="catchment-map"' not in body
    assert "Versorgungslücken" not in body


def test_without_facilities_the_page_says_so(client_for, viewer, bounded):
    body = text(client_for(viewer).get(reverse("catchment", args=[bounded.slug])))

    assert "Noch keine Einrichtungen erfasst" in body
    assert 'id="radius"' not in body  # a viewer does not change the radius
    assert "Die Quartiersleitung legt den Gehradius fest." in body


def test_the_csv_lists_every_category_with_one_decimal(client_for, viewer, bounded):
    add_facility(bounded, "haltestelle", X0 + 500, Y0 + 500)
    add_facility(bounded, "haltestelle", X0 + 5000, Y0 + 5000)  # far away: counted, covers nothing

    response = client_for(viewer).get(reverse("catchment_csv", args=[bounded.slug]))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = response.content.decode("utf-8").splitlines()
    assert lines[0] == "category;facilities;coverage_percent"
    rows = {row["category"]: row for row in csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";")}
    assert rows["haltestelle"]["facilities"] == "2"
    assert re.fullmatch(r"78\.[45]", rows["haltestelle"]["coverage_percent"])
    assert rows["apotheke"]["coverage_percent"] == "0.0"
    assert len(rows) == FacilityCategory.objects.count()


def test_the_csv_without_a_boundary_leaves_the_share_empty(client_for, manager, quartier):
    add_facility(quartier, "apotheke", X0, Y0)

    lines = client_for(manager).get(reverse("catchment_csv", args=[quartier.slug])).content.decode().splitlines()

    assert "apotheke;1;" in lines


def test_the_geojson_has_the_boundary_and_a_layer_per_covered_category(client_for, manager, bounded):
    add_facility(bounded, "apotheke", X0, Y0)

    data = client_for(manager).get(reverse("catchment_geojson", args=[bounded.slug])).json()

    kinds = [(f["properties"]["kind"], f["properties"].get("category")) for f in data["features"]]
    assert kinds == [("boundary", None), ("coverage", "apotheke")]
    assert data["features"][1]["properties"]["percent"] == pytest.approx(19.6, abs=0.1)


@pytest.mark.parametrize("name", ["catchment", "catchment_csv", "catchment_geojson"])
def test_another_quartiers_catchment_is_not_found(client_for, manager, other_quartier, name):
    assert client_for(manager).get(reverse(name, args=[other_quartier.slug])).status_code == 404


def test_the_manager_changes_the_radius(client_for, manager, bounded):
    add_facility(bounded, "haltestelle", X0 + 500, Y0 + 500)
    client = client_for(manager)

    response = client.post(reverse("catchment_radius", args=[bounded.slug]), {"radius_m": "800"}, follow=True)

    bounded.refresh_from_db()
    assert bounded.catchment_radius_m == 800
    assert "innerhalb von 800 m" in text(response)
    rows = {r.key: r for r in catchment_for(quartier=bounded).rows}
    assert rows["haltestelle"].percent == pytest.approx(100.0, abs=0.01)


@pytest.mark.parametrize("value", ["50", "5000", "viel", ""])
def test_a_wrong_radius_is_explained_and_kept(client_for, manager, bounded, value):
    response = client_for(manager).post(reverse("catchment_radius", args=[bounded.slug]), {"radius_m": value})

    assert response.status_code == 400
    body = text(response)
    assert "Bitte prüfen Sie Ihre Angaben" in body
    assert f'value="{value}"' in body or value == ""
    bounded.refresh_from_db()
    assert bounded.catchment_radius_m == 500


def test_a_viewer_cannot_change_the_radius(client_for, viewer, bounded):
    response = client_for(viewer).post(reverse("catchment_radius", args=[bounded.slug]), {"radius_m": "800"})

    assert response.status_code == 403
    bounded.refresh_from_db()
    assert bounded.catchment_radius_m == 500
