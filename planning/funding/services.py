"""Writes of funding sources and their shares, each checked, validated and recorded in the history."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from planning.funding.models import FundingShare, FundingSource
from planning.measures.models import Measure
from quartier.access import Action, require
from quartier.models import Quartier, User
from quartier.templatetags.quartier_format import euro

FIELDS = ("kind", "title", "funder", "domain", "amount", "start", "end", "status", "notes")

Shares = Sequence[tuple[Measure, Decimal]]


def share_total_error(total: Decimal, amount: Decimal) -> str:
    return _("The measures get %(total)s in all, more than the source's amount of %(amount)s.") % {
        "total": euro(total),
        "amount": euro(amount),
    }


def _check_shares(source: FundingSource, shares: Shares) -> None:
    ids = [measure.pk for measure, _amount in shares]
    if len(set(ids)) != len(ids):
        raise ValidationError(_("A measure is listed twice; give it one row with the whole amount."))
    ours = set(Measure.objects.filter(quartier_id=source.quartier_id, pk__in=ids).values_list("pk", flat=True))
    if ours != set(ids):
        raise ValidationError(_("Only measures of this quartier can be paid for by its funding."))
    if any(amount < 0 for _measure, amount in shares):
        raise ValidationError(_("An amount must not be negative."))
    total = sum((amount for _measure, amount in shares), Decimal(0))
    if total > source.amount:
        raise ValidationError(share_total_error(total, source.amount))


def _save(source: FundingSource, user: User, fields: dict[str, object], shares: Shares) -> FundingSource:
    for name in FIELDS:
        if name in fields:
            setattr(source, name, fields[name])
    source.full_clean(exclude=["quartier", "created_by"])
    _check_shares(source, shares)
    source._history_user = user
    source.save()
    # The rows say what the source pays for now: replace the old ones.
    FundingShare.objects.filter(source=source).delete()
    FundingShare.objects.bulk_create(
        [FundingShare(source=source, measure=measure, amount=amount) for measure, amount in shares]
    )
    return source


@transaction.atomic
def funding_create(*, quartier: Quartier, user: User, shares: Shares = (), **fields: object) -> FundingSource:
    """Create a funding source of the quartier with the measures it pays for (managers).
    Raises ValidationError on bad values, shares above the amount or another quartier's measure."""
    require(user, Action.EDIT_FUNDING, quartier)
    return _save(FundingSource(quartier=quartier, created_by=user), user, fields, shares)


@transaction.atomic
def funding_update(*, source_id: int, user: User, shares: Shares = (), **fields: object) -> FundingSource:
    """Change a funding source and replace its shares. Raises FundingSource.DoesNotExist or ValidationError."""
    source = FundingSource.objects.select_for_update().select_related("quartier").get(pk=source_id)
    require(user, Action.EDIT_FUNDING, source.quartier)
    return _save(source, user, fields, shares)


@transaction.atomic
def funding_delete(*, source_id: int, user: User) -> bool:
    """Delete a funding source with its shares. False when it was already gone."""
    source = FundingSource.objects.select_for_update().select_related("quartier").filter(pk=source_id).first()
    if source is None:
        return False
    require(user, Action.EDIT_FUNDING, source.quartier)
    source._history_user = user
    source.delete()
    return True
