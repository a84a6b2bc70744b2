"""The network picture and the partners of a measure in the browser: axe-clean, no sideways
scrolling on a phone, the matrix's partner column stays in view."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from network.models import MeasurePartner, Meeting, NetworkMembership, Partner
from planning.measures.models import Measure
from quartier.models import Quartier
from tests.factories import partner_type

from .support import CHROMIUM, MANAGER, NO_CHROMIUM, log_in
from .test_accessibility import assert_accessible, assert_no_sideways_scrolling, axe_page, open_all_details

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]

__all__ = ["axe_page"]  # the fixture, used by the tests below

NAMES = (
    "Pflegedienst Sonnenschein",
    "Evangelische Kirchengemeinde St. Marien",
    "Wohnungsbaugenossenschaft Altstadt eG",
    "Turnverein 1890",
    "Seniorenbüro der Stadt",
    "Apotheke am Markt",
)


@pytest.fixture
def network(demo) -> Measure:
    """Six partners in Altstadt's network, linked through measures and a meeting; one alone."""
    altstadt = Quartier.objects.get(slug="altstadt")
    partners = []
    for name in NAMES:
        partner, _created = Partner.objects.get_or_create(
            organisation=altstadt.organisation, name=name, defaults={"type": partner_type("verein")}
        )
        NetworkMembership.objects.get_or_create(partner=partner, quartier=altstadt, defaults={"status": "aktiv"})
        partners.append(partner)
    measures = list(Measure.objects.filter(quartier=altstadt).order_by("title")[:3])
    MeasurePartner.objects.filter(measure__in=measures).delete()
    for i, measure in enumerate(measures):
        MeasurePartner.objects.create(measure=measure, partner=partners[i], role="lead")
        for partner in partners[i + 1 : i + 3]:
            MeasurePartner.objects.create(measure=measure, partner=partner, role="support")
    meeting = Meeting.objects.create(
        quartier=altstadt, title="Netzwerktreffen", starts_at=datetime(2026, 3, 12, tzinfo=UTC)
    )
    meeting.invited.set(partners[:4])
    return measures[0]


@pytest.mark.parametrize("width", [1280, 360])
def test_network_matrix(axe_page, network, width):
    page = axe_page(width)
    log_in(page, MANAGER)
    page.goto("/q/altstadt/netzwerk/matrix/")
    expect(page.get_by_role("heading", name="Partner*innen und Maßnahmen", level=2)).to_be_visible()
    assert_accessible(page)
    assert_no_sideways_scrolling(page)
    if width == 360:
        region = page.get_by_role("region", name="Partner*innen und Maßnahmen")
        cell = page.get_by_role("rowheader").filter(has_text="Apotheke am Markt")
        left = cell.bounding_box()["x"]
        region.evaluate("el => el.scrollBy(400, 0)")
        page.wait_for_timeout(100)
        assert region.evaluate("el => el.scrollLeft") > 0
        assert abs(cell.bounding_box()["x"] - left) < 1


@pytest.mark.parametrize("width", [1280, 360])
def test_network_graph(axe_page, network, width):
    page = axe_page(width)
    log_in(page, MANAGER)
    page.goto("/q/altstadt/netzwerk/graph/")
    expect(page.get_by_role("img", name="Netzwerk der Partner*innen in Altstadt")).to_be_visible()
    expect(page.get_by_role("heading", name="Partner*innen ohne Verbindung")).to_be_visible()
    open_all_details(page)
    assert_accessible(page)
    assert_no_sideways_scrolling(page)


@pytest.mark.parametrize("width", [1280, 360])
def test_measure_partners(axe_page, network, width):
    page = axe_page(width)
    log_in(page, MANAGER)
    page.goto(f"/q/altstadt/massnahmen/{network.pk}/")
    panel = page.get_by_role("region", name="Partner*innen")
    expect(panel).to_contain_text("Pflegedienst Sonnenschein")
    assert_accessible(page)
    assert_no_sideways_scrolling(page)
    panel.get_by_role("link", name="Partner*innen wählen").click()
    page.get_by_label("Federführende*r Partner*in").select_option(label="Turnverein 1890")
    assert_accessible(page)
    assert_no_sideways_scrolling(page)
    page.get_by_role("button", name="Partner*innen speichern").click()
    expect(page.get_by_role("region", name="Partner*innen")).to_contain_text("Turnverein 1890")
