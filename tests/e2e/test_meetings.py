"""The manager's way through a meeting in the browser: plan it, add a task, turn the task into a
measure, subscribe in the calendar – every page axe-clean and fitting a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from .support import AXE, CHROMIUM, MANAGER, NO_AXE, NO_CHROMIUM, log_in
from .test_accessibility import assert_accessible, assert_no_sideways_scrolling

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]


@pytest.fixture
def axe_page(page_for):
    if not AXE.exists():
        pytest.skip(NO_AXE)
    return lambda width=1280: page_for(width=width, bypass_csp=True)


def check(page) -> None:
    assert_accessible(page)
    assert_no_sideways_scrolling(page)


@pytest.mark.parametrize("width", [1280, 360])
def test_plan_a_meeting_add_a_task_make_it_a_measure_and_subscribe(axe_page, demo, width):
    page = axe_page(width)
    log_in(page, MANAGER)
    page.goto("/q/altstadt/treffen/")
    check(page)

    page.get_by_role("link", name="Neues Treffen").first.click()
    check(page)
    page.get_by_label("Titel").fill("Netzwerktreffen Dezember")
    page.get_by_label("Datum").fill("2026-12-10")
    page.get_by_label("Beginn").fill("18:30")
    page.get_by_label("Ort").fill("Bürgerhaus")
    page.get_by_role("button", name="Treffen speichern").click()
    expect(page.get_by_role("heading", name="Netzwerktreffen Dezember", level=2)).to_be_visible()
    expect(page.locator("#meeting-facts")).to_contain_text("10.12.2026, 18:30 Uhr")
    check(page)

    page.get_by_role("link", name="Aufgabe hinzufügen").click()
    check(page)
    page.get_by_label("Aufgabe").fill("Nachbarschaftscafé vorbereiten")
    page.get_by_label("Fällig am").fill("2027-01-31")
    page.get_by_role("button", name="Aufgabe hinzufügen").click()
    expect(page.locator("#aufgaben")).to_contain_text("Nachbarschaftscafé vorbereiten")
    check(page)

    page.get_by_role("link", name=re.compile("Maßnahme daraus machen")).click()
    check(page)
    page.get_by_role("button", name="Maßnahme anlegen").click()
    expect(page.get_by_role("heading", name="Nachbarschaftscafé vorbereiten", level=2)).to_be_visible()

    page.goto("/q/altstadt/kalender/")
    check(page)
    page.get_by_role("button", name="Link erstellen").click()
    link = page.get_by_label("Abo-Link (kopieren Sie ihn in Ihre Kalender-App)")
    expect(link).to_have_value(re.compile(r"^http://.+/kalender/[\w-]+\.ics$"))
    expect(page.get_by_role("button", name="Link kopieren")).to_be_visible()
    check(page)
