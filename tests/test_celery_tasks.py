"""A worker knows every task the web process queues: its autodiscovery imports `<app>.tasks`
only, so a task that lives deeper must be imported there, or the worker drops the job as
unregistered and the print file or PDF never comes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from django.conf import settings

QUEUED_TASKS = {
    "evaluation.tasks.render_report",
    "participation.printing.tasks.render_print",
    "organisation.checks.tasks.render_check_report",
}

# What a starting worker does: set Django up, then import each app's `tasks` module.
WORKER_IMPORTS = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
django.setup()
from config.celery import app
app.loader.import_default_modules()
print("\\n".join(sorted(app.tasks)))
"""


def test_a_fresh_worker_registers_every_task_the_app_queues():
    out = subprocess.run(
        [sys.executable, "-c", WORKER_IMPORTS],
        cwd=Path(settings.BASE_DIR),
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout.split()
    assert set(out) >= QUEUED_TASKS, QUEUED_TASKS - set(out)
