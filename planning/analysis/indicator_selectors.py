"""Reads of the indicators of a quartier: latest values, time series and the comparison with
the organisation's other quartiers. A fixed number of queries whatever the data holds."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.http import Http404

from planning.domains import IndicatorDomain
from quartier.models import Quartier

from .charts import Point
from .models import Indicator, IndicatorValue

# The list draws at most this many of the latest points per indicator; the detail page all of them.
LIST_CHART_POINTS = 20


@dataclass(frozen=True)
class Comparison:
    """The latest values of the organisation's other quartiers for one indicator."""

    count: int
    minimum: Decimal
    median: Decimal
    maximum: Decimal


@dataclass
class IndicatorRow:
    indicator: Indicator
    values: list[IndicatorValue] = field(default_factory=list)  # oldest first
    comparison: Comparison | None = None

    @property
    def latest(self) -> IndicatorValue | None:
        return self.values[-1] if self.values else None

    @property
    def points(self) -> list[Point]:
        return [Point(v.reference_date, v.value) for v in self.values]

    @property
    def recent_points(self) -> list[Point]:
        return self.points[-LIST_CHART_POINTS:]


@dataclass
class DomainGroup:
    domain: str
    label: str
    rows: list[IndicatorRow]


def compare(values: Iterable[Decimal]) -> Comparison | None:
    """Minimum, median and maximum; None when there is nothing to compare with.

    The median of an even count is the mean of the two middle values.
    """
    ordered = sorted(values)
    if not ordered:
        return None
    return Comparison(count=len(ordered), minimum=ordered[0], median=statistics.median(ordered), maximum=ordered[-1])


def _other_latest(quartier: Quartier, indicator_ids: Iterable[int] | None = None) -> dict[int, list[Decimal]]:
    """indicator id → the latest value of each other quartier of the same organisation. One query."""
    values = IndicatorValue.objects.filter(quartier__organisation_id=quartier.organisation_id).exclude(
        quartier_id=quartier.pk
    )
    if indicator_ids is not None:
        values = values.filter(indicator_id__in=list(indicator_ids))
    latest = (
        values.annotate(
            rank=Window(
                RowNumber(), partition_by=[F("quartier_id"), F("indicator_id")], order_by=F("reference_date").desc()
            )
        )
        .filter(rank=1)
        .values_list("indicator_id", "value")
        .order_by()
    )
    by_indicator: dict[int, list[Decimal]] = defaultdict(list)
    for indicator_id, value in latest:
        by_indicator[indicator_id].append(value)
    return by_indicator


def indicator_overview(*, quartier: Quartier) -> list[DomainGroup]:
    """The catalogue grouped by domain (Basisdaten, Wohnen, Soziales, Hilfe und Pflege), each
    indicator with its series in this quartier and the comparison. Three queries."""
    own = list(
        IndicatorValue.objects.filter(quartier=quartier)
        .order_by("indicator_id", "reference_date")
        .only("pk", "indicator_id", "value", "reference_date", "source")
    )
    series: dict[int, list[IndicatorValue]] = defaultdict(list)
    for value in own:
        series[value.indicator_id].append(value)
    # Retired indicators stay listed while the quartier has values of them.
    indicators = Indicator.objects.filter(Q(active=True) | Q(pk__in=list(series))).order_by("position", "code")
    others = _other_latest(quartier)
    rows: dict[str, list[IndicatorRow]] = defaultdict(list)
    for indicator in indicators:
        rows[indicator.domain].append(
            IndicatorRow(indicator, series.get(indicator.pk, []), compare(others.get(indicator.pk, [])))
        )
    return [DomainGroup(domain, label, rows[domain]) for domain, label in IndicatorDomain.choices if rows.get(domain)]


def indicator_detail(*, quartier: Quartier, indicator_id: int) -> IndicatorRow:
    """One indicator with its whole series in the quartier; 404 for an unknown indicator."""
    indicator = Indicator.objects.filter(pk=indicator_id).first()
    if indicator is None:
        raise Http404
    values = list(IndicatorValue.objects.filter(quartier=quartier, indicator=indicator).order_by("reference_date"))
    others = _other_latest(quartier, [indicator.pk])
    return IndicatorRow(indicator, values, compare(others.get(indicator.pk, [])))


def indicator_value_for(*, quartier: Quartier, value_id: int) -> IndicatorValue:
    """A value of this quartier; 404 for another quartier's, as for one that does not exist."""
    value = IndicatorValue.objects.filter(pk=value_id, quartier=quartier).select_related("indicator").first()
    if value is None:
        raise Http404
    return value
