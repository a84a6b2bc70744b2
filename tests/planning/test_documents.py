"""Uploads are judged by their content: the allowed types, their name endings, size and emptiness."""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from planning.documents import detect_type, validate_upload

from .uploads import (
    ACCEPTED,
    bomb_bytes,
    directory_only_zip_bytes,
    docx_bytes,
    exe_bytes,
    html_bytes,
    lying_zip_bytes,
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


BOMB_REFUSAL = "Diese Datei entpackt sich zu einer ungewöhnlichen Größe"


@pytest.mark.parametrize(
    ("name", "member", "office"),
    [
        ("leitbild.odt", "mimetype", "odt"),
        ("konzept.docx", "word/document.xml", "docx"),
        ("konzept.docx", "docProps/thumbnail.jpeg", "docx"),
    ],
)
def test_a_zip_bomb_is_refused_without_unpacking_it(name, member, office):
    content = bomb_bytes(member=member, unpacked_mb=200, office=office)
    assert len(content) < 400_000  # 200 MB packed into a few hundred kilobytes

    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as refused:
            validate_upload(upload(name, content))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert refused.value.code == "archive"
    assert BOMB_REFUSAL in refused.value.messages[0]
    assert peak < 50 * 1024 * 1024


def test_an_oversized_mimetype_entry_is_refused_even_when_it_packs_poorly():
    # Not compressed at all, so the ratio looks harmless; the entry is still far too long.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text" + " " * 5000)

    with pytest.raises(ValidationError) as refused:
        validate_upload(upload("brief.odt", buffer.getvalue()))

    assert refused.value.code == "archive"


ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
SIZES_REFUSAL = "Die in dieser Datei vermerkten Größen stimmen nicht"
MEMBERS_REFUSAL = "Diese Datei besteht aus mehr als 5.000 Teilen"


def _refusal(content: bytes, name: str) -> tuple[ValidationError, int]:
    """The refusal of the upload and the peak memory the check took."""
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError) as refused:
            validate_upload(upload(name, content))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return refused.value, peak


def test_a_docx_member_that_declares_ten_bytes_but_unpacks_to_megabytes_is_refused():
    content = lying_zip_bytes(
        name="word/media/bild.bin",
        content=b"\0" * (20 * 1024 * 1024),
        declared=b"0123456789",
        extra=[("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")],
    )

    refused, peak = _refusal(content, "konzept.docx")

    assert refused.code == "archive_sizes"
    assert SIZES_REFUSAL in refused.messages[0]
    assert peak < 50 * 1024 * 1024


def test_an_odt_mimetype_that_declares_39_bytes_but_unpacks_to_megabytes_is_refused():
    content = lying_zip_bytes(name="mimetype", content=ODT_MIMETYPE + b" " * (20 * 1024 * 1024), declared=ODT_MIMETYPE)

    refused, peak = _refusal(content, "leitbild.odt")

    assert refused.code == "archive_sizes"
    assert peak < 50 * 1024 * 1024


def test_the_mimetype_is_read_with_a_hard_cap_even_when_it_packs_small_enough_to_pass():
    # 100 KB of spaces pack into about 150 bytes: the packed size alone gives nothing away.
    content = lying_zip_bytes(
        name="mimetype",
        content=ODT_MIMETYPE + b" " * 100_000,
        declared=ODT_MIMETYPE,
        extra=[("content.xml", "<office:document-content/>")],
    )

    with pytest.raises(ValidationError) as refused:
        validate_upload(upload("leitbild.odt", content))

    assert refused.value.code == "archive"


@pytest.mark.parametrize(
    ("members", "declared_members", "zip64"),
    [(380_000, None, False), (380_000, 10, False), (6_000, None, True)],
    ids=["count over the limit", "a small count but a huge directory", "zip64 count over the limit"],
)
def test_an_archive_with_too_many_members_is_refused_from_its_end_record(members, declared_members, zip64):
    content = directory_only_zip_bytes(members=members, declared_members=declared_members, zip64=zip64)

    refused, peak = _refusal(content, "konzept.docx")

    assert refused.code == "archive_members"
    assert MEMBERS_REFUSAL in refused.messages[0]
    assert peak < 50 * 1024 * 1024


@pytest.mark.django_db
def test_the_bomb_refusal_is_shown_on_the_documents_page(client_for, manager, quartier):
    client = client_for(manager)
    content = bomb_bytes(member="mimetype", unpacked_mb=20)

    response = client.post(f"/q/{quartier.slug}/dokumente/", {"file": upload("leitbild.odt", content)})

    assert response.status_code == 400
    assert BOMB_REFUSAL in response.content.decode()
    assert not quartier.documents.exists()
