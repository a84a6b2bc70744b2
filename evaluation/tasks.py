"""Celery tasks: an interface like a view. They take ids and call a service."""

from __future__ import annotations

from celery import shared_task

from .services import report_render


@shared_task(acks_late=True, ignore_result=True, time_limit=300, soft_time_limit=240)
def render_report(report_id: int) -> None:
    report_render(report_id=report_id)
