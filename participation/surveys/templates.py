"""The default questionnaire „Leben im Quartier“ (participation/data/survey_template.yaml) and
new surveys made from it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from planning.analysis.models import Indicator
from quartier.access import Action, require
from quartier.models import Quartier, User

from ..answering.structure import structure_changed
from .models import Choice, GridItem, Question, QuestionKind, Survey

TEMPLATE_FILE = Path(__file__).resolve().parent.parent / "data" / "survey_template.yaml"
YES_NO = ("Ja", "Nein")


def read_template(path: Path = TEMPLATE_FILE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@transaction.atomic
def survey_create_from_template(*, quartier: Quartier, user: User, template: dict[str, Any] | None = None) -> Survey:
    """A draft survey with the template's questions, options and grid items, in its order.
    Questions that name an indicator feed it when the indicator is in the catalogue."""
    require(user, Action.EDIT_PARTICIPATION, quartier)
    data = template or read_template()
    survey = Survey.objects.create(
        quartier=quartier,
        title=data["title"],
        intro=data.get("intro", ""),
        min_cell_size=data.get("min_cell_size", Survey._meta.get_field("min_cell_size").default),
        created_by=user,
    )
    codes = {q["indicator"] for q in data["questions"] if q.get("indicator")}
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    for position, spec in enumerate(data["questions"], start=1):
        kind = QuestionKind(spec["kind"])
        question = Question.objects.create(
            survey=survey,
            position=position,
            kind=kind,
            text=spec["text"],
            required=spec.get("required", kind != QuestionKind.TEXT),
            domain=spec.get("domain", "basis"),
            indicator=indicators.get(spec.get("indicator", "")),
            role=spec.get("role", ""),
            extra_choice=spec.get("extra_choice", ""),
        )
        labels = spec.get("choices") or spec.get("scale") or (YES_NO if kind == QuestionKind.YESNO else [])
        Choice.objects.bulk_create(
            Choice(question=question, position=n, label=label) for n, label in enumerate(labels, start=1)
        )
        if spec.get("extra_choice"):
            Choice.objects.create(
                question=question, position=len(labels) + 1, label=spec["extra_choice"], is_extra=True
            )
        GridItem.objects.bulk_create(
            GridItem(question=question, position=n, label=label) for n, label in enumerate(spec.get("items", []), 1)
        )
    structure_changed(survey.pk)  # bulk writes send no signals
    return survey
