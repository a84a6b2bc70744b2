"""Participation events (Bürgerversammlung, Quartiersbegehung, Werkstatt, Sprechstunde, Fest):
who came, what was found, documents and photos; a neighbourhood walk's problem points."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from planning.analysis.models import Facility
from planning.models import Document
from quartier.fields import LONG_TEXT_MAX, SHORT_TEXT_MAX, bounded_text, text_length_constraint
from quartier.models import Quartier

from ..ideas.models import Idea


class EventKind(models.TextChoices):
    CITIZENS_MEETING = "buergerversammlung", _("citizens' meeting / information event")
    WALK = "begehung", _("neighbourhood walk")
    WORKSHOP = "werkstatt", _("participation workshop")
    CONSULTATION = "sprechstunde", _("consultation hours / quartier office")
    FESTIVAL = "fest", _("quartier festival / campaign")


MAX_PARTICIPANTS = 100_000


def participants_field(verbose_name: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(verbose_name, default=0, validators=[MaxValueValidator(MAX_PARTICIPANTS)])


class Event(models.Model):
    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="events", verbose_name=_("quartier"))
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("begins"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    description = bounded_text(_("what it is about"), max_length=SHORT_TEXT_MAX, blank=True)
    findings = bounded_text(_("findings"), blank=True)
    # Participants in all and by age band: the share of people over 80 is a figure of its own.
    participants = participants_field(_("participants"))
    participants_under_65 = participants_field(_("of them under 65"))
    participants_65_79 = participants_field(_("of them 65 to 79"))
    participants_80_plus = participants_field(_("of them 80 and older"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["quartier", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="event_kind_valid"),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(
                    participants__gte=F("participants_under_65") + F("participants_65_79") + F("participants_80_plus")
                ),
                name="event_age_bands_within_participants",
            ),
            text_length_constraint("description", SHORT_TEXT_MAX, name="event_description_length"),
            text_length_constraint("findings", LONG_TEXT_MAX, name="event_findings_length"),
        ]

    def __str__(self) -> str:
        return self.title


class EventAttachment(models.Model):
    """A document or photo of an event. A photo without the consent of the people on it is never
    shown publicly or in a report."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    is_photo = models.BooleanField(_("photo"), default=False)
    consent = models.BooleanField(_("the people shown agreed to publication"), default=False)

    class Meta:
        verbose_name = _("event attachment")
        verbose_name_plural = _("event attachments")

    def __str__(self) -> str:
        return f"{self.event}: {self.document}"


class WalkOutcome(models.TextChoices):
    OPEN = "", _("not decided yet")
    FACILITY = "facility", _("recorded as a facility")
    BARRIER = "barrier", _("counted as a barrier")
    IDEA = "idea", _("turned into an idea")


class WalkPoint(models.Model):
    """A problem point found on a neighbourhood walk, with its place on the map."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="walk_points")
    description = bounded_text(_("what was found"), max_length=SHORT_TEXT_MAX)
    lat = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, validators=[MinValueValidator(-90), MaxValueValidator(90)]
    )
    lon = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, validators=[MinValueValidator(-180), MaxValueValidator(180)]
    )
    photo = models.ForeignKey(Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    photo_consent = models.BooleanField(_("the people shown agreed to publication"), default=False)
    outcome = models.CharField(_("what became of it"), max_length=20, choices=WalkOutcome.choices, blank=True)
    facility = models.ForeignKey(Facility, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    idea = models.ForeignKey(Idea, on_delete=models.SET_NULL, null=True, blank=True, related_name="walk_points")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("problem point")
        verbose_name_plural = _("problem points")
        ordering = ["event", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(outcome__in=WalkOutcome.values), name="walk_point_outcome_valid"),
            models.CheckConstraint(condition=Q(lat__gte=-90, lat__lte=90), name="walk_point_lat_range"),
            models.CheckConstraint(condition=Q(lon__gte=-180, lon__lte=180), name="walk_point_lon_range"),
            text_length_constraint("description", SHORT_TEXT_MAX, name="walk_point_description_length"),
        ]

    def __str__(self) -> str:
        return self.description[:60]
