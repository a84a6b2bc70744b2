"""Meetings and action items for the tests, made directly (the services are tested on their own)."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from network.meetings.models import ActionItem, Meeting, MeetingKind
from network.partners.models import Partner
from quartier.models import Quartier, User

BERLIN = ZoneInfo("Europe/Berlin")


def at(day: datetime.date, hour: int = 18, minute: int = 30) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


def meeting(
    quartier: Quartier,
    title: str = "Netzwerktreffen November",
    *,
    starts: datetime.datetime | None = None,
    ends: datetime.datetime | None = None,
    invited: tuple[Partner, ...] = (),
    present: tuple[Partner, ...] = (),
    **fields: object,
) -> Meeting:
    starts = starts or at(datetime.date(2026, 11, 25))
    m = Meeting.objects.create(
        quartier=quartier,
        title=title,
        starts_at=starts,
        ends_at=ends,
        kind=fields.pop("kind", MeetingKind.NETWORK),
        **fields,
    )
    m.invited.set(invited)
    m.present.set(present)
    return m


def item(
    m: Meeting,
    task: str = "Flyer verteilen",
    *,
    partner: Partner | None = None,
    user: User | None = None,
    due: datetime.date | None = None,
    done: bool = False,
) -> ActionItem:
    return ActionItem.objects.create(
        meeting=m, task=task, responsible_partner=partner, responsible_user=user, due_date=due, done=done
    )
