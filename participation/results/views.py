"""Pages of a survey's results: the page with tables and charts, the downloads, and the button
that writes the survey's indicator values into the analysis."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from planning.analysis.charts import format_value
from quartier.access import Action, allowed_actions, get_quartier_or_404
from quartier.models import Quartier

from ..surveys.models import Survey, SurveyStatus
from . import exports
from .charts import attach_charts
from .indicators import survey_write_indicators as write_indicators
from .selectors import compare_waves
from .selectors import survey_results as results_of


def _survey_or_404(quartier: Quartier, survey_id: int) -> Survey:
    return get_object_or_404(Survey.objects.select_related("previous_wave"), pk=survey_id, quartier=quartier)


def _published_or_404(quartier: Quartier, survey_id: int) -> Survey:
    """A draft has no results and no downloads."""
    survey = _survey_or_404(quartier, survey_id)
    if survey.status == SurveyStatus.DRAFT:
        raise Http404
    return survey


def results_and_comparison(survey: Survey, *, charts: str = "chart"):
    """The survey's results and, if it has an earlier wave in the same quartier, the comparison."""
    results = results_of(survey)
    comparison = None
    previous = survey.previous_wave
    if previous is not None and previous.quartier_id == survey.quartier_id:
        comparison = compare_waves(results, results_of(previous, breakdown=False, texts=0))
        for entry in comparison.questions:
            entry.now.comparison = entry
    if charts:
        attach_charts(results, prefix=charts)
    return results, comparison


def _filename(survey: Survey, name: str) -> str:
    return f'attachment; filename="umfrage-{survey.pk}-{name}"'


@login_required
@require_safe
def survey_results(request: HttpRequest, slug: str, survey_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug, Action.VIEW)
    survey = _survey_or_404(quartier, survey_id)
    context = {"quartier": quartier, "survey": survey, "section": "participation"}
    if survey.status == SurveyStatus.DRAFT:
        return render(request, "participation/results/draft.html", context)
    results, comparison = results_and_comparison(survey)
    actions = allowed_actions(request.user, quartier)
    context |= {
        "results": results,
        "comparison": comparison,
        # One row per response with the age band beside every answer would let a reader count
        # the groups hidden as „< 3“ again: the raw answers go only to those who run the survey.
        "can_download_responses": Action.EDIT_PARTICIPATION in actions,
        "can_write_indicators": Action.EDIT_PARTICIPATION in actions
        and survey.status == SurveyStatus.CLOSED
        and survey.questions.filter(indicator__isnull=False).exists(),
    }
    return render(request, "participation/results/page.html", context)


@login_required
@require_safe
def survey_responses_csv(request: HttpRequest, slug: str, survey_id: int) -> StreamingHttpResponse:
    quartier = get_quartier_or_404(request.user, slug, Action.EDIT_PARTICIPATION)
    survey = _published_or_404(quartier, survey_id)
    response = StreamingHttpResponse(
        exports.csv_lines(exports.response_rows(survey)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = _filename(survey, "antworten.csv")
    return response


@login_required
@require_safe
def survey_responses_xlsx(request: HttpRequest, slug: str, survey_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug, Action.EDIT_PARTICIPATION)
    survey = _published_or_404(quartier, survey_id)
    response = HttpResponse(
        exports.responses_xlsx(survey),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = _filename(survey, "antworten.xlsx")
    return response


@login_required
@require_safe
def survey_results_csv(request: HttpRequest, slug: str, survey_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug, Action.VIEW)
    survey = _published_or_404(quartier, survey_id)
    results, comparison = results_and_comparison(survey, charts="")
    response = HttpResponse(
        "".join(exports.csv_lines(exports.result_rows(results, comparison))), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = _filename(survey, "ergebnisse.csv")
    return response


@login_required
@require_POST
def survey_write_indicators(request: HttpRequest, slug: str, survey_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug, Action.EDIT_PARTICIPATION)
    survey = _published_or_404(quartier, survey_id)
    target = redirect("survey_results", quartier.slug, survey.pk)
    if survey.status != SurveyStatus.CLOSED:
        messages.error(request, _("Values are taken into the analysis once the survey is closed."))
        return target
    written = write_indicators(survey=survey, user=request.user)
    if not written:
        messages.info(request, _("No question of this survey gave an indicator value (no answers yet?)."))
        return target
    listed = "; ".join(
        f"{value.indicator.title}: {format_value(value.value, value.indicator.unit)}" for value in written
    )
    messages.success(
        request,
        _("Taken into the analysis for %(date)s: %(values)s.")
        % {"date": date_format(written[0].reference_date, "SHORT_DATE_FORMAT"), "values": listed},
    )
    return target
