"""The social-space analysis (step 3): indicators and their values over time, facilities
with their location, and the strengths and weaknesses per domain."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from planning.domains import Domain, IndicatorDomain
from quartier.fields import LONG_TEXT_MAX, bounded_text, text_length_constraint
from quartier.models import Quartier


class Direction(models.TextChoices):
    UP = "up", _("higher is better")
    DOWN = "down", _("lower is better")
    NONE = "none", _("descriptive only")


class Indicator(models.Model):
    """An entry of the indicator catalogue (shipped with the app, extended by administrators)."""

    code = models.CharField(
        _("code"),
        max_length=40,
        unique=True,
        help_text=_("Capital letters, digits and underscores; used in import files."),
    )
    title = models.CharField(_("title"), max_length=200)
    unit = models.CharField(_("unit"), max_length=60)
    domain = models.CharField(_("domain"), max_length=20, choices=IndicatorDomain.choices)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.NONE)
    source = models.CharField(_("usual source"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("offered for new values"), default=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(domain__in=IndicatorDomain.values), name="indicator_domain_valid"),
            models.CheckConstraint(condition=Q(direction__in=Direction.values), name="indicator_direction_valid"),
            models.CheckConstraint(condition=Q(code__regex=r"^[A-Z0-9_]+$"), name="indicator_code_format"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.unit})"


class IndicatorValue(models.Model):
    """One value of an indicator in one quartier on a reference date."""

    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="indicator_values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=4)
    reference_date = models.DateField(_("reference date"))
    source = models.CharField(_("source"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["indicator__position", "reference_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["quartier", "indicator", "reference_date"], name="indicatorvalue_unique_date"
            ),
        ]
        indexes = [models.Index(fields=["indicator", "quartier", "-reference_date"])]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.reference_date}: {self.value}"


class FacilityCategory(models.Model):
    """A kind of facility (meeting place, pharmacy, bus stop…) with the OpenStreetMap tags that
    map an OSM feature to it."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices)
    osm_tags = models.JSONField(
        _("OpenStreetMap tags"),
        default=list,
        blank=True,
        help_text=_('A list such as ["amenity=pharmacy", "club=*"]; the first category that matches wins.'),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("facility category")
        verbose_name_plural = _("facility categories")
        ordering = ["position", "key"]
        constraints = [
            models.CheckConstraint(condition=Q(domain__in=Domain.values), name="facilitycategory_domain_valid"),
        ]

    def __str__(self) -> str:
        return self.title


class Facility(models.Model):
    """A facility in or near the quartier: a place people go to."""

    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="facilities")
    category = models.ForeignKey(FacilityCategory, on_delete=models.PROTECT, related_name="facilities")
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices)
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    lat = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    lon = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    barrier_free = models.BooleanField(_("barrier-free"), null=True, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=300, blank=True)
    osm_id = models.CharField(
        _("OpenStreetMap id"), max_length=40, blank=True, help_text=_("e.g. node/123456; set by the import.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["category__position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["quartier", "osm_id"], condition=~Q(osm_id=""), name="facility_unique_osm_id"
            ),
            models.CheckConstraint(condition=Q(domain__in=Domain.values), name="facility_domain_valid"),
            models.CheckConstraint(condition=Q(lat__gte=-90, lat__lte=90), name="facility_lat_range"),
            models.CheckConstraint(condition=Q(lon__gte=-180, lon__lte=180), name="facility_lon_range"),
        ]

    def __str__(self) -> str:
        return self.name


class DomainAssessment(models.Model):
    """The strengths and weaknesses of one domain, the summary of the analysis."""

    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="domain_assessments")
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices)
    strengths = bounded_text(_("strengths"), blank=True)
    weaknesses = bounded_text(_("weaknesses"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("strengths and weaknesses")
        verbose_name_plural = _("strengths and weaknesses")
        ordering = ["quartier", "domain"]
        constraints = [
            models.UniqueConstraint(fields=["quartier", "domain"], name="domainassessment_unique_domain"),
            models.CheckConstraint(condition=Q(domain__in=Domain.values), name="domainassessment_domain_valid"),
            text_length_constraint("strengths", LONG_TEXT_MAX, name="domainassessment_strengths_length"),
            text_length_constraint("weaknesses", LONG_TEXT_MAX, name="domainassessment_weaknesses_length"),
        ]

    def __str__(self) -> str:
        return f"{self.quartier}: {self.get_domain_display()}"
