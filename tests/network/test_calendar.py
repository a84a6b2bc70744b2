"""The private calendar feed: what the calendar page says, the feed a calendar app reads, and
that a renewed or orphaned link stops working."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from network.meetings.models import CalendarFeed
from network.partners.accounts import partner_memberships_sync
from network.partners.models import NetworkMembership
from tests.factories import NetworkMembershipFactory
from tests.pages import text

from .meetings_data import at, item, meeting

pytestmark = pytest.mark.django_db


def _feed_url(feed: CalendarFeed) -> str:
    return reverse("calendar_feed", args=[feed.token])


def _subscribe(client, quartier) -> CalendarFeed:
    response = client.post(reverse("calendar_renew", args=[quartier.slug]))
    assert response.status_code == 302
    return CalendarFeed.objects.get(quartier=quartier, user_id=int(client.session["_auth_user_id"]))


def _events(response) -> list:
    assert response.status_code == 200
    return list(Calendar.from_ical(response.content).walk("VEVENT"))


def test_the_calendar_page_creates_nothing_until_asked(quartier, manager, client_for):
    client = client_for(manager)

    response = client.get(reverse("calendar", args=[quartier.slug]))

    assert response.status_code == 200
    page = text(response, "calendar-link")
    assert "Noch kein Link" in page and "Link erstellen" in page
    assert not CalendarFeed.objects.exists()
    howto = text(response)
    for app in ("Outlook", "Google Kalender", "iPhone und iPad"):
        assert app in howto


def test_creating_the_link_shows_it_as_an_absolute_ics_address(quartier, manager, client_for):
    client = client_for(manager)
    feed = _subscribe(client, quartier)

    response = client.get(reverse("calendar", args=[quartier.slug]))

    body = response.content.decode()
    assert f'value="http://testserver/kalender/{feed.token}.ics"' in body
    assert f'href="webcal://testserver/kalender/{feed.token}.ics"' in body
    page = text(response, "calendar-link")
    assert "Link kopieren" in page
    assert "Wer ihn hat, sieht die Termine" in page
    assert "Link erneuern" in page


def test_the_feed_has_one_event_per_meeting_in_berlin_time(quartier, manager, client_for):
    summer = meeting(
        quartier,
        "Sommerfest planen",
        starts=at(datetime.date(2026, 7, 1), 18, 30),
        ends=at(datetime.date(2026, 7, 1), 20, 0),
        place="Bürgerhaus",
        agenda="1. Begrüßung\n2. Ablauf",
        minutes="Vertraulich: Herr M. hat Schulden",
    )
    winter = meeting(
        quartier, "Quartierskonferenz", starts=at(datetime.date(2026, 12, 2), 17, 0), kind="quartierskonferenz"
    )
    client = client_for(manager)
    feed = _subscribe(client, quartier)

    response = client_for(None).get(_feed_url(feed))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"]
    calendar = Calendar.from_ical(response.content)
    assert "Altstadt" in str(calendar["X-WR-CALNAME"])
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Netzwerktreffen: Sommerfest planen", "Quartierskonferenz: Quartierskonferenz"}
    event = events["Netzwerktreffen: Sommerfest planen"]
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event.decoded("DTSTART").strftime("%d.%m.%Y %H:%M") == "01.07.2026 18:30"
    assert event.decoded("DTEND").strftime("%H:%M") == "20:00"
    assert event.decoded("DTSTART").utcoffset() == datetime.timedelta(hours=2)  # summer time
    assert str(event["UID"]) == f"meeting-{summer.pk}@testserver"
    assert str(event["LOCATION"]) == "Bürgerhaus"
    assert "2. Ablauf" in str(event["DESCRIPTION"])
    assert str(event["URL"]) == f"http://testserver{reverse('meeting_detail', args=[quartier.slug, summer.pk])}"
    assert "DTSTAMP" in event
    assert b"Schulden" not in response.content  # the minutes stay in the app
    other = events["Quartierskonferenz: Quartierskonferenz"]
    assert other.decoded("DTSTART").utcoffset() == datetime.timedelta(hours=1)  # winter time
    # Without an end, two hours.
    assert other.decoded("DTEND") - other.decoded("DTSTART") == datetime.timedelta(hours=2)
    assert str(other["UID"]) == f"meeting-{winter.pk}@testserver"

    # The same UIDs on the next download: calendar apps update, they do not duplicate.
    again = _events(client_for(None).get(_feed_url(feed)))
    assert sorted(str(e["UID"]) for e in again) == sorted(str(e["UID"]) for e in events.values())


def test_renewing_the_link_makes_the_old_one_answer_404(quartier, manager, client_for):
    meeting(quartier)
    client = client_for(manager)
    old = _subscribe(client, quartier)
    old_url = _feed_url(old)
    assert client_for(None).get(old_url).status_code == 200

    response = client.post(reverse("calendar_renew", args=[quartier.slug]))

    new = CalendarFeed.objects.get()
    assert new.token != old.token
    assert client_for(None).get(old_url).status_code == 404
    assert len(_events(client_for(None).get(_feed_url(new)))) == 1
    assert "Der alte Link funktioniert nicht mehr." in text(client.get(response["Location"]))


def test_an_unknown_token_answers_404(db, client_for):
    assert client_for(None).get(reverse("calendar_feed", args=["ausgedacht"])).status_code == 404


def test_a_person_removed_from_the_quartier_loses_the_feed(quartier, viewer, client_for):
    meeting(quartier)
    feed = _subscribe(client_for(viewer), quartier)
    assert client_for(None).get(_feed_url(feed)).status_code == 200

    viewer.memberships.filter(quartier=quartier).delete()

    assert client_for(None).get(_feed_url(feed)).status_code == 404


def test_an_inactive_account_loses_the_feed(quartier, manager, client_for):
    feed = _subscribe(client_for(manager), quartier)
    manager.is_active = False
    manager.save()

    assert client_for(None).get(_feed_url(feed)).status_code == 404


def test_a_partner_users_feed_lists_only_their_partners_meetings(quartier, partner, partner_org, client_for):
    other = NetworkMembershipFactory(quartier=quartier).partner
    invited = meeting(quartier, "Eingeladen", invited=(partner_org,))
    attended = meeting(quartier, "Dabei gewesen", present=(partner_org,))
    with_task = meeting(quartier, "Mit Aufgabe")
    item(with_task, "Saal buchen", partner=partner_org)
    meeting(quartier, "Nur die anderen", invited=(other,))
    meeting(quartier, "Intern")
    client = client_for(partner)

    assert client.get(reverse("calendar", args=[quartier.slug])).status_code == 200
    feed = _subscribe(client, quartier)
    events = _events(client_for(None).get(_feed_url(feed)))

    assert sorted(str(e["SUMMARY"]).split(": ", 1)[1] for e in events) == ["Dabei gewesen", "Eingeladen", "Mit Aufgabe"]
    assert {str(e["UID"]) for e in events} == {f"meeting-{m.pk}@testserver" for m in (invited, attended, with_task)}


def test_a_partner_whose_membership_ends_loses_the_feed(quartier, partner, partner_org, client_for):
    meeting(quartier, invited=(partner_org,))
    feed = _subscribe(client_for(partner), quartier)

    NetworkMembership.objects.filter(partner=partner_org, quartier=quartier).update(status="ruhend")
    partner_memberships_sync(partner=partner_org)

    assert client_for(None).get(_feed_url(feed)).status_code == 404


def test_people_outside_the_quartier_neither_see_the_page_nor_make_a_link(quartier, outsider, client_for):
    client = client_for(outsider)

    assert client.get(reverse("calendar", args=[quartier.slug])).status_code == 404
    assert client.post(reverse("calendar_renew", args=[quartier.slug])).status_code == 404
    assert not CalendarFeed.objects.exists()


def _count(url: str, client) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["manager", "partner"])
def test_the_feed_costs_the_same_queries_for_few_and_many_meetings(who, quartier, partner_org, request, client_for):
    user = request.getfixturevalue(who)
    feed = _subscribe(client_for(user), quartier)
    anonymous = client_for(None)

    def add(n: int, start: int) -> None:
        for i in range(start, start + n):
            m = meeting(quartier, f"Treffen {i}", starts=at(datetime.date(2026, 1, 1) + datetime.timedelta(days=7 * i)))
            m.invited.add(partner_org)
            item(m, f"Aufgabe {i}", partner=partner_org)

    add(2, 0)
    few = _count(_feed_url(feed), anonymous)
    add(10, 2)

    assert _count(_feed_url(feed), anonymous) == few
    assert len(_events(anonymous.get(_feed_url(feed)))) == 12


def test_the_feed_answers_with_meetings_at_the_ends_of_the_calendar(quartier, manager, client_for):
    """Dates entered before their range was checked (or through the admin) do not break the feed."""
    meeting(quartier, "Sehr spät", starts=at(datetime.date(9999, 12, 30)))
    meeting(quartier, "Sehr früh", starts=at(datetime.date(1, 1, 2)))
    client = client_for(manager)

    assert len(_events(client_for(None).get(_feed_url(_subscribe(client, quartier))))) == 2
