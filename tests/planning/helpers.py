"""Small helpers the planning tests share."""

from __future__ import annotations

from planning import services
from planning.models import ChecklistItem, EvidenceKind, StepProgress
from quartier.models import User


def required_items(step: StepProgress) -> list[ChecklistItem]:
    return list(step.items.filter(required=True).order_by("position"))


def optional_items(step: StepProgress) -> list[ChecklistItem]:
    return list(step.items.filter(required=False).order_by("position"))


def give_evidence(item: ChecklistItem, user: User, text: str = "Protokoll der Sitzung vom 3. März") -> None:
    services.evidence_add(item_id=item.pk, user=user, kind=EvidenceKind.TEXT, text=text)
