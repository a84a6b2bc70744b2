"""The portfolio's network column: active partners and confirmed contributions per quartier."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.catalogues import ensure_catalogues
from network.models import Contribution, ContributionKind
from tests.factories import NetworkMembershipFactory, QuartierFactory

from .utils import table_rows

pytestmark = pytest.mark.django_db


def contribute(membership, kind: str, amount: str, status: str = "bestaetigt") -> None:
    ensure_catalogues()
    Contribution.objects.create(
        quartier=membership.quartier,
        partner=membership.partner,
        kind=ContributionKind.objects.get(key=kind),
        amount=Decimal(amount),
        date=date(2026, 5, 4),
        status=status,
    )


@pytest.fixture
def networked(quartier):
    """Altstadt: two active partners and one approached; 340,5 hours and 2,500 euros confirmed,
    more submitted or returned that does not count."""
    sonne = NetworkMembershipFactory(quartier=quartier, partner__name="Pflegedienst Sonnenschein")
    kirche = NetworkMembershipFactory(quartier=quartier, partner__name="Kirchengemeinde")
    NetworkMembershipFactory(quartier=quartier, partner__name="Turnverein", status="angefragt")
    contribute(sonne, "zeit", "300")
    contribute(kirche, "ehrenamt", "40.5")
    contribute(kirche, "geld", "2500")
    contribute(sonne, "zeit", "99", status="eingereicht")
    contribute(sonne, "geld", "1000", status="zurueckgegeben")
    return quartier


def test_portfolio_shows_active_partners_and_confirmed_hours_and_euros(networked, coordinator, client_for):
    response = client_for(coordinator).get(reverse("portfolio"))
    header, altstadt = table_rows(response)
    assert header[-2] == "Netzwerk Aktive Partner*innen, bestätigte Stunden und Euro"
    assert altstadt[-2] == "2 aktiv 2 aktive Partner*innen 340,5 Std. bestätigt 2.500 € bestätigt"


def test_portfolio_csv_has_the_network_columns(networked, coordinator, client_for):
    content = client_for(coordinator).get(reverse("portfolio_csv")).content.decode("utf-8")
    header, altstadt = list(csv.reader(io.StringIO(content[1:]), delimiter=";"))
    columns = dict(zip(header, altstadt, strict=True))
    assert columns["Aktive Kooperationspartner*innen"] == "2"
    assert columns["Bestätigte Beiträge (Stunden)"] == "340,50"
    assert columns["Bestätigte Beiträge (Euro)"] == "2500,00"


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_network_column_keeps_the_query_count(organisation, coordinator, client_for):
    client = client_for(coordinator)

    def grow(count: int) -> None:
        for _n in range(count):
            membership = NetworkMembershipFactory(quartier=QuartierFactory(organisation=organisation))
            contribute(membership, "zeit", "4")
            contribute(membership, "geld", "50")

    grow(2)
    small = (_count(client, reverse("portfolio")), _count(client, reverse("portfolio_csv")))
    grow(10)
    assert (_count(client, reverse("portfolio")), _count(client, reverse("portfolio_csv"))) == small
