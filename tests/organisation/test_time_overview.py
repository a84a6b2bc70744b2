"""Where the time went: the chart's totals equal the entries, each role sees what it may (the
coordinator totals only), bad years fall back, and the page's queries do not grow with data."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Sum
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from organisation.models import TimeEntry
from tests.evaluation.utils import html_text, table_rows

from .time_helpers import FIELDS, german_number, hours, staffed, svg_totals

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
LAST_YEAR = YEAR - 1
MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)


def _url(quartier, **query) -> str:
    url = reverse("time_overview", kwargs={"slug": quartier.slug})
    return f"{url}?{'&'.join(f'{k}={v}' for k, v in query.items())}" if query else url


@pytest.fixture
def team(quartier, manager, developer):
    """Three people with hours in January and February of this year and December of last year."""
    maria = staffed(quartier, "Maria Altmann", user=manager)
    erik = staffed(quartier, "Erik Entwickler", user=developer)
    sabine = staffed(quartier, "Sabine Sommer")
    january, february = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 2, 1)
    hours(quartier, maria, january, transparenz="10.5", vernetzung=40, steuerung=30)
    hours(quartier, erik, january, beteiligung="60.5", transparenz=20)
    hours(quartier, sabine, january, beteiligung=25)
    hours(quartier, maria, february, vernetzung=35)
    hours(quartier, erik, february, beteiligung=70, steuerung="12.5")
    hours(quartier, maria, datetime.date(LAST_YEAR, 12, 1), vernetzung=50)
    return {"maria": maria, "erik": erik, "sabine": sabine}


def _month_table(response) -> dict[str, list[Decimal]]:
    """The rows of the month table by month name: the four fields and the total."""
    html = response.content.decode()
    table = html[html.index('id="time-month-table"') :].split("</table>", 1)[0]
    rows = {}
    for cells in _rows(table):
        if cells and cells[0] in MONTHS:
            # A month still to come shows „–“: nothing could be recorded for it yet.
            rows[cells[0]] = [None if c.strip() == "–" else german_number(c) for c in cells[1:]]
    return rows


def _rows(html: str) -> list[list[str]]:
    return table_rows(HttpResponse(html))


def test_the_chart_and_the_table_show_the_sums_of_the_entries(quartier, manager, team, client_for):
    response = client_for(manager).get(_url(quartier, jahr=YEAR))
    html = response.content.decode()

    expected = {
        f"{month:%Y-%m}": total
        for month, total in TimeEntry.objects.filter(quartier=quartier, month__year=YEAR)
        .values_list("month")
        .annotate(total=Sum("hours"))
        .values_list("month", "total")
    }
    assert svg_totals(html) == expected == {f"{YEAR}-01": Decimal("186"), f"{YEAR}-02": Decimal("117.5")}
    table = _month_table(response)
    assert table["Januar"] == [Decimal("30.5"), Decimal(40), Decimal("85.5"), Decimal(30), Decimal(186)]
    assert table["Februar"] == [Decimal(0), Decimal(35), Decimal(70), Decimal("12.5"), Decimal("117.5")]
    today = timezone.localdate()
    for number, name in enumerate(MONTHS, start=1):
        if number > today.month:
            assert table[name] == [None] * 5, name
        elif name not in ("Januar", "Februar"):
            assert table[name][-1] == 0, name
    for field_index, key in enumerate(FIELDS):
        in_db = TimeEntry.objects.filter(quartier=quartier, month__year=YEAR, task_field__key=key).aggregate(
            total=Sum("hours")
        )["total"] or Decimal(0)
        assert sum(row[field_index] or 0 for row in table.values()) == in_db


def test_the_chart_is_an_image_with_a_text_alternative_and_a_legend(quartier, manager, team, client_for):
    html = client_for(manager).get(_url(quartier)).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]

    assert 'role="img"' in svg and 'aria-labelledby="time-chart-title time-chart-desc"' in svg
    desc = re.search(r'<desc id="time-chart-desc">([^<]+)</desc>', svg)[1]
    assert "303,5" in desc  # the year's total in words
    for title in ("Sicherung von Transparenz", "Koordination und Vernetzung", "Sicherung von Beteiligung"):
        assert f">{title}</text>" in svg  # the legend
    assert "<pattern" in svg  # told apart by pattern, not only by colour


def test_numbers_are_written_the_german_way(quartier, manager, client_for):
    maria = staffed(quartier, "Maria Altmann", user=manager)
    for month in range(1, 6):
        hours(quartier, maria, datetime.date(LAST_YEAR, month, 1), vernetzung="246.9")

    html = client_for(manager).get(_url(quartier, jahr=LAST_YEAR)).content.decode()

    assert "1.234,5" in html
    assert "246,9" in html


def test_the_years_table_has_every_year_with_records(quartier, manager, team, client_for):
    response = client_for(manager).get(_url(quartier))
    html = response.content.decode()
    table = html[html.index('id="time-year-table"') :].split("</table>", 1)[0]
    rows = {cells[0]: cells[1:] for cells in _rows(table) if cells and cells[0].isdigit()}

    assert rows[str(LAST_YEAR)] == ["0,0", "50,0", "0,0", "0,0", "50,0"]
    assert rows[str(YEAR)] == ["30,5", "75,0", "155,5", "42,5", "303,5"]


@pytest.mark.parametrize("jahr", ["abc", "99999", "-1", "1200", "", "2026.5", "%00"])
def test_a_bad_year_falls_back_to_the_current_one(quartier, manager, team, client_for, jahr):
    response = client_for(manager).get(_url(quartier, jahr=jahr))

    assert response.status_code == 200
    assert response.context["overview"].year == YEAR


def test_another_year_is_chosen_by_link(quartier, manager, team, client_for):
    response = client_for(manager).get(_url(quartier, jahr=LAST_YEAR))

    assert response.context["overview"].year == LAST_YEAR
    assert svg_totals(response.content.decode()) == {f"{LAST_YEAR}-12": Decimal(50)}
    assert f'href="?jahr={YEAR}"' in response.content.decode()


def test_the_manager_sees_everyone_s_hours(quartier, manager, team, client_for):
    response = client_for(manager).get(_url(quartier))
    html = response.content.decode()
    people = html[html.index('id="time-people-table"') :].split("</table>", 1)[0]
    rows = {cells[0]: cells[-1] for cells in _rows(people) if cells}

    assert rows["Erik Entwickler"] == "163,0"
    assert rows["Maria Altmann"] == "115,5"
    assert rows["Sabine Sommer"] == "25,0"


def test_the_coordinator_sees_totals_but_no_person(quartier, coordinator, team, client_for):
    response = client_for(coordinator).get(_url(quartier))
    html = response.content.decode()

    assert response.status_code == 200
    assert svg_totals(html) == {f"{YEAR}-01": Decimal(186), f"{YEAR}-02": Decimal("117.5")}
    for name in ("Maria Altmann", "Erik Entwickler", "Sabine Sommer"):
        assert name not in html
    assert 'id="time-people"' not in html and 'id="time-own"' not in html
    assert reverse("time_record", kwargs={"slug": quartier.slug}) not in html
    assert response.context["overview"].people is None and response.context["overview"].own is None


def test_the_coordinator_sees_no_person_even_with_a_staff_record(quartier, coordinator, team, client_for):
    staffed(quartier, "Klara Koordinatorin", user=coordinator)
    hours(quartier, team["sabine"], datetime.date(YEAR, 3, 1), transparenz=3)

    html = client_for(coordinator).get(_url(quartier)).content.decode()

    assert "Sabine Sommer" not in html and "Klara Koordinatorin" not in html


def test_the_developer_sees_the_totals_and_only_their_own_hours(quartier, developer, team, client_for):
    response = client_for(developer).get(_url(quartier))
    html = response.content.decode()

    assert svg_totals(html) == {f"{YEAR}-01": Decimal(186), f"{YEAR}-02": Decimal("117.5")}
    assert 'id="time-people"' not in html
    own = html[html.index('id="time-own-table"') :].split("</table>", 1)[0]
    rows = {cells[0]: cells[1:-1] for cells in _rows(own) if cells and cells[0] in ("Januar", "Februar")}
    assert rows == {
        "Januar": ["20,0", "0,0", "60,5", "0,0", "80,5"],
        "Februar": ["0,0", "0,0", "70,0", "12,5", "82,5"],
    }
    assert "Maria Altmann" not in html and "Sabine Sommer" not in html
    assert f"person={team['erik'].pk}&amp;monat={YEAR}-01" in html  # a link to correct the month


def test_the_empty_page_explains_what_to_record_and_links_the_form(quartier, manager, coordinator, client_for):
    html = client_for(manager).get(_url(quartier)).content.decode()
    text = html_text(html, "time-empty")

    assert "Sicherung von Beteiligung" in text  # the task fields are named
    assert reverse("time_record", kwargs={"slug": quartier.slug}) in html.split('id="time-empty"')[1]
    assert "<svg" not in html

    html = client_for(coordinator).get(_url(quartier)).content.decode()
    assert 'id="time-empty"' in html
    assert reverse("time_record", kwargs={"slug": quartier.slug}) not in html


def _people_with_months(quartier, people: int, months: int) -> None:
    for n in range(people):
        member = staffed(quartier, f"Fachkraft {n}")
        for m in range(months):
            hours(quartier, member, datetime.date(LAST_YEAR, m + 1, 1), transparenz=5, beteiligung=m + 1)


@pytest.mark.parametrize("role", ["manager", "developer", "coordinator"])
def test_the_page_takes_the_same_queries_for_more_people_and_months(
    quartier, request, client_for, role, django_assert_num_queries
):
    user = request.getfixturevalue(role)
    if role == "developer":
        staffed(quartier, "Erik Entwickler", user=user)
    client = client_for(user)
    _people_with_months(quartier, 1, 1)
    client.get(_url(quartier, jahr=LAST_YEAR))  # the session and the user are read once
    with CaptureQueriesContext(connection) as small:
        client.get(_url(quartier, jahr=LAST_YEAR))
    TimeEntry.objects.all().delete()
    _people_with_months(quartier, 5, 12)
    if role == "developer":
        member = staffed(quartier, "Erik Entwickler", user=user)
        for m in range(12):
            hours(quartier, member, datetime.date(LAST_YEAR, m + 1, 1), steuerung=4)
    with django_assert_num_queries(len(small)):
        response = client.get(_url(quartier, jahr=LAST_YEAR))
    assert response.status_code == 200
    assert len(svg_totals(response.content.decode())) == 12
