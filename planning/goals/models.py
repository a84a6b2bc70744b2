"""Goals (step 5): what the quartier wants to reach per domain, measured by an indicator."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from planning.analysis.models import Indicator
from planning.domains import Domain
from quartier.fields import LONG_TEXT_MAX, bounded_text, text_length_constraint
from quartier.models import Quartier


class Goal(models.Model):
    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="goals")
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices)
    title = models.CharField(_("title"), max_length=200)
    description = bounded_text(_("description"), blank=True)
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, null=True, blank=True, related_name="goals", verbose_name=_("indicator")
    )
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=4, null=True, blank=True)
    target = models.DecimalField(_("target value"), max_digits=14, decimal_places=4, null=True, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    agreed_by = models.CharField(
        _("agreed by"),
        max_length=300,
        blank=True,
        help_text=_("e.g. participation workshop on 12.03.2026, steering group"),
    )
    agreed_on = models.DateField(_("agreed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["quartier", "domain", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(domain__in=Domain.values), name="goal_domain_valid"),
            text_length_constraint("description", LONG_TEXT_MAX, name="goal_description_length"),
        ]

    def __str__(self) -> str:
        return self.title


def attainment(
    *, baseline: Decimal | None, target: Decimal | None, current: Decimal | None, direction: str
) -> float | None:
    """How far the current value has come from the baseline to the target, 0.0 to 1.0.

    `direction` is the indicator's: "up" (higher is better), "down" or "none" (then the goal
    itself says which way: from the baseline towards the target). A target that is met
    counts as 1.0, also when the baseline was already past it. Without a target or a current
    value there is nothing to measure (None); without a baseline only "met" (1.0) or
    "not measurable" (None) can be said.
    """
    if target is None or current is None:
        return None
    if direction == "up":
        sign = 1
    elif direction == "down":
        sign = -1
    elif baseline is not None and baseline != target:
        sign = 1 if target > baseline else -1
    else:
        return 1.0 if current == target else None
    if (current - target) * sign >= 0:
        return 1.0
    if baseline is None or (target - baseline) * sign <= 0:
        # No baseline, or a baseline already past the target that has since fallen back.
        return None if baseline is None else 0.0
    share = (current - baseline) / (target - baseline)
    return float(min(max(share, Decimal(0)), Decimal(1)))
