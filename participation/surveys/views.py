"""Staff pages of surveys: the list, a new survey (template, empty or a new wave), the builder
with its questions, the settings, publishing and the QR code of the public link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from quartier.access import Action, can, get_quartier_or_404
from quartier.forms import add_errors_from
from quartier.models import Quartier

from ..printing.selectors import print_overview
from . import services
from .forms import QuestionForm, SurveyCreateForm, SurveyForm
from .models import Question, QuestionKind, Survey, SurveyStatus
from .qr import qr_png, qr_svg, survey_link
from .templates import survey_create_from_template

KIND_HELP = {
    QuestionKind.SINGLE: _("One answer from a list, e.g. „Wie alt sind Sie?“"),
    QuestionKind.MULTIPLE: _("Several answers from a list may be ticked."),
    QuestionKind.SCALE: _("One step on a scale, e.g. from „sehr stark“ to „gar nicht“."),
    QuestionKind.GRID: _("Several items rated on the same scale, shown as a table."),
    QuestionKind.TEXT: _("An answer in the person's own words."),
    QuestionKind.NUMBER: _("A number, optionally within a range."),
    QuestionKind.YESNO: _("Yes or no."),
}


def _survey_or_404(quartier: Quartier, survey_id: int) -> Survey:
    survey = Survey.objects.filter(quartier=quartier, pk=survey_id).select_related("previous_wave").first()
    if survey is None:
        raise Http404
    return survey


def _question_or_404(survey: Survey, question_id: int) -> Question:
    question = Question.objects.filter(survey=survey, pk=question_id).select_related("survey").first()
    if question is None:
        raise Http404
    return question


def _base(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


def _to_survey(survey: Survey, anchor: str = "") -> HttpResponse:
    url = reverse("survey_detail", kwargs={"slug": survey.quartier.slug, "survey_id": survey.pk})
    return redirect(f"{url}#{anchor}" if anchor else url)


@login_required
@require_safe
def survey_list(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug, Action.VIEW)
    surveys = (
        Survey.objects.filter(quartier=quartier)
        .select_related("previous_wave")
        .annotate(response_count=Count("responses"))
        .order_by("-created_at", "-pk")
    )
    context = {
        "quartier": quartier,
        "surveys": list(surveys),
        "can_edit": can(request.user, Action.EDIT_PARTICIPATION, quartier),
    }
    return render(request, "participation/surveys/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def survey_create(request: HttpRequest, slug: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug, Action.EDIT_PARTICIPATION)
    form = SurveyCreateForm(request.POST or None, quartier=quartier)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["start"] == form.TEMPLATE:
                    survey = survey_create_from_template(quartier=quartier, user=request.user)
                    if data["title"].strip():
                        survey = services.survey_update(survey=survey, user=request.user, title=data["title"])
                elif data["start"] == form.BLANK:
                    survey = services.survey_create(quartier=quartier, user=request.user, title=data["title"])
                else:
                    survey = services.survey_create_wave(
                        survey=data["previous"], user=request.user, title=data["title"], wave_label=data["wave_label"]
                    )
            except ValidationError as exc:
                add_errors_from(form, exc)
            else:
                messages.success(request, _("The survey “%(title)s” has been created as a draft.") % {"title": survey})
                return _to_survey(survey)
        status = 400
    else:
        status = 200
    return render(request, "participation/surveys/create.html", {"quartier": quartier, "form": form}, status=status)


@login_required
@require_safe
def survey_detail(request: HttpRequest, slug: str, survey_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug, Action.VIEW)
    survey = _survey_or_404(quartier, survey_id)
    questions = list(
        survey.questions.select_related("indicator").prefetch_related("choices", "items").order_by("position", "pk")
    )
    can_edit = can(request.user, Action.EDIT_PARTICIPATION, quartier)
    response_count = survey.responses.count()
    context = {
        "quartier": quartier,
        "survey": survey,
        "questions": questions,
        "response_count": response_count,
        "locked": services.survey_locked(survey),
        "can_edit": can_edit,
        "can_enter": can(request.user, Action.ENTER_RESPONSES, quartier),
        "problems": services.publish_problems(survey) if survey.status == SurveyStatus.DRAFT else [],
        "public_url": survey_link(survey, base=_base(request)) if survey.status == SurveyStatus.OPEN else "",
        "kinds": [(kind, label, KIND_HELP[kind]) for kind, label in QuestionKind.choices],
        "prints": print_overview(survey=survey, user=request.user),
        "next_waves": list(survey.next_waves.order_by("created_at")),
    }
    return render(request, "participation/surveys/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def survey_edit(request: HttpRequest, slug: str, survey_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug, Action.EDIT_PARTICIPATION)
    survey = _survey_or_404(quartier, survey_id)
    form = SurveyForm(request.POST or None, instance=survey)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.survey_update(survey=survey, user=request.user, **form.service_fields())
            except ValidationError as exc:
                add_errors_from(form, exc)
            else:
                messages.success(request, _("The settings have been saved."))
                return _to_survey(survey)
        status = 400
    else:
        status = 200
    survey.refresh_from_db()
    context = {"quartier": quartier, "survey": survey, "form": form}
    return render(request, "participation/surveys/edit.html", context, status=status)


def _status_action(request: HttpRequest, slug: str, survey_id: int, action, done: str) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug, Action.EDIT_PARTICIPATION)
    survey = _survey_or_404(quartier, survey_id)
    try:
        action(survey=survey, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return _to_survey(survey, "veroeffentlichen")
    messages.success(request, done)
    return _to_survey(survey)


@login_required
@require_POST
def survey_publish(request: HttpRequest, slug: str, survey_id: int) -> HttpResponse:
    return _status_action(
        request, slug, survey_id, services.survey_publish, _("The survey is open: the public link works now.")
    )


@login_required
@require_POST
def survey_close(request: HttpRequest, slug: str, survey_id: int) -> HttpResponse:
    return _status_action(request, slug, survey_id, services.survey_close, _("The survey is closed."))


@login_required
@require_POST
def survey_reopen(request: HttpRequest, slug: str, survey_id: int) -> HttpResponse:
    return _status_action(request, slug, survey_id, services.survey_reopen, _("The survey is open again."))


def _open_survey_or_404(request: HttpRequest, slug: str, survey_id: int) -> Survey:
    quartier = get_quartier_or_404(request.user, slug, Action.VIEW)
    survey = _survey_or_404(quartier, survey_id)
    if survey.status != SurveyStatus.OPEN:
        raise Http404
    return survey


@login_required
@require_safe
def survey_qr_png(request: HttpRequest, slug: str, survey_id: int) -> HttpResponse:
    survey = _open_survey_or_404(request, slug, survey_id)
    response = HttpResponse(qr_png(survey, base=_base(request)), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="umfrage-{survey.pk}-qr.png"'
    return response


@login_required
@require_safe
def survey_qr_svg(request: HttpRequest, slug: str, survey_id: int) -> HttpResponse:
    survey = _open_survey_or_404(request, slug, survey_id)
    response = HttpResponse(qr_svg(survey, base=_base(request)), content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="umfrage-{survey.pk}-qr.svg"'
    return response


# ---------------------------------------------------------------------------------------------
# Questions


def _question_page(request, quartier, survey, form, question, locked, status) -> HttpResponse:
    context = {
        "quartier": quartier,
        "survey": survey,
        "form": form,
        "question": question,
        "kind_label": QuestionKind(form.kind).label,
        "kind": form.kind,
        "locked": locked,
    }
    return render(request, "participation/surveys/question_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def survey_question_create(request: HttpRequest, slug: str, survey_id: int) -> HttpResponse:
    """Without a kind: the list of kinds to pick from; with one (`?art=grid`): its form."""
    quartier = get_quartier_or_404(request.user, slug, Action.EDIT_PARTICIPATION)
    survey = _survey_or_404(quartier, survey_id)
    if services.survey_locked(survey):
        messages.error(
            request,
            _(
                "This survey is no longer a draft: no questions can be added any more. Start a new wave for "
                "changed questions."
            ),
        )
        return _to_survey(survey, "fragen")
    kind = request.POST.get("art") or request.GET.get("art")
    if kind not in QuestionKind.values:
        context = {
            "quartier": quartier,
            "survey": survey,
            "kinds": [(k, label, KIND_HELP[k]) for k, label in QuestionKind.choices],
        }
        return render(request, "participation/surveys/question_kind.html", context, status=200 if not kind else 400)
    initial = {"required": kind != QuestionKind.TEXT, "domain": "basis"}
    form = QuestionForm(request.POST or None, kind=kind, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                question = services.question_create(
                    survey=survey, user=request.user, kind=kind, **form.service_fields()
                )
            except ValidationError as exc:
                add_errors_from(form, exc)
            else:
                messages.success(request, _("Question %(n)s has been added.") % {"n": question.position})
                return _to_survey(survey, f"frage-{question.pk}")
        return _question_page(request, quartier, survey, form, None, False, 400)
    return _question_page(request, quartier, survey, form, None, False, 200)


@login_required
@require_http_methods(["GET", "POST"])
def survey_question_edit(request: HttpRequest, slug: str, survey_id: int, question_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug, Action.EDIT_PARTICIPATION)
    survey = _survey_or_404(quartier, survey_id)
    question = _question_or_404(survey, question_id)
    locked = services.survey_locked(survey)
    form = QuestionForm(
        request.POST or None, kind=question.kind, locked=locked, initial=QuestionForm.initial_for(question)
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                services.question_update(question=question, user=request.user, **form.service_fields())
            except ValidationError as exc:
                add_errors_from(form, exc)
            else:
                messages.success(request, _("Question %(n)s has been saved.") % {"n": question.position})
                return _to_survey(survey, f"frage-{question.pk}")
        return _question_page(request, quartier, survey, form, question, locked, 400)
    return _question_page(request, quartier, survey, form, question, locked, 200)


@login_required
@require_http_methods(["GET", "POST"])
def survey_question_delete(request: HttpRequest, slug: str, survey_id: int, question_id: int) -> HttpResponse:
    """GET asks to confirm; POST deletes."""
    quartier = get_quartier_or_404(request.user, slug, Action.EDIT_PARTICIPATION)
    survey = _survey_or_404(quartier, survey_id)
    question = _question_or_404(survey, question_id)
    if request.method == "POST":
        try:
            services.question_delete(question=question, user=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The question has been deleted."))
        return _to_survey(survey, "fragen")
    context = {
        "quartier": quartier,
        "survey": survey,
        "question": question,
        "locked": services.survey_locked(survey),
    }
    return render(request, "participation/surveys/question_delete.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def survey_delete(request: HttpRequest, slug: str, survey_id: int) -> HttpResponse:
    """GET asks to confirm and says how many responses go with it; POST deletes."""
    quartier = get_quartier_or_404(request.user, slug, Action.EDIT_PARTICIPATION)
    survey = _survey_or_404(quartier, survey_id)
    if request.method == "POST":
        title = survey.title
        services.survey_delete(survey=survey, user=request.user)
        messages.success(request, _("The survey „%(title)s“ and its answers have been deleted.") % {"title": title})
        return redirect("survey_list", slug=quartier.slug)
    context = {"quartier": quartier, "survey": survey, "response_count": survey.responses.count()}
    return render(request, "participation/surveys/survey_delete.html", context)


@login_required
@require_POST
def survey_question_move(request: HttpRequest, slug: str, survey_id: int, question_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug, Action.EDIT_PARTICIPATION)
    survey = _survey_or_404(quartier, survey_id)
    question = _question_or_404(survey, question_id)
    try:
        services.question_move(question=question, user=request.user, direction=request.POST.get("richtung", ""))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return _to_survey(survey, "fragen")
    return _to_survey(survey, f"frage-{question.pk}")
