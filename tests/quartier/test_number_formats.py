"""Numbers and coordinates as the chosen language writes them, without ambiguous separators."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from tests.pages import text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _german_afterwards():
    """A request in English leaves English active in this thread; the next tests read German."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _get(client, url: str, language: str):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(url)


@pytest.fixture
def berlin(quartier):
    quartier.population = 4200
    quartier.centre_lat = Decimal("52.520008")
    quartier.centre_lon = Decimal("13.404954")
    quartier.save(update_fields=["population", "centre_lat", "centre_lon"])
    return quartier


@pytest.mark.parametrize(
    ("language", "inhabitants", "centre"),
    [
        ("de", "Einwohner*innen 4.200", "Mittelpunkt 52,520008° N, 13,404954° O"),
        ("en", "Inhabitants 4,200", "Centre 52.520008° N, 13.404954° E"),
    ],
)
def test_the_profile_writes_numbers_and_coordinates_in_the_chosen_language(
    client_for, viewer, berlin, language, inhabitants, centre
):
    response = _get(client_for(viewer), reverse("quartier_profile", args=[berlin.slug]), language)

    page = text(response)
    assert inhabitants in page
    assert centre in page
    # Never a thousands group inside a coordinate, in either language.
    assert "52,520.008" not in page and "52.520,008" not in page


def test_coordinates_south_and_west_and_on_the_equator(client_for, viewer, quartier):
    quartier.centre_lat = Decimal("-33.868820")
    quartier.centre_lon = Decimal("-0.127758")
    quartier.save(update_fields=["centre_lat", "centre_lon"])

    page = text(_get(client_for(viewer), reverse("quartier_profile", args=[quartier.slug]), "de"))
    assert "Mittelpunkt 33,868820° S, 0,127758° W" in page

    quartier.centre_lat = Decimal("0")
    quartier.save(update_fields=["centre_lat"])
    page = text(_get(client_for(viewer), reverse("quartier_profile", args=[quartier.slug]), "de"))
    assert "Mittelpunkt 0,000000° N, 0,127758° W" in page  # the equator is a place, not "no centre"


@pytest.mark.parametrize(("language", "expected"), [("de", "4.200 Einwohner"), ("en", "4,200 inhabitants")])
def test_the_cockpit_header_groups_inhabitants_as_the_language_does(client_for, manager, berlin, language, expected):
    response = _get(client_for(manager), reverse("cockpit", args=[berlin.slug]), language)

    assert expected in text(response)
