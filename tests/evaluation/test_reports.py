"""Progress reports: the job row, the PDF, the worker task, the report page and the command.

Expected texts go through the German catalogue (`gettext` with German active), so each
assertion reads what the user reads, whatever wording the translators settle on.
"""

from __future__ import annotations

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from evaluation import services
from evaluation.models import Report
from evaluation.tasks import render_report
from tests.factories import QuartierFactory
from tests.pages import shown_date

from .utils import page_text, pdf_text, squash, step_titles

pytestmark = pytest.mark.django_db

QUEUED_TEXT = "The report is being created. This usually takes less than a minute; this page updates itself."


def _request(client, quartier, capture):
    """Ask for a report through the cockpit's button, then open the report page as the browser does.

    The task is queued on commit; `capture` runs it (eager Celery) when the POST has been answered.
    """
    with capture(execute=True):
        response = client.post(reverse("report_request", args=[quartier.slug]))
    assert response.status_code == 302
    return client.get(response["Location"])


def _download(client, report):
    response = client.get(reverse("report_download", args=[report.quartier.slug, report.pk]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _broken_renderer(message: str):
    def render(*, quartier, language=None):
        raise RuntimeError(message)

    return render


# Requesting and rendering


def test_request_creates_report_that_is_ready_in_eager_mode(
    manager, quartier, client_for, django_capture_on_commit_callbacks
):
    response = _request(client_for(manager), quartier, django_capture_on_commit_callbacks)

    report = Report.objects.get(quartier=quartier)
    assert report.status == Report.Status.DONE
    assert report.requested_by == manager
    assert report.kind == Report.Kind.PROGRESS
    assert report.requested_at <= report.started_at <= report.finished_at
    assert report.attempts == 1
    assert report.error == ""
    assert report.file.name.startswith(f"reports/{quartier.pk}/")
    assert response.request["PATH_INFO"] == reverse("report_detail", args=[quartier.slug, report.pk])
    text = page_text(response)
    assert gettext("The progress report is being created. The download link appears here.") in text
    assert gettext("The report is ready.") in text
    assert gettext("Download PDF") in text
    requested = shown_date(report.requested_at, with_time=True)
    assert gettext("Requested on %(date)s by %(who)s.") % {"date": requested, "who": manager} in text
    assert reverse("report_download", args=[quartier.slug, report.pk]) in response.content.decode()


def test_pdf_names_the_quartier_and_the_ten_steps(manager, quartier, client_for, django_capture_on_commit_callbacks):
    client = client_for(manager)
    _request(client, quartier, django_capture_on_commit_callbacks)
    report = Report.objects.get(quartier=quartier)

    response = client.get(reverse("report_download", args=[quartier.slug, report.pk]))

    assert response["Content-Type"] == "application/pdf"
    assert f"Fortschrittsbericht-{quartier.slug}-" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    text = pdf_text(b"".join(response.streaming_content))
    assert quartier.name in text
    assert quartier.organisation.name in text
    for number, title in enumerate(step_titles(), start=1):
        assert f"{number}. {title}" in text


def test_task_is_idempotent_on_a_finished_report(
    manager, quartier, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    _request(client_for(manager), quartier, django_capture_on_commit_callbacks)
    before = Report.objects.get(quartier=quartier)
    # A second delivery must not render again: if it did, this would fail the report.
    monkeypatch.setattr(services, "render_progress_pdf", _broken_renderer("must not be called"))

    render_report.delay(before.pk)
    render_report(before.pk)

    after = Report.objects.get(pk=before.pk)
    assert (after.status, after.file.name, after.finished_at, after.started_at, after.attempts, after.error) == (
        Report.Status.DONE,
        before.file.name,
        before.finished_at,
        before.started_at,
        1,
        "",
    )


def test_task_for_a_deleted_report_does_nothing(quartier):
    # The job was deleted before the worker came to it: no error, nothing created.
    render_report(424242)

    assert not Report.objects.exists()


# Failure and retry


def test_failed_rendering_shows_reason_and_retry_succeeds(
    manager, quartier, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    client = client_for(manager)
    monkeypatch.setattr(services, "render_progress_pdf", _broken_renderer("Schriftart DejaVu fehlt"))

    response = _request(client, quartier, django_capture_on_commit_callbacks)

    report = Report.objects.get(quartier=quartier)
    assert report.status == Report.Status.FAILED
    assert report.failure == Report.Failure.ERROR
    # The technical error is kept for the log and the admin …
    assert report.error == "RuntimeError: Schriftart DejaVu fehlt"
    assert report.finished_at is not None
    assert not report.file
    text = page_text(response)
    assert gettext("The report could not be created.") in text
    # … the person reads a plain reason instead.
    assert (
        squash(
            gettext(
                "An error occurred while creating the PDF. Please try again; "
                "if it fails again, please tell your administrator."
            )
        )
        in text
    )
    assert "Schriftart" not in text
    assert "RuntimeError" not in text
    assert gettext("Try again") in text
    assert reverse("report_retry", args=[quartier.slug, report.pk]) in response.content.decode()
    assert gettext("Download PDF") not in text

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("report_retry", args=[quartier.slug, report.pk]))

    assert len(callbacks) == 1
    assert response["Location"] == reverse("report_detail", args=[quartier.slug, report.pk])
    response = client.get(response["Location"])
    report.refresh_from_db()
    assert report.status == Report.Status.DONE
    assert report.error == ""
    assert report.attempts == 1  # counted per run: the retry is a new run with its own attempts
    text = page_text(response)
    assert gettext("The report is ready.") in text
    assert gettext("The report could not be created.") not in text
    assert quartier.name in pdf_text(_download(client, report))


def test_failure_to_store_the_pdf_fails_the_report(manager, quartier, client_for, monkeypatch):
    def disk_full(self, name, content):
        raise OSError("No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", disk_full)
    report = Report.objects.create(quartier=quartier, requested_by=manager)

    render_report(report.pk)

    report.refresh_from_db()
    assert report.status == Report.Status.FAILED  # not "being created" for ever
    assert "No space left on device" in report.error
    response = client_for(manager).get(reverse("report_detail", args=[quartier.slug, report.pk]))
    assert "hx-trigger" not in response.content.decode()
    assert gettext("Try again") in page_text(response)
    assert "No space left" not in page_text(response)


def test_retry_of_a_report_that_is_not_failed_queues_nothing(manager, quartier, django_capture_on_commit_callbacks):
    report = Report.objects.create(quartier=quartier, requested_by=manager, status=Report.Status.RUNNING)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.report_retry(report=report, user=manager)

    assert callbacks == []
    report.refresh_from_db()
    assert report.status == Report.Status.RUNNING


def test_viewer_sees_failure_without_retry_and_may_not_retry(viewer, quartier, client_for):
    report = Report.objects.create(quartier=quartier, status=Report.Status.FAILED, error="Kaputt")
    client = client_for(viewer)

    response = client.get(reverse("report_detail", args=[quartier.slug, report.pk]))

    text = page_text(response)
    assert gettext("The report could not be created.") in text
    assert gettext("Try again") not in text
    response = client.post(reverse("report_retry", args=[quartier.slug, report.pk]))
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED


# Queued after commit only


def test_task_is_queued_only_on_commit(manager, quartier, django_capture_on_commit_callbacks, monkeypatch):
    sent: list[int] = []
    monkeypatch.setattr(render_report, "delay", lambda report_id: sent.append(report_id))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = services.report_request(quartier=quartier, user=manager)

    # Not committed yet: nothing may have reached the worker.
    assert sent == []
    assert len(callbacks) == 1
    report.refresh_from_db()
    assert report.status == Report.Status.QUEUED
    assert report.started_at is None

    callbacks[0]()
    assert sent == [report.pk]


def test_commit_runs_the_eager_task(manager, quartier, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = services.report_request(quartier=quartier, user=manager)
    assert Report.objects.get(pk=report.pk).status == Report.Status.QUEUED

    for callback in callbacks:
        callback()

    assert Report.objects.get(pk=report.pk).status == Report.Status.DONE


# The htmx status partial


def test_status_partial_polls_while_pending_and_offers_download_when_done(manager, quartier, client_for):
    report = Report.objects.create(quartier=quartier, requested_by=manager)
    client = client_for(manager)
    url = reverse("report_detail", args=[quartier.slug, report.pk])

    for status in (Report.Status.QUEUED, Report.Status.RUNNING):
        Report.objects.filter(pk=report.pk).update(status=status)
        response = client.get(url, headers={"HX-Request": "true"})
        html = response.content.decode()
        assert "<html" not in html  # a fragment, not the page
        assert 'hx-trigger="every 2s"' in html
        assert f'hx-get="{url}"' in html
        assert squash(gettext(QUEUED_TEXT)) in page_text(response)
        assert gettext("Download PDF") not in page_text(response)

    services.report_render(report_id=report.pk)
    response = client.get(url, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert "<html" not in html
    assert "hx-trigger" not in html  # polling stops
    assert gettext("The report is ready.") in page_text(response)
    assert gettext("Download PDF") in page_text(response)
    assert reverse("report_download", args=[quartier.slug, report.pk]) in html


def test_full_report_page_polls_too(manager, quartier, client_for):
    report = Report.objects.create(quartier=quartier, requested_by=manager)

    response = client_for(manager).get(reverse("report_detail", args=[quartier.slug, report.pk]))

    html = response.content.decode()
    assert "<html" in html
    assert 'hx-trigger="every 2s"' in html
    text = page_text(response)
    assert gettext("Progress report") in text
    assert quartier.name in text
    assert gettext("Back to the cockpit") in text


# Access


def test_download_of_another_quartiers_report_is_404(manager, quartier, other_quartier, client_for):
    other = Report.objects.create(quartier=other_quartier)
    services.report_render(report_id=other.pk)
    assert Report.objects.get(pk=other.pk).status == Report.Status.DONE
    client = client_for(manager)

    # Through my own quartier's URL …
    assert client.get(reverse("report_download", args=[quartier.slug, other.pk])).status_code == 404
    assert client.get(reverse("report_detail", args=[quartier.slug, other.pk])).status_code == 404
    # … and through the other quartier's, which I may not see.
    assert client.get(reverse("report_download", args=[other_quartier.slug, other.pk])).status_code == 404


def test_download_of_a_pending_report_is_404(manager, quartier, client_for):
    report = Report.objects.create(quartier=quartier)

    response = client_for(manager).get(reverse("report_download", args=[quartier.slug, report.pk]))

    assert response.status_code == 404


def test_outsider_and_coordinator_of_another_organisation_get_404(
    outsider, other_coordinator, manager, quartier, client_for
):
    report = Report.objects.create(quartier=quartier, requested_by=manager)
    for user in (outsider, other_coordinator):
        client = client_for(user)
        assert client.get(reverse("report_detail", args=[quartier.slug, report.pk])).status_code == 404
        assert client.post(reverse("report_request", args=[quartier.slug])).status_code == 404
        assert client.post(reverse("report_retry", args=[quartier.slug, report.pk])).status_code == 404
    assert Report.objects.count() == 1


def test_anonymous_is_sent_to_login(manager, quartier, client_for):
    report = Report.objects.create(quartier=quartier, requested_by=manager)
    client = client_for(None)
    for url in (
        reverse("report_detail", args=[quartier.slug, report.pk]),
        reverse("report_download", args=[quartier.slug, report.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    response = client.post(reverse("report_request", args=[quartier.slug]))
    assert response["Location"].startswith(reverse("login"))
    assert Report.objects.count() == 1


def test_coordinator_may_request_a_report_but_partner_may_not(
    coordinator, partner, quartier, client_for, django_capture_on_commit_callbacks
):
    response = _request(client_for(coordinator), quartier, django_capture_on_commit_callbacks)
    assert gettext("The report is ready.") in page_text(response)
    assert Report.objects.get().requested_by == coordinator

    response = client_for(partner).post(reverse("report_request", args=[quartier.slug]))
    assert response.status_code == 403
    assert Report.objects.count() == 1


def test_cockpit_lists_reports_with_their_status(manager, quartier, client_for):
    Report.objects.create(quartier=quartier, requested_by=manager, status=Report.Status.FAILED, error="x")

    response = client_for(manager).get(reverse("cockpit", args=[quartier.slug]))

    text = page_text(response)
    assert gettext("Create progress report (PDF)") in text
    assert str(Report.Status.FAILED.label) in text


# The management command


def test_render_report_command_writes_pdf(quartier, tmp_path):
    out = tmp_path / "bericht.pdf"

    call_command("render_report", quartier=quartier.slug, out=str(out))

    assert out.read_bytes().startswith(b"%PDF")
    text = pdf_text(out.read_bytes())
    assert quartier.name in text
    assert step_titles()[0] in text


def test_render_report_command_from_the_command_line_syntax(quartier, tmp_path):
    out = tmp_path / "bericht.pdf"

    call_command("render_report", "--quartier", quartier.slug, "--out", str(out))

    assert quartier.name in pdf_text(out.read_bytes())


def test_render_report_command_unknown_slug(tmp_path):
    out = tmp_path / "bericht.pdf"

    with pytest.raises(CommandError, match="gibt-es-nicht"):
        call_command("render_report", quartier="gibt-es-nicht", out=str(out))

    assert not out.exists()


def test_pdf_shows_each_quartiers_own_name(quartier):
    second = QuartierFactory(organisation=quartier.organisation, name="Nordviertel", slug="nordviertel")

    text = pdf_text(services.render_progress_pdf(quartier=second))

    assert "Nordviertel" in text
    assert "Altstadt" not in text


def test_a_lost_job_stops_polling_and_can_be_retried(manager, quartier, client_for, django_capture_on_commit_callbacks):
    """A job the worker never took (broker down, message lost) must not spin forever."""
    from evaluation.models import REPORT_STALE_AFTER

    long_ago = timezone.now() - REPORT_STALE_AFTER - timezone.timedelta(minutes=1)
    report = Report.objects.create(quartier=quartier, requested_by=manager, queued_at=long_ago)
    client = client_for(manager)
    url = reverse("report_detail", args=[quartier.slug, report.pk])

    response = client.get(url, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "hx-trigger" not in html
    assert gettext("The report could not be created.") in page_text(response)
    assert squash(
        gettext("It was not finished in time. The background service may be unavailable; please try again.")
    ) in page_text(response)
    assert gettext("Try again") in page_text(response)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("report_retry", args=[quartier.slug, report.pk]))
    report.refresh_from_db()
    assert report.status == Report.Status.DONE
    assert report.queued_at > long_ago


def test_a_fresh_pending_job_is_not_retried(manager, quartier, django_capture_on_commit_callbacks):
    report = Report.objects.create(quartier=quartier, requested_by=manager)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.report_retry(report=report, user=manager)
    assert callbacks == []
    report.refresh_from_db()
    assert report.status == Report.Status.QUEUED


def test_pdf_is_in_the_organisations_language_whoever_asks(quartier):
    from django.utils import translation

    with translation.override("en"):
        text = pdf_text(services.render_progress_pdf(quartier=quartier))
    assert "Fortschrittsbericht" in text
    assert "Quartier identifizieren" in text


# A render that kills its worker (out of memory) is redelivered after each crash


def _start_without_finishing(report_id: int, monkeypatch) -> None:
    """One delivery whose worker dies mid-render: the start is recorded, the finish never comes."""

    class WorkerKilled(BaseException):
        pass

    def killed(*, quartier, language=None):
        raise WorkerKilled

    with monkeypatch.context() as patch:
        patch.setattr(services, "render_progress_pdf", killed)
        with pytest.raises(WorkerKilled):
            render_report(report_id)


def test_a_render_that_keeps_crashing_its_worker_is_given_up(
    manager, quartier, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    from evaluation.models import REPORT_MAX_ATTEMPTS

    report = Report.objects.create(quartier=quartier, requested_by=manager)
    for _attempt in range(REPORT_MAX_ATTEMPTS):
        _start_without_finishing(report.pk, monkeypatch)
    report.refresh_from_db()
    assert (report.status, report.attempts) == (Report.Status.RUNNING, REPORT_MAX_ATTEMPTS)

    # The next redelivery does not render again: the report fails with the plain reason.
    monkeypatch.setattr(services, "render_progress_pdf", _broken_renderer("must not be called"))
    render_report(report.pk)

    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert report.failure == Report.Failure.LOST
    assert report.error == f"Gave up after {REPORT_MAX_ATTEMPTS} attempts."
    assert report.attempts == REPORT_MAX_ATTEMPTS
    client = client_for(manager)
    response = client.get(reverse("report_detail", args=[quartier.slug, report.pk]))
    assert "hx-trigger" not in response.content.decode()
    assert gettext("Try again") in page_text(response)
    # A new request for the quartier is a new report, not the given-up one.
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("report_request", args=[quartier.slug]))
    fresh = Report.objects.exclude(pk=report.pk).get(quartier=quartier)
    assert fresh.status == Report.Status.DONE


def test_a_redelivery_keeps_the_first_start_so_the_lost_job_rule_applies(manager, quartier, monkeypatch):
    from evaluation.models import REPORT_RUNNING_LOST_AFTER

    report = Report.objects.create(quartier=quartier, requested_by=manager)
    _start_without_finishing(report.pk, monkeypatch)
    # The worker crashed long ago; the first start is older than any render may take.
    long_ago = timezone.now() - REPORT_RUNNING_LOST_AFTER - timezone.timedelta(minutes=1)
    Report.objects.filter(pk=report.pk).update(started_at=long_ago)
    report.refresh_from_db()
    assert report.is_stale

    # A late redelivery records the lost job instead of starting a render with a fresh clock.
    monkeypatch.setattr(services, "render_progress_pdf", _broken_renderer("must not be called"))
    render_report(report.pk)
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert report.failure == Report.Failure.LOST
    assert report.attempts == 1


def test_a_redelivery_does_not_restart_the_clock(manager, quartier, monkeypatch):
    report = Report.objects.create(quartier=quartier, requested_by=manager)
    _start_without_finishing(report.pk, monkeypatch)
    first_start = Report.objects.get(pk=report.pk).started_at

    _start_without_finishing(report.pk, monkeypatch)

    report.refresh_from_db()
    assert report.attempts == 2
    assert report.started_at == first_start


def test_a_retry_after_giving_up_renders_again(manager, quartier, django_capture_on_commit_callbacks, monkeypatch):
    from evaluation.models import REPORT_MAX_ATTEMPTS

    report = Report.objects.create(quartier=quartier, requested_by=manager)
    for _attempt in range(REPORT_MAX_ATTEMPTS):
        _start_without_finishing(report.pk, monkeypatch)
    render_report(report.pk)
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED

    with django_capture_on_commit_callbacks(execute=True):
        services.report_retry(report=report, user=manager)

    report.refresh_from_db()
    assert (report.status, report.attempts) == (Report.Status.DONE, 1)


# The broker is down when the job is handed over


def test_broker_down_fails_the_report_at_once_and_offers_retry(
    manager, quartier, client_for, django_capture_on_commit_callbacks, monkeypatch
):
    from kombu.exceptions import OperationalError

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(render_report, "apply_async", broker_down)
    client = client_for(manager)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("report_request", args=[quartier.slug]))

    assert response.status_code == 302  # not a server error
    report = Report.objects.get(quartier=quartier)
    assert report.status == Report.Status.FAILED
    assert report.failure == Report.Failure.LOST
    assert "Connection refused" in report.error
    text = page_text(client.get(response["Location"]))
    assert gettext("The report could not be created.") in text
    assert gettext("Try again") in text
    assert "Connection refused" not in text

    # The failed row does not block the quartier: once the broker is back, a new request renders.
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("report_retry", args=[quartier.slug, report.pk]))
    report.refresh_from_db()
    assert report.status == Report.Status.DONE


@pytest.mark.parametrize(
    ("language", "footer", "other"), [("en", "Page 1 of", "Seite 1"), ("de", "Seite 1 von", "Page 1")]
)
def test_pdf_page_footer_is_in_the_reports_language(quartier, language, footer, other):
    text = pdf_text(services.render_progress_pdf(quartier=quartier, language=language))

    assert footer in text
    assert other not in text


def test_asking_in_another_language_while_one_is_pending_says_so(manager, quartier, client_for):
    pending = Report.objects.create(quartier=quartier, requested_by=manager, language="en")
    client = client_for(manager)

    response = client.post(reverse("report_request", args=[quartier.slug]), {"language": "de"}, follow=True)

    assert Report.objects.get(quartier=quartier) == pending  # no second render
    text = page_text(response)
    assert "Ein Bericht auf Englisch wird bereits erstellt; Sie können danach einen auf Deutsch anfordern." in text
    assert f"{gettext('Language of the report')}: Englisch" in text


def test_cockpit_and_report_page_show_the_reports_language(manager, quartier, client_for):
    report = Report.objects.create(quartier=quartier, requested_by=manager, language="en")
    client = client_for(manager)

    report_list = squash(
        client.get(reverse("cockpit", args=[quartier.slug])).content.decode().split('id="report-list"')[1]
    )
    assert "– Englisch –" in report_list
    detail = page_text(client.get(reverse("report_detail", args=[quartier.slug, report.pk])))
    assert f"{gettext('Language of the report')}: Englisch" in detail


@pytest.mark.parametrize(
    ("language", "missing"), [("de", "erledigt – Nachweis fehlt"), ("en", "done – evidence missing")]
)
def test_pdf_shows_a_ticked_required_item_without_evidence_as_the_pages_do(quartier, language, missing):
    from planning.models import ChecklistItem

    assert missing not in pdf_text(services.render_progress_pdf(quartier=quartier, language=language))
    item = ChecklistItem.objects.filter(step__quartier=quartier, required=True, evidence__isnull=True).first()
    item.done = True
    item.save(update_fields=["done"])

    text = squash(pdf_text(services.render_progress_pdf(quartier=quartier, language=language)))

    assert text.count(missing) == 1
