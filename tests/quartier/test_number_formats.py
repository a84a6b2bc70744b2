"""Numbers and coordinates as the chosen language writes them, without ambiguous separators."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from evaluation.services import render_progress_pdf
from tests.evaluation.utils import pdf_text, table_rows
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
        ("de", "Einwohner*innen 4.200", "Mittelpunkt 52,520008° N; 13,404954° O"),
        ("en", "Inhabitants 4,200", "Centre 52.520008° N; 13.404954° E"),
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
    assert "Mittelpunkt 33,868820° S; 0,127758° W" in page

    quartier.centre_lat = Decimal("0")
    quartier.save(update_fields=["centre_lat"])
    page = text(_get(client_for(viewer), reverse("quartier_profile", args=[quartier.slug]), "de"))
    assert "Mittelpunkt 0,000000° N; 0,127758° W" in page  # the equator is a place, not "no centre"


@pytest.mark.parametrize(("language", "expected"), [("de", "4.200 Einwohner"), ("en", "4,200 inhabitants")])
def test_the_cockpit_header_groups_inhabitants_as_the_language_does(client_for, manager, berlin, language, expected):
    response = _get(client_for(manager), reverse("cockpit", args=[berlin.slug]), language)

    assert expected in text(response)


def test_latitude_and_longitude_are_not_separated_by_a_decimal_comma(client_for, viewer, berlin):
    """„52,520008° N, 13,404954° O“ reads like a list of four numbers."""
    page = text(_get(client_for(viewer), reverse("quartier_profile", args=[berlin.slug]), "de"))

    assert "° N, " not in page
    assert "52,520008° N; 13,404954° O" in page


@pytest.mark.parametrize(
    ("language", "lead", "phase"),
    [
        ("de", "Gesamtfortschritt 0 %", "0 % erledigt"),
        ("en", "overall progress 0%", "0% done"),
    ],
)
def test_percentages_are_written_as_the_language_does(client_for, manager, quartier, language, lead, phase):
    page = text(_get(client_for(manager), reverse("cockpit", args=[quartier.slug]), language))

    assert lead in page
    assert phase in page
    if language == "en":
        assert " %" not in page


@pytest.mark.parametrize(("language", "cell"), [("de", "0 %"), ("en", "0%")])
def test_the_portfolio_writes_percentages_as_the_language_does(client_for, coordinator, quartier, language, cell):
    row = table_rows(_get(client_for(coordinator), reverse("portfolio"), language))[1]

    assert row[12:15] == [cell, cell, cell]


def test_a_report_writes_percentages_in_its_own_language(quartier):
    english = pdf_text(render_progress_pdf(quartier=quartier, language="en"))
    german = pdf_text(render_progress_pdf(quartier=quartier, language="de"))

    assert "Overall progress 0%" in english and " %" not in english
    assert "Gesamtfortschritt 0 %" in german
