"""Who may change which measure: the one rule, used by the views and the services.

Managers and administrators (EDIT_MEASURES) change every measure of the quartier, create
and delete them. Developers (EDIT_OWN_MEASURES) carry out measures: they edit the ones they
are responsible for (fields, status, milestones), but neither create nor delete measures nor
hand one to somebody else – who does what is decided by those who steer the quartier.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from quartier.access import Action, allowed_actions
from quartier.models import Quartier, User

from .models import Measure


def can_manage_measures(user: User, quartier: Quartier) -> bool:
    """Create, delete and assign measures; edit every measure of the quartier."""
    return Action.EDIT_MEASURES in allowed_actions(user, quartier)


def can_edit_measure(user: User, measure: Measure, *, quartier: Quartier | None = None) -> bool:
    """Change the measure's fields, status and milestones."""
    actions = allowed_actions(user, quartier or measure.quartier)
    if Action.EDIT_MEASURES in actions:
        return True
    return (
        Action.EDIT_OWN_MEASURES in actions and measure.responsible_id is not None and measure.responsible_id == user.pk
    )


def require_edit_measure(user: User, measure: Measure, *, quartier: Quartier | None = None) -> None:
    if not can_edit_measure(user, measure, quartier=quartier):
        raise PermissionDenied


def require_manage_measures(user: User, quartier: Quartier) -> None:
    if not can_manage_measures(user, quartier):
        raise PermissionDenied
