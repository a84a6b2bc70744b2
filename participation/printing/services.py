"""Print files of a survey: a request creates a job row and hands it to a Celery worker after
commit; the worker renders the HTML of the kind's module (registry) with WeasyPrint."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quartier.access import Action, require
from quartier.models import User

from ..surveys.models import Survey, SurveyStatus
from .models import PRINT_TIME_LIMIT, PrintKind, PrintStatus, SurveyPrint
from .registry import renderer

logger = logging.getLogger(__name__)

STATIC_BASE = settings.BASE_DIR / "static"

NOT_QUEUED = gettext_lazy("The file could not be queued. Please try again later.")
TOO_LONG = gettext_lazy("Creating the file took too long. Please try again.")
NOT_MADE = gettext_lazy("The file could not be created. Please try again later.")


def _reason(message: Any) -> str:
    """The reason shown to people is stored in German, whoever's worker wrote it."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(message)[:500]


def print_request(*, survey: Survey, kind: str, user: User) -> SurveyPrint:
    """Ask for a print file; returns the job (a job of this kind still waiting is reused).

    Posters and questionnaires need EDIT_PARTICIPATION; the results PDF everyone who reads the
    workspace; a draft has no results.
    """
    if kind not in PrintKind.values:
        raise ValidationError({"kind": [_("Unknown kind of print file.")]})
    action = Action.VIEW if kind == PrintKind.RESULTS else Action.EDIT_PARTICIPATION
    require(user, action, survey.quartier)
    if kind == PrintKind.RESULTS and survey.status == SurveyStatus.DRAFT:
        raise ValidationError({"kind": [_("A draft has no results yet.")]}, code="draft")
    if kind == PrintKind.POSTER and survey.status != SurveyStatus.OPEN:
        raise ValidationError(
            {"kind": [_("The poster can be made once the survey is open: its QR code leads to the survey.")]},
            code="not_open",
        )
    with transaction.atomic():
        Survey.objects.select_for_update().filter(pk=survey.pk).first()
        pending = SurveyPrint.objects.filter(
            survey=survey, kind=kind, status__in=[PrintStatus.QUEUED, PrintStatus.RUNNING]
        ).first()
        if pending is not None and timezone.now() - pending.requested_at < timedelta(seconds=PRINT_TIME_LIMIT * 2):
            return pending
        job = SurveyPrint.objects.create(survey=survey, kind=kind, requested_by=user)
        print_id = job.pk
        transaction.on_commit(lambda: _publish(print_id=print_id))
    return job


def _publish(*, print_id: int) -> None:
    """Hand the job to the broker; if the broker is down, fail the job at once with a reason."""
    from .tasks import render_print

    try:
        render_print.delay(print_id)
    except Exception:
        logger.exception("Print %s could not be queued", print_id)
        _fail(print_id, _reason(NOT_QUEUED), only_from=(PrintStatus.QUEUED,))


def _fail(print_id: int, reason: str, *, only_from: tuple[str, ...]) -> SurveyPrint | None:
    with transaction.atomic():
        job = SurveyPrint.objects.select_for_update().filter(pk=print_id).first()
        if job is not None and job.status in only_from:
            job.status = PrintStatus.FAILED
            job.error = reason
            job.finished_at = timezone.now()
            job.save(update_fields=["status", "error", "finished_at"])
    return job


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=str(STATIC_BASE)).write_pdf()


def print_render(*, print_id: int) -> SurveyPrint | None:
    """Render a queued job; idempotent: a job that is done or failed is left as it is.

    The person who asked reads a plain German reason when it fails; the technical error goes
    to the log.
    """
    with transaction.atomic():
        job = SurveyPrint.objects.select_for_update().select_related("survey__quartier").filter(pk=print_id).first()
        if job is None or job.status in (PrintStatus.DONE, PrintStatus.FAILED):
            return job
        job.status = PrintStatus.RUNNING
        job.save(update_fields=["status"])
    started = timezone.now()
    try:
        with translation.override(settings.LANGUAGE_CODE):
            html = renderer(job.kind)(job.survey)
            pdf = render_pdf(html)
        if timezone.now() - started > timedelta(seconds=PRINT_TIME_LIMIT):
            raise SoftTimeLimitExceeded(f"finished after the limit of {PRINT_TIME_LIMIT} s")
        name = job.file.storage.save(job.file.field.generate_filename(job, "druck.pdf"), ContentFile(pdf))
    except SoftTimeLimitExceeded:
        logger.error("Print %s ran over its time limit", print_id)
        return _fail(print_id, _reason(TOO_LONG), only_from=(PrintStatus.RUNNING,))
    except Exception:
        logger.exception("Print %s failed", print_id)
        return _fail(print_id, _reason(NOT_MADE), only_from=(PrintStatus.RUNNING,))
    with transaction.atomic():
        job = SurveyPrint.objects.select_for_update().filter(pk=print_id).first()
        if job is None or job.status != PrintStatus.RUNNING:
            SurveyPrint.file.field.storage.delete(name)
            return job
        job.file.name = name
        job.status = PrintStatus.DONE
        job.error = ""
        job.finished_at = timezone.now()
        job.save(update_fields=["file", "status", "error", "finished_at"])
    return job


def print_time_out(*, print_id: int) -> SurveyPrint | None:
    """Fail a job whose render the worker killed at the hard time limit."""
    return _fail(print_id, _reason(TOO_LONG), only_from=(PrintStatus.RUNNING,))
