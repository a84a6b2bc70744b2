"""The staff page in Chromium: a manager adds a post for a new person without login, is shown
a mistake with everything typed kept, and then sees the post and the hours; the staff page and
the post form pass axe-core at desktop and phone width."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from organisation.models import RoleProfile, Staffing

from .support import CHROMIUM, MANAGER, NO_CHROMIUM, log_in
from .test_accessibility import assert_accessible, assert_no_sideways_scrolling, open_all_details

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]

OVERVIEW = "/q/altstadt/personal/"
NEW_POST = "/q/altstadt/personal/stellen/neu/"


def test_a_manager_adds_a_post_for_a_new_person_and_sees_it_with_the_hours(page_for, demo):
    before = Staffing.objects.filter(quartier__slug="altstadt").count()
    page = page_for(width=1280)
    log_in(page, MANAGER)
    page.goto(OVERVIEW)
    expect(page.locator("#posts-running")).to_contain_text("Maria Altmann")
    expect(page.locator("#staff-figures")).to_contain_text("59,5")

    page.locator(f'a[href="{NEW_POST}"]').first.click()
    expect(page).to_have_url(f"{page.url.split('/q/')[0]}{NEW_POST}")
    page.locator("#id_new_name").fill("Nora Neu")
    manager_profile = RoleProfile.objects.get(key="manager")
    page.locator(f"input[name=role_profile][value='{manager_profile.pk}']").check()
    page.locator("#id_weekly_hours").fill("0")
    page.locator("#id_start").fill(timezone.localdate().isoformat())
    page.locator("form.staffing-form button[type=submit]").click()

    # Refused: the hours are too few; what was typed is still there.
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#id_new_name")).to_have_value("Nora Neu")
    expect(page.locator(f"input[name=role_profile][value='{manager_profile.pk}']")).to_be_checked()
    page.locator("#id_weekly_hours").fill("12,5")
    page.locator("form.staffing-form button[type=submit]").click()

    expect(page.locator("#posts-running")).to_contain_text("Nora Neu")
    expect(page.locator("#staff-figures")).to_contain_text("72")
    post = Staffing.objects.get(quartier__slug="altstadt", member__name="Nora Neu")
    expect(page.locator(f"#post-{post.pk}")).to_contain_text("12,5")
    assert Staffing.objects.filter(quartier__slug="altstadt").count() == before + 1
    assert post.member.user is None and post.role_profile == manager_profile


@pytest.mark.parametrize("width", [360, 1280])
def test_the_staff_page_and_the_post_form_pass_axe(page_for, demo, width):
    page = page_for(width=width, bypass_csp=True)
    log_in(page, MANAGER)
    for url in (OVERVIEW, NEW_POST):
        page.goto(url)
        open_all_details(page)
        assert_accessible(page)
        if width == 360:
            assert_no_sideways_scrolling(page)
    # The form's error state.
    page.locator("form.staffing-form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    if width == 360:
        assert_no_sideways_scrolling(page)


@pytest.mark.parametrize("width", [360, 1280])
def test_the_staffing_warnings_pass_axe_on_the_staff_page_the_cockpit_and_step_10(page_for, demo, width):
    """Nordviertel's manager post ends within six months with nothing to follow it."""
    page = page_for(width=width, bypass_csp=True)
    log_in(page, "manager-nord@demo.example")
    for url, box in (
        ("/q/nordviertel/personal/", "#staff-warnings"),
        ("/q/nordviertel/", "#cockpit-staffing"),
        ("/q/nordviertel/schritte/10/", "#step-staffing"),
    ):
        page.goto(url)
        expect(page.locator(box)).to_contain_text("Nils Nordmann")
        assert_accessible(page)
        if width == 360:
            assert_no_sideways_scrolling(page)
