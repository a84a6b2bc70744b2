"""Rows of the analysis, goals, measures and funding for the evaluation tests, made directly."""

from __future__ import annotations

import datetime
from decimal import Decimal

from planning.models import (
    DomainAssessment,
    Facility,
    FacilityCategory,
    FundingKind,
    FundingSource,
    FundingStatus,
    Goal,
    Indicator,
    IndicatorValue,
    Measure,
    MeasureStatus,
    Milestone,
)

ALTSTADT_BOUNDARY = {
    "type": "Polygon",
    "coordinates": [[[7.46, 51.51], [7.475, 51.51], [7.475, 51.52], [7.46, 51.52], [7.46, 51.51]]],
}


def indicator(code: str) -> Indicator:
    return Indicator.objects.get(code=code)


def value(quartier, code: str, amount, on: datetime.date) -> IndicatorValue:
    return IndicatorValue.objects.create(
        quartier=quartier, indicator=indicator(code), value=Decimal(str(amount)), reference_date=on, source="Test"
    )


def measure(quartier, title: str, *, status=MeasureStatus.ACTIVE, end=None, responsible=None, domain="soziales"):
    return Measure.objects.create(
        quartier=quartier, title=title, status=status, end=end, responsible=responsible, domain=domain
    )


def milestone(measure_, title: str, due: datetime.date | None, *, done: bool = False) -> Milestone:
    return Milestone.objects.create(measure=measure_, title=title, due_date=due, done=done)


def goal(quartier, title: str, *, domain="soziales", code=None, baseline=None, target=None) -> Goal:
    return Goal.objects.create(
        quartier=quartier,
        title=title,
        domain=domain,
        indicator=indicator(code) if code else None,
        baseline=None if baseline is None else Decimal(str(baseline)),
        target=None if target is None else Decimal(str(target)),
    )


def funding(quartier, title: str, start, end, *, status=FundingStatus.GRANTED, amount=10000) -> FundingSource:
    return FundingSource.objects.create(
        quartier=quartier,
        kind=FundingKind.objects.get(key="kommune"),
        title=title,
        funder="Stadt Musterstadt",
        amount=Decimal(amount),
        start=start,
        end=end,
        status=status,
    )


def facility(quartier, name: str, category_key: str, lat: float, lon: float) -> Facility:
    category = FacilityCategory.objects.get(key=category_key)
    return Facility.objects.create(
        quartier=quartier,
        category=category,
        domain=category.domain,
        name=name,
        lat=Decimal(str(lat)),
        lon=Decimal(str(lon)),
    )


def assessment(quartier, domain: str, strengths: str, weaknesses: str) -> DomainAssessment:
    return DomainAssessment.objects.create(quartier=quartier, domain=domain, strengths=strengths, weaknesses=weaknesses)
