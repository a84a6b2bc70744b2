"""Uploads are judged by their content: the allowed types, their name endings, size and emptiness."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from planning.documents import detect_type, validate_upload

from .uploads import (
    ACCEPTED,
    docx_bytes,
    exe_bytes,
    html_bytes,
    odt_bytes,
    pdf_bytes,
    plain_zip_bytes,
    png_bytes,
    upload,
    xlsx_bytes,
)


@pytest.mark.parametrize(("name", "make", "mime"), ACCEPTED)
def test_real_files_of_every_allowed_type_are_accepted(name, make, mime):
    assert validate_upload(upload(name, make())) == mime


def test_the_upload_can_be_read_from_the_start_after_the_check():
    file = upload("leitbild.odt", odt_bytes())

    validate_upload(file)

    assert file.read() == odt_bytes()


@pytest.mark.parametrize(
    ("name", "content", "code", "german"),
    [
        ("programm.pdf", exe_bytes(), "type", "Dieser Dateityp ist nicht erlaubt"),
        ("seite.pdf", html_bytes(), "type", "Dieser Dateityp ist nicht erlaubt"),
        ("archiv.docx", plain_zip_bytes(), "type", "Dieser Dateityp ist nicht erlaubt"),
        ("protokoll.png", pdf_bytes(), "mismatch", "passt nicht zur Dateiendung „.png“"),
        ("karte.pdf", png_bytes(), "mismatch", "passt nicht zur Dateiendung „.pdf“"),
        ("tabelle.docx", xlsx_bytes(), "mismatch", "passt nicht zur Dateiendung „.docx“"),
        ("brief.odt", docx_bytes(), "mismatch", "passt nicht zur Dateiendung „.odt“"),
        ("protokoll", pdf_bytes(), "mismatch", "passt nicht zur Dateiendung „–“"),
        ("leer.pdf", b"", "empty", "Die Datei ist leer."),
    ],
)
def test_impostors_and_empty_files_are_refused_with_a_reason(name, content, code, german):
    with pytest.raises(ValidationError) as refused:
        validate_upload(upload(name, content))

    assert refused.value.code == code
    assert german in refused.value.messages[0]


def test_an_odt_needs_its_mimetype_entry():
    assert detect_type(upload("brief.odt", odt_bytes())) == "application/vnd.oasis.opendocument.text"
    # Without the OpenDocument "mimetype" entry it is just a ZIP archive.
    assert detect_type(upload("brief.odt", plain_zip_bytes())) is None


@override_settings(DOCUMENT_MAX_BYTES=1024)
def test_files_over_the_limit_are_refused_with_both_sizes_named():
    content = pdf_bytes()
    content += b"%" * (3072 - len(content))

    with pytest.raises(ValidationError) as refused:
        validate_upload(upload("plan.pdf", content))

    assert refused.value.code == "too_large"
    # Django writes sizes the German way, with a non-breaking space before the unit.
    assert refused.value.messages[0] == "Die Datei ist 3,0\xa0KB groß. Erlaubt sind höchstens 1,0\xa0KB."


@override_settings(DOCUMENT_MAX_BYTES=1024)
def test_a_file_exactly_at_the_limit_is_accepted():
    content = pdf_bytes()
    content += b"%" * (1024 - len(content))

    assert validate_upload(upload("plan.pdf", content)) == "application/pdf"
