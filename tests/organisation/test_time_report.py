"""The Fortschrittsbericht's section on time spent by task field: the last twelve months and the
current year as chart and table, totals of the quartier only; and the demo's twelve months."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from evaluation import services
from evaluation.demo_organisation import seed_staffing
from evaluation.demo_time import seed_time
from evaluation.report_context import report_context
from organisation.figures import time_window
from organisation.models import Staffing, TimeEntry
from organisation.timesheets.selectors import time_report
from tests.evaluation.utils import html_text, pdf_text
from tests.factories import QuartierFactory, UserFactory

from .time_helpers import hours, months_ago, staffed, svg_totals, this_month

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(quartier):
    maria = staffed(quartier, "Maria Altmann")
    erik = staffed(quartier, "Erik Entwickler")
    hours(quartier, maria, this_month(), vernetzung=40, steuerung="30.5")
    hours(quartier, erik, this_month(), beteiligung=60)
    hours(quartier, erik, months_ago(11), transparenz=12)
    hours(quartier, erik, months_ago(12), transparenz=99)  # outside the last twelve months
    return {"maria": maria, "erik": erik}


def _section(quartier) -> tuple[str, str]:
    html = render_to_string("pdf/report_time.html", report_context(quartier=quartier, today=timezone.localdate()))
    return html, html_text(html)


def test_the_section_shows_the_last_twelve_months_per_task_field(quartier, recorded):
    html, text = _section(quartier)

    first, last = time_window(timezone.localdate())
    assert svg_totals(html) == {f"{months_ago(11):%Y-%m}": Decimal(12), f"{this_month():%Y-%m}": Decimal("130.5")}
    assert "Sicherung von Beteiligung" in text and "Steuerung von Quartiersentwicklungsmaßnahmen" in text
    assert "142,5" in text  # the twelve months' total
    assert "99,0" not in text  # the thirteenth month back is not in the window
    report = time_report(quartier=quartier, today=timezone.localdate())
    assert report.window.rows[0].key == first and report.window.rows[-1].key == last
    assert report.window.total == Decimal("142.5")


def test_the_section_shows_the_current_year(quartier, recorded):
    report = time_report(quartier=quartier, today=timezone.localdate())
    in_year = sum(
        (e.hours for e in TimeEntry.objects.filter(quartier=quartier, month__year=timezone.localdate().year)),
        Decimal(0),
    )
    assert report.this_year.total == in_year


def test_the_section_names_no_person(quartier, recorded):
    html, _text = _section(quartier)

    assert "Maria Altmann" not in html and "Erik Entwickler" not in html


def test_the_section_of_a_quartier_without_hours(quartier):
    html, _text = _section(quartier)

    assert "<svg" not in html
    assert 'class="muted"' in html


def test_the_section_takes_two_queries_however_many_hours(quartier, recorded):
    today = timezone.localdate()
    with CaptureQueriesContext(connection) as small:
        time_report(quartier=quartier, today=today)
    for n in range(5):
        member = staffed(quartier, f"Fachkraft {n}")
        for m in range(12):
            hours(quartier, member, months_ago(m), transparenz=3, steuerung=2)
    with CaptureQueriesContext(connection) as large:
        time_report(quartier=quartier, today=today)
    assert len(small) == len(large) == 2


def test_the_pdf_has_the_section(quartier, recorded):
    text = pdf_text(services.render_progress_pdf(quartier=quartier, language="de"))

    assert "Sicherung von Beteiligung" in text
    assert "130,5" in text and "142,5" in text
    assert "Maria Altmann" not in text


# --- the demo ---------------------------------------------------------------------------------


@pytest.fixture
def altstadt_staff(organisation):
    altstadt = QuartierFactory(organisation=organisation, name="Altstadt", slug="altstadt")
    users = {
        "manager-altstadt@demo.example": UserFactory(
            email="manager-altstadt@demo.example", first_name="Maria", last_name="Altmann"
        ),
        "entwicklung-altstadt@demo.example": UserFactory(
            email="entwicklung-altstadt@demo.example", first_name="Erik", last_name="Entwickler"
        ),
    }
    today = timezone.localdate()
    seed_staffing(users=users, today=today)
    return altstadt, users, today


def _by_person_and_field(altstadt) -> dict[tuple[str, str], Decimal]:
    sums: dict[tuple[str, str], Decimal] = {}
    for entry in TimeEntry.objects.filter(quartier=altstadt).select_related("member", "task_field"):
        key = (entry.member.name, entry.task_field.key)
        sums[key] = sums.get(key, Decimal(0)) + entry.hours
    return sums


def test_the_demo_has_twelve_months_of_plausible_hours_for_altstadt(altstadt_staff):
    altstadt, users, today = altstadt_staff
    seed_time(users=users, today=today)

    first, last = time_window(today)
    months = set(TimeEntry.objects.filter(quartier=altstadt).values_list("month", flat=True))
    assert min(months) == first and max(months) == last and len(months) == 12
    sums = _by_person_and_field(altstadt)
    # The manager networks and steers; the developers work on participation.
    assert sums[("Maria Altmann", "vernetzung")] > sums[("Maria Altmann", "beteiligung")]
    assert sums[("Maria Altmann", "steuerung")] > sums[("Maria Altmann", "transparenz")]
    assert sums[("Erik Entwickler", "beteiligung")] > sums[("Erik Entwickler", "vernetzung")]
    assert sums[("Sabine Sommer", "beteiligung")] > sums[("Sabine Sommer", "steuerung")]
    # Thomas Winter's months end with his post, 90 days ago; Sabine's start with hers.
    winter_end = Staffing.objects.get(quartier=altstadt, member__name="Thomas Winter").end
    winter_months = TimeEntry.objects.filter(quartier=altstadt, member__name="Thomas Winter").values_list(
        "month", flat=True
    )
    assert winter_months and max(winter_months) <= winter_end
    sommer_start = Staffing.objects.get(quartier=altstadt, member__name="Sabine Sommer").start
    assert min(TimeEntry.objects.filter(member__name="Sabine Sommer").values_list("month", flat=True)) >= (
        sommer_start.replace(day=1)
    )

    # The repeat survey (opened two weeks ago) brings more participation work this month.
    def share(month: datetime.date) -> Decimal:
        entries = dict(
            TimeEntry.objects.filter(quartier=altstadt, member__name="Maria Altmann", month=month).values_list(
                "task_field__key", "hours"
            )
        )
        return entries["beteiligung"] / sum(entries.values())

    assert share(this_month()) > share(months_ago(5))
    # No one exceeds the monthly limit.
    per_month: dict[tuple[int, datetime.date], Decimal] = {}
    for member_id, month, value in TimeEntry.objects.values_list("member_id", "month", "hours"):
        per_month[(member_id, month)] = per_month.get((member_id, month), Decimal(0)) + value
    assert max(per_month.values()) <= 300


def test_the_demo_hours_are_added_only_once(altstadt_staff):
    _altstadt, users, today = altstadt_staff
    seed_time(users=users, today=today)
    count = TimeEntry.objects.count()

    seed_time(users=users, today=today)

    assert TimeEntry.objects.count() == count > 0
