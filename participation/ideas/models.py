"""Ideas: citizens' suggestions for the quartier, submitted on a public page or entered by staff;
reviewed, adopted as a measure or declined with a reason everybody can read."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from planning.domains import Domain
from planning.measures.models import Measure
from quartier.fields import SHORT_TEXT_MAX, bounded_text, text_length_constraint
from quartier.models import Quartier


class IdeaStatus(models.TextChoices):
    NEW = "neu", _("new")
    REVIEW = "in_pruefung", _("being reviewed")
    ADOPTED = "uebernommen", _("adopted")
    DECLINED = "abgelehnt", _("declined")


class IdeaSource(models.TextChoices):
    ONLINE = "online", _("public page")
    STAFF = "staff", _("entered by the team")


class Idea(models.Model):
    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="ideas", verbose_name=_("quartier"))
    text = bounded_text(_("idea"), max_length=SHORT_TEXT_MAX)
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices, blank=True)
    lat = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    lon = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    status = models.CharField(_("status"), max_length=20, choices=IdeaStatus.choices, default=IdeaStatus.NEW)
    # Shown publicly next to a declined idea.
    reason = bounded_text(_("reason"), max_length=SHORT_TEXT_MAX, blank=True)
    source = models.CharField(_("submitted through"), max_length=20, choices=IdeaSource.choices)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("measure")
    )
    created_on = models.DateField(_("submitted on"))
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-created_on", "-pk"]
        indexes = [models.Index(fields=["quartier", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=IdeaStatus.values), name="idea_status_valid"),
            models.CheckConstraint(condition=Q(source__in=IdeaSource.values), name="idea_source_valid"),
            models.CheckConstraint(condition=Q(domain="") | Q(domain__in=Domain.values), name="idea_domain_valid"),
            models.CheckConstraint(
                condition=Q(lat__isnull=True, lon__isnull=True) | Q(lat__isnull=False, lon__isnull=False),
                name="idea_location_complete",
            ),
            text_length_constraint("text", SHORT_TEXT_MAX, name="idea_text_length"),
            text_length_constraint("reason", SHORT_TEXT_MAX, name="idea_reason_length"),
        ]

    def __str__(self) -> str:
        return self.text[:60]
