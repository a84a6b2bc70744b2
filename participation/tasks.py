"""The app's Celery tasks. A worker's autodiscovery imports `<app>.tasks` only, so the tasks of
the sub-packages are imported here to be registered."""

from participation.printing.tasks import render_print

__all__ = ["render_print"]
