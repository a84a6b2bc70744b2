"""The indicator import: every file a person might bring, applied completely or not at all,
with every bad row named by its line; the web preview, „Übernehmen“ and the command."""

from __future__ import annotations

import io
import os
from datetime import date, datetime
from decimal import Decimal

import openpyxl
import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from planning.analysis import indicator_parsing
from planning.analysis.indicator_import import (
    SIGNING_SALT,
    ImportRefused,
    indicator_import_file,
    indicator_import_preview,
)
from planning.analysis.indicator_parsing import InvalidCell, parse_date, parse_number
from planning.models import Indicator, IndicatorValue
from tests.pages import text

pytestmark = pytest.mark.django_db

HEADER = "indicator_code;value;reference_date;source\n"
VALID = HEADER + "POP80;8,4;31.12.2025;Melderegister\nPOP65;21,5;2025-12-31;\nGRUSI;3.25;31.12.2025;Sozialamt\n"


def run(quartier, content: bytes | str, filename: str = "werte.csv"):
    data = content.encode() if isinstance(content, str) else content
    return indicator_import_file(quartier=quartier, user=None, content=data, filename=filename)


def refused(quartier, content: bytes | str, filename: str = "werte.csv") -> list[str]:
    with pytest.raises(ImportRefused) as caught:
        run(quartier, content, filename)
    assert not IndicatorValue.objects.exists(), "nothing may be applied"
    return [str(e) for e in caught.value.errors]


def values(quartier) -> dict[tuple[str, date], tuple[Decimal, str]]:
    return {
        (v.indicator.code, v.reference_date): (v.value, v.source)
        for v in IndicatorValue.objects.filter(quartier=quartier).select_related("indicator")
    }


def xlsx(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- numbers and dates -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("21,5", "21.5"),
        ("21.5", "21.5"),
        ("-3", "-3"),
        ("1.234,5", "1234.5"),
        ("1,234.5", "1234.5"),
        ("1.234.567", "1234567"),
        ("1 234,5", "1234.5"),
        (",5", "0.5"),
        ("0,123456", "0.1235"),  # rounded to the four places the column holds
    ],
)
def test_numbers_are_read_as_people_write_them(typed, expected):
    assert parse_number(typed) == Decimal(expected)


@pytest.mark.parametrize("typed", ["acht", "1,2,3,4.5", "12.34,5", "1e5", "NaN", "5,", "--3", "12 %"])
def test_what_is_not_a_number_is_refused(typed):
    with pytest.raises(InvalidCell, match="ist keine Zahl"):
        parse_number(typed)


def test_a_number_beyond_the_column_is_refused():
    with pytest.raises(InvalidCell, match="höchstens 10 Stellen vor dem Komma"):
        parse_number("12345678901")


@pytest.mark.parametrize(("typed", "expected"), [("31.12.2025", date(2025, 12, 31)), ("1.3.2024", date(2024, 3, 1))])
def test_dates_in_german_or_iso_form(typed, expected):
    assert parse_date(typed) == expected
    assert parse_date(expected.isoformat()) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [("12/31/2025", "ist kein Datum"), ("31.02.2025", "kein gültiges Datum"), ("31.12.1850", "zwischen 1900")],
)
def test_wrong_dates_are_explained(typed, message):
    with pytest.raises(InvalidCell, match=message):
        parse_date(typed)


# --- files that apply --------------------------------------------------------------------


def test_a_valid_file_applies_completely(quartier):
    result = run(quartier, VALID)

    assert (result.new, result.updated, result.unchanged) == (3, 0, 0)
    assert values(quartier) == {
        ("POP80", date(2025, 12, 31)): (Decimal("8.4"), "Melderegister"),
        ("POP65", date(2025, 12, 31)): (Decimal("21.5"), "Melderegister"),  # the usual source
        ("GRUSI", date(2025, 12, 31)): (Decimal("3.25"), "Sozialamt"),
    }
    assert IndicatorValue.history.count() == 3  # the history knows where each value came from


def test_importing_the_same_dates_again_updates_instead_of_duplicating(quartier):
    run(quartier, VALID)

    result = run(quartier, HEADER + "POP80;8,6;31.12.2025;Melderegister\nPOP65;21,5;31.12.2025;\n")

    assert (result.new, result.updated, result.unchanged) == (0, 1, 1)
    assert str(result) == "0 neue Werte, 1 aktualisiert, 1 unverändert."
    assert IndicatorValue.objects.count() == 3
    assert values(quartier)[("POP80", date(2025, 12, 31))] == (Decimal("8.6"), "Melderegister")
    pop80 = IndicatorValue.objects.get(indicator__code="POP80")
    assert list(pop80.history.order_by("history_id").values_list("history_type", "value")) == [
        ("+", Decimal("8.4")),
        ("~", Decimal("8.6")),
    ]


def test_comma_separated_with_a_bom_and_quoted_decimal_commas(quartier):
    content = '\ufeffindicator_code,value,reference_date,source\r\nPOP80,"8,4",31.12.2025,Melderegister\r\n'

    run(quartier, content.encode("utf-8"))

    assert values(quartier) == {("POP80", date(2025, 12, 31)): (Decimal("8.4"), "Melderegister")}


def test_a_bom_and_semicolons_as_excel_saves_csv_utf8(quartier):
    run(quartier, b"\xef\xbb\xbf" + VALID.encode())

    assert len(values(quartier)) == 3


def test_an_xlsx_file_with_numbers_dates_and_text(quartier):
    content = xlsx(
        [
            ["indicator_code", "value", "reference_date", "source"],
            ["POP80", 8.4, datetime(2025, 12, 31), "Melderegister"],
            ["pop65", "21,5", "31.12.2025", None],
            [None, None, None, None],  # an empty row in between
            ["GRUSI", 3, date(2024, 12, 31), "Sozialamt"],
        ]
    )

    result = run(quartier, content, "werte.xlsx")

    assert result.new == 3
    assert values(quartier)[("POP80", date(2025, 12, 31))] == (Decimal("8.4"), "Melderegister")
    assert values(quartier)[("POP65", date(2025, 12, 31))][0] == Decimal("21.5")


# --- files that apply nothing ------------------------------------------------------------


def test_one_bad_row_applies_nothing_and_names_the_row(quartier):
    content = HEADER + "POP80;8,4;31.12.2025;\nPOP65;viel;31.12.2025;\nGRUSI;3;31.12.2025;\n"

    assert refused(quartier, content) == ["Zeile 3: „viel“ ist keine Zahl."]


def test_every_bad_row_is_listed_with_its_reason(quartier):
    content = (
        HEADER
        + "POP80;8,4;31.12.2025;\n"
        + "UNBEKANNT;1;31.12.2025;\n"
        + "POP65;1;2025/12/31;\n"
        + "POP80;8,5;31.12.2025;\n"
        + ";;;\n"  # an empty line is skipped
        + "GRUSI;;31.12.2025;"
        + "x" * 301
        + "\n"
    )

    assert refused(quartier, content) == [
        "Zeile 3: Unbekannter Indikator-Code „UNBEKANNT“.",
        "Zeile 4: „2025/12/31“ ist kein Datum; bitte schreiben Sie es als TT.MM.JJJJ oder JJJJ-MM-TT.",
        "Zeile 5: POP80 zum Stichtag 31.12.2025 steht schon in Zeile 2.",
        "Zeile 7: Der Wert fehlt. Die Quelle ist länger als 300 Zeichen.",
    ]


def test_a_retired_indicator_takes_no_new_values(quartier):
    Indicator.objects.filter(code="POP80").update(active=False)

    assert refused(quartier, HEADER + "POP80;8,4;31.12.2025;\n") == [
        "Zeile 2: Der Indikator „POP80“ nimmt keine neuen Werte mehr an."
    ]


def test_a_decimal_comma_in_a_comma_separated_file_is_explained(quartier):
    errors = refused(quartier, "indicator_code,value,reference_date,source\nPOP80,8,4,31.12.2025,Melderegister\n")

    assert errors[0].startswith("Zeile 2: Die Zeile hat mehr Spalten als die Kopfzeile. Steht ein Dezimalkomma")


def test_a_file_in_another_encoding_is_refused(quartier):
    content = (HEADER + "POP80;8,4;31.12.2025;Stadtverwaltung Musterstadt\nPOP65;1;31.12.2025;Bürgeramt\n").encode(
        "cp1252"
    )

    assert refused(quartier, content) == [
        "Zeile 3: Die Datei ist nicht UTF-8-kodiert (das erste unlesbare Zeichen steht in Zeile 3). Bitte speichern "
        "Sie sie in Ihrem Tabellenprogramm als „CSV UTF-8“ und laden Sie sie erneut hoch."
    ]


def test_wrong_columns_are_refused_with_what_was_found(quartier):
    errors = refused(quartier, "Code;Wert;Datum\nPOP80;8,4;31.12.2025\n")

    assert errors == [
        "Zeile 1: Die erste Zeile muss die Spalten indicator_code;value;reference_date;source nennen; "
        "dort steht „Code;Wert;Datum“. Bitte verwenden Sie die Vorlage."
    ]


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\n\n  \n"])
def test_an_empty_file_is_refused(quartier, content):
    assert refused(quartier, content) == ["Die Datei ist leer."]


def test_a_header_without_values_is_refused(quartier):
    assert refused(quartier, HEADER) == ["Die Datei enthält die Kopfzeile, aber keine Werte."]


def test_a_10_mb_junk_file_is_refused_by_its_size(quartier):
    errors = refused(quartier, os.urandom(10 * 1024 * 1024))

    assert errors == [
        "Die Datei ist 10,0\xa0MB groß; erlaubt sind höchstens 5,0\xa0MB. Bitte teilen Sie sie auf mehrere Dateien auf."
    ]


def test_binary_junk_within_the_limit_is_refused(quartier):
    assert refused(quartier, b"indicator_code\x00\x00\x01\x02")[0].startswith("Das ist keine CSV-Datei")
    assert refused(quartier, os.urandom(4096) + b"\xff")[0].startswith("Zeile ")  # not UTF-8


def test_a_file_named_xlsx_that_is_no_workbook_is_refused(quartier):
    assert refused(quartier, b"PK\x03\x04 kaputt", "werte.xlsx") == [
        "Die Datei lässt sich nicht als Excel-Arbeitsmappe (XLSX) lesen. Bitte verwenden Sie die Vorlage."
    ]


def test_too_many_rows_are_refused(quartier, monkeypatch):
    monkeypatch.setattr(indicator_parsing, "MAX_ROWS", 3)
    rows = "".join(f"POP80;{n};31.12.{2000 + n};\n" for n in range(4))

    assert refused(quartier, HEADER + rows) == [
        "Die Datei hat mehr als 3 Zeilen. Bitte teilen Sie sie auf mehrere Dateien auf."
    ]


# --- the web import ----------------------------------------------------------------------


def upload(content: bytes | str, name: str = "werte.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content.encode() if isinstance(content, str) else content, "text/csv")


def import_url(quartier) -> str:
    return reverse("indicator_import", args=[quartier.slug])


def test_the_preview_shows_what_would_change_and_changes_nothing(client_for, manager, quartier):
    IndicatorValue.objects.create(
        quartier=quartier, indicator=Indicator.objects.get(code="POP80"), value=8, reference_date=date(2025, 12, 31)
    )
    client = client_for(manager)

    response = client.post(import_url(quartier), {"file": upload(VALID)})

    assert response.status_code == 200
    page = text(response, "preview")
    assert "2 neue, 1 geänderte, 0 unveränderte Werte." in page
    assert "2 Anteil 80 Jahre und älter (POP80) 31.12.2025 8,4 % ersetzt 8 % Melderegister" in page
    assert "3 Anteil 65–79 Jahre (POP65) 31.12.2025 21,5 % neu Melderegister" in page
    assert IndicatorValue.objects.count() == 1

    token = response.context["apply_form"].initial["token"]
    applied = client.post(reverse("indicator_import_apply", args=[quartier.slug]), {"token": token})

    assert applied.status_code == 302
    assert IndicatorValue.objects.count() == 3
    assert "Der Import ist übernommen: 2 neue Werte, 1 aktualisiert, 0 unverändert." in text(
        client.get(applied["Location"])
    )


def test_a_preview_with_errors_offers_no_apply_and_lists_each_line(client_for, manager, quartier):
    content = HEADER + "POP80;8,4;31.12.2025;\nPOP65;viel;31.12.2025;\nXYZ;1;31.12.2025;\n"

    response = client_for(manager).post(import_url(quartier), {"file": upload(content)})

    assert response.status_code == 400
    page = text(response, "preview")
    assert "Nichts wird übernommen: 2 Fehler müssen zuerst behoben werden." in page
    assert "Zeile 3: „viel“ ist keine Zahl." in page
    assert "Zeile 4: Unbekannter Indikator-Code „XYZ“." in page
    assert "Übernehmen" not in page
    assert not IndicatorValue.objects.exists()


def test_a_10_mb_upload_is_refused_in_the_preview(client_for, manager, quartier):
    response = client_for(manager).post(import_url(quartier), {"file": upload(os.urandom(10 * 1024 * 1024))})

    assert response.status_code == 400
    assert "Die Datei ist 10,0 MB groß; erlaubt sind höchstens 5,0 MB." in text(response, "preview")


def test_a_changed_or_foreign_token_applies_nothing(client_for, manager, quartier, other_quartier):
    client = client_for(manager)
    token = client.post(import_url(quartier), {"file": upload(VALID)}).context["apply_form"].initial["token"]
    apply_url = reverse("indicator_import_apply", args=[quartier.slug])
    forged = signing.dumps({"q": other_quartier.pk, "s": [""], "r": [[2, "POP80", "1", "2025-12-31", 0]]})
    theirs = signing.dumps(
        {"q": other_quartier.pk, "s": [""], "r": [[2, "POP80", "1", "2025-12-31", 0]]}, salt=SIGNING_SALT
    )

    for bad in (token[:-3] + "abc", forged, theirs, ""):
        response = client.post(apply_url, {"token": bad})
        assert response.status_code == 400
        assert "Die Vorschau ist abgelaufen oder ungültig." in text(response)

    assert not IndicatorValue.objects.exists()


def test_the_rows_are_checked_again_when_applied(client_for, manager, quartier):
    client = client_for(manager)
    token = client.post(import_url(quartier), {"file": upload(VALID)}).context["apply_form"].initial["token"]
    Indicator.objects.filter(code="GRUSI").update(active=False)  # retired between preview and „Übernehmen“

    response = client.post(reverse("indicator_import_apply", args=[quartier.slug]), {"token": token})

    assert response.status_code == 400
    assert "Zeile 4: Der Indikator „GRUSI“ nimmt keine neuen Werte mehr an." in text(response)
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize("role", ["viewer", "partner", "coordinator", "developer"])
def test_readers_cannot_preview_or_apply(client_for, quartier, role, request):
    client = client_for(request.getfixturevalue(role))
    token = signing.dumps(
        {"q": quartier.pk, "s": [""], "r": [[2, "POP80", "1", "2025-12-31", 0]]}, salt=SIGNING_SALT, compress=True
    )

    preview = client.post(import_url(quartier), {"file": upload(VALID)})
    applied = client.post(reverse("indicator_import_apply", args=[quartier.slug]), {"token": token})

    assert (preview.status_code, applied.status_code) == (403, 403)
    assert not IndicatorValue.objects.exists()


def test_the_templates_download_and_import_as_they_are(client_for, viewer, manager, quartier):
    csv_response = client_for(viewer).get(reverse("indicator_template_csv", args=[quartier.slug]))
    xlsx_response = client_for(viewer).get(reverse("indicator_template_xlsx", args=[quartier.slug]))

    assert csv_response.content.decode("utf-8").splitlines() == [
        "\ufeffindicator_code;value;reference_date;source",
        "POP80;8,4;31.12.2025;Melderegister",
    ]
    assert "attachment" in xlsx_response["Content-Disposition"]
    assert run(quartier, csv_response.content).new == 1
    IndicatorValue.objects.all().delete()
    assert run(quartier, xlsx_response.content, "vorlage.xlsx").new == 1
    assert values(quartier) == {("POP80", date(2025, 12, 31)): (Decimal("8.4"), "Melderegister")}


# --- the command -------------------------------------------------------------------------


def test_the_command_applies_a_file_and_says_what_it_did(quartier, tmp_path):
    path = tmp_path / "werte.csv"
    path.write_text(VALID, encoding="utf-8")
    out = io.StringIO()

    call_command("import_indicators", "--quartier", quartier.slug, str(path), stdout=out)

    assert "Altstadt: 3 neue Werte, 0 aktualisiert, 0 unverändert." in out.getvalue()
    assert IndicatorValue.objects.count() == 3


def test_the_command_refuses_a_bad_file_with_each_row_error_on_stderr(quartier, tmp_path):
    path = tmp_path / "werte.csv"
    path.write_text(HEADER + "POP80;8,4;31.12.2025;\nPOP65;viel;31.12.2025;\nXYZ;1;1.1.2024;\n", encoding="utf-8")
    err = io.StringIO()

    with pytest.raises(CommandError, match="Nichts übernommen: 2 Fehler"):
        call_command("import_indicators", "--quartier", quartier.slug, str(path), stderr=err)

    assert err.getvalue().splitlines() == [
        "Zeile 3: „viel“ ist keine Zahl.",
        "Zeile 4: Unbekannter Indikator-Code „XYZ“.",
    ]
    assert not IndicatorValue.objects.exists()


def test_the_command_refuses_a_huge_file_before_reading_it_and_an_unknown_quartier(quartier, tmp_path):
    path = tmp_path / "gross.csv"
    with path.open("wb") as fh:
        fh.truncate(10 * 1024 * 1024)
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_indicators", "--quartier", quartier.slug, str(path), stderr=err)
    with pytest.raises(CommandError, match="Kein Quartier"):
        call_command("import_indicators", "--quartier", "gibt-es-nicht", str(path))

    assert "erlaubt sind höchstens 5,0\xa0MB" in err.getvalue()


def test_the_preview_reports_new_and_known_values(quartier):
    run(quartier, HEADER + "POP80;8;31.12.2025;\n")

    preview = indicator_import_preview(quartier=quartier, content=VALID.encode())

    assert (preview.new, preview.updated, preview.unchanged, preview.ok) == (2, 1, 0, True)
