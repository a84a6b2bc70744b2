"""Dates on pages follow the language of the page: „05.03.2025“ in German, „5 Mar 2025“ in English.

The CSV export keeps one format whatever the language; a PDF report follows the report's language.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.services import render_progress_pdf
from planning import services
from planning.models import ChecklistItem, StepProgress, StepTransition
from quartier.models import Quartier
from tests.evaluation.utils import pdf_text, table_rows
from tests.pages import shown_date, text

pytestmark = pytest.mark.django_db

WHEN = timezone.make_aware(datetime(2025, 3, 5, 9, 7))


def in_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


@pytest.fixture
def dated(quartier, manager):
    """Step 4 started and an item of it ticked on 5 March 2025, 9:07."""
    step = StepProgress.objects.get(quartier=quartier, template__number=4)
    item = step.items.order_by("position").first()
    services.item_set_done(item_id=item.pk, user=manager, done=True)
    StepTransition.objects.filter(step=step).update(at=WHEN)
    ChecklistItem.objects.filter(pk=item.pk).update(done_at=WHEN)
    services.quartier_progress_refresh(quartier=quartier)
    Quartier.objects.filter(pk=quartier.pk).update(last_activity_at=WHEN)
    return quartier


def test_the_helper_writes_what_a_reader_expects():
    assert shown_date(WHEN) == "05.03.2025"
    assert shown_date(WHEN, with_time=True) == "05.03.2025 09:07"
    assert shown_date(WHEN, language="en") == "5 Mar 2025"
    assert shown_date(WHEN, language="en", with_time=True) == "5 Mar 2025, 09:07"


@pytest.mark.parametrize("language", ["de", "en"])
def test_portfolio_dates_follow_the_language(dated, coordinator, client_for, language):
    client = client_for(coordinator)
    if language == "en":
        in_english(client)

    row = table_rows(client.get(reverse("portfolio")))[1]

    date = shown_date(WHEN, language=language)
    expected = {"de": f"Schritt 4 in Arbeit seit {date}", "en": f"Step 4 in progress since {date}"}[language]
    assert row[1] == expected
    assert row[-1] == date


@pytest.mark.parametrize("language", ["de", "en"])
def test_start_page_cockpit_and_step_page_dates_follow_the_language(dated, manager, client_for, language):
    client = client_for(manager)
    if language == "en":
        in_english(client)
    date = shown_date(WHEN, language=language)

    start = text(client.get(reverse("quartier_list")))
    cockpit = text(client.get(reverse("cockpit", args=[dated.slug])))
    step_page = text(client.get(reverse("step_detail", args=[dated.slug, 4])))

    assert date in start
    assert date in cockpit
    done_by = {"de": f"erledigt von {manager} am {date}", "en": f"done by {manager} on {date}"}[language]
    assert done_by in step_page
    assert shown_date(WHEN, language=language, with_time=True) in step_page  # the history


def test_the_csv_export_keeps_its_date_format_in_english(dated, coordinator, client_for):
    client = in_english(client_for(coordinator))

    content = client.get(reverse("portfolio_csv")).content.decode("utf-8-sig")

    row = list(csv.reader(io.StringIO(content), delimiter=";"))[1]
    assert row[-1] == "05.03.2025"
    assert row[-2] == "Step 4 in progress since 05.03.2025"


def test_an_english_report_writes_its_date_in_english(quartier):
    today = timezone.localdate()

    english = pdf_text(render_progress_pdf(quartier=quartier, language="en"))
    german = pdf_text(render_progress_pdf(quartier=quartier, language="de"))

    assert f"As of {today.day} {today:%B} {today.year}" in english
    german_months = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli"]
    german_months += ["August", "September", "Oktober", "November", "Dezember"]
    assert f"{today.day}. {german_months[today.month - 1]} {today.year}" in german
