"""Writes that steer the catchment analysis."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from quartier.access import Action, require
from quartier.models import Quartier, User

from .catchment_forms import RADIUS_MAX, RADIUS_MIN


def catchment_radius_set(*, quartier: Quartier, user: User, radius_m: int) -> Quartier:
    """Set the walking radius the catchment analysis uses. The cached analysis is keyed by the
    radius, so the next page view computes it afresh."""
    require(user, Action.EDIT_ANALYSIS, quartier)
    if not RADIUS_MIN <= radius_m <= RADIUS_MAX:
        raise ValidationError(
            _("The walking radius must be between %(min)s and %(max)s m.") % {"min": RADIUS_MIN, "max": RADIUS_MAX}
        )
    with transaction.atomic():
        quartier = Quartier.objects.select_for_update().get(pk=quartier.pk)
        quartier.catchment_radius_m = radius_m
        quartier.save(update_fields=["catchment_radius_m", "updated_at"])
        return quartier
