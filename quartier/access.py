"""Who may see and do what in a quartier. The one place that decides access.

Views fetch quartiers through `get_quartier_or_404` (a quartier the user may not see
answers 404, the same as one that does not exist) and check actions with `require`
(an action the role may not take answers 403). Services check again with `require`.
The same rules are registered with django-rules as permissions (see `rules.py`).
"""

from __future__ import annotations

from enum import StrEnum

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Coordinator, Membership, Quartier, Role, User


class Action(StrEnum):
    VIEW = "view"
    EDIT_QUARTIER = "edit_quartier"
    WORK_ON_STEPS = "work_on_steps"  # tick items, add evidence, write notes
    MANAGE_STEPS = "manage_steps"  # complete, reopen, add own checklist items
    INVITE = "invite"
    REQUEST_REPORT = "request_report"


COORDINATOR = "coordinator"
ADMIN = "admin"

ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.MANAGER: frozenset(Action),
    Role.DEVELOPER: frozenset({Action.VIEW, Action.WORK_ON_STEPS, Action.REQUEST_REPORT}),
    Role.PARTNER: frozenset({Action.VIEW}),
    Role.VIEWER: frozenset({Action.VIEW}),
    # Coordinators review read-only and take reports for their department.
    COORDINATOR: frozenset({Action.VIEW, Action.REQUEST_REPORT}),
    ADMIN: frozenset(Action),
}


def role_of(user: User, quartier: Quartier) -> str | None:
    """The user's effective role in the quartier, or None. Memoised on the user object."""
    if not user.is_authenticated or not user.is_active:
        return None
    cache: dict[int, str | None] = user.__dict__.setdefault("_quartier_roles", {})
    if quartier.pk in cache:
        return cache[quartier.pk]
    role: str | None = Membership.objects.filter(user=user, quartier=quartier).values_list("role", flat=True).first()
    if role is None and Coordinator.objects.filter(user=user, organisation_id=quartier.organisation_id).exists():
        role = COORDINATOR
    if role is None and user.is_superuser:
        role = ADMIN
    cache[quartier.pk] = role
    return role


def can(user: User, action: Action | str, quartier: Quartier) -> bool:
    role = role_of(user, quartier)
    return role is not None and Action(action) in ROLE_ACTIONS[role]


def require(user: User, action: Action | str, quartier: Quartier) -> None:
    """Raise PermissionDenied (403) unless the user may take the action in the quartier."""
    if not can(user, action, quartier):
        raise PermissionDenied


def allowed_actions(user: User, quartier: Quartier) -> frozenset[Action]:
    role = role_of(user, quartier)
    return ROLE_ACTIONS[role] if role else frozenset()


def get_quartier_or_404(user: User, slug: str) -> Quartier:
    """The quartier with this slug if the user may see it; 404 otherwise."""
    quartier = Quartier.objects.visible_to(user).select_related("organisation").filter(slug=slug).first()
    if quartier is None:
        raise Http404
    return quartier


def is_coordinator(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or Coordinator.objects.filter(user=user).exists())


def _predicate(action: Action) -> rules.Predicate:
    @rules.predicate(name=f"can_{action.value}")
    def check(user: User, quartier: Quartier | None) -> bool:
        return quartier is not None and can(user, action, quartier)

    return check


PREDICATES: dict[Action, rules.Predicate] = {action: _predicate(action) for action in Action}
