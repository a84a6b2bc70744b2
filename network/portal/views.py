from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from quartier.access import Action, can, get_quartier_or_404

from ..contributions.selectors import member_partners
from ..partners.accounts import partner_of
from . import selectors


@login_required
@require_safe
def partner_portal(request: HttpRequest, slug: str) -> HttpResponse:
    """What a partner sees of a quartier: its name, Leitbild and public progress, and its own
    part – measures, meetings, action items, contributions. The team may look at the portal
    as any partner of the network sees it."""
    quartier = get_quartier_or_404(request.user, slug, Action.VIEW_PORTAL)
    team = can(request.user, Action.VIEW, quartier)
    # Single contributions are for the managers and the partner who made them; the rest of the
    # team sees the partner's part without its entries (the confirmed totals stay below).
    entries = not team or can(request.user, Action.EDIT_NETWORK, quartier)
    partner = None
    choices = []
    if team:
        choices = list(member_partners(quartier=quartier))
        wanted = request.GET.get("partner", "")
        partner = next((p for p in choices if str(p.pk) == wanted), None)
    else:
        partner = partner_of(request.user)
    context = {
        "quartier": quartier,
        "partner": partner,
        "team": team,
        "choices": choices,
        "phases": selectors.public_progress(quartier=quartier),
        "portal": selectors.portal(quartier=quartier, partner=partner, entries=entries) if partner else None,
        "entries": entries,
        "can_log": not team and partner is not None and can(request.user, Action.LOG_CONTRIBUTIONS, quartier),
    }
    return render(request, "network/portal/portal.html", context)
