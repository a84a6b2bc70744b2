"""Funding (step 10): where the money comes from, for which measures and until when."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from planning.domains import Domain
from planning.measures.models import Measure
from quartier.fields import LONG_TEXT_MAX, bounded_text, text_length_constraint
from quartier.models import Quartier


class FundingKind(models.Model):
    """An entry of the funding catalogue (municipal budget, § 45c SGB XI, foundation…)."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("kind of funding")
        verbose_name_plural = _("kinds of funding")
        ordering = ["position", "key"]

    def __str__(self) -> str:
        return self.title


class FundingStatus(models.TextChoices):
    APPLIED = "beantragt", _("applied for")
    GRANTED = "bewilligt", _("granted")
    REJECTED = "abgelehnt", _("rejected")
    EXPIRED = "ausgelaufen", _("expired")


class FundingSource(models.Model):
    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="funding_sources")
    kind = models.ForeignKey(FundingKind, on_delete=models.PROTECT, related_name="sources", verbose_name=_("kind"))
    title = models.CharField(_("title"), max_length=200)
    funder = models.CharField(_("funder"), max_length=200)
    domain = models.CharField(
        _("domain"), max_length=20, choices=Domain.choices, blank=True, help_text=_("Empty: all domains.")
    )
    amount = models.DecimalField(_("amount (€)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    status = models.CharField(_("status"), max_length=20, choices=FundingStatus.choices, default=FundingStatus.APPLIED)
    notes = bounded_text(_("notes"), blank=True)
    measures = models.ManyToManyField(
        Measure, through="FundingShare", blank=True, related_name="funding_sources", verbose_name=_("measures")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["quartier", "start", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="fundingsource_end_after_start"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="fundingsource_amount_not_negative"),
            models.CheckConstraint(condition=Q(status__in=FundingStatus.values), name="fundingsource_status_valid"),
            models.CheckConstraint(
                condition=Q(domain="") | Q(domain__in=Domain.values), name="fundingsource_domain_valid"
            ),
            text_length_constraint("notes", LONG_TEXT_MAX, name="fundingsource_notes_length"),
        ]

    def __str__(self) -> str:
        return self.title


class FundingShare(models.Model):
    """How much of a funding source pays for one measure."""

    source = models.ForeignKey(FundingSource, on_delete=models.CASCADE, related_name="shares")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="funding_shares")
    amount = models.DecimalField(_("amount (€)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)])

    class Meta:
        verbose_name = _("funding of a measure")
        verbose_name_plural = _("funding of measures")
        constraints = [
            models.UniqueConstraint(fields=["source", "measure"], name="fundingshare_unique"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="fundingshare_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.measure}"


def secured_until(periods: Iterable[tuple[datetime.date, datetime.date]], today: datetime.date) -> datetime.date | None:
    """The last day up to which granted funding runs without a gap, starting today.

    `periods` are the (start, end) days of the granted sources, ends included. Overlapping
    and back-to-back periods join; a gap ends the runway. None when nothing covers today.
    """
    until: datetime.date | None = None
    for start, end in sorted(periods):
        if end < today:
            continue
        reach = until if until is not None else today - datetime.timedelta(days=1)
        if start > reach + datetime.timedelta(days=1):
            break
        until = max(reach, end)
    return until
