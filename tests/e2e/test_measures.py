"""Measures in the browser: create one with a milestone, move it on the board with the keyboard
only, find it in the timeline; axe-core on the list, the board and the timeline."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from planning.measures.models import Measure, MeasureStatus, Milestone
from quartier.models import Quartier, User
from tests.evaluation.utils import pdf_text

from .support import CHROMIUM, MANAGER, NO_CHROMIUM, log_in
from .test_accessibility import assert_accessible, assert_no_sideways_scrolling, axe_page  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]


def test_create_a_measure_move_it_with_the_keyboard_and_see_it_in_the_timeline(page: Page, demo) -> None:
    today = timezone.localdate()
    log_in(page, MANAGER)
    page.goto("/q/altstadt/massnahmen/")
    page.get_by_role("link", name="Neue Maßnahme").click()
    page.get_by_label("Titel").fill("Bank am Brunnen")
    page.get_by_label("Bereich").select_option(label="Wohnen")
    page.get_by_label("Beginn", exact=True).fill(f"{today - datetime.timedelta(days=20):%Y-%m-%d}")
    page.get_by_label("Ende", exact=True).fill(f"{today + datetime.timedelta(days=100):%Y-%m-%d}")
    page.get_by_label("Geplantes Budget (€)").fill("1.250,50")
    page.get_by_role("button", name="Maßnahme anlegen").click()
    expect(page.get_by_role("heading", name="Bank am Brunnen", level=2)).to_be_visible()
    expect(page.get_by_text("0,00 € von 1.250,50 € geplant ausgegeben")).to_be_visible()

    page.get_by_text("Meilenstein hinzufügen", exact=True).first.click()
    page.locator("#id_new-title").fill("Standort abstimmen")
    page.get_by_label("Fällig am").fill(f"{today + datetime.timedelta(days=30):%Y-%m-%d}")
    page.get_by_role("button", name="Meilenstein hinzufügen").click()
    expect(page.get_by_text("0 von 1 Meilenstein")).to_be_visible()
    # Ticking the milestone goes through htmx and keeps the focus on the checkbox.
    page.get_by_label("Standort abstimmen").check()
    expect(page.get_by_text("1 von 1 Meilenstein")).to_be_visible()
    expect(page.get_by_label("Standort abstimmen")).to_be_focused()

    measure = Measure.objects.get(title="Bank am Brunnen")
    page.goto("/q/altstadt/massnahmen/board/")
    select = page.locator(f"#to-status-{measure.pk}")
    for _ in range(400):  # keyboard only: Tab until the card's status control has the focus
        page.keyboard.press("Tab")
        if select.evaluate("el => el === document.activeElement"):
            break
    expect(select).to_be_focused()
    page.keyboard.press("ArrowDown")  # "Verworfen (mit Begründung)"
    page.keyboard.press("ArrowUp")  # back to "In Umsetzung"
    expect(select).to_have_value(MeasureStatus.ACTIVE)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    column = page.locator("section", has=page.locator("#col-in_umsetzung"))
    expect(column.get_by_role("link", name="Bank am Brunnen")).to_be_focused()
    expect(page.locator("#board-status")).to_have_text("„Bank am Brunnen“ ist jetzt: in Umsetzung.")
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.ACTIVE

    # A move that needs a reason asks for it, still without the mouse.
    select = page.locator(f"#to-status-{measure.pk}")
    select.focus()
    page.keyboard.press("ArrowDown")  # pausiert (mit Begründung)
    expect(select).to_have_value(MeasureStatus.PAUSED)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    reason = page.locator(f"#reason-{measure.pk}")
    expect(reason).to_be_focused()
    page.keyboard.type("Lieferung verzögert sich")
    page.keyboard.press("Shift+Tab")  # back to the button before the reason field
    page.keyboard.press("Enter")
    column = page.locator("section", has=page.locator("#col-pausiert"))
    expect(column.get_by_role("link", name="Bank am Brunnen")).to_be_focused()

    page.goto("/q/altstadt/massnahmen/zeitplan/")
    expect(page.locator("svg.timeline")).to_contain_text("Bank am Brunnen · pausiert")
    table = page.get_by_role("table", name="Der Zeitplan als Tabelle")
    expect(table.get_by_role("row", name="Bank am Brunnen")).to_contain_text("Standort abstimmen")

    # The progress report, asked for on the cockpit, lists the measure with its status and progress.
    page.goto("/q/altstadt/")
    reports = page.get_by_role("region", name="Berichte")
    reports.get_by_role("button", name="Fortschrittsbericht erstellen (PDF)").click()
    expect(page.get_by_text("Der Bericht ist fertig.")).to_be_visible(timeout=60_000)
    download = page.get_by_role("link", name="PDF herunterladen")
    pdf = page.request.get(download.get_attribute("href"))
    assert pdf.ok
    text = pdf_text(pdf.body())
    assert "Bank am Brunnen Wohnen pausiert 1 von 1 Meilensteinen erledigt" in text


@pytest.fixture
def altstadt_measures(demo) -> None:
    """A few measures in every state, one overdue, so that the pages show what they can."""
    quartier = Quartier.objects.get(slug="altstadt")
    manager = User.objects.get(email=MANAGER)
    today = timezone.localdate()
    for n, status in enumerate(MeasureStatus.values):
        measure = Measure.objects.create(
            quartier=quartier,
            title=f"Maßnahme {n + 1}",
            domain=["wohnen", "soziales", "pflege"][n % 3],
            status=status,
            responsible=manager,
            start=today - datetime.timedelta(days=60 * (n + 1)),
            end=today + datetime.timedelta(days=30 * (n - 1)),
        )
        Milestone.objects.create(measure=measure, title="Erster Schritt", due_date=today - datetime.timedelta(days=3))
    Measure.objects.create(quartier=quartier, title="Ohne Termin", domain="soziales")


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize("view", ["", "board/", "zeitplan/"])
def test_measure_pages_are_accessible(axe_page, altstadt_measures, width, view) -> None:  # noqa: F811
    page = axe_page(width)
    log_in(page, MANAGER)
    page.goto(f"/q/altstadt/massnahmen/{view}")
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    assert_accessible(page)
    assert_no_sideways_scrolling(page)
