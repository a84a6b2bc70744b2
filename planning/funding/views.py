"""Pages of funding (step 10): sources, runway, sums and budget per measure; create, change, delete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from planning.funding import selectors, services
from planning.funding.forms import FundingSourceForm, ShareFormSet
from planning.funding.models import FundingSource
from quartier.access import Action, allowed_actions, get_quartier_or_404, require
from quartier.models import Quartier


def _source_or_404(quartier: Quartier, source_id: int) -> FundingSource:
    source = FundingSource.objects.filter(pk=source_id, quartier=quartier).first()
    if source is None:
        raise Http404
    return source


def _list_url(quartier: Quartier) -> str:
    return reverse("funding_list", kwargs={"slug": quartier.slug})


@login_required
@require_safe
def funding_list(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    sources = list(selectors.funding_sources(quartier=quartier))
    budget = selectors.budget_rows(quartier=quartier)
    context = {
        "quartier": quartier,
        "sources": sources,
        "sums": selectors.funding_sums(sources),
        "runway": selectors.funding_runway(quartier=quartier, today=timezone.localdate()),
        "budget": budget,
        "budget_totals": selectors.budget_totals(budget),
        "can_edit": Action.EDIT_FUNDING in allowed_actions(request.user, quartier),
    }
    return render(request, "planning/funding/list.html", context)


def _save(request: HttpRequest, quartier: Quartier, source: FundingSource | None) -> HttpResponse:
    post = request.POST if request.method == "POST" else None
    form = FundingSourceForm(post, instance=source)
    initial = [{"measure": s.measure_id, "amount": s.amount} for s in source.shares.all()] if source else []
    formset = ShareFormSet(post, initial=initial, prefix="shares", quartier=quartier)
    if post is not None:
        form_ok = form.is_valid()
        formset.source_amount = form.cleaned_data.get("amount") if form_ok else None
        if formset.is_valid() and form_ok:
            fields = {name: form.cleaned_data[name] for name in services.FIELDS}
            try:
                if source is None:
                    saved = services.funding_create(
                        quartier=quartier, user=request.user, shares=formset.shares(), **fields
                    )
                    message = _("The funding source “%(title)s” has been created.")
                else:
                    saved = services.funding_update(
                        source_id=source.pk, user=request.user, shares=formset.shares(), **fields
                    )
                    message = _("The funding source “%(title)s” has been saved.")
            except ValidationError as exc:
                form.add_error(None, exc)
            except FundingSource.DoesNotExist:
                raise Http404 from None
            else:
                messages.success(request, message % {"title": saved.title})
                return redirect(f"{_list_url(quartier)}#source-{saved.pk}")
    context = {"quartier": quartier, "form": form, "formset": formset, "source": source}
    return render(request, "planning/funding/form.html", context, status=200 if post is None else 400)


@login_required
@require_http_methods(["GET", "POST"])
def funding_create(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    require(request.user, Action.EDIT_FUNDING, quartier)
    return _save(request, quartier, None)


@login_required
@require_http_methods(["GET", "POST"])
def funding_edit(request: HttpRequest, slug: str, source_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    source = _source_or_404(quartier, source_id)
    require(request.user, Action.EDIT_FUNDING, quartier)
    return _save(request, quartier, source)


@login_required
@require_POST
def funding_delete(request: HttpRequest, slug: str, source_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    require(request.user, Action.EDIT_FUNDING, quartier)
    source = FundingSource.objects.filter(pk=source_id, quartier=quartier).first()
    # A second click on "delete" finds it gone: back to the list, without an error page.
    if source is not None and services.funding_delete(source_id=source.pk, user=request.user):
        messages.success(request, _("The funding source “%(title)s” has been deleted.") % {"title": source.title})
    return redirect(_list_url(quartier))
