"""The detail page of a neighbourhood walk (map, problem points, attachments) passes axe-core,
and a click on the map fills in the new point's latitude and longitude."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from participation.models import Event, WalkPoint
from quartier.models import Quartier

from .support import CHROMIUM, MANAGER, NO_CHROMIUM, log_in
from .test_accessibility import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]


def _walk() -> Event:
    quartier = Quartier.objects.get(slug="altstadt")
    walk = Event.objects.create(
        quartier=quartier,
        kind="begehung",
        title="Begehung rund um den Marktplatz",
        starts_at=timezone.make_aware(datetime.datetime(2026, 4, 18, 10)),
        participants=14,
        participants_80_plus=5,
    )
    lat, lon = quartier.centre_lat or Decimal("48.7758"), quartier.centre_lon or Decimal("9.1829")
    WalkPoint.objects.create(event=walk, description="Bordstein zu hoch", lat=lat, lon=lon)
    return walk


def test_the_walk_page_passes_axe_and_a_map_click_fills_in_the_point(page_for, demo):
    walk = _walk()
    page = page_for(width=1280, bypass_csp=True)
    log_in(page, MANAGER)
    page.goto(f"/q/altstadt/beteiligung/veranstaltungen/{walk.pk}/")
    expect(page.locator("#walk-map.leaflet-container")).to_be_visible()
    expect(page.locator(".walk-point-icon")).to_have_count(1)
    assert_accessible(page)
    page.locator("#walk-map").click(position={"x": 100, "y": 80})
    expect(page.locator("#id_point-lat")).not_to_have_value("")
    expect(page.locator("#id_point-lon")).not_to_have_value("")
