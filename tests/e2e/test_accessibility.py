"""axe-core on the pages people use most: no serious or critical WCAG problems.

The pages send a strict Content-Security-Policy, so axe is injected into a browser
context that bypasses it; the pages themselves are unchanged.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .support import AXE, CHROMIUM, COORDINATOR, MANAGER, NO_AXE, NO_CHROMIUM, log_in

PARTNER = "partner@demo.example"


OTHER_MANAGER = "manager-nord@demo.example"

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]

BLOCKING_IMPACTS = {"serious", "critical"}


def axe_violations(page: Page) -> list[dict]:
    """Run axe on the page as it is now (open <details> first to check what they hide)."""
    page.add_script_tag(path=AXE)
    return page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']} – {v['helpUrl']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}  {node['html'][:120]}")
            lines.append(f"      {node['failureSummary'].splitlines()[-1].strip()}")
        if len(v["nodes"]) > 5:
            lines.append(f"    … and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    violations = [v for v in axe_violations(page) if v["impact"] in BLOCKING_IMPACTS]
    assert not violations, f"{page.url}\n{describe(violations)}"


def assert_no_sideways_scrolling(page: Page) -> None:
    """At phone width the page must fit; wide tables scroll inside their own box."""
    scroll_width, client_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll_width <= client_width, f"{page.url} is {scroll_width} px wide in a {client_width} px window"


def assert_tabs_on_one_row(page: Page) -> None:
    """The quartier's tabs stay on one row; on a phone they scroll sideways with the current one in view."""
    tabs = page.get_by_role("navigation", name="Quartier")
    links = tabs.get_by_role("link").all()
    tops = {round(link.bounding_box()["y"]) for link in links}
    assert len(tops) == 1, f"the quartier tabs wrap onto {len(tops)} rows"
    current = tabs.locator("[aria-current='page']")
    if current.count():
        expect(current).to_be_in_viewport(ratio=0.9)


def open_all_details(page: Page) -> None:
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")


@pytest.fixture
def axe_page(page_for):
    """`axe_page(width=…)` → a tab in which axe may be injected despite the CSP."""
    if not AXE.exists():
        pytest.skip(NO_AXE)

    def make(width: int = 1280) -> Page:
        return page_for(width=width, bypass_csp=True)

    return make


@pytest.mark.parametrize("width", [1280, 360])
def test_login_page(axe_page, demo, width):
    page = axe_page(width)
    page.goto("/konto/login/")
    assert_accessible(page)
    # The same with the error summary of a failed login.
    page.get_by_label("E-Mail-Adresse").fill(MANAGER)
    page.get_by_label("Passwort").fill("falsch")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("alert")).to_be_focused()
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 360])
def test_cockpit(axe_page, demo, width):
    page = axe_page(width)
    log_in(page, MANAGER)
    expect(page.get_by_role("heading", name="Altstadt", level=1)).to_be_visible()
    assert_accessible(page)
    assert_no_sideways_scrolling(page)


@pytest.mark.parametrize("width", [1280, 360])
def test_step_page(axe_page, demo, width):
    page = axe_page(width)
    log_in(page, MANAGER)
    page.goto("/q/altstadt/schritte/3/")
    open_all_details(page)
    assert_accessible(page)
    assert_no_sideways_scrolling(page)
    assert_tabs_on_one_row(page)
    jump = page.get_by_role("link", name="Zum Status: Schritt abschließen")
    if width == 360:
        # The status card comes after the whole checklist on a phone: a link near the top leads there.
        checklist = page.get_by_role("heading", name="Checkliste").bounding_box()
        assert jump.bounding_box()["y"] < checklist["y"]
        jump.click()
        expect(page.get_by_role("button", name="Schritt abschließen")).to_be_in_viewport()
    else:
        expect(jump).to_be_hidden()


def test_step_page_after_a_blocked_completion(axe_page, demo):
    page = axe_page()
    log_in(page, MANAGER)
    # Step 4 has a required item done without its evidence: completing it is refused.
    page.goto("/q/altstadt/schritte/4/")
    page.get_by_role("button", name="Schritt abschließen").click()
    expect(page.get_by_role("alert")).to_contain_text("Der Schritt kann noch nicht abgeschlossen werden")
    assert_accessible(page)


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("email", [COORDINATOR])  # partners have their portal (test_contributions.py)
def test_read_only_cockpit_and_step_page(axe_page, demo, width, email):
    page = axe_page(width)
    log_in(page, email)
    page.goto("/q/altstadt/")
    expect(page.get_by_role("note").filter(has_text="nur lesen")).to_be_visible()
    assert_accessible(page)
    assert_no_sideways_scrolling(page)
    page.goto("/q/altstadt/schritte/3/")
    expect(page.get_by_role("note").filter(has_text="nur lesen")).to_be_visible()
    assert_accessible(page)
    assert_no_sideways_scrolling(page)


@pytest.mark.parametrize("width", [1280, 360])
def test_completed_step_with_the_way_on(axe_page, demo, width):
    """Step 1 of Altstadt is completed in the demo: the page offers step 2 and reopening."""
    page = axe_page(width)
    log_in(page, MANAGER)
    page.goto("/q/altstadt/schritte/1/")
    expect(page.get_by_role("link", name="Weiter zu Schritt 2")).to_be_visible()
    open_all_details(page)
    assert_accessible(page)
    assert_no_sideways_scrolling(page)


def test_on_a_phone_the_cockpit_puts_the_report_before_the_activity_and_the_pager_on_one_line(axe_page, demo):
    page = axe_page(360)
    log_in(page, MANAGER)
    page.goto("/q/altstadt/")
    report = page.get_by_role("button", name="Fortschrittsbericht erstellen (PDF)").bounding_box()
    activity = page.get_by_role("heading", name="Letzte Aktivitäten").bounding_box()
    assert report["y"] < activity["y"]

    page.goto("/q/altstadt/schritte/3/")
    pager = page.get_by_role("navigation", name="Schritte")
    tops = {round(box["y"]) for box in (link.bounding_box() for link in pager.get_by_role("link").all())}
    assert len(tops) == 1, f"the step pager wraps onto {len(tops)} lines"
    assert_no_sideways_scrolling(page)


@pytest.mark.parametrize("width", [1280, 360])
def test_portfolio(axe_page, demo, width):
    page = axe_page(width)
    log_in(page, COORDINATOR)
    expect(page.get_by_role("row").filter(has_text="Altstadt")).to_be_visible()
    open_all_details(page)
    assert_accessible(page)
    assert_no_sideways_scrolling(page)
    hint = page.get_by_text("Tabelle seitlich verschieben →")
    if width == 360:
        expect(hint).to_be_visible()
        # The quartier column stays in view while the matrix scrolls sideways.
        region = page.get_by_role("region", name="Portfolio")
        cell = page.get_by_role("rowheader").filter(has_text="Altstadt")
        left = cell.bounding_box()["x"]
        region.evaluate("el => el.scrollBy(400, 0)")
        page.wait_for_timeout(100)
        assert region.evaluate("el => el.scrollLeft") > 0
        assert abs(cell.bounding_box()["x"] - left) < 1
        # „Aktueller Schritt“ breaks before „seit“ and leaves room for the steps.
        column = page.locator("td.current-step").first.bounding_box()["width"]
        assert column < 0.4 * width, f"the current-step column is {column} px wide"
    else:
        # The whole matrix fits a laptop's screen, up to the last column.
        region = page.get_by_role("region", name="Portfolio")
        assert region.evaluate("el => el.scrollWidth <= el.clientWidth"), region.evaluate(
            "el => [el.scrollWidth, el.clientWidth]"
        )
        last = page.get_by_role("columnheader", name="Letzte Aktivität").bounding_box()
        box = region.bounding_box()
        assert last["x"] + last["width"] <= box["x"] + box["width"] + 1
        expect(hint).to_be_hidden()
        # Wherever the table does not fit its box, the hint says so.
        page.evaluate("() => { document.querySelector('table.matrix').style.minWidth = '2000px'; }")
        page.evaluate("() => window.dispatchEvent(new Event('resize'))")
        expect(hint).to_be_visible()


@pytest.mark.parametrize("width", [1280, 360])
def test_start_page_with_progress(axe_page, demo, width):
    page = axe_page(width)
    log_in(page, COORDINATOR)
    page.goto("/quartiere/")
    expect(page.get_by_role("heading", name="Altstadt", level=2)).to_be_visible()
    assert_accessible(page)
    assert_no_sideways_scrolling(page)
    strip = page.get_by_role("list", name="Die zehn Schritte").first
    tops = {round(item.bounding_box()["y"]) for item in strip.get_by_role("listitem").all()}
    assert len(tops) == 1, f"the ten-step strip wraps onto {len(tops)} rows"


@pytest.mark.parametrize(
    "path",
    ["/q/altstadt/profil/", "/q/altstadt/profil/bearbeiten/", "/q/altstadt/mitglieder/", "/q/altstadt/dokumente/"],
)
def test_the_quartier_pages_on_a_phone(axe_page, demo, path):
    page = axe_page(360)
    log_in(page, MANAGER)
    page.goto(path)
    expect(page.get_by_role("heading", name="Altstadt", level=1)).to_be_visible()
    assert_accessible(page)
    assert_no_sideways_scrolling(page)
    assert_tabs_on_one_row(page)


def test_keyboard_focus_is_clearly_visible(page: Page):
    """Every stop on the login form shows the app's 3 px ring, not Bootstrap's pale glow."""
    page.goto("/konto/login/")
    for _stop in range(5):
        page.keyboard.press("Tab")
        name, outline = page.evaluate(
            """() => { const el = document.activeElement, s = getComputedStyle(el);
                       return [el.outerHTML.slice(0, 80), [s.outlineStyle, s.outlineWidth]]; }"""
        )
        assert outline == ["solid", "3px"], f"weak focus indicator on {name}: {outline}"


def _invite_the_nordviertel_manager() -> str:
    """An open invitation for an existing account; returns the link from the mail."""
    from django.core import mail

    from quartier import services
    from quartier.models import Quartier, User

    sent = len(mail.outbox)
    services.invitation_create(
        quartier=Quartier.objects.get(slug="altstadt"),
        user=User.objects.get(email=MANAGER),
        email=OTHER_MANAGER,
        role="developer",
        accept_url="http://testserver/einladung/{token}/",
    )
    return re.search(r"/einladung/[\w-]+/", mail.outbox[sent].body).group(0)


@pytest.mark.parametrize("width", [1280, 360])
def test_team_page_with_its_controls_and_history(axe_page, demo, width):
    _invite_the_nordviertel_manager()
    page = axe_page(width)
    log_in(page, MANAGER)
    page.goto("/q/altstadt/mitglieder/")
    expect(page.get_by_role("heading", name="Offene Einladungen")).to_be_visible()
    expect(page.get_by_role("heading", name="Verlauf")).to_be_visible()
    assert_accessible(page)
    assert_no_sideways_scrolling(page)


@pytest.mark.parametrize("width", [1280, 360])
def test_start_page_with_pending_invitations(axe_page, demo, width):
    _invite_the_nordviertel_manager()
    page = axe_page(width)
    log_in(page, OTHER_MANAGER)
    expect(page.get_by_role("heading", name="Einladungen für Sie")).to_be_visible()
    assert_accessible(page)
    assert_no_sideways_scrolling(page)


@pytest.mark.parametrize("width", [1280, 360])
def test_invitation_pages(axe_page, demo, width):
    link = _invite_the_nordviertel_manager()
    page = axe_page(width)
    page.goto(link)  # not logged in: asked to log in
    expect(page.get_by_role("heading", name="Einladung nach Altstadt")).to_be_visible()
    assert_accessible(page)
    log_in(page, OTHER_MANAGER)
    page.goto(link)
    expect(page.get_by_role("button", name="Einladung annehmen")).to_be_visible()
    assert_accessible(page)
    assert_no_sideways_scrolling(page)
    page.get_by_role("button", name="Einladung ablehnen").click()
    page.goto(link)  # declined: the link says so and whom to ask
    expect(page.get_by_text("wurde abgelehnt")).to_be_visible()
    assert_accessible(page)
    assert_no_sideways_scrolling(page)


@pytest.mark.parametrize("width", [1280, 360])
def test_the_403_and_405_pages(axe_page, demo, width):
    page = axe_page(width)
    log_in(page, PARTNER)
    page.goto("/portfolio/")  # a partner is no coordinator
    expect(page.get_by_text("Das dürfen Sie mit Ihrer Rolle nicht.")).to_be_visible()
    assert_accessible(page)
    assert_no_sideways_scrolling(page)
    page.goto("/q/altstadt/schritte/1/abschliessen/")  # takes only the form's POST
    expect(page.get_by_role("heading", name="Diese Seite lässt sich so nicht verwenden")).to_be_visible()
    assert_accessible(page)
    assert_no_sideways_scrolling(page)
    # A form sent without its security cookie (e.g. cookies cleared meanwhile) gets our CSRF page.
    page.context.clear_cookies()
    page.goto("/konto/login/")
    page.context.clear_cookies()
    page.get_by_label("E-Mail-Adresse").fill(PARTNER)
    page.get_by_label("Passwort").fill("demo-passwort")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", name="Das Formular konnte nicht gesendet werden")).to_be_visible()
    assert_accessible(page)
    assert_no_sideways_scrolling(page)
