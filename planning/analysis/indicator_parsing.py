"""Reading indicator files and the numbers and dates in them, as people type them in Germany
and elsewhere. Every refusal is a German sentence a user can act on.

Limits: the file's size, its number of rows and the length of each cell; an XLSX file is
checked as an archive (no ZIP bombs) before openpyxl opens it, in read-only mode.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from planning.documents import detect_type

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
MAX_CELL_CHARS = 300  # the longest a source may be; codes, numbers and dates are far shorter
COLUMNS = ("indicator_code", "value", "reference_date", "source")
REQUIRED_COLUMNS = COLUMNS[:3]
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The value column: ten digits before the decimal separator, four after it (the model's field).
INTEGER_DIGITS = 10
DECIMAL_PLACES = 4
EARLIEST_YEAR, LATEST_YEAR = 1900, 2100

_GERMAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?")
_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009'")


class InvalidCell(ValueError):
    """A cell that cannot be read; the message says why, in German."""


class ImportFileError(Exception):
    """The file as a whole cannot be read; nothing in it is applied."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class RawRow:
    """One data row as read: its line in the file and its four cells (text, number or date)."""

    line: int
    cells: tuple[Any, Any, Any, Any]
    extra_cells: int = 0  # cells beyond the four columns


def cell_text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat(sep=" ")
    return str(cell).strip()


def _digit_groups_ok(groups: list[str]) -> bool:
    """1.234.567: a first group of one to three digits, then groups of exactly three."""
    first, rest = groups[0], groups[1:]
    return 1 <= len(first) <= 3 and first.isdigit() and all(len(g) == 3 and g.isdigit() for g in rest)


def parse_number(text: str) -> Decimal:
    """„21,5“, „21.5“, „1.234,5“, „1,234.5“, „-3“ → a Decimal with at most four decimal places.

    One comma or one point is the decimal separator; where both occur, the last one is, and
    the other groups the thousands. Several of the same (1.234.567) group thousands.
    """
    shown = text.strip()
    s = shown.translate(_SPACES).replace("\u2212", "-")
    if not s:
        raise InvalidCell(_("The value is missing."))
    sign = ""
    if s[0] in "+-":
        sign, s = s[0], s[1:]
    not_a_number = InvalidCell(_("“%(text)s” is not a number.") % {"text": shown[:40]})
    if not s or not set(s) <= set("0123456789.,"):
        raise not_a_number
    if "," in s and "." in s:
        decimal_sep = "," if s.rfind(",") > s.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        integer, _sep, fraction = s.rpartition(decimal_sep)
        if decimal_sep in integer or thousands in fraction or not _digit_groups_ok(integer.split(thousands)):
            raise not_a_number
    elif "," in s or "." in s:
        sep = "," if "," in s else "."
        if s.count(sep) == 1:
            integer, _sep, fraction = s.partition(sep)
        else:
            integer, fraction = s, ""
            if not _digit_groups_ok(s.split(sep)):
                raise not_a_number
            integer = integer.replace(sep, "")
    else:
        integer, fraction = s, ""
    integer = integer.replace(",", "").replace(".", "") or "0"
    if not integer.isdigit() or (fraction and not fraction.isdigit()) or s.endswith((",", ".")):
        raise not_a_number
    return fit_number(Decimal(f"{sign}{integer}.{fraction or '0'}"))


def fit_number(number: Decimal) -> Decimal:
    """Round to four decimal places; refuse what the column cannot hold."""
    try:
        fitted = number.quantize(Decimal(1).scaleb(-DECIMAL_PLACES), rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:
        raise InvalidCell(_("The value is too large.")) from exc
    if not fitted.is_finite() or abs(fitted) >= Decimal(10) ** INTEGER_DIGITS:
        raise InvalidCell(
            _("The value is too large: at most %(digits)s digits before the decimal separator.")
            % {"digits": INTEGER_DIGITS}
        )
    return fitted


def number_from_cell(cell: Any) -> Decimal:
    if isinstance(cell, (bool, datetime, date)):
        raise InvalidCell(_("“%(text)s” is not a number.") % {"text": cell_text(cell)[:40]})
    if isinstance(cell, (int, float)):
        try:
            # repr of a float is its shortest exact form: 0.1 stays 0.1, not 0.1000000000000000055…
            return fit_number(Decimal(repr(cell) if isinstance(cell, float) else cell))
        except InvalidOperation as exc:
            raise InvalidCell(_("“%(text)s” is not a number.") % {"text": cell}) from exc
    return parse_number(cell_text(cell))


def parse_date(text: str) -> date:
    """„31.12.2024“ (also 1.3.2024) or „2024-12-31“."""
    s = text.strip()
    if not s:
        raise InvalidCell(_("The reference date is missing."))
    if match := _GERMAN_DATE.fullmatch(s):
        day, month, year = (int(g) for g in match.groups())
    elif match := _ISO_DATE.fullmatch(s):
        year, month, day = (int(g) for g in match.groups())
    else:
        raise InvalidCell(
            _("“%(text)s” is not a date; please write it as DD.MM.YYYY or YYYY-MM-DD.") % {"text": s[:40]}
        )
    try:
        parsed = date(year, month, day)
    except ValueError as exc:
        raise InvalidCell(_("“%(text)s” is not a valid date.") % {"text": s}) from exc
    return check_year(parsed)


def check_year(day: date) -> date:
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise InvalidCell(
            _("The reference date must lie between %(first)s and %(last)s.")
            % {"first": EARLIEST_YEAR, "last": LATEST_YEAR}
        )
    return day


def date_from_cell(cell: Any) -> date:
    if isinstance(cell, datetime):
        return check_year(cell.date())
    if isinstance(cell, date):
        return check_year(cell)
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        raise InvalidCell(
            _("“%(text)s” is not a date; please format the column as a date or write DD.MM.YYYY.") % {"text": cell}
        )
    return parse_date(cell_text(cell))


# --- the file --------------------------------------------------------------------------------


def _too_large(size: int) -> ImportFileError:
    return ImportFileError(
        _("The file is %(size)s large; at most %(max)s are allowed. Please split it into several files.")
        % {"size": filesizeformat(size), "max": filesizeformat(MAX_BYTES)}
    )


def check_size(size: int) -> None:
    if size == 0:
        raise ImportFileError(_("The file is empty."))
    if size > MAX_BYTES:
        raise _too_large(size)


def _check_header(cells: list[Any]) -> int:
    """The number of columns the header names; ImportFileError unless it is ours."""
    names = [cell_text(c).lower() for c in cells]
    while names and not names[-1]:
        names.pop()
    if tuple(names) not in (COLUMNS, REQUIRED_COLUMNS):
        found = ";".join(cell_text(c) for c in cells)[:120] or _("(empty)")
        raise ImportFileError(
            _("The first line must name the columns %(expected)s; it reads “%(found)s”. Please use the template file.")
            % {"expected": ";".join(COLUMNS), "found": found},
            line=1,
        )
    return len(names)


def _too_many_rows() -> ImportFileError:
    return ImportFileError(
        _("The file has more than %(max)s rows. Please split it into several files.")
        % {"max": number_format(MAX_ROWS, force_grouping=True)}
    )


def _row(line: int, cells: list[Any], width: int) -> RawRow | None:
    """A data row, or None for an empty line."""
    while cells and cell_text(cells[-1]) == "":
        cells.pop()
    if not cells:
        return None
    padded = (list(cells[:width]) + [None] * 4)[:4]
    return RawRow(line, tuple(padded), extra_cells=max(len(cells) - width, 0))  # type: ignore[arg-type]


def _csv_rows(content: bytes) -> list[RawRow]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = content[: exc.start].count(b"\n") + 1
        raise ImportFileError(
            _(
                "The file is not encoded as UTF-8 (the first unreadable character is in line %(line)s). "
                "Please save it in your spreadsheet program as “CSV UTF-8” and upload it again."
            )
            % {"line": line},
            line=line,
        ) from exc
    if "\x00" in text:
        raise ImportFileError(_("This is not a CSV file: it contains binary data. Please use the template file."))
    if not text.strip():
        raise ImportFileError(_("The file is empty."))
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") and ";" in first_line else ","
    if ";" not in first_line and "," not in first_line and "\t" in first_line:
        delimiter = "\t"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[RawRow] = []
    width = 0
    try:
        for cells in reader:
            if not width:
                if not any(c.strip() for c in cells):
                    continue  # blank lines before the header
                width = _check_header(cells)
                continue
            row = _row(reader.line_num, cells, width)
            if row is None:
                continue
            if len(rows) >= MAX_ROWS:
                raise _too_many_rows()
            rows.append(row)
    except csv.Error as exc:
        raise ImportFileError(
            _("Line %(line)s cannot be read: %(reason)s") % {"line": reader.line_num + 1, "reason": exc},
            line=reader.line_num + 1,
        ) from exc
    return rows


def _xlsx_rows(content: bytes, filename: str) -> list[RawRow]:
    import openpyxl  # only here: loading it costs time every CSV import can spare

    not_xlsx = ImportFileError(_("The file cannot be read as an Excel workbook (XLSX). Please use the template file."))
    try:
        kind = detect_type(SimpleUploadedFile(filename or "upload.xlsx", content))
    except ValidationError as exc:
        raise ImportFileError(exc.messages[0]) from exc
    if kind != XLSX_TYPE:
        raise not_xlsx
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise not_xlsx from exc
    try:
        if not workbook.worksheets:
            raise not_xlsx
        rows: list[RawRow] = []
        width = 0
        for line, values in enumerate(workbook.worksheets[0].iter_rows(values_only=True), start=1):
            cells = list(values)
            if not width:
                if not any(cell_text(c) for c in cells):
                    continue
                width = _check_header(cells)
                continue
            row = _row(line, cells, width)
            if row is None:
                continue
            if len(rows) >= MAX_ROWS:
                raise _too_many_rows()
            rows.append(row)
    except (KeyError, OSError, ValueError, TypeError, zipfile.BadZipFile) as exc:
        raise not_xlsx from exc
    finally:
        workbook.close()
    if not width:
        raise ImportFileError(_("The file is empty."))
    return rows


def read_rows(content: bytes, filename: str = "") -> list[RawRow]:
    """The data rows of a CSV or XLSX file (told apart by content, not by name)."""
    check_size(len(content))
    if content.startswith(b"PK\x03\x04") or filename.lower().endswith(".xlsx"):
        rows = _xlsx_rows(content, filename)
    else:
        rows = _csv_rows(content)
    if not rows:
        raise ImportFileError(_("The file contains the header but no values."))
    return rows
