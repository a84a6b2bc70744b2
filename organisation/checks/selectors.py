"""Reads of the organisation check: the organisation's overview, a round, a topic, the open next
actions for the coordinator's start page and the state of a PDF. Each in a fixed number of
queries, however many rounds and actions there are."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from quartier.models import Coordinator, Organisation, User

from ..models import (
    CHECK_PDF_TIME_LIMIT,
    CheckAction,
    CheckRating,
    CheckReport,
    CheckReportStatus,
    CheckRound,
    CheckTopic,
)
from .compare import TopicChange, compare_ratings, previous_round, ratings_of, topic_order

# A PDF still "queued" or "running" this long after it was asked for was lost (the worker died
# or no worker runs): the page says so instead of waiting for ever, and a new request starts over.
REPORT_LOST_AFTER = timedelta(seconds=CHECK_PDF_TIME_LIMIT * 2)

# The PDFs listed on the check page.
RECENT_REPORTS = 3


@dataclass(frozen=True)
class ActionRow:
    """An open next action with what a list shows next to it."""

    action: CheckAction
    today: datetime.date

    @property
    def overdue(self) -> bool:
        return self.action.is_overdue(self.today)

    @property
    def topic(self) -> CheckTopic:
        return self.action.rating.topic

    @property
    def organisation(self) -> Organisation:
        return self.action.rating.round.organisation


def _open_actions_query():
    return (
        CheckAction.objects.filter(done_on__isnull=True)
        .select_related("rating__topic", "rating__round__organisation")
        .order_by("due", "pk")
    )


def organisation_open_actions(*, organisation: Organisation, today: datetime.date) -> list[ActionRow]:
    """Every open next action of the organisation's check, of any round, soonest due first. One query."""
    return [ActionRow(a, today) for a in _open_actions_query().filter(rating__round__organisation=organisation)]


def sorted_topics(changes: list[TopicChange]) -> tuple[list[TopicChange], list[TopicChange]]:
    """(change dimensions, implementation challenges), each in catalogue order."""
    ordered = sorted(changes, key=lambda c: topic_order(c.topic))
    return (
        [c for c in ordered if c.topic.kind == CheckTopic.Kind.DIMENSION],
        [c for c in ordered if c.topic.kind == CheckTopic.Kind.CHALLENGE],
    )


@dataclass
class CheckOverview:
    organisation: Organisation
    rounds: list[CheckRound]  # newest first, each with `rated` and `open_actions` counted
    latest: CheckRound | None
    previous: CheckRound | None
    dimensions: list[TopicChange] = field(default_factory=list)
    challenges: list[TopicChange] = field(default_factory=list)
    open_actions: list[ActionRow] = field(default_factory=list)
    reports: list[CheckReport] = field(default_factory=list)

    @property
    def overdue_count(self) -> int:
        return sum(1 for row in self.open_actions if row.overdue)


def check_overview(*, organisation: Organisation, today: datetime.date) -> CheckOverview:
    """The organisation's check page: rounds, the latest round against the one before, the open
    actions and the latest PDFs. Four queries."""
    rounds = list(
        CheckRound.objects.filter(organisation=organisation)
        .annotate(
            rated=Count("ratings", filter=Q(ratings__level__isnull=False), distinct=True),
            topics=Count("ratings", distinct=True),
        )
        .order_by("-held_on", "-pk")
    )
    latest = rounds[0] if rounds else None
    previous = rounds[1] if len(rounds) > 1 else None
    overview = CheckOverview(organisation=organisation, rounds=rounds, latest=latest, previous=previous)
    if latest is None:
        return overview
    ratings = list(
        CheckRating.objects.filter(round__in=[r for r in (latest, previous) if r is not None]).select_related("topic")
    )
    current = [r for r in ratings if r.round_id == latest.pk]
    before = [r for r in ratings if previous is not None and r.round_id == previous.pk] if previous else None
    overview.dimensions, overview.challenges = sorted_topics(compare_ratings(current, before))
    overview.open_actions = organisation_open_actions(organisation=organisation, today=today)
    overview.reports = list(
        CheckReport.objects.filter(round__organisation=organisation)
        .select_related("round")
        .order_by("-requested_at", "-pk")[:RECENT_REPORTS]
    )
    return overview


@dataclass
class RoundDetail:
    round: CheckRound
    previous: CheckRound | None
    dimensions: list[TopicChange]
    challenges: list[TopicChange]
    today: datetime.date

    @property
    def rated(self) -> int:
        return sum(1 for c in self.dimensions + self.challenges if c.level is not None)

    @property
    def sections(self) -> list[tuple[str, list[TopicChange]]]:
        return [(CheckTopic.Kind.DIMENSION, self.dimensions), (CheckTopic.Kind.CHALLENGE, self.challenges)]

    @property
    def total(self) -> int:
        return len(self.dimensions) + len(self.challenges)


def round_detail(*, check_round: CheckRound, today: datetime.date) -> RoundDetail:
    """Every topic of the round with its level, evidence, actions and the change since the round
    before it. Four queries."""
    previous = previous_round(check_round)
    current = list(
        CheckRating.objects.filter(round=check_round)
        .select_related("topic")
        .prefetch_related(Prefetch("actions", queryset=CheckAction.objects.order_by("done_on", "due", "pk")))
    )
    before = ratings_of(previous) if previous is not None else None
    dimensions, challenges = sorted_topics(compare_ratings(current, before))
    return RoundDetail(check_round, previous, dimensions, challenges, today)


@dataclass
class TopicDetail:
    change: TopicChange
    previous: CheckRound | None
    previous_rating: CheckRating | None
    actions: list[ActionRow]


def topic_detail(*, rating: CheckRating, today: datetime.date) -> TopicDetail:
    """One topic of a round: its rating, its actions and what the round before said. Three queries."""
    previous = previous_round(rating.round)
    previous_rating = (
        CheckRating.objects.filter(round=previous, topic_id=rating.topic_id).first() if previous is not None else None
    )
    change = compare_ratings([rating], [previous_rating] if previous_rating else None)[0]
    actions = [ActionRow(a, today) for a in rating.actions.order_by("done_on", "due", "pk")]
    return TopicDetail(change, previous, previous_rating, actions)


def coordinated_organisation_ids(user: User):
    """The organisations whose check the user may run, as a subquery (superusers: all)."""
    if user.is_superuser:
        return Organisation.objects.values("pk")
    return Coordinator.objects.filter(user=user).values("organisation")


@dataclass(frozen=True)
class OpenActions:
    rows: list[ActionRow]
    more: bool  # there are more open actions than the list shows

    @property
    def overdue_count(self) -> int:
        return sum(1 for row in self.rows if row.overdue)

    @property
    def several_organisations(self) -> bool:
        return len({row.organisation.pk for row in self.rows}) > 1


def open_actions(*, user: User, today: datetime.date, limit: int) -> OpenActions:
    """The open next actions of the organisations the user coordinates, soonest due first. One query."""
    if not user.is_authenticated or not user.is_active:
        return OpenActions([], more=False)
    rows = list(
        _open_actions_query().filter(rating__round__organisation__in=coordinated_organisation_ids(user))[: limit + 1]
    )
    return OpenActions([ActionRow(a, today) for a in rows[:limit]], more=len(rows) > limit)


def report_is_lost(report: CheckReport, now: datetime.datetime | None = None) -> bool:
    """Still waiting long after the request: no worker will finish it any more."""
    pending = report.status in (CheckReportStatus.QUEUED, CheckReportStatus.RUNNING)
    return pending and (now or timezone.now()) - report.requested_at > REPORT_LOST_AFTER
