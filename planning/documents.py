"""Checks an upload by its content, not only its name."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

# Detected content type → extensions a file of that type may carry.
ALLOWED_TYPES: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
    "application/vnd.oasis.opendocument.text": (".odt",),
}
ALLOWED_LABEL = "PDF, PNG, JPEG, DOCX, XLSX, ODT"


# Limits for looking inside ZIP containers. Real office files are far below them; a "ZIP bomb"
# (a small file that unpacks to gigabytes) is far above. Only the OpenDocument "mimetype" entry
# is ever unpacked, and at most MIMETYPE_MAX_BYTES of it.
MIMETYPE_MAX_BYTES = 1024
ZIP_MAX_MEMBERS = 5_000
# The directory lists every member (46 bytes and the name each); 5,000 members with long
# names take well under 2 MiB. Checked before zipfile reads the directory into memory.
ZIP_MAX_DIRECTORY_BYTES = 2 * 1024 * 1024
ZIP_MAX_MEMBER_BYTES = 100 * 1024 * 1024
ZIP_MAX_TOTAL_BYTES = 200 * 1024 * 1024
ZIP_MAX_RATIO = 100
# Below this size a high ratio is harmless (a short run of spaces compresses 1:200).
ZIP_RATIO_FLOOR_BYTES = 1024 * 1024
# Packing can make data a little larger than it was (deflate's stored blocks add 5 bytes per
# 64 KiB, encryption 12 bytes); a member packed far larger than it claims to unpack lies about its size.
ZIP_PACKING_OVERHEAD_BYTES = 1024

# The End Of Central Directory record, at most a 64 KiB comment before the end of the file.
_EOCD = struct.Struct("<4s4H2LH")
_EOCD_SIGNATURE = b"PK\x05\x06"
_EOCD_SEARCH_BYTES = 65_535 + _EOCD.size
# ZIP64: a locator right before the record points to a larger record with 8-byte counts.
_ZIP64_LOCATOR = struct.Struct("<4sLQL")
_ZIP64_LOCATOR_SIGNATURE = b"PK\x06\x07"
_ZIP64_EOCD = struct.Struct("<4sQ2H2L4Q")
_ZIP64_EOCD_SIGNATURE = b"PK\x06\x06"
# The header in front of each member's packed bytes; its last two fields are the lengths of
# the name and the extra field that follow it.
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_LOCAL_HEADER_SIGNATURE = b"PK\x03\x04"


def _archive_refused() -> ValidationError:
    return ValidationError(
        _(
            "This file unpacks to an unusually large size and may be a “ZIP bomb”. "
            "Please save the document again in your office program and upload it once more."
        ),
        code="archive",
    )


def _too_many_members() -> ValidationError:
    return ValidationError(
        _(
            "This file consists of more than %(max)s parts, far more than an office document has. "
            "Please save the document again in your office program and upload it once more."
        )
        % {"max": number_format(ZIP_MAX_MEMBERS, force_grouping=True)},
        code="archive_members",
    )


def _sizes_lie() -> ValidationError:
    return ValidationError(
        _(
            "The sizes recorded inside this file are not right; it may be damaged or a “ZIP bomb”. "
            "Please save the document again in your office program and upload it once more."
        ),
        code="archive_sizes",
    )


def _check_directory(upload: UploadedFile) -> None:
    """Refuse an archive with too many members from its last bytes, before zipfile reads them all.

    Raises zipfile.BadZipFile when the file has no readable end record.
    """
    upload.seek(0, io.SEEK_END)
    size = upload.tell()
    start = max(size - _EOCD_SEARCH_BYTES, 0)
    upload.seek(start)
    tail = upload.read(size - start)
    at = tail.rfind(_EOCD_SIGNATURE)
    if at < 0 or at + _EOCD.size > len(tail):
        raise zipfile.BadZipFile("no end of central directory")
    fields = _EOCD.unpack_from(tail, at)
    members, directory_bytes = fields[4], fields[5]
    locator_at = at - _ZIP64_LOCATOR.size
    if locator_at >= 0 and tail[locator_at : locator_at + 4] == _ZIP64_LOCATOR_SIGNATURE:
        record_offset = _ZIP64_LOCATOR.unpack_from(tail, locator_at)[2]
        upload.seek(record_offset)
        record = upload.read(_ZIP64_EOCD.size)
        if len(record) < _ZIP64_EOCD.size or record[:4] != _ZIP64_EOCD_SIGNATURE:
            raise zipfile.BadZipFile("broken ZIP64 end record")
        fields = _ZIP64_EOCD.unpack(record)
        members, directory_bytes = fields[7], fields[8]
    if members > ZIP_MAX_MEMBERS or directory_bytes > ZIP_MAX_DIRECTORY_BYTES:
        raise _too_many_members()


def _check_archive(archive: zipfile.ZipFile) -> None:
    """Refuse archives whose declared sizes are absurd or lie, before anything is unpacked."""
    members = archive.infolist()
    if len(members) > ZIP_MAX_MEMBERS:
        raise _too_many_members()
    total = 0
    for member in members:
        if member.compress_size > member.file_size + member.file_size // 1000 + ZIP_PACKING_OVERHEAD_BYTES:
            raise _sizes_lie()
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        too_compressed = member.file_size > ZIP_RATIO_FLOOR_BYTES and ratio > ZIP_MAX_RATIO
        if member.file_size > ZIP_MAX_MEMBER_BYTES or too_compressed or total > ZIP_MAX_TOTAL_BYTES:
            raise _archive_refused()


def _read_mimetype(upload: UploadedFile, info: zipfile.ZipInfo) -> bytes:
    """The "mimetype" entry, unpacked to at most MIMETYPE_MAX_BYTES whatever its header declares.

    zipfile's reader stops at the declared size, so a header that understates it would hide
    what follows; here the packed bytes are unpacked by hand and anything beyond the cap refuses.
    """
    if info.file_size > MIMETYPE_MAX_BYTES or info.compress_size > MIMETYPE_MAX_BYTES + ZIP_PACKING_OVERHEAD_BYTES:
        raise _archive_refused()
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or info.flag_bits & 0x1:
        return b""  # encrypted or an unusual method: not a mimetype an office program wrote
    upload.seek(info.header_offset)
    header = upload.read(_LOCAL_HEADER.size)
    if len(header) < _LOCAL_HEADER.size or header[:4] != _LOCAL_HEADER_SIGNATURE:
        raise zipfile.BadZipFile("broken local header")
    name_bytes, extra_bytes = _LOCAL_HEADER.unpack(header)[-2:]
    upload.seek(info.header_offset + _LOCAL_HEADER.size + name_bytes + extra_bytes)
    packed = upload.read(info.compress_size)
    if info.compress_type == zipfile.ZIP_STORED:
        raw = packed
    else:
        unpacker = zlib.decompressobj(-zlib.MAX_WBITS)
        raw = unpacker.decompress(packed, MIMETYPE_MAX_BYTES + 1)
        if unpacker.unconsumed_tail or not unpacker.eof:
            raise _archive_refused()  # more would follow, or the stream is cut short
    if len(raw) > MIMETYPE_MAX_BYTES or len(raw) != info.file_size:
        raise _sizes_lie()
    return raw


def _office_type(upload: UploadedFile) -> str | None:
    """Office files are ZIP containers: look inside for the part that makes each format.

    Raises ValidationError for an archive that would unpack to an absurd size.
    """
    upload.seek(0)
    try:
        _check_directory(upload)
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            _check_archive(archive)
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = _read_mimetype(upload, archive.getinfo("mimetype")).decode("ascii", "replace").strip()
                return mimetype if mimetype in ALLOWED_TYPES else None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, RuntimeError, EOFError, OSError, ValueError):
        # Broken, encrypted or oddly compressed archives are simply not an office file.
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" in names:
        if "word/document.xml" in names:
            return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        if "xl/workbook.xml" in names:
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return None


def detect_type(upload: UploadedFile) -> str | None:
    """The content type of the upload, if it is one we accept; ValidationError for a ZIP bomb."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime in ("application/zip", None) or (mime and mime.startswith("application/vnd.")):
        return _office_type(upload)
    return mime if mime in ALLOWED_TYPES else None


def validate_upload(upload: UploadedFile) -> str:
    """Return the detected content type, or raise ValidationError saying why the file is refused."""
    if upload.size is None or upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > settings.DOCUMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s large; at most %(max)s are allowed.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(settings.DOCUMENT_MAX_BYTES)},
            code="too_large",
        )
    mime = detect_type(upload)
    if mime is None:
        raise ValidationError(
            _("This file type is not allowed. Allowed are: %(types)s.") % {"types": ALLOWED_LABEL},
            code="type",
        )
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in ALLOWED_TYPES[mime]:
        raise ValidationError(
            _("The file's content does not match its name ending “%(ext)s”.") % {"ext": extension or "–"},
            code="mismatch",
        )
    return mime
