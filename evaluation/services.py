"""Writes of the evaluation app: report jobs."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from quartier.access import Action, require
from quartier.models import Quartier, User

from .models import Report
from .selectors import progress_report_summary

logger = logging.getLogger(__name__)


def render_progress_pdf(*, quartier: Quartier) -> bytes:
    """Render the Fortschrittsbericht of a quartier to PDF bytes (WeasyPrint)."""
    # Reports go to committees in the organisation's language, whoever asked and however the
    # task runs (in the worker, or in-process in the requester's language).
    with translation.override(settings.LANGUAGE_CODE):
        return _render_progress_pdf(quartier=quartier)


def _render_progress_pdf(*, quartier: Quartier) -> bytes:
    from weasyprint import HTML

    summary = progress_report_summary(quartier=quartier)
    html = render_to_string(
        "pdf/progress_report.html",
        {
            "summary": summary,
            "quartier": quartier,
            "generated_at": timezone.now(),
        },
    )
    return HTML(string=html).write_pdf()


def _queue(report: Report) -> None:
    from .tasks import render_report

    transaction.on_commit(lambda: render_report.delay(report.pk))


def report_request(*, quartier: Quartier, user: User) -> Report:
    """Create a progress-report job; the PDF is rendered by a worker after commit."""
    require(user, Action.REQUEST_REPORT, quartier)
    with transaction.atomic():
        report = Report.objects.create(quartier=quartier, requested_by=user, kind=Report.Kind.PROGRESS)
        _queue(report)
    return report


def report_retry(*, report: Report, user: User) -> Report:
    """Queue a failed report again, or one that has waited longer than any worker would take."""
    require(user, Action.REQUEST_REPORT, report.quartier)
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if not report.can_retry:
            return report
        report.status = Report.Status.QUEUED
        report.error = ""
        report.queued_at = timezone.now()
        report.started_at = None
        report.save(update_fields=["status", "error", "queued_at", "started_at"])
        _queue(report)
    return report


def report_render(*, report_id: int) -> Report | None:
    """Render a queued report; idempotent: a report that is done is left as it is.

    Errors are recorded on the job row so that the page can show them.
    """
    with transaction.atomic():
        report = Report.objects.select_for_update().select_related("quartier").filter(pk=report_id).first()
        if report is None or report.status == Report.Status.DONE:
            return report
        # A RUNNING row here is a redelivery after a lost worker (acks_late): render again.
        report.status = Report.Status.RUNNING
        report.started_at = timezone.now()
        report.attempts += 1
        report.save(update_fields=["status", "started_at", "attempts"])
    try:
        pdf = render_progress_pdf(quartier=report.quartier)
        # Inside the try: a full disk must fail the job, not leave it "being created" for ever.
        report.file.save(report.filename, ContentFile(pdf), save=False)
    except Exception as exc:
        logger.exception("Report %s failed", report_id)
        report.status = Report.Status.FAILED
        report.error = _("The PDF could not be created: %(error)s") % {"error": exc}
        report.finished_at = timezone.now()
        report.save(update_fields=["status", "error", "finished_at"])
        return report
    report.status = Report.Status.DONE
    report.finished_at = timezone.now()
    report.error = ""
    report.save(update_fields=["file", "status", "finished_at", "error"])
    return report
