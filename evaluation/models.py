from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.models import Quartier

# Longer than the task's hard time limit (300 s) plus a generous wait in the queue.
REPORT_STALE_AFTER = timedelta(minutes=10)


def report_upload_to(instance: Report, filename: str) -> str:
    return f"reports/{instance.quartier_id}/{uuid.uuid4().hex}.pdf"


class ReportKind(models.TextChoices):
    PROGRESS = "progress", _("Progress report")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("being created")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


class Report(models.Model):
    """A PDF report job: who asked, its state, and the file or the error."""

    Kind = ReportKind
    Status = ReportStatus

    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PROGRESS)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    file = models.FileField(upload_to=report_upload_to, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ReportStatus.values), name="report_status_valid"),
            models.CheckConstraint(condition=Q(kind__in=ReportKind.values), name="report_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quartier} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def is_stale(self) -> bool:
        """Still pending long after any worker would have finished: the job was lost."""
        since = self.started_at if self.status == self.Status.RUNNING and self.started_at else self.queued_at
        return self.is_pending and timezone.now() - since > REPORT_STALE_AFTER

    @property
    def can_retry(self) -> bool:
        return self.status == self.Status.FAILED or self.is_stale

    @property
    def filename(self) -> str:
        date = (self.finished_at or self.requested_at).strftime("%Y-%m-%d")
        return f"Fortschrittsbericht-{self.quartier.slug}-{date}.pdf"
