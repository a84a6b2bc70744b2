"""Many generated quartiers fast, with bulk inserts, for the 3,000-quartier run of the bench.

`seed_demo --quartiers N` creates each quartier through the services (about a second for
ten); for thousands this writes the same shape of data directly: ten steps with their
checklists, required items done with evidence for completed steps, some items in steps in
progress, backdated transitions, and the progress columns the services would have set; and
indicator values, facilities, goals and measures with milestones (bench/generate_planning.py).
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from bench.generate_planning import add_planning
from evaluation.demo_evidence import evidence_values
from evaluation.management.commands.seed_demo import _dates_as_given
from planning.models import (
    ChecklistItem,
    ChecklistTemplate,
    Evidence,
    StepProgress,
    StepStatus,
    StepTemplate,
    StepTransition,
)
from planning.progress import StepState, current_step
from quartier.models import Organisation, Quartier, SpatialType

DISTRICTS = ["Nord", "Süd", "Ost", "West", "Mitte", "Am Park", "Am Fluss", "Kirchberg", "Lindenhof"]
TOWNS = ["Musterstadt", "Beispielheim", "Neudorf", "Talbach"]
BATCH = 250


def add_quartiers(count: int, *, organisation_slug: str = "stadt-musterstadt") -> None:
    """Add `count` generated quartiers (slugs gen-NNNN, continuing the existing ones)."""
    org = Organisation.objects.get(slug=organisation_slug)
    start = Quartier.objects.filter(slug__startswith="gen-").count()
    templates = list(StepTemplate.objects.order_by("number"))
    checklists = list(ChecklistTemplate.objects.order_by("step__number", "position"))
    rng = random.Random(start + 7)
    for offset in range(0, count, BATCH):
        numbers = range(start + offset + 1, start + min(offset + BATCH, count) + 1)
        with transaction.atomic():
            _add_batch(org, numbers, templates, checklists, rng)


def _add_batch(org, numbers, templates, checklists, rng: random.Random) -> None:
    now = timezone.now()
    plans = []
    for n in numbers:
        done_upto = rng.choice([0, 1, 2, 3, 3, 4, 5, 6, 7, 8, 10])
        progress = set(range(done_upto + 1, min(10, done_upto + rng.randint(1, 3)) + 1))
        dates = {t.number: now - timedelta(days=(11 - t.number) * rng.randint(8, 20)) for t in templates}
        status = {
            t.number: StepStatus.DONE
            if t.number <= done_upto
            else StepStatus.IN_PROGRESS
            if t.number in progress
            else StepStatus.OPEN
            for t in templates
        }
        states = [
            StepState(t.number, status[t.number], dates[t.number] if status[t.number] != StepStatus.OPEN else None)
            for t in templates
        ]
        state = current_step(states, created_at=now)
        changed = [s.changed_at for s in states if s.changed_at]
        plans.append((n, status, dates, state, max(changed, default=None)))
    quartiers = Quartier.objects.bulk_create(
        [
            Quartier(
                organisation=org,
                slug=f"gen-{n:04d}",
                name=f"{rng.choice(DISTRICTS)} {n}",
                municipality=rng.choice(TOWNS),
                spatial_type=rng.choice(SpatialType.values),
                population=rng.randint(1500, 30000),
                current_step=state.number,
                current_step_status=state.status,
                current_step_since=state.since,
                steps_done=state.steps_done,
                last_activity_at=last,
            )
            for n, status, dates, state, last in plans
        ]
    )
    steps = StepProgress.objects.bulk_create(
        [
            StepProgress(
                quartier=q,
                template=t,
                status=status[t.number],
                status_changed_at=dates[t.number] if status[t.number] != StepStatus.OPEN else None,
            )
            for q, (_n, status, dates, _state, _last) in zip(quartiers, plans, strict=True)
            for t in templates
        ]
    )
    by_key = {(s.quartier_id, s.template_id): s for s in steps}
    items, transitions = [], []
    for q, (_n, status, _dates, _state, _last) in zip(quartiers, plans, strict=True):
        for t in templates:
            if status[t.number] != StepStatus.OPEN:
                step = by_key[q.pk, t.pk]
                transitions.append(
                    StepTransition(
                        step=step, from_status=StepStatus.OPEN, to_status=status[t.number], at=step.status_changed_at
                    )
                )
        for ct in checklists:
            step = by_key[q.pk, ct.step_id]
            done = (step.status == StepStatus.DONE and ct.required) or (
                step.status != StepStatus.OPEN and rng.random() < 0.5
            )
            items.append(
                ChecklistItem(
                    step=step,
                    template=ct,
                    position=ct.position,
                    title=ct.title,
                    required=ct.required,
                    evidence_kind=ct.evidence_kind,
                    object_kind=ct.object_kind,
                    done=done,
                    done_at=step.status_changed_at if done else None,
                )
            )
    # Created with the steps' dates (auto_now_add would stamp "now"), as the demo does.
    dated = (StepTransition._meta.get_field("at"), Evidence._meta.get_field("created_at"))
    with _dates_as_given(*dated):
        StepTransition.objects.bulk_create(transitions, batch_size=2000)
    items = ChecklistItem.objects.bulk_create(items, batch_size=2000)
    # Named after what it is, like a team's evidence; the step's date stands for its day.
    site = f"https://www.{org.slug}.example"
    names = {q.pk: (q.name, q.slug) for q in quartiers}
    steps_by_id = {s.pk: s for s in steps}
    numbers = {t.pk: t.number for t in templates}
    evidence = []
    for i in items:
        if not i.done:
            continue
        step = steps_by_id[i.step_id]
        name, slug = names[step.quartier_id]
        values = evidence_values(
            step=numbers[step.template_id],
            position=i.position,
            on=timezone.localdate(step.status_changed_at),
            quartier=name,
            slug=slug,
            site=site,
            rng=rng,
        )
        evidence.append(Evidence(item=i, created_at=step.status_changed_at, **values))
    with _dates_as_given(*dated):
        Evidence.objects.bulk_create(evidence, batch_size=2000)
    # What steps 3, 5 and 7 work with: indicator values, facilities, goals, measures, milestones.
    add_planning(quartiers, rng)
