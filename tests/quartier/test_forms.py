"""The boundary form: GeoJSON boundaries, and a centre given by both coordinates or none."""

from __future__ import annotations

import json

import pytest

from quartier.forms import BoundaryForm

pytestmark = pytest.mark.django_db

RING = [[[9.1, 48.7], [9.2, 48.7], [9.2, 48.8], [9.1, 48.7]]]
POLYGON = {"type": "Polygon", "coordinates": RING}
GEOJSON_ERROR = "Bitte geben Sie GeoJSON ein: ein Polygon, MultiPolygon, Feature oder eine FeatureCollection."
BOTH = "Bitte geben Sie sowohl den Breitengrad als auch den Längengrad an."


def form_for(quartier, **changes) -> BoundaryForm:
    data = {"catchment_radius_m": str(quartier.catchment_radius_m)}
    data.update(changes)
    return BoundaryForm(data)


@pytest.mark.parametrize(
    "boundary",
    [
        POLYGON,
        {"type": "MultiPolygon", "coordinates": [RING]},
        {"type": "Feature", "properties": {"name": "Altstadt"}, "geometry": POLYGON},
        {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": POLYGON}]},
    ],
)
def test_areas_in_geojson_are_accepted_and_stored_as_their_geometry(quartier, boundary):
    form = form_for(quartier, boundary=json.dumps(boundary))

    assert form.is_valid(), form.errors
    expected = boundary if boundary["type"] == "MultiPolygon" else POLYGON
    assert form.cleaned_data["boundary"] == expected


@pytest.mark.parametrize(
    "boundary",
    [
        {"type": "Point", "coordinates": [9.1, 48.7]},
        {"type": "LineString", "coordinates": [[9.1, 48.7], [9.2, 48.8]]},
        {"type": "Polygon", "coordinates": []},
        {"type": "Polygon"},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [9.1, 48.7]}},
        {"type": "Feature", "geometry": None},
        {"type": "FeatureCollection", "features": []},
        {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": POLYGON}, {"type": "Point"}]},
        [POLYGON],
        "Altstadt",
    ],
)
def test_anything_else_is_refused_with_a_german_message(quartier, boundary):
    form = form_for(quartier, boundary=json.dumps(boundary))

    assert not form.is_valid()
    assert form.errors["boundary"] == [GEOJSON_ERROR]


@pytest.mark.parametrize("boundary", ["", "{}", "null"])
def test_an_empty_boundary_means_none(quartier, boundary):
    form = form_for(quartier, boundary=boundary)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["boundary"] is None


@pytest.mark.parametrize(("lat", "lon"), [("", ""), ("48.75", "9.15"), ("0", "0"), ("-90", "180")])
def test_a_centre_with_both_coordinates_or_none_is_fine(quartier, lat, lon):
    assert form_for(quartier, centre_lat=lat, centre_lon=lon).is_valid()


def test_a_centre_with_one_coordinate_names_the_missing_one(quartier):
    only_lat = form_for(quartier, centre_lat="48.75", centre_lon="")
    only_lon = form_for(quartier, centre_lat="", centre_lon="9.15")

    assert not only_lat.is_valid() and only_lat.errors == {"centre_lon": [BOTH]}
    assert not only_lon.is_valid() and only_lon.errors == {"centre_lat": [BOTH]}


def test_an_invalid_coordinate_gets_one_message_not_two(quartier):
    form = form_for(quartier, centre_lat="48.123456789", centre_lon="9.15")

    assert not form.is_valid()
    assert list(form.errors) == ["centre_lat"]
    assert BOTH not in form.errors["centre_lat"]


def test_the_form_edits_exactly_what_the_service_saves():
    from quartier.forms import QuartierProfileForm
    from quartier.services import QUARTIER_PROFILE_FIELDS

    assert sorted(QuartierProfileForm.Meta.fields) == sorted(QUARTIER_PROFILE_FIELDS)
