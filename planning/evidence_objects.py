"""Which objects of the app a checklist item can link as evidence.

A checklist item that expects `object:<kind>` (planning/data/steps.yaml) offers the team the
objects registered for that kind: the facilities for "facility", the goals for "goal"… Each
module registers its kinds in `planning.evidence_sources` (imported when the app is ready), so
that the step page and the evidence service need not know every model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Model

from quartier.models import Quartier


@dataclass(frozen=True)
class EvidenceSource:
    kind: str
    # The objects of the quartier a team may link, in the order they are offered.
    candidates: Callable[[Quartier], Iterable[Model]]
    # What the evidence is called on the step page and in the report.
    label: Callable[[Model], str] = str


REGISTRY: dict[str, EvidenceSource] = {}
# Object kinds an item accepts besides its own, by step number: step 3's items take any part
# of the analysis (indicator values, facilities, strengths and weaknesses).
EXTRA_KINDS_BY_STEP: dict[int, tuple[str, ...]] = {}


def register(source: EvidenceSource) -> None:
    REGISTRY[source.kind] = source


def kinds_for(*, object_kind: str, step_number: int) -> list[str]:
    """The registered object kinds an item of this kind in this step accepts, its own first."""
    kinds = [object_kind, *EXTRA_KINDS_BY_STEP.get(step_number, ())]
    return [kind for kind in dict.fromkeys(kinds) if kind in REGISTRY]
