"""The „Beteiligung“ tab's first page: the quartier's participation in figures, with the links
citizens can use."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from quartier.access import Action, allowed_actions, get_quartier_or_404

from ..selectors import participation_figures
from .links import public_links


@login_required
@require_safe
def participation_overview(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug, Action.VIEW)
    figures = participation_figures(quartier=quartier, today=timezone.localdate())
    base = f"{request.scheme}://{request.get_host()}"
    return render(
        request,
        "participation/overview/overview.html",
        {
            "quartier": quartier,
            "figures": figures,
            "links": public_links(quartier=quartier, surveys=figures.open_surveys, base=base),
            "can_manage": Action.EDIT_PARTICIPATION in allowed_actions(request.user, quartier),
        },
    )
