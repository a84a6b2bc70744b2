"""The filtered measure list as CSV (semicolon, UTF-8 with BOM, as Excel opens it) and XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .models import Measure


def headers() -> list[str]:
    return [
        _("Title"),
        _("Domain"),
        _("Status"),
        _("Responsible"),
        _("Target group"),
        _("Goals served"),
        _("Start"),
        _("End"),
        _("Milestones done"),
        _("Milestones in total"),
        _("Progress (%)"),
        _("Overdue"),
        _("Planned budget (€)"),
        _("Spent so far (€)"),
    ]


def rows(measures: QuerySet[Measure]) -> Iterator[list[object]]:
    """One row per measure; dates and amounts as values (XLSX) – the CSV formats them."""
    for m in measures.prefetch_related("goals").iterator(chunk_size=500):
        yield [
            m.title,
            m.get_domain_display(),
            m.get_status_display(),
            m.responsible.display_name if m.responsible else "",
            m.target_group,
            ", ".join(goal.title for goal in m.goals.all()),
            m.start,
            m.end,
            m.milestones_done,
            m.milestones_total,
            m.progress,
            _("yes") if m.is_overdue else _("no"),
            m.budget_planned,
            m.budget_spent,
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


def as_csv(measures: QuerySet[Measure]) -> str:
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers())
    for row in rows(measures):
        writer.writerow([_csv_value(v) for v in row])
    return out.getvalue()


def _xlsx_value(value: object) -> object:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return f"'{value}"
    return value


def as_xlsx(measures: QuerySet[Measure]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_("Measures"))
    bold = Font(bold=True)
    header_cells = []
    for text in headers():
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    date_columns = {6, 7}
    money_columns = {12, 13}
    for row in rows(measures):
        cells = []
        for index, value in enumerate(row):
            cell = WriteOnlyCell(sheet, value=_xlsx_value(value))
            if index in date_columns and value is not None:
                cell.number_format = "DD.MM.YYYY"
            elif index in money_columns:
                cell.number_format = "#,##0.00"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
