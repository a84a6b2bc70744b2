"""Participation's events in the quartier's calendar feed: the team sees them, partners do not."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from network.meetings import services as meeting_services
from participation.events import services

BERLIN = ZoneInfo("Europe/Berlin")


def feed(client_for, user, quartier) -> Calendar:
    token = meeting_services.calendar_feed_renew(user=user, quartier=quartier).token
    response = client_for(None).get(reverse("calendar_feed", args=[token]))
    assert response.status_code == 200
    return Calendar.from_ical(response.content)


def make_walk(quartier, manager):
    return services.event_create(
        quartier=quartier,
        user=manager,
        kind="begehung",
        title="Rundgang Marktplatz",
        starts_at=timezone.make_aware(datetime.datetime(2026, 7, 3, 15, 0)),
        ends_at=timezone.make_aware(datetime.datetime(2026, 7, 3, 17, 30)),
        place="Treffpunkt Rathaus",
        findings="Frau Müller sagte, die Treppe sei gefährlich",
        participants=9,
    )


def test_an_event_appears_in_the_teams_feed_with_its_berlin_times(quartier, manager, viewer, client_for):
    event = make_walk(quartier, manager)
    calendar = feed(client_for, viewer, quartier)
    [entry] = [c for c in calendar.walk("VEVENT") if str(c["UID"]).startswith(f"participation-event-{event.pk}@")]
    assert str(entry["SUMMARY"]) == "Beteiligung: Quartiersbegehung: Rundgang Marktplatz"
    assert entry.decoded("DTSTART") == datetime.datetime(2026, 7, 3, 15, 0, tzinfo=BERLIN)
    assert entry.decoded("DTSTART").tzinfo.key == "Europe/Berlin"
    assert entry.decoded("DTEND") == datetime.datetime(2026, 7, 3, 17, 30, tzinfo=BERLIN)
    assert str(entry["LOCATION"]) == "Treffpunkt Rathaus"
    assert str(entry["URL"]).endswith(reverse("event_detail", args=[quartier.slug, event.pk]))
    assert "Müller" not in calendar.to_ical().decode()


def test_a_partners_feed_has_no_events(quartier, manager, partner, client_for):
    make_walk(quartier, manager)
    calendar = feed(client_for, partner, quartier)
    assert not any("participation-event" in str(c["UID"]) for c in calendar.walk("VEVENT"))
