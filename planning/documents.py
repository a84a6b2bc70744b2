"""Checks an upload by its content, not only its name."""

from __future__ import annotations

import zipfile
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


def _office_type(upload: UploadedFile) -> str | None:
    """Office files are ZIP containers: look inside for the part that makes each format."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                return mimetype if mimetype in ALLOWED_TYPES else None
    except (zipfile.BadZipFile, OSError, ValueError):
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
