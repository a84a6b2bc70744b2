"""Writes of the contributions: log, change, confirm, return. Each checks access again.

The status moves are data (`MOVES`); one service makes a move. Every save leaves a version in
the entry's history (django-simple-history), so changes after confirmation stay visible."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from planning.measures.models import Measure
from quartier.access import Action, can, forget_roles, require
from quartier.fields import SHORT_TEXT_MAX
from quartier.models import Quartier, User

from ..partners.accounts import partner_of
from ..partners.models import MeasurePartner, MembershipStatus, NetworkMembership, Partner
from .models import Contribution, ContributionKind, ContributionStatus, Unit

# Plausibility limits of one entry, per unit.
MAX_HOURS_PER_DAY = Decimal(24)
MAX_EUROS = Decimal(1_000_000)
MAX_COUNT = Decimal(10_000)
EARLIEST = datetime.date(2000, 1, 1)
FUTURE_DAYS = 366

S, C, R = ContributionStatus.SUBMITTED, ContributionStatus.CONFIRMED, ContributionStatus.RETURNED

# Allowed status moves → whether the move is the manager's decision (and so needs EDIT_NETWORK).
# A returned entry goes back to "submitted" when the partner changes it; a confirmed entry can
# still be returned when a mistake shows up later.
MOVES: dict[tuple[str, str], bool] = {
    (S, C): True,
    (S, R): True,
    (C, R): True,
    (R, S): False,
}


class ContributionError(Exception):
    """A status change the workflow refuses; the message is shown to the user."""


def amount_errors(*, kind: ContributionKind, amount: Decimal | None) -> list[str]:
    """What is wrong with the amount for the kind's unit (empty if nothing)."""
    if kind.unit == Unit.NONE:
        return []
    if amount is None:
        return [
            {
                Unit.HOURS: _("Please enter the number of hours."),
                Unit.EURO: _("Please enter the amount in euros."),
                Unit.COUNT: _("Please enter the number of items."),
            }[kind.unit]
        ]
    if amount < 0:
        return [_("The amount cannot be negative.")]
    if kind.unit == Unit.HOURS and amount > MAX_HOURS_PER_DAY:
        return [_("More than 24 hours in one day are not possible – please spread the hours over several days.")]
    if kind.unit == Unit.EURO and amount > MAX_EUROS:
        return [_("More than 1,000,000 € in one entry is not plausible – please check the amount.")]
    if kind.unit == Unit.COUNT and amount > MAX_COUNT:
        return [_("More than 10,000 items in one entry is not plausible – please check the number.")]
    return []


def date_errors(*, date: datetime.date, today: datetime.date) -> list[str]:
    if date < EARLIEST:
        return [_("Please enter a date from the year 2000 on.")]
    if date > today + datetime.timedelta(days=FUTURE_DAYS):
        return [_("The date may be at most one year ahead.")]
    return []


def validate(
    *,
    quartier: Quartier,
    partner: Partner,
    kind: ContributionKind,
    amount: Decimal | None,
    date: datetime.date,
    measure: Measure | None,
    description: str,
    today: datetime.date,
    any_measure: bool = False,
    check_active: bool = True,
) -> None:
    """Raise a ValidationError by field if the entry cannot be stored as it is. A partner counts
    entries towards its own measures only; managers (`any_measure`) towards any of the quartier."""
    errors: dict[str, list[str]] = {}
    if problems := amount_errors(kind=kind, amount=amount):
        errors["amount"] = problems
    if problems := date_errors(date=date, today=today):
        errors["date"] = problems
    if measure is not None:
        if measure.quartier_id != quartier.pk:
            errors["measure"] = [_("This measure does not belong to the quartier.")]
        elif not any_measure and not MeasurePartner.objects.filter(measure=measure, partner=partner).exists():
            errors["measure"] = [_("Your organisation does not take part in this measure.")]
    if len(description) > SHORT_TEXT_MAX:
        errors["description"] = [_("The description may be at most %(n)s characters long.") % {"n": SHORT_TEXT_MAX}]
    # New entries only for active partners; an old entry of a partner that has since left may still be corrected.
    if (
        check_active
        and not NetworkMembership.objects.filter(
            partner=partner, quartier=quartier, status=MembershipStatus.ACTIVE
        ).exists()
    ):
        errors["partner"] = [_("This partner is not active in the quartier's network.")]
    if errors:
        raise ValidationError(errors)


def _check_partner(user: User, quartier: Quartier, partner: Partner) -> bool:
    """Managers act for any partner (True); a partner user only for their own (False)."""
    if can(user, Action.EDIT_NETWORK, quartier):
        return True
    require(user, Action.LOG_CONTRIBUTIONS, quartier)
    own = partner_of(user)
    if own is None or own.pk != partner.pk:
        raise PermissionDenied
    return False


def _clean_fields(fields: dict[str, Any], kind: ContributionKind) -> dict[str, Any]:
    fields = dict(fields)
    fields["description"] = (fields.get("description") or "").strip()
    if kind.unit == Unit.NONE:
        fields["amount"] = None  # described only: an amount would mean nothing
    return fields


@transaction.atomic
def contribution_create(
    *,
    quartier: Quartier,
    user: User,
    partner: Partner,
    kind: ContributionKind,
    amount: Decimal | None,
    date: datetime.date,
    measure: Measure | None = None,
    description: str = "",
    today: datetime.date | None = None,
) -> Contribution:
    """Log a contribution of the partner; it starts as „eingereicht“ until the manager decides."""
    manager = _check_partner(user, quartier, partner)
    fields = _clean_fields(
        {"kind": kind, "amount": amount, "date": date, "measure": measure, "description": description}, kind
    )
    validate(quartier=quartier, partner=partner, today=today or timezone.localdate(), any_measure=manager, **fields)
    contribution = Contribution(
        quartier=quartier, partner=partner, status=ContributionStatus.SUBMITTED, submitted_by=user, **fields
    )
    contribution._history_user = user
    contribution.save()
    return contribution


def may_edit(user: User, contribution: Contribution, quartier: Quartier) -> bool:
    """Managers always; the partner's own users while it waits or was returned."""
    if can(user, Action.EDIT_NETWORK, quartier):
        return True
    own = partner_of(user)
    return (
        own is not None
        and own.pk == contribution.partner_id
        and can(user, Action.LOG_CONTRIBUTIONS, quartier)
        and contribution.status in (ContributionStatus.SUBMITTED, ContributionStatus.RETURNED)
    )


@transaction.atomic
def contribution_update(
    *,
    contribution_id: int,
    user: User,
    kind: ContributionKind,
    amount: Decimal | None,
    date: datetime.date,
    measure: Measure | None = None,
    description: str = "",
    partner: Partner | None = None,
    today: datetime.date | None = None,
) -> Contribution:
    """Change an entry. A partner's change to a returned entry submits it again; a manager's
    change keeps the status (a confirmed entry stays confirmed) and shows in the history."""
    contribution = (
        Contribution.objects.select_for_update().select_related("quartier", "partner").get(pk=contribution_id)
    )
    quartier = contribution.quartier
    forget_roles(user)
    if not may_edit(user, contribution, quartier):
        raise PermissionDenied
    manager = can(user, Action.EDIT_NETWORK, quartier)
    if partner is None or not manager:
        partner = contribution.partner
    _check_partner(user, quartier, partner)
    fields = _clean_fields(
        {"kind": kind, "amount": amount, "date": date, "measure": measure, "description": description}, kind
    )
    validate(
        quartier=quartier,
        partner=partner,
        today=today or timezone.localdate(),
        any_measure=manager,
        check_active=partner.pk != contribution.partner_id,
        **fields,
    )
    for name, value in fields.items():
        setattr(contribution, name, value)
    contribution.partner = partner
    contribution._history_user = user
    if not manager and contribution.status == ContributionStatus.RETURNED:
        _move(contribution, user=user, to_status=ContributionStatus.SUBMITTED)
        contribution._change_reason = _("changed and submitted again")
    contribution.save()
    return contribution


def _move(contribution: Contribution, *, user: User, to_status: str, reason: str = "") -> None:
    """Apply the move to the (locked) row in memory; the caller saves."""
    decision = MOVES.get((contribution.status, to_status))
    if decision is None:
        raise ContributionError(
            _("An entry cannot go from “%(from)s” to “%(to)s”.")
            % {"from": ContributionStatus(contribution.status).label, "to": ContributionStatus(to_status).label}
        )
    if decision:
        require(user, Action.EDIT_NETWORK, contribution.quartier)
        contribution.decided_by = user
        contribution.decided_at = timezone.now()
    if to_status == ContributionStatus.RETURNED:
        if not reason:
            raise ContributionError(_("Please say why the entry is returned, so that the partner can correct it."))
        contribution.return_reason = reason
    elif to_status == ContributionStatus.SUBMITTED:
        contribution.return_reason = ""
    contribution.status = to_status


@transaction.atomic
def contribution_set_status(*, contribution_id: int, user: User, to_status: str, reason: str = "") -> Contribution:
    """Confirm or return an entry (or submit a returned one again). The row is locked, so a
    double click makes one move: the second finds the entry moved already and is refused.
    Raises ContributionError or PermissionDenied."""
    reason = (reason or "").strip()
    if len(reason) > SHORT_TEXT_MAX:
        raise ContributionError(_("The reason may be at most %(n)s characters long.") % {"n": SHORT_TEXT_MAX})
    contribution = Contribution.objects.select_for_update().select_related("quartier").get(pk=contribution_id)
    forget_roles(user)
    if not MOVES.get((contribution.status, to_status), True) and not may_edit(
        user, contribution, contribution.quartier
    ):
        raise PermissionDenied
    _move(contribution, user=user, to_status=to_status, reason=reason)
    contribution._history_user = user
    contribution._change_reason = reason
    contribution.save()
    return contribution
