"""The catchment page and the analysis overview in the browser: map layers, the strengths and
weaknesses saved through htmx, an object linked as evidence; axe-core clean at desktop and phone width.

No tile server in tests (MAP_TILE_URL ""): the map draws the boundary and layers on a plain background.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from planning.catalogues import ensure_catalogues
from quartier.models import Quartier
from tests.planning.geo import X0, Y0, add_facility, square

from .support import AXE, CHROMIUM, MANAGER, NO_AXE, NO_CHROMIUM, log_in
from .test_accessibility import assert_accessible, assert_no_sideways_scrolling, open_all_details

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]


@pytest.fixture
def altstadt(demo, settings) -> Quartier:
    """Altstadt with a 1.2 km square boundary and facilities of three kinds; no map tiles."""
    settings.MAP_TILE_URL = ""
    ensure_catalogues()  # the live server's database is flushed after each test, catalogues included
    quartier = Quartier.objects.get(slug="altstadt")
    quartier.boundary = square(1200)
    quartier.save(update_fields=["boundary"])
    add_facility(quartier, "haltestelle", X0 + 600, Y0 + 600, name="Marktplatz")
    add_facility(quartier, "apotheke", X0 + 100, Y0 + 100, name="Löwen-Apotheke")
    for n, (x, y) in enumerate(((300, 300), (900, 300), (300, 900), (900, 900))):
        add_facility(quartier, "lebensmittel", X0 + x, Y0 + y, name=f"Laden {n}")
    return quartier


@pytest.fixture
def axe_page(page_for):
    if not AXE.exists():
        pytest.skip(NO_AXE)

    def make(width: int = 1280) -> Page:
        return page_for(width=width, bypass_csp=True)

    return make


@pytest.mark.parametrize("width", [1280, 360])
def test_catchment_page(axe_page, altstadt, width):
    page = axe_page(width)
    log_in(page, MANAGER)
    page.goto("/q/altstadt/analyse/erreichbarkeit/")

    expect(page.locator("#catchment-map")).to_have_attribute("data-ready", "1")
    expect(page.get_by_role("heading", name="Versorgungslücken")).to_be_visible()
    expect(page.locator(".gap-list")).to_contain_text("Apotheke")
    # The boundary and the first category's layer are drawn; another category is switched on.
    expect(page.locator(".leaflet-overlay-pane path")).to_have_count(2)
    page.get_by_label("Lebensmittelgeschäft").check()
    expect(page.locator(".leaflet-overlay-pane path")).to_have_count(3)
    assert page.locator(".leaflet-tile").count() == 0
    assert_accessible(page)
    assert_no_sideways_scrolling(page)


def test_catchment_page_without_a_boundary(axe_page, demo, settings):
    settings.MAP_TILE_URL = ""
    Quartier.objects.filter(slug="altstadt").update(boundary=None)  # the demo draws one
    page = axe_page(360)
    log_in(page, MANAGER)
    page.goto("/q/altstadt/analyse/erreichbarkeit/")

    expect(page.get_by_text("Die Grenze des Quartiers fehlt")).to_be_visible()
    expect(page.locator("#catchment-map")).to_have_count(0)
    assert_accessible(page)
    assert_no_sideways_scrolling(page)


@pytest.mark.parametrize("width", [1280, 360])
def test_strengths_and_weaknesses_are_saved_in_place(axe_page, altstadt, width):
    page = axe_page(width)
    log_in(page, MANAGER)
    page.goto("/q/altstadt/analyse/")
    card = page.locator("#domain-soziales")
    card.get_by_label("Stärken").fill("Aktive Kirchengemeinde, viele Vereine")
    card.get_by_role("button", name="Speichern").click()

    expect(page.locator("#domain-soziales")).to_contain_text("Gespeichert.")
    expect(page.locator("#domain-soziales").get_by_label("Stärken")).to_have_value(
        "Aktive Kirchengemeinde, viele Vereine"
    )
    assert_accessible(page)
    assert_no_sideways_scrolling(page)


def test_a_facility_is_linked_as_evidence_from_the_step_page(axe_page, altstadt):
    page = axe_page()
    log_in(page, MANAGER)
    page.goto("/q/altstadt/schritte/3/")
    open_all_details(page)
    assert_accessible(page)

    item = page.locator(".checklist-item", has_text="Angebote und Infrastruktur erfasst")
    item.get_by_label("Eintrag in der App").select_option(label="Löwen-Apotheke (Apotheke)")
    item.get_by_role("button", name="Aus der App verknüpfen").click()

    expect(page.get_by_text("Der Nachweis wurde hinzugefügt.")).to_be_visible()
    expect(page.locator(".checklist-item", has_text="Angebote und Infrastruktur erfasst")).to_contain_text(
        "Löwen-Apotheke (Apotheke) (verknüpft)"
    )
