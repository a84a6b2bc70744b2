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
from django.db.models import Exists, OuterRef, Subquery
from django.http import Http404

from .models import Coordinator, Membership, Quartier, Role, User


class Action(StrEnum):
    VIEW = "view"
    EDIT_QUARTIER = "edit_quartier"
    WORK_ON_STEPS = "work_on_steps"  # tick items, add evidence, write notes
    MANAGE_STEPS = "manage_steps"  # complete, reopen, add own checklist items
    INVITE = "invite"
    MANAGE_TEAM = "manage_team"  # change roles, remove members, withdraw invitations
    REQUEST_REPORT = "request_report"
    SEE_CONTACTS = "see_contacts"  # members' e-mail addresses and the team's history


COORDINATOR = "coordinator"
ADMIN = "admin"

ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.MANAGER: frozenset(Action),
    Role.DEVELOPER: frozenset({Action.VIEW, Action.WORK_ON_STEPS, Action.REQUEST_REPORT, Action.SEE_CONTACTS}),
    # Partners and viewers come from outside the team: names and roles, no addresses.
    Role.PARTNER: frozenset({Action.VIEW}),
    Role.VIEWER: frozenset({Action.VIEW}),
    # Coordinators review read-only, reach the team and take reports for their department.
    COORDINATOR: frozenset({Action.VIEW, Action.REQUEST_REPORT, Action.SEE_CONTACTS}),
    ADMIN: frozenset(Action),
}


def role_of(user: User, quartier: Quartier) -> str | None:
    """The user's effective role in the quartier, or None. Memoised on the user object.

    Every right that applies counts: the membership role, coordination of the quartier's
    organisation and being a superuser. The strongest (the role with the most actions) wins,
    so a coordinator or superuser who is also listed as a viewer keeps their rights.
    One query per user and quartier at most; none for superusers, whom nothing outranks.
    """
    if not user.is_authenticated or not user.is_active:
        return None
    cache: dict[int, str | None] = user.__dict__.setdefault("_quartier_roles", {})
    if quartier.pk in cache:
        return cache[quartier.pk]
    cache[quartier.pk] = _strongest(_roles_of(user, quartier))
    return cache[quartier.pk]


def _roles_of(user: User, quartier: Quartier) -> set[str]:
    """Every role the user holds in the quartier, read in one query."""
    if user.is_superuser:
        return {ADMIN}
    row = (
        User.objects.filter(pk=user.pk)
        .annotate(
            membership_role=Subquery(
                Membership.objects.filter(user=OuterRef("pk"), quartier=quartier).values("role")[:1]
            ),
            coordinates=Exists(
                Coordinator.objects.filter(user=OuterRef("pk"), organisation_id=quartier.organisation_id)
            ),
        )
        .values_list("membership_role", "coordinates")
        .first()
    )
    membership_role, coordinates = row or (None, False)
    roles = {membership_role} if membership_role else set()
    if coordinates:
        roles.add(COORDINATOR)
    return roles


def _strongest(roles: set[str]) -> str | None:
    # The roles' actions form a chain (viewer = partner ⊂ coordinator ⊂ developer ⊂ manager =
    # admin), so the role with the most actions also holds every action of the others.
    return max(roles, key=lambda role: len(ROLE_ACTIONS[role]), default=None)


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


def forget_roles(user: User) -> None:
    """Drop the memoised roles, e.g. after a lock: someone else may have changed them meanwhile."""
    user.__dict__.pop("_quartier_roles", None)


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
