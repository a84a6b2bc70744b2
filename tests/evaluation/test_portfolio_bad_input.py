"""Addresses with values the portfolio does not understand still list the quartiers, and say so."""

from __future__ import annotations

import pytest
from django.urls import reverse

from .test_cockpit_portfolio import _csv_rows, _names, _portfolio, portfolio  # noqa: F401 (fixture)
from .utils import page_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("portfolio")]

ALL_BY_NAME = ["Altstadt", "Lindenhof", "Nordviertel", "Talbach"]
NOTE = "Einige Angaben in der Adresse wurden nicht verstanden und werden nicht berücksichtigt"


@pytest.mark.parametrize(
    ("params", "label"),
    [
        ({"order": "bogus"}, "Sortieren nach"),
        ({"organisation": "abc"}, "Organisation"),
        ({"step": "99"}, "Schritt (für den Status)"),
        ({"status": "bogus"}, "Status"),
        ({"municipality": "Nirgendwo"}, "Kommune"),
        ({"q": "x" * 8_000}, "Name enthält"),
    ],
    ids=["order", "organisation", "step", "status", "municipality", "over-long search"],
)
def test_a_value_not_understood_is_left_out_with_a_note(params, label, coordinator, client_for):
    response = _portfolio(client_for(coordinator), **params)

    assert response.status_code == 200
    assert _names(response) == ALL_BY_NAME
    assert f"{NOTE}: {label}." in page_text(response)


def test_the_values_that_are_understood_still_filter_and_sort(coordinator, client_for):
    response = _portfolio(client_for(coordinator), municipality="Talbach", order="-name", step="99")

    assert _names(response) == ["Talbach", "Lindenhof"]
    assert f"{NOTE}: Schritt (für den Status)." in page_text(response)


def test_good_values_get_no_note(coordinator, client_for):
    response = _portfolio(client_for(coordinator), order="-name")

    assert NOTE not in page_text(response)


def test_the_csv_is_not_empty_for_an_unknown_sort(coordinator, client_for):
    response = client_for(coordinator).get(reverse("portfolio_csv"), {"order": "bogus", "municipality": "Talbach"})

    assert [row[0] for row in _csv_rows(response)[1:]] == ["Lindenhof", "Talbach"]


def test_the_search_field_is_bounded_in_the_browser_too(coordinator, client_for):
    response = _portfolio(client_for(coordinator))

    assert 'name="q" maxlength="200"' in response.content.decode()


def test_the_start_page_shows_the_first_page_for_a_page_that_is_no_number(coordinator, client_for):
    response = client_for(coordinator).get(reverse("quartier_list"), {"page": "abc"})

    assert response.status_code == 200
    assert "Altstadt" in page_text(response) and "Talbach" in page_text(response)
