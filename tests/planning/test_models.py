"""What deleting does to documents that are used as evidence."""

from __future__ import annotations

import pytest
from django.db.models import RestrictedError

from planning import services
from planning.models import ChecklistItem, Document, Evidence, EvidenceKind, StepProgress

from .helpers import give_evidence, required_items
from .uploads import pdf_bytes, upload


@pytest.fixture
def document_evidence(step, manager) -> Evidence:
    item = required_items(step)[1]  # "Steuerungsgruppe eingerichtet", evidence: document
    return services.evidence_add(
        item_id=item.pk, user=manager, kind=EvidenceKind.DOCUMENT, upload=upload("Beschluss.pdf", pdf_bytes())
    )


def test_a_document_used_as_evidence_cannot_be_deleted_on_its_own(document_evidence):
    with pytest.raises(RestrictedError):
        document_evidence.document.delete()

    assert Document.objects.filter(pk=document_evidence.document_id).exists()
    assert Evidence.objects.filter(pk=document_evidence.pk).exists()


def test_a_quartier_whose_documents_are_evidence_can_be_deleted(
    quartier, other_quartier, manager, step, document_evidence
):
    give_evidence(required_items(step)[0], manager)
    other_steps = other_quartier.steps.count()

    quartier.delete()

    assert not Document.objects.filter(quartier_id=quartier.pk).exists()
    assert not Evidence.objects.exists()
    assert not StepProgress.objects.filter(quartier_id=quartier.pk).exists()
    assert not ChecklistItem.objects.filter(step__quartier_id=quartier.pk).exists()
    # The other quartier keeps all its steps.
    assert other_quartier.steps.count() == other_steps == 10


def test_step_and_template_item_titles_follow_the_page_language(quartier):
    from django.utils import translation

    step = quartier.steps.select_related("template").get(template__number=1)
    item = step.items.select_related("template").order_by("position").first()
    own = ChecklistItem.objects.create(step=step, position=99, title="Eigener Punkt", evidence_kind="text")
    with translation.override("de"):
        assert step.template.display_title == "Quartiersorientierung als Leitbild abstimmen"
        assert item.display_title == "Leitbild formuliert (Anlass, Zielgruppen, Leitziele)"
    with translation.override("en"):
        assert step.template.display_title == "Agree on quartier orientation as the mission statement"
        assert item.display_title == "Mission statement written (reason, target groups, guiding goals)"
        assert own.display_title == "Eigener Punkt"
