"""A Celery worker whose every render kills its own process, as the kernel does when memory runs out.

Started by tests/evaluation/test_worker.py with the environment of a normal worker:
    python -m tests.evaluation.crashing_worker
"""

from __future__ import annotations

import os
import signal

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
django.setup()

from config.celery import app  # noqa: E402
from evaluation import services  # noqa: E402


def _killed(**kwargs: object) -> bytes:
    os.kill(os.getpid(), signal.SIGKILL)
    raise AssertionError("unreachable")


services.render_progress_pdf = _killed

if __name__ == "__main__":
    app.worker_main(["worker", "--pool=prefork", "--concurrency=1", "-Q", "celery", "--loglevel=INFO"])
