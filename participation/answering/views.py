"""Answering a survey: the public page citizens open without an account, and the staff entry form
for paper questionnaires and interviews.

The public page works without JavaScript and stores nothing about the person: after sending, a
signed cookie for this survey only says „answered on this device“; the per-address limit is held
in the cache."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from quartier.access import Action, get_quartier_or_404
from quartier.fields import SHORT_TEXT_MAX

from .. import ratelimit
from ..public_views import LARGE, TEXT_SIZE_COOKIE, set_text_size
from ..surveys.models import Channel, Response, Survey, SurveyStatus
from . import services
from .forms import EntryForm, SurveyAnswerForm

ANSWERED_SALT = "participation.survey.answered"
ANSWERED_MAX_AGE = 180 * 24 * 3600
ANOTHER_PERSON = "weitere"
QUESTIONS_TEMPLATE = "participation/answering/partials/questions.html"
QUESTIONS_CACHE_SECONDS = 3600
TEXT_SIZE_FIELD = "size"
RECENT_SHOWN = 20
SURVEY_FIELDS = tuple(field.name for field in Survey._meta.concrete_fields)
FRAME_FIELDS = ("quartier__name", "quartier__slug", "quartier__municipality", "quartier__organisation__name")


def _answered_cookie(survey: Survey) -> str:
    return f"umfrage_{survey.pk}"


def _public_survey(token: str) -> Survey | None:
    """An open or closed survey with this link; drafts and unknown links are „not there“."""
    if len(token) > 64:
        return None
    return (
        Survey.objects.select_related("quartier", "quartier__organisation")
        .only(*SURVEY_FIELDS, *FRAME_FIELDS)  # the frame needs the names, not the map: a cheaper query
        .filter(token=token)
        .exclude(status=SurveyStatus.DRAFT)
        .first()
    )


def _missing(request: HttpRequest) -> HttpResponse:
    return render(request, "participation/answering/missing.html", {"quartier": None}, status=404)


def _closed(request: HttpRequest, survey: Survey) -> HttpResponse:
    not_yet = survey.status == SurveyStatus.OPEN and bool(survey.opens_on and timezone.localdate() < survey.opens_on)
    context = {"quartier": survey.quartier, "survey": survey, "not_yet": not_yet}
    return render(request, "participation/answering/closed.html", context)


def _questions_html(survey: Survey, questions: list, form: SurveyAnswerForm | None) -> str:
    """The questions: of a filled-in form (with its errors), or of a blank one. A blank form is the
    same for every respondent (the CSRF token and the submission key lie outside), so it is
    rendered once per version of the questions (a typo fix makes a new one) and language."""
    if form is not None:
        return render_to_string(QUESTIONS_TEMPLATE, {"blocks": form.blocks, "text_max": SHORT_TEXT_MAX})
    version = getattr(questions, "version", "") or services.fingerprint(questions)
    key = f"survey-form:{survey.pk}:{survey.token}:{get_language()}:{version}"
    html = cache.get(key)
    if html is None:
        blank = SurveyAnswerForm(survey=survey, questions=questions)
        html = render_to_string(QUESTIONS_TEMPLATE, {"blocks": blank.blocks, "text_max": SHORT_TEXT_MAX})
        cache.set(key, html, timeout=QUESTIONS_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 (rendered by our own template, escaped there)


def _answer_page(
    request: HttpRequest,
    survey: Survey,
    questions: list,
    key: str,
    form: SurveyAnswerForm | None = None,
    *,
    large: bool | None = None,
) -> HttpResponse:
    if large is None:
        large = request.COOKIES.get(TEXT_SIZE_COOKIE) == LARGE
    context = {
        "quartier": survey.quartier,
        "survey": survey,
        "questions_html": _questions_html(survey, questions, form),
        "error_links": form.error_links() if form is not None and not form.quiet else [],
        "submission_key": key,
        "text_large": large,
        "text_size_field": TEXT_SIZE_FIELD,
    }
    return render(request, "participation/answering/answer.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def survey_answer(request: HttpRequest, token: str) -> HttpResponse:
    survey = _public_survey(token)
    if survey is None:
        return _missing(request)
    if not services.open_for_online(survey):
        return _closed(request, survey)
    questions = services.questions_of(survey)

    if request.method != "POST":
        answered = request.get_signed_cookie(
            _answered_cookie(survey), default=None, salt=ANSWERED_SALT, max_age=ANSWERED_MAX_AGE
        )
        if answered and ANOTHER_PERSON not in request.GET:
            context = {"quartier": survey.quartier, "survey": survey, "another": ANOTHER_PERSON}
            return render(request, "participation/answering/already.html", context)
        return _answer_page(request, survey, questions, services.new_submission_key())

    key = request.POST.get("submission_key", "")
    if not services.valid_submission_key(key):
        key = services.new_submission_key()
    form = SurveyAnswerForm(request.POST, survey=survey, questions=questions)
    if TEXT_SIZE_FIELD in request.POST:
        # The „Schrift größer“ switch belongs to this form: the page comes back in the chosen size
        # with everything typed kept, without errors, and nothing is stored.
        form.quiet = True
        large = request.POST[TEXT_SIZE_FIELD] == LARGE
        response = _answer_page(request, survey, questions, key, form, large=large)
        set_text_size(response, request, large=large)
        return response
    if not form.is_valid():
        return _answer_page(request, survey, questions, key, form)
    if not ratelimit.allow(request, f"survey:{survey.pk}"):
        context = {"quartier": survey.quartier, "survey": survey}
        return render(request, "participation/answering/limit.html", context, status=429)
    try:
        services.response_submit(
            survey=survey, answers=form.cleaned_data, channel=Channel.ONLINE, submission_key=key, questions=questions
        )
    except ValidationError:  # closed in the meantime
        return _closed(request, survey)
    response = redirect("survey_thanks", token=survey.token)
    response.set_signed_cookie(
        _answered_cookie(survey),
        "1",
        salt=ANSWERED_SALT,
        max_age=ANSWERED_MAX_AGE,
        samesite="Lax",
        httponly=True,
        secure=request.is_secure(),
    )
    return response


@require_safe
def survey_thanks(request: HttpRequest, token: str) -> HttpResponse:
    survey = _public_survey(token)
    if survey is None:
        return _missing(request)
    context = {"quartier": survey.quartier, "survey": survey, "is_open": services.open_for_online(survey)}
    return render(request, "participation/answering/thanks.html", context)


# Staff entry -------------------------------------------------------------------------------------


def _entry_session_key(survey: Survey, day: datetime.date) -> str:
    return f"survey_entry:{survey.pk}:{day.isoformat()}"


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def survey_entry(request: HttpRequest, slug: str, survey_id: int) -> HttpResponse:
    quartier = get_quartier_or_404(request.user, slug, Action.ENTER_RESPONSES)
    survey = Survey.objects.filter(quartier=quartier, pk=survey_id).first()
    if survey is None:
        raise Http404
    today = timezone.localdate()
    counter_key = _entry_session_key(survey, today)
    context = {"quartier": quartier, "survey": survey, "section": "participation"}
    if not services.open_for_entry(survey):
        return render(request, "participation/answering/entry.html", {**context, "draft": True})

    questions = services.questions_of(survey)
    saved = False
    if request.method == "POST":
        key = request.POST.get("submission_key", "")
        form = EntryForm(request.POST, survey=survey, questions=questions)
        if form.is_valid():
            stored = services.response_submit(
                survey=survey,
                answers=form.cleaned_data,
                channel=form.cleaned_data["channel"],
                entered_by=request.user,
                submission_key=key if services.valid_submission_key(key) else None,
                submitted_on=form.cleaned_data["submitted_on"],
                questions=questions,
            )
            if stored.was_created:
                request.session[counter_key] = [*_entered_ids(request, counter_key), stored.pk]
            return redirect(f"{reverse('survey_entry', args=[quartier.slug, survey.pk])}?gespeichert=1")
    else:
        form = EntryForm(survey=survey, questions=questions)
        saved = "gespeichert" in request.GET
    total = services.responses_entered(survey=survey)
    ids = _entered_ids(request, counter_key)
    mine = len(ids)
    count = ngettext("%(total)s questionnaire entered", "%(total)s questionnaires entered", total) % {
        "total": total
    } + ngettext(", %(mine)s of them by you today", ", %(mine)s of them by you today", mine) % {"mine": mine}
    context |= {
        "form": form,
        "blocks": form.blocks,
        "error_links": form.error_links() if form.is_bound else [],
        "submission_key": services.new_submission_key()
        if not form.is_bound
        else request.POST.get("submission_key", ""),
        "count": count,
        "compact": True,
        "text_max": SHORT_TEXT_MAX,
        # After saving, the cursor waits on the first question: the next form is typed straight away.
        "autofocus_id": "" if form.is_bound else form.first_input_id(),
        "saved": saved,
        "channel_options": form["channel"],
        "closed": survey.status == SurveyStatus.CLOSED,
        "recent": services.responses_entered_by(survey=survey, user=request.user, ids=ids)[:RECENT_SHOWN],
    }
    return render(request, "participation/answering/entry.html", context)


def _entered_ids(request: HttpRequest, key: str) -> list[int]:
    """The questionnaires this person typed in today in this session (their ids)."""
    ids = request.session.get(key)
    return [n for n in ids if isinstance(n, int)] if isinstance(ids, list) else []


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def survey_entry_delete(request: HttpRequest, slug: str, survey_id: int, response_id: int) -> HttpResponse:
    """GET asks to confirm; POST deletes a mistyped questionnaire with its answers."""
    quartier = get_quartier_or_404(request.user, slug, Action.ENTER_RESPONSES)
    stored = (
        Response.objects.select_related("survey", "survey__quartier", "entered_by")
        .filter(survey__quartier=quartier, survey_id=survey_id, pk=response_id, entered_by__isnull=False)
        .first()
    )
    if stored is None:
        raise Http404
    if not services.may_delete_response(response=stored, user=request.user):
        raise PermissionDenied
    survey = stored.survey
    if request.method == "POST":
        services.response_delete(response=stored, user=request.user)
        counter_key = _entry_session_key(survey, timezone.localdate())
        ids = _entered_ids(request, counter_key)
        if response_id in ids:
            request.session[counter_key] = [n for n in ids if n != response_id]
        messages.success(request, _("Questionnaire no. %(n)s has been deleted.") % {"n": response_id})
        return redirect("survey_entry", quartier.slug, survey.pk)
    context = {
        "quartier": quartier,
        "survey": survey,
        "response": stored,
        "answer_count": stored.answers.count(),
        "section": "participation",
    }
    return render(request, "participation/answering/entry_delete.html", context)
