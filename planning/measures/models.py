"""Measures (step 7): what the quartier does, with milestones, a status workflow whose
moves are data (planning/data/measure_workflow.yaml) and every move recorded."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from planning.domains import Domain
from planning.goals.models import Goal
from quartier.fields import LONG_TEXT_MAX, SHORT_TEXT_MAX, bounded_text, text_length_constraint
from quartier.models import Quartier


class MeasureStatus(models.TextChoices):
    # With a context: a step "in progress" is "in Arbeit", a measure "in Umsetzung".
    PLANNED = "geplant", pgettext_lazy("measure status", "planned")
    ACTIVE = "in_umsetzung", pgettext_lazy("measure status", "in progress")
    DONE = "abgeschlossen", pgettext_lazy("measure status", "completed")
    PAUSED = "pausiert", pgettext_lazy("measure status", "paused")
    DROPPED = "verworfen", pgettext_lazy("measure status", "dropped")


# A measure in one of these states still has work ahead: it can be overdue.
OPEN_STATUSES = (MeasureStatus.PLANNED, MeasureStatus.ACTIVE, MeasureStatus.PAUSED)


class MeasureQuerySet(models.QuerySet["Measure"]):
    def open(self) -> MeasureQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: datetime.date) -> MeasureQuerySet:
        """Open measures past their end date or with an open milestone past its due date."""
        late_milestone = Milestone.objects.filter(measure=OuterRef("pk"), done=False, due_date__lt=today)
        return self.open().filter(Q(end__lt=today) | Exists(late_milestone))

    def on_track(self, today: datetime.date) -> MeasureQuerySet:
        return self.open().exclude(pk__in=self.overdue(today).values("pk"))


class Measure(models.Model):
    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="measures")
    title = models.CharField(_("title"), max_length=200)
    description = bounded_text(_("description"), blank=True)
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices)
    goals = models.ManyToManyField(Goal, blank=True, related_name="measures", verbose_name=_("goals served"))
    target_group = models.CharField(_("target group"), max_length=300, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures_responsible",
        verbose_name=_("responsible"),
    )
    status = models.CharField(_("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED)
    status_changed_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    budget_planned = models.DecimalField(
        _("planned budget (€)"), max_digits=12, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    budget_spent = models.DecimalField(
        _("spent (€)"), max_digits=12, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeasureQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[goals])

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["quartier", "title"]
        indexes = [models.Index(fields=["quartier", "status"]), models.Index(fields=["responsible", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(domain__in=Domain.values), name="measure_domain_valid"),
            models.CheckConstraint(condition=Q(status__in=MeasureStatus.values), name="measure_status_valid"),
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=F("start")),
                name="measure_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(budget_planned__gte=0, budget_spent__gte=0), name="measure_budget_not_negative"
            ),
            text_length_constraint("description", LONG_TEXT_MAX, name="measure_description_length"),
        ]

    def __str__(self) -> str:
        return self.title


class Milestone(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("title"), max_length=200)
    due_date = models.DateField(_("due"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["measure", "position", "due_date", "pk"]
        indexes = [models.Index(fields=["measure", "done", "due_date"])]

    def __str__(self) -> str:
        return self.title


class MeasureTransition(models.Model):
    """One move of a measure's status: who, when, from, to and why."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=MeasureStatus.choices)
    to_status = models.CharField(max_length=20, choices=MeasureStatus.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    comment = bounded_text(_("reason"), max_length=SHORT_TEXT_MAX, blank=True)

    class Meta:
        verbose_name = _("status change of a measure")
        verbose_name_plural = _("status changes of measures")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["measure", "-at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(from_status__in=MeasureStatus.values) & Q(to_status__in=MeasureStatus.values),
                name="measuretransition_status_valid",
            ),
            text_length_constraint("comment", SHORT_TEXT_MAX, name="measuretransition_comment_length"),
        ]

    def __str__(self) -> str:
        return f"{self.measure}: {self.from_status} → {self.to_status}"
