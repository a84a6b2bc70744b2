"""A report rendered by a real Celery worker through Redis, as in production.

Runs only with REDIS_URL set, e.g.
    REDIS_URL=redis://127.0.0.1:6379/15 .venv/bin/pytest tests/evaluation/test_worker.py
It works on SQLite (a file per test process) and on PostgreSQL (DATABASE_URL).
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from kombu import pools

from config.celery import app
from evaluation import services
from evaluation.models import Report

from .utils import pdf_text, step_titles

REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not REDIS_URL, reason="needs Redis: set REDIS_URL to run a real Celery worker"),
]

TIMEOUT = 60


def _database_url() -> str:
    """The URL of the database this test runs on (the test database, not the configured one)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    if connection.vendor == "postgresql":
        auth = quote(db["USER"] or "", safe="")
        if db.get("PASSWORD"):
            auth += ":" + quote(db["PASSWORD"], safe="")
        host = db.get("HOST") or "localhost"
        port = f":{db['PORT']}" if db.get("PORT") else ""
        return f"postgres://{auth}@{host}{port}/{quote(db['NAME'], safe='')}"
    pytest.skip(f"no worker test for {connection.vendor}")


def _start_worker(log: Path, pool: str = "solo", *, crashing: bool = False) -> subprocess.Popen:
    root = Path(settings.BASE_DIR)
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": REDIS_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    if crashing:
        # Prefork like production: the pool's main process sees its child die and gives the
        # task back to the broker (reject on worker lost), which delivers it again.
        command = [str(root / ".venv" / "bin" / "python"), "-m", "tests.evaluation.crashing_worker"]
        with log.open("wb") as out:
            return subprocess.Popen(command, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT)
    command = [
        str(root / ".venv" / "bin" / "celery"),
        "-A",
        "config",
        "worker",
        f"--pool={pool}",
        "--concurrency=1",
        "-Q",
        "celery",
        "--loglevel=INFO",
    ]
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT)


def _stop_worker(worker: subprocess.Popen) -> None:
    worker.terminate()  # warm shutdown
    try:
        worker.wait(timeout=15)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait(timeout=5)


def _wait_until_finished(report: Report, worker: subprocess.Popen) -> Report:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status in (Report.Status.DONE, Report.Status.FAILED):
            return report
        assert worker.poll() is None, f"the worker stopped with exit code {worker.returncode}"
        time.sleep(0.25)
    pytest.fail(f"the report is still {report.status!r} after {TIMEOUT} s")


@pytest.fixture
def broker():
    """Send tasks to Redis for this test; eager execution and the in-memory broker come back afterwards."""
    saved = (app.conf.task_always_eager, app.conf.broker_url)
    # config/settings.py reads REDIS_URL into the broker URL at import, long before this test, and
    # the test settings make tasks eager: so both are set here, on the app itself.
    app.conf.task_always_eager = False
    app.conf.broker_url = REDIS_URL
    yield app
    app.conf.task_always_eager, app.conf.broker_url = saved
    # Forget the connections to Redis so that later tests do not reuse them.
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    # kombu keeps producer pools per connection in a registry of its own; drop the closed ones.
    pools.reset()


@pytest.mark.django_db(transaction=True)  # the worker is another process: it sees only committed data
def test_worker_renders_a_requested_report(broker, quartier, manager, tmp_path):
    log = tmp_path / "worker.log"
    worker = _start_worker(log)
    try:
        report = services.report_request(quartier=quartier, user=manager)
        assert Report.objects.get(pk=report.pk).status in (Report.Status.QUEUED, Report.Status.RUNNING)

        report = _wait_until_finished(report, worker)

        assert report.status == Report.Status.DONE, report.error
        assert report.attempts == 1
        assert report.requested_by == manager
        assert report.started_at is not None and report.finished_at is not None
        with report.file.open("rb") as pdf:
            text = pdf_text(pdf.read())
        assert quartier.name in text
        for number, title in enumerate(step_titles(), start=1):
            assert f"{number}. {title}" in text
    except BaseException:
        _stop_worker(worker)
        print(f"--- Celery worker log ({log}) ---")
        print(log.read_text(errors="replace"))
        raise
    finally:
        if worker.poll() is None:
            _stop_worker(worker)


@pytest.mark.django_db(transaction=True)
def test_worker_fails_a_report_over_its_time_limit(broker, quartier, manager, tmp_path):
    from evaluation.tasks import render_report

    log = tmp_path / "worker.log"
    # Time limits need the prefork pool, as in production; solo cannot interrupt a task.
    worker = _start_worker(log, pool="prefork")
    try:
        report = Report.objects.create(quartier=quartier, requested_by=manager)
        # A soft limit no render can meet stands in for the 240 s of a real one.
        # Its own connection: the pools of an earlier test in this process were closed.
        with broker.connection_for_write() as conn, conn.Producer() as producer:
            render_report.apply_async((report.pk,), soft_time_limit=0.05, time_limit=30, producer=producer)

        report = _wait_until_finished(report, worker)

        assert report.status == Report.Status.FAILED
        assert report.failure == Report.Failure.TIMEOUT
        assert not report.file
    except BaseException:
        _stop_worker(worker)
        print(f"--- Celery worker log ({log}) ---")
        print(log.read_text(errors="replace"))
        raise
    finally:
        if worker.poll() is None:
            _stop_worker(worker)


@pytest.mark.django_db(transaction=True)
def test_worker_gives_up_a_render_that_keeps_killing_its_worker(broker, quartier, manager, tmp_path):
    from evaluation.models import REPORT_MAX_ATTEMPTS

    log = tmp_path / "worker.log"
    worker = _start_worker(log, crashing=True)
    try:
        report = services.report_request(quartier=quartier, user=manager)

        report = _wait_until_finished(report, worker)

        assert report.status == Report.Status.FAILED
        assert report.failure == Report.Failure.LOST
        assert report.attempts == REPORT_MAX_ATTEMPTS
        assert report.error == f"Gave up after {REPORT_MAX_ATTEMPTS} attempts."
    except BaseException:
        _stop_worker(worker)
        print(f"--- Celery worker log ({log}) ---")
        print(log.read_text(errors="replace"))
        raise
    finally:
        if worker.poll() is None:
            _stop_worker(worker)
