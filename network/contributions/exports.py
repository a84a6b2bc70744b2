"""Contributions as CSV (semicolon, UTF-8 with BOM, as Excel opens it) and XLSX: single entries
for those who may read them, the confirmed totals for everyone else."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .models import Contribution
from .selectors import UNIT_SUFFIX, Summary


def entry_headers() -> list[str]:
    return [
        _("Date"),
        _("Partner"),
        _("Kind"),
        pgettext("contribution", "Amount"),
        _("Unit"),
        _("Measure"),
        _("Description"),
        _("Status"),
        _("Reason for returning"),
    ]


def entry_rows(entries: QuerySet[Contribution]) -> Iterator[list[object]]:
    for c in entries.select_related("kind", "partner", "measure").iterator(chunk_size=500):
        yield [
            c.date,
            c.partner.name,
            c.kind.title,
            c.amount,
            str(UNIT_SUFFIX.get(c.kind.unit, "")),
            c.measure.title if c.measure else "",
            c.description,
            c.get_status_display(),
            c.return_reason,
        ]


def total_headers() -> list[str]:
    return [
        _("Summary"),
        _("Name"),
        pgettext("contribution", "Amount"),
        _("Unit"),
        _("Hours"),
        _("Euros"),
        _("Entries"),
    ]


def total_rows(summary: Summary) -> Iterator[list[object]]:
    """Confirmed totals: the whole, then per partner, kind, measure and year."""
    yield [_("In total"), "", None, "", summary.hours, summary.euros, summary.entries]
    groups = (
        (_("per partner"), summary.by_partner, False),
        (_("per kind"), summary.by_kind, True),
        (_("per measure"), summary.by_measure, False),
        (_("per year"), summary.by_year, False),
    )
    for title, totals, is_kind in groups:
        for t in totals:
            label = t.label or _("no particular measure")
            yield [
                title,
                label,
                t.amount if is_kind and t.unit != "none" else None,
                str(t.unit_suffix) if is_kind else "",
                t.hours,
                t.euros,
                t.entries,
            ]


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return date_format(value, "d.m.Y")
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    text = str(value)
    # A cell starting with =, +, - or @ would run as a formula in a spreadsheet.
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def _csv(headers: list[str], rows: Iterable[list[object]]) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return out.getvalue()


def entries_csv(entries: QuerySet[Contribution]) -> str:
    return _csv(entry_headers(), entry_rows(entries))


def totals_csv(summary: Summary) -> str:
    return _csv(total_headers(), total_rows(summary))


def _xlsx_value(value: object) -> object:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return f"'{value}"
    return value


def _xlsx(title: str, headers: list[str], rows: Iterable[list[object]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title)
    bold = Font(bold=True)
    header_cells = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=_xlsx_value(value))
            if hasattr(value, "isoformat"):
                cell.number_format = "DD.MM.YYYY"
            elif isinstance(value, Decimal):
                cell.number_format = "#,##0.00"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def entries_xlsx(entries: QuerySet[Contribution]) -> bytes:
    return _xlsx(_("Contributions"), entry_headers(), entry_rows(entries))


def totals_xlsx(summary: Summary) -> bytes:
    return _xlsx(_("Confirmed totals"), total_headers(), total_rows(summary))
