"""What the Fortschrittsbericht shows beyond the ten steps: the analysis, the map, goals,
measures, funding and the network. A fixed number of queries, however many objects there are."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from network.contributions.selectors import summary as contribution_summary
from network.graph.layout import GraphPicture, network_graph
from network.models import Meeting, MembershipStatus, NetworkMembership, NetworkRole
from network.partners.selectors import MIN_ACTIVE_PARTNERS_PER_DOMAIN
from network.selectors import KindTotal, confirmed_by_kind, network_figures
from organisation.timesheets.report import time_section
from participation.models import Idea
from participation.selectors import (
    EventFigures,
    ParticipationFigures,
    adopted_ideas,
    declined_ideas,
    events_with_participants,
    participation_figures,
)
from planning.analysis.catchment import catchment_for
from planning.analysis.charts import Point, series_svg
from planning.analysis.models import DomainAssessment, Facility, FacilityCategory, Indicator, IndicatorValue
from planning.domains import Domain
from planning.funding.models import FundingSource
from quartier.models import Quartier

from .plan import measure_progress_rows
from .report_map import MapPoint, report_map

CHART_POINTS = 20  # as on the indicator page


@dataclass(frozen=True)
class IndicatorRow:
    """An indicator with its latest and previous value in the quartier."""

    indicator: Indicator
    latest: Decimal
    latest_date: datetime.date
    previous: Decimal | None = None
    previous_date: datetime.date | None = None
    series: tuple[Point, ...] = ()  # the values over time, oldest first (at most CHART_POINTS)

    @property
    def chart(self) -> str:
        """The series as the small SVG line the indicator page shows (with its text alternative)."""
        return series_svg(self.series, unit=self.indicator.unit, width=110, height=28) if len(self.series) > 1 else ""

    @property
    def change(self) -> Decimal | None:
        return None if self.previous is None else self.latest - self.previous

    @property
    def trend(self) -> str:
        """ "better", "worse", "same" or "" (no previous value, or an indicator without direction)."""
        change = self.change
        if change is None:
            return ""
        if change == 0:
            return "same"
        if self.indicator.direction == "up":
            return "better" if change > 0 else "worse"
        if self.indicator.direction == "down":
            return "better" if change < 0 else "worse"
        return ""


def key_indicators(*, quartier: Quartier) -> list[IndicatorRow]:
    """Each indicator with values in the quartier: its latest and previous value and its series. One query."""
    series: dict[int, list[IndicatorValue]] = {}
    for value in (
        IndicatorValue.objects.filter(quartier=quartier)
        .select_related("indicator")
        .order_by("indicator_id", "reference_date", "pk")
    ):
        series.setdefault(value.indicator_id, []).append(value)
    rows = []
    for values in series.values():
        latest, previous = values[-1], (values[-2] if len(values) > 1 else None)
        rows.append(
            IndicatorRow(
                indicator=latest.indicator,
                latest=latest.value,
                latest_date=latest.reference_date,
                previous=previous.value if previous else None,
                previous_date=previous.reference_date if previous else None,
                series=tuple(Point(day=v.reference_date, value=v.value) for v in values[-CHART_POINTS:]),
            )
        )
    order = {key: n for n, key in enumerate(["basis", *Domain.values])}
    return sorted(rows, key=lambda r: (order.get(r.indicator.domain, 99), r.indicator.position, r.indicator.code))


@dataclass(frozen=True)
class DomainStrengths:
    key: str
    label: str
    strengths: str
    weaknesses: str


def domain_strengths(*, quartier: Quartier) -> list[DomainStrengths]:
    """Strengths and weaknesses of each of the three domains (empty where not written yet). One query."""
    found = {a.domain: a for a in DomainAssessment.objects.filter(quartier=quartier)}
    return [
        DomainStrengths(
            key=key,
            label=str(label),
            strengths=found[key].strengths if key in found else "",
            weaknesses=found[key].weaknesses if key in found else "",
        )
        for key, label in Domain.choices
    ]


def supply_gaps(*, quartier: Quartier) -> list[dict[str, Any]] | None:
    """Facility categories under the coverage threshold, from the catchment analysis.

    Rows with `category` (title), `facilities` (count) and `coverage_percent` (one decimal);
    an empty list when every category is covered. None without a boundary or facilities:
    then there is nothing to measure.
    """
    catchment = catchment_for(quartier=quartier)
    if not (catchment.has_boundary and catchment.has_facilities):
        return None
    return [
        {"category": row.title, "facilities": row.facilities, "coverage_percent": round(row.percent or 0, 1)}
        for row in catchment.gaps
    ]


def quartier_map(*, quartier: Quartier):
    """The boundary and the facilities as an SVG map with its legend (None: nothing to draw). Two queries."""
    points = [
        MapPoint(lat=float(lat), lon=float(lon), category_key=key, name=name)
        for lat, lon, key, name in Facility.objects.filter(quartier=quartier).values_list(
            "lat", "lon", "category__key", "name"
        )
    ]
    categories = list(FacilityCategory.objects.values_list("key", "title"))
    return report_map(
        boundary=quartier.boundary,
        points=points,
        categories=categories,
        title=_("Map of %(quartier)s: boundary and facilities") % {"quartier": quartier.name},
    )


# A domain with fewer active partners than this is flagged: the same rule as the network page.
DOMAIN_MIN_PARTNERS = MIN_ACTIVE_PARTNERS_PER_DOMAIN


@dataclass(frozen=True)
class RolePartners:
    key: str
    label: str
    partners: tuple[str, ...]  # names of the active partners in this role


@dataclass(frozen=True)
class DomainCoverage:
    key: str
    label: str
    partners: int  # active partners serving the domain

    @property
    def too_few(self) -> bool:
        return self.partners < DOMAIN_MIN_PARTNERS


@dataclass(frozen=True)
class NetworkReport:
    """The report's section „Netzwerk und Beiträge“."""

    active_partners: int
    roles: list[RolePartners]
    coverage: list[DomainCoverage]
    expiring_agreements: list[NetworkMembership]
    confirmed_by_kind: list[KindTotal]
    confirmed_hours: Decimal
    confirmed_euros: Decimal
    meetings_last_year: int
    open_action_items: int
    overdue_action_items: int
    min_partners: int = DOMAIN_MIN_PARTNERS


def network_report(*, quartier: Quartier, today: datetime.date) -> NetworkReport:
    """Active partners by role and domain, expiring agreements, confirmed contributions, meetings
    and action items of the quartier's network. Eight queries."""
    active = list(
        NetworkMembership.objects.filter(quartier=quartier, status=MembershipStatus.ACTIVE)
        .select_related("partner")
        .order_by("partner__name", "pk")
    )
    roles = [
        RolePartners(key=key, label=str(label), partners=tuple(m.partner.name for m in active if m.role == key))
        for key, label in NetworkRole.choices
    ]
    coverage = [
        DomainCoverage(
            key=key, label=str(label), partners=sum(1 for m in active if getattr(m.partner, f"serves_{key}"))
        )
        for key, label in Domain.choices
    ]
    figures = network_figures(quartier=quartier, today=today)
    year_ago = today - datetime.timedelta(days=365)
    meetings = Meeting.objects.filter(
        quartier=quartier, starts_at__date__gt=year_ago, starts_at__date__lte=today
    ).count()
    return NetworkReport(
        active_partners=len(active),
        roles=roles,
        coverage=coverage,
        expiring_agreements=figures.expiring_agreements,
        confirmed_by_kind=confirmed_by_kind(quartier=quartier),
        confirmed_hours=figures.totals.confirmed_hours,
        confirmed_euros=figures.totals.confirmed_euros,
        meetings_last_year=meetings,
        open_action_items=figures.open_action_items,
        overdue_action_items=figures.overdue_action_items,
    )


def network_graph_svg(*, picture: GraphPicture) -> str | None:
    """The network graph (partners linked by shared measures and meetings) as inline SVG for the
    report, or None while there is no drawing to show: the section then leaves it out."""
    return picture.svg or None


@dataclass(frozen=True)
class ParticipationReport:
    """The report's section „Beteiligung“: responses by channel per survey, events with their
    participants and the share of people aged 80 and older, ideas and what became of them.
    No photos: the section shows figures and names only."""

    figures: ParticipationFigures
    events: list[EventFigures]
    adopted_ideas: list[Idea]
    declined_ideas: list[Idea]


def participation_report(*, quartier: Quartier, today: datetime.date) -> ParticipationReport:
    """Eight queries, however many surveys, responses, events and ideas there are."""
    return ParticipationReport(
        figures=participation_figures(quartier=quartier, today=today),
        events=events_with_participants(quartier=quartier),
        adopted_ideas=adopted_ideas(quartier=quartier),
        declined_ideas=declined_ideas(quartier=quartier),
    )


def report_context(*, quartier: Quartier, today: datetime.date) -> dict[str, Any]:
    """The report's sections on analysis, goals, measures, funding and the network (goals and runway
    are in the summary)."""
    picture = network_graph(quartier=quartier)
    contributions = contribution_summary(quartier=quartier)
    return {
        "contribution_summary": contributions,
        "contribution_groups": [
            (_("Per partner"), contributions.by_partner),
            (_("Per measure"), contributions.by_measure),
            (_("Per year"), contributions.by_year),
        ],
        "network": network_report(quartier=quartier, today=today),
        "participation": participation_report(quartier=quartier, today=today),
        **time_section(quartier=quartier, today=today),
        "network_graph": picture,
        "network_graph_svg": network_graph_svg(picture=picture),
        "key_indicators": key_indicators(quartier=quartier),
        "supply_gaps": supply_gaps(quartier=quartier),
        "domain_strengths": domain_strengths(quartier=quartier),
        "report_map": quartier_map(quartier=quartier),
        "measures": measure_progress_rows(quartier=quartier, today=today),
        "funding_sources": list(
            FundingSource.objects.filter(quartier=quartier).select_related("kind").order_by("start", "title", "pk")
        ),
        "today": today,
    }
