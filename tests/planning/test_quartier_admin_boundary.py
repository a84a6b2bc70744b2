"""The admin's quartier form reads the boundary like the profile page: German errors, never a 500.

Run with DATABASE_URL pointing at PostgreSQL too: jsonb refuses NaN and broken characters that
SQLite would store.
"""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from quartier.models import Quartier
from tests.factories import UserFactory
from tests.pages import text
from tests.quartier.test_boundary import CHARACTER, DEPTH, NUMBER, RING, polygon

pytestmark = pytest.mark.django_db

FEATURE = '{"type": "Feature", "properties": {"name": "Altstadt", "colour": "red"}, "geometry": ' + polygon() + "}"
NOT_AN_AREA = "Bitte geben Sie GeoJSON ein: ein Polygon, MultiPolygon, Feature oder eine FeatureCollection."

HOSTILE = [
    ("5000-digit number", polygon("[[" + "9" * 5000 + ", 48.7], [9.2, 48.7], [9.2, 48.8], [9.1, 48.7]]"), NUMBER),
    ("deep nesting", "[" * 100_000 + "]" * 100_000, DEPTH),
    ("NaN in properties", '{"type": "Feature", "properties": {"a": NaN}, "geometry": ' + polygon() + "}", NUMBER),
    (
        "lone surrogate in properties",
        '{"type": "Feature", "properties": {"n": "\\ud800"}, "geometry": ' + polygon() + "}",
        CHARACTER,
    ),
    ("an empty list", "[]", NOT_AN_AREA),
    ("a number", "12", NOT_AN_AREA),
    ("a feature without geometry", '{"type": "Feature", "geometry": null}', NOT_AN_AREA),
]


@pytest.fixture
def admin_client(client_for, db):
    return client_for(UserFactory(email="admin@example.org", is_staff=True, is_superuser=True))


def change_data(quartier: Quartier, boundary: str) -> dict:
    return {
        "organisation": quartier.organisation_id,
        "name": quartier.name,
        "slug": quartier.slug,
        "municipality": quartier.municipality,
        "spatial_type": quartier.spatial_type,
        "catchment_radius_m": quartier.catchment_radius_m,
        "population": "4321",
        "boundary": boundary,
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }


def change_url(quartier: Quartier) -> str:
    return reverse("admin:quartier_quartier_change", args=[quartier.pk])


@pytest.mark.parametrize(("boundary", "error"), [(b, e) for _n, b, e in HOSTILE], ids=[n for n, _b, _e in HOSTILE])
def test_hostile_geojson_in_the_admin_gets_a_german_error_and_nothing_is_saved(admin_client, quartier, boundary, error):
    response = admin_client.post(change_url(quartier), change_data(quartier, boundary))

    assert response.status_code == 200
    assert error in text(response)
    saved = Quartier.objects.get(pk=quartier.pk)
    assert saved.boundary is None and saved.population != 4321


def test_the_admin_stores_a_feature_as_its_plain_geometry(admin_client, quartier):
    response = admin_client.post(change_url(quartier), change_data(quartier, FEATURE))

    assert response.status_code == 302, text(response)[:2000]
    saved = Quartier.objects.get(pk=quartier.pk).boundary
    assert saved == {"type": "Polygon", "coordinates": [json.loads(RING)]}


def test_the_admin_shows_the_stored_boundary_as_geojson(admin_client, quartier):
    quartier.boundary = {"type": "Polygon", "coordinates": [json.loads(RING)]}
    quartier.save()

    response = admin_client.get(change_url(quartier))

    assert response.status_code == 200
    assert '"type": "Polygon"' in response.content.decode().replace("&quot;", '"')


@pytest.mark.parametrize("value", [[], {}, ""], ids=["list", "object", "string"])
def test_the_model_refuses_an_empty_json_value_as_boundary(quartier, value):
    quartier.boundary = value

    with pytest.raises(ValidationError) as refused:
        quartier.full_clean()

    assert refused.value.message_dict["boundary"] == [NOT_AN_AREA]
