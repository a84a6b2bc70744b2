"""Writes of the evaluation app: report jobs."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from quartier.access import Action, require
from quartier.models import Quartier, User
from quartier.services import quartier_lock

from .models import REPORT_MAX_ATTEMPTS, REPORT_TIME_LIMIT, Report
from .report_context import report_context
from .selectors import progress_report_summary

logger = logging.getLogger(__name__)


def render_progress_pdf(*, quartier: Quartier, language: str | None = None) -> bytes:
    """Render the Fortschrittsbericht of a quartier to PDF bytes (WeasyPrint).

    In the language asked for, else the organisation's, whoever asked and however the task runs
    (in the worker, or in-process in the requester's language).
    """
    with translation.override(language or settings.LANGUAGE_CODE):
        return _render_progress_pdf(quartier=quartier)


def _render_progress_pdf(*, quartier: Quartier) -> bytes:
    from weasyprint import HTML

    today = timezone.localdate()
    summary = progress_report_summary(quartier=quartier, today=today)
    html = render_to_string(
        "pdf/progress_report.html",
        {
            "summary": summary,
            "quartier": quartier,
            "generated_at": timezone.now(),
            **report_context(quartier=quartier, today=today),
        },
    )
    return HTML(string=html).write_pdf()


def _queue(report: Report) -> None:
    report_id = report.pk
    transaction.on_commit(lambda: _publish(report_id=report_id))


def _publish(*, report_id: int) -> None:
    """Hand the job to the broker; if that fails (broker down), fail the report at once.

    Otherwise the person would get an error page, and the waiting row would block new requests
    for the quartier until the lost-job rule applied; failed, it offers "Try again".
    """
    from .tasks import render_report

    try:
        render_report.delay(report_id)
    except Exception as exc:
        logger.exception("Report %s could not be queued", report_id)
        with transaction.atomic():
            report = Report.objects.select_for_update().filter(pk=report_id).first()
            if report is not None and report.status == Report.Status.QUEUED:
                _fail(report, failure=Report.Failure.LOST, error=f"Not queued: {exc.__class__.__name__}: {exc}")


def _fail(report: Report, *, failure: str, error: str) -> None:
    report.status = Report.Status.FAILED
    report.failure = failure
    report.error = error
    report.finished_at = timezone.now()
    report.save(update_fields=["status", "failure", "error", "finished_at"])


def report_fail_if_lost(*, report: Report) -> bool:
    """Record a lost job (see `Report.is_stale`) as failed; the caller holds the row's lock.

    Pages show a lost job as failed without writing; this makes it so for the write paths,
    which must not count a lost job as still running.
    """
    if not report.is_stale:
        return False
    since = report.started_at or report.queued_at
    _fail(report, failure=Report.Failure.LOST, error=f"Lost: still {report.status} since {since.isoformat()}.")
    logger.warning("Report %s was lost (%s since %s)", report.pk, report.status, since)
    return True


def _pending_report(*, quartier: Quartier, kind: str) -> Report | None:
    """The report of this kind still waiting or rendering for the quartier; lost ones are failed first."""
    for report in Report.objects.select_for_update().filter(
        quartier=quartier, kind=kind, status__in=[Report.Status.QUEUED, Report.Status.RUNNING]
    ):
        if not report_fail_if_lost(report=report):
            return report
    return None


def report_request(*, quartier: Quartier, user: User, language: str | None = None) -> Report:
    """Create a progress-report job, or return the one already waiting or rendering for the quartier.

    The PDF is rendered by a worker after commit, in `language` (default: the organisation's).
    """
    require(user, Action.REQUEST_REPORT, quartier)
    with transaction.atomic():
        # Two people pressing the button at once: the quartier row's lock makes the second wait
        # and then find the first one's job (the unique constraint on pending reports is the backstop).
        quartier_lock(quartier_id=quartier.pk)
        pending = _pending_report(quartier=quartier, kind=Report.Kind.PROGRESS)
        if pending is not None:
            return pending
        report = Report.objects.create(
            quartier=quartier,
            requested_by=user,
            kind=Report.Kind.PROGRESS,
            language=language or settings.LANGUAGE_CODE,
        )
        _queue(report)
    return report


def report_retry(*, report: Report, user: User) -> Report:
    """Queue a failed or lost report again; returns the report the person should look at.

    If another report of the quartier is already waiting or rendering, that one is returned
    instead of starting a second render.
    """
    require(user, Action.REQUEST_REPORT, report.quartier)
    with transaction.atomic():
        quartier_lock(quartier_id=report.quartier_id)
        report = Report.objects.select_for_update().select_related("quartier").get(pk=report.pk)
        if not report.can_retry:
            return report
        report_fail_if_lost(report=report)
        pending = _pending_report(quartier=report.quartier, kind=report.kind)
        if pending is not None:
            return pending
        report.status = Report.Status.QUEUED
        report.failure = ""
        report.error = ""
        report.queued_at = timezone.now()
        report.started_at = None
        report.finished_at = None
        # A new job run: its own count of starts towards REPORT_MAX_ATTEMPTS.
        report.attempts = 0
        report.save(update_fields=["status", "failure", "error", "queued_at", "started_at", "finished_at", "attempts"])
        _queue(report)
    return report


def report_render(*, report_id: int) -> Report | None:
    """Render a queued report; idempotent: a report that is done or failed is left as it is.

    Failures are recorded on the job row: a plain reason for the page, the technical error for
    the log and the admin. A render that runs over the time limit is failed, also when it
    finishes late in-process (no broker), where Celery enforces no time limit.
    """
    with transaction.atomic():
        report = Report.objects.select_for_update().select_related("quartier").filter(pk=report_id).first()
        if report is None or report.status in (Report.Status.DONE, Report.Status.FAILED):
            return report
        # A RUNNING row here is a redelivery after a lost worker (acks_late, reject on worker
        # lost). A render that kills its worker (out of memory) would come back for ever: after
        # REPORT_MAX_ATTEMPTS starts it is given up, and a redelivery keeps the first start, so
        # the lost-job rule (Report.is_stale) still measures from it.
        if report_fail_if_lost(report=report):
            return report
        if report.attempts >= REPORT_MAX_ATTEMPTS:
            _fail(report, failure=Report.Failure.LOST, error=f"Gave up after {report.attempts} attempts.")
            logger.error("Report %s: gave up after %s attempts", report_id, report.attempts)
            return report
        attempt_started_at = timezone.now()
        report.status = Report.Status.RUNNING
        report.started_at = report.started_at or attempt_started_at
        report.attempts += 1
        report.save(update_fields=["status", "started_at", "attempts"])
    attempt = (report.started_at, report.attempts)
    try:
        pdf = render_progress_pdf(quartier=report.quartier, language=report.language)
        if timezone.now() - attempt_started_at > timedelta(seconds=REPORT_TIME_LIMIT):
            raise SoftTimeLimitExceeded(f"finished after the limit of {REPORT_TIME_LIMIT} s")
        # Inside the try: a full disk must fail the job, not leave it "being created" for ever.
        name = report.file.storage.save(report.file.field.generate_filename(report, report.filename), ContentFile(pdf))
    except SoftTimeLimitExceeded as exc:
        logger.error("Report %s ran over its time limit: %s", report_id, exc)
        return _finish(report_id, attempt, failure=Report.Failure.TIMEOUT, error=f"Time limit exceeded: {exc}")
    except Exception as exc:
        logger.exception("Report %s failed", report_id)
        return _finish(report_id, attempt, failure=Report.Failure.ERROR, error=f"{exc.__class__.__name__}: {exc}")
    return _finish(report_id, attempt, file_name=name)


def report_time_out(*, report_id: int, error: str) -> Report | None:
    """Fail a report whose render the worker killed at the hard time limit."""
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is not None and report.status == Report.Status.RUNNING:
            logger.error("Report %s: %s", report_id, error)
            _fail(report, failure=Report.Failure.TIMEOUT, error=error)
    return report


def _finish(
    report_id: int, attempt: tuple[datetime, int], *, file_name: str = "", failure: str = "", error: str = ""
) -> Report | None:
    """Record the outcome of one render, unless the row has moved on meanwhile (lost and retried).

    `attempt` is (started_at, attempts) as this render set them: a retry starts a new clock, a
    redelivery counts a new attempt, and either means this render's outcome is no longer wanted.
    """
    with transaction.atomic():
        report = Report.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.status != Report.Status.RUNNING or (report.started_at, report.attempts) != attempt:
            if file_name:
                Report.file.field.storage.delete(file_name)
            return report
        if failure:
            _fail(report, failure=failure, error=error)
            return report
        report.file.name = file_name
        report.status = Report.Status.DONE
        report.failure = ""
        report.error = ""
        report.finished_at = timezone.now()
        report.save(update_fields=["file", "status", "failure", "error", "finished_at"])
    return report
