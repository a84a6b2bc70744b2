"""Facilities: the list, add, edit, delete and the OpenStreetMap import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from quartier.access import Action, allowed_actions, get_quartier_or_404, require
from quartier.models import Quartier

from . import facility_selectors as selectors
from . import facility_services as services
from .facility_forms import FacilityFilterForm, FacilityForm, OsmUploadForm
from .map_views import map_settings
from .models import Facility
from .osm_import import MAX_BYTES, OsmImportError, facilities_import_osm


def _facility_or_404(quartier: Quartier, facility_id: int) -> Facility:
    facility = Facility.objects.filter(pk=facility_id, quartier=quartier).select_related("category").first()
    if facility is None:
        raise Http404
    facility.quartier = quartier
    return facility


@login_required
@require_safe
def facility_list(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    actions = allowed_actions(request.user, quartier)
    filters = FacilityFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    category = chosen.get("category")
    facilities = selectors.facility_list(
        quartier=quartier, category=category.key if category else "", domain=chosen.get("domain") or ""
    )
    return render(
        request,
        "planning/analysis/facility_list.html",
        {
            "quartier": quartier,
            "actions": actions,
            "can_edit": Action.EDIT_ANALYSIS in actions,
            "filters": filters,
            "facilities": list(facilities),
            "filtered": bool(chosen.get("category") or chosen.get("domain")),
        },
    )


def _form_page(request: HttpRequest, quartier: Quartier, form: FacilityForm, facility: Facility | None) -> HttpResponse:
    return render(
        request,
        "planning/analysis/facility_form.html",
        {
            "quartier": quartier,
            "form": form,
            "facility": facility,
            "boundary": selectors.boundary_geojson(quartier=quartier),
            "map": map_settings(),
        },
    )


def _save(request: HttpRequest, quartier: Quartier, form: FacilityForm, facility: Facility | None) -> HttpResponse:
    try:
        if facility is None:
            saved = services.facility_create(quartier=quartier, user=request.user, data=form.cleaned_data)
            messages.success(request, _("The facility „%(name)s“ has been added.") % {"name": saved.name})
        else:
            saved = services.facility_update(facility=facility, user=request.user, data=form.cleaned_data)
            messages.success(request, _("The facility „%(name)s“ has been saved.") % {"name": saved.name})
    except ValidationError as exc:
        for field, errors in exc.error_dict.items() if hasattr(exc, "error_dict") else [(None, exc)]:
            form.add_error(field if field in form.fields else None, errors)
        return _form_page(request, quartier, form, facility)
    return redirect("facility_list", slug=quartier.slug)


@login_required
@require_http_methods(["GET", "POST"])
def facility_create(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    require(request.user, Action.EDIT_ANALYSIS, quartier)
    form = FacilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _save(request, quartier, form, None)
    return _form_page(request, quartier, form, None)


@login_required
@require_http_methods(["GET", "POST"])
def facility_edit(request: HttpRequest, slug: str, facility_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    facility = _facility_or_404(quartier, facility_id)
    require(request.user, Action.EDIT_ANALYSIS, quartier)
    form = FacilityForm(request.POST or None, instance=facility)
    if request.method == "POST" and form.is_valid():
        return _save(request, quartier, form, facility)
    return _form_page(request, quartier, form, facility)


@login_required
@require_POST
def facility_delete(request: HttpRequest, slug: str, facility_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    facility = _facility_or_404(quartier, facility_id)
    require(request.user, Action.EDIT_ANALYSIS, quartier)
    services.facility_delete(facility=facility, user=request.user)
    messages.success(request, _("The facility „%(name)s“ has been deleted.") % {"name": facility.name})
    return redirect("facility_list", slug=quartier.slug)


@login_required
@require_http_methods(["GET", "POST"])
def facility_import(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    require(request.user, Action.EDIT_ANALYSIS, quartier)
    form = OsmUploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = facilities_import_osm(quartier=quartier, user=request.user, data=upload.read(MAX_BYTES + 1))
        except OsmImportError as exc:
            errors = exc.errors
        else:
            messages.success(request, _("Import done: %(summary)s.") % {"summary": result.summary()})
            return redirect("facility_list", slug=quartier.slug)
    return render(
        request,
        "planning/analysis/facility_import.html",
        {"quartier": quartier, "form": form, "errors": errors},
    )
