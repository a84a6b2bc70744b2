"""Checks an upload by its content, not only its name."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
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
ZIP_MAX_MEMBER_BYTES = 100 * 1024 * 1024
ZIP_MAX_TOTAL_BYTES = 200 * 1024 * 1024
ZIP_MAX_RATIO = 100
# Below this size a high ratio is harmless (a short run of spaces compresses 1:200).
ZIP_RATIO_FLOOR_BYTES = 1024 * 1024


def _archive_refused() -> ValidationError:
    return ValidationError(
        _(
            "This file unpacks to an unusually large size and may be a “ZIP bomb”. "
            "Please save the document again in your office program and upload it once more."
        ),
        code="archive",
    )


def _check_archive(archive: zipfile.ZipFile) -> None:
    """Refuse archives whose declared sizes are absurd, before anything is unpacked."""
    members = archive.infolist()
    if len(members) > ZIP_MAX_MEMBERS:
        raise _archive_refused()
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        too_compressed = member.file_size > ZIP_RATIO_FLOOR_BYTES and ratio > ZIP_MAX_RATIO
        if member.file_size > ZIP_MAX_MEMBER_BYTES or too_compressed or total > ZIP_MAX_TOTAL_BYTES:
            raise _archive_refused()


def _office_type(upload: UploadedFile) -> str | None:
    """Office files are ZIP containers: look inside for the part that makes each format.

    Raises ValidationError for an archive that would unpack to an absurd size.
    """
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            _check_archive(archive)
            names = set(archive.namelist())
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size > MIMETYPE_MAX_BYTES:
                    raise _archive_refused()
                # Bounded read: the declared size may lie, the decompressor gives no more than asked.
                with archive.open(info) as member:
                    raw = member.read(MIMETYPE_MAX_BYTES + 1)
                if len(raw) > MIMETYPE_MAX_BYTES:
                    raise _archive_refused()
                mimetype = raw.decode("ascii", "replace").strip()
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
