from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from quartier.access import Action, get_quartier_or_404

from ..partners.accounts import partner_of


@login_required
@require_safe
def partner_portal(request: HttpRequest, slug: str) -> HttpResponse:
    """What a partner sees of a quartier: its name, Leitbild and public progress, and its own part."""
    quartier = get_quartier_or_404(request.user, slug, Action.VIEW_PORTAL)
    return render(request, "network/portal.html", {"quartier": quartier, "partner": partner_of(request.user)})
