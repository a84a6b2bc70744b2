"""Reads of quartiers, memberships and invitations, scoped to the user."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from .models import Invitation, Membership, Quartier, User


def quartier_list(*, user: User) -> QuerySet[Quartier]:
    return Quartier.objects.visible_to(user).select_related("organisation").order_by("name")


def member_list(*, quartier: Quartier) -> QuerySet[Membership]:
    return quartier.memberships.select_related("user").order_by("role", "user__last_name", "user__email")


def open_invitations(*, quartier: Quartier) -> QuerySet[Invitation]:
    return quartier.invitations.open().order_by("email")


def invitations_pending_for(*, user: User) -> QuerySet[Invitation]:
    """Open invitations sent to the user's address (in any case), oldest first."""
    if not user.is_authenticated or not user.is_active:
        return Invitation.objects.none()
    return (
        Invitation.objects.filter(email__iexact=user.email)
        .open()
        .select_related("quartier", "quartier__organisation", "invited_by")
        .order_by("created_at")
    )


def invitation_addressed_to(*, user: User, invitation_id: int) -> Invitation | None:
    """An invitation (in any state) sent to the user's address, or None."""
    if not user.is_authenticated:
        return None
    return Invitation.objects.select_related("quartier").filter(pk=invitation_id, email__iexact=user.email).first()


def invitation_account(*, invitation: Invitation) -> User | None:
    """The account of the invited address (active or not), or None."""
    return User.objects.filter(email__iexact=invitation.email).first()


@dataclass(frozen=True)
class TeamEvent:
    """One line of the team's history („Verlauf“)."""

    at: datetime
    by: User | None
    kind: str  # joined, role_changed, removed, invited, withdrawn, accepted, declined
    subject: str  # the member's name or the invited address
    role: str  # the role (display) after the event
    old_role: str = ""


def team_history(*, quartier: Quartier, limit: int = 20) -> list[TeamEvent]:
    """The newest changes to the quartier's team: memberships and invitations, newest first.

    Three queries whatever the history's length: the newest membership and invitation
    records, and the records just before the membership changes (for the old role).
    """
    membership_rows = list(
        Membership.history.filter(quartier_id=quartier.pk)
        .select_related("user", "history_user")
        .order_by("-history_date", "-history_id")[:limit]
    )
    changed_ids = {h.id for h in membership_rows if h.history_type == "~"}
    earlier: dict[int, list] = {}
    if changed_ids:
        for h in (
            Membership.history.filter(id__in=changed_ids, quartier_id=quartier.pk)
            .order_by("history_date", "history_id")
            .only("id", "history_id", "history_date", "role")
        ):
            earlier.setdefault(h.id, []).append(h)
    events: list[TeamEvent] = []
    for h in membership_rows:
        subject = str(h.user) if h.user_id and h.user else ""
        role = Membership(role=h.role).get_role_display()
        if h.history_type == "+":
            events.append(TeamEvent(h.history_date, h.history_user, "joined", subject, role))
        elif h.history_type == "-":
            events.append(TeamEvent(h.history_date, h.history_user, "removed", subject, role))
        else:
            before = [e for e in earlier.get(h.id, []) if e.history_id < h.history_id]
            old = before[-1].role if before else h.role
            if old != h.role:
                old_role = Membership(role=old).get_role_display()
                events.append(TeamEvent(h.history_date, h.history_user, "role_changed", subject, role, old_role))

    invitation_rows = (
        Invitation.history.filter(quartier_id=quartier.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:limit]
    )
    for h in invitation_rows:
        role = Invitation(role=h.role).get_role_display()
        if h.history_type == "+":
            kind = "invited"
        elif h.history_type == "-":
            continue  # deleted with the quartier, or by an administrator
        elif h.accepted_at is not None:
            kind = "accepted"
        elif h.declined_at is not None:
            kind = "declined"
        elif h.withdrawn_at is not None:
            kind = "withdrawn"
        else:
            continue
        events.append(TeamEvent(h.history_date, h.history_user, kind, h.email, role))
    events.sort(key=lambda e: e.at, reverse=True)
    return events[:limit]
