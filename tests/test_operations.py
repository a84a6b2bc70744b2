"""Operations hygiene: caching of private pages, the login lockout behind a proxy, the daily
clean-up of failed logins, deleting a quartier with its files, and the error pages."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from config.celery import app
from evaluation import services as report_services
from evaluation.models import Report
from planning import services as planning_services
from planning.models import Document
from quartier.models import Quartier
from quartier.services import quartier_delete
from quartier.tasks import prune_login_failures

from .factories import PASSWORD, UserFactory
from .pages import text
from .planning.uploads import pdf_bytes, upload

pytestmark = pytest.mark.django_db


def _no_store(response) -> bool:
    parts = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= parts


# Cache-Control


def test_pages_for_signed_in_people_are_not_stored(manager, quartier, client_for):
    client = client_for(manager)
    for url in (
        reverse("cockpit", args=[quartier.slug]),
        reverse("step_detail", args=[quartier.slug, 1]),
        "/",
    ):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert _no_store(response), url


def test_every_export_is_not_stored(manager, coordinator, quartier, client_for):
    document = planning_services.document_upload(quartier=quartier, user=manager, upload=upload("a.pdf", pdf_bytes()))
    report = Report.objects.create(quartier=quartier, requested_by=manager)
    report_services.report_render(report_id=report.pk)

    csv = client_for(coordinator).get(reverse("portfolio_csv"))
    pdf = client_for(manager).get(reverse("report_download", args=[quartier.slug, report.pk]))
    doc = client_for(manager).get(reverse("document_download", args=[quartier.slug, document.pk]))

    for response in (csv, pdf, doc):
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert _no_store(response)


# django-axes behind a reverse proxy


def _fail_login(client: Client, username: str, forwarded_for: str) -> None:
    client.post("/konto/login/", {"username": username, "password": "falsch"}, HTTP_X_FORWARDED_FOR=forwarded_for)


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3, TRUSTED_PROXY_COUNT=1)
def test_lockout_counts_the_client_behind_the_proxy_not_the_proxy(manager):
    # Every request arrives from the proxy's address; the proxy appends the client's.
    proxy = Client(REMOTE_ADDR="10.0.0.2")
    for _ in range(3):
        _fail_login(proxy, "manager@example.org", "198.51.100.1")

    locked = proxy.post(
        "/konto/login/",
        {"username": "manager@example.org", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.1",
    )
    assert locked.status_code == 429
    assert AccessAttempt.objects.get().ip_address == "198.51.100.1"

    # Someone else through the same proxy is not locked out with them …
    response = Client(REMOTE_ADDR="10.0.0.2").post(
        "/konto/login/",
        {"username": "manager@example.org", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="198.51.100.2",
    )
    assert response.status_code == 302
    # … and a client cannot dodge the count by sending its own X-Forwarded-For.
    response = Client(REMOTE_ADDR="10.0.0.2").post(
        "/konto/login/",
        {"username": "manager@example.org", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.99, 198.51.100.1",
    )
    assert response.status_code == 429


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_without_a_proxy_the_forwarded_header_is_ignored(rf):
    from quartier.auth import client_ip

    request = rf.post("/konto/login/", REMOTE_ADDR="198.51.100.5", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "198.51.100.5"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_with_two_proxies_the_client_is_second_from_the_right(rf):
    from quartier.auth import client_ip

    request = rf.post("/", REMOTE_ADDR="10.0.0.3", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7, 10.0.0.2")
    assert client_ip(request) == "198.51.100.7"
    # Not through both proxies (e.g. the container's own health check): the connection counts.
    assert client_ip(rf.post("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6")) == "127.0.0.1"


def test_compose_file_sets_the_number_of_trusted_proxies(settings):
    compose = (settings.BASE_DIR / "docker-compose.yml").read_text()
    assert "TRUSTED_PROXY_COUNT:" in compose


# Failed logins are forgotten


def _failed_login_records(days_ago: int, ip: str) -> None:
    when = timezone.now() - timedelta(days=days_ago)
    attempt = AccessAttempt.objects.create(
        username=f"{ip}@example.org", ip_address=ip, user_agent="x", failures_since_start=1
    )
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=when)
    log = AccessFailureLog.objects.create(username=f"{ip}@example.org", ip_address=ip, user_agent="x")
    AccessFailureLog.objects.filter(pk=log.pk).update(attempt_time=when)


def test_daily_task_deletes_failed_logins_older_than_the_retention(settings):
    settings.AXES_RETENTION_DAYS = 30
    _failed_login_records(31, "198.51.100.31")
    _failed_login_records(29, "198.51.100.29")

    prune_login_failures()

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.29"]
    assert list(AccessFailureLog.objects.values_list("ip_address", flat=True)) == ["198.51.100.29"]


def test_retention_is_configurable(settings):
    settings.AXES_RETENTION_DAYS = 7
    _failed_login_records(8, "198.51.100.8")
    _failed_login_records(6, "198.51.100.6")

    prune_login_failures.delay()  # as beat sends it; eager in the tests

    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.6"]


def test_beat_runs_the_clean_up_daily():
    entry = app.conf.beat_schedule["prune-login-failures"]
    assert entry["task"] == prune_login_failures.name
    schedule = entry["schedule"]
    assert schedule.hour == {3} and schedule.minute == {17}
    assert schedule.day_of_week == set(range(7))


# Deleting a quartier removes its files


def _quartier_with_files(quartier, manager) -> list:
    document = planning_services.document_upload(quartier=quartier, user=manager, upload=upload("a.pdf", pdf_bytes()))
    report = Report.objects.create(quartier=quartier, requested_by=manager)
    report_services.report_render(report_id=report.pk)
    report.refresh_from_db()
    paths = [document.file.path, report.file.path]
    assert all(os.path.exists(p) for p in paths)
    return paths


def test_deleting_a_quartier_removes_its_files_after_commit(
    manager, quartier, other_quartier, django_capture_on_commit_callbacks
):
    paths = _quartier_with_files(quartier, manager)
    other = planning_services.document_upload(
        quartier=other_quartier, user=UserFactory(is_superuser=True), upload=upload("b.pdf", pdf_bytes())
    )

    pk = quartier.pk
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        quartier_delete(quartier=quartier)
        # Not committed yet: the files are still there.
        assert all(os.path.exists(p) for p in paths)
    for callback in callbacks:
        callback()

    assert not Quartier.objects.filter(pk=pk).exists()
    assert list(Document.objects.all()) == [other]
    assert not any(os.path.exists(p) for p in paths)
    assert os.path.exists(other.file.path)  # another quartier's files stay


def test_files_stay_when_the_deletion_is_rolled_back(manager, quartier, django_capture_on_commit_callbacks):
    paths = _quartier_with_files(quartier, manager)
    pk = quartier.pk

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        quartier_delete(quartier=quartier)
        raise RuntimeError("something else failed in the same transaction")

    assert callbacks == []
    assert Quartier.objects.filter(pk=pk).exists()
    assert Report.objects.filter(quartier_id=pk).exists()
    assert all(os.path.exists(p) for p in paths)


def test_admin_delete_removes_the_files(manager, quartier, django_capture_on_commit_callbacks):
    paths = _quartier_with_files(quartier, manager)
    pk = quartier.pk
    admin = Client()
    admin.force_login(UserFactory(is_staff=True, is_superuser=True))

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(reverse("admin:quartier_quartier_delete", args=[quartier.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Quartier.objects.filter(pk=pk).exists()
    assert not any(os.path.exists(p) for p in paths)


def test_admin_bulk_delete_removes_the_files(manager, quartier, django_capture_on_commit_callbacks):
    paths = _quartier_with_files(quartier, manager)
    pk = quartier.pk
    admin = Client()
    admin.force_login(UserFactory(is_staff=True, is_superuser=True))

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(
            reverse("admin:quartier_quartier_changelist"),
            {"action": "delete_selected", "_selected_action": [quartier.pk], "post": "yes"},
        )

    assert response.status_code == 302
    assert not Quartier.objects.filter(pk=pk).exists()
    assert not any(os.path.exists(p) for p in paths)


# Error pages with DEBUG off


@override_settings(DEBUG=False)
def test_unknown_page_shows_the_apps_404_page(manager, client_for):
    response = client_for(manager).get("/gibt-es-nicht/")

    assert response.status_code == 404
    assert text(response, "main").startswith("Diese Seite gibt es nicht")
    html = response.content.decode()
    assert '<a class="skip-link" href="#main">' in html  # the app's layout, not Django's plain page
    assert "css/app" in html


@override_settings(DEBUG=False)
def test_forbidden_action_shows_the_apps_403_page(partner, quartier, client_for):
    response = client_for(partner).post(reverse("report_request", args=[quartier.slug]))

    assert response.status_code == 403
    assert "Das dürfen Sie mit Ihrer Rolle nicht." in text(response, "main")
    assert '<a class="skip-link" href="#main">' in response.content.decode()


@override_settings(DEBUG=False)
def test_server_error_shows_the_apps_500_page(manager, client_for, monkeypatch):
    from evaluation import views

    def broken(**kwargs):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(views.selectors, "quartier_summary", broken)
    client = client_for(manager)
    client.raise_request_exception = False

    response = client.get("/q/altstadt/")

    assert response.status_code == 500
    page = text(response)
    assert "Etwas ist schiefgegangen" in page
    assert "database on fire" not in page
    assert "css/app" in response.content.decode()  # looks like the app


# make run is the product, make dev the debug server


def _make_dry_run(target: str, settings, **variables: str) -> str:
    import shutil
    import subprocess

    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    args = ["make", "--dry-run", "--always-make", target] + [f"{k}={v}" for k, v in variables.items()]
    return subprocess.run(args, cwd=settings.BASE_DIR, capture_output=True, text=True, check=True).stdout


def test_make_run_serves_the_app_with_gunicorn_and_debug_off(settings):
    out = _make_dry_run("run", settings, PORT="8123")

    serve = next(line for line in out.splitlines() if "gunicorn" in line)
    assert "DEBUG=0" in serve and "HTTPS=0" in serve
    assert "gunicorn config.wsgi:application --bind 127.0.0.1:8123" in serve
    assert "manage.py collectstatic --noinput" in out
    assert "manage.py seed_demo --force" in out
    assert "runserver" not in out


def test_make_dev_keeps_the_debug_server(settings):
    out = _make_dry_run("dev", settings, PORT="8124")

    assert "DEBUG=1 .venv/bin/python manage.py runserver 127.0.0.1:8124" in out
    assert "gunicorn" not in out


@pytest.mark.parametrize("single", [True, False], ids=["single", "bulk"])
def test_admin_delete_of_a_document_or_report_removes_its_file(
    manager, quartier, django_capture_on_commit_callbacks, single
):
    document = planning_services.document_upload(quartier=quartier, user=manager, upload=upload("a.pdf", pdf_bytes()))
    report = Report.objects.create(quartier=quartier, requested_by=manager)
    report_services.report_render(report_id=report.pk)
    report.refresh_from_db()
    kept = planning_services.document_upload(quartier=quartier, user=manager, upload=upload("b.pdf", pdf_bytes()))
    admin = Client()
    admin.force_login(UserFactory(is_staff=True, is_superuser=True))

    for obj, name in ((document, "planning_document"), (report, "evaluation_report")):
        path = obj.file.path
        with django_capture_on_commit_callbacks(execute=True):
            if single:
                response = admin.post(reverse(f"admin:{name}_delete", args=[obj.pk]), {"post": "yes"})
            else:
                response = admin.post(
                    reverse(f"admin:{name}_changelist"),
                    {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
                )
        assert response.status_code == 302
        assert not type(obj).objects.filter(pk=obj.pk).exists()
        assert not os.path.exists(path)
    assert os.path.exists(kept.file.path)  # the other document stays


@override_settings(AXES_ENABLED=True)
def test_successful_logins_leave_no_record_of_address_and_browser(manager):
    from axes.models import AccessLog

    client = Client(REMOTE_ADDR="198.51.100.5", HTTP_USER_AGENT="Firefox")
    response = client.post("/konto/login/", {"username": manager.email, "password": PASSWORD})
    assert response.status_code == 302
    client.post("/konto/logout/")

    assert not AccessLog.objects.exists()
