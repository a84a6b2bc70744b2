"""The partner directory and the local network in the browser: axe-core clean, no sideways
scrolling on a phone, and the manager's way from the network page to a partner and its contact."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from network.models import Contact, NetworkMembership, Partner
from network.partners.accounts import partner_memberships_sync
from quartier.models import Quartier
from tests.factories import partner_type

from .support import AXE, CHROMIUM, MANAGER, NO_AXE, NO_CHROMIUM, log_in
from .test_accessibility import assert_accessible, assert_no_sideways_scrolling, open_all_details

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]


@pytest.fixture
def axe_page(page_for):
    """`axe_page(width)` → a tab in which axe may be injected despite the CSP."""
    if not AXE.exists():
        pytest.skip(NO_AXE)
    return lambda width=1280: page_for(width=width, bypass_csp=True)


@pytest.fixture
def network(demo) -> Partner:
    """A few partners of Altstadt's organisation (made here if the demo has none): one with a long
    name, a contact and an agreement that ends soon."""
    altstadt = Quartier.objects.get(slug="altstadt")
    today = timezone.localdate()
    care, _ = Partner.objects.get_or_create(
        organisation=altstadt.organisation,
        name="Ambulanter Pflegedienst Sonnenschein und Nachbarschaftshilfe gemeinnützige GmbH",
        defaults={
            "type": partner_type("pflege"),
            "serves_pflege": True,
            "address": "Lange Straße 123, 12345 Musterstadt",
            "website": "https://pflegedienst-sonnenschein-und-nachbarschaftshilfe.example/ueber-uns/kontakt",
        },
    )
    NetworkMembership.objects.update_or_create(
        partner=care,
        quartier=altstadt,
        defaults={
            "status": "aktiv",
            "role": "kern",
            "since": today - datetime.timedelta(days=400),
            "agreement_signed_on": today - datetime.timedelta(days=330),
            "agreement_until": today + datetime.timedelta(days=30),
        },
    )
    partner_memberships_sync(partner=care)
    Contact.objects.get_or_create(
        partner=care,
        name="Petra Sonnenschein",
        defaults={
            "function": "Pflegedienstleitung",
            "email": "p.sonnenschein@pflegedienst-sonnenschein-und-nachbarschaftshilfe.example",
            "phone": "0123 456789",
            "consent_purpose": "Einladungen zu Netzwerktreffen",
            "consent_date": today - datetime.timedelta(days=100),
        },
    )
    Partner.objects.get_or_create(
        organisation=altstadt.organisation,
        name="Bäckerei Korn",
        defaults={"type": partner_type("einzelhandel"), "serves_soziales": True},
    )
    return care


@pytest.mark.parametrize("width", [1280, 360])
def test_network_pages_are_accessible_and_fit_a_phone(axe_page, network, width):
    page = axe_page(width)
    log_in(page, MANAGER)

    page.goto("/q/altstadt/netzwerk/")
    expect(page.get_by_role("heading", name="Abdeckung der Bereiche")).to_be_visible()
    expect(page.get_by_text("Kooperationsvereinbarungen, die bald enden")).to_be_visible()
    assert_accessible(page)
    assert_no_sideways_scrolling(page)

    page.goto("/q/altstadt/partner/")
    open_all_details(page)
    expect(page.get_by_role("link", name="Bäckerei Korn", exact=True)).to_be_visible()
    assert_accessible(page)
    assert_no_sideways_scrolling(page)

    page.goto(f"/q/altstadt/partner/{network.pk}/")
    expect(page.get_by_text("Die Vereinbarung endet in den nächsten 60 Tagen.")).to_be_visible()
    assert_accessible(page)
    assert_no_sideways_scrolling(page)

    for path in (
        "/q/altstadt/partner/neu/",
        f"/q/altstadt/partner/{network.pk}/netzwerk/",
        f"/q/altstadt/partner/{network.pk}/kontakte/neu/",
        f"/q/altstadt/kontakte/{network.contacts.get().pk}/loeschen/",
    ):
        page.goto(path)
        assert_accessible(page)
        assert_no_sideways_scrolling(page)


def test_manager_adds_a_partner_fixes_a_mistake_and_erases_a_contact(axe_page, network):
    page = axe_page(360)
    log_in(page, MANAGER)
    page.goto("/q/altstadt/netzwerk/")
    page.get_by_role("link", name="Neuer Partner").click()

    page.locator("#id_name").fill("Seniorenbüro Altstadt")
    page.locator("#id_type").select_option(label="Sozialer Dienstleister / Wohlfahrtsverband")
    page.get_by_role("button", name="Kooperationspartner*in anlegen").click()
    expect(page.get_by_role("alert")).to_contain_text("mindestens einen Bereich")
    expect(page.locator("#id_name")).to_have_value("Seniorenbüro Altstadt")
    assert_accessible(page)
    assert_no_sideways_scrolling(page)

    page.get_by_label("Soziales").check()
    page.get_by_role("button", name="Kooperationspartner*in anlegen").click()
    expect(page.get_by_text("„Seniorenbüro Altstadt“ wurde ins Verzeichnis aufgenommen.")).to_be_visible()
    expect(page.locator("#membership")).to_contain_text("angefragt")

    page.goto(f"/q/altstadt/partner/{network.pk}/")
    page.get_by_role("link", name="Löschen Petra Sonnenschein").click()
    page.get_by_role("button", name="Personenbezogene Daten löschen").click()
    expect(page.locator("#contacts")).to_contain_text("gelöschter Kontakt")
    expect(page.locator("#contacts")).not_to_contain_text("p.sonnenschein@")
