"""Entries other apps add to a quartier's calendar feed.

The feed itself lives in network.meetings; apps that must not be imported by it (participation)
register a provider here when Django is ready. A provider gets (quartier, user) and returns
CalendarEntry objects: only what an invitation would say – no findings, no names.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .models import Quartier, User


@dataclass(frozen=True)
class CalendarEntry:
    uid: str  # stable across downloads, e.g. "participation-event-12"
    start: datetime.datetime
    end: datetime.datetime
    summary: str
    location: str
    description: str
    url: str  # a path ("/q/…/") or an absolute address
    last_modified: datetime.datetime


Provider = Callable[[Quartier, User], Iterable[CalendarEntry]]

_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add a provider (usable as a decorator); registering the same function twice adds it once."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister(provider: Provider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def entries_for(quartier: Quartier, user: User) -> list[CalendarEntry]:
    """Every registered provider's entries for the quartier, in the order of their start."""
    entries: list[CalendarEntry] = []
    for provider in _providers:
        entries.extend(provider(quartier, user))
    return sorted(entries, key=lambda entry: entry.start)
