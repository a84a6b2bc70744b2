"""What the partner portal shows: the quartier's public face and the partner's own part in it.
Nothing else is read here – no checklist items, notes, activity, team or other partners' data."""

from __future__ import annotations

from dataclasses import dataclass

from planning.selectors import PhaseProgress, group_by_phase, steps_with_counts
from quartier.models import Quartier

from ..contributions.models import Contribution
from ..meetings.models import ActionItem, Meeting
from ..meetings.selectors import concerning
from ..partners.models import MeasurePartner, Partner
from ..selectors import KindTotal, NetworkTotals, confirmed_by_kind, network_totals

RECENT_CONTRIBUTIONS = 10


@dataclass
class Portal:
    measures: list[MeasurePartner]
    meetings: list[Meeting]
    action_items: list[ActionItem]
    contributions: list[Contribution]
    contributions_total: int
    totals: NetworkTotals
    by_kind: list[KindTotal]


def public_progress(*, quartier: Quartier) -> list[PhaseProgress]:
    """The ten steps with their status by phase; one query."""
    return group_by_phase(list(steps_with_counts(quartier_ids=[quartier.pk])))


def portal(*, quartier: Quartier, partner: Partner, entries: bool = True) -> Portal:
    """The partner's part in the quartier, in a fixed number of queries. Without `entries`, the
    partner's single contributions are left out (for team members who see only totals)."""
    measures = list(
        MeasurePartner.objects.filter(partner=partner, measure__quartier=quartier)
        .select_related("measure")
        .order_by("measure__title")
    )
    # The same meetings as the partner may open: invited, present, or holding one of its action items.
    meetings = list(Meeting.objects.filter(quartier=quartier).filter(concerning(partner)).order_by("-starts_at"))
    action_items = list(
        ActionItem.objects.filter(meeting__quartier=quartier, responsible_partner=partner)
        .select_related("meeting")
        .order_by("done", "due_date", "pk")
    )
    own = Contribution.objects.filter(quartier=quartier, partner=partner)
    if not entries:
        own = own.none()
    return Portal(
        measures=measures,
        meetings=meetings,
        action_items=action_items,
        contributions=list(own.select_related("kind", "measure")[:RECENT_CONTRIBUTIONS]),
        contributions_total=own.count(),
        totals=network_totals(quartier_ids=[quartier.pk])[quartier.pk],
        by_kind=confirmed_by_kind(quartier=quartier),
    )
