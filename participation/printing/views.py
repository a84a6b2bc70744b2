"""Print files of a survey: ask for one (POST) and download it when it is ready."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from quartier.access import Action, get_quartier_or_404

from ..surveys.models import Survey
from . import services
from .models import PrintStatus, SurveyPrint


def _survey_or_404(request: HttpRequest, slug: str, survey_id: int) -> Survey:
    quartier = get_quartier_or_404(request.user, slug, Action.VIEW)
    survey = Survey.objects.filter(quartier=quartier, pk=survey_id).select_related("quartier").first()
    if survey is None:
        raise Http404
    return survey


@login_required
@require_POST
def survey_print_request(request: HttpRequest, slug: str, survey_id: int) -> HttpResponse:
    survey = _survey_or_404(request, slug, survey_id)
    try:
        job = services.print_request(survey=survey, kind=request.POST.get("kind", ""), user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        job.refresh_from_db()
        if job.status == PrintStatus.DONE:
            messages.success(request, _("The file “%(kind)s” is ready.") % {"kind": job.get_kind_display()})
        elif job.status == PrintStatus.FAILED:
            messages.error(request, job.error)
        else:
            messages.info(
                request,
                _("The file “%(kind)s” is being created. Reload the page in a moment to download it.")
                % {"kind": job.get_kind_display()},
            )
    url = reverse("survey_detail", kwargs={"slug": slug, "survey_id": survey.pk})
    return redirect(f"{url}#druck")


@login_required
@require_safe
def survey_print_download(request: HttpRequest, slug: str, survey_id: int, print_id: int) -> HttpResponse:
    survey = _survey_or_404(request, slug, survey_id)
    job = SurveyPrint.objects.filter(survey=survey, pk=print_id, status=PrintStatus.DONE).first()
    if job is None or not job.file:
        raise Http404
    try:
        handle = job.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = f"{job.kind}-{survey.pk}.pdf"
    return FileResponse(handle, content_type="application/pdf", as_attachment=True, filename=name)
