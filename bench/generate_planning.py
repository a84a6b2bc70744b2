"""Planning data for the bench's generated quartiers, cheaply: per quartier a few indicator
values over a year, four facilities around its centre, two goals and three measures with two
milestones each (some overdue), all with bulk inserts and without history rows."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from evaluation.demo_dates import dates_as_given
from planning.catalogues import ensure_catalogues
from planning.models import (
    Facility,
    FacilityCategory,
    Goal,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureStatus,
    Milestone,
)
from quartier.models import Quartier

# (code, low, high): a value drawn between them, drifting a little from date to date.
INDICATORS = [("POP65", 12, 24), ("POP80", 4, 10), ("BENCHES", 1, 5), ("LONELINESS", 12, 30)]
CATEGORIES = ["treffpunkt", "apotheke", "lebensmittel", "haltestelle"]
MEASURES = ["Mittagstisch", "Bank-Pfad", "Wohnberatung", "Besuchsdienst", "Nachbarschaftscafé", "Tablet-Kurs"]
STATUSES = [MeasureStatus.PLANNED, MeasureStatus.ACTIVE, MeasureStatus.ACTIVE, MeasureStatus.DONE, MeasureStatus.PAUSED]
BATCH = 2000


def add_planning(quartiers: list[Quartier], rng: random.Random) -> None:
    ensure_catalogues()
    today = timezone.localdate()
    now = timezone.now()
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=[c for c, _lo, _hi in INDICATORS])}
    categories = {c.key: c for c in FacilityCategory.objects.filter(key__in=CATEGORIES)}
    dates = [today - timedelta(days=days) for days in (400, 220, 40)]
    values, facilities, goals = [], [], []
    for q in quartiers:
        lat, lon = 48 + rng.random() * 5, 7 + rng.random() * 6
        for code, low, high in INDICATORS:
            level = rng.uniform(low, high)
            for day in dates:
                level += rng.uniform(-0.5, 0.5)
                values.append(
                    IndicatorValue(
                        quartier=q,
                        indicator=indicators[code],
                        value=Decimal(f"{level:.1f}"),
                        reference_date=day,
                        source="Statistikstelle",
                        created_at=now,
                    )
                )
        for n, key in enumerate(CATEGORIES):
            facilities.append(
                Facility(
                    quartier=q,
                    category=categories[key],
                    domain=categories[key].domain,
                    name=f"{categories[key].title} {n + 1}",
                    lat=Decimal(f"{lat + rng.uniform(-0.005, 0.005):.6f}"),
                    lon=Decimal(f"{lon + rng.uniform(-0.008, 0.008):.6f}"),
                    barrier_free=rng.random() < 0.6,
                )
            )
        goals.append(
            Goal(
                quartier=q,
                domain="wohnen",
                title="Mehr Sitzgelegenheiten",
                indicator=indicators["BENCHES"],
                baseline=Decimal(2),
                target=Decimal(5),
                target_date=today + timedelta(days=365),
            )
        )
        goals.append(
            Goal(
                quartier=q,
                domain="soziales",
                title="Weniger Einsamkeit",
                indicator=indicators["LONELINESS"],
                baseline=Decimal(25),
                target=Decimal(18),
                target_date=today + timedelta(days=540),
            )
        )
    with dates_as_given(IndicatorValue):
        IndicatorValue.objects.bulk_create(values, batch_size=BATCH)
    Facility.objects.bulk_create(facilities, batch_size=BATCH)
    goals = Goal.objects.bulk_create(goals, batch_size=BATCH)
    measures, served = [], []
    for q, goal in zip(quartiers, goals[::2], strict=True):
        for title in rng.sample(MEASURES, 3):
            start = today - timedelta(days=rng.randint(0, 200))
            measures.append(
                Measure(
                    quartier=q,
                    title=title,
                    domain=rng.choice(["wohnen", "soziales", "pflege"]),
                    status=rng.choice(STATUSES),
                    status_changed_at=now,
                    start=start,
                    end=start + timedelta(days=rng.randint(60, 400)),
                    budget_planned=Decimal(rng.randint(10, 300) * 100),
                    budget_spent=Decimal(rng.randint(0, 50) * 100),
                )
            )
            served.append(goal)
    measures = Measure.objects.bulk_create(measures, batch_size=BATCH)
    Measure.goals.through.objects.bulk_create(
        [Measure.goals.through(measure_id=m.pk, goal_id=g.pk) for m, g in zip(measures, served, strict=True)],
        batch_size=BATCH,
    )
    milestones = []
    for m in measures:
        for position, title in enumerate(("Vorbereitung", "Start")):
            due = m.start + timedelta(days=30 * (position + 1))
            done = due < today and rng.random() < 0.7
            milestones.append(
                Milestone(
                    measure=m, title=title, due_date=due, done=done, done_at=now if done else None, position=position
                )
            )
    Milestone.objects.bulk_create(milestones, batch_size=BATCH)
