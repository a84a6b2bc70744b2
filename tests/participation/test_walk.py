"""A neighbourhood walk: problem points on the map and what becomes of them – a facility, a
barrier (indicator BARRIERS) or an idea, each once."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from participation.events import services
from participation.models import Idea, WalkPoint
from planning.models import Facility, FacilityCategory, IndicatorValue
from tests.pages import text
from tests.participation.test_events import png

WALK_DAY = datetime.date(2026, 4, 18)


@pytest.fixture
def walk(quartier, manager):
    return services.event_create(
        quartier=quartier,
        user=manager,
        kind="begehung",
        title="Begehung Altstadt",
        starts_at=timezone.make_aware(datetime.datetime.combine(WALK_DAY, datetime.time(10))),
        participants=12,
        participants_80_plus=4,
    )


def add_point(walk, manager, text="Bordstein zu hoch", lat="48.775800", lon="9.182900"):
    return services.walk_point_add(event=walk, user=manager, description=text, lat=Decimal(lat), lon=Decimal(lon))


def convert(client, walk, point, outcome, data=None):
    url = reverse("walk_point_convert", args=[walk.quartier.slug, walk.pk, point.pk, outcome])
    return client.post(url, data or {}, follow=True)


def test_a_point_is_added_with_typed_numbers_and_a_photo(quartier, manager, client_for, walk):
    client = client_for(manager)
    response = client.post(
        reverse("walk_point_add", args=[quartier.slug, walk.pk]),
        {
            "point-description": "Keine Bank am Weg",
            "point-lat": "48,7758",
            "point-lon": "9,1829",
            "point-photo": png(),
            "point-photo_consent": "on",
        },
    )
    assert response.status_code == 302
    point = WalkPoint.objects.get()
    assert (point.lat, point.lon) == (Decimal("48.775800"), Decimal("9.182900"))
    assert point.photo is not None and point.photo_consent
    page = client.get(reverse("event_detail", args=[quartier.slug, walk.pk]))
    assert "Keine Bank am Weg" in text(page) and 'id="walk-map"' in page.content.decode()


def test_a_point_outside_the_globe_is_refused_at_the_field(quartier, manager, client_for, walk):
    response = client_for(manager).post(
        reverse("walk_point_add", args=[quartier.slug, walk.pk]),
        {"point-description": "Dunkler Weg", "point-lat": "91", "point-lon": "9"},
    )
    assert response.status_code == 400
    assert "kleiner oder gleich 90" in text(response)
    assert "Dunkler Weg" in response.content.decode()
    assert not WalkPoint.objects.exists()


def test_points_belong_to_walks_only(quartier, manager, client_for):
    fest = services.event_create(
        quartier=quartier, user=manager, kind="fest", title="Fest", starts_at=timezone.now(), participants=0
    )
    response = client_for(manager).post(
        reverse("walk_point_add", args=[quartier.slug, fest.pk]),
        {"point-description": "x", "point-lat": "48", "point-lon": "9"},
    )
    assert response.status_code == 404


def test_a_point_becomes_a_facility_once(quartier, manager, client_for, walk):
    point = add_point(walk, manager)
    category = FacilityCategory.objects.first()
    client = client_for(manager)
    data = {f"f{point.pk}-category": category.pk, f"f{point.pk}-name": "Neue Bank"}
    first = convert(client, walk, point, "einrichtung", data)
    second = convert(client, walk, point, "einrichtung", data)
    facility = Facility.objects.get(quartier=quartier)
    assert (facility.name, facility.lat, facility.domain) == ("Neue Bank", point.lat, category.domain)
    point.refresh_from_db()
    assert point.facility == facility and point.outcome == "facility"
    assert "Die Einrichtung „Neue Bank“ ist erfasst." in text(first)
    assert "schon als Einrichtung erfasst" in text(second)


def test_barriers_give_the_indicator_the_number_of_barrier_points(quartier, manager, client_for, walk):
    points = [add_point(walk, manager, text=f"Stelle {n}") for n in range(3)]
    client = client_for(manager)
    convert(client, walk, points[0], "barriere")
    convert(client, walk, points[1], "barriere")
    again = convert(client, walk, points[1], "barriere")
    value = IndicatorValue.objects.get(quartier=quartier, indicator__code="BARRIERS")
    assert value.value == 2 and value.reference_date == WALK_DAY and value.source == "Quartiersbegehung"
    assert "schon als Barriere gezählt" in text(again)
    assert WalkPoint.objects.filter(outcome="barrier").count() == 2


def test_a_point_becomes_an_idea_linked_to_it_once(quartier, manager, client_for, walk):
    point = add_point(walk, manager, text="Ampel schaltet zu schnell")
    client = client_for(manager)
    convert(client, walk, point, "idee")
    second = convert(client, walk, point, "idee")
    idea = Idea.objects.get()
    point.refresh_from_db()
    assert point.idea == idea and point.outcome == "idea"
    assert (idea.text, idea.source, idea.status, idea.lat) == ("Ampel schaltet zu schnell", "staff", "neu", point.lat)
    assert "schon als Idee übernommen" in text(second)
    # A point dealt with one way cannot become something else.
    convert(client, walk, point, "barriere")
    assert not IndicatorValue.objects.filter(indicator__code="BARRIERS").exists()


def test_developers_see_the_walk_but_cannot_convert(quartier, manager, developer, client_for, walk):
    point = add_point(walk, manager)
    client = client_for(developer)
    assert "Als Barriere zählen" not in text(client.get(reverse("event_detail", args=[quartier.slug, walk.pk])))
    response = client.post(reverse("walk_point_convert", args=[quartier.slug, walk.pk, point.pk, "idee"]))
    assert response.status_code == 403
    assert not Idea.objects.exists()


@pytest.mark.parametrize("value", ["1e30", "Infinity", "-inf", "NaN", "sNaN", "1" * 40, "91"])
def test_a_latitude_that_is_no_place_is_refused_at_the_field(value):
    from participation.events.forms import WalkPointForm

    form = WalkPointForm(data={"description": "Bordstein zu hoch", "lat": value, "lon": "9,18"})
    assert not form.is_valid()
    assert "lat" in form.errors and "lon" not in form.errors


def test_barriers_of_two_walks_give_each_walk_day_the_count_up_to_that_day(quartier, manager):
    spring = services.event_create(
        quartier=quartier,
        user=manager,
        kind="begehung",
        title="Frühjahrsbegehung",
        starts_at=timezone.make_aware(datetime.datetime(2026, 4, 10, 10)),
        participants=8,
    )
    autumn = services.event_create(
        quartier=quartier,
        user=manager,
        kind="begehung",
        title="Herbstbegehung",
        starts_at=timezone.make_aware(datetime.datetime(2026, 10, 2, 10)),
        participants=9,
    )
    services.walk_point_to_barrier(point_id=add_point(autumn, manager, "Stufe am Markt").pk, user=manager)
    services.walk_point_to_barrier(point_id=add_point(autumn, manager, "Kein Geländer").pk, user=manager)
    # A point of the earlier walk counted later: its day gets 1, the later day 3.
    services.walk_point_to_barrier(point_id=add_point(spring, manager, "Bordstein").pk, user=manager)

    values = dict(
        IndicatorValue.objects.filter(quartier=quartier, indicator__code="BARRIERS").values_list(
            "reference_date", "value"
        )
    )
    assert values == {datetime.date(2026, 4, 10): 1, datetime.date(2026, 10, 2): 3}
