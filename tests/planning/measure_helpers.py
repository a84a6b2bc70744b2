"""Measures, milestones and goals for the measure tests, written directly (not through the services)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from planning.goals.models import Goal
from planning.measures.models import Measure, MeasureStatus, Milestone
from quartier.models import Quartier, User

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def make_measure(
    quartier: Quartier,
    title: str = "Nachbarschaftscafé",
    *,
    responsible: User | None = None,
    status: str = MeasureStatus.PLANNED,
    domain: str = "soziales",
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    milestones: tuple[tuple[str, datetime.date | None, bool], ...] = (),
    **fields: object,
) -> Measure:
    measure = Measure.objects.create(
        quartier=quartier,
        title=title,
        responsible=responsible,
        status=status,
        domain=domain,
        start=start,
        end=end,
        **fields,
    )
    Milestone.objects.bulk_create(
        [
            Milestone(measure=measure, title=ms_title, due_date=due, done=done, position=i)
            for i, (ms_title, due, done) in enumerate(milestones, start=1)
        ]
    )
    return measure


def make_goal(quartier: Quartier, title: str = "Mehr Begegnung", domain: str = "soziales") -> Goal:
    return Goal.objects.create(quartier=quartier, title=title, domain=domain)
