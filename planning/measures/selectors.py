"""Reads of measures, scoped to a quartier (or to the user), with progress and the overdue
flags worked out in SQL so that lists cost the same number of queries for 10 or 2,000."""

from __future__ import annotations

import datetime

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from planning.goals.models import Goal
from quartier.models import Membership, Quartier, User

from .models import OPEN_STATUSES, Measure, MeasureStatus, MeasureTransition, Milestone

# The order of the columns on the board and of "sort by status".
STATUS_ORDER = list(MeasureStatus.values)


def _milestone_count(**filters: object) -> Coalesce:
    counted = (
        Milestone.objects.filter(measure=OuterRef("pk"), **filters)
        .order_by()
        .values("measure")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def overdue_flag(*, today: datetime.date) -> Case:
    """True for an open measure past its end or with an open milestone past its due date."""
    late = Milestone.objects.filter(measure=OuterRef("pk"), done=False, due_date__lt=today)
    return Case(
        When(Q(status__in=OPEN_STATUSES) & (Q(end__lt=today) | Exists(late)), then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def annotated(queryset: QuerySet[Measure], *, today: datetime.date) -> QuerySet[Measure]:
    """Milestones done/total, progress in percent, late milestones, overdue, next milestone."""
    upcoming = Milestone.objects.filter(measure=OuterRef("pk"), done=False).order_by(
        F("due_date").asc(nulls_last=True), "position", "pk"
    )
    is_open = Q(status__in=OPEN_STATUSES)
    return queryset.select_related("responsible").annotate(
        milestones_total=_milestone_count(),
        milestones_done=_milestone_count(done=True),
        milestones_late=_milestone_count(done=False, due_date__lt=today),
        progress=Case(
            When(milestones_total=0, then=Value(None)),
            default=ExpressionWrapper(F("milestones_done") * 100 / F("milestones_total"), output_field=IntegerField()),
            output_field=IntegerField(),
        ),
        is_overdue=overdue_flag(today=today),
        is_past_end=Case(
            When(is_open & Q(end__lt=today), then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
        status_rank=Case(
            *(When(status=s, then=Value(i)) for i, s in enumerate(STATUS_ORDER)), output_field=IntegerField()
        ),
        next_milestone_title=Subquery(upcoming.values("title")[:1]),
        next_milestone_due=Subquery(upcoming.values("due_date")[:1], output_field=DateField()),
    )


def measures_of(*, quartier: Quartier, today: datetime.date) -> QuerySet[Measure]:
    return annotated(Measure.objects.filter(quartier=quartier), today=today)


def measure_or_none(*, quartier: Quartier, measure_id: int, today: datetime.date) -> Measure | None:
    """The measure with everything its page shows, if it belongs to the quartier."""
    return (
        measures_of(quartier=quartier, today=today)
        .filter(pk=measure_id)
        .prefetch_related(
            "goals",
            Prefetch("milestones", queryset=Milestone.objects.order_by("position", "due_date", "pk")),
            Prefetch("transitions", queryset=MeasureTransition.objects.select_related("by")),
        )
        .first()
    )


def milestone_or_none(*, quartier: Quartier, milestone_id: int) -> Milestone | None:
    return (
        Milestone.objects.filter(pk=milestone_id, measure__quartier=quartier)
        .select_related("measure__quartier", "measure__responsible")
        .first()
    )


def goals_of(quartier: Quartier) -> QuerySet[Goal]:
    return Goal.objects.filter(quartier=quartier).order_by("domain", "title")


def members_of(quartier: Quartier) -> QuerySet[User]:
    """The people who can be responsible for a measure: the quartier's members."""
    return User.objects.filter(
        pk__in=Membership.objects.filter(quartier=quartier).values("user"), is_active=True
    ).order_by("last_name", "first_name", "email")


def status_counts(queryset: QuerySet[Measure]) -> dict[str, int]:
    counts = dict(queryset.order_by().values_list("status").annotate(n=Count("pk")))
    return {status: counts.get(status, 0) for status in STATUS_ORDER}


def my_measures(*, user: User, today: datetime.date) -> QuerySet[Measure]:
    """The measures the user is responsible for, in the quartiers they may still see."""
    return (
        annotated(Measure.objects.filter(responsible=user, quartier__in=Quartier.objects.visible_to(user)), today=today)
        .select_related("quartier")
        .order_by("-is_overdue", "status_rank", F("end").asc(nulls_last=True), "title")
    )
