"""Small but real files of every accepted type, and a few impostors, built in memory."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

CONTENT_TYPES_XML = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def pdf_bytes() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def _image(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "navy").save(buffer, fmt)
    return buffer.getvalue()


def png_bytes() -> bytes:
    return _image("PNG")


def jpeg_bytes() -> bytes:
    return _image("JPEG")


def _zip(entries: list[tuple[str, str]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            # OpenDocument wants its "mimetype" entry first and uncompressed.
            method = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    return buffer.getvalue()


def docx_bytes() -> bytes:
    return _zip(
        [
            ("[Content_Types].xml", CONTENT_TYPES_XML),
            ("_rels/.rels", "<Relationships/>"),
            ("word/document.xml", "<w:document/>"),
        ]
    )


def xlsx_bytes() -> bytes:
    return _zip(
        [
            ("[Content_Types].xml", CONTENT_TYPES_XML),
            ("_rels/.rels", "<Relationships/>"),
            ("xl/workbook.xml", "<workbook/>"),
        ]
    )


def odt_bytes() -> bytes:
    return _zip(
        [
            ("mimetype", "application/vnd.oasis.opendocument.text"),
            ("META-INF/manifest.xml", "<manifest:manifest/>"),
            ("content.xml", "<office:document-content/>"),
        ]
    )


def plain_zip_bytes() -> bytes:
    return _zip([("notes.txt", "nur ein Archiv")])


def exe_bytes() -> bytes:
    # The DOS header every Windows program starts with.
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 240


def html_bytes() -> bytes:
    return b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


ACCEPTED = [
    ("protokoll.pdf", pdf_bytes, "application/pdf"),
    ("karte.png", png_bytes, "image/png"),
    ("foto.jpg", jpeg_bytes, "image/jpeg"),
    ("foto.JPEG", jpeg_bytes, "image/jpeg"),
    ("konzept.docx", docx_bytes, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("finanzplan.xlsx", xlsx_bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("leitbild.odt", odt_bytes, "application/vnd.oasis.opendocument.text"),
]


def bomb_bytes(*, member: str, unpacked_mb: int, office: str = "odt") -> bytes:
    """A small archive with one member that unpacks to `unpacked_mb` megabytes of zeros.

    Written in chunks, so building it costs no more memory than the file itself.
    """
    buffer = io.BytesIO()
    chunk = b"\0" * (1024 * 1024)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        if office == "docx":
            archive.writestr("[Content_Types].xml", CONTENT_TYPES_XML)
        # force_zip64: the declared size goes into the header before the data is written.
        with archive.open(member, "w", force_zip64=True) as target:
            for _ in range(unpacked_mb):
                target.write(chunk)
        if office == "docx" and member != "word/document.xml":
            archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()
