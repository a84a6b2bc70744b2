from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from quartier.fields import LONG_TEXT_MAX, SHORT_TEXT_MAX, bounded_text, text_length_constraint
from quartier.models import Quartier


class Phase(models.TextChoices):
    PLANNING = "planning", _("Planning phase")
    IMPLEMENTATION = "implementation", _("Implementation phase")
    CONSOLIDATION = "consolidation", _("Consolidation phase")


class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", _("Document")
    LINK = "link", _("Link")
    TEXT = "text", _("Written text")
    OBJECT = "object", _("Object in the app")


# What the `object:<kind>` evidence of a checklist item refers to, in words.
OBJECT_KIND_LABELS = {
    "leitbild": _("the quartier's Leitbild"),
    "boundary": _("the quartier boundary"),
    "indicator_values": _("indicator values"),
    "facility": _("facilities"),
    "analysis": _("strengths and weaknesses"),
    "walk_event": _("a neighbourhood walk"),
    "survey": _("a survey"),
    "event": _("an event"),
    "partner_agreement": _("partner agreements"),
    "goal": _("goals"),
    "measure": _("measures"),
    "meeting": _("a network meeting"),
    "success_story": _("a success story"),
    "evaluation": _("an evaluation"),
    "funding": _("funding sources"),
    "report": _("a report"),
}


def _localized(german: str, english: str) -> str:
    return english if english and (get_language() or "").startswith("en") else german


class StepTemplate(models.Model):
    """One of the ten KDA steps, loaded from planning/data/steps.yaml."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    title = models.CharField(_("title"), max_length=200)
    english = models.CharField(_("English title"), max_length=200, blank=True)
    guidance = bounded_text(_("guidance"), blank=True)
    guidance_english = bounded_text(_("English guidance"), blank=True)

    class Meta:
        verbose_name = _("step template")
        verbose_name_plural = _("step templates")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1, number__lte=10), name="steptemplate_number_range"),
            models.CheckConstraint(condition=Q(phase__in=Phase.values), name="steptemplate_phase_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def display_title(self) -> str:
        """The title in the language of the page: the template carries German and English."""
        return _localized(self.title, self.english)

    @property
    def display_guidance(self) -> str:
        return _localized(self.guidance, self.guidance_english)


class ChecklistTemplate(models.Model):
    step = models.ForeignKey(StepTemplate, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=300)
    english = models.CharField(_("English title"), max_length=300, blank=True)
    required = models.BooleanField(_("required"), default=False)
    evidence_kind = models.CharField(_("evidence"), max_length=10, choices=EvidenceKind.choices)
    object_kind = models.CharField(
        _("kind of object"), max_length=40, blank=True, help_text=_("e.g. survey, measure, meeting")
    )

    class Meta:
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        ordering = ["step__number", "position"]
        constraints = [
            models.UniqueConstraint(fields=["step", "position"], name="checklisttemplate_unique_position"),
            models.CheckConstraint(
                condition=Q(evidence_kind__in=EvidenceKind.values),
                name="checklisttemplate_evidence_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class StepStatus(models.TextChoices):
    OPEN = "open", _("open")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", _("completed")


class StepProgress(models.Model):
    """The state of one of the ten steps in one quartier."""

    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="steps")
    template = models.ForeignKey(StepTemplate, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=StepStatus.choices, default=StepStatus.OPEN)
    notes = bounded_text(_("notes"), blank=True)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("step")
        verbose_name_plural = _("steps")
        ordering = ["quartier", "template__number"]
        constraints = [
            models.UniqueConstraint(fields=["quartier", "template"], name="stepprogress_unique_step"),
            models.CheckConstraint(condition=Q(status__in=StepStatus.values), name="stepprogress_status_valid"),
            text_length_constraint("notes", LONG_TEXT_MAX, name="stepprogress_notes_length"),
        ]

    def __str__(self) -> str:
        return f"{self.quartier}: {self.template}"

    @property
    def number(self) -> int:
        return self.template.number


class ChecklistItem(models.Model):
    """A checklist item of one step in one quartier: from the template or added by the team."""

    step = models.ForeignKey(StepProgress, on_delete=models.CASCADE, related_name="items")
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    position = models.PositiveSmallIntegerField(_("position"))
    title = models.CharField(_("title"), max_length=300)
    required = models.BooleanField(_("required"), default=False)
    evidence_kind = models.CharField(_("expected evidence"), max_length=10, choices=EvidenceKind.choices)
    object_kind = models.CharField(_("kind of object"), max_length=40, blank=True)
    done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["step", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(evidence_kind__in=EvidenceKind.values),
                name="checklistitem_evidence_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_custom(self) -> bool:
        return self.template_id is None

    @property
    def display_title(self) -> str:
        """Items from the template follow the page's language; the team's own items stay as typed."""
        if self.template_id is None:
            return self.title
        return _localized(self.title, self.template.english)

    @property
    def state(self) -> str:
        """As pages and reports show it: "open", "missing" (required, ticked, no evidence) or "done".

        Reads `evidence.all()`, so lists prefetch the evidence.
        """
        if not self.done:
            return "open"
        if self.required and not self.evidence.all():
            return "missing"
        return "done"

    @property
    def object_kind_label(self) -> str:
        return str(OBJECT_KIND_LABELS.get(self.object_kind, self.object_kind))


def document_upload_to(instance: Document, filename: str) -> str:
    # The stored name is random: the original name is kept in the row, never in a path.
    import uuid

    return f"documents/{instance.quartier_id}/{uuid.uuid4().hex}"


class Document(models.Model):
    """An uploaded file. Served only through a view that checks access."""

    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(upload_to=document_upload_to)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.title


class Evidence(models.Model):
    """What proves a checklist item done: a document, a link, a text or any object in the app.

    Objects later issues build (surveys, measures, meetings…) attach through the generic
    relation, so no schema change is needed when they arrive.
    """

    item = models.ForeignKey(ChecklistItem, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=10, choices=EvidenceKind.choices)
    # RESTRICT, not PROTECT: a document still used as evidence cannot be deleted on its own,
    # but deleting the whole quartier (which takes its documents and its evidence) works.
    document = models.ForeignKey(Document, on_delete=models.RESTRICT, null=True, blank=True, related_name="evidence")
    url = models.URLField(_("link"), max_length=500, blank=True)
    text = bounded_text(_("text"), blank=True)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    linked_object = GenericForeignKey("content_type", "object_id")
    label = models.CharField(_("label"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind=EvidenceKind.DOCUMENT, document__isnull=False)
                    | (Q(kind=EvidenceKind.LINK) & ~Q(url=""))
                    | (Q(kind=EvidenceKind.TEXT) & ~Q(text=""))
                    | Q(kind=EvidenceKind.OBJECT, content_type__isnull=False, object_id__isnull=False)
                ),
                name="evidence_kind_has_value",
            ),
            text_length_constraint("text", LONG_TEXT_MAX, name="evidence_text_length"),
        ]

    def __str__(self) -> str:
        return self.label or self.get_kind_display()


class StepTransition(models.Model):
    """One move of a step's status: who, when, from, to and why."""

    step = models.ForeignKey(StepProgress, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=StepStatus.choices)
    to_status = models.CharField(max_length=20, choices=StepStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = bounded_text(_("comment"), max_length=SHORT_TEXT_MAX, blank=True)

    class Meta:
        verbose_name = _("step transition")
        verbose_name_plural = _("step transitions")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["step", "-at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_status__in=StepStatus.values) & Q(to_status__in=StepStatus.values),
                name="steptransition_status_valid",
            ),
            text_length_constraint("comment", SHORT_TEXT_MAX, name="steptransition_comment_length"),
        ]

    def __str__(self) -> str:
        return f"{self.step}: {self.from_status} → {self.to_status}"

    @property
    def move(self) -> str:
        """What the move meant to the team: "started", "completed" or "reopened"."""
        if self.to_status == StepStatus.DONE:
            return "completed"
        if self.from_status == StepStatus.DONE:
            return "reopened"
        return "started"

    @property
    def move_label(self) -> str:
        """„Begonnen“, „Abgeschlossen“ or „Wieder geöffnet“, for the step's history."""
        return str(TRANSITION_MOVES[self.move])


TRANSITION_MOVES = {
    "started": _("Started"),
    "completed": _("Completed"),
    "reopened": _("Reopened"),
}


# The analysis, goals, measures and funding live in their own modules; importing them here
# registers them with the planning app and lets other code import every model from one place.
from planning.analysis.models import (  # noqa: E402
    Direction,
    DomainAssessment,
    Facility,
    FacilityCategory,
    Indicator,
    IndicatorValue,
)
from planning.domains import Domain, IndicatorDomain  # noqa: E402
from planning.funding.models import FundingKind, FundingShare, FundingSource, FundingStatus  # noqa: E402
from planning.goals.models import Goal  # noqa: E402
from planning.measures.models import Measure, MeasureStatus, MeasureTransition, Milestone  # noqa: E402

__all__ = [
    "OBJECT_KIND_LABELS",
    "ChecklistItem",
    "ChecklistTemplate",
    "Direction",
    "Document",
    "Domain",
    "DomainAssessment",
    "Evidence",
    "EvidenceKind",
    "Facility",
    "FacilityCategory",
    "FundingKind",
    "FundingShare",
    "FundingSource",
    "FundingStatus",
    "Goal",
    "Indicator",
    "IndicatorDomain",
    "IndicatorValue",
    "Measure",
    "MeasureStatus",
    "MeasureTransition",
    "Milestone",
    "Phase",
    "StepProgress",
    "StepStatus",
    "StepTemplate",
    "StepTransition",
]
