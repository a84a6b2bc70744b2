"""Reads of quartiers and memberships, scoped to the user."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Invitation, Membership, Quartier, User


def quartier_list(*, user: User) -> QuerySet[Quartier]:
    return Quartier.objects.visible_to(user).select_related("organisation").order_by("name")


def member_list(*, quartier: Quartier) -> QuerySet[Membership]:
    return quartier.memberships.select_related("user").order_by("role", "user__last_name", "user__email")


def open_invitations(*, quartier: Quartier) -> QuerySet:
    from django.utils import timezone

    return quartier.invitations.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())


def invitation_has_account(*, invitation: Invitation) -> bool:
    """Whether the invited address already has an account (active or not)."""
    return User.objects.filter(email__iexact=invitation.email).exists()
