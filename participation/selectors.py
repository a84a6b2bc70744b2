"""Participation in figures: what the overview page, the cockpit and the Fortschrittsbericht say
about a quartier's surveys, events and ideas. A fixed number of queries, whatever the data."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from quartier.models import Quartier

from .events.models import Event, EventKind, WalkOutcome, WalkPoint
from .ideas.models import Idea, IdeaStatus
from .surveys.models import Channel, Survey, SurveyStatus

# The latest events the cockpit and the overview name.
LATEST_EVENTS = 3


def share_80_plus(*, under_65: int, from_65_to_79: int, from_80: int) -> int | None:
    """The share of people aged 80 and older among those whose age band is known, in whole
    percent; None while no age band is known."""
    known = under_65 + from_65_to_79 + from_80
    if not known:
        return None
    return int((Decimal(100) * from_80 / known).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class SurveyFigures:
    """A survey and its responses by channel."""

    survey: Survey
    online: int = 0
    paper: int = 0
    interview: int = 0
    days_left: int | None = None  # open surveys with a closing date: days until it closes

    @property
    def responses(self) -> int:
        return self.online + self.paper + self.interview


@dataclass(frozen=True)
class EventFigures:
    """An event with its participants and the share of people aged 80 and older."""

    event: Event

    @property
    def share_80_plus(self) -> int | None:
        e = self.event
        return share_80_plus(
            under_65=e.participants_under_65, from_65_to_79=e.participants_65_79, from_80=e.participants_80_plus
        )


@dataclass(frozen=True)
class KindCount:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class ParticipationFigures:
    surveys: list[SurveyFigures] = field(default_factory=list)  # open first, then drafts, then closed
    events_by_kind: list[KindCount] = field(default_factory=list)
    events_total: int = 0
    participants: int = 0
    participants_under_65: int = 0
    participants_65_79: int = 0
    participants_80_plus: int = 0
    latest_events: list[EventFigures] = field(default_factory=list)
    walk_points: int = 0
    walk_barriers: int = 0
    walk_ideas: int = 0
    ideas_by_status: list[KindCount] = field(default_factory=list)
    ideas_total: int = 0
    ideas_with_measure: int = 0

    def _surveys(self, status: str) -> list[SurveyFigures]:
        return [s for s in self.surveys if s.survey.status == status]

    @property
    def open_surveys(self) -> list[SurveyFigures]:
        return self._surveys(SurveyStatus.OPEN)

    @property
    def closed_surveys(self) -> list[SurveyFigures]:
        return self._surveys(SurveyStatus.CLOSED)

    @property
    def draft_surveys(self) -> list[SurveyFigures]:
        return self._surveys(SurveyStatus.DRAFT)

    @property
    def responses(self) -> int:
        return sum(s.responses for s in self.surveys)

    @property
    def share_80_plus(self) -> int | None:
        return share_80_plus(
            under_65=self.participants_under_65,
            from_65_to_79=self.participants_65_79,
            from_80=self.participants_80_plus,
        )

    @property
    def age_known(self) -> int:
        return self.participants_under_65 + self.participants_65_79 + self.participants_80_plus

    def ideas_with_status(self, status: str) -> int:
        return next((c.count for c in self.ideas_by_status if c.key == status), 0)

    @property
    def ideas_waiting(self) -> int:
        """New ideas and those being reviewed: they wait for a decision."""
        return self.ideas_with_status(IdeaStatus.NEW) + self.ideas_with_status(IdeaStatus.REVIEW)

    @property
    def is_empty(self) -> bool:
        return not (self.surveys or self.events_total or self.ideas_total)


_STATUS_ORDER = {SurveyStatus.OPEN: 0, SurveyStatus.DRAFT: 1, SurveyStatus.CLOSED: 2}


def survey_figures(*, quartier: Quartier, today: datetime.date | None = None) -> list[SurveyFigures]:
    """Every survey of the quartier with its responses by channel: open ones first. One query."""
    today = today or timezone.localdate()
    surveys = Survey.objects.filter(quartier=quartier).annotate(
        n_online=Count("responses", filter=Q(responses__channel=Channel.ONLINE)),
        n_paper=Count("responses", filter=Q(responses__channel=Channel.PAPER)),
        n_interview=Count("responses", filter=Q(responses__channel=Channel.INTERVIEW)),
    )
    rows = [
        SurveyFigures(
            survey=s,
            online=s.n_online,
            paper=s.n_paper,
            interview=s.n_interview,
            days_left=(max((s.closes_on - today).days, 0) if s.status == SurveyStatus.OPEN and s.closes_on else None),
        )
        for s in surveys
    ]
    far = datetime.date.max
    return sorted(
        rows,
        key=lambda r: (
            _STATUS_ORDER.get(r.survey.status, 9),
            # Open: the one closing first; closed: the latest first.
            (r.survey.closes_on or far).toordinal()
            if r.survey.status == SurveyStatus.OPEN
            else -(r.survey.closes_on or datetime.date.min).toordinal(),
            r.survey.title,
            r.survey.pk,
        ),
    )


def participation_figures(*, quartier: Quartier, today: datetime.date | None = None) -> ParticipationFigures:
    """Surveys with responses by channel, events by kind with their participants, walk points and
    ideas by status. Five queries, however many surveys, responses, events and ideas there are."""
    surveys = survey_figures(quartier=quartier, today=today)
    events = Event.objects.filter(quartier=quartier).aggregate(
        total=Count("pk"),
        participants=Sum("participants", default=0),
        under_65=Sum("participants_under_65", default=0),
        from_65=Sum("participants_65_79", default=0),
        from_80=Sum("participants_80_plus", default=0),
        **{f"kind_{key}": Count("pk", filter=Q(kind=key)) for key in EventKind.values},
    )
    latest = Event.objects.filter(quartier=quartier, starts_at__lte=timezone.now()).order_by("-starts_at", "-pk")[
        :LATEST_EVENTS
    ]
    points = WalkPoint.objects.filter(event__quartier=quartier).aggregate(
        total=Count("pk"),
        barriers=Count("pk", filter=Q(outcome=WalkOutcome.BARRIER)),
        ideas=Count("pk", filter=Q(outcome=WalkOutcome.IDEA)),
    )
    ideas = Idea.objects.filter(quartier=quartier).aggregate(
        total=Count("pk"),
        with_measure=Count("pk", filter=Q(measure__isnull=False)),
        **{f"status_{key}": Count("pk", filter=Q(status=key)) for key in IdeaStatus.values},
    )
    return ParticipationFigures(
        surveys=surveys,
        events_by_kind=[KindCount(key, str(label), events[f"kind_{key}"]) for key, label in EventKind.choices],
        events_total=events["total"],
        participants=events["participants"],
        participants_under_65=events["under_65"],
        participants_65_79=events["from_65"],
        participants_80_plus=events["from_80"],
        latest_events=[EventFigures(event=e) for e in latest],
        walk_points=points["total"],
        walk_barriers=points["barriers"],
        walk_ideas=points["ideas"],
        ideas_by_status=[KindCount(key, str(label), ideas[f"status_{key}"]) for key, label in IdeaStatus.choices],
        ideas_total=ideas["total"],
        ideas_with_measure=ideas["with_measure"],
    )


def adopted_ideas(*, quartier: Quartier) -> list[Idea]:
    """The adopted ideas with the measure each became, the latest decision first. One query."""
    return list(
        Idea.objects.filter(quartier=quartier, status=IdeaStatus.ADOPTED)
        .select_related("measure")
        .order_by("-decided_at", "-created_on", "-pk")
    )


def declined_ideas(*, quartier: Quartier) -> list[Idea]:
    """The declined ideas with the reason shown publicly, the latest decision first. One query."""
    return list(
        Idea.objects.filter(quartier=quartier, status=IdeaStatus.DECLINED).order_by("-decided_at", "-created_on", "-pk")
    )


def events_with_participants(*, quartier: Quartier) -> list[EventFigures]:
    """Every event that took place, the latest first, with participants and the share 80+. One query."""
    return [
        EventFigures(event=e)
        for e in Event.objects.filter(quartier=quartier, starts_at__lte=timezone.now()).order_by("-starts_at", "-pk")
    ]
