"""Asking for a progress report without a broker: the page says at once that it is being
created, then shows the report page with the download; both are accessible."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from evaluation import services
from evaluation.models import Report
from quartier.models import Quartier

from .support import CHROMIUM, MANAGER, NO_CHROMIUM, log_in
from .test_accessibility import assert_accessible, assert_no_sideways_scrolling

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]


@pytest.fixture
def slow_render(monkeypatch):
    """A render that takes a moment, as a real report of a busy quartier does."""
    real = services.render_progress_pdf

    def slow(*, quartier, language=None):
        time.sleep(1.5)
        return real(quartier=quartier, language=language)

    monkeypatch.setattr(services, "render_progress_pdf", slow)


@pytest.mark.parametrize("width", [1280, 360])
def test_report_request_says_being_created_at_once_then_offers_the_pdf(page_for, demo, slow_render, width):
    page = page_for(width=width, bypass_csp=True)
    log_in(page, MANAGER)
    reports = page.get_by_role("region", name="Berichte")
    expect(reports.get_by_label("Sprache des Berichts")).to_have_value("de")
    assert_accessible(page)
    reports.get_by_label("Sprache des Berichts").select_option("en")

    reports.get_by_role("button", name="Fortschrittsbericht erstellen (PDF)").click()

    # While the PDF renders inside the request (no broker), the cockpit says so and the button waits.
    expect(reports.get_by_role("status")).to_have_text("Bericht wird erstellt …")
    expect(reports.get_by_role("button", name="Fortschrittsbericht erstellen (PDF)")).to_be_disabled()
    expect(page.get_by_text("Der Bericht ist fertig.")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("link", name="PDF herunterladen")).to_be_visible()
    assert Report.objects.get().language == "en"
    assert_accessible(page)
    assert_no_sideways_scrolling(page)


def test_failed_report_page_is_accessible(page_for, demo, monkeypatch):
    def broken(*, quartier, language=None):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(services, "render_progress_pdf", broken)
    page = page_for(width=360, bypass_csp=True)
    log_in(page, MANAGER)
    page.get_by_role("button", name="Fortschrittsbericht erstellen (PDF)").click()

    expect(page.get_by_role("alert")).to_contain_text("Der Bericht konnte nicht erstellt werden.", timeout=30_000)
    expect(page.get_by_role("alert")).not_to_contain_text("no fonts")
    expect(page.get_by_role("button", name="Erneut versuchen")).to_be_visible()
    assert_accessible(page)
    assert_no_sideways_scrolling(page)


@pytest.mark.parametrize("width", [1280, 360])
def test_not_found_page(page_for, demo, width):
    page = page_for(width=width, bypass_csp=True)
    log_in(page, MANAGER)
    page.goto("/gibt-es-nicht/")
    expect(page.get_by_role("heading", name="Diese Seite gibt es nicht", level=1)).to_be_visible()
    assert_accessible(page)


def test_report_button_with_an_ended_session_goes_to_the_login_page(page_for, demo):
    page = page_for(width=360, bypass_csp=True)
    log_in(page, MANAGER)
    cockpit = page.url
    # The session ends meanwhile (expired, or logged out in another tab).
    context = page.context
    cookies = [c for c in context.cookies() if c["name"] != "sessionid"]
    context.clear_cookies()
    context.add_cookies(cookies)

    page.get_by_role("region", name="Berichte").get_by_role(
        "button", name="Fortschrittsbericht erstellen (PDF)"
    ).click()

    # Not a silent nothing: the login page, which leads back to the cockpit.
    expect(page.get_by_label("Passwort")).to_be_visible()
    url = urlparse(page.url)
    assert url.path == "/konto/login/"
    assert parse_qs(url.query)["next"] == [urlparse(cockpit).path]
    assert not Report.objects.exists()


def test_report_button_says_so_when_the_server_fails(page_for, demo, monkeypatch):
    def server_error(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(services, "report_request", server_error)
    page = page_for(width=360, bypass_csp=True)
    log_in(page, MANAGER)
    reports = page.get_by_role("region", name="Berichte")

    reports.get_by_role("button", name="Fortschrittsbericht erstellen (PDF)").click()

    expect(reports.get_by_role("alert")).to_have_text(
        "Der Bericht konnte nicht angefordert werden. Bitte laden Sie die Seite neu und versuchen Sie es noch einmal."
    )
    expect(reports.get_by_role("button", name="Fortschrittsbericht erstellen (PDF)")).to_be_enabled()
    assert_accessible(page)


def test_retry_on_the_report_page_says_being_created(page_for, demo, monkeypatch, slow_render):
    report = Report.objects.create(
        quartier=Quartier.objects.get(slug="altstadt"), status=Report.Status.FAILED, failure=Report.Failure.ERROR
    )
    page = page_for(width=360, bypass_csp=True)
    log_in(page, MANAGER)
    page.goto(f"/q/altstadt/berichte/{report.pk}/")

    page.get_by_role("button", name="Erneut versuchen").click()

    expect(page.get_by_role("status").filter(has_text="Bericht wird erstellt …")).to_be_visible()
    expect(page.get_by_text("Der Bericht ist fertig.")).to_be_visible(timeout=60_000)
