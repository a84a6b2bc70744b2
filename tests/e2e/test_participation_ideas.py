"""The public idea page in Chromium: a citizen on a phone sends an idea by keyboard only, with one
error and its correction; axe-core finds nothing serious on the form and its error state."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from participation.models import Idea

from .support import CHROMIUM, NO_CHROMIUM
from .test_accessibility import assert_accessible, assert_no_sideways_scrolling

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]

URL = "/mitmachen/altstadt/ideen/"


def test_a_citizen_on_a_phone_sends_an_idea_by_keyboard_with_one_correction(page_for, demo):
    before = Idea.objects.count()
    page = page_for(width=360, height=740)
    page.goto(URL)
    assert_no_sideways_scrolling(page)
    # Skip link, text size switch, then the text field: reach it by Tab only.
    field = page.get_by_label("Ihre Idee", exact=True)
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "id_text":
            break
    expect(field).to_be_focused()
    page.keyboard.type("Eine Bank an der Bushaltestelle Marktstraße")
    # Send without choosing what it is about: Tab to the button and press Enter.
    page.locator("button[type=submit]", has_text="Idee abschicken").focus()
    page.keyboard.press("Enter")
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Bitte wählen Sie, worum es bei Ihrer Idee geht")
    expect(field).to_have_value("Eine Bank an der Bushaltestelle Marktstraße")
    assert_no_sideways_scrolling(page)
    # The summary's link leads to the first choice; Space picks it.
    summary.get_by_role("link").first.focus()
    page.keyboard.press("Enter")
    page.locator("#id_domain_0").focus()
    page.keyboard.press("Space")
    expect(page.locator("#id_domain_0")).to_be_checked()
    page.locator("button[type=submit]", has_text="Idee abschicken").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#danke")).to_contain_text("Vielen Dank für Ihre Idee!")
    assert Idea.objects.count() == before + 1
    assert Idea.objects.latest("pk").domain == "wohnen"


@pytest.mark.parametrize("width", [360, 1280])
def test_the_idea_form_and_its_error_state_pass_axe(page_for, demo, width):
    page = page_for(width=width, bypass_csp=True)
    page.goto(URL)
    assert_accessible(page)
    page.get_by_role("button", name="Idee abschicken").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page)
    if width == 360:
        assert_no_sideways_scrolling(page)
