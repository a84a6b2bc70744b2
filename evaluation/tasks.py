"""Celery tasks: an interface like a view. They take ids and call a service."""

from __future__ import annotations

from typing import Any

from billiard.exceptions import TimeLimitExceeded
from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded

from .models import REPORT_SOFT_TIME_LIMIT, REPORT_TIME_LIMIT
from .services import report_render, report_time_out


class ReportTask(Task):
    def on_failure(self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        # At the hard limit the worker kills the render; the worker's main process calls this,
        # so the report is failed at once instead of counting as lost only later. The soft limit
        # lands here when it strikes outside the render itself (the service handles it inside).
        if isinstance(exc, (TimeLimitExceeded, SoftTimeLimitExceeded)):
            report_id = kwargs.get("report_id", args[0] if args else None)
            if report_id is not None:
                report_time_out(report_id=report_id, error=f"Time limit exceeded: {exc!r}")


# At the soft limit the render raises SoftTimeLimitExceeded and the report is failed with a
# plain reason; at the hard limit the worker kills it (ReportTask.on_failure). A row left
# "running" anyway (the worker died) counts as lost once REPORT_RUNNING_LOST_AFTER has passed.
@shared_task(
    base=ReportTask,
    acks_late=True,
    ignore_result=True,
    time_limit=REPORT_TIME_LIMIT,
    soft_time_limit=REPORT_SOFT_TIME_LIMIT,
)
def render_report(report_id: int) -> None:
    report_render(report_id=report_id)
