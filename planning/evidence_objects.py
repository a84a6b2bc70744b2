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
    # The model of the objects, to find the source of a linked object again.
    model: type[Model] | None = None
    # Where the object is shown in the app (None: it has no page of its own).
    url: Callable[[Quartier, Model], str | None] | None = None
    # Where the team creates such objects, for the note shown while there are none.
    create_url: Callable[[Quartier], str | None] | None = None


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


def source_of(obj: Model, *, kinds: Iterable[str] = ()) -> EvidenceSource | None:
    """The registered source of a linked object, preferring the given kinds (the item's)."""
    sources = [REGISTRY[k] for k in kinds if k in REGISTRY] + list(REGISTRY.values())
    return next((s for s in sources if s.model is not None and isinstance(obj, s.model)), None)


def object_url(quartier: Quartier, obj: Model | None, *, kinds: Iterable[str] = ()) -> str | None:
    """The page of a linked object, if it still exists and has one."""
    if obj is None:
        return None
    source = source_of(obj, kinds=kinds)
    if source is None or source.url is None:
        return None
    return source.url(quartier, obj)
