"""The ten-step workflow: moves, guards, roles, evidence, and what each writes down."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection

from planning import services
from planning.models import (
    ChecklistItem,
    ChecklistTemplate,
    Document,
    Evidence,
    EvidenceKind,
    StepProgress,
    StepStatus,
    StepTransition,
)
from tests.factories import CoordinatorFactory, MembershipFactory, QuartierFactory, UserFactory

from .helpers import give_evidence, optional_items, required_items
from .uploads import exe_bytes, pdf_bytes, upload

OPEN, IN_PROGRESS, DONE = StepStatus.OPEN, StepStatus.IN_PROGRESS, StepStatus.DONE


def set_status(step: StepProgress, status: str) -> StepProgress:
    StepProgress.objects.filter(pk=step.pk).update(status=status)
    step.refresh_from_db()
    return step


def files_in(media_root) -> list:
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


# --- The moves -------------------------------------------------------------------------


def test_allowed_moves_are_the_documented_ones():
    assert {
        OPEN: {IN_PROGRESS, DONE},
        IN_PROGRESS: {DONE},
        DONE: {IN_PROGRESS},
    } == services.TRANSITIONS


def test_starting_a_step_records_who_moved_it_from_where_to_where(step, manager):
    transition = services.step_transition(step_id=step.pk, user=manager, to_status=IN_PROGRESS, comment=" Los geht’s ")

    step.refresh_from_db()
    assert step.status == IN_PROGRESS
    assert step.status_changed_at is not None
    row = StepTransition.objects.get(step=step)
    assert row == transition
    assert (row.by, row.from_status, row.to_status, row.comment) == (manager, OPEN, IN_PROGRESS, "Los geht’s")


def test_an_open_step_without_required_items_can_be_completed_straight_away(step, manager):
    step.items.update(required=False)

    services.step_complete(step_id=step.pk, user=manager, comment="Leitbild liegt schon vor")

    step.refresh_from_db()
    assert step.status == DONE
    row = StepTransition.objects.get(step=step)
    assert (row.by, row.from_status, row.to_status, row.comment) == (manager, OPEN, DONE, "Leitbild liegt schon vor")


def test_a_step_in_progress_is_completed_once_every_required_item_has_evidence(ready_step, manager):
    assert ready_step.status == IN_PROGRESS

    services.step_complete(step_id=ready_step.pk, user=manager, comment="Beschlossen im Lenkungskreis")

    ready_step.refresh_from_db()
    assert ready_step.status == DONE
    row = ready_step.transitions.first()
    assert (row.by, row.from_status, row.to_status, row.comment) == (
        manager,
        IN_PROGRESS,
        DONE,
        "Beschlossen im Lenkungskreis",
    )


def test_reopening_puts_the_step_back_in_progress_and_records_the_reason(done_step, manager):
    services.step_reopen(step_id=done_step.pk, user=manager, reason="Rat hat das Leitbild geändert")

    done_step.refresh_from_db()
    assert done_step.status == IN_PROGRESS
    row = done_step.transitions.first()
    assert (row.by, row.from_status, row.to_status, row.comment) == (
        manager,
        DONE,
        IN_PROGRESS,
        "Rat hat das Leitbild geändert",
    )


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (DONE, DONE),
        (DONE, OPEN),
        (IN_PROGRESS, OPEN),
        (IN_PROGRESS, IN_PROGRESS),
        (OPEN, OPEN),
    ],
)
def test_moves_outside_the_table_are_refused_and_change_nothing(step, manager, start, target):
    step.items.update(required=False)  # no guard may be the reason for the refusal
    set_status(step, start)

    with pytest.raises(services.TransitionNotAllowed):
        services.step_transition(step_id=step.pk, user=manager, to_status=target, comment="Versuch")

    step.refresh_from_db()
    assert step.status == start
    assert not StepTransition.objects.filter(step=step).exists()


def test_completing_a_completed_step_again_is_refused(done_step, manager):
    with pytest.raises(services.TransitionNotAllowed):
        services.step_complete(step_id=done_step.pk, user=manager)

    assert done_step.transitions.filter(to_status=DONE).count() == 1


# --- Guards ----------------------------------------------------------------------------


def test_required_items_not_done_block_completion_and_are_named(step, manager):
    with pytest.raises(services.StepBlocked) as blocked:
        services.step_complete(step_id=step.pk, user=manager)

    titles = [item.title for item in required_items(step)]
    assert len(blocked.value.blockers) == 3
    for title, blocker in zip(titles, blocked.value.blockers, strict=True):
        assert title in blocker
    step.refresh_from_db()
    assert step.status == OPEN
    assert not StepTransition.objects.filter(step=step).exists()


def test_a_required_item_ticked_without_evidence_still_blocks(step, manager):
    first, *others = required_items(step)
    for item in others:
        give_evidence(item, manager)
    services.item_set_done(item_id=first.pk, user=manager, done=True)

    with pytest.raises(services.StepBlocked) as blocked:
        services.step_complete(step_id=step.pk, user=manager)

    assert len(blocked.value.blockers) == 1
    assert first.title in blocked.value.blockers[0]
    assert StepTransition.objects.filter(step=step, to_status=DONE).count() == 0


def test_blocker_reasons_tell_missing_work_from_missing_evidence(step, manager):
    first, second, _third = required_items(step)
    services.item_set_done(item_id=first.pk, user=manager, done=True)

    blockers = {b.item.pk: b.reason for b in services.completion_blockers(step)}

    assert set(blockers) == {item.pk for item in required_items(step)}
    assert blockers[first.pk] != blockers[second.pk]
    assert blockers[second.pk] == blockers[_third.pk]


def test_unticking_an_item_that_has_evidence_blocks_again(ready_step, manager):
    item = required_items(ready_step)[0]
    services.item_set_done(item_id=item.pk, user=manager, done=False)

    with pytest.raises(services.StepBlocked) as blocked:
        services.step_complete(step_id=ready_step.pk, user=manager)

    assert [item.title in b for b in blocked.value.blockers] == [True]


def test_removing_the_only_evidence_blocks_again(ready_step, manager):
    item = required_items(ready_step)[0]
    services.evidence_remove(evidence_id=item.evidence.get().pk, user=manager)

    with pytest.raises(services.StepBlocked) as blocked:
        services.step_complete(step_id=ready_step.pk, user=manager)

    assert len(blocked.value.blockers) == 1
    assert item.title in blocked.value.blockers[0]


def test_optional_items_never_block(ready_step, manager):
    assert all(not item.done for item in optional_items(ready_step))

    services.step_complete(step_id=ready_step.pk, user=manager)

    ready_step.refresh_from_db()
    assert ready_step.status == DONE


def test_an_own_required_item_of_the_manager_blocks_until_it_has_evidence(ready_step, manager):
    own = services.item_add(
        step_id=ready_step.pk,
        user=manager,
        title="Seniorenbeirat angehört",
        required=True,
        evidence_kind=EvidenceKind.TEXT,
    )

    with pytest.raises(services.StepBlocked) as blocked:
        services.step_complete(step_id=ready_step.pk, user=manager)
    assert len(blocked.value.blockers) == 1
    assert "Seniorenbeirat angehört" in blocked.value.blockers[0]

    give_evidence(own, manager, text="Sitzung am 12. Mai")
    services.step_complete(step_id=ready_step.pk, user=manager)
    ready_step.refresh_from_db()
    assert ready_step.status == DONE


def test_an_own_optional_item_does_not_block(ready_step, manager):
    services.item_add(
        step_id=ready_step.pk, user=manager, title="Presseartikel", required=False, evidence_kind=EvidenceKind.LINK
    )

    services.step_complete(step_id=ready_step.pk, user=manager)

    ready_step.refresh_from_db()
    assert ready_step.status == DONE


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_reopening_needs_a_reason(done_step, manager, reason):
    with pytest.raises(services.WorkflowError):
        services.step_reopen(step_id=done_step.pk, user=manager, reason=reason)

    done_step.refresh_from_db()
    assert done_step.status == DONE
    assert not done_step.transitions.filter(from_status=DONE).exists()


@pytest.mark.parametrize("status", [OPEN, IN_PROGRESS])
def test_only_a_completed_step_can_be_reopened(step, manager, status):
    set_status(step, status)

    with pytest.raises(services.TransitionNotAllowed):
        services.step_reopen(step_id=step.pk, user=manager, reason="Noch einmal ansehen")

    step.refresh_from_db()
    assert step.status == status
    assert not StepTransition.objects.filter(step=step).exists()


def test_reopening_twice_reopens_once(done_step, manager):
    services.step_reopen(step_id=done_step.pk, user=manager, reason="Rat hat nachgebessert")

    with pytest.raises(services.TransitionNotAllowed):
        services.step_reopen(step_id=done_step.pk, user=manager, reason="Rat hat nachgebessert")

    assert done_step.transitions.filter(from_status=DONE).count() == 1
    assert done_step.transitions.filter(comment="Rat hat nachgebessert").count() == 1


# --- Roles -----------------------------------------------------------------------------


def test_developer_may_tick_and_add_evidence(step, developer):
    first, second, _ = required_items(step)

    services.item_set_done(item_id=first.pk, user=developer, done=True)
    evidence = services.evidence_add(item_id=second.pk, user=developer, kind=EvidenceKind.LINK, url="https://ex.org/p")

    first.refresh_from_db()
    assert first.done and first.done_by == developer
    assert evidence.created_by == developer
    assert second.evidence.get().url == "https://ex.org/p"


def test_developer_may_not_complete_reopen_or_add_items(ready_step, done_step, developer):
    assert done_step.status == DONE
    with pytest.raises(PermissionDenied):
        services.step_reopen(step_id=done_step.pk, user=developer, reason="Ich möchte weiterarbeiten")
    StepProgress.objects.filter(pk=done_step.pk).update(status=IN_PROGRESS)

    with pytest.raises(PermissionDenied):
        services.step_complete(step_id=done_step.pk, user=developer)
    with pytest.raises(PermissionDenied):
        services.item_add(
            step_id=done_step.pk, user=developer, title="Eigener Punkt", required=True, evidence_kind="text"
        )

    assert done_step.transitions.count() == 2  # the start and the manager's completion, nothing more
    assert not done_step.items.filter(title="Eigener Punkt").exists()


@pytest.mark.parametrize("role", ["partner", "viewer", "coordinator", "other_coordinator", "outsider"])
def test_readers_and_strangers_may_neither_work_on_nor_steer_a_step(request, step, role):
    user = request.getfixturevalue(role)
    item = required_items(step)[0]

    calls = [
        lambda: services.item_set_done(item_id=item.pk, user=user, done=True),
        lambda: services.evidence_add(item_id=item.pk, user=user, kind=EvidenceKind.TEXT, text="Nachweis"),
        lambda: services.step_transition(step_id=step.pk, user=user, to_status=IN_PROGRESS),
        lambda: services.step_complete(step_id=step.pk, user=user),
        lambda: services.item_add(step_id=step.pk, user=user, title="X", required=True, evidence_kind="text"),
        lambda: services.step_notes_update(step_id=step.pk, user=user, notes="Notiz"),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()

    item.refresh_from_db()
    step.refresh_from_db()
    assert not item.done
    assert step.status == OPEN and step.notes == ""
    assert not Evidence.objects.exists()
    assert not StepTransition.objects.exists()
    assert step.items.count() == 5


def test_readers_may_not_reopen_a_completed_step(done_step, partner, viewer, coordinator):
    for user in (partner, viewer, coordinator):
        with pytest.raises(PermissionDenied):
            services.step_reopen(step_id=done_step.pk, user=user, reason="Bitte wieder öffnen")
    done_step.refresh_from_db()
    assert done_step.status == DONE


def test_a_manager_of_another_quartier_may_not_touch_this_one(step, other_quartier):
    stranger = MembershipFactory(quartier=other_quartier, role="manager").user
    with pytest.raises(PermissionDenied):
        services.step_complete(step_id=step.pk, user=stranger)
    with pytest.raises(PermissionDenied):
        services.item_set_done(item_id=required_items(step)[0].pk, user=stranger, done=True)


def test_a_deactivated_manager_can_no_longer_act(step, manager):
    manager.is_active = False
    manager.save(update_fields=["is_active"])
    with pytest.raises(PermissionDenied):
        services.item_set_done(item_id=required_items(step)[0].pk, user=manager, done=True)


# --- Ticking items ---------------------------------------------------------------------


def test_the_first_tick_starts_an_open_step(step, developer):
    item = required_items(step)[0]

    services.item_set_done(item_id=item.pk, user=developer, done=True)

    step.refresh_from_db()
    assert step.status == IN_PROGRESS
    row = StepTransition.objects.get(step=step)
    assert (row.by, row.from_status, row.to_status) == (developer, OPEN, IN_PROGRESS)
    assert row.comment  # says that the first piece of work started it


def test_further_ticks_do_not_start_the_step_again(step, developer):
    first, second, _ = required_items(step)
    services.item_set_done(item_id=first.pk, user=developer, done=True)
    services.item_set_done(item_id=second.pk, user=developer, done=True)

    assert StepTransition.objects.filter(step=step).count() == 1


def test_ticking_records_who_and_when_and_unticking_clears_it(step, developer):
    item = optional_items(step)[0]

    services.item_set_done(item_id=item.pk, user=developer, done=True)
    item.refresh_from_db()
    assert item.done and item.done_by == developer and item.done_at is not None

    services.item_set_done(item_id=item.pk, user=developer, done=False)
    item.refresh_from_db()
    assert not item.done and item.done_by is None and item.done_at is None


def test_the_checklist_of_a_completed_step_is_locked(done_step, manager):
    item = optional_items(done_step)[0]

    with pytest.raises(services.StepLocked):
        services.item_set_done(item_id=item.pk, user=manager, done=True)
    with pytest.raises(services.StepLocked):
        services.evidence_add(item_id=item.pk, user=manager, kind=EvidenceKind.TEXT, text="zu spät")
    with pytest.raises(services.StepLocked):
        services.item_add(step_id=done_step.pk, user=manager, title="Nachtrag", required=True, evidence_kind="text")

    item.refresh_from_db()
    assert not item.done
    assert not item.evidence.exists()
    assert not done_step.items.filter(title="Nachtrag").exists()


# --- Evidence --------------------------------------------------------------------------


def test_text_evidence_marks_the_item_done_and_starts_the_step(step, developer):
    item = required_items(step)[2]

    evidence = services.evidence_add(
        item_id=item.pk, user=developer, kind=EvidenceKind.TEXT, text="  Bürgerforum am 4. April  ", label="Forum"
    )

    item.refresh_from_db()
    step.refresh_from_db()
    assert (evidence.kind, evidence.text, evidence.label) == (EvidenceKind.TEXT, "Bürgerforum am 4. April", "Forum")
    assert item.done and item.done_by == developer
    assert step.status == IN_PROGRESS


def test_link_evidence_keeps_the_address(step, manager):
    item = required_items(step)[1]

    services.evidence_add(item_id=item.pk, user=manager, kind=EvidenceKind.LINK, url=" https://musterstadt.de/rat ")

    assert item.evidence.get().url == "https://musterstadt.de/rat"


def test_document_evidence_stores_the_file_as_a_document_of_the_quartier(step, manager, quartier, settings):
    item = required_items(step)[1]

    evidence = services.evidence_add(
        item_id=item.pk, user=manager, kind=EvidenceKind.DOCUMENT, upload=upload("Steuerungsgruppe.pdf", pdf_bytes())
    )

    document = Document.objects.get()
    assert evidence.document == document
    assert evidence.label == "Steuerungsgruppe.pdf"
    assert (document.quartier, document.original_name, document.content_type) == (
        quartier,
        "Steuerungsgruppe.pdf",
        "application/pdf",
    )
    assert document.size == len(pdf_bytes())
    # Stored under a random name: the original name never becomes a path.
    assert "Steuerungsgruppe" not in document.file.name
    with document.file.open("rb") as fh:
        assert fh.read() == pdf_bytes()
    assert files_in(settings.MEDIA_ROOT) == [settings.MEDIA_ROOT / document.file.name]


def test_document_evidence_without_a_file_is_refused(step, manager):
    item = required_items(step)[1]

    with pytest.raises(services.WorkflowError):
        services.evidence_add(item_id=item.pk, user=manager, kind=EvidenceKind.DOCUMENT)

    item.refresh_from_db()
    assert not item.done and not Evidence.objects.exists()


def test_a_refused_upload_stores_nothing(step, manager, settings):
    item = required_items(step)[1]

    with pytest.raises(ValidationError):
        services.evidence_add(
            item_id=item.pk, user=manager, kind=EvidenceKind.DOCUMENT, upload=upload("protokoll.pdf", exe_bytes())
        )

    item.refresh_from_db()
    assert not item.done
    assert not Evidence.objects.exists() and not Document.objects.exists()
    assert files_in(settings.MEDIA_ROOT) == []


def test_the_quartier_itself_can_be_linked_as_evidence(step, manager, quartier):
    item = required_items(step)[0]  # "Leitbild formuliert", evidence: object:leitbild

    evidence = services.evidence_add(item_id=item.pk, user=manager, kind=EvidenceKind.OBJECT, linked_object=quartier)

    assert evidence.linked_object == quartier
    assert evidence.label == "Altstadt"
    item.refresh_from_db()
    assert item.done


def test_objects_of_the_same_quartier_can_be_linked(step, manager, quartier):
    document = Document.objects.create(
        quartier=quartier, title="Ratsbeschluss", file="documents/x", original_name="r.pdf", content_type="a", size=1
    )
    item = optional_items(step)[1]

    evidence = services.evidence_add(item_id=item.pk, user=manager, kind=EvidenceKind.OBJECT, linked_object=document)

    assert evidence.linked_object == document
    assert evidence.label == "Ratsbeschluss"


def test_objects_of_another_quartier_cannot_be_linked(step, manager, other_quartier):
    foreign_document = Document.objects.create(
        quartier=other_quartier, title="Fremd", file="documents/y", original_name="f.pdf", content_type="a", size=1
    )
    item = required_items(step)[0]

    for foreign in (other_quartier, foreign_document):
        with pytest.raises(services.WorkflowError):
            services.evidence_add(item_id=item.pk, user=manager, kind=EvidenceKind.OBJECT, linked_object=foreign)

    item.refresh_from_db()
    assert not item.done and not Evidence.objects.exists()


def test_an_object_that_belongs_to_no_quartier_cannot_be_linked(step, manager, quartier, other_organisation):
    # Same id as the quartier, but a record of another organisation: the id alone proves nothing.
    foreign = CoordinatorFactory(pk=quartier.pk, organisation=other_organisation, user=UserFactory())
    item = required_items(step)[0]

    with pytest.raises(services.WorkflowError):
        services.evidence_add(item_id=item.pk, user=manager, kind=EvidenceKind.OBJECT, linked_object=foreign)

    assert not Evidence.objects.exists()


def test_the_leitbild_is_linked_to_the_item_that_asks_for_it(step, manager, quartier):
    quartier.leitbild = "Gut älter werden in der Altstadt."
    quartier.save(update_fields=["leitbild"])
    item = required_items(step)[0]  # "Leitbild formuliert", evidence: object:leitbild

    evidence = services.evidence_link_leitbild(item_id=item.pk, user=manager)

    assert (evidence.kind, evidence.linked_object, evidence.label) == (
        EvidenceKind.OBJECT,
        quartier,
        "Leitbild des Quartiers Altstadt",
    )
    item.refresh_from_db()
    step.refresh_from_db()
    assert item.done and item.done_by == manager
    assert step.status == IN_PROGRESS


def test_the_leitbild_cannot_be_linked_to_an_item_that_asks_for_something_else(step, manager, quartier):
    quartier.leitbild = "Gut älter werden in der Altstadt."
    quartier.save(update_fields=["leitbild"])
    item = required_items(step)[2]  # "Leitbild mit Bürgerinnen und Bürgern abgestimmt", evidence: object:event

    with pytest.raises(services.WorkflowError, match="verlangt nicht das Leitbild"):
        services.evidence_link_leitbild(item_id=item.pk, user=manager)

    item.refresh_from_db()
    assert not item.done and not Evidence.objects.exists()


@pytest.mark.parametrize("leitbild", ["", "  \n "])
def test_an_empty_leitbild_cannot_be_linked(step, manager, quartier, leitbild):
    quartier.leitbild = leitbild
    quartier.save(update_fields=["leitbild"])
    item = required_items(step)[0]

    with pytest.raises(services.WorkflowError, match="noch kein Leitbild"):
        services.evidence_link_leitbild(item_id=item.pk, user=manager)

    item.refresh_from_db()
    assert not item.done and not Evidence.objects.exists()


@pytest.mark.parametrize("role", ["partner", "viewer", "coordinator", "outsider"])
def test_readers_and_strangers_may_not_link_the_leitbild(request, step, quartier, role):
    quartier.leitbild = "Gut älter werden in der Altstadt."
    quartier.save(update_fields=["leitbild"])

    with pytest.raises(PermissionDenied):
        services.evidence_link_leitbild(item_id=required_items(step)[0].pk, user=request.getfixturevalue(role))

    assert not Evidence.objects.exists()


def test_removing_evidence_keeps_its_document(step, manager):
    item = required_items(step)[1]
    evidence = services.evidence_add(
        item_id=item.pk, user=manager, kind=EvidenceKind.DOCUMENT, upload=upload("liste.pdf", pdf_bytes())
    )

    services.evidence_remove(evidence_id=evidence.pk, user=manager)

    assert not Evidence.objects.exists()
    assert Document.objects.get().original_name == "liste.pdf"


def test_removing_evidence_twice_is_harmless(ready_step, manager):
    # A double-click on "remove": the second request finds the evidence gone.
    evidence = required_items(ready_step)[0].evidence.get()

    assert services.evidence_remove(evidence_id=evidence.pk, user=manager) is True
    assert services.evidence_remove(evidence_id=evidence.pk, user=manager) is False

    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    # One removal in the step's history, not two.
    assert Evidence.history.filter(id=evidence.pk, history_type="-").count() == 1


# --- Own items and the step records ------------------------------------------------------


def test_own_items_go_to_the_end_of_the_checklist(step, manager):
    item = services.item_add(
        step_id=step.pk, user=manager, title="  Quartiersbeirat  ", required=True, evidence_kind=EvidenceKind.TEXT
    )

    assert item.title == "Quartiersbeirat"
    assert item.position == 6
    assert item.is_custom and item.created_by == manager
    assert list(step.items.order_by("position").values_list("title", flat=True))[-1] == "Quartiersbeirat"


def test_a_created_quartier_has_its_ten_steps_with_their_checklists(organisation):
    quartier = services.quartier_create(
        organisation=organisation, name="Südstadt", slug="suedstadt", municipality="Musterstadt", population=4800
    )

    quartier.refresh_from_db()
    assert (quartier.organisation, quartier.name, quartier.population) == (organisation, "Südstadt", 4800)
    assert sorted(quartier.steps.values_list("template__number", flat=True)) == list(range(1, 11))
    assert set(quartier.steps.values_list("status", flat=True)) == {OPEN}
    items = ChecklistItem.objects.filter(step__quartier=quartier).order_by("step__template__number", "position")
    templates = ChecklistTemplate.objects.order_by("step__number", "position")
    assert list(items.values_list("step__template__number", "position", "title", "required")) == list(
        templates.values_list("step__number", "position", "title", "required")
    )
    assert items.count() > 10  # every step has its checklist
    assert not items.filter(done=True).exists()


def test_a_quartier_is_not_created_without_its_steps(organisation, monkeypatch):
    def broken_steps_ensure(*, quartier):
        raise RuntimeError("the steps could not be created")

    monkeypatch.setattr(services, "steps_ensure", broken_steps_ensure)

    with pytest.raises(RuntimeError):
        services.quartier_create(organisation=organisation, name="Südstadt", slug="suedstadt", municipality="M")

    assert not organisation.quartiers.filter(slug="suedstadt").exists()


def test_steps_ensure_creates_the_ten_steps_with_the_template_checklists(db):
    quartier = QuartierFactory(with_steps=False)
    assert not quartier.steps.exists()

    assert services.steps_ensure(quartier=quartier) == 10

    assert quartier.steps.count() == 10
    items = ChecklistItem.objects.filter(step__quartier=quartier)
    assert items.count() == ChecklistTemplate.objects.count()
    assert items.filter(required=True).count() == ChecklistTemplate.objects.filter(required=True).count()
    assert not items.filter(done=True).exists()


def test_steps_ensure_is_idempotent_and_fills_gaps(quartier):
    assert services.steps_ensure(quartier=quartier) == 0
    quartier.steps.get(template__number=7).delete()

    assert services.steps_ensure(quartier=quartier) == 1
    assert services.steps_ensure(quartier=quartier) == 0

    assert sorted(quartier.steps.values_list("template__number", flat=True)) == list(range(1, 11))
    step7 = quartier.steps.get(template__number=7)
    assert step7.items.count() == ChecklistTemplate.objects.filter(step__number=7).count()


# --- Concurrency -----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_people_completing_the_same_step_at_once_make_exactly_one_transition():
    # A transactional test starts from whatever an earlier one left after its flush, which
    # also empties the step templates a migration loaded: load them again.
    call_command("load_step_templates", verbosity=0)
    quartier = QuartierFactory()
    step = quartier.steps.get(template__number=1)
    first_manager = MembershipFactory(quartier=quartier, role="manager").user
    second_manager = MembershipFactory(quartier=quartier, role="manager").user
    for item in required_items(step):
        give_evidence(item, first_manager)

    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def complete(user_id: int, name: str) -> None:
        from quartier.models import User

        try:
            user = User.objects.get(pk=user_id)
            barrier.wait(timeout=10)
            services.step_complete(step_id=step.pk, user=user)
            outcomes[name] = "done"
        except Exception as exc:  # noqa: BLE001 — the test inspects whatever happened
            outcomes[name] = exc
        finally:
            connection.close()

    threads = [
        threading.Thread(target=complete, args=(first_manager.pk, "first")),
        threading.Thread(target=complete, args=(second_manager.pk, "second")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(str(type(o).__name__) for o in outcomes.values()) == ["TransitionNotAllowed", "str"]
    assert list(outcomes.values()).count("done") == 1
    assert StepTransition.objects.filter(step=step, to_status=DONE).count() == 1
    step.refresh_from_db()
    assert step.status == DONE


@pytest.mark.django_db(transaction=True)
def test_an_untick_while_the_step_is_being_completed_cannot_slip_past_the_guard(monkeypatch):
    call_command("load_step_templates", verbosity=0)
    quartier = QuartierFactory()
    step = quartier.steps.get(template__number=1)
    manager = MembershipFactory(quartier=quartier, role="manager").user
    developer = MembershipFactory(quartier=quartier, role="developer").user
    for item in required_items(step):
        give_evidence(item, manager)
    item = required_items(step)[0]

    # The completion pauses right after it has checked the items, giving the untick every
    # chance to get in between. It must wait for the completion instead.
    checked, untick_finished = threading.Event(), threading.Event()
    original = services.completion_blockers

    def slow_blockers(step_to_check):
        blockers = original(step_to_check)
        checked.set()
        untick_finished.wait(timeout=1)
        return blockers

    monkeypatch.setattr(services, "completion_blockers", slow_blockers)
    outcomes: dict[str, object] = {}

    def complete() -> None:
        try:
            services.step_complete(step_id=step.pk, user=manager)
            outcomes["complete"] = "done"
        except Exception as exc:  # noqa: BLE001 — the test inspects whatever happened
            outcomes["complete"] = exc
        finally:
            connection.close()

    def untick() -> None:
        try:
            checked.wait(timeout=10)
            services.item_set_done(item_id=item.pk, user=developer, done=False)
            outcomes["untick"] = "done"
        except Exception as exc:  # noqa: BLE001
            outcomes["untick"] = exc
        finally:
            untick_finished.set()
            connection.close()

    threads = [threading.Thread(target=complete), threading.Thread(target=untick)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert outcomes["complete"] == "done"
    assert isinstance(outcomes["untick"], services.StepLocked)
    step.refresh_from_db()
    item.refresh_from_db()
    assert step.status == DONE
    assert item.done
