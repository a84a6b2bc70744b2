"""Celery tasks: an interface like a view. They take ids and call a service."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.conf import settings

from .auth import login_failures_prune


@shared_task(ignore_result=True)
def prune_login_failures() -> None:
    """Daily (CELERY_BEAT_SCHEDULE): forget failed logins older than AXES_RETENTION_DAYS."""
    login_failures_prune(older_than=timedelta(days=settings.AXES_RETENTION_DAYS))
