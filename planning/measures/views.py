"""Pages of one quartier's measures: list, create, detail (milestones, status), edit, delete."""

from __future__ import annotations

from typing import Any

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

from quartier.access import get_quartier_or_404
from quartier.forms import add_errors_from
from quartier.models import Quartier

from . import panels, selectors, services, workflow
from .access import can_edit_measure, can_manage_measures, require_edit_measure, require_manage_measures
from .filters import SORTS, MeasureFilter
from .forms import MeasureForm, MilestoneForm, StatusForm
from .models import Measure, Milestone

PER_PAGE = 25


def today() -> Any:
    return timezone.localdate()


def measure_or_404(quartier: Quartier, measure_id: int) -> Measure:
    measure = selectors.measure_or_none(quartier=quartier, measure_id=measure_id, today=today())
    if measure is None:
        raise Http404
    return measure


def _sort_links(request: HttpRequest, current: str) -> dict[str, dict[str, str]]:
    """Per column: the URL that sorts by it (again: the other way round) and its aria-sort."""
    links = {}
    for key in SORTS:
        params = request.GET.copy()
        params.pop("page", None)
        params["sort"] = f"-{key}" if current == key else key
        state = "ascending" if current == key else "descending" if current == f"-{key}" else ""
        links[key] = {"url": f"?{params.urlencode()}", "aria": state}
    return links


@login_required
@require_safe
def measure_list(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    measures = selectors.measures_of(quartier=quartier, today=today())
    filterset = MeasureFilter(request.GET or None, queryset=measures, quartier=quartier)
    page = Paginator(filterset.qs, PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    current_sort = filterset.form.cleaned_data.get("sort") if filterset.form.is_valid() else ""
    context = {
        "quartier": quartier,
        "filter": filterset,
        "page": page,
        "query": params.urlencode(),
        "sort_links": _sort_links(request, current_sort or "title"),
        "can_manage": can_manage_measures(request.user, quartier),
        "today": today(),
    }
    return render(request, "planning/measures/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def measure_create(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    require_manage_measures(request.user, quartier)
    form = MeasureForm(request.POST or None, quartier=quartier)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            goals, initial_status = data.pop("goals"), data.pop("status")
            try:
                measure = services.measure_create(
                    quartier=quartier, user=request.user, goals=goals, status=initial_status, **data
                )
            except ValidationError as exc:
                add_errors_from(form, exc)
            else:
                messages.success(request, _("The measure “%(title)s” has been created.") % {"title": measure.title})
                return redirect("measure_detail", slug=slug, measure_id=measure.pk)
        status = 400
    return render(
        request, "planning/measures/form.html", {"quartier": quartier, "form": form, "measure": None}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(request: HttpRequest, slug: str, measure_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    measure = measure_or_404(quartier, measure_id)
    require_edit_measure(request.user, measure, quartier=quartier)
    may_assign = can_manage_measures(request.user, quartier)
    form = MeasureForm(request.POST or None, instance=measure, quartier=quartier, may_assign=may_assign)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            goals = data.pop("goals")
            if not may_assign:
                data.pop("responsible", None)
            try:
                services.measure_update(measure_id=measure.pk, user=request.user, goals=goals, **data)
            except ValidationError as exc:
                add_errors_from(form, exc)
            else:
                messages.success(request, _("The changes have been saved."))
                return redirect("measure_detail", slug=slug, measure_id=measure.pk)
        status = 400
    return render(
        request, "planning/measures/form.html", {"quartier": quartier, "form": form, "measure": measure}, status=status
    )


@login_required
@require_POST
def measure_delete(request: HttpRequest, slug: str, measure_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    measure = measure_or_404(quartier, measure_id)
    require_manage_measures(request.user, quartier)
    title = services.measure_delete(measure_id=measure.pk, user=request.user)
    messages.success(request, _("The measure “%(title)s” has been deleted.") % {"title": title})
    return redirect("measure_list", slug=slug)


def _milestones_with_forms(measure: Measure, forms: dict[int, MilestoneForm] | None = None) -> list[Milestone]:
    milestones = list(measure.milestones.all())
    for milestone in milestones:
        given = (forms or {}).get(milestone.pk)
        milestone.form = given or MilestoneForm(instance=milestone, prefix=f"ms{milestone.pk}")
    return milestones


def detail_page(
    request: HttpRequest, quartier: Quartier, measure: Measure, *, status: int = 200, **extra: Any
) -> HttpResponse:
    milestones = _milestones_with_forms(measure, extra.pop("milestone_forms", None))
    context = {
        "quartier": quartier,
        "measure": measure,
        "milestones": milestones,
        "moves": workflow.moves_from(measure.status),
        "can_edit": can_edit_measure(request.user, measure, quartier=quartier),
        "can_manage": can_manage_measures(request.user, quartier),
        "status_form": StatusForm(),
        "milestone_form": MilestoneForm(prefix="new"),
        "today": today(),
        "panels": panels.panels_for(request, quartier, measure),
        **extra,
    }
    return render(request, "planning/measures/detail.html", context, status=status)


@login_required
@require_safe
def measure_detail(request: HttpRequest, slug: str, measure_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    return detail_page(request, quartier, measure_or_404(quartier, measure_id))


@login_required
@require_POST
def measure_status(request: HttpRequest, slug: str, measure_id: int) -> HttpResponse:
    """Make a status move from the detail page or the board (htmx or a plain form)."""
    quartier = get_quartier_or_404(request.user, slug)
    measure = measure_or_404(quartier, measure_id)
    require_edit_measure(request.user, measure, quartier=quartier)
    from_board = request.POST.get("back") == "board"
    form = StatusForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            workflow.measure_set_status(
                measure_id=measure.pk,
                user=request.user,
                to_status=form.cleaned_data["to_status"],
                reason=form.cleaned_data["reason"],
            )
        except workflow.MeasureWorkflowError as exc:
            error = str(exc)
            form.add_error("reason" if isinstance(exc, workflow.ReasonRequired) else "to_status", error)
    else:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    if from_board:
        from .views_overview import board_after_move

        return board_after_move(request, quartier, measure, form=form, error=error)
    if error:
        return detail_page(request, quartier, measure_or_404(quartier, measure.pk), status=400, status_form=form)
    measure.refresh_from_db(fields=["status"])
    messages.success(
        request, _("“%(title)s” is now: %(status)s.") % {"title": measure.title, "status": measure.get_status_display()}
    )
    return redirect("measure_detail", slug=slug, measure_id=measure.pk)


def _milestone_or_404(quartier: Quartier, milestone_id: int) -> Milestone:
    milestone = selectors.milestone_or_none(quartier=quartier, milestone_id=milestone_id)
    if milestone is None:
        raise Http404
    return milestone


def _back_to_milestones(slug: str, measure_id: int) -> HttpResponse:
    return redirect(f"{reverse('measure_detail', kwargs={'slug': slug, 'measure_id': measure_id})}#milestones")


@login_required
@require_POST
def milestone_add(request: HttpRequest, slug: str, measure_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    measure = measure_or_404(quartier, measure_id)
    require_edit_measure(request.user, measure, quartier=quartier)
    form = MilestoneForm(request.POST, prefix="new")
    if not form.is_valid():
        return detail_page(request, quartier, measure, status=400, milestone_form=form)
    services.milestone_add(measure_id=measure.pk, user=request.user, **form.cleaned_data)
    messages.success(request, _("The milestone has been added."))
    return _back_to_milestones(slug, measure.pk)


@login_required
@require_POST
def milestone_edit(request: HttpRequest, slug: str, milestone_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    milestone = _milestone_or_404(quartier, milestone_id)
    require_edit_measure(request.user, milestone.measure, quartier=quartier)
    form = MilestoneForm(request.POST, instance=milestone, prefix=f"ms{milestone.pk}")
    if not form.is_valid():
        measure = measure_or_404(quartier, milestone.measure_id)
        return detail_page(request, quartier, measure, status=400, milestone_forms={milestone.pk: form})
    services.milestone_update(milestone_id=milestone.pk, user=request.user, **form.cleaned_data)
    messages.success(request, _("The milestone has been changed."))
    return _back_to_milestones(slug, milestone.measure_id)


@login_required
@require_POST
def milestone_toggle(request: HttpRequest, slug: str, milestone_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    milestone = _milestone_or_404(quartier, milestone_id)
    require_edit_measure(request.user, milestone.measure, quartier=quartier)
    done = request.POST.get("done") == "1"
    services.milestone_set_done(milestone_id=milestone.pk, user=request.user, done=done)
    if request.htmx:
        measure = measure_or_404(quartier, milestone.measure_id)
        return render(
            request,
            "planning/measures/partials/milestones.html",
            {
                "quartier": quartier,
                "measure": measure,
                "milestones": _milestones_with_forms(measure),
                "can_edit": True,
                "today": today(),
                "focus_milestone": milestone.pk,
                "announce": _("“%(title)s” is done.") % {"title": milestone.title}
                if done
                else _("“%(title)s” is open again.") % {"title": milestone.title},
            },
        )
    return _back_to_milestones(slug, milestone.measure_id)


@login_required
@require_POST
def milestone_delete(request: HttpRequest, slug: str, milestone_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    milestone = _milestone_or_404(quartier, milestone_id)
    require_edit_measure(request.user, milestone.measure, quartier=quartier)
    removed = services.milestone_delete(milestone_id=milestone.pk, user=request.user)
    messages.success(request, _("The milestone “%(title)s” has been removed.") % {"title": removed.title})
    return _back_to_milestones(slug, milestone.measure_id)
