"""Confirmed totals: per partner, kind, measure and year; the exports; the partner page's totals;
the cockpit's network card."""

from __future__ import annotations

import csv
import datetime
import html
import io
import re
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from openpyxl import load_workbook

from network.contributions.selectors import partner_totals, summary
from network.models import Contribution, ContributionStatus
from tests.factories import NetworkMembershipFactory

from .contribution_helpers import contribution, count_queries, measure_with

pytestmark = pytest.mark.django_db

CONFIRMED, SUBMITTED, RETURNED = (
    ContributionStatus.CONFIRMED,
    ContributionStatus.SUBMITTED,
    ContributionStatus.RETURNED,
)


@pytest.fixture
def other_partner(quartier):
    return NetworkMembershipFactory(quartier=quartier, partner__name="Pflegedienst Sonnenschein").partner


@pytest.fixture
def entries(quartier, partner_org, other_partner):
    """A mix of kinds, partners, measures, years and statuses; only confirmed ones count."""
    cafe = measure_with(quartier, partner_org, "Nachbarschaftscafé", role="lead")
    rows = [
        (partner_org, "zeit", "4.5", CONFIRMED, datetime.date(2025, 3, 1), cafe),
        (partner_org, "ehrenamt", "10", CONFIRMED, datetime.date(2026, 2, 1), cafe),
        (partner_org, "raeume", "3", CONFIRMED, datetime.date(2026, 2, 2), None),
        (partner_org, "geld", "250", CONFIRMED, datetime.date(2026, 4, 1), cafe),
        (partner_org, "wissen", None, CONFIRMED, datetime.date(2026, 4, 2), None),
        (other_partner, "sachleistung", "99.90", CONFIRMED, datetime.date(2025, 6, 1), None),
        (other_partner, "zeit", "7", CONFIRMED, datetime.date(2026, 1, 5), cafe),
        (other_partner, "oeffentlichkeit", None, CONFIRMED, datetime.date(2026, 1, 6), None),
        # Not confirmed: never counted.
        (partner_org, "zeit", "20", SUBMITTED, datetime.date(2026, 5, 1), cafe),
        (other_partner, "geld", "5000", RETURNED, datetime.date(2026, 5, 2), None),
    ]
    for partner, key, amount, status, date, measure in rows:
        contribution(quartier, partner, key, amount, status=status, date=date, measure=measure)
    return cafe


def _plain(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html.unescape(response.content.decode())).split())


def test_totals_equal_the_confirmed_entries(quartier, partner_org, other_partner, entries):
    result = summary(quartier=quartier)
    confirmed = list(Contribution.objects.filter(quartier=quartier, status=CONFIRMED).select_related("kind"))
    hours = sum((c.amount for c in confirmed if c.kind.unit == "h"), Decimal(0))
    euros = sum((c.amount for c in confirmed if c.kind.unit == "eur"), Decimal(0))
    assert (result.hours, result.euros, result.entries) == (hours, euros, len(confirmed))
    assert (hours, euros) == (Decimal("24.5"), Decimal("349.90"))
    # Every grouping adds up to the same whole.
    for groups in (result.by_partner, result.by_measure, result.by_year):
        assert sum(t.hours for t in groups) == hours
        assert sum(t.euros for t in groups) == euros
        assert sum(t.entries for t in groups) == len(confirmed)
    by_partner = {t.label: (t.hours, t.euros, t.entries) for t in result.by_partner}
    assert by_partner == {
        "Wohnbau Beispiel eG": (Decimal("17.5"), Decimal(250), 5),
        "Pflegedienst Sonnenschein": (Decimal(7), Decimal("99.90"), 3),
    }
    by_kind = {t.key: (t.amount, t.unit, t.entries) for t in result.by_kind}
    assert by_kind["zeit"] == (Decimal("11.5"), "h", 2)
    assert by_kind["geld"] == (Decimal(250), "eur", 1)
    assert by_kind["wissen"] == (Decimal(0), "none", 1)  # described only: counted, not summed
    assert [t.key for t in result.by_kind] == [
        "zeit",
        "ehrenamt",
        "geld",
        "raeume",
        "sachleistung",
        "wissen",
        "oeffentlichkeit",
    ]
    by_measure = {t.label: (t.hours, t.euros) for t in result.by_measure}
    assert by_measure == {"Nachbarschaftscafé": (Decimal("21.5"), Decimal(250)), "": (Decimal(3), Decimal("99.90"))}
    assert result.by_measure[-1].key is None  # entries without a measure last
    assert {t.label: t.hours for t in result.by_year} == {"2026": Decimal(20), "2025": Decimal("4.5")}


def test_summary_page_shows_units_per_kind(quartier, viewer, entries, client_for):
    text = _plain(client_for(viewer).get(reverse("contribution_summary", kwargs={"slug": quartier.slug})))
    assert "Bestätigte Stunden 24,5 Std." in text
    assert "Bestätigte Geld- und Sachleistungen 350 €" in text
    assert "Arbeitszeit 11,50 Std. 2" in text
    assert "Geld / Kofinanzierung / Sponsoring 250,00 € 1" in text
    assert "Fachwissen / Daten / Zugang zu Zielgruppen beschrieben 1" in text
    assert "Je Kooperationspartner*in" in text and "Pflegedienst Sonnenschein 7 Std. 99,90 € 3" in text
    assert "keine bestimmte Maßnahme" in text
    assert "Je Jahr" in text
    # Not confirmed entries are not in any total.
    assert "5.000" not in text


def test_summary_of_an_empty_network_says_so(quartier, manager, client_for):
    text = _plain(client_for(manager).get(reverse("contribution_summary", kwargs={"slug": quartier.slug})))
    assert "Es wurde noch kein Beitrag bestätigt." in text


@pytest.mark.parametrize("role", ["manager", "partner", "coordinator"])
def test_summary_query_count_does_not_grow(role, quartier, partner_org, other_partner, client_for, request):
    client = client_for(request.getfixturevalue(role))
    url = reverse("contribution_summary", kwargs={"slug": quartier.slug})

    def add(n: int) -> None:
        for i in range(n):
            measure = measure_with(quartier, other_partner, f"Maßnahme {i}")
            contribution(quartier, partner_org, "zeit", "1", status=CONFIRMED, date=datetime.date(2020 + i, 1, 1))
            contribution(quartier, other_partner, "geld", "5", status=CONFIRMED, measure=measure)
            partner = NetworkMembershipFactory(quartier=quartier).partner
            contribution(quartier, partner, "wissen", None, status=CONFIRMED)

    add(2)
    small = count_queries(client, url)
    add(6)
    assert count_queries(client, url) == small


# Exports


def _csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_managers_export_single_entries(quartier, manager, entries, client_for):
    url = reverse("contribution_export_csv", kwargs={"slug": quartier.slug})
    response = client_for(manager).get(url)
    assert response["Content-Disposition"] == 'attachment; filename="beitraege-altstadt.csv"'
    rows = _csv_rows(response)
    assert rows[0] == [
        "Datum",
        "Kooperationspartner*in",
        "Art",
        "Menge",
        "Einheit",
        "Maßnahme",
        "Beschreibung",
        "Status",
        "Grund für die Rückgabe",
    ]
    assert len(rows) == 11
    assert [
        "01.03.2025",
        "Wohnbau Beispiel eG",
        "Arbeitszeit",
        "4,50",
        "Std.",
        "Nachbarschaftscafé",
        "",
        "bestätigt",
        "",
    ] in rows
    # The filters of the list apply.
    filtered = _csv_rows(client_for(manager).get(url, {"status": "eingereicht"}))
    assert len(filtered) == 2 and filtered[1][3] == "20,00"


def test_readers_export_only_the_totals(quartier, viewer, entries, client_for):
    rows = _csv_rows(client_for(viewer).get(reverse("contribution_export_csv", kwargs={"slug": quartier.slug})))
    assert rows[0] == ["Auswertung", "Name", "Menge", "Einheit", "Stunden", "Euro", "Einträge"]
    assert rows[1] == ["Insgesamt", "", "", "", "24,50", "349,90", "8"]
    assert ["je Kooperationspartner*in", "Pflegedienst Sonnenschein", "", "", "7,00", "99,90", "3"] in rows
    assert ["je Art", "Arbeitszeit", "11,50", "Std.", "11,50", "0,00", "2"] in rows
    assert ["je Maßnahme", "keine bestimmte Maßnahme", "", "", "3,00", "99,90", "4"] in rows
    assert ["je Jahr", "2025", "", "", "4,50", "99,90", "2"] in rows
    text = "\n".join(";".join(r) for r in rows)
    assert "5000" not in text and "eingereicht" not in text


def test_a_partner_exports_its_own_entries(quartier, partner, entries, client_for):
    rows = _csv_rows(client_for(partner).get(reverse("contribution_export_csv", kwargs={"slug": quartier.slug})))
    assert {r[1] for r in rows[1:]} == {"Wohnbau Beispiel eG"}
    assert len(rows) == 7


def test_xlsx_exports(quartier, manager, viewer, entries, client_for):
    url = reverse("contribution_export_xlsx", kwargs={"slug": quartier.slug})
    sheet = load_workbook(io.BytesIO(client_for(manager).get(url).content)).active
    values = list(sheet.values)
    assert values[0][:4] == ("Datum", "Kooperationspartner*in", "Art", "Menge")
    assert len(values) == 11
    first = next(
        row
        for row in values[1:]
        if row[1] == "Wohnbau Beispiel eG"
        and row[2] == "Arbeitszeit"
        and row[5] == "Nachbarschaftscafé"
        and row[7] == "bestätigt"
    )
    assert first[0] == datetime.datetime(2025, 3, 1) and first[3] == 4.5

    sheet = load_workbook(io.BytesIO(client_for(viewer).get(url).content)).active
    values = list(sheet.values)
    assert values[0] == ("Auswertung", "Name", "Menge", "Einheit", "Stunden", "Euro", "Einträge")
    assert values[1] == ("Insgesamt", None, None, None, 24.5, 349.9, 8)


def test_the_summary_page_offers_the_totals_to_managers_too(quartier, manager, entries, client_for):
    rows = _csv_rows(
        client_for(manager).get(reverse("contribution_export_csv", kwargs={"slug": quartier.slug}), {"totals": "1"})
    )
    assert rows[1][0] == "Insgesamt"


# The partner page's totals


def test_partner_totals_and_their_partial(quartier, other_quartier, partner_org, entries):
    contribution(quartier, partner_org, "zeit", "2", status=SUBMITTED)
    totals = partner_totals(partner=partner_org, quartier=quartier)
    assert (totals.hours, totals.euros, totals.entries, totals.submitted) == (Decimal("17.5"), Decimal(250), 5, 2)
    assert [t.key for t in totals.by_kind] == ["zeit", "ehrenamt", "geld", "raeume", "wissen"]
    everywhere = partner_totals(partner=partner_org)
    assert everywhere.hours == totals.hours

    text = " ".join(
        re.sub(
            r"<[^>]+>",
            " ",
            render_to_string(
                "network/contributions/partials/partner_totals.html",
                {"totals": totals, "quartier": quartier, "partner": partner_org},
            ),
        ).split()
    )
    assert "Bestätigte Stunden 17,5 Std." in text
    assert "Ehrenamtliche Stunden 10 Std." in text
    assert "Fachwissen / Daten / Zugang zu Zielgruppen beschrieben 1" in text
    assert "2 Beiträge warten auf Bestätigung" in text


# The cockpit's network card


def test_the_cockpit_shows_the_network_in_figures(quartier, manager, viewer, entries, client_for):
    url = reverse("cockpit", kwargs={"slug": quartier.slug})
    text = _plain(client_for(manager).get(url))
    assert "Netzwerk und Beiträge" in text
    assert "Bestätigte Stunden 24,5 Std." in text
    assert "Bestätigte Geld- und Sachleistungen 350 €" in text
    assert "Aktive Kooperationspartner*innen 2" in text
    assert "1 Beitrag wartet auf Bestätigung" in text
    readers = _plain(client_for(viewer).get(url))
    assert "Bestätigte Stunden 24,5 Std." in readers
    assert "wartet auf Bestätigung" not in readers


def test_the_cockpit_names_agreements_that_end_soon_or_have_ended(quartier, manager, client_for):
    from django.utils import timezone

    today = timezone.localdate()
    NetworkMembershipFactory(
        quartier=quartier,
        partner__name="Pflegedienst Sonnenschein",
        agreement_until=today + datetime.timedelta(days=30),
    )
    NetworkMembershipFactory(
        quartier=quartier, partner__name="Heimatverein", agreement_until=today - datetime.timedelta(days=2)
    )
    NetworkMembershipFactory(
        quartier=quartier, partner__name="Bürgerstiftung", agreement_until=today + datetime.timedelta(days=200)
    )
    text = _plain(client_for(manager).get(reverse("cockpit", kwargs={"slug": quartier.slug})))

    soon = (today + datetime.timedelta(days=30)).strftime("%d.%m.%Y")
    ended = (today - datetime.timedelta(days=2)).strftime("%d.%m.%Y")
    assert f"Kooperationsvereinbarung mit Pflegedienst Sonnenschein endet am {soon}" in text
    assert f"Kooperationsvereinbarung mit Heimatverein ist am {ended} ausgelaufen" in text
    assert "Bürgerstiftung" not in text


def test_a_partner_sees_by_name_only_its_own_measures_in_the_summary(
    quartier, partner, partner_org, other_partner, manager, entries, client_for
):
    walk = measure_with(quartier, other_partner, "Spaziergänge mit Demenzkranken")
    contribution(quartier, other_partner, "zeit", "5", status=CONFIRMED, measure=walk)
    url = reverse("contribution_summary", kwargs={"slug": quartier.slug})

    mine = _plain(client_for(partner).get(url))
    assert "Nachbarschaftscafé" in mine
    assert "Spaziergänge mit Demenzkranken" not in mine
    assert "Weitere Maßnahmen 5 Std. 0,00 € 1" in mine
    # The manager sees every measure by name.
    assert "Spaziergänge mit Demenzkranken 5 Std." in _plain(client_for(manager).get(url))
