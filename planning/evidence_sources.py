"""The objects each module offers as checklist evidence (see planning/evidence_objects.py)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Case, IntegerField, OuterRef, QuerySet, Subquery, Value, When
from django.urls import NoReverseMatch, reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from quartier.models import Quartier

from .analysis.models import DomainAssessment, Facility, IndicatorValue
from .domains import Domain
from .evidence_objects import EXTRA_KINDS_BY_STEP, EvidenceSource, register
from .funding.models import FundingSource
from .goals.models import Goal
from .measures.models import Measure


def _reverse_or_none(name: str, **kwargs: object) -> str | None:
    """The URL of a page, or None while the page does not exist (yet)."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def plain_number(value: Decimal) -> str:
    """A stored value as people write it: 4.210, 12,5 (no trailing zeros of the column's scale)."""
    value = value.normalize()
    if value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return number_format(value, force_grouping=True)


# Strengths and weaknesses, indicator values: per quartier one entry per indicator or domain.


def _latest_indicator_values(quartier: Quartier) -> QuerySet[IndicatorValue]:
    """One entry per indicator: its latest value in the quartier."""
    latest = (
        IndicatorValue.objects.filter(quartier=OuterRef("quartier"), indicator=OuterRef("indicator"))
        .order_by("-reference_date")
        .values("reference_date")[:1]
    )
    return (
        IndicatorValue.objects.filter(quartier=quartier, reference_date=Subquery(latest))
        .select_related("indicator")
        .order_by("indicator__position", "indicator__code")
    )


def _indicator_value_label(value: IndicatorValue) -> str:
    return _("%(indicator)s: %(value)s %(unit)s (%(date)s)") % {
        "indicator": value.indicator.title,
        "value": plain_number(value.value),
        "unit": value.indicator.unit,
        "date": date_format(value.reference_date, "SHORT_DATE_FORMAT"),
    }


register(
    EvidenceSource(
        kind="indicator_values",
        candidates=_latest_indicator_values,
        label=_indicator_value_label,
        model=IndicatorValue,
        url=lambda quartier, obj: reverse("indicator_detail", args=[quartier.slug, obj.indicator_id]),
        create_url=lambda quartier: _reverse_or_none("indicator_list", slug=quartier.slug),
    )
)

register(
    EvidenceSource(
        kind="facility",
        candidates=lambda quartier: (
            Facility.objects.filter(quartier=quartier).select_related("category").order_by("category__position", "name")
        ),
        label=lambda facility: _("%(name)s (%(category)s)") % {"name": facility.name, "category": facility.category},
        model=Facility,
        url=lambda quartier, obj: reverse("facility_list", args=[quartier.slug]),
        create_url=lambda quartier: reverse("quartier_map", args=[quartier.slug]),
    )
)

_DOMAIN_ORDER = Case(
    *(When(domain=value, then=Value(position)) for position, value in enumerate(Domain.values)),
    output_field=IntegerField(),
)


def _assessments(quartier: Quartier) -> QuerySet[DomainAssessment]:
    """The domains whose strengths or weaknesses are written: an empty assessment proves nothing."""
    return (
        DomainAssessment.objects.filter(quartier=quartier).exclude(strengths="", weaknesses="").order_by(_DOMAIN_ORDER)
    )


def _analysis_url(quartier: Quartier, obj: DomainAssessment) -> str | None:
    url = _reverse_or_none("analysis", slug=quartier.slug)
    return f"{url}#domain-{obj.domain}" if url else None


register(
    EvidenceSource(
        kind="analysis",
        candidates=_assessments,
        label=lambda a: _("Strengths and weaknesses: %(domain)s") % {"domain": a.get_domain_display()},
        model=DomainAssessment,
        url=_analysis_url,
        create_url=lambda quartier: _reverse_or_none("analysis", slug=quartier.slug),
    )
)

register(
    EvidenceSource(
        kind="goal",
        candidates=lambda quartier: Goal.objects.filter(quartier=quartier).order_by(_DOMAIN_ORDER, "title"),
        label=lambda goal: _("Goal: %(title)s") % {"title": goal.title},
        model=Goal,
        url=lambda quartier, obj: _reverse_or_none("goal_list", slug=quartier.slug),
        create_url=lambda quartier: _reverse_or_none("goal_list", slug=quartier.slug),
    )
)

register(
    EvidenceSource(
        kind="measure",
        candidates=lambda quartier: Measure.objects.filter(quartier=quartier).order_by("title"),
        label=lambda measure: _("Measure: %(title)s") % {"title": measure.title},
        model=Measure,
        url=lambda quartier, obj: reverse("measure_detail", args=[quartier.slug, obj.pk]),
        create_url=lambda quartier: _reverse_or_none("measure_list", slug=quartier.slug),
    )
)

register(
    EvidenceSource(
        kind="funding",
        candidates=lambda quartier: FundingSource.objects.filter(quartier=quartier).order_by("start", "title"),
        label=lambda source: _("Funding: %(title)s (%(funder)s)") % {"title": source.title, "funder": source.funder},
        model=FundingSource,
        url=lambda quartier, obj: _reverse_or_none("funding_list", slug=quartier.slug),
        create_url=lambda quartier: _reverse_or_none("funding_list", slug=quartier.slug),
    )
)

# Step 3 ("Quartier analysieren"): any part of the analysis backs any of its items.
EXTRA_KINDS_BY_STEP[3] = ("indicator_values", "facility", "analysis")
