"""The participation overview and the cockpit's „Beteiligung“ box in a browser: axe-clean and
without sideways scrolling on a phone and a wide screen, with the demo's figures."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .support import MANAGER, log_in
from .test_accessibility import assert_accessible, assert_no_sideways_scrolling, axe_page  # noqa: F401


@pytest.mark.parametrize("width", [1280, 360])
def test_the_overview_and_the_cockpit_box(axe_page, demo, width):  # noqa: F811
    page = axe_page(width)
    log_in(page, MANAGER)

    page.goto("/q/altstadt/beteiligung/")
    expect(page.get_by_role("heading", name="Umfragen")).to_be_visible()
    expect(page.locator("#overview-surveys")).to_contain_text("Antworten: ")
    expect(page.locator("#overview-events")).to_contain_text("80 Jahre oder älter")
    expect(page.locator("#overview-ideas")).to_contain_text("1 Idee wurde zur Maßnahme.")
    assert_accessible(page)
    assert_no_sideways_scrolling(page)

    page.goto("/q/altstadt/")
    box = page.locator("#cockpit-participation")
    expect(box).to_contain_text("ist offen")
    expect(box.get_by_role("link", name="Übersicht Beteiligung")).to_be_visible()
    assert_accessible(page)
    assert_no_sideways_scrolling(page)
