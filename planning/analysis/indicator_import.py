"""Import of indicator values from CSV or XLSX: read, check every row, preview, apply all or none.

The web import and `manage.py import_indicators` both go through here. Between the preview and
„Übernehmen“ the checked rows travel in a signed, compressed token bound to the quartier: the
server made it, the client cannot change it, and the rows are checked once more when applied.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.core import signing
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, get_history_manager_for_model

from quartier.access import Action, require
from quartier.models import Quartier, User
from quartier.services import quartier_lock

from .indicator_parsing import (
    MAX_CELL_CHARS,
    ImportFileError,
    InvalidCell,
    RawRow,
    cell_text,
    date_from_cell,
    number_from_cell,
    read_rows,
)
from .models import Indicator, IndicatorValue

SIGNING_SALT = "planning.indicator-import"
PREVIEW_MAX_AGE = 60 * 60  # seconds between preview and „Übernehmen“
# The token goes back in a form field; the request body may hold at most 5 MiB.
MAX_TOKEN_CHARS = 4 * 1024 * 1024
BATCH_SIZE = 1000


@dataclass(frozen=True)
class RowError:
    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclass(frozen=True)
class ImportRow:
    line: int
    indicator: Indicator
    value: Decimal
    reference_date: date
    source: str
    previous: Decimal | None = None  # the value recorded for this date so far
    previous_source: str | None = None
    exists: bool = False

    @property
    def updates(self) -> bool:
        """Replaces a recorded value (or its source) with another."""
        return self.exists and (self.previous != self.value or self.previous_source != self.source)


@dataclass
class ImportPreview:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def new(self) -> int:
        return sum(1 for r in self.rows if not r.exists)

    @property
    def updated(self) -> int:
        return sum(1 for r in self.rows if r.updates)

    @property
    def unchanged(self) -> int:
        return len(self.rows) - self.new - self.updated

    @property
    def ok(self) -> bool:
        return bool(self.rows) and not self.errors


@dataclass(frozen=True)
class ImportResult:
    new: int
    updated: int
    unchanged: int

    def __str__(self) -> str:
        return _("%(new)s new values, %(updated)s updated, %(unchanged)s unchanged.") % {
            "new": self.new,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


class ImportRefused(Exception):
    """Nothing was applied; `errors` says why, row by row."""

    def __init__(self, errors: Sequence[RowError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = list(errors)


def _check_row(raw: RawRow, indicators: dict[str, Indicator]) -> ImportRow | RowError:
    code_cell, value_cell, date_cell, source_cell = raw.cells
    reasons: list[str] = []
    if raw.extra_cells:
        reasons.append(
            _(
                "The line has more columns than the header. A decimal comma in a comma-separated file? "
                "Then put the value in quotation marks or separate the columns with semicolons."
            )
        )
    code = cell_text(code_cell).upper()
    indicator = indicators.get(code)
    if not code:
        reasons.append(_("The indicator code is missing."))
    elif len(code) > MAX_CELL_CHARS or indicator is None:
        reasons.append(_("Unknown indicator code “%(code)s”.") % {"code": code[:40]})
    elif not indicator.active:
        reasons.append(_("The indicator “%(code)s” no longer takes new values.") % {"code": code})
    value = reference_date = None
    try:
        value = number_from_cell(value_cell)
    except InvalidCell as exc:
        reasons.append(str(exc))
    try:
        reference_date = date_from_cell(date_cell)
    except InvalidCell as exc:
        reasons.append(str(exc))
    source = cell_text(source_cell)
    if len(source) > MAX_CELL_CHARS:
        reasons.append(_("The source is longer than %(max)s characters.") % {"max": MAX_CELL_CHARS})
    if reasons or indicator is None or value is None or reference_date is None:
        return RowError(raw.line, " ".join(reasons))
    return ImportRow(raw.line, indicator, value, reference_date, source or indicator.source)


def _existing(quartier: Quartier, rows: Sequence[ImportRow]) -> dict[tuple[int, date], IndicatorValue]:
    """The quartier's recorded values for the indicators and dates of the rows. One query."""
    if not rows:
        return {}
    dates = [r.reference_date for r in rows]
    values = IndicatorValue.objects.filter(
        quartier=quartier,
        indicator_id__in={r.indicator.pk for r in rows},
        reference_date__range=(min(dates), max(dates)),
    )
    return {(v.indicator_id, v.reference_date): v for v in values}


def check_rows(*, quartier: Quartier, raw_rows: Sequence[RawRow]) -> ImportPreview:
    """Every row checked: known indicator, a number, a date, no repeat within the file; and
    whether it adds a value or changes one already recorded."""
    indicators = {i.code: i for i in Indicator.objects.all()}
    preview = ImportPreview()
    seen: dict[tuple[int, date], int] = {}
    for raw in raw_rows:
        checked = _check_row(raw, indicators)
        if isinstance(checked, RowError):
            preview.errors.append(checked)
            continue
        key = (checked.indicator.pk, checked.reference_date)
        if key in seen:
            preview.errors.append(
                RowError(
                    raw.line,
                    _("%(code)s on %(date)s already appears in line %(first)s.")
                    % {
                        "code": checked.indicator.code,
                        "date": date_format(checked.reference_date, "SHORT_DATE_FORMAT"),
                        "first": seen[key],
                    },
                )
            )
            continue
        seen[key] = raw.line
        preview.rows.append(checked)
    existing = _existing(quartier, preview.rows)
    for i, row in enumerate(preview.rows):
        if (recorded := existing.get((row.indicator.pk, row.reference_date))) is not None:
            preview.rows[i] = replace(row, previous=recorded.value, previous_source=recorded.source, exists=True)
    return preview


def indicator_import_preview(*, quartier: Quartier, content: bytes, filename: str = "") -> ImportPreview:
    """What importing the file would do; changes nothing."""
    try:
        raw_rows = read_rows(content, filename)
    except ImportFileError as exc:
        return ImportPreview(errors=[RowError(exc.line, exc.message)])
    return check_rows(quartier=quartier, raw_rows=raw_rows)


def indicator_import_apply(*, quartier: Quartier, user: User | None, rows: Sequence[ImportRow]) -> ImportResult:
    """Write the checked rows, all or none: new dates are added, known dates take the new value
    and source. `user` None: an administrator's command, no role to check."""
    if user is not None:
        require(user, Action.EDIT_ANALYSIS, quartier)
    with transaction.atomic():
        quartier_lock(quartier_id=quartier.pk)  # two imports at once take turns; neither half-fails
        existing = _existing(quartier, rows)
        new: list[IndicatorValue] = []
        changed: list[IndicatorValue] = []
        for row in rows:
            recorded = existing.get((row.indicator.pk, row.reference_date))
            if recorded is None:
                new.append(
                    IndicatorValue(
                        quartier=quartier,
                        indicator=row.indicator,
                        value=row.value,
                        reference_date=row.reference_date,
                        source=row.source,
                        created_by=user,
                    )
                )
            elif recorded.value != row.value or recorded.source != row.source:
                recorded.value, recorded.source = row.value, row.source
                changed.append(recorded)
        if new:
            bulk_create_with_history(new, IndicatorValue, batch_size=BATCH_SIZE, default_user=user)
        if changed:
            # An upsert rather than bulk_update: its CASE WHEN per row grows with the batch and
            # took 15 s for 10,000 changed values on SQLite; the upsert writes them in about one.
            # Copies without their id: only the (quartier, indicator, date) conflict may arise.
            IndicatorValue.objects.bulk_create(
                [
                    IndicatorValue(
                        quartier_id=v.quartier_id,
                        indicator_id=v.indicator_id,
                        reference_date=v.reference_date,
                        value=v.value,
                        source=v.source,
                    )
                    for v in changed
                ],
                batch_size=BATCH_SIZE,
                update_conflicts=True,
                unique_fields=["quartier", "indicator", "reference_date"],
                update_fields=["value", "source"],
            )
            get_history_manager_for_model(IndicatorValue).bulk_history_create(
                changed, batch_size=BATCH_SIZE, update=True, default_user=user
            )
    return ImportResult(new=len(new), updated=len(changed), unchanged=len(rows) - len(new) - len(changed))


def indicator_import_file(*, quartier: Quartier, user: User | None, content: bytes, filename: str = "") -> ImportResult:
    """Check and apply a file in one go (the command, the bench). ImportRefused with every
    row error when any row is wrong; then nothing is applied."""
    preview = indicator_import_preview(quartier=quartier, content=content, filename=filename)
    if not preview.ok:
        raise ImportRefused(preview.errors or [RowError(None, _("The file contains no values."))])
    return indicator_import_apply(quartier=quartier, user=user, rows=preview.rows)


# --- between preview and „Übernehmen“ --------------------------------------------------------


def sign_rows(*, quartier: Quartier, rows: Sequence[ImportRow]) -> str | None:
    """The checked rows as a signed token; None when it would be too large to send back."""
    sources = list(dict.fromkeys(r.source for r in rows))
    index = {s: i for i, s in enumerate(sources)}
    data: dict[str, Any] = {
        "q": quartier.pk,
        "s": sources,
        "r": [[r.line, r.indicator.code, str(r.value), r.reference_date.isoformat(), index[r.source]] for r in rows],
    }
    token = signing.dumps(data, salt=SIGNING_SALT, compress=True)
    return token if len(token) <= MAX_TOKEN_CHARS else None


def rows_from_token(*, quartier: Quartier, token: str) -> list[ImportRow]:
    """The rows of a preview, checked again against today's catalogue. ImportRefused when the
    token is broken, expired, for another quartier, or a row no longer passes."""
    expired = ImportRefused(
        [RowError(None, _("The preview has expired or is not valid. Please upload the file again."))]
    )
    if len(token) > MAX_TOKEN_CHARS:
        raise expired
    try:
        data = signing.loads(token, salt=SIGNING_SALT, max_age=PREVIEW_MAX_AGE)
        if data["q"] != quartier.pk:
            raise expired
        sources = data["s"]
        raw_rows = [RawRow(line, (code, value, day, sources[source])) for line, code, value, day, source in data["r"]]
    except (signing.BadSignature, KeyError, TypeError, ValueError, IndexError) as exc:
        raise expired from exc
    preview = check_rows(quartier=quartier, raw_rows=raw_rows)
    if not preview.ok:
        raise ImportRefused(preview.errors or [RowError(None, _("The file contains no values."))])
    return preview.rows
