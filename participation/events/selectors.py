"""Reads of events. Reports and public pages show photos only through `public_photos`."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from quartier.models import Quartier

from .models import Event, EventAttachment, WalkPoint


def events_of(*, quartier: Quartier) -> QuerySet[Event]:
    return Event.objects.filter(quartier=quartier)


def upcoming_and_past(*, quartier: Quartier, now: datetime.datetime) -> tuple[QuerySet[Event], QuerySet[Event]]:
    events = events_of(quartier=quartier)
    return events.filter(starts_at__gte=now).order_by("starts_at"), events.filter(starts_at__lt=now).order_by(
        "-starts_at"
    )


def event_or_none(*, quartier: Quartier, event_id: int) -> Event | None:
    return events_of(quartier=quartier).filter(pk=event_id).first()


def attachments(event: Event) -> QuerySet[EventAttachment]:
    return event.attachments.select_related("document").order_by("-is_photo", "pk")


def public_photos(event: Event) -> QuerySet[EventAttachment]:
    """The photos of the event that may be shown publicly or in a report: only those the
    people shown agreed to. Every report and public page uses this, never `attachments`."""
    return event.attachments.filter(is_photo=True, consent=True).select_related("document").order_by("pk")


def public_walk_photos(event: Event) -> QuerySet[WalkPoint]:
    """The walk's problem points whose photo may be shown publicly or in a report."""
    return event.walk_points.filter(photo__isnull=False, photo_consent=True).select_related("photo")


def walk_points(event: Event) -> QuerySet[WalkPoint]:
    return event.walk_points.select_related("photo", "facility", "idea").order_by("pk")


def share_80_plus(event: Event) -> float | None:
    """The share of participants aged 80 and older, in percent; None without participants."""
    if not event.participants:
        return None
    return 100 * event.participants_80_plus / event.participants
