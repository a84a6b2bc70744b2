"""Pages of the organisation check, for the organisation's coordinators (and superusers).

Everyone else gets 404, as for an organisation that does not exist: no one learns whose check
is there. Objects of another organisation's check are 404 as well.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from quartier.access import coordinated_organisations, get_organisation_or_404
from quartier.models import Organisation

from ..models import CheckAction, CheckRating, CheckReport, CheckReportStatus, CheckRound, CheckTopic, Maturity
from . import selectors, services
from .compare import topic_order
from .forms import ActionForm, NewRoundForm, RatingForm, RoundForm


def _round_or_404(organisation: Organisation, round_id: int) -> CheckRound:
    check_round = CheckRound.objects.filter(organisation=organisation, pk=round_id).first()
    if check_round is None:
        raise Http404
    return check_round


def _rating_or_404(check_round: CheckRound, topic_id: int) -> CheckRating:
    rating = CheckRating.objects.filter(round=check_round, topic_id=topic_id).select_related("topic").first()
    if rating is None:
        raise Http404
    rating.round = check_round
    return rating


def _action_or_404(organisation: Organisation, action_id: int) -> CheckAction:
    action = (
        CheckAction.objects.filter(rating__round__organisation=organisation, pk=action_id)
        .select_related("rating__topic", "rating__round")
        .first()
    )
    if action is None:
        raise Http404
    return action


def _overview_url(organisation: Organisation) -> str:
    return reverse("check_overview", kwargs={"org_slug": organisation.slug})


def _round_url(check_round: CheckRound, organisation: Organisation) -> str:
    return reverse("check_round_detail", kwargs={"org_slug": organisation.slug, "round_id": check_round.pk})


def _topic_url(organisation: Organisation, round_id: int, topic_id: int) -> str:
    return reverse(
        "check_rating_edit", kwargs={"org_slug": organisation.slug, "round_id": round_id, "topic_id": topic_id}
    )


def _back(request: HttpRequest, default: str) -> HttpResponse:
    """Back to the page the form was on (the overview, the round or the topic), if it is ours."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return redirect(target)
    return redirect(default)


@login_required
@require_safe
def check_home(request: HttpRequest) -> HttpResponse:
    organisations = coordinated_organisations(request.user)
    if not organisations:
        raise Http404
    if len(organisations) == 1:
        return redirect(_overview_url(organisations[0]))
    return render(request, "organisation/checks/home.html", {"organisations": organisations})


@login_required
@require_safe
def check_overview(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = get_organisation_or_404(request.user, org_slug)
    today = timezone.localdate()
    overview = selectors.check_overview(organisation=organisation, today=today)
    return render(
        request,
        "organisation/checks/overview.html",
        {
            "organisation": organisation,
            "overview": overview,
            "scale": Maturity.choices,
            "today": today,
            "lost": {r.pk for r in overview.reports if selectors.report_is_lost(r)},
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def check_round_create(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = get_organisation_or_404(request.user, org_slug)
    has_previous = CheckRound.objects.filter(organisation=organisation).exists()
    form = NewRoundForm(request.POST if request.method == "POST" else None, has_previous=has_previous)
    if request.method == "POST" and form.is_valid():
        try:
            check_round = services.round_create(
                organisation=organisation,
                user=request.user,
                held_on=form.cleaned_data["held_on"],
                title=form.cleaned_data["title"],
                notes=form.cleaned_data["notes"],
                take_over=form.cleaned_data.get("take_over", False),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("The round of %(day)s has been created. Rate each topic now.")
                % {"day": check_round.held_on.strftime("%d.%m.%Y")},
            )
            return redirect(_round_url(check_round, organisation))
    status = 400 if form.is_bound else 200
    context = {"organisation": organisation, "form": form, "check_round": None}
    return render(request, "organisation/checks/round_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def check_round_edit(request: HttpRequest, org_slug: str, round_id: int) -> HttpResponse:
    organisation = get_organisation_or_404(request.user, org_slug)
    check_round = _round_or_404(organisation, round_id)
    initial = {"held_on": check_round.held_on, "title": check_round.title, "notes": check_round.notes}
    form = RoundForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.round_update(round_id=check_round.pk, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The round has been saved."))
            return redirect(_round_url(check_round, organisation))
    status = 400 if form.is_bound else 200
    context = {"organisation": organisation, "form": form, "check_round": check_round}
    return render(request, "organisation/checks/round_form.html", context, status=status)


@login_required
@require_POST
def check_round_delete(request: HttpRequest, org_slug: str, round_id: int) -> HttpResponse:
    organisation = get_organisation_or_404(request.user, org_slug)
    check_round = CheckRound.objects.filter(organisation=organisation, pk=round_id).first()
    # A second click finds it gone: back to the overview, without an error page.
    if check_round is not None and services.round_delete(round_id=check_round.pk, user=request.user):
        messages.success(request, _("The round and its next actions have been deleted."))
    return redirect(_overview_url(organisation))


@login_required
@require_safe
def check_round_detail(request: HttpRequest, org_slug: str, round_id: int) -> HttpResponse:
    organisation = get_organisation_or_404(request.user, org_slug)
    check_round = _round_or_404(organisation, round_id)
    today = timezone.localdate()
    detail = selectors.round_detail(check_round=check_round, today=today)
    context = {
        "organisation": organisation,
        "check_round": check_round,
        "detail": detail,
        "scale": Maturity.choices,
        "today": today,
    }
    return render(request, "organisation/checks/round_detail.html", context)


def _neighbours(rating: CheckRating) -> tuple[int, int, CheckTopic | None, CheckTopic | None]:
    """The topic's place among the round's topics: (position, count, previous topic, next topic)."""
    topic_id = rating.topic_id
    topics = sorted(CheckTopic.objects.filter(ratings__round_id=rating.round_id), key=topic_order)
    index = next((i for i, t in enumerate(topics) if t.pk == topic_id), 0)
    before = topics[index - 1] if index > 0 else None
    after = topics[index + 1] if index + 1 < len(topics) else None
    return index + 1, len(topics), before, after


def _topic_page(
    request: HttpRequest,
    organisation: Organisation,
    rating: CheckRating,
    *,
    rating_form: RatingForm | None = None,
    action_form: ActionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    position, count, previous_topic, next_topic = _neighbours(rating)
    initial = {"level": rating.level, "evidence": rating.evidence}
    context = {
        "organisation": organisation,
        "check_round": rating.round,
        "rating": rating,
        "topic": rating.topic,
        "detail": selectors.topic_detail(rating=rating, today=today),
        "rating_form": rating_form or RatingForm(initial=initial),
        "action_form": action_form or ActionForm(),
        "previous_topic": previous_topic,
        "next_topic": next_topic,
        "position": position,
        "count": count,
        "today": today,
        # Where "done" and "delete" lead back to: this page, also after a form posted elsewhere.
        "back": _topic_url(organisation, rating.round_id, rating.topic_id) + "#massnahmen",
    }
    return render(request, "organisation/checks/topic.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def check_rating_edit(request: HttpRequest, org_slug: str, round_id: int, topic_id: int) -> HttpResponse:
    organisation = get_organisation_or_404(request.user, org_slug)
    rating = _rating_or_404(_round_or_404(organisation, round_id), topic_id)
    if request.method != "POST":
        return _topic_page(request, organisation, rating)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.rating_update(rating_id=rating.pk, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The rating of “%(topic)s” has been saved.") % {"topic": rating.topic.title})
            if request.POST.get("then") == "next":
                _position, _count, _before, after = _neighbours(rating)
                if after is not None:
                    return redirect(_topic_url(organisation, round_id, after.pk))
                return redirect(_round_url(rating.round, organisation))
            return redirect(_topic_url(organisation, round_id, rating.topic_id) + "#massnahmen")
    return _topic_page(request, organisation, rating, rating_form=form, status=400)


@login_required
@require_POST
def check_action_create(request: HttpRequest, org_slug: str, round_id: int, topic_id: int) -> HttpResponse:
    organisation = get_organisation_or_404(request.user, org_slug)
    rating = _rating_or_404(_round_or_404(organisation, round_id), topic_id)
    form = ActionForm(request.POST)
    if form.is_valid():
        try:
            action = services.action_create(rating_id=rating.pk, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The next action “%(what)s” has been added.") % {"what": action.what})
            return redirect(_topic_url(organisation, round_id, topic_id) + "#massnahmen")
    return _topic_page(request, organisation, rating, action_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def check_action_edit(request: HttpRequest, org_slug: str, action_id: int) -> HttpResponse:
    organisation = get_organisation_or_404(request.user, org_slug)
    action = _action_or_404(organisation, action_id)
    topic_url = _topic_url(organisation, action.rating.round_id, action.rating.topic_id)
    initial = {"what": action.what, "who": action.who, "due": action.due}
    form = ActionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(action_id=action.pk, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The next action has been saved."))
            return _back(request, topic_url + "#massnahmen")
    context = {
        "organisation": organisation,
        "action": action,
        "form": form,
        "topic_url": topic_url,
        "next": request.POST.get("next") or request.GET.get("next", ""),
    }
    return render(request, "organisation/checks/action_form.html", context, status=400 if form.is_bound else 200)


@login_required
@require_POST
def check_action_done(request: HttpRequest, org_slug: str, action_id: int) -> HttpResponse:
    organisation = get_organisation_or_404(request.user, org_slug)
    action = _action_or_404(organisation, action_id)
    done = request.POST.get("done") == "1"
    services.action_set_done(action_id=action.pk, user=request.user, done=done)
    if done:
        messages.success(request, _("“%(what)s” is marked as done.") % {"what": action.what})
    else:
        messages.success(request, _("“%(what)s” is open again.") % {"what": action.what})
    return _back(request, _topic_url(organisation, action.rating.round_id, action.rating.topic_id) + "#massnahmen")


@login_required
@require_POST
def check_action_delete(request: HttpRequest, org_slug: str, action_id: int) -> HttpResponse:
    organisation = get_organisation_or_404(request.user, org_slug)
    action = CheckAction.objects.filter(rating__round__organisation=organisation, pk=action_id).first()
    if action is not None and services.action_delete(action_id=action.pk, user=request.user):
        messages.success(request, _("The next action “%(what)s” has been deleted.") % {"what": action.what})
    return _back(request, _overview_url(organisation))


# --- the PDF ----------------------------------------------------------------------------------


def _report_or_404(organisation: Organisation, report_id: int) -> CheckReport:
    report = (
        CheckReport.objects.filter(round__organisation=organisation, pk=report_id)
        .select_related("round", "requested_by")
        .first()
    )
    if report is None:
        raise Http404
    return report


@login_required
@require_POST
def check_report_request(request: HttpRequest, org_slug: str) -> HttpResponse:
    organisation = get_organisation_or_404(request.user, org_slug)
    try:
        report = services.report_request(organisation=organisation, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(_overview_url(organisation) + "#pdf")
    return redirect("check_report_detail", org_slug=organisation.slug, report_id=report.pk)


@login_required
@require_safe
def check_report_detail(request: HttpRequest, org_slug: str, report_id: int) -> HttpResponse:
    organisation = get_organisation_or_404(request.user, org_slug)
    report = _report_or_404(organisation, report_id)
    lost = selectors.report_is_lost(report)
    waiting = report.status in (CheckReportStatus.QUEUED, CheckReportStatus.RUNNING) and not lost
    context = {"organisation": organisation, "report": report, "lost": lost, "waiting": waiting}
    if request.htmx:
        return render(request, "organisation/checks/partials/report_status.html", context)
    return render(request, "organisation/checks/report_detail.html", context)


@login_required
@require_safe
def check_report_download(request: HttpRequest, org_slug: str, report_id: int) -> HttpResponse:
    organisation = get_organisation_or_404(request.user, org_slug)
    report = _report_or_404(organisation, report_id)
    if report.status != CheckReportStatus.DONE or not report.file:
        raise Http404
    try:
        handle = report.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = f"Organisationscheck-{organisation.slug}-{report.round.held_on:%Y-%m-%d}.pdf"
    response = FileResponse(handle, content_type="application/pdf", as_attachment=True, filename=name)
    response["Cache-Control"] = "private, no-store"
    return response
