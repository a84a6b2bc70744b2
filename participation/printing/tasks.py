"""Celery task of print files: takes an id and calls the service."""

from __future__ import annotations

from typing import Any

from billiard.exceptions import TimeLimitExceeded
from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded

from .models import PRINT_SOFT_TIME_LIMIT, PRINT_TIME_LIMIT
from .services import print_render, print_time_out


class PrintTask(Task):
    def on_failure(self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        # At the hard limit the worker kills the render; the job is failed at once.
        if isinstance(exc, (TimeLimitExceeded, SoftTimeLimitExceeded)):
            print_id = kwargs.get("print_id", args[0] if args else None)
            if print_id is not None:
                print_time_out(print_id=print_id)


# At the soft limit the render raises SoftTimeLimitExceeded and the service fails the job with a
# plain reason; at the hard limit the worker kills it (PrintTask.on_failure).
@shared_task(
    base=PrintTask,
    acks_late=True,
    ignore_result=True,
    time_limit=PRINT_TIME_LIMIT,
    soft_time_limit=PRINT_SOFT_TIME_LIMIT,
)
def render_print(print_id: int) -> None:
    print_render(print_id=print_id)
