"""Plausible filled-in questionnaires for the demo, the benchmarks and the tests: written in bulk,
straight into the tables, so that thousands of responses take seconds. Never used for real answers
(those go through the answer form and its checks)."""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction

from .models import Answer, Channel, Question, QuestionKind, Response, Survey

SAMPLE_TEXTS = (
    "Mehr Bänke zum Ausruhen auf dem Weg zum Markt.",
    "Eine Ampel mit längerer Grünphase an der Hauptstraße.",
    "Ein Treffpunkt am Nachmittag, auch am Wochenende.",
    "Bessere Beleuchtung im Park.",
    "Öffentliche Toilette in der Altstadt.",
    "Einkaufshilfe für Menschen, die nicht mehr gut laufen können.",
)
# Answers lean towards the first options, as real answers to such questions do.
_WEIGHTS = (5, 4, 3, 2, 1, 1, 1, 1, 1, 1)
# A later wave that answers a little differently: the weight moves towards the second option.
_SKEWED = (3, 5, 4, 2, 1, 1, 1, 1, 1, 1)


def _pick(rng: random.Random, options: Sequence, skew: int = 0) -> object:
    weights = (_SKEWED if skew else _WEIGHTS)[: len(options)]
    return rng.choices(options, weights=weights, k=1)[0]


@transaction.atomic
def add_sample_responses(
    survey: Survey,
    count: int,
    *,
    seed: int = 0,
    channels: Sequence[str] = (Channel.ONLINE,),
    first_day: datetime.date | None = None,
    last_day: datetime.date | None = None,
    text_share: float = 0.2,
    skew: int = 0,
) -> list[Response]:
    """`count` responses to every question of the survey; optional questions are sometimes left
    out, free texts answered by about `text_share` of people. `skew` 1 moves the leaning to the
    second option (a later wave that answers a little differently). Days fall between `first_day` and `last_day`."""
    rng = random.Random(seed)  # noqa: S311 (sample data, not secrets)
    last = last_day or survey.closes_on or datetime.date.today()
    first = first_day or survey.opens_on or last - datetime.timedelta(days=28)
    span = max((last - first).days, 0)
    questions = list(
        Question.objects.filter(survey=survey).prefetch_related("choices", "items").order_by("position", "pk")
    )
    responses = Response.objects.bulk_create(
        Response(
            survey=survey,
            channel=rng.choice(channels),
            submitted_on=first + datetime.timedelta(days=rng.randint(0, span)),
        )
        for _ in range(count)
    )
    answers: list[Answer] = []
    for response in responses:
        for question in questions:
            if not question.required and rng.random() < 0.1:
                continue
            choices = list(question.choices.all())
            on_scale = [c for c in choices if not c.is_extra] or choices
            kind = question.kind
            if kind in (QuestionKind.SINGLE, QuestionKind.SCALE, QuestionKind.YESNO):
                answers.append(Answer(response=response, question=question, choice=_pick(rng, choices, skew)))
            elif kind == QuestionKind.MULTIPLE:
                for choice in rng.sample(choices, k=rng.randint(1, min(3, len(choices)))):
                    answers.append(Answer(response=response, question=question, choice=choice))
            elif kind == QuestionKind.GRID:
                for item in question.items.all():
                    choice = rng.choice(choices) if rng.random() < 0.08 else _pick(rng, on_scale, skew)
                    answers.append(Answer(response=response, question=question, item=item, choice=choice))
            elif kind == QuestionKind.NUMBER:
                low = int(question.min_value if question.min_value is not None else 0)
                high = int(question.max_value if question.max_value is not None else 100)
                answers.append(Answer(response=response, question=question, number=Decimal(rng.randint(low, high))))
            elif kind == QuestionKind.TEXT and rng.random() < text_share:
                answers.append(Answer(response=response, question=question, text=rng.choice(SAMPLE_TEXTS)))
    Answer.objects.bulk_create(answers, batch_size=2000)
    return responses
