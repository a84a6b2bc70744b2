"""Small but real files of every accepted type, and a few impostors, built in memory."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

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


def lying_zip_bytes(*, name: str, content: bytes, declared: bytes, extra: list[tuple[str, str]] = ()) -> bytes:
    """An archive whose member `name` unpacks to `content` but whose headers claim `declared`.

    Size and checksum are patched in the local header and in the directory, as a forger would.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
        for other, data in extra:
            archive.writestr(other, data)
    data = bytearray(buffer.getvalue())
    crc = zlib.crc32(declared)
    struct.pack_into("<L", data, 14, crc)  # local header: CRC, then packed and unpacked size
    struct.pack_into("<L", data, 22, len(declared))
    directory = data.rfind(b"PK\x01\x02", 0, data.rfind(b"PK\x05\x06"))
    while data[directory + 46 : directory + 46 + len(name)] != name.encode():
        directory = data.rfind(b"PK\x01\x02", 0, directory)
    struct.pack_into("<L", data, directory + 16, crc)
    struct.pack_into("<L", data, directory + 24, len(declared))
    return bytes(data)


def directory_only_zip_bytes(*, members: int, declared_members: int | None = None, zip64: bool = False) -> bytes:
    """Nothing but a long central directory of empty one-letter members, and its end record.

    Built by hand: writing hundreds of thousands of members with zipfile takes too long.
    """
    entry = struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0) + b"0"
    directory = entry * members
    count = members if declared_members is None else declared_members
    end = b""
    if zip64:
        record = struct.pack("<4sQ2H2L4Q", b"PK\x06\x06", 44, 45, 45, 0, 0, count, count, len(directory), 0)
        end += record + struct.pack("<4sLQL", b"PK\x06\x07", 0, len(directory), 1)
        count = 0xFFFF
    end += struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, min(count, 0xFFFF), min(count, 0xFFFF), len(directory), 0, 0)
    return directory + end
