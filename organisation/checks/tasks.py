"""Celery task of the „Organisationscheck“ PDF: takes an id and calls the service."""

from __future__ import annotations

from typing import Any

from billiard.exceptions import TimeLimitExceeded
from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded

from ..models import CHECK_PDF_SOFT_TIME_LIMIT, CHECK_PDF_TIME_LIMIT
from .services import report_render, report_time_out


class CheckReportTask(Task):
    def on_failure(self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        # At the hard limit the worker kills the render; its main process calls this, so the
        # PDF is failed at once instead of waiting for ever.
        if isinstance(exc, (TimeLimitExceeded, SoftTimeLimitExceeded)):
            report_id = kwargs.get("report_id", args[0] if args else None)
            if report_id is not None:
                report_time_out(report_id=report_id)


# At the soft limit the render raises SoftTimeLimitExceeded and the service fails the PDF with a
# plain reason; at the hard limit the worker kills it (CheckReportTask.on_failure).
@shared_task(
    base=CheckReportTask,
    acks_late=True,
    ignore_result=True,
    time_limit=CHECK_PDF_TIME_LIMIT,
    soft_time_limit=CHECK_PDF_SOFT_TIME_LIMIT,
)
def render_check_report(report_id: int) -> None:
    report_render(report_id=report_id)
