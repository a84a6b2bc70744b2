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


def test_a_click_on_the_map_sets_the_place_and_the_idea_carries_it(page_for, demo):
    page = page_for(width=1280, height=900)
    page.goto(URL)
    block = page.locator("#ort")
    expect(block).to_be_visible()
    expect(page.get_by_role("region", name="Karte zum Markieren des Ortes Ihrer Idee")).to_be_visible()
    expect(page.locator("#idea-map-status")).to_have_text("Kein Ort markiert.")
    remove = page.get_by_role("button", name="Ort wieder entfernen")
    expect(remove).to_be_hidden()
    # The map takes no focus of its own: keyboard users Tab past it.
    assert page.locator("#idea-map").get_attribute("tabindex") is None
    page.locator("#idea-map").click()
    expect(page.locator("#idea-map-status")).to_have_text("Ort auf der Karte markiert.")
    assert page.locator("#id_lat").input_value() and page.locator("#id_lon").input_value()
    # Remove it and set it again.
    remove.click()
    assert page.locator("#id_lat").input_value() == ""
    expect(remove).to_be_hidden()
    page.locator("#idea-map").click(position={"x": 300, "y": 150})
    expect(remove).to_be_visible()
    lat, lon = float(page.locator("#id_lat").input_value()), float(page.locator("#id_lon").input_value())
    page.get_by_label("Ihre Idee", exact=True).fill("Ein Trinkbrunnen genau hier")
    page.locator("#id_domain_0").check()
    page.get_by_role("button", name="Idee abschicken").click()
    expect(page.locator("#danke")).to_contain_text("Vielen Dank für Ihre Idee!")
    idea = Idea.objects.latest("pk")
    assert idea.text == "Ein Trinkbrunnen genau hier"
    assert idea.lat is not None and abs(float(idea.lat) - lat) < 1e-5 and abs(float(idea.lon) - lon) < 1e-5
    assert not idea.history.exists()


@pytest.mark.parametrize("width", [360, 1280])
def test_the_idea_form_with_a_place_on_the_map_passes_axe(page_for, demo, width):
    page = page_for(width=width, bypass_csp=True)
    page.goto(URL)
    expect(page.locator("#idea-map")).to_be_visible()
    page.locator("#idea-map").click()
    expect(page.get_by_role("button", name="Ort wieder entfernen")).to_be_visible()
    assert_accessible(page)
    if width == 360:
        assert_no_sideways_scrolling(page)
