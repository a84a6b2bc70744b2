"""Participation's events in the quartier's calendar feed (quartier.calendar): what an
invitation would say – kind, title, place, what it is about. No findings, no names."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from quartier import calendar
from quartier.access import Action, can
from quartier.models import Quartier, User

from . import selectors

DEFAULT_LENGTH = datetime.timedelta(hours=2)


@calendar.register
def event_entries(quartier: Quartier, user: User) -> list[calendar.CalendarEntry]:
    if not can(user, Action.VIEW, quartier):
        return []
    entries = []
    for event in selectors.events_of(quartier=quartier).order_by("starts_at"):
        kind = event.get_kind_display()
        entries.append(
            calendar.CalendarEntry(
                uid=f"participation-event-{event.pk}",
                start=event.starts_at,
                end=event.ends_at or event.starts_at + DEFAULT_LENGTH,
                summary=_("Participation: %(kind)s: %(title)s") % {"kind": kind, "title": event.title},
                location=event.place,
                description=event.description.strip() or kind,
                url=reverse("event_detail", args=[quartier.slug, event.pk]),
                last_modified=event.updated_at,
            )
        )
    return entries
