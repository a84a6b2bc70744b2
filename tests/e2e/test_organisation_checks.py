"""The organisation check in Chromium: the coordinator rates a change dimension, adds a next
action and finds it on the check page and on her start page; axe-core finds nothing serious on
the check page, a round and the rating form, on a laptop and on a phone."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import formats, timezone
from django.utils.translation import gettext
from playwright.sync_api import expect

from organisation.checks.compare import Change
from organisation.models import CheckAction, CheckRating, CheckRound, Maturity

from .support import CHROMIUM, COORDINATOR, NO_CHROMIUM, log_in
from .test_accessibility import assert_accessible, assert_no_sideways_scrolling

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]

CHECK = "/o/stadt-musterstadt/organisationscheck/"


def test_a_coordinator_rates_a_dimension_and_adds_an_action(page, demo):
    log_in(page, COORDINATOR)
    # She lands on the portfolio: the open actions of the check are at the top, the overdue one says so.
    box = page.locator("#check-actions")
    expect(box).to_contain_text(gettext("Next steps from the organisation check"))
    expect(box).to_contain_text("Stelle Öffentlichkeitsarbeit nachbesetzen")
    expect(box).to_contain_text(gettext("overdue since %(day)s").split("%")[0].strip())

    page.get_by_role("navigation", name=gettext("Main navigation")).get_by_role(
        "link", name=gettext("Organisation check")
    ).click()
    expect(page).to_have_url(re.compile(re.escape(CHECK) + "$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Stadt Musterstadt")
    leistung = page.locator("#h-dimension").locator("xpath=..")
    expect(leistung).to_contain_text(str(Change.SAME.label))

    page.get_by_role("link", name="Leistungsangebot", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leistungsangebot")
    page.get_by_label(f"3 – {Maturity.LARGELY.label}").check()
    page.get_by_label(gettext("Evidence")).fill("Mittagstisch in allen drei Quartieren; Angebote nach Befragung.")
    page.get_by_role("button", name=gettext("Save rating")).click()
    expect(page.locator(".alert-success")).to_contain_text("Leistungsangebot")

    due = timezone.localdate() + timedelta(days=21)
    form = page.locator("form", has=page.get_by_role("button", name=gettext("Add next action")))
    form.get_by_label(gettext("What")).fill("Besuchsdienst im Nordviertel ausbauen")
    form.get_by_label(gettext("Who")).fill("Amt für Soziales")
    form.get_by_label(gettext("By when")).fill(due.isoformat())
    form.get_by_role("button", name=gettext("Add next action")).click()
    actions = page.locator("#massnahmen")
    expect(actions).to_contain_text("Besuchsdienst im Nordviertel ausbauen")
    expect(actions).to_contain_text(formats.date_format(due, "SHORT_DATE_FORMAT"))

    latest = CheckRound.objects.filter(organisation__slug="stadt-musterstadt").order_by("-held_on").first()
    saved = CheckRating.objects.get(round=latest, topic__key="leistungsangebot")
    assert saved.level == 3 and saved.evidence.startswith("Mittagstisch")
    assert CheckAction.objects.filter(what="Besuchsdienst im Nordviertel ausbauen", due=due).exists()

    # The check page: the level moved up, the action is among the open ones.
    page.goto(CHECK)
    row = page.locator(f"#thema-{saved.topic_id}")
    expect(row).to_contain_text(f"3 – {Maturity.LARGELY.label}")
    expect(row).to_contain_text(str(Change.UP.label))
    expect(page.locator("#massnahmen")).to_contain_text("Besuchsdienst im Nordviertel ausbauen")

    # And on the start page.
    page.goto("/portfolio/")
    expect(page.locator("#check-actions")).to_contain_text("Besuchsdienst im Nordviertel ausbauen")


@pytest.mark.parametrize("width", [1280, 360])
def test_the_check_pages_pass_axe(page_for, demo, width):
    from .support import AXE, NO_AXE

    if not AXE.exists():
        pytest.skip(NO_AXE)
    page = page_for(width=width, bypass_csp=True)
    log_in(page, COORDINATOR)
    latest = CheckRound.objects.filter(organisation__slug="stadt-musterstadt").order_by("-held_on").first()
    topic_id = CheckRating.objects.get(round=latest, topic__key="haltung").topic_id
    for path in (CHECK, f"{CHECK}runden/{latest.pk}/", f"{CHECK}runden/{latest.pk}/themen/{topic_id}/"):
        page.goto(path)
        page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
        assert_accessible(page)
        assert_no_sideways_scrolling(page)
    # The rating form with its errors.
    page.get_by_label(gettext("Evidence")).fill("x")
    page.evaluate("() => document.querySelectorAll('input[name=level]').forEach(i => { i.checked = false; })")
    page.get_by_role("button", name=gettext("Save rating")).click()
    expect(page.locator(".error-summary").first).to_be_visible()
    assert_accessible(page)
    assert_no_sideways_scrolling(page)
