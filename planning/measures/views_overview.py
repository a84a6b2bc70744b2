"""Overviews of measures: the board by status, the timeline, „Meine Maßnahmen“ and the exports."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import F, Prefetch, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from quartier.access import get_quartier_or_404
from quartier.models import Quartier

from . import exports, selectors, timeline, workflow
from .access import can_edit_measure, can_manage_measures
from .filters import MeasureFilter
from .forms import StatusForm
from .models import Measure, MeasureStatus, Milestone
from .views import today

# Cards per column: a column of hundreds of cards helps nobody; the list shows them all.
BOARD_LIMIT = 25


def _board_measures(queryset: QuerySet[Measure], *, today: datetime.date) -> QuerySet[Measure]:
    """At most BOARD_LIMIT measures per status, overdue ones and those ending soonest first.

    Two queries whatever the number of measures: the ranking needs only the overdue flag, so it
    runs on the bare rows; the milestone counts are worked out for the cards shown only.
    """
    order = [F("is_overdue").desc(), F("end").asc(nulls_last=True), F("title").asc(), F("pk").asc()]
    ranked = (
        queryset.order_by()
        .annotate(column_rank=Window(RowNumber(), partition_by=[F("status")], order_by=order))
        .filter(column_rank__lte=BOARD_LIMIT)
    )
    shown = list(ranked.values_list("pk", flat=True))
    return selectors.annotated(Measure.objects.filter(pk__in=shown), today=today).order_by("status_rank", *order)


def board_context(
    request: HttpRequest,
    quartier: Quartier,
    *,
    moved: Measure | None = None,
    form: StatusForm | None = None,
    error: str = "",
) -> dict[str, Any]:
    # Only the overdue flag here (for its filter and the order of the cards); the rest per card shown.
    bare = Measure.objects.filter(quartier=quartier).annotate(is_overdue=selectors.overdue_flag(today=today()))
    filterset = MeasureFilter(request.GET or None, queryset=bare, quartier=quartier)
    filtered = filterset.qs
    counts = selectors.status_counts(filtered)
    columns: dict[str, list[Measure]] = {status: [] for status in selectors.STATUS_ORDER}
    base = reverse("measure_list", kwargs={"slug": quartier.slug})
    for measure in _board_measures(filtered, today=today()):
        measure.can_edit = can_edit_measure(request.user, measure, quartier=quartier)
        measure.moves = workflow.moves_from(measure.status)
        # Set on every card: a missing attribute costs the template a dir() of the model.
        measure.focus, measure.move_form, measure.move_error = False, None, ""
        measure.detail_url, measure.status_url = f"{base}{measure.pk}/", f"{base}{measure.pk}/status/"
        if moved is not None and measure.pk == moved.pk:
            measure.focus = True
            if error:
                measure.move_form, measure.move_error = form, error
        columns[measure.status].append(measure)
    return {
        "quartier": quartier,
        "filter": filterset,
        "columns": [
            {"status": status, "label": MeasureStatus(status).label, "cards": columns[status], "count": counts[status]}
            for status in selectors.STATUS_ORDER
        ],
        "limit": BOARD_LIMIT,
        "query": request.GET.urlencode(),
        "can_manage": can_manage_measures(request.user, quartier),
        "today": today(),
    }


@login_required
@require_safe
def measure_board(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    return render(request, "planning/measures/board.html", board_context(request, quartier))


def board_after_move(
    request: HttpRequest, quartier: Quartier, measure: Measure, *, form: StatusForm, error: str
) -> HttpResponse:
    """After a move on the board: htmx gets the board again (focus on the moved card, or on the
    reason it still needs); a plain form goes back to the board, or to the detail page to give a reason."""
    if request.htmx:
        context = board_context(request, quartier, moved=measure, form=form, error=error)
        if not error:
            measure.refresh_from_db(fields=["status"])
            context["announce"] = _("“%(title)s” is now: %(status)s.") % {
                "title": measure.title,
                "status": measure.get_status_display(),
            }
        return render(request, "planning/measures/partials/board.html", context, status=200)
    if error:
        messages.error(request, error)
        # The detail page has the status form with the reason field.
        return redirect(f"{reverse('measure_detail', kwargs={'slug': quartier.slug, 'measure_id': measure.pk})}#status")
    measure.refresh_from_db(fields=["status"])
    messages.success(
        request, _("“%(title)s” is now: %(status)s.") % {"title": measure.title, "status": measure.get_status_display()}
    )
    query = f"?{request.GET.urlencode()}" if request.GET else ""  # the board as it was filtered
    return redirect(f"{reverse('measure_board', kwargs={'slug': quartier.slug})}{query}#measure-{measure.pk}")


def _month(value: str | None) -> datetime.date | None:
    """ "2026-03" from the URL → 1 March 2026; anything else → None."""
    try:
        return datetime.datetime.strptime((value or "")[:7], "%Y-%m").date()
    except ValueError:
        return None


@login_required
@require_safe
def measure_timeline(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    measures = list(
        selectors.measures_of(quartier=quartier, today=today())
        .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "position", "pk")))
        .order_by("start", "end", "title")
    )
    chart = timeline.build(measures, today=today(), start=_month(request.GET.get("ab")))
    undated = [m for m in measures if not (m.start and m.end)]
    context = {
        "quartier": quartier,
        "chart": chart,
        "undated": undated,
        "colours": [(MeasureStatus(s).label, c) for s, c in timeline.STATUS_COLOURS.items()],
        "overdue_colour": timeline.OVERDUE_COLOUR,
        "today": today(),
    }
    return render(request, "planning/measures/timeline.html", context)


@login_required
@require_safe
def my_measures(request: HttpRequest) -> HttpResponse:
    measures = list(selectors.my_measures(user=request.user, today=today()))
    return render(request, "planning/measures/mine.html", {"measures": measures, "today": today()})


def _filtered(request: HttpRequest, quartier: Quartier) -> QuerySet[Measure]:
    measures = selectors.measures_of(quartier=quartier, today=today())
    return MeasureFilter(request.GET or None, queryset=measures, quartier=quartier).qs


@login_required
@require_safe
def measure_export_csv(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    response = HttpResponse(exports.as_csv(_filtered(request, quartier)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="massnahmen-{quartier.slug}.csv"'
    return response


@login_required
@require_safe
def measure_export_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug)
    response = HttpResponse(
        exports.as_xlsx(_filtered(request, quartier)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="massnahmen-{quartier.slug}.xlsx"'
    return response
