"""The indicator pages of step 3: values with unit, date and source, charts that can be read
without sight, the comparison with the organisation's other quartiers, entering and deleting."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from planning.analysis.charts import Point, series_svg, text_alternative
from planning.analysis.indicator_selectors import compare
from planning.models import Indicator, IndicatorValue
from tests.factories import QuartierFactory
from tests.pages import text

pytestmark = pytest.mark.django_db


def indicator(code: str) -> Indicator:
    return Indicator.objects.get(code=code)


def record(quartier, code: str, value: str, day: date, source: str = "Melderegister") -> IndicatorValue:
    return IndicatorValue.objects.create(
        quartier=quartier, indicator=indicator(code), value=Decimal(value), reference_date=day, source=source
    )


def list_url(quartier) -> str:
    return reverse("indicator_list", args=[quartier.slug])


def add_url(quartier) -> str:
    return reverse("indicator_value_add", args=[quartier.slug])


def card(response, code: str) -> str:
    return text(response, f"indikator-{indicator(code).pk}")


# --- charts ------------------------------------------------------------------------------


def test_the_chart_says_in_words_what_the_line_shows():
    points = [Point(date(2024, 12, 31), Decimal("21.5")), Point(date(2026, 6, 30), Decimal("23.1000"))]

    assert text_alternative(points, unit="%") == "Verlauf 2024–2026: von 21,5 % auf 23,1 %"
    assert text_alternative(points[:1], unit="%") == "Ein Wert (31.12.2024): 21,5 %"
    big = [Point(date(2025, 1, 1), Decimal("4200.0000")), Point(date(2025, 12, 31), Decimal("4315"))]
    assert text_alternative(big, unit="Personen") == "Verlauf 2025: von 4.200 Personen auf 4.315 Personen"


def test_the_chart_is_an_image_with_its_text_alternative_and_escapes_what_it_shows():
    points = [Point(date(2024, 12, 31), Decimal("1")), Point(date(2025, 12, 31), Decimal("2"))]

    svg = str(series_svg(points, unit='<script>"x"</script>'))

    assert svg.startswith("<svg") and 'role="img"' in svg
    label = re.search(r'aria-label="([^"]*)"', svg).group(1)
    assert label.startswith("Verlauf 2024–2025: von 1 &lt;script&gt;")
    assert "<title>Verlauf 2024–2025" in svg
    assert "<script>" not in svg
    assert "<polyline" in svg
    assert series_svg([], unit="%") == ""


def test_the_large_chart_names_the_lowest_and_highest_value_and_the_first_and_last_date():
    points = [Point(date(2024, 1, 31), Decimal("3.5")), Point(date(2025, 1, 31), Decimal("12.25"))]

    svg = str(series_svg(points, unit="%", width=640, height=240, large=True))

    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    assert texts == ["12,25", "3,5", "31.01.2024", "31.01.2025"]
    assert svg.count("<circle") == 2


# --- comparison arithmetic ---------------------------------------------------------------


def test_the_median_of_an_odd_count_is_the_middle_value():
    result = compare([Decimal("30"), Decimal("10"), Decimal("20")])

    assert (result.count, result.minimum, result.median, result.maximum) == (3, 10, 20, 30)


def test_the_median_of_an_even_count_is_the_mean_of_the_two_middle_values():
    result = compare([Decimal("4"), Decimal("1"), Decimal("10"), Decimal("5")])

    assert (result.minimum, result.median, result.maximum) == (1, Decimal("4.5"), 10)
    assert compare([]) is None


def test_the_comparison_takes_the_latest_value_of_each_other_quartier_of_the_organisation_only(
    client_for, manager, quartier, organisation, other_quartier
):
    neighbours = [QuartierFactory(organisation=organisation) for _ in range(4)]
    record(quartier, "POP80", "8.0", date(2025, 12, 31))
    for neighbour, old, latest in zip(neighbours, ("1", "1", "1", "1"), ("6", "10", "7.5", "12"), strict=True):
        record(neighbour, "POP80", old, date(2023, 12, 31))  # older values do not count
        record(neighbour, "POP80", latest, date(2025, 12, 31))
    record(other_quartier, "POP80", "99", date(2025, 12, 31))  # another organisation: never compared

    response = client_for(manager).get(list_url(quartier))

    shown = card(response, "POP80")
    assert "Vergleich mit 4 anderen Quartieren Ihrer Organisation: niedrigster 6 %, Median 8,75 %, höchster 12 %" in (
        shown
    )
    assert "99" not in shown


def test_without_other_quartiers_the_comparison_says_there_are_no_values(client_for, manager, quartier):
    record(quartier, "POP80", "8.0", date(2025, 12, 31))

    shown = card(client_for(manager).get(list_url(quartier)), "POP80")

    assert "keine Vergleichswerte" in shown


# --- the list ----------------------------------------------------------------------------


def test_the_list_shows_the_latest_value_with_unit_date_source_and_chart_by_domain(client_for, viewer, quartier):
    record(quartier, "POP80", "7.9", date(2024, 12, 31), "Melderegister 2024")
    record(quartier, "POP80", "8.4", date(2025, 12, 31), "Melderegister 2025")

    response = client_for(viewer).get(list_url(quartier))

    assert response.status_code == 200
    page = text(response)
    headings = re.findall(r'<h3 id="h-domain-[a-z]+" class="h4 mt-4">([^<]+)</h3>', response.content.decode())
    assert headings == ["Basisdaten", "Wohnen", "Soziales", "Hilfe und Pflege"]
    shown = card(response, "POP80")
    assert "Anteil 80 Jahre und älter" in shown
    assert "8,4 %" in shown
    assert "Stichtag: 31.12.2025 · Quelle: Melderegister 2025" in shown
    assert "Verlauf 2024–2025: von 7,9 % auf 8,4 %" in shown
    # The values behind the chart as a table for screen readers.
    assert "Werte von „Anteil 80 Jahre und älter“ Stichtag Wert 31.12.2024 7,9 % 31.12.2025 8,4 %" in shown
    assert "Noch kein Wert erfasst." in card(response, "POP65")
    # Readers see no buttons to change anything.
    assert "Wert erfassen" not in page and "Datei importieren" not in page


def test_an_empty_quartier_explains_what_to_do(client_for, manager, viewer, quartier):
    assert "Erfassen Sie einen ersten Wert oder importieren Sie eine Datei" in text(
        client_for(manager).get(list_url(quartier))
    )
    assert "Das Team hat für dieses Quartier noch keine Indikatorwerte erfasst." in text(
        client_for(viewer).get(list_url(quartier))
    )


def _fill(quartiers, *, years: range) -> None:
    IndicatorValue.objects.bulk_create(
        IndicatorValue(quartier=q, indicator=i, value=Decimal(year % 50), reference_date=date(year, 12, 31))
        for q in quartiers
        for i in Indicator.objects.all()
        for year in years
    )


def test_the_list_costs_the_same_queries_however_many_values_and_quartiers(
    client_for, manager, quartier, organisation, django_assert_max_num_queries
):
    client = client_for(manager)
    _fill([quartier, QuartierFactory(organisation=organisation, with_steps=False)], years=range(2020, 2021))
    client.get(list_url(quartier))  # warm-up: sessions, translations
    with django_assert_max_num_queries(8) as few:
        client.get(list_url(quartier))

    _fill([quartier], years=range(2000, 2020))
    _fill([QuartierFactory(organisation=organisation, with_steps=False) for _ in range(6)], years=range(2019, 2021))
    with django_assert_max_num_queries(8) as many:
        response = client.get(list_url(quartier))

    assert len(many.captured_queries) == len(few.captured_queries)
    assert "Vergleich mit 7 anderen Quartieren" in card(response, "POP")


# --- entering and deleting ---------------------------------------------------------------


def test_a_manager_records_a_value_with_a_decimal_comma_and_the_usual_source(client_for, manager, quartier):
    pop80 = indicator("POP80")

    client = client_for(manager)
    response = client.post(
        add_url(quartier), {"indicator": pop80.pk, "value": "8,4", "reference_date": "31.12.2025", "source": ""}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("indicator_detail", args=[quartier.slug, pop80.pk])
    value = IndicatorValue.objects.get(quartier=quartier)
    assert (value.indicator, value.value, value.reference_date) == (pop80, Decimal("8.4"), date(2025, 12, 31))
    assert value.source == "Melderegister"
    assert value.created_by == manager
    page = text(client.get(response["Location"]))
    assert "Anteil 80 Jahre und älter: 8,4 % zum 31.12.2025 ist erfasst." in page


def test_the_form_prefills_the_usual_source_of_the_chosen_indicator(client_for, manager, quartier):
    pop80 = indicator("POP80")

    response = client_for(manager).get(add_url(quartier), {"indikator": pop80.pk})

    html = response.content.decode()
    assert 'value="Melderegister"' in html
    assert f'<option value="{pop80.pk}" selected>' in html
    assert f'"{pop80.pk}": "Melderegister"' in html  # for the script that follows a change


@pytest.mark.parametrize("wanted", ["abc", "99999999999999999999", "-1"])
def test_a_strange_indicator_in_the_address_shows_the_empty_form(client_for, manager, quartier, wanted):
    response = client_for(manager).get(add_url(quartier), {"indikator": wanted})

    assert response.status_code == 200
    assert 'Melderegister"' not in response.content.decode().split("indicator-sources")[0]


def test_wrong_entries_are_explained_in_german_and_kept(client_for, manager, quartier):
    pop80 = indicator("POP80")

    response = client_for(manager).post(
        add_url(quartier),
        {"indicator": pop80.pk, "value": "acht", "reference_date": "31.02.2025", "source": "Eigene Zählung"},
    )

    assert response.status_code == 400
    page = text(response)
    assert "„acht“ ist keine Zahl." in page
    assert "„31.02.2025“ ist kein gültiges Datum." in page
    html = response.content.decode()
    assert 'value="acht"' in html and 'value="31.02.2025"' in html and 'value="Eigene Zählung"' in html
    assert not IndicatorValue.objects.exists()


def test_a_second_value_for_the_same_date_is_refused_not_overwritten(client_for, manager, quartier):
    record(quartier, "POP80", "8.4", date(2025, 12, 31))

    response = client_for(manager).post(
        add_url(quartier), {"indicator": indicator("POP80").pk, "value": "9", "reference_date": "2025-12-31"}
    )

    assert response.status_code == 400
    assert "Für den 31.12.2025 ist schon ein Wert erfasst (8,4 %)." in text(response)
    assert IndicatorValue.objects.get().value == Decimal("8.4")


@pytest.mark.parametrize("role", ["viewer", "partner", "coordinator", "developer"])
def test_readers_cannot_record_or_delete_values(client_for, quartier, role, request):
    value = record(quartier, "POP80", "8.4", date(2025, 12, 31))
    client = client_for(request.getfixturevalue(role))

    add = client.post(add_url(quartier), {"indicator": value.indicator_id, "value": "1", "reference_date": "1.1.2024"})
    delete = client.post(reverse("indicator_value_delete", args=[quartier.slug, value.pk]))

    assert (add.status_code, delete.status_code) == (403, 403)
    assert list(IndicatorValue.objects.values_list("value", flat=True)) == [Decimal("8.4")]


def test_a_manager_deletes_a_wrong_value_and_history_keeps_it(client_for, manager, quartier):
    keep = record(quartier, "POP80", "8.4", date(2025, 12, 31))
    wrong = record(quartier, "POP80", "84", date(2024, 12, 31))

    client = client_for(manager)
    response = client.post(reverse("indicator_value_delete", args=[quartier.slug, wrong.pk]))

    assert response.status_code == 302
    assert list(IndicatorValue.objects.all()) == [keep]
    assert IndicatorValue.history.filter(id=wrong.pk, history_type="-").get().history_user == manager
    assert "Der Wert vom 31.12.2024 (84 %) ist gelöscht." in text(client.get(response["Location"]))


def test_a_value_of_another_quartier_answers_404(client_for, manager, quartier, other_quartier):
    theirs = record(other_quartier, "POP80", "8.4", date(2025, 12, 31))

    response = client_for(manager).post(reverse("indicator_value_delete", args=[quartier.slug, theirs.pk]))

    assert response.status_code == 404
    assert IndicatorValue.objects.filter(pk=theirs.pk).exists()


# --- the detail page ---------------------------------------------------------------------


def test_the_detail_page_shows_the_whole_series_as_table_and_chart(client_for, manager, quartier):
    for year, value in ((2022, "7.1"), (2023, "7.6"), (2024, "7.9"), (2025, "8.4")):
        record(quartier, "POP80", value, date(year, 12, 31))

    response = client_for(manager).get(reverse("indicator_detail", args=[quartier.slug, indicator("POP80").pk]))

    page = text(response)
    assert "Verlauf 2022–2025: von 7,1 % auf 8,4 %" in page
    assert "31.12.2025 8,4 % Melderegister Löschen den Wert vom 31.12.2025" in page
    assert "31.12.2022 7,1 % Melderegister" in page
    assert response.content.decode().count("<circle") == 4


def test_an_unknown_indicator_answers_404(client_for, manager, quartier):
    response = client_for(manager).get(reverse("indicator_detail", args=[quartier.slug, 999_999]))

    assert response.status_code == 404
