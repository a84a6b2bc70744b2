"""Print files of a survey, made in the background (Celery + WeasyPrint): the A4 poster with the
QR code, the large-print paper questionnaire and the results PDF. A row per request holds its
state and, once ready, the file."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..surveys.models import Survey

# A render gets the soft limit to finish cleanly; at the hard limit the worker kills it.
PRINT_SOFT_TIME_LIMIT = 120
PRINT_TIME_LIMIT = 150


def print_upload_to(instance: SurveyPrint, filename: str) -> str:
    return f"survey-prints/{instance.survey_id}/{uuid.uuid4().hex}.pdf"


class PrintKind(models.TextChoices):
    POSTER = "poster", _("poster with QR code")
    QUESTIONNAIRE = "fragebogen", _("paper questionnaire in large print")
    RESULTS = "ergebnisse", _("results")


class PrintStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("being created")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


class SurveyPrint(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="prints", verbose_name=_("survey"))
    kind = models.CharField(_("kind"), max_length=20, choices=PrintKind.choices)
    status = models.CharField(_("status"), max_length=20, choices=PrintStatus.choices, default=PrintStatus.QUEUED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # What the person who asked reads when it failed; the technical detail goes to the log.
    error = models.CharField(_("reason"), max_length=500, blank=True)
    file = models.FileField(upload_to=print_upload_to, blank=True)

    class Meta:
        verbose_name = _("print file")
        verbose_name_plural = _("print files")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["survey", "kind", "-requested_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PrintKind.values), name="survey_print_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=PrintStatus.values), name="survey_print_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.survey}: {self.get_kind_display()}"
