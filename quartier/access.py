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

from .models import Coordinator, Membership, Organisation, Quartier, Role, User


class Action(StrEnum):
    VIEW = "view"  # the team's workspace: cockpit, steps, analysis, goals, measures, funding, documents, team
    # A partner's narrow view: the quartier's name, Leitbild and public progress, and their own
    # partner's measures, meetings, action items and contributions (network/portal). Everyone who
    # reads the workspace may open it too.
    VIEW_PORTAL = "view_portal"
    EDIT_QUARTIER = "edit_quartier"
    WORK_ON_STEPS = "work_on_steps"  # tick items, add evidence, write notes
    MANAGE_STEPS = "manage_steps"  # complete, reopen, add own checklist items
    INVITE = "invite"
    MANAGE_TEAM = "manage_team"  # change roles, remove members, withdraw invitations
    REQUEST_REPORT = "request_report"
    SEE_CONTACTS = "see_contacts"  # members' e-mail addresses and the team's history
    EDIT_ANALYSIS = "edit_analysis"  # indicator values, facilities, boundary, strengths and weaknesses
    EDIT_GOALS = "edit_goals"
    EDIT_MEASURES = "edit_measures"  # every measure of the quartier; create and delete
    EDIT_OWN_MEASURES = "edit_own_measures"  # the measures one is responsible for
    EDIT_FUNDING = "edit_funding"
    SEE_PARTNER_CONTACTS = "see_partner_contacts"  # the people at partners: names, e-mail, phone
    EDIT_NETWORK = "edit_network"  # partners, contacts, memberships, meetings; confirm contributions
    LOG_CONTRIBUTIONS = "log_contributions"  # for the partner one acts for
    EDIT_PARTICIPATION = "edit_participation"  # surveys, events and ideas
    ENTER_RESPONSES = "enter_responses"  # type in paper questionnaires and interviews
    # Quartier work as a job (organisation app). Partners and viewers see none of it.
    VIEW_STAFF = "view_staff"  # posts, hours per quartier in total, the team's competence gaps
    EDIT_STAFFING = "edit_staffing"  # add, change and end posts
    RECORD_TIME = "record_time"  # one's own monthly hours (managers: everyone's in the quartier)
    SEE_TEAM_TIME = "see_team_time"  # every person's hours, not only the totals
    SEE_COMPETENCES = "see_competences"  # other people's self-assessments (the matrix)


COORDINATOR = "coordinator"
ADMIN = "admin"

ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.MANAGER: frozenset(Action),
    # Developers carry out measures; the team's addresses and history stay with those who steer it.
    # They edit the measures they are responsible for (status, milestones, spending), no others.
    # They work with the partners on site, so they reach the partners' contacts.
    Role.DEVELOPER: frozenset(
        {
            Action.VIEW,
            Action.VIEW_PORTAL,
            Action.WORK_ON_STEPS,
            Action.REQUEST_REPORT,
            Action.EDIT_OWN_MEASURES,
            Action.SEE_PARTNER_CONTACTS,
            Action.ENTER_RESPONSES,
            Action.VIEW_STAFF,
            Action.RECORD_TIME,
        }
    ),
    # Partners see only what concerns their own partner (the partner portal), not the workspace.
    Role.PARTNER: frozenset({Action.VIEW_PORTAL, Action.LOG_CONTRIBUTIONS}),
    # Viewers come from outside the team: names and roles, no addresses.
    Role.VIEWER: frozenset({Action.VIEW, Action.VIEW_PORTAL}),
    # Coordinators review read-only, reach the team and the partners and take reports for their department.
    # They see the staff's competences (staff development is theirs) but only totals of the hours.
    COORDINATOR: frozenset(
        {
            Action.VIEW,
            Action.VIEW_PORTAL,
            Action.REQUEST_REPORT,
            Action.SEE_CONTACTS,
            Action.SEE_PARTNER_CONTACTS,
            Action.VIEW_STAFF,
            Action.SEE_COMPETENCES,
        }
    ),
    ADMIN: frozenset(Action),
}


# Which role a person is shown as when several apply: the one that carries the work.
RANK: dict[str, int] = {
    ADMIN: 5,
    Role.MANAGER: 4,
    Role.DEVELOPER: 3,
    COORDINATOR: 2,
    Role.PARTNER: 1,
    Role.VIEWER: 0,
}


def roles_of(user: User, quartier: Quartier) -> frozenset[str]:
    """Every role the user holds in the quartier. Memoised on the user object.

    The membership role, coordination of the quartier's organisation and being a superuser
    all count. One query per user and quartier at most; none for superusers.
    """
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cache: dict[int, frozenset[str]] = user.__dict__.setdefault("_quartier_roles", {})
    if quartier.pk not in cache:
        cache[quartier.pk] = frozenset(_roles_of(user, quartier))
    return cache[quartier.pk]


def role_of(user: User, quartier: Quartier) -> str | None:
    """The role the user acts in: the highest-ranked of the roles they hold, or None."""
    return max(roles_of(user, quartier), key=RANK.__getitem__, default=None)


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


def allowed_actions(user: User, quartier: Quartier) -> frozenset[Action]:
    """Every right of every role the user holds: a coordinator listed as a viewer keeps hers."""
    return frozenset().union(*(ROLE_ACTIONS[role] for role in roles_of(user, quartier)))


def can(user: User, action: Action | str, quartier: Quartier) -> bool:
    return Action(action) in allowed_actions(user, quartier)


def require(user: User, action: Action | str, quartier: Quartier) -> None:
    """Raise PermissionDenied (403) unless the user may take the action in the quartier."""
    if not can(user, action, quartier):
        raise PermissionDenied


def forget_roles(user: User) -> None:
    """Drop the memoised roles, e.g. after a lock: someone else may have changed them meanwhile."""
    user.__dict__.pop("_quartier_roles", None)


def get_quartier_or_404(user: User, slug: str, action: Action = Action.VIEW) -> Quartier:
    """The quartier with this slug if the user may see it (404 otherwise) and may take the
    action in it (403 otherwise). By default the action is reading the team's workspace,
    which partners may not: their pages ask for `Action.VIEW_PORTAL`."""
    quartier = Quartier.objects.visible_to(user).select_related("organisation").filter(slug=slug).first()
    if quartier is None:
        raise Http404
    require(user, action, quartier)
    return quartier


def get_organisation_or_404(user: User, slug: str) -> Organisation:
    """The organisation with this slug if the user coordinates it (or is a superuser); 404 for
    everyone else, as for one that does not exist. Its organisation check is theirs."""
    if not user.is_authenticated or not user.is_active:
        raise Http404
    organisations = Organisation.objects.all()
    if not user.is_superuser:
        organisations = organisations.filter(pk__in=Coordinator.objects.filter(user=user).values("organisation"))
    organisation = organisations.filter(slug=slug).first()
    if organisation is None:
        raise Http404
    return organisation


def coordinated_organisations(user: User) -> list[Organisation]:
    """The organisations whose coordinator the user is (every one for superusers)."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_superuser:
        return list(Organisation.objects.all())
    return list(Organisation.objects.filter(pk__in=Coordinator.objects.filter(user=user).values("organisation")))


def is_coordinator(user: User) -> bool:
    return user.is_authenticated and (user.is_superuser or Coordinator.objects.filter(user=user).exists())


def _predicate(action: Action) -> rules.Predicate:
    @rules.predicate(name=f"can_{action.value}")
    def check(user: User, quartier: Quartier | None) -> bool:
        return quartier is not None and can(user, action, quartier)

    return check


PREDICATES: dict[Action, rules.Predicate] = {action: _predicate(action) for action in Action}
