"""What the Fortschrittsbericht shows beyond the ten steps: the analysis, the map, goals,
measures and funding. A fixed number of queries, however many objects there are."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from planning.analysis.models import DomainAssessment, Facility, FacilityCategory, Indicator, IndicatorValue
from planning.domains import Domain
from planning.funding.models import FundingSource
from quartier.models import Quartier

from .plan import measure_progress_rows
from .report_map import MapPoint, report_map


@dataclass(frozen=True)
class IndicatorRow:
    """An indicator with its latest and previous value in the quartier."""

    indicator: Indicator
    latest: Decimal
    latest_date: datetime.date
    previous: Decimal | None = None
    previous_date: datetime.date | None = None

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
    """Each indicator with values in the quartier, with its two latest values. One query."""
    values = (
        IndicatorValue.objects.filter(quartier=quartier)
        .select_related("indicator")
        .annotate(
            rank=Window(
                RowNumber(), partition_by=[F("indicator_id")], order_by=[F("reference_date").desc(), F("pk").desc()]
            )
        )
        .filter(rank__lte=2)
        .order_by("indicator__domain", "indicator__position", "indicator__code", "rank")
    )
    rows: dict[int, IndicatorRow] = {}
    for v in values:
        if v.rank == 1:
            rows[v.indicator_id] = IndicatorRow(indicator=v.indicator, latest=v.value, latest_date=v.reference_date)
        elif v.indicator_id in rows:
            first = rows[v.indicator_id]
            rows[v.indicator_id] = IndicatorRow(
                indicator=first.indicator,
                latest=first.latest,
                latest_date=first.latest_date,
                previous=v.value,
                previous_date=v.reference_date,
            )
    order = {key: n for n, key in enumerate(["basis", *Domain.values])}
    return sorted(
        rows.values(), key=lambda r: (order.get(r.indicator.domain, 99), r.indicator.position, r.indicator.code)
    )


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


def supply_gaps(*, quartier: Quartier) -> list[Any]:
    """Facility categories under the coverage threshold, from the catchment analysis.

    Rows with `category` (title), `facilities` (count) and `coverage_percent`. Wired to
    planning.analysis.catchment when that lands; until then nothing is computed here.
    """
    return []


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


def report_context(*, quartier: Quartier, today: datetime.date) -> dict[str, Any]:
    """The report's sections on analysis, goals, measures and funding (goals and runway are in the summary)."""
    return {
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
