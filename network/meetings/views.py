"""Pages of the network's meetings: list, create, detail (attendance, minutes, decisions,
action items, history), edit; action items: add, edit, tick, turn into a measure."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from quartier.access import Action, can, get_quartier_or_404, require
from quartier.forms import add_errors_from
from quartier.models import Quartier

from ..partners.accounts import partner_of
from . import selectors, services
from .access import can_edit_network, can_tick, require_edit_network
from .forms import ActionItemForm, MeetingForm, ToMeasureForm
from .models import ActionItem, Meeting

PER_PAGE = 25


def _meeting_or_404(quartier: Quartier, meeting_id: int) -> Meeting:
    meeting = selectors.meeting_or_none(quartier=quartier, meeting_id=meeting_id)
    if meeting is None:
        raise Http404
    return meeting


def _item_or_404(quartier: Quartier, item_id: int) -> ActionItem:
    item = selectors.item_or_none(quartier=quartier, item_id=item_id)
    if item is None:
        raise Http404
    return item


def _with_tick_rights(request: HttpRequest, quartier: Quartier, items: list[ActionItem]) -> list[ActionItem]:
    for item in items:
        item.may_tick = can_tick(request.user, item, quartier)
    return items


@login_required
@require_safe
def meeting_list(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    upcoming, past = selectors.upcoming_and_past(quartier=quartier, now=timezone.now())
    context = {
        "quartier": quartier,
        "upcoming": list(upcoming),
        "past": Paginator(past, PER_PAGE).get_page(request.GET.get("page")),
        "open_items": _with_tick_rights(request, quartier, selectors.open_items(quartier=quartier)),
        "can_edit": can_edit_network(request.user, quartier),
        "today": timezone.localdate(),
    }
    return render(request, "network/meetings/list.html", context)


def _form_page(
    request: HttpRequest, quartier: Quartier, form: MeetingForm, meeting: Meeting | None, status: int
) -> HttpResponse:
    context = {"quartier": quartier, "form": form, "meeting": meeting}
    return render(request, "network/meetings/form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    require_edit_network(request.user, quartier)
    form = MeetingForm(request.POST or None, quartier=quartier)
    if request.method == "POST":
        if form.is_valid():
            try:
                meeting = services.meeting_create(
                    quartier=quartier,
                    user=request.user,
                    invited=form.cleaned_data["invited"],
                    present=form.cleaned_data["present"],
                    **form.service_fields(),
                )
            except ValidationError as exc:
                add_errors_from(form, exc)
            else:
                messages.success(request, _("The meeting “%(title)s” has been saved.") % {"title": meeting.title})
                return redirect("meeting_detail", slug=slug, meeting_id=meeting.pk)
        return _form_page(request, quartier, form, None, 400)
    return _form_page(request, quartier, form, None, 200)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    meeting = _meeting_or_404(quartier, meeting_id)
    require_edit_network(request.user, quartier)
    form = MeetingForm(request.POST or None, instance=meeting, quartier=quartier)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.meeting_update(
                    meeting_id=meeting.pk,
                    user=request.user,
                    invited=form.cleaned_data["invited"],
                    present=form.cleaned_data["present"],
                    **form.service_fields(),
                )
            except ValidationError as exc:
                add_errors_from(form, exc)
            else:
                messages.success(request, _("The changes have been saved."))
                return redirect("meeting_detail", slug=slug, meeting_id=meeting.pk)
        return _form_page(request, quartier, form, meeting, 400)
    return _form_page(request, quartier, form, meeting, 200)


@login_required
@require_safe
def meeting_detail(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    """The whole meeting for the team; for a partner user only a meeting that concerns their partner."""
    quartier = get_quartier_or_404(request.user, slug, Action.VIEW_PORTAL)
    team = can(request.user, Action.VIEW, quartier)
    partner = None if team else partner_of(request.user)
    if not team and partner is None:
        raise Http404
    meeting = selectors.meeting_or_none(quartier=quartier, meeting_id=meeting_id, partner=partner)
    if meeting is None:
        raise Http404
    invited, present = selectors.meeting_partners(meeting)
    can_edit = can_edit_network(request.user, quartier)
    context = {
        "quartier": quartier,
        "meeting": meeting,
        "team": team,
        "partner": partner,
        "invited": invited,
        "present": present,
        "items": _with_tick_rights(request, quartier, selectors.items_of(meeting=meeting)),
        "can_edit": can_edit,
        "can_make_measures": can(request.user, Action.EDIT_MEASURES, quartier),
        "history": selectors.meeting_history(meeting=meeting) if can_edit else None,
        "today": timezone.localdate(),
    }
    return render(request, "network/meetings/detail.html", context)


def _item_form_page(
    request: HttpRequest,
    quartier: Quartier,
    meeting: Meeting,
    form: ActionItemForm,
    item: ActionItem | None,
    status: int,
) -> HttpResponse:
    context = {"quartier": quartier, "meeting": meeting, "form": form, "item": item}
    return render(request, "network/meetings/action_item_form.html", context, status=status)


def _to_items(slug: str, meeting_id: int) -> HttpResponse:
    return redirect(f"{reverse('meeting_detail', kwargs={'slug': slug, 'meeting_id': meeting_id})}#aufgaben")


@login_required
@require_http_methods(["GET", "POST"])
def action_item_create(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    meeting = _meeting_or_404(quartier, meeting_id)
    require_edit_network(request.user, quartier)
    form = ActionItemForm(request.POST or None, quartier=quartier)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.action_item_create(meeting_id=meeting.pk, user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_errors_from(form, exc)
            else:
                messages.success(request, _("The action item has been added."))
                return _to_items(slug, meeting.pk)
        return _item_form_page(request, quartier, meeting, form, None, 400)
    return _item_form_page(request, quartier, meeting, form, None, 200)


@login_required
@require_http_methods(["GET", "POST"])
def action_item_edit(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    item = _item_or_404(quartier, item_id)
    require_edit_network(request.user, quartier)
    form = ActionItemForm(request.POST or None, instance=item, quartier=quartier)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.action_item_update(item_id=item.pk, user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_errors_from(form, exc)
            else:
                messages.success(request, _("The changes have been saved."))
                return _to_items(slug, item.meeting_id)
        return _item_form_page(request, quartier, item.meeting, form, item, 400)
    return _item_form_page(request, quartier, item.meeting, form, item, 200)


@login_required
@require_POST
def action_item_toggle(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """Mark an item done or open again: managers, the person responsible, or the responsible partner's users."""
    quartier = get_quartier_or_404(request.user, slug, Action.VIEW_PORTAL)
    item = _item_or_404(quartier, item_id)
    if not can_tick(request.user, item, quartier):
        if not can(request.user, Action.VIEW, quartier):
            # A partner user learns nothing of a meeting that does not concern their partner.
            partner = partner_of(request.user)
            if partner is None or not selectors.meeting_or_none(
                quartier=quartier, meeting_id=item.meeting_id, partner=partner
            ):
                raise Http404
        raise PermissionDenied
    done = request.POST.get("done") == "1"
    services.action_item_set_done(item_id=item.pk, user=request.user, done=done)
    if done:
        messages.success(request, _("“%(task)s” is done.") % {"task": item.task})
    else:
        messages.success(request, _("“%(task)s” is open again.") % {"task": item.task})
    if request.POST.get("back") == "list" and can(request.user, Action.VIEW, quartier):
        return redirect(f"{reverse('meeting_list', kwargs={'slug': slug})}#aufgaben")
    return _to_items(slug, item.meeting_id)


@login_required
@require_http_methods(["GET", "POST"])
def action_item_to_measure(request: HttpRequest, slug: str, item_id: int) -> HttpResponse:
    """Turn an action item into a planned measure (GET: choose its domain)."""
    quartier = get_quartier_or_404(request.user, slug)
    item = _item_or_404(quartier, item_id)
    require(request.user, Action.EDIT_MEASURES, quartier)
    if item.measure_id is not None:
        messages.info(request, _("This action item has already become a measure."))
        return redirect("measure_detail", slug=slug, measure_id=item.measure_id)
    form = ToMeasureForm(request.POST or None, initial={"domain": services.default_domain(item)})
    if request.method == "POST" and form.is_valid():
        measure, created = services.action_item_to_measure(
            item_id=item.pk, user=request.user, domain=form.cleaned_data["domain"]
        )
        if created:
            messages.success(
                request,
                _("The measure “%(title)s” has been created from the action item.") % {"title": measure.title},
            )
        return redirect("measure_detail", slug=slug, measure_id=measure.pk)
    context = {"quartier": quartier, "item": item, "meeting": item.meeting, "form": form}
    return render(request, "network/meetings/to_measure.html", context, status=400 if request.method == "POST" else 200)
