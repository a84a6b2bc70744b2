"""Reads of the partners' part in measures: who leads and supports a measure, which measures a
partner takes part in, and whom a measure can be given to."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from planning.measures.models import Measure
from quartier.models import Quartier

from ..partners.models import MeasurePartner, MeasureRole, MembershipStatus, NetworkMembership, Partner


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


def measures_of_partner(*, partner: Partner, quartier: Quartier | None = None) -> QuerySet[Measure]:
    """The measures the partner takes part in (of one quartier, if given), by quartier and title.

    Each measure carries `partner_role` ("lead" or "support"); one query.
    """
    links = MeasurePartner.objects.filter(measure=OuterRef("pk"), partner=partner)
    measures = (
        Measure.objects.filter(Exists(links))
        .annotate(partner_role=Subquery(links.values("role")[:1]))
        .select_related("quartier")
        .order_by("quartier__name", "title", "pk")
    )
    if quartier is not None:
        measures = measures.filter(quartier=quartier)
    return measures


def partner_candidates(*, quartier: Quartier, measure: Measure | None = None) -> QuerySet[Partner]:
    """Partners a measure of the quartier can be given to: its network's members of the
    quartier's organisation that have not left, and those the measure already names."""
    member = NetworkMembership.objects.filter(partner=OuterRef("pk"), quartier=quartier).exclude(
        status=MembershipStatus.LEFT
    )
    condition = Q(Exists(member), organisation_id=quartier.organisation_id)
    if measure is not None:
        condition |= Q(Exists(MeasurePartner.objects.filter(partner=OuterRef("pk"), measure=measure)))
    return Partner.objects.filter(condition).order_by("name", "pk")
