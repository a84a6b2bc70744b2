"""Downloads of a survey: every response as a row (CSV and Excel) and the counted results (CSV).

Response rows carry a running number (1…n, not the database id), the channel and the day, then
one column per question: the picked option's label; a grid one column per item; a multiple
choice one 0/1 column per option (1 = picked; all empty when the question was skipped); a number
as a number; a free text as typed. Nothing about who typed a form in, no e-mail, no account.

CSV files are for German Excel: UTF-8 with a byte order mark, „;“ between the fields, decimal
comma. A text that starts like a formula (=, +, -, @) gets a leading apostrophe, so that a
spreadsheet never runs it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from planning.analysis.charts import format_number

from ..surveys.models import Answer, Channel, Question, QuestionKind, Response, Survey
from .selectors import SurveyResults

BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _safe(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


class _Column:
    def __init__(self, header: str, question_id: int, item_id: int | None = None, choice_id: int | None = None):
        self.header, self.question_id, self.item_id, self.choice_id = header, question_id, item_id, choice_id


def _columns(survey: Survey) -> tuple[list[Question], list[_Column], dict[int, str]]:
    questions = list(
        Question.objects.filter(survey=survey).prefetch_related("choices", "items").order_by("position", "pk")
    )
    columns: list[_Column] = []
    labels: dict[int, str] = {}
    for number, question in enumerate(questions, start=1):
        head = f"F{number} {question.text}"
        choices = list(question.choices.all())
        labels.update((c.pk, c.label) for c in choices)
        if question.kind == QuestionKind.GRID:
            columns += [_Column(f"{head} – {item.label}", question.pk, item.pk) for item in question.items.all()]
        elif question.kind == QuestionKind.MULTIPLE:
            columns += [_Column(f"{head}: {c.label}", question.pk, choice_id=c.pk) for c in choices]
        else:
            columns.append(_Column(head, question.pk))
    return questions, columns, labels


def response_rows(survey: Survey, *, for_excel: bool = False) -> Iterator[list[Any]]:
    """The header, then one row per response in the order they came in. Two queries for the rows
    (responses, answers: both read in chunks), whatever their number."""
    questions, columns, labels = _columns(survey)
    kinds = {q.pk: q.kind for q in questions}
    channel_labels = {value: str(label) for value, label in Channel.choices}
    yield [_("No."), _("Channel"), _("Date"), *(c.header for c in columns)]
    index = {(c.question_id, c.item_id, c.choice_id): n for n, c in enumerate(columns)}
    multiple = {c.question_id for c in columns if c.choice_id is not None}
    multiple_columns: dict[int, list[int]] = {}
    for n, column in enumerate(columns):
        if column.choice_id is not None:
            multiple_columns.setdefault(column.question_id, []).append(n)
    answers = (
        Answer.objects.filter(response__survey=survey)
        .order_by("response_id", "pk")
        .values_list("response_id", "question_id", "item_id", "choice_id", "number", "text")
        .iterator(chunk_size=5000)
    )
    pending = next(answers, None)
    responses = (
        Response.objects.filter(survey=survey).order_by("pk").values_list("pk", "channel", "submitted_on").iterator()
    )
    for number, (response_id, channel, day) in enumerate(responses, start=1):
        cells: list[Any] = [""] * len(columns)
        while pending is not None and pending[0] < response_id:
            pending = next(answers, None)  # an answer of a response not listed (cannot happen; skipped)
        while pending is not None and pending[0] == response_id:
            _rid, question_id, item_id, choice_id, value, text = pending
            if question_id in multiple:
                for n in multiple_columns[question_id]:
                    if cells[n] == "":
                        cells[n] = 0
                cells[index[question_id, None, choice_id]] = 1
            else:
                n = index.get((question_id, item_id, None))
                if n is not None:
                    if choice_id is not None:
                        cells[n] = labels.get(choice_id, "")
                    elif kinds[question_id] == QuestionKind.NUMBER and value is not None:
                        cells[n] = value if for_excel else format_number(value)
                    else:
                        cells[n] = _safe(text)
            pending = next(answers, None)
        when: Any = day if for_excel else day.strftime("%d.%m.%Y")
        yield [number, channel_labels.get(channel, channel), when, *cells]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(rows: Iterable[list[Any]]) -> Iterator[str]:
    """Rows as CSV text for German Excel, starting with the byte order mark."""
    writer = csv.writer(_Echo(), delimiter=";")
    yield BOM
    for row in rows:
        yield writer.writerow(row)


def responses_xlsx(survey: Survey) -> bytes:
    """The same rows as an Excel file, written row by row (write-only mode keeps memory flat)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Responses"))
    for row in response_rows(survey, for_excel=True):
        sheet.append([_excel(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _excel(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str):
        return _safe(value)
    if isinstance(value, date):
        return value
    return value


def _pct(value: Decimal | None, places: int = 1) -> str:
    return "" if value is None else number_format(value, places, use_l10n=True)


def _plain(value: Decimal | None) -> str:
    return "" if value is None else format_number(value)


def _mean(value: Decimal | None) -> str:
    return _pct(value, 2)


def result_rows(results: SurveyResults, comparison=None) -> Iterator[list[Any]]:
    """The counted results as rows: per question its options (or items × options), counts,
    percentages and means; then the breakdown by age band with „< k“ for small cells."""
    survey = results.survey
    hidden = f"< {results.min_cell_size}"
    yield [_("Survey"), survey.title]
    yield [_("Responses"), results.total]
    for label, count, share in results.by_channel:
        yield [_("Channel"), str(label), count, _pct(share)]
    yield []
    yield [_("Question"), _("Item"), _("Answer"), _("Count"), _("Percent"), _("Mean")]
    for result in results.questions:
        head = f"F{result.number} {result.text}"
        if result.items:
            for item in result.items:
                for option in item.options:
                    yield [head, item.label, option.label, option.count, _pct(option.percent), ""]
                yield [head, item.label, _("Mean"), item.answered, "", _mean(item.mean)]
        elif result.options:
            for option in result.options:
                yield [head, "", option.label, option.count, _pct(option.percent), ""]
            if result.mean is not None:
                yield [head, "", _("Mean"), result.answered, "", _mean(result.mean)]
        elif result.kind == QuestionKind.NUMBER:
            yield [head, "", _("Mean"), result.answered, "", _mean(result.number_mean)]
            if result.answered >= results.min_cell_size:  # a handful's extremes could point to one
                yield [head, "", _("Smallest"), "", "", _plain(result.number_min)]
                yield [head, "", _("Largest"), "", "", _plain(result.number_max)]
        elif result.kind == QuestionKind.TEXT:
            yield [head, "", _("free texts (listed in the responses file)"), result.answered, "", ""]
    if results.bands:
        yield []
        yield [
            _("By age band (cells with fewer than %(n)s answers show „%(hidden)s“)")
            % {"n": results.min_cell_size, "hidden": hidden}
        ]
        band_heads = []
        for band in results.bands:
            band_heads += [f"{band}: {_('Count')}", f"{band}: {_('Percent')}"]
        yield [_("Question"), _("Item"), _("Answer"), *band_heads]
        for result in results.questions:
            head = f"F{result.number} {result.text}"
            for table in result.breakdown:
                for row in table.rows:
                    cells = []
                    for cell in row.cells:
                        cells += [hidden, ""] if cell.suppressed else [cell.count, _pct(cell.percent)]
                    yield [head, table.title, row.label, *cells]
    if comparison is not None:
        yield []
        yield [_("Comparison with %(wave)s") % {"wave": comparison.previous.wave_label or comparison.previous.title}]
        yield [_("Question"), _("Item"), _("Answer"), _("Before"), _("Now"), pgettext("wave comparison", "Change")]
        for entry in comparison.questions:
            head = f"F{entry.now.number} {entry.now.text}"
            if entry.before is None:
                yield [head, "", _("not asked in the earlier wave"), "", "", ""]
                continue
            for option in entry.options:
                yield [head, "", option.label, _pct(option.before), _pct(option.now), _pct(option.change)]
            for mean in entry.means:
                yield [head, mean.label, _("Mean"), _mean(mean.before), _mean(mean.now), _mean(mean.change)]
