"""A quartier's meetings as an iCalendar feed (RFC 5545) that calendar apps subscribe to.

Times are given in Europe/Berlin with its VTIMEZONE, so that Outlook, Google and Apple show
18:30 as 18:30 on both sides of the clock change. Only what an invitation would say goes out:
title, kind, place and agenda – no minutes, no names, no addresses.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDuration

from quartier.calendar import CalendarEntry
from quartier.models import Quartier

from .models import Meeting

BERLIN = ZoneInfo("Europe/Berlin")
# A meeting without an end is shown for this long (the form says so).
DEFAULT_LENGTH = datetime.timedelta(hours=2)
# Calendar apps that honour it poll this often; most poll on their own schedule anyway.
REFRESH = datetime.timedelta(hours=1)
# The years the time zone description covers at most.
ZONE_RULES_FROM = datetime.date(1971, 1, 1)
ZONE_RULES_UNTIL = datetime.date(2199, 12, 31)


def meetings_calendar(
    *,
    quartier: Quartier,
    meetings: Sequence[Meeting],
    host: str,
    meeting_url: Callable[[Meeting], str],
    now: datetime.datetime | None = None,
    entries: Sequence[CalendarEntry] = (),
    absolute_url: Callable[[str], str] = str,
) -> Calendar:
    """One VEVENT per meeting; UIDs stay the same across downloads, so apps update, not duplicate."""
    stamp = (now or timezone.now()).astimezone(datetime.UTC)
    calendar = Calendar.new(
        uid=f"quartier-{quartier.pk}-meetings@{host}",
        prodid="-//Quartierswerk//Treffen//DE",
        method="PUBLISH",
        calscale="GREGORIAN",
        refresh_interval=REFRESH,
        description=_("Meetings of the quartier %(name)s") % {"name": quartier.name},
    )
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"  # RFC 7986 asks for it
    calendar.calendar_name = _("%(name)s – meetings") % {"name": quartier.name}
    calendar.add("x-wr-timezone", "Europe/Berlin")
    calendar.add("x-published-ttl", vDuration(REFRESH))  # Outlook's name for the refresh interval
    for meeting in meetings:
        starts = meeting.starts_at.astimezone(BERLIN)
        ends = (meeting.ends_at or meeting.starts_at + DEFAULT_LENGTH).astimezone(BERLIN)
        event = Event.new(
            uid=f"meeting-{meeting.pk}@{host}",
            stamp=stamp,
            start=starts,
            end=ends,
            summary=f"{meeting.get_kind_display()}: {meeting.title}",
            url=meeting_url(meeting),
            last_modified=meeting.updated_at.astimezone(datetime.UTC),
        )
        if meeting.place:
            event.add("location", meeting.place)
        description = meeting.agenda.strip()
        event.add("description", f"{_('Agenda')}:\n{description}" if description else meeting.get_kind_display())
        calendar.add_component(event)
    # Entries other apps registered in quartier.calendar (participation's events).
    for entry in entries:
        event = Event.new(
            uid=f"{entry.uid}@{host}",
            stamp=stamp,
            start=entry.start.astimezone(BERLIN),
            end=entry.end.astimezone(BERLIN),
            summary=entry.summary,
            url=absolute_url(entry.url),
            last_modified=entry.last_modified.astimezone(datetime.UTC),
        )
        if entry.location:
            event.add("location", entry.location)
        if entry.description:
            event.add("description", entry.description)
        calendar.add_component(event)
    starts = [m.starts_at for m in meetings] + [e.start for e in entries]
    ends = [m.ends_at or m.starts_at for m in meetings] + [e.end for e in entries]
    if starts:
        first = min(starts).astimezone(BERLIN).date()
        last = max(ends).astimezone(BERLIN).date()
        # Dates far outside any real meeting (typing mistakes) keep the time zone's rules in range.
        first, last = (min(max(day, ZONE_RULES_FROM), ZONE_RULES_UNTIL) for day in (first, last))
        calendar.add_missing_timezones(
            first_date=first - datetime.timedelta(days=366), last_date=last + datetime.timedelta(days=366)
        )
    return calendar
