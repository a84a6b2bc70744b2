"""Time by task field in Chromium: a manager records a month's hours and sees its total appear in
the chart and the table; axe-core finds nothing serious on the overview and the form (with and
without errors) at desktop and phone width, and the pages fit a phone."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from planning.measures.timeline import add_months

from .support import AXE, CHROMIUM, COORDINATOR, MANAGER, NO_AXE, NO_CHROMIUM, log_in
from .test_accessibility import assert_accessible, assert_no_sideways_scrolling

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]

OVERVIEW = "/q/altstadt/personal/zeiten/"
RECORD = "/q/altstadt/personal/zeiten/erfassen/"
DEVELOPER = "entwicklung-altstadt@demo.example"


def _bar_total(page: Page, month) -> object:
    return page.locator(f"svg .bar-total[data-month='{month:%Y-%m}']")


def test_a_manager_records_a_month_and_sees_the_chart_change(page_for, demo):
    # Fourteen months ago: within Maria Altmann's post, before the demo's twelve months of hours.
    month = add_months(timezone.localdate().replace(day=1), -14)
    page = page_for(width=1280, height=900)
    log_in(page, MANAGER)
    page.goto(f"{OVERVIEW}?jahr={month.year}")
    expect(_bar_total(page, month)).to_have_count(0)

    page.locator(f"a[href='{RECORD}']").first.click()
    page.locator("#id_person").select_option(label="Maria Altmann")
    page.locator("#id_monat").fill(f"{month:%Y-%m}")
    page.locator("#id_hours_vernetzung").fill("20,5")
    page.locator("#id_hours_steuerung").fill("13")
    page.locator("#time-form button[type=submit]").click()

    expect(page).to_have_url(f"{OVERVIEW}?jahr={month.year}#month-{month:%Y-%m}")
    expect(page.locator(".messages .alert-success")).to_contain_text("33,5")
    expect(_bar_total(page, month)).to_have_text("33,5")
    expect(page.locator(f"#month-{month:%Y-%m}")).to_contain_text("33,5")

    # Correcting the month: its hours are filled in, and a changed value changes the bar.
    page.goto(RECORD)
    page.locator("#time-load summary").click()
    page.locator("#load-person").select_option(label="Maria Altmann")
    page.locator("#load-month").fill(f"{month:%Y-%m}")
    page.locator("#time-load button[type=submit]").click()
    expect(page.locator("#id_hours_vernetzung")).to_have_value("20,5")
    page.locator("#id_hours_vernetzung").fill("")
    page.locator("#time-form button[type=submit]").click()
    expect(_bar_total(page, month)).to_have_text("13,0")


def test_a_refused_month_keeps_what_was_typed(page_for, demo):
    page = page_for(width=360, height=740)
    log_in(page, MANAGER)
    page.goto(RECORD)
    page.locator("#id_person").select_option(label="Erik Entwickler")
    page.locator("#id_hours_beteiligung").fill("250")
    page.locator("#id_hours_transparenz").fill("-5")
    page.locator("#time-form button[type=submit]").click()

    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#id_hours_beteiligung")).to_have_value("250")
    expect(page.locator("#id_hours_transparenz")).to_have_value("-5")
    assert_no_sideways_scrolling(page)


@pytest.fixture
def axe_page(page_for):
    if not AXE.exists():
        pytest.skip(NO_AXE)

    def make(width: int) -> Page:
        return page_for(width=width, bypass_csp=True)

    return make


@pytest.mark.parametrize("width", [1280, 360])
def test_the_overview_and_the_form_pass_axe(axe_page, demo, width):
    page = axe_page(width)
    log_in(page, MANAGER)
    page.goto(OVERVIEW)
    expect(page.locator("svg.time-chart")).to_be_visible()
    assert_accessible(page)
    assert_no_sideways_scrolling(page)

    page.goto(RECORD)
    assert_accessible(page)
    assert_no_sideways_scrolling(page)
    # The error state: more than a month can hold.
    page.locator("#id_person").select_option(label="Erik Entwickler")
    page.locator("#id_hours_beteiligung").fill("301")
    page.locator("#time-form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    assert_no_sideways_scrolling(page)


@pytest.mark.parametrize("email", [COORDINATOR, DEVELOPER])
def test_the_overview_of_a_coordinator_and_a_developer_passes_axe(axe_page, demo, email):
    page = axe_page(360)
    log_in(page, email)
    page.goto(OVERVIEW)
    expect(page.locator("svg.time-chart")).to_be_visible()
    assert_accessible(page)
    assert_no_sideways_scrolling(page)
