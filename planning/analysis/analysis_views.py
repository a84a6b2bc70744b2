"""The analysis overview (strengths and weaknesses per domain) and the catchment analysis."""

from __future__ import annotations

import csv
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from planning.domains import Domain
from quartier.access import Action, allowed_actions, get_quartier_or_404, require
from quartier.models import Quartier

from .assessment_forms import DomainAssessmentForm
from .assessment_services import domain_assessment_update
from .catchment import GAP_BELOW_PERCENT, catchment_for, catchment_geojson
from .catchment_forms import CatchmentRadiusForm
from .catchment_services import catchment_radius_set
from .models import DomainAssessment


def _cards(quartier: Quartier, forms: dict[str, DomainAssessmentForm] | None = None) -> list[dict[str, Any]]:
    """One card per domain: the saved assessment (if any) and its form."""
    saved = {a.domain: a for a in DomainAssessment.objects.filter(quartier=quartier).select_related("updated_by")}
    cards = []
    for value, label in Domain.choices:
        assessment = saved.get(value)
        form = (forms or {}).get(value) or DomainAssessmentForm(
            prefix=value,
            initial={
                "strengths": assessment.strengths if assessment else "",
                "weaknesses": assessment.weaknesses if assessment else "",
            },
        )
        cards.append({"domain": value, "label": label, "assessment": assessment, "form": form})
    return cards


def _overview(request: HttpRequest, quartier: Quartier, *, status: int = 200, **extra: Any) -> HttpResponse:
    catchment = catchment_for(quartier=quartier)
    actions = allowed_actions(request.user, quartier)
    context = {
        "quartier": quartier,
        "actions": actions,
        "can_edit": Action.EDIT_ANALYSIS in actions,
        "cards": _cards(quartier, extra.pop("forms", None)),
        "catchment": catchment,
        "gap_below": GAP_BELOW_PERCENT,
        **extra,
    }
    return render(request, "planning/analysis/analysis_overview.html", context, status=status)


@login_required
@require_safe
def analysis(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    return _overview(request, quartier)


@login_required
@require_POST
def assessment_edit(request: HttpRequest, slug: str, domain: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    if domain not in Domain.values:
        raise Http404
    require(request.user, Action.EDIT_ANALYSIS, quartier)
    form = DomainAssessmentForm(request.POST, prefix=domain)
    if form.is_valid():
        domain_assessment_update(quartier=quartier, user=request.user, domain=domain, **form.cleaned_data)
        if not request.htmx:
            messages.success(request, _("The strengths and weaknesses have been saved."))
            return redirect(f"{reverse('analysis', kwargs={'slug': slug})}#domain-{domain}")
    if request.htmx:
        card = next(c for c in _cards(quartier, {domain: form} if form.errors else None) if c["domain"] == domain)
        return render(
            request,
            "planning/analysis/partials/assessment_card.html",
            {"quartier": quartier, "card": card, "can_edit": True, "saved": not form.errors},
            status=200,
        )
    # Shown again with what was typed: a text over the limit must not be lost.
    return _overview(request, quartier, status=400, forms={domain: form})


def _catchment_page(request: HttpRequest, quartier: Quartier, *, status: int = 200, **extra: Any) -> HttpResponse:
    catchment = catchment_for(quartier=quartier)
    context = {
        "quartier": quartier,
        "actions": allowed_actions(request.user, quartier),
        "catchment": catchment,
        "gap_below": GAP_BELOW_PERCENT,
        "radius_form": extra.pop("radius_form", None)
        or CatchmentRadiusForm(initial={"radius_m": quartier.catchment_radius_m}),
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        **extra,
    }
    return render(request, "planning/analysis/catchment.html", context, status=status)


@login_required
@require_safe
def catchment(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    return _catchment_page(request, quartier)


@login_required
@require_POST
def catchment_radius(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    require(request.user, Action.EDIT_ANALYSIS, quartier)
    form = CatchmentRadiusForm(request.POST)
    if form.is_valid():
        try:
            catchment_radius_set(quartier=quartier, user=request.user, radius_m=form.cleaned_data["radius_m"])
        except ValidationError as exc:
            form.add_error("radius_m", exc)
        else:
            messages.success(request, _("The walking radius has been saved."))
            return redirect("catchment", slug=slug)
    return _catchment_page(request, quartier, status=400, radius_form=form)


@login_required
@require_safe
def catchment_geojson_view(request: HttpRequest, slug: str) -> JsonResponse:
    quartier = get_quartier_or_404(request.user, slug)
    data = catchment_geojson(quartier=quartier, catchment=catchment_for(quartier=quartier))
    response = JsonResponse(data, content_type="application/geo+json")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_safe
def catchment_csv(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    result = catchment_for(quartier=quartier)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="erreichbarkeit-{quartier.slug}.csv"'
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    writer.writerow(["category", "facilities", "coverage_percent"])
    for row in result.rows:
        # Without a boundary there is no share to give: the field stays empty rather than 0.0.
        writer.writerow([row.key, row.facilities, "" if row.percent is None else f"{row.percent:.1f}"])
    return response
