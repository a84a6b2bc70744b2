"""The map in Chromium: a boundary drawn with leaflet-draw is stored; the map page passes axe-core.

The tests run without map tiles (MAP_TILE_URL = ""): the boundary and the markers stand on
the plain background, as they would when the tile server cannot be reached.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from planning.catalogues import ensure_catalogues
from planning.models import Facility, FacilityCategory
from quartier.models import Quartier

from .support import CHROMIUM, MANAGER, NO_CHROMIUM, log_in
from .test_accessibility import assert_accessible, assert_no_sideways_scrolling

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]


def map_box(page: Page, selector: str) -> dict:
    box = page.locator(selector).bounding_box()
    assert box, selector
    return box


def test_the_manager_draws_the_boundary_and_sets_the_centre(page, demo):
    Quartier.objects.filter(slug="altstadt").update(boundary=None, centre_lat=None, centre_lon=None)
    log_in(page, MANAGER)
    page.goto("/q/altstadt/karte/grenze/bearbeiten/")
    expect(page.locator("#boundary-map.leaflet-container")).to_be_visible()

    page.locator(".leaflet-draw-draw-polygon").click()
    box = map_box(page, "#boundary-map")
    x0, y0 = box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.3
    corners = [(x0, y0), (x0 + 200, y0), (x0 + 200, y0 + 150), (x0, y0 + 150)]
    corner_markers = page.locator(".leaflet-marker-icon.leaflet-editing-icon")
    for number, (x, y) in enumerate(corners, start=1):
        page.mouse.click(x, y)
        expect(corner_markers).to_have_count(number)
        # leaflet-draw reads two quick clicks as one double click; a person pauses between corners.
        page.wait_for_timeout(300)
    # Close the shape on its first corner.
    corner_markers.first.click()
    expect(page.locator("#boundary-state")).to_have_text("Eine Grenze ist erfasst.")
    # A click elsewhere sets the centre.
    page.wait_for_timeout(300)
    page.mouse.click(x0 + 100, y0 + 75)
    expect(page.get_by_label("Breitengrad des Mittelpunkts")).not_to_have_value("")
    page.get_by_role("button", name="Speichern").click()

    expect(page.get_by_text("Grenze und Mittelpunkt wurden gespeichert.")).to_be_visible()
    saved = Quartier.objects.get(slug="altstadt")
    assert saved.boundary["type"] == "Polygon"
    ring = saved.boundary["coordinates"][0]
    assert len(ring) == 5 and ring[0] == ring[-1]
    assert saved.centre_lat is not None and saved.centre_lon is not None
    # The centre lies inside the drawn square.
    lons, lats = [p[0] for p in ring], [p[1] for p in ring]
    assert min(lats) < float(saved.centre_lat) < max(lats) and min(lons) < float(saved.centre_lon) < max(lons)
    # The map page shows the stored boundary.
    expect(page.locator("#quartier-map path.leaflet-interactive, #quartier-map svg path").first).to_be_attached()


def facilities_in_altstadt() -> None:
    ensure_catalogues()  # the live server's flush emptied the catalogue tables
    quartier = Quartier.objects.get(slug="altstadt")
    quartier.facilities.all().delete()  # the demo's own: the test counts exactly these four
    Quartier.objects.filter(pk=quartier.pk).update(
        boundary={
            "type": "Polygon",
            "coordinates": [[[9.17, 48.77], [9.19, 48.77], [9.19, 48.785], [9.17, 48.785], [9.17, 48.77]]],
        }
    )
    for n, key in enumerate(["apotheke", "treffpunkt", "haltestelle", "gruenflaeche"]):
        category = FacilityCategory.objects.get(key=key)
        Facility.objects.get_or_create(
            quartier=quartier,
            name=f"{category.title} {n}",
            defaults={
                "category": category,
                "domain": category.domain,
                "lat": Decimal("48.775") + Decimal(n) / 500,
                "lon": Decimal("9.175") + Decimal(n) / 500,
                "barrier_free": n % 2 == 0,
            },
        )


@pytest.mark.parametrize("width", [1280, 360])
def test_the_map_page_is_accessible(page_for, demo, width):
    from .test_accessibility import AXE, NO_AXE

    if not AXE.exists():
        pytest.skip(NO_AXE)
    facilities_in_altstadt()
    page = page_for(width=width, bypass_csp=True)
    log_in(page, MANAGER)
    page.goto("/q/altstadt/karte/")
    expect(page.locator("#quartier-map.leaflet-container")).to_be_visible()
    # Four markers and the boundary on the plain background; a popup names the facility.
    expect(page.locator("#quartier-map path.leaflet-interactive")).to_have_count(4)
    page.locator("#quartier-map path.leaflet-interactive").first.click(force=True)
    expect(page.locator(".leaflet-popup-content")).to_contain_text("Begegnungsort / Treffpunkt 1")
    expect(page.locator(".leaflet-popup-content")).to_contain_text("Barrierefrei")
    # Leaflet fades the popup in: checked half-faded, its text would lack contrast.
    expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")
    assert_accessible(page)
    assert_no_sideways_scrolling(page)
    expect(page.get_by_role("table")).to_contain_text("Apotheke 0")
