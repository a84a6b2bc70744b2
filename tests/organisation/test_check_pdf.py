"""The „Organisationscheck“ PDF: requested, rendered by the task (eager here), downloaded; its
text; failures with a reason; time limits; idempotent renders."""

from __future__ import annotations

from datetime import timedelta

import pytest
from billiard.exceptions import TimeLimitExceeded
from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext

from organisation.checks import pdf, services
from organisation.checks.compare import Change
from organisation.checks.selectors import REPORT_LOST_AFTER
from organisation.checks.tasks import render_check_report
from organisation.models import (
    CHECK_PDF_SOFT_TIME_LIMIT,
    CHECK_PDF_TIME_LIMIT,
    CheckReport,
    CheckReportStatus,
    Maturity,
)
from tests.evaluation.utils import pdf_text, squash
from tests.pages import text

from .check_data import CHALLENGES, DIMENSIONS, action, days, make_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def rounds(organisation):
    before = make_round(organisation, days(-365), {"haltung": 2, "transparenz": 2})
    latest = make_round(organisation, days(-30), {"haltung": 3, "transparenz": 1, "finanzierung": 2})
    action(latest, "transparenz", "Newsletter neu aufsetzen", days(-12), who="Pressestelle")
    action(latest, "haltung", "Leitbild in alle Teams tragen", days(40))
    return before, latest


def _url(name: str, organisation, **kwargs) -> str:
    return reverse(name, kwargs={"org_slug": organisation.slug, **kwargs})


def _request(client, organisation, capture):
    with capture(execute=True):
        response = client.post(_url("check_report_request", organisation))
    return response, CheckReport.objects.latest("pk")


def test_the_pdf_names_every_dimension_and_challenge_with_levels_changes_and_open_actions(
    organisation, rounds, coordinator, client_for, django_capture_on_commit_callbacks
):
    _before, latest = rounds
    response, report = _request(client_for(coordinator), organisation, django_capture_on_commit_callbacks)
    assert response["Location"] == _url("check_report_detail", organisation, report_id=report.pk)
    report.refresh_from_db()
    assert report.status == CheckReportStatus.DONE and report.error == ""
    assert report.round == latest and report.requested_by == coordinator

    with report.file.open("rb") as fh:
        content = pdf_text(fh.read())
    assert "Stadt Musterstadt" in content
    for title in DIMENSIONS + CHALLENGES:
        assert squash(title) in content, title
    assert "Stehen der Wille der Menschen" in content  # a guiding question
    assert f"3 – {Maturity.LARGELY.label}" in content
    assert f"1 – {Maturity.NOT_STARTED.label}" in content
    assert str(Change.UP.label) in content and str(Change.DOWN.label) in content and str(Change.NEW.label) in content
    assert "Beleg haltung" in content  # evidence
    assert "Newsletter neu aufsetzen" in content and "Leitbild in alle Teams tragen" in content
    overdue = gettext("overdue since %(day)s") % {"day": formats.date_format(days(-12), "SHORT_DATE_FORMAT")}
    assert squash(overdue) in content
    before_day = formats.date_format(days(-365), "SHORT_DATE_FORMAT")
    assert before_day in content  # the round compared with


def test_the_pdf_html_is_a4_with_page_numbers(organisation, rounds):
    html = pdf.render_html(rounds[1], today=timezone.localdate())
    assert "size: A4" in html and "counter(pages)" in html


def test_the_ready_pdf_is_downloaded_by_the_coordinator_only(
    organisation, rounds, coordinator, other_coordinator, manager, client_for, django_capture_on_commit_callbacks
):
    _response, report = _request(client_for(coordinator), organisation, django_capture_on_commit_callbacks)
    page = text(client_for(coordinator).get(_url("check_report_detail", organisation, report_id=report.pk)))
    assert gettext("The PDF is ready.") in page
    download = _url("check_report_download", organisation, report_id=report.pk)
    response = client_for(coordinator).get(download)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "Organisationscheck-musterstadt-" in response["Content-Disposition"]
    for user in (other_coordinator, manager, None):
        status = client_for(user).get(download).status_code
        assert status == (302 if user is None else 404)


def test_a_failed_render_shows_the_reason(
    organisation, rounds, coordinator, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    def boom(*args, **kwargs):
        raise RuntimeError("WeasyPrint kaputt")

    monkeypatch.setattr(services, "render_pdf", boom)
    client = client_for(coordinator)
    response, report = _request(client, organisation, django_capture_on_commit_callbacks)
    report.refresh_from_db()
    assert report.status == CheckReportStatus.FAILED
    with_reason = str(services.NOT_MADE)
    assert report.error == with_reason
    page = text(client.get(response["Location"]))
    assert gettext("The PDF could not be created.") in page
    assert with_reason in page
    assert "WeasyPrint kaputt" not in page
    assert client.get(_url("check_report_download", organisation, report_id=report.pk)).status_code == 404
    # The overview says it failed too, and trying again works.
    assert str(CheckReportStatus.FAILED.label) in text(client.get(_url("check_overview", organisation)), "pdf")
    monkeypatch.undo()
    _response, again = _request(client, organisation, django_capture_on_commit_callbacks)
    again.refresh_from_db()
    assert again.pk != report.pk and again.status == CheckReportStatus.DONE


def test_a_broker_that_is_down_fails_the_request_at_once(
    organisation, rounds, coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    def down(*args, **kwargs):
        raise ConnectionError("no broker")

    monkeypatch.setattr(render_check_report, "delay", down)
    with django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(organisation=organisation, user=coordinator)
    report.refresh_from_db()
    assert report.status == CheckReportStatus.FAILED
    assert report.error == str(services.NOT_QUEUED)


def test_without_a_round_there_is_no_pdf_to_ask_for(organisation, coordinator, client_for):
    with pytest.raises(ValidationError):
        services.report_request(organisation=organisation, user=coordinator)
    response = client_for(coordinator).post(_url("check_report_request", organisation), follow=True)
    assert response.status_code == 200
    assert not CheckReport.objects.exists()


def test_only_coordinators_may_ask_for_the_pdf(organisation, rounds, manager, other_coordinator):
    for user in (manager, other_coordinator):
        with pytest.raises(PermissionDenied):
            services.report_request(organisation=organisation, user=user)
    assert not CheckReport.objects.exists()


def test_a_request_while_one_is_waiting_reuses_it(organisation, rounds, coordinator):
    first = services.report_request(organisation=organisation, user=coordinator)  # not committed: stays queued
    assert services.report_request(organisation=organisation, user=coordinator) == first
    # One that has waited far too long counts as lost: a new request starts over.
    CheckReport.objects.filter(pk=first.pk).update(requested_at=timezone.now() - REPORT_LOST_AFTER - timedelta(1))
    assert services.report_request(organisation=organisation, user=coordinator) != first


def test_a_lost_pdf_is_shown_as_failed_and_reading_writes_nothing(organisation, rounds, coordinator, client_for):
    report = CheckReport.objects.create(
        round=rounds[1],
        status=CheckReportStatus.RUNNING,
        requested_at=timezone.now() - REPORT_LOST_AFTER - timedelta(seconds=1),
    )
    response = client_for(coordinator).get(
        _url("check_report_detail", organisation, report_id=report.pk), headers={"HX-Request": "true"}
    )
    assert "hx-trigger" not in response.content.decode()
    assert gettext("The PDF could not be created.") in text(response)
    assert CheckReport.objects.get(pk=report.pk).status == CheckReportStatus.RUNNING


def test_a_waiting_pdf_page_updates_itself(organisation, rounds, coordinator, client_for):
    report = CheckReport.objects.create(round=rounds[1])
    response = client_for(coordinator).get(_url("check_report_detail", organisation, report_id=report.pk))
    assert 'hx-trigger="every 2s"' in response.content.decode()
    assert (
        client_for(coordinator).get(_url("check_report_download", organisation, report_id=report.pk)).status_code == 404
    )


# Time limits and idempotence


def test_the_task_has_a_soft_and_a_hard_time_limit_and_acks_late():
    assert (render_check_report.soft_time_limit, render_check_report.time_limit) == (
        CHECK_PDF_SOFT_TIME_LIMIT,
        CHECK_PDF_TIME_LIMIT,
    )
    assert CHECK_PDF_SOFT_TIME_LIMIT < CHECK_PDF_TIME_LIMIT
    assert render_check_report.acks_late
    assert timedelta(seconds=CHECK_PDF_TIME_LIMIT) < REPORT_LOST_AFTER


def test_a_render_over_the_soft_limit_fails_with_a_plain_reason(organisation, rounds, monkeypatch):
    def too_slow(*args, **kwargs):
        raise SoftTimeLimitExceeded()  # what Celery raises in the task at the soft limit

    monkeypatch.setattr(services, "render_pdf", too_slow)
    report = CheckReport.objects.create(round=rounds[1])
    render_check_report(report.pk)
    report.refresh_from_db()
    assert report.status == CheckReportStatus.FAILED
    assert report.error == str(services.TOO_LONG)
    assert not report.file


def test_an_in_process_render_that_finishes_after_the_limit_is_failed(organisation, rounds, monkeypatch, settings):
    # Without a broker Celery enforces no time limit: the service checks the time itself.
    monkeypatch.setattr(services, "CHECK_PDF_TIME_LIMIT", -1)
    report = CheckReport.objects.create(round=rounds[1])
    render_check_report(report.pk)
    report.refresh_from_db()
    assert report.status == CheckReportStatus.FAILED and not report.file
    folder = settings.MEDIA_ROOT / "organisation-checks"
    assert not folder.exists() or not any(folder.rglob("*.pdf"))


def test_the_hard_time_limit_fails_the_running_pdf_at_once(organisation, rounds):
    report = CheckReport.objects.create(round=rounds[1], status=CheckReportStatus.RUNNING)
    render_check_report.on_failure(TimeLimitExceeded(CHECK_PDF_TIME_LIMIT), "task-id", (report.pk,), {}, None)
    report.refresh_from_db()
    assert report.status == CheckReportStatus.FAILED
    assert report.error == str(services.TOO_LONG)


def test_rendering_is_idempotent(organisation, rounds, monkeypatch):
    report = CheckReport.objects.create(round=rounds[1])
    render_check_report(report.pk)
    report.refresh_from_db()
    first_file = report.file.name
    assert report.status == CheckReportStatus.DONE

    def never(*args, **kwargs):
        raise AssertionError("a finished PDF is not rendered again")

    monkeypatch.setattr(services, "render_pdf", never)
    render_check_report(report.pk)  # delivered twice (acks_late)
    report.refresh_from_db()
    assert (report.status, report.file.name) == (CheckReportStatus.DONE, first_file)
    failed = CheckReport.objects.create(round=rounds[1], status=CheckReportStatus.FAILED, error="x")
    render_check_report(failed.pk)
    failed.refresh_from_db()
    assert failed.status == CheckReportStatus.FAILED
    render_check_report(999_999)  # gone: nothing to do, no error


def test_the_reason_is_stored_in_german_whatever_the_language_of_the_request(
    organisation, rounds, coordinator, client_for, monkeypatch, django_capture_on_commit_callbacks
):
    from django.utils import translation

    def boom(*args, **kwargs):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(services, "render_pdf", boom)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        report = services.report_request(organisation=organisation, user=coordinator)
    report.refresh_from_db()
    with translation.override("de"):
        assert report.error == str(services.NOT_MADE)
