"""A manager reads the results of an answered survey: a chart with its table, the breakdown by age
band, the CSV download; the page is accessible on a desktop and on a phone."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from participation.models import SurveyStatus
from participation.surveys.sample import add_sample_responses
from participation.surveys.templates import survey_create_from_template
from quartier.models import Quartier, User

from .support import AXE, CHROMIUM, MANAGER, NO_AXE, NO_CHROMIUM, log_in
from .test_accessibility import assert_accessible, assert_no_sideways_scrolling, open_all_details

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]


@pytest.fixture
def axe_tab(page_for):
    """`axe_tab(width)` → a tab in which axe may be injected despite the CSP."""
    if not AXE.exists():
        pytest.skip(NO_AXE)
    return lambda width: page_for(width=width, bypass_csp=True)


@pytest.fixture
def results_path(demo) -> str:
    """Altstadt's survey from the template, open, with 60 answers and an earlier wave of 40."""
    quartier = Quartier.objects.get(slug="altstadt")
    manager = User.objects.get(email=MANAGER)
    today = datetime.date.today()
    before = survey_create_from_template(quartier=quartier, user=manager)
    before.status, before.wave_label = SurveyStatus.CLOSED, "T0"
    before.opens_on, before.closes_on = today - datetime.timedelta(days=400), today - datetime.timedelta(days=370)
    before.save()
    add_sample_responses(before, 40, seed=2)
    survey = survey_create_from_template(quartier=quartier, user=manager)
    survey.status, survey.wave_label, survey.previous_wave = SurveyStatus.OPEN, "T1", before
    survey.opens_on, survey.closes_on = today - datetime.timedelta(days=7), today + datetime.timedelta(days=21)
    survey.save()
    add_sample_responses(survey, 60, seed=3, channels=("online", "papier"), skew=1)
    return reverse("survey_results", args=["altstadt", survey.pk])


def test_a_manager_reads_the_results_and_downloads_the_answers(page_for, results_path):
    page = page_for(width=1280)
    log_in(page, MANAGER)
    page.goto(results_path)

    expect(page.get_by_role("heading", level=2)).to_contain_text("Ergebnisse")
    chart = page.get_by_role(
        "img", name="Diagramm der Antworten auf „Wie stark fühlen Sie sich mit Ihrem Quartier verbunden?“"
    )
    expect(chart).to_be_visible()
    table = page.get_by_role("table", name="Tabelle zu Frage 4: Anzahl und Prozent je Antwort")
    expect(table).to_be_visible()
    expect(table.get_by_role("rowheader", name="Sehr stark")).to_be_visible()
    expect(page.get_by_text("T0").first).to_be_visible()

    with page.expect_download() as info:
        page.get_by_role("link", name="Antworten als CSV").click()
    download = info.value
    lines = Path(download.path()).read_text(encoding="utf-8-sig").strip().splitlines()
    assert lines[0].startswith("Nr.;Weg;Datum;")
    assert len(lines) == 61


@pytest.mark.parametrize("width", [1280, 360])
def test_the_results_page_is_accessible(axe_tab, results_path, width):
    page = axe_tab(width)
    log_in(page, MANAGER)
    page.goto(results_path)
    open_all_details(page)

    assert_accessible(page)
    if width == 360:
        assert_no_sideways_scrolling(page)
