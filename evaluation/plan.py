"""Reads of goals, measures and funding that the cockpit, the report and the portfolio share.

Each is a fixed number of queries, however many goals, measures or milestones there are.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, OuterRef, Q, Subquery, When, Window

from network.meetings.models import ActionItem, Meeting
from planning.domains import Domain
from planning.funding.selectors import Runway, funding_runway
from planning.goals.selectors import GoalRow, goal_rows
from planning.measures.models import OPEN_STATUSES, Measure, Milestone
from quartier.models import Quartier, User

# "This week": from today on seven days ahead; what is overdue comes first.
DUE_DAYS_AHEAD = 7
# Entries of each kind the cockpit lists; the rest is counted and linked.
DUE_LIMIT = 10


@dataclass
class DueEntry:
    """A milestone, a measure or a meeting's action item in „Diese Woche fällig“."""

    kind: str  # "milestone", "measure" or "action_item"
    title: str
    measure: Measure | None
    due: datetime.date | None
    responsible: User | None
    overdue: bool
    meeting: Meeting | None = None  # for action items: the meeting it was agreed in
    responsible_partner: str = ""  # for action items given to a partner: its name


@dataclass
class DueThisWeek:
    entries: list[DueEntry]
    more_milestones: int = 0
    more_measures: int = 0
    more_action_items: int = 0

    def __bool__(self) -> bool:
        return bool(self.entries)

    @property
    def more(self) -> int:
        """Milestones and measures not listed (the measures list shows them)."""
        return self.more_milestones + self.more_measures


@dataclass
class DomainGoals:
    key: str
    label: str
    rows: list[GoalRow] = field(default_factory=list)


@dataclass
class PlanSummary:
    """What the quartier plans and how it stands: due work, goal attainment and the funding runway."""

    today: datetime.date
    due: DueThisWeek
    goals: list[DomainGoals]
    runway: Runway


def _late_milestone_due(today: datetime.date) -> Subquery:
    late = Milestone.objects.filter(measure=OuterRef("pk"), done=False, due_date__lt=today)
    return Subquery(late.order_by("due_date").values("due_date")[:1])


def due_this_week(*, quartier: Quartier, today: datetime.date, limit: int = DUE_LIMIT) -> DueThisWeek:
    """Open milestones and open action items of meetings due by a week from today (overdue ones
    included) and overdue measures.

    Three queries: milestones, measures and action items, each with the count of all matching rows.
    """
    milestones = list(
        Milestone.objects.filter(
            measure__quartier=quartier,
            measure__status__in=OPEN_STATUSES,
            done=False,
            due_date__lte=today + datetime.timedelta(days=DUE_DAYS_AHEAD),
        )
        .select_related("measure__responsible")
        .annotate(total=Window(Count("pk")))
        .order_by("due_date", "pk")[:limit]
    )
    # A measure is overdue past its end, or from its first late milestone on.
    measures = list(
        Measure.objects.filter(quartier=quartier)
        .overdue(today)
        .select_related("responsible")
        .annotate(
            due=Case(When(end__lt=today, then=F("end")), default=_late_milestone_due(today)),
            total=Window(Count("pk")),
        )
        .order_by("due", "pk")[:limit]
    )
    items = list(
        ActionItem.objects.filter(
            meeting__quartier=quartier, done=False, due_date__lte=today + datetime.timedelta(days=DUE_DAYS_AHEAD)
        )
        .select_related("meeting", "responsible_user", "responsible_partner")
        .defer("meeting__agenda", "meeting__minutes", "meeting__decisions")
        .annotate(total=Window(Count("pk")))
        .order_by("due_date", "pk")[:limit]
    )
    entries = (
        [
            DueEntry(
                kind="milestone",
                title=m.title,
                measure=m.measure,
                due=m.due_date,
                responsible=m.measure.responsible,
                overdue=m.due_date < today,
            )
            for m in milestones
        ]
        + [
            DueEntry(kind="measure", title=m.title, measure=m, due=m.due, responsible=m.responsible, overdue=True)
            for m in measures
        ]
        + [
            DueEntry(
                kind="action_item",
                title=i.task,
                measure=None,
                due=i.due_date,
                responsible=i.responsible_user,
                overdue=i.due_date < today,
                meeting=i.meeting,
                responsible_partner=i.responsible_partner.name if i.responsible_partner else "",
            )
            for i in items
        ]
    )
    entries.sort(key=lambda e: (e.due or today, e.kind != "measure", e.title))
    return DueThisWeek(
        entries=entries,
        more_milestones=milestones[0].total - len(milestones) if milestones else 0,
        more_measures=measures[0].total - len(measures) if measures else 0,
        more_action_items=items[0].total - len(items) if items else 0,
    )


def goals_by_domain(rows: list[GoalRow]) -> list[DomainGoals]:
    """Goal rows grouped by domain, in the order of the domains; domains without goals left out."""
    groups = {key: DomainGoals(key=key, label=str(label)) for key, label in Domain.choices}
    for row in rows:
        groups[row.goal.domain].rows.append(row)
    return [g for g in groups.values() if g.rows]


def plan_summary(*, quartier: Quartier, today: datetime.date) -> PlanSummary:
    """Five queries: due milestones, overdue measures, due action items, goals, funding."""
    return PlanSummary(
        today=today,
        due=due_this_week(quartier=quartier, today=today),
        goals=goals_by_domain(goal_rows(quartier=quartier)),
        runway=funding_runway(quartier=quartier, today=today),
    )


def measure_progress_rows(*, quartier: Quartier, today: datetime.date) -> list[Measure]:
    """The quartier's measures by domain and title, each with milestones done/total and overdue flag.

    One query. Each measure gets `milestones_done`, `milestones_total`, `is_overdue`.
    """
    overdue_ids = Measure.objects.filter(quartier=quartier).overdue(today).values("pk")
    return list(
        Measure.objects.filter(quartier=quartier)
        .select_related("responsible")
        .annotate(
            milestones_total=Count("milestones"),
            milestones_done=Count("milestones", filter=Q(milestones__done=True)),
            is_overdue=Case(When(pk__in=overdue_ids, then=True), default=False),
        )
        .order_by("domain", "title", "pk")
    )
