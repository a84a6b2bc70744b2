"""Indicator values from a survey's answers, written into the quartier's analysis (step 3).

Rules per indicator code (other codes are skipped):

- ATTACHMENT: the mean on a scale of n options (1 = first = „Sehr stark“), turned round so that
  higher means more attached: value = n + 1 − mean (5 options: 6 − mean). Options outside the
  scale („weiß nicht“) do not count.
- HELP_NEIGHBOUR: the share (%) of those answering who picked an option starting with „Ja“.
- LONELINESS: the share (%) of the people who answered every item of the grid on its scale whose
  places add up to at least twice the number of items (three items, 1 = selten/nie, 2 = manchmal,
  3 = oft: a sum of 6 or more).

A value is written for the survey's closing date (today if it has none) and names the survey as
its source; a second run updates the value of that date instead of adding another.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Case, Count, IntegerField, Q, Sum, When
from django.utils import timezone
from django.utils.translation import gettext as _

from planning.analysis.models import IndicatorValue
from quartier.access import Action, require
from quartier.models import User

from ..surveys.models import Answer, Question, QuestionKind, Survey
from .selectors import _mean, _ranks

SOURCE_MAX = IndicatorValue._meta.get_field("source").max_length


def _attachment(question: Question) -> Decimal | None:
    if question.kind not in (QuestionKind.SCALE, QuestionKind.SINGLE):
        return None
    ranks = _ranks(list(question.choices.all()))
    counts = dict(
        Answer.objects.filter(question=question, item__isnull=True, choice__isnull=False)
        .values_list("choice_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    mean = _mean(counts, ranks)
    if mean is None:
        return None
    return Decimal(len(ranks) + 1) - mean


def _help_neighbour(question: Question) -> Decimal | None:
    yes = [c.pk for c in question.choices.all() if c.label.strip().lower().startswith("ja")]
    row = Answer.objects.filter(question=question, item__isnull=True, choice__isnull=False).aggregate(
        answering=Count("response_id", distinct=True),
        yes=Count("response_id", distinct=True, filter=Q(choice_id__in=yes)),
    )
    if not row["answering"]:
        return None
    return Decimal(row["yes"]) * 100 / Decimal(row["answering"])


def _loneliness(question: Question) -> Decimal | None:
    if question.kind != QuestionKind.GRID:
        return None
    items = question.items.count()
    ranks = _ranks(list(question.choices.all()))
    if not items or not ranks:
        return None
    place = Case(*(When(choice_id=pk, then=rank) for pk, rank in ranks.items()), output_field=IntegerField())
    per_person = (
        Answer.objects.filter(question=question, item__isnull=False, choice_id__in=list(ranks))
        .values("response_id")
        .annotate(n=Count("id"), total=Sum(place))
        .filter(n=items)
        .order_by()
    )
    complete = per_person.count()
    if not complete:
        return None
    high = per_person.filter(total__gte=2 * items).count()
    return Decimal(high) * 100 / Decimal(complete)


RULES: dict[str, Callable[[Question], Decimal | None]] = {
    "ATTACHMENT": _attachment,
    "HELP_NEIGHBOUR": _help_neighbour,
    "LONELINESS": _loneliness,
}


def source_of(survey: Survey) -> str:
    return (_("Survey „%(title)s“") % {"title": survey.title})[:SOURCE_MAX]


@transaction.atomic
def survey_write_indicators(*, survey: Survey, user: User) -> list[IndicatorValue]:
    """Write (or update) one value per question that feeds a known indicator; returns them."""
    require(user, Action.EDIT_PARTICIPATION, survey.quartier)
    # The closing day; a survey closed before its planned end counts on the day it was closed.
    today = timezone.localdate()
    reference_date = min(survey.closes_on, today) if survey.closes_on else today
    written = []
    questions = (
        Question.objects.filter(survey=survey, indicator__isnull=False)
        .select_related("indicator")
        .prefetch_related("choices")
        .order_by("position", "pk")
    )
    for question in questions:
        rule = RULES.get(question.indicator.code)
        value = rule(question) if rule else None
        if value is None:
            continue
        value = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        values = IndicatorValue.objects.select_for_update().filter(
            quartier=survey.quartier, indicator=question.indicator
        )
        # The survey's earlier value (written when it closed) moves with it; otherwise the day's.
        on_the_day = values.filter(reference_date=reference_date).first()
        record = on_the_day or values.filter(source=source_of(survey)).first()
        if record is None:
            record = IndicatorValue.objects.create(
                quartier=survey.quartier,
                indicator=question.indicator,
                reference_date=reference_date,
                value=value,
                source=source_of(survey),
                created_by=user,
            )
        else:
            record.value = value
            record.reference_date = reference_date
            record.source = source_of(survey)
            record._history_user = user
            record.save(update_fields=["value", "reference_date", "source"])
        written.append(record)
    return written
