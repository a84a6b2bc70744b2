"""Bounded reports: time limits, lost jobs, one pending report per quartier, the report's language
and the immediate "being created" feedback on the cockpit."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from evaluation import services
from evaluation.models import REPORT_RUNNING_LOST_AFTER, REPORT_SOFT_TIME_LIMIT, REPORT_TIME_LIMIT, Report
from evaluation.tasks import render_report

from .utils import page_text, pdf_text, squash

pytestmark = pytest.mark.django_db

LOST_TEXT = "It was not finished in time. The background service may be unavailable; please try again."
TIMEOUT_TEXT = "Creating the PDF took too long and was stopped."


def _detail(client, report):
    return client.get(reverse("report_detail", args=[report.quartier.slug, report.pk]))


# Time limits


def test_the_task_has_a_soft_and_a_hard_time_limit():
    assert (render_report.soft_time_limit, render_report.time_limit) == (REPORT_SOFT_TIME_LIMIT, REPORT_TIME_LIMIT)
    assert REPORT_SOFT_TIME_LIMIT < REPORT_TIME_LIMIT
    assert timedelta(seconds=REPORT_TIME_LIMIT) < REPORT_RUNNING_LOST_AFTER


def test_render_over_the_soft_limit_fails_with_a_plain_reason_and_can_be_retried(
    manager, quartier, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    def too_slow(*, quartier, language=None):
        raise SoftTimeLimitExceeded()  # what Celery raises in the task at the soft limit

    monkeypatch.setattr(services, "render_progress_pdf", too_slow)
    report = Report.objects.create(quartier=quartier, requested_by=manager)

    render_report(report.pk)

    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert report.failure == Report.Failure.TIMEOUT
    assert "Time limit exceeded" in report.error
    client = client_for(manager)
    text = page_text(_detail(client, report))
    assert gettext("The report could not be created.") in text
    assert squash(gettext(TIMEOUT_TEXT)) in text
    assert gettext("Try again") in text
    assert "Time limit" not in text

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("report_retry", args=[quartier.slug, report.pk]))
    report.refresh_from_db()
    assert (report.status, report.failure, report.error) == (Report.Status.DONE, "", "")


def test_in_process_render_that_finishes_after_the_limit_is_failed(manager, quartier, monkeypatch):
    # Without a broker Celery enforces no time limit: the service checks the time itself.
    monkeypatch.setattr(services, "REPORT_TIME_LIMIT", -1)
    report = Report.objects.create(quartier=quartier, requested_by=manager)

    render_report(report.pk)

    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert report.failure == Report.Failure.TIMEOUT
    assert not report.file


def test_a_late_result_of_a_render_that_was_given_up_is_discarded(manager, quartier, monkeypatch, settings):
    real_render = services.render_progress_pdf
    report = Report.objects.create(quartier=quartier, requested_by=manager)

    def render_while_retried(*, quartier, language=None):
        # Meanwhile the job counted as lost and was queued and started again.
        Report.objects.filter(pk=report.pk).update(started_at=timezone.now() + timedelta(seconds=1))
        return real_render(quartier=quartier, language=language)

    monkeypatch.setattr(services, "render_progress_pdf", render_while_retried)

    render_report(report.pk)

    report.refresh_from_db()
    assert report.status == Report.Status.RUNNING  # left to the render that owns the row now
    assert not report.file
    reports_dir = settings.MEDIA_ROOT / "reports"
    assert not reports_dir.exists() or not any(reports_dir.rglob("*.pdf"))  # no orphaned file


# Lost jobs, with or without a broker


def test_running_report_past_the_hard_limit_is_shown_failed_and_a_get_writes_nothing(
    manager, quartier, client_for, django_capture_on_commit_callbacks
):
    # The process rendering it died (worker killed, or the web process in eager mode).
    started = timezone.now() - REPORT_RUNNING_LOST_AFTER - timedelta(seconds=1)
    report = Report.objects.create(
        quartier=quartier, requested_by=manager, status=Report.Status.RUNNING, started_at=started, attempts=1
    )
    client = client_for(manager)

    response = client.get(reverse("report_detail", args=[quartier.slug, report.pk]), headers={"HX-Request": "true"})

    assert "hx-trigger" not in response.content.decode()
    text = page_text(response)
    assert gettext("The report could not be created.") in text
    assert squash(gettext(LOST_TEXT)) in text
    assert gettext("Try again") in text
    cockpit = page_text(client.get(reverse("cockpit", args=[quartier.slug])), "report-list")
    assert cockpit.endswith(f"– {Report.Status.FAILED.label}")
    assert Report.objects.get(pk=report.pk).status == Report.Status.RUNNING  # reading wrote nothing

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("report_retry", args=[quartier.slug, report.pk]))
    report.refresh_from_db()
    assert report.status == Report.Status.DONE
    assert report.attempts == 1  # the retry is a new run with its own count of starts


def test_running_report_within_the_limit_is_still_being_created(manager, quartier, client_for):
    started = timezone.now() - timedelta(seconds=REPORT_TIME_LIMIT - 10)
    report = Report.objects.create(
        quartier=quartier, requested_by=manager, status=Report.Status.RUNNING, started_at=started
    )

    response = _detail(client_for(manager), report)

    assert 'hx-trigger="every 2s"' in response.content.decode()
    assert gettext("Try again") not in page_text(response)


def test_new_request_fails_a_lost_job_and_starts_a_new_one(manager, quartier, django_capture_on_commit_callbacks):
    lost = Report.objects.create(
        quartier=quartier,
        requested_by=manager,
        status=Report.Status.RUNNING,
        started_at=timezone.now() - REPORT_RUNNING_LOST_AFTER - timedelta(seconds=1),
    )

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = services.report_request(quartier=quartier, user=manager)

    assert report.pk != lost.pk
    assert len(callbacks) == 1
    lost.refresh_from_db()
    assert (lost.status, lost.failure) == (Report.Status.FAILED, Report.Failure.LOST)
    assert lost.finished_at is not None


# One pending report per quartier


def test_second_request_returns_the_pending_report(
    manager, coordinator, quartier, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = services.report_request(quartier=quartier, user=manager)
    with django_capture_on_commit_callbacks(execute=False) as second_callbacks:
        response = client_for(coordinator).post(reverse("report_request", args=[quartier.slug]))

    assert len(callbacks) == 1
    assert second_callbacks == []  # nothing queued a second time
    assert response["Location"] == reverse("report_detail", args=[quartier.slug, first.pk])
    assert Report.objects.count() == 1


def test_retry_while_another_report_is_pending_returns_that_one(
    manager, quartier, client_for, django_capture_on_commit_callbacks
):
    failed = Report.objects.create(quartier=quartier, requested_by=manager, status=Report.Status.FAILED)
    pending = Report.objects.create(quartier=quartier, requested_by=manager)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client_for(manager).post(reverse("report_retry", args=[quartier.slug, failed.pk]))

    assert callbacks == []
    assert response["Location"] == reverse("report_detail", args=[quartier.slug, pending.pk])
    assert Report.objects.get(pk=failed.pk).status == Report.Status.FAILED


def test_a_finished_report_does_not_block_a_new_one(manager, quartier, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.report_request(quartier=quartier, user=manager)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.report_request(quartier=quartier, user=manager)

    assert first.pk != second.pk
    assert Report.objects.filter(status=Report.Status.DONE).count() == 2


@pytest.mark.django_db(transaction=True)  # each thread has its own connection and sees only committed rows
def test_concurrent_requests_create_one_report(manager, quartier, monkeypatch):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memorydb"):
        pytest.skip("an in-memory SQLite database is not shared between threads")
    queued: list[int] = []
    monkeypatch.setattr(render_report, "delay", lambda report_id: queued.append(report_id))
    real_pending = services._pending_report

    def slow_pending(**kwargs):
        # Widen the gap between "is one pending?" and "create one", where a race would strike.
        found = real_pending(**kwargs)
        time.sleep(0.3)
        return found

    monkeypatch.setattr(services, "_pending_report", slow_pending)
    barrier = threading.Barrier(4)
    results: list[int] = []
    errors: list[BaseException] = []

    def ask() -> None:
        try:
            barrier.wait(timeout=10)
            results.append(services.report_request(quartier=quartier, user=manager).pk)
        except BaseException as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert Report.objects.count() == 1
    assert set(results) == {Report.objects.get().pk}
    assert queued == [Report.objects.get().pk]


# The report's language


def test_cockpit_offers_the_language_with_the_organisations_as_default(manager, quartier, client_for):
    response = client_for(manager).get(reverse("cockpit", args=[quartier.slug]))

    html = response.content.decode()
    assert '<label class="form-label" for="id_language">' in html
    assert gettext("Language of the report") in page_text(response)
    assert '<option value="de" selected>' in html
    assert '<option value="en">' in html


def test_report_in_english_when_asked(manager, quartier, client_for, django_capture_on_commit_callbacks):
    client = client_for(manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("report_request", args=[quartier.slug]), {"language": "en"})

    report = Report.objects.get()
    assert report.language == "en"
    assert report.status == Report.Status.DONE
    response = client.get(reverse("report_download", args=[quartier.slug, report.pk]))
    text = pdf_text(b"".join(response.streaming_content))
    assert "Progress report" in text
    assert "Fortschrittsbericht" not in text


def test_report_in_german_by_default(manager, quartier, client_for, django_capture_on_commit_callbacks):
    client = client_for(manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("report_request", args=[quartier.slug]), {"language": "de"})

    report = Report.objects.get()
    assert report.language == "de"
    assert "Fortschrittsbericht" in pdf_text(report.file.read())


def test_unknown_language_creates_no_report(manager, quartier, client_for):
    client = client_for(manager)

    response = client.post(reverse("report_request", args=[quartier.slug]), {"language": "xx"}, follow=True)

    assert not Report.objects.exists()
    assert response.request["PATH_INFO"] == reverse("cockpit", args=[quartier.slug])
    assert gettext("Please choose the language of the report.") in page_text(response)


# Immediate feedback while the report renders


def test_cockpit_says_being_created_at_once_while_the_request_runs(manager, quartier, client_for):
    response = client_for(manager).get(reverse("cockpit", args=[quartier.slug]))

    html = response.content.decode()
    url = reverse("report_request", args=[quartier.slug])
    assert f'hx-post="{url}"' in html
    assert 'hx-indicator="#report-progress"' in html
    assert 'hx-disabled-elt="find button"' in html
    assert gettext("Report is being created …") in page_text(response, "report-progress")


def test_htmx_request_is_sent_on_to_the_report_page(manager, quartier, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager).post(
            reverse("report_request", args=[quartier.slug]), {"language": "de"}, headers={"HX-Request": "true"}
        )

    report = Report.objects.get()
    assert response["HX-Redirect"] == reverse("report_detail", args=[quartier.slug, report.pk])
    assert report.status == Report.Status.DONE


def test_hard_time_limit_fails_the_running_report_at_once(manager, quartier, client_for):
    from billiard.exceptions import TimeLimitExceeded

    report = Report.objects.create(
        quartier=quartier, requested_by=manager, status=Report.Status.RUNNING, started_at=timezone.now()
    )
    done = Report.objects.create(quartier=quartier, status=Report.Status.DONE)

    # What the worker's main process calls when it kills the render at the hard limit.
    for pk in (report.pk, done.pk):
        render_report.on_failure(TimeLimitExceeded(REPORT_TIME_LIMIT), "task-id", (pk,), {}, None)

    report.refresh_from_db()
    assert (report.status, report.failure) == (Report.Status.FAILED, Report.Failure.TIMEOUT)
    assert "TimeLimitExceeded" in report.error
    assert Report.objects.get(pk=done.pk).status == Report.Status.DONE
    text = page_text(_detail(client_for(manager), report))
    assert squash(gettext(TIMEOUT_TEXT)) in text
    assert gettext("Try again") in text
