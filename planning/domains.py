"""The three domains of an age-friendly quartier. Every object of the analysis, every goal,
measure and funding source names one, so that the holistic view holds."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Domain(models.TextChoices):
    WOHNEN = "wohnen", _("Housing")
    SOZIALES = "soziales", _("Social life")
    PFLEGE = "pflege", _("Help and care")


class IndicatorDomain(models.TextChoices):
    """Indicators may also describe the quartier as a whole (population, age structure)."""

    BASIS = "basis", _("Basic data")
    WOHNEN = "wohnen", _("Housing")
    SOZIALES = "soziales", _("Social life")
    PFLEGE = "pflege", _("Help and care")
