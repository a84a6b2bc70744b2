"""Pages of the contributions: the list (the managers' queue first), logging and changing an
entry, its history, confirming and returning, the summary and its exports."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from quartier.access import Action, can, get_quartier_or_404, require, role_of
from quartier.models import Quartier, Role

from . import exports, selectors, services
from .forms import ContributionFilter, ContributionForm, ReturnForm
from .models import Contribution, ContributionStatus
from .selectors import Audience

PER_PAGE = 25
QUEUE_LIMIT = 50


def today() -> datetime.date:
    return timezone.localdate()


def _base(request: HttpRequest, quartier: Quartier) -> dict[str, Any]:
    """What every contribution page needs: who reads it and which header it wears."""
    audience, partner = selectors.audience_of(request.user, quartier)
    return {
        "quartier": quartier,
        "audience": audience.value,
        "partner": partner,
        # Partners see the portal's header, the team its quartier navigation.
        "portal_header": not can(request.user, Action.VIEW, quartier),
        "can_log": can(request.user, Action.LOG_CONTRIBUTIONS, quartier)
        and (audience == Audience.MANAGER or partner is not None),
        "unlinked": role_of(request.user, quartier) == Role.PARTNER and partner is None,
    }


def _entry_or_404(request: HttpRequest, quartier: Quartier, contribution_id: int) -> Contribution:
    """The entry if the user may read single entries of it: managers any, a partner its own (else
    404); readers of the totals may not open single entries at all (403)."""
    audience, partner = selectors.audience_of(request.user, quartier)
    if audience == Audience.NETWORK:
        raise PermissionDenied
    contribution = selectors.contribution_or_none(
        quartier=quartier, contribution_id=contribution_id, partner=partner if audience == Audience.PARTNER else None
    )
    if contribution is None:
        raise Http404
    return contribution


@login_required
@require_safe
def contribution_list(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug, Action.VIEW_PORTAL)
    context = _base(request, quartier)
    audience = context["audience"]
    if audience == Audience.MANAGER:
        filterset = ContributionFilter(
            request.GET or None, queryset=selectors.contributions_of(quartier=quartier), quartier=quartier
        )
        entries = filterset.qs
        context["filter"] = filterset
        queue = selectors.waiting(quartier=quartier)
        context["queue"] = list(queue[:QUEUE_LIMIT])
        context["queue_more"] = max(0, queue.count() - QUEUE_LIMIT) if len(context["queue"]) == QUEUE_LIMIT else 0
        context["return_form"] = ReturnForm()
    elif audience == Audience.PARTNER:
        entries = selectors.contributions_of(quartier=quartier, partner=context["partner"])
    else:
        context["summary"] = selectors.summary(quartier=quartier)
        return render(request, "network/contributions/list.html", context)
    params = request.GET.copy()
    params.pop("page", None)
    context["page"] = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    context["query"] = params.urlencode()
    return render(request, "network/contributions/list.html", context)


def _form_page(
    request: HttpRequest, context: dict[str, Any], form: ContributionForm, *, status: int = 200
) -> HttpResponse:
    return render(request, "network/contributions/form.html", {**context, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def contribution_create(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug, Action.VIEW_PORTAL)
    require(request.user, Action.LOG_CONTRIBUTIONS, quartier)
    context = {**_base(request, quartier), "contribution": None}
    if context["unlinked"]:
        return render(request, "network/contributions/form.html", context)
    own = context["partner"] if context["audience"] == Audience.PARTNER else None
    form = ContributionForm(request.POST or None, quartier=quartier, partner=own, today=today())
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            partner = own or data.pop("partner")
            data.pop("partner", None)
            try:
                services.contribution_create(
                    quartier=quartier, user=request.user, partner=partner, today=today(), **data
                )
            except ValidationError as exc:
                form.apply_errors(exc)
            else:
                messages.success(
                    request,
                    _("Thank you! Your contribution has been submitted. The quartier management will confirm it.")
                    if own
                    else _("The contribution has been logged and waits for confirmation."),
                )
                return redirect("contribution_list", slug=slug)
        return _form_page(request, context, form, status=400)
    return _form_page(request, context, form)


@login_required
@require_safe
def contribution_detail(request: HttpRequest, slug: str, contribution_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug, Action.VIEW_PORTAL)
    contribution = _entry_or_404(request, quartier, contribution_id)
    return _detail_page(request, quartier, contribution)


def _detail_page(
    request: HttpRequest, quartier: Quartier, contribution: Contribution, *, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {
        **_base(request, quartier),
        "contribution": contribution,
        "unit_suffix": selectors.UNIT_SUFFIX.get(contribution.kind.unit, ""),
        "history": selectors.history(contribution=contribution),
        "can_edit": services.may_edit(request.user, contribution, quartier),
        "can_decide": can(request.user, Action.EDIT_NETWORK, quartier),
        "may_confirm": (contribution.status, ContributionStatus.CONFIRMED) in services.MOVES,
        "may_return": (contribution.status, ContributionStatus.RETURNED) in services.MOVES,
        "return_form": ReturnForm(),
        **extra,
    }
    return render(request, "network/contributions/detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def contribution_edit(request: HttpRequest, slug: str, contribution_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug, Action.VIEW_PORTAL)
    contribution = _entry_or_404(request, quartier, contribution_id)
    if not services.may_edit(request.user, contribution, quartier):
        raise PermissionDenied
    context = {**_base(request, quartier), "contribution": contribution}
    own = context["partner"] if context["audience"] == Audience.PARTNER else None
    form = ContributionForm(request.POST or None, quartier=quartier, partner=own, today=today(), instance=contribution)
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("partner", None)
            partner = None if own else form.cleaned_data.get("partner")
            try:
                updated = services.contribution_update(
                    contribution_id=contribution.pk, user=request.user, partner=partner, today=today(), **data
                )
            except ValidationError as exc:
                form.apply_errors(exc)
            else:
                if own and contribution.status == ContributionStatus.RETURNED:
                    messages.success(request, _("The changes have been saved and the entry has been submitted again."))
                else:
                    messages.success(request, _("The changes have been saved."))
                return redirect("contribution_detail", slug=slug, contribution_id=updated.pk)
        return _form_page(request, context, form, status=400)
    return _form_page(request, context, form)


@login_required
@require_POST
def contribution_confirm(request: HttpRequest, slug: str, contribution_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug, Action.VIEW_PORTAL)
    require(request.user, Action.EDIT_NETWORK, quartier)
    contribution = _entry_or_404(request, quartier, contribution_id)
    try:
        services.contribution_set_status(
            contribution_id=contribution.pk, user=request.user, to_status=ContributionStatus.CONFIRMED
        )
    except services.ContributionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("The contribution of %(partner)s has been confirmed.") % {"partner": contribution.partner.name}
        )
    return _back(request, slug, contribution)


@login_required
@require_POST
def contribution_return(request: HttpRequest, slug: str, contribution_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug, Action.VIEW_PORTAL)
    require(request.user, Action.EDIT_NETWORK, quartier)
    contribution = _entry_or_404(request, quartier, contribution_id)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, quartier, contribution, status=400, return_form=form)
    try:
        services.contribution_set_status(
            contribution_id=contribution.pk,
            user=request.user,
            to_status=ContributionStatus.RETURNED,
            reason=form.cleaned_data["reason"],
        )
    except services.ContributionError as exc:
        form.add_error("reason", str(exc))
        return _detail_page(request, quartier, contribution, status=400, return_form=form)
    messages.success(
        request, _("The contribution of %(partner)s has been returned.") % {"partner": contribution.partner.name}
    )
    return _back(request, slug, contribution)


def _back(request: HttpRequest, slug: str, contribution: Contribution) -> HttpResponse:
    """From the queue back to the list; from the entry's page back to it."""
    if request.POST.get("back") == "list":
        return redirect("contribution_list", slug=slug)
    return redirect("contribution_detail", slug=slug, contribution_id=contribution.pk)


@login_required
@require_safe
def contribution_summary(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug, Action.VIEW_PORTAL)
    context = {**_base(request, quartier), "summary": selectors.summary_for(user=request.user, quartier=quartier)}
    return render(request, "network/contributions/summary.html", context)


def _export_entries(request: HttpRequest, quartier: Quartier) -> Any:
    """Single entries for managers (as filtered in the list) and a partner (its own); None for the rest."""
    audience, partner = selectors.audience_of(request.user, quartier)
    if request.GET.get("totals"):  # the summary page's download: totals for everyone
        return None
    if audience == Audience.MANAGER:
        return ContributionFilter(
            request.GET or None, queryset=selectors.contributions_of(quartier=quartier), quartier=quartier
        ).qs
    if audience == Audience.PARTNER:
        return selectors.contributions_of(quartier=quartier, partner=partner)
    return None


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _export(request: HttpRequest, slug: str, *, xlsx: bool) -> HttpResponse:
    """Single entries for managers and for a partner's own; confirmed totals for everyone else."""
    quartier = get_quartier_or_404(request.user, slug, Action.VIEW_PORTAL)
    entries = _export_entries(request, quartier)
    suffix = "xlsx" if xlsx else "csv"
    if entries is not None:
        body = exports.entries_xlsx(entries) if xlsx else exports.entries_csv(entries)
        name = f"beitraege-{quartier.slug}.{suffix}"
    else:
        summary = selectors.summary_for(user=request.user, quartier=quartier)
        body = exports.totals_xlsx(summary) if xlsx else exports.totals_csv(summary)
        name = f"beitraege-summen-{quartier.slug}.{suffix}"
    response = HttpResponse(body, content_type=XLSX if xlsx else "text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_safe
def contribution_export_csv(request: HttpRequest, slug: str) -> HttpResponse:
    return _export(request, slug, xlsx=False)


@login_required
@require_safe
def contribution_export_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    return _export(request, slug, xlsx=True)
