"""Writes of measures and milestones. Each function checks access again, is atomic and
keyword-only. Status changes go through workflow.measure_set_status."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from planning.goals.models import Goal
from quartier.models import Membership, Quartier, User

from .access import can_manage_measures, require_edit_measure, require_manage_measures
from .models import Measure, MeasureStatus, Milestone

# The fields a form may set; everything else (status, quartier, creator) has its own way in.
EDITABLE = (
    "title",
    "description",
    "domain",
    "target_group",
    "responsible",
    "start",
    "end",
    "budget_planned",
    "budget_spent",
)


def _check_people_and_goals(quartier: Quartier, responsible: User | None, goals: Iterable[Goal]) -> None:
    """Only the quartier's members can be responsible, and only its own goals served."""
    if responsible is not None and not Membership.objects.filter(quartier=quartier, user=responsible).exists():
        raise ValidationError({"responsible": _("Only members of the quartier can be responsible.")})
    if any(goal.quartier_id != quartier.pk for goal in goals):
        raise ValidationError({"goals": _("Only goals of this quartier can be chosen.")})


def measure_create(
    *,
    quartier: Quartier,
    user: User,
    goals: Iterable[Goal] = (),
    status: str = MeasureStatus.PLANNED,
    **fields: object,
) -> Measure:
    """Create a measure in the quartier (managers and administrators)."""
    require_manage_measures(user, quartier)
    goals = list(goals)
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"measure_create: unexpected fields {sorted(unknown)}")
    with transaction.atomic():
        measure = Measure(quartier=quartier, created_by=user, status=status, **fields)
        if status != MeasureStatus.PLANNED:
            measure.status_changed_at = timezone.now()
        _check_people_and_goals(quartier, measure.responsible, goals)
        measure.full_clean()
        measure.save()
        measure.goals.set(goals)
    return measure


def measure_update(*, measure_id: int, user: User, goals: Iterable[Goal] | None = None, **fields: object) -> Measure:
    """Change a measure's fields. Developers may not hand their measure to somebody else."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"measure_update: unexpected fields {sorted(unknown)}")
    with transaction.atomic():
        measure = Measure.objects.select_for_update().select_related("quartier").get(pk=measure_id)
        require_edit_measure(user, measure)
        if "responsible" in fields and not can_manage_measures(user, measure.quartier):
            responsible = fields.pop("responsible")
            if getattr(responsible, "pk", None) != measure.responsible_id:
                raise ValidationError({"responsible": _("Only the quartier's managers assign measures.")})
        for name, value in fields.items():
            setattr(measure, name, value)
        goal_list = list(goals) if goals is not None else []
        _check_people_and_goals(measure.quartier, measure.responsible, goal_list)
        measure.full_clean()
        measure.save(update_fields=[*fields, "updated_at"])
        if goals is not None:
            measure.goals.set(goal_list)
    return measure


def measure_delete(*, measure_id: int, user: User) -> str:
    """Delete a measure with its milestones and history of moves; returns its title."""
    with transaction.atomic():
        measure = Measure.objects.select_for_update().select_related("quartier").get(pk=measure_id)
        require_manage_measures(user, measure.quartier)
        title = measure.title
        measure.delete()
    return title


def _measure_for_change(measure_id: int, user: User) -> Measure:
    measure = Measure.objects.select_for_update().select_related("quartier").get(pk=measure_id)
    require_edit_measure(user, measure)
    return measure


def milestone_add(*, measure_id: int, user: User, title: str, due_date: datetime.date | None = None) -> Milestone:
    """Add a milestone at the end of the measure's list."""
    with transaction.atomic():
        measure = _measure_for_change(measure_id, user)
        last = measure.milestones.aggregate(m=Max("position"))["m"]
        milestone = Milestone(measure=measure, title=title, due_date=due_date, position=(last or 0) + 1)
        milestone.full_clean()
        milestone.save()
        Measure.objects.filter(pk=measure.pk).update(updated_at=timezone.now())
    return milestone


def _milestone_for_change(milestone_id: int, user: User) -> Milestone:
    milestone = Milestone.objects.select_for_update().select_related("measure__quartier").get(pk=milestone_id)
    require_edit_measure(user, milestone.measure)
    return milestone


def milestone_update(*, milestone_id: int, user: User, title: str, due_date: datetime.date | None = None) -> Milestone:
    """Rename a milestone or move its due date."""
    with transaction.atomic():
        milestone = _milestone_for_change(milestone_id, user)
        milestone.title, milestone.due_date = title, due_date
        milestone.full_clean()
        milestone.save(update_fields=["title", "due_date"])
    return milestone


def milestone_set_done(*, milestone_id: int, user: User, done: bool) -> Milestone:
    """Tick or untick a milestone; ticking twice keeps the first date."""
    with transaction.atomic():
        milestone = _milestone_for_change(milestone_id, user)
        if milestone.done != done:
            milestone.done = done
            milestone.done_at = timezone.now() if done else None
            milestone.save(update_fields=["done", "done_at"])
    return milestone


def milestone_delete(*, milestone_id: int, user: User) -> Milestone:
    """Remove a milestone; returns it (unsaved) so the page can name it."""
    with transaction.atomic():
        milestone = _milestone_for_change(milestone_id, user)
        milestone.delete()
    return milestone
