from __future__ import annotations

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.models import Quartier

# A render gets REPORT_SOFT_TIME_LIMIT to finish cleanly; at REPORT_TIME_LIMIT the worker kills it.
REPORT_SOFT_TIME_LIMIT = 240
REPORT_TIME_LIMIT = 300
# A running report whose render started longer ago than the hard limit (plus a little slack for
# saving the file) has no live render any more: its worker died, was killed, or the web process
# that rendered it in-process (no broker) went away. The same rule holds with and without a broker.
REPORT_RUNNING_LOST_AFTER = timedelta(seconds=REPORT_TIME_LIMIT + 30)
# A render is started at most this often for one request (or retry): a render that kills its
# worker is redelivered after each crash, and without a limit it would be started for ever.
REPORT_MAX_ATTEMPTS = 3
# A queued report that no worker has taken for this long was lost on the way (broker down).
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


class ReportFailure(models.TextChoices):
    """Why a report failed, in words for the person who asked; the technical error is in `error`."""

    ERROR = (
        "error",
        _(
            "An error occurred while creating the PDF. Please try again; "
            "if it fails again, please tell your administrator."
        ),
    )
    TIMEOUT = "timeout", _("Creating the PDF took too long and was stopped.")
    LOST = "lost", _("It was not finished in time. The background service may be unavailable; please try again.")


class Report(models.Model):
    """A PDF report job: who asked, its state, and the file or the error."""

    Kind = ReportKind
    Status = ReportStatus
    Failure = ReportFailure

    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PROGRESS)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    language = models.CharField(
        _("language of the report"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    # What the person who asked reads; `error` holds the technical detail for the log and the admin.
    failure = models.CharField(_("reason"), max_length=20, choices=Failure.choices, blank=True)
    error = models.TextField(_("technical error"), blank=True)
    file = models.FileField(upload_to=report_upload_to, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ReportStatus.values), name="report_status_valid"),
            models.CheckConstraint(condition=Q(kind__in=ReportKind.values), name="report_kind_valid"),
            models.CheckConstraint(
                condition=Q(language__in=[code for code, _name in settings.LANGUAGES]), name="report_language_valid"
            ),
            models.CheckConstraint(
                condition=Q(failure="") | Q(failure__in=ReportFailure.values), name="report_failure_valid"
            ),
            # At most one report of a kind is waiting or rendering per quartier: a second request
            # gets the pending one (services.report_request locks the quartier; this is the backstop).
            models.UniqueConstraint(
                fields=["quartier", "kind"],
                condition=Q(status__in=[ReportStatus.QUEUED, ReportStatus.RUNNING]),
                name="report_one_pending_per_quartier",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.quartier} ({self.get_status_display()})"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def is_stale(self) -> bool:
        """Still pending long after any render would have finished or been stopped: the job was lost.

        Computed, not stored, so that reading a page never writes; the write paths (a new request,
        a retry, the task) record the failure when they meet such a row (`services.report_fail_if_lost`).
        """
        if not self.is_pending:
            return False
        if self.status == self.Status.RUNNING and self.started_at:
            return timezone.now() - self.started_at > REPORT_RUNNING_LOST_AFTER
        return timezone.now() - self.queued_at > REPORT_STALE_AFTER

    @property
    def shown_status(self) -> str:
        """The status a person sees: a lost job is failed, whether or not a write has recorded it yet."""
        return self.Status.FAILED if self.is_stale else self.status

    @property
    def shown_status_label(self) -> str:
        return str(self.Status(self.shown_status).label)

    @property
    def failure_message(self) -> str:
        """The plain reason shown to the person; never the technical error."""
        if self.is_stale:
            return str(self.Failure.LOST.label)
        return str(self.Failure(self.failure or self.Failure.ERROR).label)

    @property
    def can_retry(self) -> bool:
        return self.status == self.Status.FAILED or self.is_stale

    @property
    def filename(self) -> str:
        date = (self.finished_at or self.requested_at).strftime("%Y-%m-%d")
        return f"Fortschrittsbericht-{self.quartier.slug}-{date}.pdf"
