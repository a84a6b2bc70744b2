"""Reads of meetings and action items, scoped to one quartier (and, for partner users, to their
partner). Lists cost the same number of queries whatever their length."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.text import capfirst

from quartier.models import Membership, Quartier, Role, User

from ..partners.models import Partner
from .models import ActionItem, CalendarFeed, Meeting

# The long texts stay in the database for lists: only the detail page shows them.
LONG_FIELDS = ("agenda", "minutes", "decisions")


def _count(model_through: QuerySet, column: str) -> Coalesce:
    counted = model_through.filter(meeting_id=OuterRef("pk")).order_by().values("meeting_id")
    return Coalesce(Subquery(counted.annotate(n=Count(column)).values("n"), output_field=IntegerField()), Value(0))


def meeting_rows(*, quartier: Quartier) -> QuerySet[Meeting]:
    """The quartier's meetings with invited/present counts, minuted flag and open action items.

    One query, whatever the number of meetings, partners or items.
    """
    undone = ActionItem.objects.filter(done=False)
    return (
        Meeting.objects.filter(quartier=quartier)
        .defer(*LONG_FIELDS)
        .annotate(
            invited_count=_count(Meeting.invited.through.objects, "partner_id"),
            present_count=_count(Meeting.present.through.objects, "partner_id"),
            open_items=_count(undone, "pk"),
            minuted=Case(When(~Q(minutes=""), then=Value(True)), default=Value(False), output_field=BooleanField()),
        )
    )


def upcoming_and_past(*, quartier: Quartier, now: datetime.datetime) -> tuple[QuerySet[Meeting], QuerySet[Meeting]]:
    """Meetings still to come (soonest first) and those that have begun (latest first)."""
    rows = meeting_rows(quartier=quartier)
    return rows.filter(starts_at__gte=now).order_by("starts_at", "pk"), rows.filter(starts_at__lt=now).order_by(
        "-starts_at", "-pk"
    )


def meeting_or_none(*, quartier: Quartier, meeting_id: int, partner: Partner | None = None) -> Meeting | None:
    """The meeting of this quartier; with a partner, only if it concerns that partner."""
    meetings = Meeting.objects.filter(quartier=quartier, pk=meeting_id)
    if partner is not None:
        meetings = meetings.filter(concerning(partner))
    return meetings.first()


def concerning(partner: Partner) -> Q:
    """Meetings the partner was invited to, took part in, or holds an action item of."""
    return (
        Q(pk__in=Meeting.invited.through.objects.filter(partner=partner).values("meeting_id"))
        | Q(pk__in=Meeting.present.through.objects.filter(partner=partner).values("meeting_id"))
        | Q(pk__in=ActionItem.objects.filter(responsible_partner=partner).values("meeting_id"))
    )


def meeting_partners(meeting: Meeting) -> tuple[list[Partner], list[Partner]]:
    """Invited and present partners by name: two queries."""
    return list(meeting.invited.order_by("name", "pk")), list(meeting.present.order_by("name", "pk"))


def items_of(*, meeting: Meeting) -> list[ActionItem]:
    """A meeting's action items, open ones first, with who is responsible and the measure: one query."""
    return list(
        meeting.action_items.select_related("responsible_partner", "responsible_user", "measure").order_by(
            "done", "due_date", "pk"
        )
    )


def open_items(*, quartier: Quartier, partner: Partner | None = None) -> list[ActionItem]:
    """Every open action item of the quartier (or only the partner's), the earliest due first
    (undated last): one query."""
    items = ActionItem.objects.filter(meeting__quartier=quartier, done=False)
    if partner is not None:
        items = items.filter(responsible_partner=partner)
    return list(
        items.select_related("meeting", "responsible_partner", "responsible_user", "measure")
        .defer(*(f"meeting__{name}" for name in LONG_FIELDS))
        .order_by(F("due_date").asc(nulls_last=True), "pk")
    )


def item_or_none(*, quartier: Quartier, item_id: int) -> ActionItem | None:
    return (
        ActionItem.objects.filter(meeting__quartier=quartier, pk=item_id)
        .select_related("meeting", "responsible_partner", "responsible_user", "measure")
        .first()
    )


def team_of(*, quartier: Quartier, keep: int | None = None) -> QuerySet[User]:
    """The people of the quartier's team who can take on a task (partner accounts act through
    their partner), plus the one already responsible."""
    team = Membership.objects.filter(quartier=quartier).exclude(role=Role.PARTNER).values("user_id")
    return User.objects.filter(Q(pk__in=team, is_active=True) | Q(pk=keep)).order_by("last_name", "first_name", "pk")


def feed_meetings(*, quartier: Quartier, partner: Partner | None) -> QuerySet[Meeting]:
    """What a calendar subscription lists: the quartier's meetings, a partner's only theirs."""
    meetings = Meeting.objects.filter(quartier=quartier).defer("minutes", "decisions").order_by("starts_at", "pk")
    return meetings.filter(concerning(partner)) if partner is not None else meetings


def feed_of(*, user: User, quartier: Quartier) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, quartier=quartier).first()


def feed_by_token(token: str) -> CalendarFeed | None:
    return CalendarFeed.objects.select_related("user", "quartier").filter(token=token).first()


@dataclass
class HistoryEntry:
    """One line of a meeting's „Verlauf“."""

    at: datetime.datetime
    by: User | None
    kind: str  # created, changed, item_added, item_changed, item_done, item_reopened, item_measure
    fields: list[str] = field(default_factory=list)  # for "changed": the labels of what changed
    subject: str = ""  # for items: the task


# Changes of the lists of partners by one person within this span belong to the change before.
SAME_CHANGE = datetime.timedelta(seconds=10)
PARTNER_LISTS = frozenset({"invited", "present"})


def _label(model: type, name: str) -> str:
    return capfirst(str(model._meta.get_field(name).verbose_name))


# Where a version of the meeting keeps its lists of partners (django-simple-history's m2m rows).
_HISTORY_ROWS = {"invited": "historicalmeeting_invited_set", "present": "historicalmeeting_present_set"}


def _partner_ids(record: object, name: str) -> set[int]:
    """The partners of a list (invited, present) as recorded in a version, from the prefetched rows:
    comparing them here, not with `diff_against`, keeps the page at a fixed number of queries."""
    return {row.partner_id for row in getattr(record, _HISTORY_ROWS[name]).all()}


def meeting_history(*, meeting: Meeting, limit: int = 30) -> list[HistoryEntry]:
    """What was changed in the meeting and its action items, by whom and when: newest first."""
    records = list(
        meeting.history.select_related("history_user")
        .prefetch_related(*(_HISTORY_ROWS[name] for name in PARTNER_LISTS))
        .order_by("-history_date", "-history_id")[: limit + 1]
    )[::-1]
    entries: list[HistoryEntry] = []
    for previous, record in zip([None, *records], records, strict=False):
        if previous is None:
            if len(records) > limit:
                continue  # the oldest record only serves to compare the next with
            entries.append(HistoryEntry(record.history_date, record.history_user, "created"))
            continue
        fields = sorted(
            [
                *(c.field for c in record.diff_against(previous, excluded_fields=PARTNER_LISTS).changes),
                *(name for name in PARTNER_LISTS if _partner_ids(previous, name) != _partner_ids(record, name)),
            ]
        )
        if not fields:
            continue
        changed = [_label(Meeting, name) for name in fields]
        last = entries[-1] if entries else None
        # Saving the form writes the meeting, then each list of partners: one change, several records.
        follows = (
            last is not None
            and set(fields) <= PARTNER_LISTS
            and last.by == record.history_user
            and record.history_date - last.at <= SAME_CHANGE
        )
        if follows:
            if last.kind == "changed":
                last.fields.extend(name for name in changed if name not in last.fields)
        else:
            entries.append(HistoryEntry(record.history_date, record.history_user, "changed", changed))
    entries.extend(_item_history(meeting=meeting, limit=limit))
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:limit]


def _item_history(*, meeting: Meeting, limit: int) -> list[HistoryEntry]:
    records = list(
        ActionItem.history.filter(meeting_id=meeting.pk)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    entries = []
    previous_of: dict[int, object] = {}
    for record in records:
        before = previous_of.get(record.id)
        previous_of[record.id] = record
        if record.history_type == "+":
            kind = "item_added"
        elif record.history_type == "-":
            kind = "item_removed"
        elif before is not None and before.done != record.done:
            kind = "item_done" if record.done else "item_reopened"
        elif before is not None and before.measure_id != record.measure_id and record.measure_id:
            kind = "item_measure"
        else:
            kind = "item_changed"
        entries.append(HistoryEntry(record.history_date, record.history_user, kind, subject=record.task))
    return entries[-limit:]
