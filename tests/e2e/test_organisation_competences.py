"""Competences in Chromium: a developer of Altstadt opens her profile from the team page, changes
two levels by keyboard only and sees them saved and the team's gap close; axe-core finds nothing
serious on the team page and the profile at desktop and phone width."""

from __future__ import annotations

import re

import pytest
from django.utils.translation import gettext as _
from playwright.sync_api import expect

from organisation.models import Competence, CompetenceAssessment, StaffMember

from .support import AXE, CHROMIUM, MANAGER, NO_AXE, NO_CHROMIUM, log_in
from .test_accessibility import assert_accessible, assert_no_sideways_scrolling

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]

DEVELOPER = "entwicklung-altstadt@demo.example"
TEAM = "/q/altstadt/personal/kompetenzen/"


def _radio(page, competence: Competence, level: int):
    return page.locator(f"#fs-{competence.pk} input[value='{level}']")


def test_a_developer_assesses_herself_by_keyboard_and_sees_her_levels(page_for, demo):
    moderation, resources = Competence.objects.get(key="moderation"), Competence.objects.get(key="ressourcen")
    erik = StaffMember.objects.get(user__email=DEVELOPER)
    page = page_for(width=1280)
    log_in(page, DEVELOPER)
    page.goto(TEAM)
    gaps = page.locator("section[aria-labelledby='h-gaps']")
    expect(gaps).to_contain_text(moderation.title)
    # Others' levels are not on her page: only the gaps and the way to her own profile.
    expect(page.locator(".competence-matrix")).to_have_count(0)
    page.get_by_role("link", name=_("My competence profile")).focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"{TEAM}{erik.pk}/$"))

    # „Moderation“ from 2 to 3: the group's checked button takes the focus; an arrow key moves on.
    _radio(page, moderation, 2).focus()
    expect(_radio(page, moderation, 2)).to_be_checked()
    page.keyboard.press("ArrowRight")
    expect(_radio(page, moderation, 3)).to_be_checked()
    # Tab leads from group to group: „Lokales Fachwissen erschließen“, then „Lokale Ressourcen aktivieren“.
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(_radio(page, resources, 1)).to_be_focused()
    page.keyboard.press("ArrowRight")
    expect(_radio(page, resources, 2)).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name=_("Save self-assessment"))).to_be_focused()
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text(_("The self-assessment has been saved."))
    expect(_radio(page, moderation, 3)).to_be_checked()
    expect(_radio(page, resources, 2)).to_be_checked()
    levels = dict(CompetenceAssessment.objects.filter(member=erik).values_list("competence__key", "level"))
    assert (levels["moderation"], levels["ressourcen"]) == (3, 2)

    # Erik is now sure of moderation: the team has one gap fewer.
    page.goto(TEAM)
    expect(gaps).not_to_contain_text(moderation.title)
    expect(gaps).to_contain_text(resources.title)


@pytest.mark.parametrize("width", [1280, 360])
def test_the_team_page_and_a_profile_pass_axe(page_for, demo, width):
    if not AXE.exists():
        pytest.skip(NO_AXE)
    sabine = StaffMember.objects.get(name="Sabine Sommer")
    page = page_for(width=width, bypass_csp=True)
    log_in(page, MANAGER)

    page.goto(TEAM)
    expect(page.get_by_role("heading", name=_("Competences of the team"))).to_be_visible()
    visible = page.locator(".competence-matrix" if width == 1280 else f"article:has(a[href$='/{sabine.pk}/'])")
    expect(visible.first).to_be_visible()
    expect(visible.first).to_contain_text("Sabine Sommer")
    assert_accessible(page)
    if width == 360:
        assert_no_sideways_scrolling(page)

    # Sabine has no login: her manager fills in the form (and sees its error state).
    page.goto(f"{TEAM}{sabine.pk}/")
    expect(page.locator(".assessment-form")).to_be_visible()
    assert_accessible(page)
    # A level the form does not offer, as a tampered request would send it.
    page.evaluate(
        "() => { const r = document.querySelector('.assessment-form input[type=radio]');"
        " r.value = '7'; r.checked = true; }"
    )
    page.get_by_role("button", name=_("Save self-assessment")).click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    if width == 360:
        assert_no_sideways_scrolling(page)

    page.goto(f"{TEAM}{sabine.pk}/fortbildungen/neu/")
    assert_accessible(page)
    if width == 360:
        assert_no_sideways_scrolling(page)
