"""Contributions in the browser: a partner logs one on a phone, the manager confirms it, the
cockpit's totals grow; axe-core on the portal and the contribution pages."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from network.models import Contribution, ContributionKind, ContributionStatus
from quartier.models import Quartier

from .partner_setup import PARTNER, PARTNER_NAME, link_demo_partner
from .support import CHROMIUM, MANAGER, NO_CHROMIUM, log_in
from .test_accessibility import assert_accessible, assert_no_sideways_scrolling, axe_page  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]


@pytest.fixture
def linked_partner(demo):
    return link_demo_partner()


def _hours(page: Page) -> str:
    return page.locator("#network-hours").inner_text()


def _as_number(text: str) -> Decimal:
    return Decimal(re.sub(r"[^\d,]", "", text).replace(",", ".") or "0")


def test_a_partner_logs_a_contribution_on_a_phone_and_the_manager_confirms_it(page_for, linked_partner):
    manager = page_for()
    log_in(manager, MANAGER)
    manager.goto("/q/altstadt/")
    hours_before = _as_number(_hours(manager))

    phone = page_for(width=360, height=740)
    log_in(phone, PARTNER)
    # One quartier: the start leads to the partner area.
    expect(phone).to_have_url(re.compile(r"/q/altstadt/partnerbereich/$"))
    expect(phone.get_by_text(f"{PARTNER_NAME} · Partnerbereich")).to_be_visible()
    # The measures the company takes part in.
    expect(phone.get_by_role("heading", name="Unsere Maßnahmen")).to_be_visible()
    expect(phone.locator("main").get_by_text("Nachbarschaftscafé", exact=True)).to_be_visible()
    phone.get_by_role("link", name="Beitrag erfassen").click()

    # Big targets on the phone.
    time_choice = phone.get_by_text("Arbeitszeit (Std.)", exact=True)
    assert time_choice.bounding_box()["height"] >= 44
    # A kind that is only described needs no amount; hours show their unit.
    phone.get_by_text("Öffentlichkeitsarbeit", exact=True).click()
    expect(phone.get_by_label("Menge")).to_be_hidden()
    time_choice.click()
    expect(phone.get_by_label("Menge")).to_be_visible()
    expect(phone.locator("[data-amount-unit]")).to_have_text("Std.")
    assert phone.get_by_label("Menge").bounding_box()["height"] >= 44
    assert phone.get_by_label("Menge").get_attribute("inputmode") == "decimal"

    # Too many hours for one day: refused, with what to do instead; the typed text stays.
    phone.get_by_label("Menge").fill("30")
    phone.get_by_label("Beschreibung").fill("Aufbau und Abbau Sommerfest")
    phone.get_by_role("button", name="Beitrag einreichen").click()
    expect(phone.get_by_role("alert")).to_contain_text("Mehr als 24 Stunden an einem Tag sind nicht möglich")
    expect(phone.get_by_label("Beschreibung")).to_have_value("Aufbau und Abbau Sommerfest")
    phone.get_by_label("Menge").fill("6,75")
    phone.get_by_label("Für welche Maßnahme? (optional)").select_option(label="Nachbarschaftscafé")
    phone.get_by_role("button", name="Beitrag einreichen").click()
    expect(phone.get_by_text("Danke! Ihr Beitrag wurde eingereicht.")).to_be_visible()
    row = phone.get_by_role("row").filter(has_text="Arbeitszeit").filter(has_text="6,75 Std.")
    expect(row).to_contain_text("eingereicht")
    assert_no_sideways_scrolling(phone)
    entry = Contribution.objects.get(partner=linked_partner, amount=Decimal("6.75"))
    assert (entry.status, entry.measure.title) == (ContributionStatus.SUBMITTED, "Nachbarschaftscafé")

    # The manager sees it waiting on the cockpit and confirms it from the list.
    manager.reload()
    manager.get_by_role("link", name=re.compile(r"warte[nt]? auf Bestätigung")).click()
    queued = manager.locator(f"#queue-{entry.pk}")
    expect(queued).to_contain_text(PARTNER_NAME)
    queued.get_by_role("button", name=re.compile("^Bestätigen")).click()
    expect(manager.get_by_text(f"Der Beitrag von {PARTNER_NAME} wurde bestätigt.")).to_be_visible()

    manager.goto("/q/altstadt/")
    # The cockpit shows one decimal: 6,75 hours more, give or take its rounding.
    assert abs(_as_number(_hours(manager)) - hours_before - Decimal("6.75")) <= Decimal("0.1")

    # The partner sees it confirmed.
    phone.goto("/q/altstadt/partnerbereich/")
    expect(phone.get_by_role("listitem").filter(has_text="6,75 Std.")).to_contain_text("bestätigt")


def test_returned_contributions_show_the_reason_and_can_be_corrected(page_for, linked_partner):
    entry = Contribution.objects.create(
        quartier=Quartier.objects.get(slug="altstadt"),
        partner=linked_partner,
        kind=ContributionKind.objects.get(key="geld"),
        amount=Decimal(80),
        date=datetime.date(2026, 3, 2),
    )
    manager = page_for()
    log_in(manager, MANAGER)
    manager.goto(f"/q/altstadt/beitraege/{entry.pk}/")
    manager.get_by_text("An die Kooperationspartner*in zurückgeben").click()
    manager.get_by_label("Grund für die Rückgabe").fill("Bitte den Beleg nachreichen.")
    manager.get_by_role("button", name="Mit diesem Grund zurückgeben").click()
    expect(manager.get_by_text("wurde zurückgegeben")).to_be_visible()

    phone = page_for(width=360, height=740)
    log_in(phone, PARTNER)
    expect(phone.get_by_text("„Bitte den Beleg nachreichen.“")).to_be_visible()
    phone.locator(f"a[href='/q/altstadt/beitraege/{entry.pk}/']").first.click()
    phone.get_by_role("link", name="Korrigieren und erneut einreichen").click()
    phone.get_by_label("Menge").fill("85")
    phone.get_by_role("button", name="Änderungen speichern").click()
    expect(phone.get_by_text("erneut eingereicht")).to_be_visible()
    expect(phone.get_by_role("heading", name="Verlauf")).to_be_visible()
    expect(phone.locator(".history")).to_contain_text("zurückgegeben")


@pytest.mark.parametrize("width", [1280, 360])
def test_the_portal_and_the_contribution_pages_are_accessible(axe_page, linked_partner, width):  # noqa: F811
    page = axe_page(width)
    log_in(page, PARTNER)
    for url, heading in (
        ("/q/altstadt/partnerbereich/", "Leitbild"),
        ("/q/altstadt/beitraege/neu/", "Beitrag erfassen"),
        ("/q/altstadt/beitraege/", "Unsere Beiträge"),
        ("/q/altstadt/beitraege/uebersicht/", "Übersicht der Beiträge"),
    ):
        page.goto(url)
        expect(page.get_by_role("heading", name=heading).first).to_be_visible()
        assert_accessible(page)
        assert_no_sideways_scrolling(page)
    # The form with its error summary.
    page.goto("/q/altstadt/beitraege/neu/")
    page.get_by_role("button", name="Beitrag einreichen").click()
    expect(page.get_by_role("alert")).to_contain_text("Bitte wählen Sie aus, was Sie beigetragen haben.")
    assert_accessible(page)
    assert_no_sideways_scrolling(page)


@pytest.mark.parametrize("width", [1280, 360])
def test_the_managers_contribution_pages_are_accessible(axe_page, linked_partner, width):  # noqa: F811
    Contribution.objects.create(
        quartier=Quartier.objects.get(slug="altstadt"),
        partner=linked_partner,
        kind=ContributionKind.objects.get(key="zeit"),
        amount=Decimal(3),
        date=datetime.date(2026, 3, 2),
        description="Sommerfest",
    )
    page = axe_page(width)
    log_in(page, MANAGER)
    for url in (
        "/q/altstadt/beitraege/",
        "/q/altstadt/beitraege/uebersicht/",
        "/q/altstadt/beitraege/neu/",
        "/q/altstadt/partnerbereich/",
    ):
        page.goto(url)
        page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
        assert_accessible(page)
        assert_no_sideways_scrolling(page)
    page.goto("/q/altstadt/beitraege/")
    page.locator("#queue a").first.click()
    expect(page.get_by_role("heading", name="Verlauf")).to_be_visible()
    assert_accessible(page)
    assert_no_sideways_scrolling(page)
