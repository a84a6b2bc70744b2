"""Celery tasks: an interface like a view. They take ids and call a service."""

from __future__ import annotations

from celery import shared_task

from .models import REPORT_SOFT_TIME_LIMIT, REPORT_TIME_LIMIT
from .services import report_render


# At the soft limit the render raises SoftTimeLimitExceeded and the report is failed with a
# plain reason; at the hard limit the worker process is killed, and the row, still "running",
# counts as lost once REPORT_RUNNING_LOST_AFTER has passed (models.Report.is_stale).
@shared_task(acks_late=True, ignore_result=True, time_limit=REPORT_TIME_LIMIT, soft_time_limit=REPORT_SOFT_TIME_LIMIT)
def render_report(report_id: int) -> None:
    report_render(report_id=report_id)
