"""The quartier's local network: members by status and role, agreements that run out, and which
of the three domains has too few active partners."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from network.partners.selectors import MIN_ACTIVE_PARTNERS_PER_DOMAIN, domain_coverage
from tests.factories import NetworkMembershipFactory, PartnerFactory


def overview_url(quartier) -> str:
    return reverse("network_overview", kwargs={"slug": quartier.slug})


def member(quartier, name: str, *, status: str = "aktiv", role: str = "kern", domains=("soziales",), **extra):
    flags = {f"partner__serves_{d}": d in domains for d in ("wohnen", "soziales", "pflege")}
    return NetworkMembershipFactory(quartier=quartier, status=status, role=role, partner__name=name, **flags, **extra)


def test_coverage_counts_only_active_partners(quartier, other_quartier):
    member(quartier, "Wohnbau A", domains=("wohnen",))
    member(quartier, "Wohnbau B", domains=("wohnen", "soziales"))
    member(quartier, "Pflege angefragt", status="angefragt", domains=("pflege",))
    member(quartier, "Pflege ruhend", status="ruhend", domains=("pflege",))
    member(quartier, "Pflege ausgetreten", status="ausgetreten", domains=("pflege",))
    member(quartier, "Pflege aktiv", domains=("pflege",))
    member(other_quartier, "Pflege anderswo", domains=("pflege",))
    PartnerFactory(organisation=quartier.organisation, serves_pflege=True)  # not in the network at all

    coverage = {c.domain: c.active_partners for c in domain_coverage(quartier=quartier)}

    assert coverage == {"wohnen": 2, "soziales": 1, "pflege": 1}
    assert MIN_ACTIVE_PARTNERS_PER_DOMAIN == 2


def test_page_names_the_thin_domains_in_words(quartier, manager, client_for):
    member(quartier, "Wohnbau A", domains=("wohnen",))
    member(quartier, "Wohnbau B", domains=("wohnen",))
    member(quartier, "Pflege angefragt", status="angefragt", domains=("pflege", "soziales"))

    text = client_for(manager).get(overview_url(quartier)).content.decode()

    assert "Zu wenige aktive Partner im Bereich Soziales." in text
    assert "Zu wenige aktive Partner im Bereich Hilfe und Pflege." in text
    assert "Zu wenige aktive Partner im Bereich Wohnen." not in text
    assert "2 aktive Kooperationspartner*innen" in text
    # The way on: who could fill the gap.
    directory = reverse("partner_list", kwargs={"slug": quartier.slug})
    assert f'href="{directory}?domain=pflege&amp;status=keins"' in text
    assert "Kooperationspartner*innen im Bereich Hilfe und Pflege, die noch nicht im Netzwerk sind" in text


def test_members_grouped_by_status_and_role_with_since_and_agreement(quartier, viewer, client_for):
    member(quartier, "Kirchengemeinde St. Anna", role="kern", since=datetime.date(2025, 3, 1))
    member(quartier, "Sportverein", role="arbeitsgruppe")
    member(quartier, "Apotheke am Markt", status="angefragt", role="unterstuetzer")
    member(quartier, "Altes Kino", status="ausgetreten", role="unterstuetzer")

    text = client_for(viewer).get(overview_url(quartier)).content.decode()

    assert "aktiv – Kernnetzwerk" in text and "aktiv – Arbeitsgruppe" in text
    assert "angefragt – Unterstützer*in" in text and "ausgetreten – Unterstützer*in" in text
    assert text.index("Kirchengemeinde St. Anna") < text.index("Apotheke am Markt") < text.index("Altes Kino")
    assert "01.03.2025" in text
    assert reverse("partner_list", kwargs={"slug": quartier.slug}) in text


def test_expiring_and_expired_agreements_are_named_in_text(quartier, manager, client_for):
    today = timezone.localdate()
    member(
        quartier,
        "Wohnbau bald",
        agreement_signed_on=today - datetime.timedelta(days=300),
        agreement_until=today + datetime.timedelta(days=45),
    )
    member(
        quartier,
        "Pflege abgelaufen",
        agreement_signed_on=today - datetime.timedelta(days=400),
        agreement_until=today - datetime.timedelta(days=5),
    )
    member(
        quartier,
        "Verein lange",
        agreement_signed_on=today - datetime.timedelta(days=10),
        agreement_until=today + datetime.timedelta(days=300),
    )
    member(quartier, "Ausgetreten", status="ausgetreten", agreement_until=today + datetime.timedelta(days=3))

    text = client_for(manager).get(overview_url(quartier)).content.decode()

    expiring = text[text.index("Kooperationsvereinbarungen, die bald enden") : text.index("Mitglieder des Netzwerks")]
    assert "Wohnbau bald" in expiring and "endet am" in expiring
    assert "Pflege abgelaufen" in expiring and "abgelaufen am" in expiring
    assert "Verein lange" not in expiring and "Ausgetreten" not in expiring
    assert "endet in den nächsten 60 Tagen" in text


def test_empty_network_says_what_to_do(quartier, manager, client_for):
    text = client_for(manager).get(overview_url(quartier)).content.decode()

    assert "Zum Netzwerk dieses Quartiers gehören noch keine Kooperationspartner*innen." in text
    assert "Zu wenige aktive Partner im Bereich Wohnen." in text


def test_the_quartier_nav_leads_to_the_network(quartier, manager, client_for):
    text = client_for(manager).get(reverse("measure_list", kwargs={"slug": quartier.slug})).content.decode()

    assert f'href="{overview_url(quartier)}"' in text and ">Netzwerk</a>" in text


def test_partners_have_their_portal_not_the_network_page(quartier, partner, client_for):
    assert client_for(partner).get(overview_url(quartier)).status_code == 403


@pytest.mark.parametrize("user", ["other_coordinator", "outsider"])
def test_strangers_do_not_find_the_network(request, quartier, client_for, user):
    assert client_for(request.getfixturevalue(user)).get(overview_url(quartier)).status_code == 404


def _queries(client, quartier) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(overview_url(quartier))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow(quartier, manager, client_for):
    client = client_for(manager)
    member(quartier, "Erster")
    few = _queries(client, quartier)
    today = timezone.localdate()
    for n, status in enumerate(["aktiv", "angefragt", "ruhend", "ausgetreten"] * 5):
        member(
            quartier,
            f"Partner {n}",
            status=status,
            role=["kern", "arbeitsgruppe", "unterstuetzer"][n % 3],
            agreement_until=today + datetime.timedelta(days=n * 10),
        )

    assert _queries(client, quartier) == few
