"""The calendar page (how to subscribe, the private link, renewing it) and the feed itself."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from quartier import calendar as calendar_registry
from quartier.access import Action, can, get_quartier_or_404

from ..partners.accounts import partner_of
from . import selectors, services
from .ical import meetings_calendar


@login_required
@require_safe
def calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """How to subscribe, with the person's private link. Reading the page creates nothing."""
    quartier = get_quartier_or_404(request.user, slug, Action.VIEW_PORTAL)
    feed = selectors.feed_of(user=request.user, quartier=quartier)
    feed_url = request.build_absolute_uri(reverse("calendar_feed", args=[feed.token])) if feed else ""
    context = {
        "quartier": quartier,
        "team": can(request.user, Action.VIEW, quartier),
        "partner": partner_of(request.user),
        "feed": feed,
        "feed_url": feed_url,
        # webcal:// opens the subscription dialogue of the calendar app directly.
        "webcal_url": "webcal://" + feed_url.split("://", 1)[1] if feed_url else "",
    }
    return render(request, "network/meetings/calendar.html", context)


@login_required
@require_POST
def calendar_renew(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug, Action.VIEW_PORTAL)
    had_one = selectors.feed_of(user=request.user, quartier=quartier) is not None
    services.calendar_feed_renew(user=request.user, quartier=quartier)
    if had_one:
        messages.success(request, _("You have a new calendar link. The old link no longer works."))
    else:
        messages.success(request, _("Your calendar link has been created."))
    return redirect("calendar", slug=slug)


@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The meetings as iCalendar, for calendar apps: no login, the private token is the key.

    The token answers only while its owner may still see the quartier; a partner's feed lists
    only the meetings that concern their partner. The team's feed adds the entries registered
    in quartier.calendar (participation's events).
    """
    feed = selectors.feed_by_token(token)
    if feed is None:
        raise Http404
    user, quartier = feed.user, feed.quartier
    if not can(user, Action.VIEW_PORTAL, quartier):
        raise Http404
    partner = None
    if not can(user, Action.VIEW, quartier):
        partner = partner_of(user)
        if partner is None:
            raise Http404
    meetings = list(selectors.feed_meetings(quartier=quartier, partner=partner))

    def meeting_url(meeting) -> str:
        return request.build_absolute_uri(reverse("meeting_detail", args=[quartier.slug, meeting.pk]))

    # The team also gets what other apps registered (participation's events); partners do not.
    entries = calendar_registry.entries_for(quartier, user) if partner is None else []
    ical = meetings_calendar(
        quartier=quartier,
        meetings=meetings,
        host=request.get_host(),
        meeting_url=meeting_url,
        entries=entries,
        absolute_url=request.build_absolute_uri,
    )
    response = HttpResponse(ical.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{quartier.slug}-treffen.ics"'
    response["Cache-Control"] = "private"
    return response
