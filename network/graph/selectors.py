"""Reads for the network picture: who is in the quartier's network and who works with whom,
in a fixed number of queries whatever the size of the network."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from planning.measures.models import Measure
from quartier.models import Quartier

from ..meetings.models import Meeting
from ..partners.models import MeasurePartner
from ..partners.selectors import network_partners


@dataclass
class NetworkLinks:
    """The partners of a quartier's network (id → name) and what each takes part in."""

    partners: dict[int, str] = field(default_factory=dict)
    # partner id → measure ids / meeting ids (invited or present)
    measures: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    meetings: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))


def network_links(*, quartier: Quartier) -> NetworkLinks:
    """Who takes part in which measure and meeting of the quartier: four queries."""
    links = NetworkLinks()
    for measure_id, partner_id in MeasurePartner.objects.filter(measure__quartier=quartier).values_list(
        "measure_id", "partner_id"
    ):
        links.measures[partner_id].add(measure_id)
    for through in (Meeting.invited.through, Meeting.present.through):
        for meeting_id, partner_id in through.objects.filter(meeting__quartier=quartier).values_list(
            "meeting_id", "partner_id"
        ):
            links.meetings[partner_id].add(meeting_id)
    involved = set(links.measures) | set(links.meetings)
    links.partners = dict(
        network_partners(quartier=quartier, keep=involved).order_by("name", "pk").values_list("pk", "name")
    )
    return links


@dataclass
class MatrixData:
    partners: list[tuple[int, str]]
    measures: list[tuple[int, str]]
    roles: dict[tuple[int, int], str]  # (partner id, measure id) → "lead" / "support"


def partner_measure_matrix(*, quartier: Quartier) -> MatrixData:
    """The quartier's network partners × its measures, with each partner's role; three queries."""
    roles = {
        (partner_id, measure_id): role
        for partner_id, measure_id, role in MeasurePartner.objects.filter(measure__quartier=quartier).values_list(
            "partner_id", "measure_id", "role"
        )
    }
    involved = {partner_id for partner_id, _measure_id in roles}
    partners = list(network_partners(quartier=quartier, keep=involved).order_by("name", "pk").values_list("pk", "name"))
    measures = list(Measure.objects.filter(quartier=quartier).order_by("title", "pk").values_list("pk", "title"))
    return MatrixData(partners=partners, measures=measures, roles=roles)
