"""Contributions of partners: hours, money, rooms, material, know-how. A partner user logs
them; the quartier manager confirms them or returns them with a reason."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from planning.measures.models import Measure
from quartier.fields import SHORT_TEXT_MAX, bounded_text, text_length_constraint
from quartier.models import Quartier

from ..partners.models import Partner


class Unit(models.TextChoices):
    HOURS = "h", _("hours")
    EURO = "eur", _("euros")
    COUNT = "count", _("items")
    NONE = "none", _("described only")


class ContributionKind(models.Model):
    """An entry of the contribution catalogue (working time, volunteer hours, money, rooms…)."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("kind of contribution")
        verbose_name_plural = _("kinds of contribution")
        ordering = ["position", "key"]
        constraints = [models.CheckConstraint(condition=Q(unit__in=Unit.values), name="contribution_kind_unit_valid")]

    def __str__(self) -> str:
        return self.title


class ContributionStatus(models.TextChoices):
    SUBMITTED = "eingereicht", _("submitted")
    CONFIRMED = "bestaetigt", _("confirmed")
    RETURNED = "zurueckgegeben", _("returned")


class ContributionQuerySet(models.QuerySet["Contribution"]):
    def confirmed(self) -> ContributionQuerySet:
        return self.filter(status=ContributionStatus.CONFIRMED)


class Contribution(models.Model):
    quartier = models.ForeignKey(
        Quartier, on_delete=models.CASCADE, related_name="contributions", verbose_name=_("quartier")
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="contributions", verbose_name=_("partner")
    )
    kind = models.ForeignKey(
        ContributionKind, on_delete=models.PROTECT, related_name="contributions", verbose_name=_("kind")
    )
    # In the kind's unit; empty for kinds that are described only (know-how, publicity).
    amount = models.DecimalField(
        _("amount"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    date = models.DateField(_("date"))
    measure = models.ForeignKey(
        Measure,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("measure"),
    )
    description = bounded_text(_("description"), max_length=SHORT_TEXT_MAX, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ContributionStatus.choices, default=ContributionStatus.SUBMITTED
    )
    return_reason = bounded_text(_("reason for returning"), max_length=SHORT_TEXT_MAX, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions_submitted",
        verbose_name=_("submitted by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed or returned by"),
    )
    decided_at = models.DateTimeField(_("confirmed or returned on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ContributionQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["quartier", "status", "date"]),
            models.Index(fields=["partner", "status", "date"]),
            models.Index(fields=["measure", "status"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ContributionStatus.values), name="contribution_status_valid"),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="contribution_amount_not_negative"
            ),
            text_length_constraint("description", SHORT_TEXT_MAX, name="contribution_description_length"),
            text_length_constraint("return_reason", SHORT_TEXT_MAX, name="contribution_return_reason_length"),
        ]

    def __str__(self) -> str:
        return f"{self.partner}: {self.kind} ({self.date})"
