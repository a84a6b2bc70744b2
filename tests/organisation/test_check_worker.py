"""The „Organisationscheck“ PDF rendered by a real Celery worker through Redis, as in production.

Runs only with REDIS_URL set, e.g.
    REDIS_URL=redis://127.0.0.1:6379/15 .venv/bin/pytest tests/organisation/test_check_worker.py
"""

from __future__ import annotations

import time

import pytest

from organisation.checks import services
from organisation.checks.tasks import render_check_report
from organisation.models import CheckReport, CheckReportStatus
from tests.evaluation.test_worker import REDIS_URL, _start_worker, _stop_worker, broker  # noqa: F401
from tests.evaluation.utils import pdf_text

from .check_data import CHALLENGES, DIMENSIONS, days, make_round

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not REDIS_URL, reason="needs Redis: set REDIS_URL to run a real Celery worker"),
]

TIMEOUT = 60


def _wait_until_finished(report: CheckReport, worker) -> CheckReport:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status in (CheckReportStatus.DONE, CheckReportStatus.FAILED):
            return report
        assert worker.poll() is None, f"the worker stopped with exit code {worker.returncode}"
        time.sleep(0.25)
    pytest.fail(f"the PDF is still {report.status!r} after {TIMEOUT} s")


def _run(worker, log, check) -> None:
    try:
        check()
    except BaseException:
        _stop_worker(worker)
        print(f"--- Celery worker log ({log}) ---")
        print(log.read_text(errors="replace"))
        raise
    finally:
        if worker.poll() is None:
            _stop_worker(worker)


@pytest.mark.django_db(transaction=True)  # the worker is another process: it sees only committed data
def test_worker_renders_the_organisation_check(broker, organisation, coordinator, tmp_path):  # noqa: F811
    make_round(organisation, days(-30), {"haltung": 3, "transparenz": 1})
    log = tmp_path / "worker.log"
    worker = _start_worker(log)

    def check() -> None:
        report = services.report_request(organisation=organisation, user=coordinator)
        report = _wait_until_finished(report, worker)
        assert report.status == CheckReportStatus.DONE, report.error
        with report.file.open("rb") as fh:
            content = pdf_text(fh.read())
        for title in DIMENSIONS + CHALLENGES:
            assert title in content

    _run(worker, log, check)


@pytest.mark.django_db(transaction=True)
def test_worker_fails_a_pdf_over_its_time_limit(broker, organisation, coordinator, tmp_path):  # noqa: F811
    check_round = make_round(organisation, days(-30), {"haltung": 3})
    log = tmp_path / "worker.log"
    # Time limits need the prefork pool, as in production; solo cannot interrupt a task.
    worker = _start_worker(log, pool="prefork")

    def check() -> None:
        report = CheckReport.objects.create(round=check_round, requested_by=coordinator)
        # A soft limit no render can meet stands in for the real one.
        with broker.connection_for_write() as conn, conn.Producer() as producer:
            render_check_report.apply_async((report.pk,), soft_time_limit=0.05, time_limit=30, producer=producer)
        report = _wait_until_finished(report, worker)
        assert report.status == CheckReportStatus.FAILED
        assert report.error == services._reason(services.TOO_LONG)
        assert not report.file

    _run(worker, log, check)
