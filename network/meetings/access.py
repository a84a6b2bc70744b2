"""Who may do what with meetings and action items: the one rule, used by views and services.

The team's managers (EDIT_NETWORK) plan meetings, write the minutes and hand out tasks. An
action item may also be marked done by whoever it was given to: the person responsible, or a
user acting for the responsible partner. Partner users see a meeting only when it concerns
their partner (invited, present, or responsible for one of its action items).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from quartier.access import Action, can
from quartier.models import Quartier, User

from ..partners.accounts import partner_of
from .models import ActionItem


def can_edit_network(user: User, quartier: Quartier) -> bool:
    return can(user, Action.EDIT_NETWORK, quartier)


def require_edit_network(user: User, quartier: Quartier) -> None:
    if not can_edit_network(user, quartier):
        raise PermissionDenied


def is_assignee(user: User, item: ActionItem) -> bool:
    """The item was given to this person, or to the partner they act for."""
    if item.responsible_user_id is not None and item.responsible_user_id == user.pk:
        return True
    partner = partner_of(user)
    return partner is not None and item.responsible_partner_id == partner.pk


def can_tick(user: User, item: ActionItem, quartier: Quartier) -> bool:
    """Mark the item done or open again."""
    if can_edit_network(user, quartier):
        return True
    return can(user, Action.VIEW_PORTAL, quartier) and is_assignee(user, item)


def require_tick(user: User, item: ActionItem, quartier: Quartier) -> None:
    if not can_tick(user, item, quartier):
        raise PermissionDenied
