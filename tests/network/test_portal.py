"""The partner portal: a partner sees the quartier's public face and its own part, nothing else."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from network.models import ContributionStatus
from planning.models import ChecklistItem, StepProgress, StepStatus
from quartier.models import Quartier, Role
from tests.factories import ContactFactory, MembershipFactory, NetworkMembershipFactory, QuartierFactory

from .contribution_helpers import action_item, contribution, count_queries, measure_with, meeting

pytestmark = pytest.mark.django_db


def _plain(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html.unescape(response.content.decode())).split())


def _portal(quartier) -> str:
    return reverse("partner_portal", kwargs={"slug": quartier.slug})


@pytest.fixture
def other_partner(quartier):
    return NetworkMembershipFactory(quartier=quartier, partner__name="Pflegedienst Sonnenschein").partner


@pytest.fixture
def filled(quartier, manager, partner_org, other_partner):
    """The quartier with what the portal shows and what it must not."""
    Quartier.objects.filter(pk=quartier.pk).update(
        leitbild="Gut alt werden in der Altstadt.",
        leitbild_agreed_on=datetime.date(2026, 3, 12),
        leitbild_agreed_by="Quartierskonferenz",
    )
    quartier.refresh_from_db()
    step = StepProgress.objects.get(quartier=quartier, template__number=1)
    StepProgress.objects.filter(pk=step.pk).update(status=StepStatus.DONE, notes="Interne Notiz zum Leitbild")
    ChecklistItem.objects.filter(step=step).update(title="Geheimer Prüfpunkt")
    measure_with(
        quartier,
        partner_org,
        "Nachbarschaftscafé",
        role="lead",
        budget_planned=4800,
        status="in_umsetzung",
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
    )
    measure_with(quartier, other_partner, "Pflegesprechstunde", budget_planned=9999)
    invited = meeting(quartier, "Netzwerktreffen Frühjahr", invited=[partner_org], place="Bürgerhaus")
    present = meeting(quartier, "Arbeitsgruppe Wohnen", present=[partner_org], days=-30)
    secret = meeting(quartier, "Runde der Pflegedienste", invited=[other_partner])
    action_item(invited, "Raum für das Café anfragen", partner=partner_org, due=timezone.localdate())
    action_item(present, "Flyer verteilen", partner=other_partner)
    action_item(secret, "Pflegeberatung planen", partner=other_partner)
    contribution(quartier, partner_org, "zeit", "3", status=ContributionStatus.CONFIRMED)
    contribution(
        quartier, partner_org, "geld", "120", status=ContributionStatus.RETURNED, return_reason="Beleg fehlt noch."
    )
    contribution(
        quartier, other_partner, "geld", "777", status=ContributionStatus.CONFIRMED, description="Geheimspende"
    )
    ContactFactory(
        partner=other_partner, name="Petra Sonnenschein", email="p.sonnenschein@pflegedienst-sonnenschein.example"
    )
    ContactFactory(partner=partner_org, name="Karl Wohnbau", email="karl@wohnbau.example")
    return quartier


def test_a_partner_sees_the_quartier_and_its_own_part(filled, partner, client_for):
    text = _plain(client_for(partner).get(_portal(filled)))
    assert "Altstadt Wohnbau Beispiel eG · Partnerbereich" in text
    assert "Übersicht Beiträge" in text  # the portal's own navigation
    assert "Gut alt werden in der Altstadt." in text
    assert "Abgestimmt am 12. März 2026 · Quartierskonferenz" in text
    assert "Planungsphase" in text and "1. Quartiersorientierung als Leitbild abstimmen abgeschlossen" in text
    assert (
        "Nachbarschaftscafé Status: in Umsetzung · Unsere Rolle: federführend · Zeitraum: 01.01.2026 – 31.12.2026"
        in text
    )
    assert "Netzwerktreffen Frühjahr" in text and "Bürgerhaus" in text
    assert "Arbeitsgruppe Wohnen" in text
    assert "Raum für das Café anfragen" in text
    assert "Beleg fehlt noch." in text  # why an entry was returned
    assert "zurückgegeben" in text and "bestätigt" in text
    assert "Beitrag erfassen" in text
    # The network's confirmed totals: everyone's confirmed hours and euros.
    assert "Bestätigte Stunden 3 Std." in text
    assert "Bestätigte Geld- und Sachleistungen 777 €" in text


def test_a_partner_sees_nothing_else(filled, partner, manager, client_for):
    text = _plain(client_for(partner).get(_portal(filled)))
    for hidden in (
        "Pflegesprechstunde",  # another partner's measure
        "9999",
        "4800",  # budgets are the team's
        "Runde der Pflegedienste",  # a meeting the partner was not part of
        "Flyer verteilen",  # another partner's action item
        "Pflegeberatung planen",
        "Geheimspende",  # another partner's entry
        "Pflegedienst Sonnenschein",
        "Petra Sonnenschein",
        "p.sonnenschein@pflegedienst-sonnenschein.example",
        "karl@wohnbau.example",
        manager.email,  # the team
        manager.display_name,
        "Geheimer Prüfpunkt",  # checklist items and notes
        "Interne Notiz",
        "Letzte Aktivitäten",
        "Nächste Pflichtpunkte",
        "Befragung",
        "Team",
        "Cockpit",
    ):
        assert hidden not in text, hidden


def test_the_partner_cannot_reach_the_workspace(filled, partner, client_for):
    client = client_for(partner)
    assert client.get(reverse("cockpit", kwargs={"slug": filled.slug}))["Location"] == _portal(filled)
    assert client.get(reverse("members", kwargs={"slug": filled.slug})).status_code == 403
    assert client.get(reverse("step_detail", kwargs={"slug": filled.slug, "number": 1})).status_code == 403


def test_another_quartier_is_not_found(filled, partner, other_quartier, client_for):
    assert client_for(partner).get(_portal(other_quartier)).status_code == 404
    # Also not a quartier of the same organisation whose network the partner is not in.
    sibling = QuartierFactory(organisation=filled.organisation, slug="nordviertel")
    assert client_for(partner).get(_portal(sibling)).status_code == 404


def test_a_partner_user_without_a_partner_is_told_whom_to_ask(quartier, client_for):
    user = MembershipFactory(quartier=quartier, role=Role.PARTNER).user
    text = _plain(client_for(user).get(_portal(quartier)))
    assert "Ihr Zugang ist noch keinem Partner zugeordnet. Bitte wenden Sie sich an das Quartiersmanagement." in text
    assert "Beitrag erfassen" not in text


def test_the_team_chooses_a_partner_to_see_the_portal_as_it_does(filled, manager, partner_org, client_for):
    client = client_for(manager)
    text = _plain(client.get(_portal(filled)))
    assert "Der Partnerbereich, wie eine Kooperationspartner*in ihn sieht" in text
    assert "Pflegedienst Sonnenschein" in text and "Wohnbau Beispiel eG" in text  # the chooser
    assert "Raum für das Café anfragen" not in text
    text = _plain(client.get(_portal(filled), {"partner": partner_org.pk}))
    assert "Raum für das Café anfragen" in text
    assert "Beitrag erfassen" not in text.split("Unsere Maßnahmen")[0].split("Anzeigen")[-1]


def test_the_start_page_leads_a_partner_to_the_portal(filled, partner, client_for):
    second = QuartierFactory(organisation=filled.organisation, name="Nordviertel", slug="nordviertel")
    from network.models import NetworkMembership
    from network.partners.accounts import partner_memberships_sync

    NetworkMembership.objects.create(partner=partner.partner_account.partner, quartier=second, status="aktiv")
    partner_memberships_sync(partner=partner.partner_account.partner)
    client = client_for(partner)
    assert client.get(reverse("home"))["Location"] == reverse("quartier_list")
    page = client.get(reverse("quartier_list")).content.decode()
    assert f'href="{_portal(filled)}"' in page
    assert f'href="{_portal(second)}"' in page
    assert reverse("cockpit", kwargs={"slug": filled.slug}) + '"' not in page
    # The ten-step strip shows where each quartier stands, without links to step pages they may not open.
    assert "Schritt 1: " in page
    assert "/schritte/" not in page


def test_portal_query_count_does_not_grow(filled, partner, partner_org, other_partner, client_for):
    client = client_for(partner)

    def add(n: int) -> None:
        for i in range(n):
            measure_with(filled, partner_org, f"Maßnahme {i}")
            m = meeting(filled, f"Treffen {i}", invited=[partner_org], present=[partner_org, other_partner])
            action_item(m, f"Aufgabe {i}", partner=partner_org)
            contribution(filled, partner_org, "zeit", "1")
            contribution(filled, partner_org, "wissen", None, status=ContributionStatus.RETURNED, return_reason="x")

    add(1)
    small = count_queries(client, _portal(filled))
    add(6)
    assert count_queries(client, _portal(filled)) == small


@pytest.mark.parametrize("role", ["viewer", "developer", "coordinator"])
def test_team_readers_see_a_partners_portal_without_its_single_entries(request, filled, partner_org, role, client_for):
    """Single contributions are for the managers and the partner who made them (totals for the rest)."""
    text = _plain(client_for(request.getfixturevalue(role)).get(_portal(filled), {"partner": partner_org.pk}))
    assert "Raum für das Café anfragen" in text  # the partner's part is shown
    assert "Unsere Beiträge" not in text
    assert "Beleg fehlt noch." not in text  # a returned entry's reason
    assert "Bestätigte Stunden 3 Std." in text  # the network's confirmed totals stay


def test_managers_see_a_partners_single_entries_in_the_portal(filled, manager, partner_org, client_for):
    text = _plain(client_for(manager).get(_portal(filled), {"partner": partner_org.pk}))
    assert "Unsere Beiträge" in text
    assert "Beleg fehlt noch." in text


def test_the_portal_lists_a_meeting_where_the_partner_holds_an_action_item(quartier, partner, partner_org, client_for):
    """The partner may open such a meeting (it concerns them), so the portal lists it too."""
    m = meeting(quartier, "Runde ohne Einladung")
    action_item(m, "Schlüssel übergeben", partner=partner_org)

    page = client_for(partner).get(_portal(quartier))

    assert "Runde ohne Einladung" in _plain(page)
    assert reverse("meeting_detail", args=[quartier.slug, m.pk]) in page.content.decode()
