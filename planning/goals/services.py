"""Writes of goals: create, update and delete, each checked, validated and recorded in the history."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from planning.analysis.models import Indicator
from planning.goals.models import Goal
from quartier.access import Action, require
from quartier.models import Quartier, User

FIELDS = ("domain", "title", "description", "indicator", "baseline", "target", "target_date", "agreed_by", "agreed_on")


def _apply(
    goal: Goal,
    *,
    domain: str,
    title: str,
    description: str = "",
    indicator: Indicator | None = None,
    baseline: Decimal | None = None,
    target: Decimal | None = None,
    target_date: datetime.date | None = None,
    agreed_by: str = "",
    agreed_on: datetime.date | None = None,
) -> None:
    goal.domain = domain
    goal.title = title
    goal.description = description
    goal.indicator = indicator
    if indicator is None and (baseline is not None or target is not None):
        # Baseline and target only mean something against an indicator; dropping them would lose input.
        raise ValidationError({"indicator": _("Choose the indicator that baseline and target value refer to.")})
    goal.baseline = baseline
    goal.target = target
    goal.target_date = target_date
    goal.agreed_by = agreed_by
    goal.agreed_on = agreed_on
    goal.full_clean(exclude=["quartier", "created_by"])


@transaction.atomic
def goal_create(*, quartier: Quartier, user: User, **fields: object) -> Goal:
    """Create a goal of the quartier (managers). Raises ValidationError on bad values."""
    require(user, Action.EDIT_GOALS, quartier)
    goal = Goal(quartier=quartier, created_by=user)
    _apply(goal, **fields)  # type: ignore[arg-type]
    goal._history_user = user
    goal.save()
    return goal


@transaction.atomic
def goal_update(*, goal_id: int, user: User, **fields: object) -> Goal:
    """Change a goal. Raises Goal.DoesNotExist for a goal that is gone, ValidationError on bad values."""
    goal = Goal.objects.select_for_update().select_related("quartier").get(pk=goal_id)
    require(user, Action.EDIT_GOALS, goal.quartier)
    _apply(goal, **fields)  # type: ignore[arg-type]
    goal._history_user = user
    goal.save()
    return goal


@transaction.atomic
def goal_delete(*, goal_id: int, user: User) -> bool:
    """Delete a goal; the measures that served it stay. False when it was already gone."""
    goal = Goal.objects.select_for_update().select_related("quartier").filter(pk=goal_id).first()
    if goal is None:
        return False
    require(user, Action.EDIT_GOALS, goal.quartier)
    goal._history_user = user
    goal.delete()
    return True
