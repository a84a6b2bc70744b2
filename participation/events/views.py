"""Pages of participation events: list, create, detail (attachments, consent; on a walk the
map of problem points and what becomes of them), edit, delete."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from planning.analysis.facility_selectors import boundary_geojson
from planning.analysis.models import FacilityCategory
from quartier.access import Action, can, get_quartier_or_404, require
from quartier.forms import add_errors_from
from quartier.models import Quartier

from . import selectors, services
from .forms import AttachmentForm, ConsentForm, EventForm, FacilityConversionForm, WalkPointForm
from .models import Event, EventAttachment, EventKind, WalkPoint

PER_PAGE = 25


def _event_or_404(quartier: Quartier, event_id: int) -> Event:
    event = selectors.event_or_none(quartier=quartier, event_id=event_id)
    if event is None:
        raise Http404
    return event


def _point_or_404(event: Event, point_id: int) -> WalkPoint:
    point = event.walk_points.filter(pk=point_id).first()
    if point is None:
        raise Http404
    return point


@login_required
@require_safe
def event_list(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug, Action.VIEW)
    upcoming, past = selectors.upcoming_and_past(quartier=quartier, now=timezone.now())
    context = {
        "quartier": quartier,
        "upcoming": list(upcoming),
        "past": Paginator(past, PER_PAGE).get_page(request.GET.get("page")),
        "can_edit": can(request.user, Action.EDIT_PARTICIPATION, quartier),
    }
    return render(request, "participation/events/list.html", context)


def _form_page(request: HttpRequest, quartier: Quartier, form: EventForm, event: Event | None, status: int):
    context = {"quartier": quartier, "form": form, "event": event}
    return render(request, "participation/events/form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def event_create(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug, Action.EDIT_PARTICIPATION)
    initial = {"kind": request.GET.get("art")} if request.GET.get("art") in EventKind.values else None
    form = EventForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                event = services.event_create(quartier=quartier, user=request.user, **form.service_fields())
            except ValidationError as exc:
                add_errors_from(form, exc)
            else:
                messages.success(request, _("The event “%(title)s” has been saved.") % {"title": event.title})
                return redirect("event_detail", slug=slug, event_id=event.pk)
        return _form_page(request, quartier, form, None, 400)
    return _form_page(request, quartier, form, None, 200)


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, slug: str, event_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    event = _event_or_404(quartier, event_id)
    require(request.user, Action.EDIT_PARTICIPATION, quartier)
    form = EventForm(request.POST or None, instance=event)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.event_update(event_id=event.pk, user=request.user, **form.service_fields())
            except ValidationError as exc:
                add_errors_from(form, exc)
            else:
                messages.success(request, _("The changes have been saved."))
                return redirect("event_detail", slug=slug, event_id=event.pk)
        return _form_page(request, quartier, form, event, 400)
    return _form_page(request, quartier, form, event, 200)


@login_required
@require_http_methods(["GET", "POST"])
def event_delete(request: HttpRequest, slug: str, event_id: int) -> HttpResponse:
    """GET asks „really delete?“; POST deletes."""
    quartier = get_quartier_or_404(request.user, slug)
    event = _event_or_404(quartier, event_id)
    require(request.user, Action.EDIT_PARTICIPATION, quartier)
    if request.method == "POST":
        services.event_delete(event=event, user=request.user)
        messages.success(request, _("The event “%(title)s” has been deleted.") % {"title": event.title})
        return redirect("event_list", slug=slug)
    return render(request, "participation/events/delete.html", {"quartier": quartier, "event": event})


def _map_context(quartier: Quartier, event: Event, points: list[WalkPoint]) -> dict:
    return {
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "boundary": boundary_geojson(quartier=quartier),
        "points": [
            {"id": p.pk, "lat": float(p.lat), "lon": float(p.lon), "number": n, "text": p.description[:80]}
            for n, p in enumerate(points, start=1)
        ],
    }


def _detail_page(
    request: HttpRequest,
    quartier: Quartier,
    event: Event,
    *,
    attachment_form: AttachmentForm | None = None,
    point_form: WalkPointForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_edit = can(request.user, Action.EDIT_PARTICIPATION, quartier)
    points = list(selectors.walk_points(event)) if event.kind == EventKind.WALK else []
    for number, point in enumerate(points, start=1):
        point.number = number
    context = {
        "quartier": quartier,
        "event": event,
        "can_edit": can_edit,
        "share_80_plus": selectors.share_80_plus(event),
        "attachments": list(selectors.attachments(event)),
        "attachment_form": attachment_form or AttachmentForm(prefix="attachment"),
        "is_walk": event.kind == EventKind.WALK,
        "points": points,
        "point_form": point_form or WalkPointForm(prefix="point"),
        "categories": list(FacilityCategory.objects.order_by("position", "title")) if points and can_edit else [],
        "can_edit_analysis": can(request.user, Action.EDIT_ANALYSIS, quartier),
        "map": _map_context(quartier, event, points) if event.kind == EventKind.WALK else None,
    }
    return render(request, "participation/events/detail.html", context, status=status)


@login_required
@require_safe
def event_detail(request: HttpRequest, slug: str, event_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    return _detail_page(request, quartier, _event_or_404(quartier, event_id))


@login_required
@require_POST
def event_attachment_add(request: HttpRequest, slug: str, event_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    event = _event_or_404(quartier, event_id)
    require(request.user, Action.EDIT_PARTICIPATION, quartier)
    form = AttachmentForm(request.POST, request.FILES, prefix="attachment")
    if form.is_valid():
        try:
            services.attachment_add(
                event=event,
                user=request.user,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
                is_photo=form.cleaned_data["is_photo"],
                consent=form.cleaned_data["consent"],
            )
        except ValidationError as exc:
            add_errors_from(form, exc if hasattr(exc, "error_dict") else ValidationError({"file": exc.messages}))
        else:
            messages.success(request, _("The file has been added."))
            return redirect(f"{event_url(event)}#anhaenge")
    return _detail_page(request, quartier, event, attachment_form=form, status=400)


def event_url(event: Event) -> str:
    return reverse("event_detail", args=[event.quartier.slug, event.pk])


@login_required
@require_POST
def event_attachment_consent(request: HttpRequest, slug: str, event_id: int, attachment_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    event = _event_or_404(quartier, event_id)
    attachment = EventAttachment.objects.filter(event=event, pk=attachment_id).first()
    if attachment is None:
        raise Http404
    require(request.user, Action.EDIT_PARTICIPATION, quartier)
    form = ConsentForm(request.POST)
    form.is_valid()
    consent = bool(form.cleaned_data.get("consent"))
    if services.attachment_set_consent(attachment=attachment, user=request.user, consent=consent):
        if consent:
            messages.success(request, _("The photo may now be shown publicly and in reports."))
        else:
            messages.success(request, _("The photo is now shown to the team only."))
    else:
        messages.info(request, _("Nothing has changed."))
    return redirect(f"{event_url(event)}#anhaenge")


@login_required
@require_POST
def walk_point_add(request: HttpRequest, slug: str, event_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    event = _event_or_404(quartier, event_id)
    require(request.user, Action.EDIT_PARTICIPATION, quartier)
    if event.kind != EventKind.WALK:
        raise Http404
    form = WalkPointForm(request.POST, request.FILES, prefix="point")
    if form.is_valid():
        try:
            services.walk_point_add(event=event, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_errors_from(form, exc)
        else:
            messages.success(request, _("The problem point has been added."))
            return redirect(f"{event_url(event)}#punkte")
    return _detail_page(request, quartier, event, point_form=form, status=400)


@login_required
@require_POST
def walk_point_convert(request: HttpRequest, slug: str, event_id: int, point_id: int, outcome: str) -> HttpResponse:
    """„Als Einrichtung erfassen“, „Als Barriere zählen“, „Als Idee übernehmen“: each once."""
    quartier = get_quartier_or_404(request.user, slug)
    event = _event_or_404(quartier, event_id)
    point = _point_or_404(event, point_id)
    require(request.user, Action.EDIT_PARTICIPATION, quartier)
    back = f"{event_url(event)}#punkt-{point.pk}"
    try:
        if outcome == "einrichtung":
            require(request.user, Action.EDIT_ANALYSIS, quartier)
            if point.facility_id:
                messages.info(request, _("This point has already been recorded as a facility."))
                return redirect(back)
            form = FacilityConversionForm(request.POST, prefix=f"f{point.pk}")
            if not form.is_valid():
                messages.error(request, _("Please choose a category and give the facility a name."))
                return redirect(back)
            facility, created = services.walk_point_to_facility(
                point_id=point.pk, user=request.user, **form.cleaned_data
            )
            if created:
                messages.success(request, _("The facility “%(name)s” has been recorded.") % {"name": facility.name})
            else:
                messages.info(request, _("This point has already been recorded as a facility."))
        elif outcome == "barriere":
            require(request.user, Action.EDIT_ANALYSIS, quartier)
            value, created = services.walk_point_to_barrier(point_id=point.pk, user=request.user)
            if created:
                messages.success(
                    request,
                    _("Counted as a barrier. The quartier now has %(n)s barriers recorded on walks.")
                    % {"n": int(value.value)},
                )
            else:
                messages.info(request, _("This point is already counted as a barrier."))
        elif outcome == "idee":
            _idea, created = services.walk_point_to_idea(point_id=point.pk, user=request.user)
            if created:
                messages.success(request, _("The point has been taken over as an idea."))
            else:
                messages.info(request, _("This point has already been taken over as an idea."))
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(back)
