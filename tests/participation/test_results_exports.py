"""Downloads of the results (CSV, Excel, PDF text) and indicator values written from answers."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from participation.models import Survey
from participation.results.indicators import survey_write_indicators
from participation.results.pdf import render_html
from planning.analysis.models import IndicatorValue
from tests.pages import text

from .test_results import CLOSES, make_survey, respond, six_responses


@pytest.fixture
def typed_in(quartier, manager):
    """The hand-made survey; two paper forms typed in by the manager."""
    survey = make_survey(quartier)
    six_responses(survey, entered_by=manager)
    return survey


def _url(name, survey):
    return reverse(name, args=[survey.quartier.slug, survey.pk])


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    content = body.decode("utf-8")
    assert content.startswith("\ufeff")  # German Excel reads UTF-8 with the byte order mark
    return list(csv.reader(io.StringIO(content[1:]), delimiter=";"))


def test_responses_csv_has_one_row_per_response_and_no_personal_data(typed_in, manager, client_for) -> None:
    response = client_for(manager).get(_url("survey_responses_csv", typed_in))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    head, body = rows[0], rows[1:]
    assert head[:3] == ["Nr.", "Weg", "Datum"]
    assert [row[0] for row in body] == ["1", "2", "3", "4", "5", "6"]  # running numbers, not ids
    assert "F3 Wie oft … – isoliert" in head
    assert "F4 Was nutzen Sie?: Rad" in head
    first = dict(zip(head, body[0], strict=True))
    assert first["Weg"] == "online"
    assert first["Datum"] == "22.05.2026"
    assert first["F1 Wie stark fühlen Sie sich verbunden?"] == "Sehr stark"
    assert (first["F4 Was nutzen Sie?: Bus"], first["F4 Was nutzen Sie?: Rad"], first["F4 Was nutzen Sie?: Auto"]) == (
        "1",
        "1",
        "0",
    )
    assert first["F7 Wie viele Jahre wohnen Sie hier?"] == "2"
    second = dict(zip(head, body[1], strict=True))
    assert second["F6 Was fehlt?"] == "'=Ampel"  # a formula is never run by a spreadsheet
    fourth = dict(zip(head, body[3], strict=True))
    assert fourth["F4 Was nutzen Sie?: Bus"] == ""  # question skipped: empty, not 0
    flat = ";".join(";".join(row) for row in rows)
    assert manager.email not in flat
    assert manager.get_full_name() not in flat
    assert "entered" not in flat.lower() and "eingegeben" not in flat.lower()


def test_responses_xlsx_holds_the_same_rows(typed_in, manager, client_for) -> None:
    response = client_for(manager).get(_url("survey_responses_xlsx", typed_in))

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][:3] == ["Nr.", "Weg", "Datum"]
    assert [row[0] for row in rows[1:]] == [1, 2, 3, 4, 5, 6]
    head = rows[0]
    assert rows[1][head.index("F7 Wie viele Jahre wohnen Sie hier?")] == 2
    cells = [str(c) for row in rows for c in row if c is not None]
    assert manager.email not in cells


def test_results_csv_has_the_tables_and_hides_small_cells(typed_in, manager, client_for) -> None:
    rows = _csv(client_for(manager).get(_url("survey_results_csv", typed_in)))

    assert ["Antworten", "6"] in rows
    assert ["F1 Wie stark fühlen Sie sich verbunden?", "", "Stark", "2", "40,0", ""] in rows
    assert ["F1 Wie stark fühlen Sie sich verbunden?", "", "Mittelwert", "5", "", "2,25"] in rows
    breakdown = [row for row in rows if row and row[0].startswith("F2 ") and len(row) == 7]
    # Bands „Unter 75“, „75 und älter“: every cell of this small set is hidden.
    assert breakdown and all(row[3] == "< 3" and row[5] == "< 3" for row in breakdown)
    assert ["F2 Hilfe in der Nachbarschaft?", "", "Nein", "< 3", "", "< 3", ""] in breakdown


def test_the_pdf_text_shows_small_cells_hidden(typed_in) -> None:
    weasyprint = pytest.importorskip("weasyprint")
    from pypdf import PdfReader

    html = render_html(typed_in)
    pdf = weasyprint.HTML(string=html).write_pdf()
    content = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).replace("\xa0", " ")
    html_text = html.replace("&nbsp;", " ")

    assert "Nach Altersgruppe" in content
    assert "< 3" in content
    assert "<svg" in html and 'role="img"' in html
    # The 75+ answering „Nein“ (3 people, 75,0 %) are hidden with the rest of the small table.
    assert "3 (75,0 %)" not in content and "3 (75,0 %)" not in html_text
    assert "40,0 %" in content  # the ordinary tables are there


def test_indicator_values_from_a_hand_made_set(typed_in, manager) -> None:
    written = survey_write_indicators(survey=typed_in, user=manager)

    values = {v.indicator.code: v for v in written}
    # Scale mean 2,25 on five options → 6 − 2,25.
    assert values["ATTACHMENT"].value == Decimal("3.75")
    assert values["HELP_NEIGHBOUR"].value == Decimal("50.00")  # 3 of 6 said „Ja …“
    assert values["LONELINESS"].value == Decimal("60.00")  # 3 of the 5 who answered all three items
    assert {v.reference_date for v in written} == {CLOSES}
    assert values["ATTACHMENT"].source == "Umfrage „Nachbarschaft 2026“"

    respond(typed_in, {1: "Sehr stark", 2: "Ja, eine Person"})
    again = survey_write_indicators(survey=typed_in, user=manager)

    assert IndicatorValue.objects.filter(quartier=typed_in.quartier).count() == 3  # updated, not added
    assert {v.indicator.code: v.value for v in again}["HELP_NEIGHBOUR"] == Decimal("57.14")


def test_indicator_values_need_the_right_to_edit(typed_in, viewer) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        survey_write_indicators(survey=typed_in, user=viewer)
    assert not IndicatorValue.objects.filter(quartier=typed_in.quartier).exists()


def test_the_button_says_what_was_written(typed_in, manager, client_for) -> None:
    client = client_for(manager)

    response = client.post(_url("survey_write_indicators", typed_in), follow=True)

    page = text(response)
    assert "In die Analyse übernommen zum 31.05.2026" in page
    assert "Verbundenheit mit dem Quartier: 3,75 Mittelwert 1–5" in page


def test_an_open_survey_writes_no_values(quartier, manager, client_for) -> None:
    survey = make_survey(quartier, status="offen")
    six_responses(survey)

    response = client_for(manager).post(_url("survey_write_indicators", survey), follow=True)

    assert "sobald die Umfrage geschlossen ist" in text(response)
    assert not IndicatorValue.objects.filter(quartier=quartier).exists()


def test_a_survey_closed_before_its_planned_end_counts_on_the_day_it_closed(typed_in, manager) -> None:
    today = timezone.localdate()
    Survey.objects.filter(pk=typed_in.pk).update(closes_on=today + datetime.timedelta(days=30))
    typed_in.refresh_from_db()

    written = survey_write_indicators(survey=typed_in, user=manager)

    assert {v.reference_date for v in written} == {today}


def test_the_raw_answers_are_offered_only_to_those_who_run_the_survey(typed_in, manager, viewer, client_for) -> None:
    # One row per response with the age band would let a reader count the hidden groups again.
    for user, offered in ((manager, True), (viewer, False)):
        page = text(client_for(user).get(_url("survey_results", typed_in)))
        assert ("Antworten als CSV" in page) is offered
        assert ("Antworten als Excel-Datei" in page) is offered
        assert "Ergebnisse als CSV" in page
