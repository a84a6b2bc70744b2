"""Pages of ideas: the team's list, entry and decision; the public page where citizens submit
an idea without an account and read what became of the ideas the team has looked at."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from planning.analysis.facility_selectors import boundary_geojson
from quartier.access import Action, can, get_quartier_or_404, require
from quartier.forms import add_errors_from
from quartier.models import Quartier

from .. import ratelimit
from . import selectors, services
from .forms import PUBLIC_DOMAIN_HINTS, PUBLIC_TEXT_MAX, DecisionForm, IdeaFilter, PublicIdeaForm, StaffIdeaForm
from .models import IdeaStatus

PER_PAGE = 25


@login_required
@require_safe
def idea_list(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug, Action.VIEW)
    ideas = IdeaFilter(request.GET or None, queryset=selectors.ideas_of(quartier=quartier))
    context = {
        "quartier": quartier,
        "filter": ideas,
        "page": Paginator(ideas.qs, PER_PAGE).get_page(request.GET.get("page")),
        "counts": selectors.counts_by_status(quartier=quartier),
        "can_edit": can(request.user, Action.EDIT_PARTICIPATION, quartier),
        "filtered": bool(request.GET.get("status") or request.GET.get("domain")),
    }
    return render(request, "participation/ideas/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def idea_create(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug, Action.EDIT_PARTICIPATION)
    form = StaffIdeaForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                idea = services.idea_create(quartier=quartier, user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_errors_from(form, exc)
            else:
                messages.success(request, _("The idea has been recorded."))
                return redirect("idea_detail", slug=slug, idea_id=idea.pk)
        return render(request, "participation/ideas/form.html", {"quartier": quartier, "form": form}, status=400)
    return render(request, "participation/ideas/form.html", {"quartier": quartier, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def idea_detail(request: HttpRequest, slug: str, idea_id: int) -> HttpResponse:
    """The idea and, for managers, the decision (POST)."""
    quartier = get_quartier_or_404(request.user, slug)
    idea = selectors.idea_or_none(quartier=quartier, idea_id=idea_id)
    if idea is None:
        raise Http404
    can_edit = can(request.user, Action.EDIT_PARTICIPATION, quartier)
    initial = {"status": idea.status, "reason": idea.reason, "measure_domain": idea.domain}
    form = DecisionForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        require(request.user, Action.EDIT_PARTICIPATION, quartier)
        if form.is_valid():
            try:
                idea, measure, changed = services.idea_decide(idea_id=idea.pk, user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_errors_from(form, exc)
            else:
                if not changed:
                    if measure is not None:
                        messages.info(request, _("This idea has already become a measure; nothing has changed."))
                    else:
                        messages.info(request, _("Nothing has changed."))
                elif measure is not None and idea.status == IdeaStatus.ADOPTED:
                    messages.success(
                        request, _("The idea has been adopted as the measure “%(title)s”.") % {"title": measure.title}
                    )
                else:
                    messages.success(request, _("The decision has been saved."))
                return redirect("idea_detail", slug=slug, idea_id=idea.pk)
        status = 400
    context = {"quartier": quartier, "idea": idea, "form": form, "can_edit": can_edit, "map": _map_context(quartier)}
    return render(request, "participation/ideas/detail.html", context, status=status)


def _map_context(quartier: Quartier) -> dict[str, Any]:
    centre = ""
    if quartier.centre_lat is not None and quartier.centre_lon is not None:
        centre = f"{quartier.centre_lat},{quartier.centre_lon}"
    return {
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "boundary": boundary_geojson(quartier=quartier),
        "centre": centre,
    }


def _public_quartier(slug: str) -> Quartier | None:
    return Quartier.objects.select_related("organisation").filter(slug=slug).first()


@require_http_methods(["GET", "POST"])
def idea_public(request: HttpRequest, slug: str) -> HttpResponse:
    """The public idea page: a form (no account, no names) and the ideas the team has looked at."""
    quartier = _public_quartier(slug)
    if quartier is None:
        return render(request, "participation/ideas/public_unknown.html", status=404)
    form = PublicIdeaForm(request.POST or None, quartier=quartier)
    status = 200
    limited = False
    if request.method == "POST":
        if form.is_valid():
            if not ratelimit.allow(request, f"ideas:{quartier.pk}"):
                limited = True
                status = 429
            else:
                try:
                    lat, lon = form.location
                    services.idea_submit(
                        quartier=quartier, text=form.cleaned_data["text"], domain=form.domain_value(), lat=lat, lon=lon
                    )
                except ValidationError as exc:
                    add_errors_from(form, exc)
                    status = 400
                else:
                    return redirect(f"{request.path}?danke=1#danke")
        else:
            status = 400
    ideas = Paginator(selectors.public_ideas(quartier=quartier), PER_PAGE).get_page(request.GET.get("seite"))
    context = {
        "quartier": quartier,
        "form": form,
        "ideas": ideas,
        "thanks": request.method == "GET" and request.GET.get("danke") == "1",
        "limited": limited,
        "text_max": PUBLIC_TEXT_MAX,
        "hints": PUBLIC_DOMAIN_HINTS,
        "map": _map_context(quartier),
    }
    return render(request, "participation/ideas/public.html", context, status=status)
