"""The app's Celery tasks. A worker's autodiscovery imports `<app>.tasks` only, so the tasks of
the sub-packages are imported here to be registered."""

from organisation.checks.tasks import render_check_report

__all__ = ["render_check_report"]
