"""Writes of the partners' part in measures."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from planning.measures.models import Measure
from quartier.access import Action, can
from quartier.models import Quartier, User

from ..partners.models import MeasurePartner, MeasureRole, Partner
from .selectors import partner_candidates


def can_assign_partners(user: User, quartier: Quartier) -> bool:
    """Who steers the measures or the network decides which partners take part in a measure."""
    return can(user, Action.EDIT_MEASURES, quartier) or can(user, Action.EDIT_NETWORK, quartier)


def require_assign_partners(user: User, quartier: Quartier) -> None:
    if not can_assign_partners(user, quartier):
        raise PermissionDenied


@transaction.atomic
def measure_partners_set(
    *, measure_id: int, user: User, lead: Partner | None, supporting: Iterable[Partner] = ()
) -> Measure:
    """Make `lead` the measure's one lead partner and `supporting` its supporting partners.

    Partners not named any more are removed. Only partners of the quartier's network (or
    already in the measure) can be chosen. A partner named as both leads. Every change is
    kept in the history of the links.
    """
    measure = Measure.objects.select_for_update().select_related("quartier").get(pk=measure_id)
    quartier = measure.quartier
    require_assign_partners(user, quartier)
    wanted: dict[int, str] = {p.pk: MeasureRole.SUPPORT for p in supporting}
    if lead is not None:
        wanted[lead.pk] = MeasureRole.LEAD
    allowed = set(
        partner_candidates(quartier=quartier, measure=measure).filter(pk__in=wanted).values_list("pk", flat=True)
    )
    if set(wanted) - allowed:
        raise ValidationError(_("Only partners of this quartier's network can take part in its measures."))

    links = {link.partner_id: link for link in MeasurePartner.objects.filter(measure=measure)}
    for partner_id, link in links.items():
        if partner_id not in wanted:
            link._history_user = user
            link.delete()
    # The old lead steps back before the new one is saved: one lead per measure at any time.
    changed = sorted(
        (link for pid, link in links.items() if pid in wanted and link.role != wanted[pid]),
        key=lambda link: wanted[link.partner_id] == MeasureRole.LEAD,
    )
    for link in changed:
        link.role = wanted[link.partner_id]
        link._history_user = user
        link.save(update_fields=["role"])
    for partner_id, role in wanted.items():
        if partner_id not in links:
            link = MeasurePartner(measure=measure, partner_id=partner_id, role=role)
            link._history_user = user
            link.save()
    return measure
