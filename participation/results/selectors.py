"""The results of a survey, counted by the database.

Every figure comes from a handful of grouped queries (values() + annotate(Count/Avg/…)), never
from a Python loop over answers: the number of queries is the same for ten answers and for ten
thousand. Python only arranges the grouped counts into tables (one row per option, item or age
band) and works out percentages and means from them.

Small groups. The breakdown by age band shows „< k“ (k = survey.min_cell_size) instead of the
count and percentage of every cell with fewer than k answers (0 included). The table's totals
(the option's count over all bands, the band's count of people answering) stay visible, so a
single hidden cell in a row or column could be worked out from them: wherever a row or a column
holds exactly one hidden cell, the smallest shown cell beside it is hidden as well, and this is
repeated until no row or column has a lone hidden cell. The totals row of the bands follows the
same rule.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.db.models import Avg, Count, F, Max, Min, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from ..surveys.models import Answer, Channel, Choice, Question, QuestionKind, QuestionRole, Response, Survey

# Free texts listed per question (newest first); the rest is counted as „weitere …“.
TEXTS_SHOWN = 50
KINDS_WITH_MEAN = (QuestionKind.SCALE, QuestionKind.GRID)
OPTION_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SCALE, QuestionKind.YESNO)


def percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _mean(counts: dict[int, int], ranks: dict[int, int]) -> Decimal | None:
    """Mean place on the scale of the counted options; options outside the scale have no rank."""
    answered = sum(n for choice_id, n in counts.items() if choice_id in ranks)
    if not answered:
        return None
    total = sum(ranks[choice_id] * n for choice_id, n in counts.items() if choice_id in ranks)
    return (Decimal(total) / Decimal(answered)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class OptionRow:
    choice_id: int
    label: str
    is_extra: bool
    rank: int | None  # place on the scale (1 = first option); None outside the scale
    count: int = 0
    percent: Decimal | None = None


@dataclass
class ItemResult:
    item_id: int
    label: str
    answered: int = 0
    options: list[OptionRow] = field(default_factory=list)
    mean: Decimal | None = None


@dataclass
class Cell:
    count: int
    percent: Decimal | None
    suppressed: bool = False


@dataclass
class BreakdownRow:
    label: str
    cells: list[Cell]
    is_total: bool = False


@dataclass
class BreakdownTable:
    """One option × age band table (a grid has one per item)."""

    title: str  # the item of a grid; empty otherwise
    rows: list[BreakdownRow]


@dataclass
class QuestionResult:
    question: Question
    number: int  # 1, 2, 3… in the survey's order
    kind: str
    text: str
    answered: int = 0
    options: list[OptionRow] = field(default_factory=list)
    items: list[ItemResult] = field(default_factory=list)
    mean: Decimal | None = None
    scale_size: int = 0  # options on the scale (without „weiß nicht“ and the like)
    texts: list[tuple] = field(default_factory=list)  # (date, text), newest first
    texts_more: int = 0
    number_mean: Decimal | None = None
    number_min: Decimal | None = None
    number_max: Decimal | None = None
    breakdown: list[BreakdownTable] = field(default_factory=list)

    @property
    def has_mean(self) -> bool:
        return self.kind in KINDS_WITH_MEAN

    @property
    def is_age_band(self) -> bool:
        return self.question.role == QuestionRole.AGE_BAND


@dataclass
class SurveyResults:
    survey: Survey
    total: int
    by_channel: list[tuple[str, int, Decimal | None]]
    questions: list[QuestionResult]
    age_question: Question | None
    bands: list[str]  # column heads of the breakdown
    min_cell_size: int

    @property
    def hidden(self) -> str:
        """What a suppressed cell shows: „< 3“."""
        return f"< {self.min_cell_size}"


def _questions(survey: Survey) -> list[Question]:
    return list(Question.objects.filter(survey=survey).prefetch_related("choices", "items").order_by("position", "pk"))


def _ranks(choices: list[Choice]) -> dict[int, int]:
    on_scale = [c for c in choices if not c.is_extra]
    return {c.pk: n for n, c in enumerate(on_scale, start=1)}


def survey_results(survey: Survey, *, breakdown: bool = True, texts: int = TEXTS_SHOWN) -> SurveyResults:
    """Everything the results page, the CSV and the PDF show: 8 queries at most, however many answers."""
    questions = _questions(survey)  # 3 queries
    ids = [q.pk for q in questions]
    channel_counts, last_response = {}, 0
    for channel, n, last in (
        Response.objects.filter(survey=survey).values_list("channel").annotate(n=Count("id"), last=Max("id")).order_by()
    ):
        channel_counts[channel] = n
        last_response = max(last_response, last)
    total = sum(channel_counts.values())
    by_channel = [
        (label, channel_counts.get(value, 0), percent(channel_counts.get(value, 0), total))
        for value, label in Channel.choices
    ]

    # Picked options: one row per question, item and option.
    picked: dict[int, dict[int | None, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    for question_id, item_id, choice_id, n in (
        Answer.objects.filter(question_id__in=ids, choice__isnull=False)
        .values_list("question_id", "item_id", "choice_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        picked[question_id][item_id][choice_id] = n

    # People answering: distinct responses per question (multiple choice, texts, numbers).
    answering: dict[int, int] = {}
    numbers: dict[int, dict] = {}
    plain = [q.pk for q in questions if q.kind in (QuestionKind.MULTIPLE, QuestionKind.TEXT)]
    if plain:
        answering = dict(
            Answer.objects.filter(question_id__in=plain)
            .exclude(choice__isnull=True, text="")
            .values_list("question_id")
            .annotate(n=Count("response_id", distinct=True))
            .order_by()
        )
    number_ids = [q.pk for q in questions if q.kind == QuestionKind.NUMBER]
    if number_ids:
        numbers = {
            row["question_id"]: row
            for row in Answer.objects.filter(question_id__in=number_ids, number__isnull=False)
            .values("question_id")
            .annotate(n=Count("id"), mean=Avg("number"), low=Min("number"), high=Max("number"))
            .order_by()
        }

    listed: dict[int, list[tuple]] = defaultdict(list)
    text_ids = [q.pk for q in questions if q.kind == QuestionKind.TEXT]
    if text_ids and texts:
        newest = (
            Answer.objects.filter(question_id__in=text_ids)
            .exclude(text="")
            .annotate(
                place=Window(
                    RowNumber(),
                    partition_by=[F("question_id")],
                    order_by=[F("response__submitted_on").desc(), F("pk").desc()],
                )
            )
            .filter(place__lte=texts)
            .values_list("question_id", "response__submitted_on", "text")
        )
        for question_id, day, text in newest:
            listed[question_id].append((day, text))

    results = []
    for number, question in enumerate(questions, start=1):
        choices = list(question.choices.all())
        ranks = _ranks(choices)
        result = QuestionResult(question, number, question.kind, question.text, scale_size=len(ranks))
        counts = picked.get(question.pk, {})
        if question.kind == QuestionKind.GRID:
            for item in question.items.all():
                item_counts = counts.get(item.pk, {})
                answered = sum(item_counts.values())
                result.items.append(
                    ItemResult(
                        item.pk,
                        item.label,
                        answered,
                        [_option(c, ranks, item_counts, answered) for c in choices],
                        _mean(item_counts, ranks),
                    )
                )
            result.answered = max((i.answered for i in result.items), default=0)
        elif question.kind in OPTION_KINDS:
            option_counts = counts.get(None, {})
            if question.kind == QuestionKind.MULTIPLE:
                result.answered = answering.get(question.pk, 0)
            else:
                result.answered = sum(option_counts.values())
            result.options = [_option(c, ranks, option_counts, result.answered) for c in choices]
            if question.kind == QuestionKind.SCALE:
                result.mean = _mean(option_counts, ranks)
        elif question.kind == QuestionKind.TEXT:
            result.answered = answering.get(question.pk, 0)
            result.texts = listed.get(question.pk, [])
            result.texts_more = max(result.answered - len(result.texts), 0)
        elif question.kind == QuestionKind.NUMBER:
            row = numbers.get(question.pk)
            if row:
                result.answered = row["n"]
                result.number_mean = Decimal(row["mean"]).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
                result.number_min, result.number_max = row["low"], row["high"]
        results.append(result)

    age_question = next((q for q in questions if q.role == QuestionRole.AGE_BAND), None)
    bands: list[str] = []
    if breakdown and age_question is not None and total:
        version = (total, last_response)
        bands = _add_breakdown(survey, questions, results, age_question, version)
    return SurveyResults(survey, total, by_channel, results, age_question, bands, survey.min_cell_size)


def _option(choice: Choice, ranks: dict[int, int], counts: dict[int, int], whole: int) -> OptionRow:
    n = counts.get(choice.pk, 0)
    return OptionRow(choice.pk, choice.label, choice.is_extra, ranks.get(choice.pk), n, percent(n, whole))


NO_BAND = -1
# The counts by age band are the one costly query (a self-join of the answers); they are kept for
# a while under a key that changes with every added or deleted response.
BREAKDOWN_CACHE_SECONDS = 600  # responses without an answer to the age question


def _breakdown_key(survey: Survey, ids: list[int], age_question: Question, version: tuple[int, int]) -> str:
    """Answers are only ever added or deleted as whole responses, and response ids only grow: the
    number of responses and the last id change whenever the counts could."""
    questions = hashlib.sha256(",".join(map(str, [age_question.pk, *ids])).encode()).hexdigest()[:16]
    created = survey.created_at.timestamp() if survey.created_at else 0
    return f"survey-breakdown:{survey.pk}:{created}:{version[0]}:{version[1]}:{questions}"


def _count_by_band(questions: list[Question], ids: list[int], age_question: Question) -> tuple[dict, dict]:
    """Answers per (question, item, option, age band) and people answering per (question, item,
    band). Starting from the age answers (index on question) and reaching the other answers of
    the same response through the response keeps the join to one index look-up per response."""
    by_band = Answer.objects.filter(
        question_id=age_question.pk,
        response__answers__question_id__in=ids,
        response__answers__choice__isnull=False,
    )
    cells: dict[tuple, int] = {}
    bases: dict[tuple, int] = defaultdict(int)
    for question_id, item_id, choice_id, band, n in (
        by_band.values_list(
            "response__answers__question_id", "response__answers__item_id", "response__answers__choice_id", "choice_id"
        )
        .annotate(n=Count("response__answers__id"))
        .order_by()
    ):
        cells[question_id, item_id, choice_id, band] = n
        bases[question_id, item_id, band] += n  # one answer per person (and item): the sum is the people
    multiple = [q.pk for q in questions if q.kind == QuestionKind.MULTIPLE and q.pk in ids]
    if multiple:  # several ticks per person: count the people
        for key in [key for key in bases if key[0] in multiple]:
            del bases[key]
        for question_id, band, n in (
            Answer.objects.filter(question_id=age_question.pk, response__answers__question_id__in=multiple)
            .values_list("response__answers__question_id", "choice_id")
            .annotate(n=Count("response_id", distinct=True))
            .order_by()
        ):
            bases[question_id, None, band] = n
    return cells, dict(bases)


def _add_breakdown(
    survey: Survey,
    questions: list[Question],
    results: list[QuestionResult],
    age_question: Question,
    version: tuple[int, int],
) -> list[str]:
    """Option × age band tables for every choice question: one query for all of them (two with
    multiple-choice questions)."""
    ids = [q.pk for q in questions if q.kind in (*OPTION_KINDS, QuestionKind.GRID) and q.pk != age_question.pk]
    key = _breakdown_key(survey, ids, age_question, version)
    cached = cache.get(key)
    if cached is None:
        cached = _count_by_band(questions, ids, age_question)
        cache.set(key, cached, BREAKDOWN_CACHE_SECONDS)
    cells, bases = dict(cached[0]), defaultdict(int, cached[1])
    cell_sums: dict[tuple, int] = defaultdict(int)
    for (question_id, item_id, choice_id, _band), n in cells.items():
        cell_sums[question_id, item_id, choice_id] += n
    band_ids = [c.pk for c in age_question.choices.all()]
    # People who did not say their age (an optional age question) form a column of their own:
    # what the question's totals hold beyond the bands.
    for result in results:
        if result.question.pk not in ids:
            continue
        targets = [(item.item_id, item.options, item.answered) for item in result.items] or [
            (None, result.options, result.answered)
        ]
        for item_id, options, answered in targets:
            for option in options:
                in_bands = cell_sums[result.question.pk, item_id, option.choice_id]
                if option.count > in_bands:
                    cells[result.question.pk, item_id, option.choice_id, NO_BAND] = option.count - in_bands
            in_bands = sum(bases.get((result.question.pk, item_id, band), 0) for band in band_ids)
            if answered > in_bands:
                bases[result.question.pk, item_id, NO_BAND] = answered - in_bands

    band_choices = list(age_question.choices.all())
    columns = [(c.pk, c.label) for c in band_choices]
    if any(key[-1] == NO_BAND for key in (*bases, *cells)):
        columns.append((NO_BAND, _("age not given")))
    k = survey.min_cell_size
    for result in results:
        question = result.question
        if question.pk not in ids:
            continue
        choices = list(question.choices.all())
        targets = [(item.pk, item.label) for item in question.items.all()] or [(None, "")]
        for item_id, title in targets:
            rows = []
            for choice in choices:
                row = []
                for band, _band_label in columns:
                    n = cells.get((question.pk, item_id, choice.pk, band), 0)
                    row.append(Cell(n, percent(n, bases.get((question.pk, item_id, band), 0))))
                rows.append(BreakdownRow(choice.label, row))
            totals = [Cell(bases.get((question.pk, item_id, band), 0), None) for band, _band_label in columns]
            rows.append(BreakdownRow(_("People answering"), totals, is_total=True))
            suppress([r.cells for r in rows], k)
            result.breakdown.append(BreakdownTable(title, rows))
    return [label for _pk, label in columns]


def suppress(matrix: list[list[Cell]], k: int) -> None:
    """Hide every cell below k, and a second cell wherever a row or column has a lone hidden one
    (its totals are shown elsewhere, so a lone hidden cell could be worked out)."""
    for row in matrix:
        for cell in row:
            cell.suppressed = cell.count < k
    if not matrix:
        return
    width = len(matrix[0])
    changed = True
    while changed:
        changed = False
        lines = [list(row) for row in matrix] + [[row[c] for row in matrix] for c in range(width)]
        for line in lines:
            hidden = [cell for cell in line if cell.suppressed]
            shown = [cell for cell in line if not cell.suppressed]
            if len(hidden) == 1 and shown:
                min(shown, key=lambda cell: cell.count).suppressed = True
                changed = True


# Waves ----------------------------------------------------------------------------------------


@dataclass
class OptionChange:
    label: str
    before: Decimal | None  # percent
    now: Decimal | None
    change: Decimal | None  # percentage points


@dataclass
class MeanChange:
    label: str  # the item of a grid; empty for a scale
    before: Decimal | None
    now: Decimal | None
    change: Decimal | None


@dataclass
class QuestionComparison:
    now: QuestionResult
    before: QuestionResult | None  # None: the earlier wave did not ask it (the same way)
    options: list[OptionChange] = field(default_factory=list)
    means: list[MeanChange] = field(default_factory=list)


@dataclass
class WaveComparison:
    previous: Survey
    previous_total: int
    questions: list[QuestionComparison]
    unmatched_before: list[QuestionResult]  # asked in the earlier wave only


def _diff(now: Decimal | None, before: Decimal | None) -> Decimal | None:
    if now is None or before is None:
        return None
    return now - before


def compare_waves(current: SurveyResults, previous: SurveyResults) -> WaveComparison:
    """Questions are matched by place, kind and text; options and grid items by their label."""
    by_key = {(r.number, r.kind, r.text.strip()): r for r in previous.questions}
    matched_ids = set()
    comparisons = []
    for result in current.questions:
        before = by_key.get((result.number, result.kind, result.text.strip()))
        comparison = QuestionComparison(result, before)
        if before is not None:
            matched_ids.add(before.question.pk)
            old = {o.label: o for o in before.options}
            for option in result.options:
                was = old.get(option.label)
                was_percent = was.percent if was else None
                comparison.options.append(
                    OptionChange(option.label, was_percent, option.percent, _diff(option.percent, was_percent))
                )
            if result.kind == QuestionKind.SCALE:
                comparison.means.append(MeanChange("", before.mean, result.mean, _diff(result.mean, before.mean)))
            old_items = {i.label: i for i in before.items}
            for item in result.items:
                was = old_items.get(item.label)
                was_mean = was.mean if was else None
                comparison.means.append(MeanChange(item.label, was_mean, item.mean, _diff(item.mean, was_mean)))
        comparisons.append(comparison)
    unmatched = [r for r in previous.questions if r.question.pk not in matched_ids]
    return WaveComparison(previous.survey, previous.total, comparisons, unmatched)


def change_text(change: Decimal | None, *, points: bool) -> str:
    """The change in words as well as its sign: „+5,0 Prozentpunkte (mehr)“."""
    from django.utils.formats import number_format

    if change is None:
        return "–"
    unit = _("percentage points") if points else ""
    amount = f"{'+' if change > 0 else ''}{number_format(change, 1 if points else 2, use_l10n=True)} {unit}".strip()
    if change > 0:
        word = _("up")
    elif change < 0:
        word = _("down")
    else:
        word = _("unchanged")
    return f"{amount} ({word})"


OptionChange.text = property(lambda self: change_text(self.change, points=True))
MeanChange.text = property(lambda self: change_text(self.change, points=False))
