"""Reads of the partners' part in measures: who leads and supports a measure, which measures a
partner takes part in, and whom a measure can be given to."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from planning.measures.models import Measure
from quartier.models import Quartier

from ..partners.models import MeasurePartner, MeasureRole, Partner
from ..partners.selectors import network_partners


@dataclass
class MeasurePartners:
    lead: Partner | None = None
    supporting: list[Partner] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return self.lead is None and not self.supporting


def partners_of_measure(*, measure: Measure) -> MeasurePartners:
    """The measure's lead partner and its supporting partners by name; one query."""
    result = MeasurePartners()
    links = MeasurePartner.objects.filter(measure=measure).select_related("partner").order_by("partner__name")
    for link in links:
        if link.role == MeasureRole.LEAD:
            result.lead = link.partner
        else:
            result.supporting.append(link.partner)
    return result


def partner_candidates(*, quartier: Quartier, measure: Measure | None = None) -> QuerySet[Partner]:
    """Partners a measure of the quartier can be given to: its network's members that have not
    left, and those the measure already names."""
    named = MeasurePartner.objects.filter(measure=measure).values_list("partner_id", flat=True) if measure else []
    return network_partners(quartier=quartier, keep=list(named))
