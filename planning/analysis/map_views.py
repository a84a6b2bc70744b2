"""The quartier map, the boundary editor and the GeoJSON downloads."""

from __future__ import annotations

import copy
import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from quartier import services as quartier_services
from quartier.access import Action, allowed_actions, get_quartier_or_404, require
from quartier.forms import BoundaryForm
from quartier.models import Quartier

from . import facility_selectors as selectors

GEOJSON = "application/geo+json"


def map_settings() -> dict[str, str]:
    return {"tile_url": settings.MAP_TILE_URL, "tile_attribution": settings.MAP_TILE_ATTRIBUTION}


def _geojson_response(value: dict[str, Any], filename: str) -> HttpResponse:
    response = HttpResponse(json.dumps(value, ensure_ascii=False), content_type=GEOJSON)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_safe
def quartier_map(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    facilities = list(selectors.facility_list(quartier=quartier))
    return render(
        request,
        "planning/analysis/map.html",
        {
            "quartier": quartier,
            "actions": allowed_actions(request.user, quartier),
            "facilities": facilities,
            "boundary": selectors.boundary_geojson(quartier=quartier),
            "facility_collection": {
                "type": "FeatureCollection",
                "features": [selectors.facility_feature(f) for f in facilities],
            },
            "map": map_settings(),
        },
    )


def _centre(quartier: Quartier) -> list[float] | None:
    if quartier.centre_lat is None or quartier.centre_lon is None:
        return None
    return [float(quartier.centre_lat), float(quartier.centre_lon)]


@login_required
@require_http_methods(["GET", "POST"])
def boundary_edit(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    require(request.user, Action.EDIT_QUARTIER, quartier)
    initial = {
        "boundary": quartier.boundary,
        "centre_lat": quartier.centre_lat,
        "centre_lon": quartier.centre_lon,
        "catchment_radius_m": quartier.catchment_radius_m,
    }
    form = BoundaryForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            quartier_services.quartier_set_boundary(
                quartier=copy.copy(quartier),
                user=request.user,
                boundary=data["boundary"],
                centre_lat=data["centre_lat"],
                centre_lon=data["centre_lon"],
                catchment_radius_m=data["catchment_radius_m"],
            )
        except ValidationError as exc:
            for field, errors in exc.error_dict.items() if hasattr(exc, "error_dict") else [(None, exc)]:
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The boundary and the centre have been saved."))
            return redirect("quartier_map", slug=quartier.slug)
    return render(
        request,
        "planning/analysis/boundary_edit.html",
        {
            "quartier": quartier,
            "form": form,
            "boundary": selectors.boundary_geojson(quartier=quartier),
            "centre": _centre(quartier),
            "map": map_settings(),
        },
    )


@login_required
@require_safe
def boundary_geojson(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    feature = selectors.boundary_geojson(quartier=quartier)
    if feature is None:
        raise Http404
    return _geojson_response(feature, f"{quartier.slug}-grenze.geojson")


@login_required
@require_safe
def facilities_geojson(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    return _geojson_response(selectors.facilities_geojson(quartier=quartier), f"{quartier.slug}-einrichtungen.geojson")
