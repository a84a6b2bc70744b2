"""Writes of the ten-step workflow. Each function checks access, is atomic and documented."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Model, QuerySet, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.access import Action, require
from quartier.models import Organisation, Quartier, User
from quartier.services import quartier_lock

from .documents import validate_upload
from .evidence_objects import REGISTRY, kinds_for
from .models import (
    ChecklistItem,
    ChecklistTemplate,
    Document,
    Evidence,
    EvidenceKind,
    StepProgress,
    StepStatus,
    StepTemplate,
    StepTransition,
)
from .progress import last_activity, progress_values

# The workflow's allowed moves, as data. Steps are a guide, not a locked sequence:
# any step may be started or completed whatever the state of the others.
TRANSITIONS: dict[str, frozenset[str]] = {
    StepStatus.OPEN: frozenset({StepStatus.IN_PROGRESS, StepStatus.DONE}),
    StepStatus.IN_PROGRESS: frozenset({StepStatus.DONE}),
    StepStatus.DONE: frozenset({StepStatus.IN_PROGRESS}),  # reopen, with a reason
}

# Which action a move needs: starting is part of the daily work, completing and reopening steer.
TRANSITION_ACTION: dict[str, Action] = {
    StepStatus.IN_PROGRESS: Action.WORK_ON_STEPS,
    StepStatus.DONE: Action.MANAGE_STEPS,
}


class WorkflowError(Exception):
    """A move the workflow refuses; the message is shown to the user."""


class TransitionNotAllowed(WorkflowError):
    pass


class StepBlocked(WorkflowError):
    def __init__(self, blockers: list[str]) -> None:
        self.blockers = blockers
        super().__init__(_("The step cannot be completed yet."))


class StepLocked(WorkflowError):
    pass


@dataclass(frozen=True)
class Blocker:
    item: ChecklistItem
    reason: str

    def __str__(self) -> str:
        return _("“%(item)s”: %(reason)s") % {"item": self.item.display_title, "reason": self.reason}


def completion_blockers(step: StepProgress) -> list[Blocker]:
    """The required items that stop the step from being completed, and why.

    Uses the step's prefetched items and evidence when the caller has them (the step page).
    """
    prefetch_related_objects([step], "items__evidence", "items__template")
    blockers: list[Blocker] = []
    for item in sorted(step.items.all(), key=lambda i: i.position):
        if not item.required:
            continue
        if not item.done:
            blockers.append(Blocker(item, _("not done yet")))
        elif not item.evidence.all():
            blockers.append(Blocker(item, _("done, but no evidence yet")))
    return blockers


def _record(step: StepProgress, *, user: User | None, to_status: str, comment: str) -> StepTransition:
    from_status = step.status
    step.status = to_status
    step.status_changed_at = timezone.now()
    step.save(update_fields=["status", "status_changed_at", "updated_at"])
    # The caller brings the progress columns up to date once, after all of its changes.
    return StepTransition.objects.create(
        step=step, from_status=from_status, to_status=to_status, by=user, comment=comment
    )


def _progress_changed(quartier: Quartier, *, activity: bool = True) -> None:
    """Bring the quartier's progress columns up to date; called inside the changing transaction.

    The quartier row is locked first: two changes to different steps of one quartier would
    otherwise each compute the current step without the other's change, and the later write
    would keep a stale state.
    """
    quartier_lock(quartier_id=quartier.pk)
    values = progress_values(quartier=quartier)
    if activity:
        values["last_activity_at"] = timezone.now()
    Quartier.objects.filter(pk=quartier.pk).update(**values)
    for field, value in values.items():
        setattr(quartier, field, value)


def quartier_progress_refresh(*, quartier: Quartier) -> None:
    """Recompute the quartier's progress columns (current step, since, steps done, last activity)
    from its records: transitions, evidence, ticked items and the history of notes and items.

    For data written around the services: backdated demo histories, imports, the migration
    that fills the columns. The services keep the columns right themselves.
    """
    with transaction.atomic():
        _progress_changed(quartier, activity=False)
        at = last_activity(quartier_id=quartier.pk)
        Quartier.objects.filter(pk=quartier.pk).update(last_activity_at=at)
        quartier.last_activity_at = at


def step_transition(*, step_id: int, user: User, to_status: str, comment: str = "") -> StepTransition:
    """Move a step to `to_status` if the workflow, the guards and the user's role allow it.

    Locks the step row so that a double-click on "complete" makes exactly one transition:
    the second request waits, then finds the step already completed and is refused.
    """
    comment = comment.strip()
    with transaction.atomic():
        step = _lock_step(step_id)
        action = TRANSITION_ACTION.get(to_status, Action.MANAGE_STEPS)
        if step.status == StepStatus.DONE:
            action = Action.MANAGE_STEPS
        require(user, action, step.quartier)
        if to_status not in TRANSITIONS.get(step.status, frozenset()):
            if step.status == to_status == StepStatus.DONE:
                raise TransitionNotAllowed(_("This step is already completed."))
            raise TransitionNotAllowed(
                _("A step cannot move from “%(from)s” to “%(to)s”.")
                % {"from": StepStatus(step.status).label, "to": StepStatus(to_status).label}
            )
        if to_status == StepStatus.DONE:
            blockers = completion_blockers(step)
            if blockers:
                raise StepBlocked([str(b) for b in blockers])
        if step.status == StepStatus.DONE and not comment:
            raise WorkflowError(_("Please give a reason for reopening the step."))
        transition = _record(step, user=user, to_status=to_status, comment=comment)
        _progress_changed(step.quartier)
        return transition


def step_complete(*, step_id: int, user: User, comment: str = "") -> StepTransition:
    """Complete a step; refused with the blocking items named while required items lack work or evidence."""
    return step_transition(step_id=step_id, user=user, to_status=StepStatus.DONE, comment=comment)


def step_reopen(*, step_id: int, user: User, reason: str) -> StepTransition:
    """Reopen a completed step; the reason is recorded with the transition.

    Refused unless the step is completed: on an open step or one in progress the same move
    would start the step or record a "reopening" that reopened nothing. Checked under the
    step's lock, so the second of two reopen clicks is refused too.
    """
    with transaction.atomic():
        step = _lock_step(step_id)
        require(user, Action.MANAGE_STEPS, step.quartier)
        if step.status != StepStatus.DONE:
            raise TransitionNotAllowed(_("Only a completed step can be reopened."))
        return step_transition(step_id=step_id, user=user, to_status=StepStatus.IN_PROGRESS, comment=reason)


def _lock_step(step_id: int) -> StepProgress:
    # Lock only the step row (not the joined quartier and template rows, which other
    # quartiers' steps share): work on one step waits for a completion of that step only.
    return StepProgress.objects.select_for_update(of=("self",)).select_related("quartier", "template").get(pk=step_id)


def _lock_item(item_id: int, user: User, action: Action) -> ChecklistItem:
    """Lock the item's step, then the item: ticks and a completion of the same step take turns."""
    step_id = ChecklistItem.objects.filter(pk=item_id).values_list("step_id", flat=True).get()
    step = _lock_step(step_id)
    item = ChecklistItem.objects.select_for_update().get(pk=item_id)
    item.step = step
    require(user, action, step.quartier)
    if item.step.status == StepStatus.DONE:
        raise StepLocked(_("The step is completed. Reopen it to change its checklist."))
    return item


def _start_if_open(step: StepProgress, user: User) -> None:
    if step.status == StepStatus.OPEN:
        _record(
            step,
            user=user,
            to_status=StepStatus.IN_PROGRESS,
            comment=_("Started automatically when the first item was done."),
        )


def item_set_done(*, item_id: int, user: User, done: bool) -> ChecklistItem:
    """Tick or untick a checklist item. The first work on an open step puts it in progress."""
    with transaction.atomic():
        item = _lock_item(item_id, user, Action.WORK_ON_STEPS)
        if item.done == done:
            return item
        item.done = done
        item.done_at = timezone.now() if done else None
        item.done_by = user if done else None
        item.save(update_fields=["done", "done_at", "done_by"])
        if done:
            _start_if_open(item.step, user)
        _progress_changed(item.step.quartier)
        return item


def document_upload(*, quartier: Quartier, user: User, upload: UploadedFile, title: str = "") -> Document:
    """Store an uploaded file after checking its content; raises ValidationError and stores nothing otherwise."""
    require(user, Action.WORK_ON_STEPS, quartier)
    mime = validate_upload(upload)
    original_name = (upload.name or "datei").rsplit("/", 1)[-1][:255]
    document = Document(
        quartier=quartier,
        title=(title.strip() or original_name)[:300],
        original_name=original_name,
        content_type=mime,
        size=upload.size or 0,
        uploaded_by=user,
    )
    document.file.save(original_name, upload, save=False)
    try:
        document.save()
    except Exception:
        document.file.delete(save=False)
        raise
    return document


def evidence_add(
    *,
    item_id: int,
    user: User,
    kind: str,
    upload: UploadedFile | None = None,
    url: str = "",
    text: str = "",
    linked_object: Model | None = None,
    label: str = "",
) -> Evidence:
    """Attach evidence to a checklist item; the item counts as done once evidence is there.

    Any object of the same quartier can be linked (surveys, measures, meetings…), so later
    kinds of evidence need no change here.
    """
    with transaction.atomic():
        item = _lock_item(item_id, user, Action.WORK_ON_STEPS)
        quartier = item.step.quartier
        evidence = Evidence(item=item, kind=kind, created_by=user, label=label.strip()[:300])
        if kind == EvidenceKind.DOCUMENT:
            if upload is None:
                raise WorkflowError(_("Please choose a file."))
            evidence.document = document_upload(quartier=quartier, user=user, upload=upload, title=label)
            evidence.label = evidence.label or evidence.document.title
        elif kind == EvidenceKind.LINK:
            evidence.url = url.strip()
        elif kind == EvidenceKind.TEXT:
            evidence.text = text.strip()
        elif kind == EvidenceKind.OBJECT:
            # The quartier itself (its Leitbild, its boundary) or an object that names it. An
            # object without a quartier must not pass because its id happens to equal ours.
            owner_id = (
                linked_object.pk if isinstance(linked_object, Quartier) else getattr(linked_object, "quartier_id", None)
            )
            if linked_object is None or owner_id != quartier.pk:
                raise WorkflowError(_("Only objects of this quartier can be linked."))
            evidence.content_type = ContentType.objects.get_for_model(linked_object)
            evidence.object_id = linked_object.pk
            evidence.label = evidence.label or str(linked_object)
        evidence.save()
        if not item.done:
            item.done = True
            item.done_at = timezone.now()
            item.done_by = user
            item.save(update_fields=["done", "done_at", "done_by"])
        _start_if_open(item.step, user)
        _progress_changed(quartier)
        return evidence


def evidence_link_leitbild(*, item_id: int, user: User) -> Evidence:
    """Link the quartier's Leitbild as evidence of a checklist item that asks for it.

    Refused when the item expects other evidence, or when the quartier has no Leitbild yet:
    an empty Leitbild proves nothing.
    """
    with transaction.atomic():
        item = _lock_item(item_id, user, Action.WORK_ON_STEPS)
        quartier = item.step.quartier
        if item.object_kind != "leitbild":
            raise WorkflowError(_("This checklist item does not ask for the quartier's Leitbild."))
        if not quartier.leitbild.strip():
            raise WorkflowError(
                _("The quartier has no Leitbild yet. Please enter it under “Profile and Leitbild” first.")
            )
        return evidence_add(
            item_id=item.pk,
            user=user,
            kind=EvidenceKind.OBJECT,
            linked_object=quartier,
            label=_("Mission statement of %(name)s") % {"name": quartier.name},
        )


def evidence_link_object(*, item_id: int, user: User, kind: str, object_id: int) -> Evidence:
    """Link an object of the app (a facility, a goal, the strengths and weaknesses…) as evidence.

    Only kinds the item accepts (its own and, in some steps, more; see
    `planning.evidence_objects.kinds_for`) and only objects the kind offers for this quartier
    can be linked; the same object twice on one item is refused.
    """
    with transaction.atomic():
        item = _lock_item(item_id, user, Action.WORK_ON_STEPS)
        quartier = item.step.quartier
        if kind not in kinds_for(object_kind=item.object_kind, step_number=item.step.template.number):
            raise WorkflowError(_("This checklist item does not accept this kind of object."))
        source = REGISTRY[kind]
        candidates = source.candidates(quartier)
        obj = candidates.filter(pk=object_id).first() if isinstance(candidates, QuerySet) else None
        if obj is None:
            raise WorkflowError(_("This object cannot be linked here. Please choose one from the list."))
        content_type = ContentType.objects.get_for_model(obj)
        if item.evidence.filter(content_type=content_type, object_id=obj.pk).exists():
            raise WorkflowError(_("This object is already linked to the item."))
        return evidence_add(
            item_id=item.pk,
            user=user,
            kind=EvidenceKind.OBJECT,
            linked_object=obj,
            label=source.label(obj),
        )


def evidence_remove(*, evidence_id: int, user: User) -> bool:
    """Remove a piece of evidence; its document stays among the quartier's documents.

    Returns whether this call removed it. Evidence that is already gone (the second request
    of a double-click on "remove") is no error: there is nothing left to do.
    """
    with transaction.atomic():
        item_id = Evidence.objects.filter(pk=evidence_id).values_list("item_id", flat=True).first()
        if item_id is None:
            return False
        # Lock first, then read the evidence again: a concurrent removal of the same evidence
        # has finished by the time we hold the lock, and we must not delete (and record in its
        # history) what that request already removed.
        item = _lock_item(item_id, user, Action.WORK_ON_STEPS)
        evidence = Evidence.objects.filter(pk=evidence_id).first()
        if evidence is None:
            return False
        evidence.delete()
        _progress_changed(item.step.quartier)
        return True


def item_add(*, step_id: int, user: User, title: str, required: bool, evidence_kind: str) -> ChecklistItem:
    """Add the team's own checklist item to a step of its quartier."""
    with transaction.atomic():
        step = _lock_step(step_id)
        require(user, Action.MANAGE_STEPS, step.quartier)
        if step.status == StepStatus.DONE:
            raise StepLocked(_("The step is completed. Reopen it to change its checklist."))
        position = (step.items.aggregate(m=Max("position"))["m"] or 0) + 1
        item = ChecklistItem.objects.create(
            step=step,
            position=position,
            title=title.strip(),
            required=required,
            evidence_kind=evidence_kind,
            created_by=user,
        )
        _progress_changed(step.quartier)
        return item


def step_notes_update(*, step_id: int, user: User, notes: str) -> StepProgress:
    """Save the team's notes on a step."""
    with transaction.atomic():
        step = _lock_step(step_id)
        require(user, Action.WORK_ON_STEPS, step.quartier)
        step.notes = notes
        step.save(update_fields=["notes", "updated_at"])
        _progress_changed(step.quartier)
        return step


def quartier_create(*, organisation: Organisation, name: str, slug: str, municipality: str, **profile: Any) -> Quartier:
    """Create a quartier with its ten steps and their checklists, all or nothing.

    `profile` takes the quartier's other fields (spatial type, population, Leitbild…). Lives
    here rather than in the quartier app, which must not depend on planning. No access check:
    only the admin site (staff with the add permission) and management commands create
    quartiers, and no role in a quartier grants it.
    """
    with transaction.atomic():
        quartier = Quartier.objects.create(
            organisation=organisation, name=name, slug=slug, municipality=municipality, **profile
        )
        steps_ensure(quartier=quartier)
    return quartier


def steps_ensure(*, quartier: Quartier) -> int:
    """Create the ten step records and their checklist items for a quartier; idempotent.

    Returns the number of steps created.
    """
    templates = list(StepTemplate.objects.order_by("number"))
    existing = set(quartier.steps.values_list("template_id", flat=True))
    missing = [t for t in templates if t.pk not in existing]
    if not missing:
        return 0
    with transaction.atomic():
        steps = StepProgress.objects.bulk_create([StepProgress(quartier=quartier, template=t) for t in missing])
        step_by_template = {s.template_id: s for s in steps}
        items = [
            ChecklistItem(
                step=step_by_template[ct.step_id],
                template=ct,
                position=ct.position,
                title=ct.title,
                required=ct.required,
                evidence_kind=ct.evidence_kind,
                object_kind=ct.object_kind,
            )
            for ct in ChecklistTemplate.objects.filter(step__in=missing).order_by("step__number", "position")
        ]
        ChecklistItem.objects.bulk_create(items)
        # New steps are no activity, but they are where the quartier stands (step 1, open).
        _progress_changed(quartier, activity=False)
    return len(missing)
