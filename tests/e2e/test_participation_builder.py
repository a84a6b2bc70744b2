"""A manager builds a survey from the template, adds a question, opens it and sees link and QR code."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import expect

from .support import log_in
from .test_accessibility import assert_accessible, assert_no_sideways_scrolling


@pytest.mark.django_db(transaction=True)
def test_manager_builds_and_opens_a_survey(demo, page_for):
    page = page_for(width=1280, bypass_csp=True)
    log_in(page, "manager-altstadt@demo.example")
    page.goto("/q/altstadt/beteiligung/umfragen/neu/")
    page.get_by_label("Mit dem Standard-Fragebogen").check()
    page.get_by_role("button", name="Entwurf anlegen").click()
    expect(page.get_by_role("heading", name="11 Fragen")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Ja/Nein", exact=False).first.click()
    page.locator("#id_text").fill("Haben Sie einen Garten?")
    page.get_by_role("button", name="Frage hinzufügen").click()
    expect(page.get_by_text("12. Haben Sie einen Garten?")).to_be_visible()

    page.get_by_role("link", name="Einstellungen bearbeiten").click()
    today = datetime.date.today()
    page.get_by_label("Beginnt am").fill(today.isoformat())
    page.get_by_label("Endet am").fill((today + datetime.timedelta(days=28)).isoformat())
    page.get_by_label("Verantwortliche Stelle", exact=False).fill("Stadt Musterstadt, Marktplatz 1")
    page.get_by_label("Zweck").fill("Planung eines altersgerechten Quartiers")
    page.get_by_label("Rechtsgrundlage").fill("Einwilligung (Art. 6 Abs. 1 lit. a DSGVO)")
    page.get_by_label("Speicherdauer").fill("Bis Projektende")
    page.get_by_role("button", name="Einstellungen speichern").click()

    page.get_by_role("button", name="Umfrage öffnen").click()
    expect(page.locator("#public-link")).to_contain_text("/mitmachen/")
    expect(page.locator("#qr-code")).to_be_visible()
    page.wait_for_function("(img => img.complete && img.naturalWidth > 0)(document.getElementById('qr-code'))")
    assert_accessible(page)

    phone = page_for(width=360, bypass_csp=True)
    log_in(phone, "manager-altstadt@demo.example")
    phone.goto(page.url)
    assert_accessible(phone)
    assert_no_sideways_scrolling(phone)
