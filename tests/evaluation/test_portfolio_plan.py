"""The portfolio's columns on measures (on track, overdue) and months of secured funding, and sorting by them."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluation.portfolio_plan import runways, with_plan_columns
from planning.funding.selectors import funding_runway
from planning.models import FundingStatus, MeasureStatus
from quartier.models import Quartier
from tests.factories import QuartierFactory

from . import plan_data as data
from .utils import table_rows

pytestmark = pytest.mark.django_db


def _today() -> datetime.date:
    return timezone.localdate()


def _days(n: int) -> datetime.date:
    return _today() + datetime.timedelta(days=n)


def _months(until: datetime.date) -> str:
    return f"{((until - _today()).days + 1) / 30.44:.1f}".replace(".", ",")


@pytest.fixture
def three(quartier, organisation):
    """Altstadt: 2 on track, 1 overdue, funded for a year. Nordviertel: 3 overdue, funded for two months,
    a follow-up applied for. Talbach: nothing."""
    nord = QuartierFactory(organisation=organisation, name="Nordviertel", slug="nordviertel")
    talbach = QuartierFactory(organisation=organisation, name="Talbach", slug="talbach")
    data.measure(quartier, "Café", end=_days(30))
    data.measure(quartier, "Bank", status=MeasureStatus.PLANNED)
    late = data.measure(quartier, "Rampe", end=_days(90))
    data.milestone(late, "Angebot", _days(-1))
    data.measure(quartier, "Fertig", status=MeasureStatus.DONE, end=_days(-100))  # neither
    data.funding(quartier, "Jahr 1", _days(-30), _days(100))
    data.funding(quartier, "Jahr 2", _days(101), _days(364))  # back to back: one runway
    for n in range(3):
        data.measure(nord, f"Alt {n}", end=_days(-5 - n))
    data.funding(nord, "Kurz", _days(-30), _days(60))
    data.funding(nord, "Antrag", _days(61), _days(500), status=FundingStatus.APPLIED)
    return {"altstadt": quartier, "nordviertel": nord, "talbach": talbach}


def _rows(client, **params) -> dict[str, list[str]]:
    rows = table_rows(client.get(reverse("portfolio"), params))[1:]
    return {row[0].rsplit(" ", 1)[0]: row for row in rows}


def _names(client, **params) -> list[str]:
    return [row[0].rsplit(" ", 1)[0] for row in table_rows(client.get(reverse("portfolio"), params))[1:]]


def test_portfolio_shows_measures_on_track_overdue_and_months_of_funding(three, coordinator, client_for):
    rows = _rows(client_for(coordinator))

    assert rows["Altstadt"][15] == _cell(2, 1, _months(_days(364)))
    # Two months left, but a follow-up is applied for: no warning.
    assert rows["Nordviertel"][15] == _cell(0, 3, _months(_days(60)))
    warning = "! (endet in weniger als sechs Monaten, keine Anschlussförderung beantragt)"
    assert rows["Talbach"][15] == _cell(0, 0, f"0,0 {warning}")


def _cell(on_track: int, overdue: int, months: str) -> str:
    return f"✓ {on_track} Maßnahmen im Plan ! {overdue} Maßnahmen überfällig € {months} Monate gesicherte Finanzierung"


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("-overdue", ["Nordviertel", "Altstadt", "Talbach"]),
        ("-on_track", ["Altstadt", "Nordviertel", "Talbach"]),
        # Least secured first: nothing granted, then two months, then a year.
        ("funding", ["Talbach", "Nordviertel", "Altstadt"]),
    ],
)
def test_portfolio_sorts_by_measures_and_funding(order, expected, three, coordinator, client_for):
    assert _names(client_for(coordinator), order=order) == expected


def test_portfolio_csv_has_the_measure_and_funding_columns(three, coordinator, client_for):
    content = client_for(coordinator).get(reverse("portfolio_csv")).content.decode("utf-8")
    header, *lines = [line.split(";") for line in content.lstrip("\ufeff").splitlines()]
    rows = {line[0]: line for line in lines}
    at = header.index("Maßnahmen im Plan")

    assert header[at : at + 3] == ["Maßnahmen im Plan", "Maßnahmen überfällig", "Finanzierung gesichert (Monate)"]
    assert rows["Altstadt"][at : at + 3] == ["2", "1", _months(_days(364))]
    assert rows["Nordviertel"][at : at + 3] == ["0", "3", _months(_days(60))]


@pytest.mark.parametrize(
    "periods",
    [
        [],
        [(-10, 30)],
        [(-10, 30), (31, 90)],  # back to back
        [(-10, 30), (20, 120), (100, 200)],  # overlapping chain
        [(-10, 30), (32, 90)],  # a day's gap ends the runway
        [(5, 90)],  # starts after today: nothing secured today
        [(-100, -1), (0, 10)],  # the past does not count
        [(-10, 0)],  # ends today
        [(60, 90), (-10, 59), (200, 300)],
    ],
)
def test_the_sorting_date_in_sql_is_the_runway_in_python(quartier, periods):
    for n, (start, end) in enumerate(periods):
        data.funding(quartier, f"Förderung {n}", _days(start), _days(end))
    data.funding(quartier, "Abgelehnt", _days(-10), _days(900), status=FundingStatus.REJECTED)

    in_sql = with_plan_columns(Quartier.objects.filter(pk=quartier.pk), today=_today()).get().funding_until
    in_python = runways(quartier_ids=[quartier.pk], today=_today())[quartier.pk]

    assert in_sql == in_python.secured_until == funding_runway(quartier=quartier, today=_today()).secured_until
