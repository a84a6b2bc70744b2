"""Reads of the ten-step workflow, always for a quartier the caller has already scoped."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from quartier.models import Quartier

from .models import ChecklistItem, Evidence, Phase, StepProgress, StepStatus, StepTemplate, StepTransition


def steps_with_counts(*, quartier_ids: list[int] | QuerySet) -> QuerySet[StepProgress]:
    """Steps annotated with how many of their required items exist and are done."""
    return (
        StepProgress.objects.filter(quartier_id__in=quartier_ids)
        .select_related("template")
        .annotate(
            required_total=Count("items", filter=Q(items__required=True)),
            required_done=Count("items", filter=Q(items__required=True, items__done=True)),
        )
        .order_by("quartier_id", "template__number")
    )


def step_percent(*, status: str, required_total: int, required_done: int) -> int:
    """A completed step is 100 %; otherwise the share of its required items done, below 100."""
    if status == StepStatus.DONE:
        return 100
    if not required_total:
        return 0
    return min(99, round(100 * required_done / required_total))


@dataclass
class PhaseProgress:
    key: str
    label: str
    steps: list[StepProgress] = field(default_factory=list)

    @property
    def percent(self) -> int:
        if not self.steps:
            return 0
        return round(sum(s.percent for s in self.steps) / len(self.steps))

    @property
    def done_count(self) -> int:
        return sum(1 for s in self.steps if s.status == StepStatus.DONE)


def group_by_phase(steps: list[StepProgress]) -> list[PhaseProgress]:
    """Group annotated steps by phase in the model's order, setting `percent` on each step."""
    phases = {key: PhaseProgress(key=key, label=str(label)) for key, label in Phase.choices}
    for step in steps:
        step.percent = step_percent(
            status=step.status, required_total=step.required_total, required_done=step.required_done
        )
        phases[step.template.phase].steps.append(step)
    return list(phases.values())


def overall_percent(phases: list[PhaseProgress]) -> int:
    steps = [s for p in phases for s in p.steps]
    return round(sum(s.percent for s in steps) / len(steps)) if steps else 0


def phase_numbers() -> dict[str, list[int]]:
    numbers: dict[str, list[int]] = {key: [] for key, _label in Phase.choices}
    for number, phase in StepTemplate.objects.values_list("number", "phase"):
        numbers[phase].append(number)
    return numbers


def step_for(*, quartier: Quartier, number: int) -> StepProgress:
    """The bare step record, for actions that pass it on to a service; 404 if there is none."""
    step = StepProgress.objects.filter(quartier=quartier, template__number=number).first()
    if step is None:
        raise Http404
    return step


def step_detail(*, quartier: Quartier, number: int) -> StepProgress:
    """One step of the quartier with its items and their evidence; 404 if there is no such step."""
    step = (
        StepProgress.objects.filter(quartier=quartier, template__number=number)
        .select_related("template", "quartier")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=ChecklistItem.objects.select_related("done_by", "template").prefetch_related(
                    Prefetch(
                        "evidence",
                        # The linked objects too (one query per kind of object): the page links to them.
                        queryset=Evidence.objects.select_related(
                            "document", "content_type", "created_by"
                        ).prefetch_related("linked_object"),
                    )
                ),
            )
        )
        .first()
    )
    if step is None:
        raise Http404
    return step


def evidence_label(evidence: Evidence, *, words: int = 8) -> str:
    """A name for a piece of evidence that says what it is, never just its kind.

    Works on history records too. Reads `document` only when the caller selected it along.
    """
    if evidence.label:
        return evidence.label
    if evidence.document_id and evidence.document is not None:
        return evidence.document.title
    if evidence.url:
        return evidence.url
    if evidence.text:
        first = evidence.text.split()
        return " ".join(first[:words]) + (" …" if len(first) > words else "")
    return evidence.get_kind_display()


def evidence_item(*, quartier: Quartier, evidence_id: int) -> ChecklistItem | None:
    """The checklist item of this quartier that the evidence belongs to, or belonged to before
    it was removed (from its history); None if the evidence never was in this quartier."""
    item_id = Evidence.objects.filter(pk=evidence_id).values_list("item_id", flat=True).first()
    if item_id is None:
        item_id = Evidence.history.filter(id=evidence_id).values_list("item_id", flat=True).first()
    if item_id is None:
        return None
    return ChecklistItem.objects.filter(pk=item_id, step__quartier=quartier).select_related("step__template").first()


def step_transitions(*, step: StepProgress) -> QuerySet[StepTransition]:
    return step.transitions.select_related("by").order_by("-at", "-pk")


def step_history(*, step: StepProgress, limit: int = 30) -> list[dict]:
    """The step's "Verlauf": transitions, item changes and evidence, newest first."""
    entries: list[dict] = []
    for t in step_transitions(step=step)[:limit]:
        entries.append({"at": t.at, "by": t.by, "kind": "transition", "obj": t})
    item_ids = [i.pk for i in step.items.all()]
    for h in (
        ChecklistItem.history.filter(id__in=item_ids)
        .exclude(history_type="+")
        .select_related("history_user")
        .order_by("-history_date")[:limit]
    ):
        entries.append({"at": h.history_date, "by": h.history_user, "kind": "item", "obj": h})
    # Each record compared with the one before it from a single query: `prev_record` would
    # cost a query per status change or note, and the page would slow down with its history.
    records = list(
        StepProgress.history.filter(id=step.pk)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[: limit + 1]
    )
    notes_before = [r.notes for r in records[1:]]
    if len(records) <= limit:
        # The oldest record has nothing before it: steps are bulk-created, without a history
        # record, and with empty notes. Without this the first note of a step went unlisted.
        notes_before.append("")
    for h, before in zip(records, notes_before, strict=False):
        if h.history_type == "~" and before != h.notes:
            entries.append({"at": h.history_date, "by": h.history_user, "kind": "notes", "obj": h})
    for h in (
        Evidence.history.filter(item_id__in=item_ids)
        .select_related("history_user", "document")
        .order_by("-history_date")[:limit]
    ):
        entries.append(
            {"at": h.history_date, "by": h.history_user, "kind": "evidence", "obj": h, "label": evidence_label(h)}
        )
    entries.sort(key=lambda e: e["at"], reverse=True)
    return entries[:limit]
