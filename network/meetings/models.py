"""Meetings of the network (step 6): who was invited and came, minutes, decisions and the
action items that follow; a private calendar feed per person and quartier."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from planning.measures.models import Measure
from quartier.fields import LONG_TEXT_MAX, bounded_text, text_length_constraint
from quartier.models import Quartier

from ..partners.models import Partner


class MeetingKind(models.TextChoices):
    NETWORK = "netzwerktreffen", _("network meeting")
    CONFERENCE = "quartierskonferenz", _("quartier conference")
    WORKING_GROUP = "arbeitsgruppe", _("working group")


class Meeting(models.Model):
    quartier = models.ForeignKey(
        Quartier, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("quartier")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.NETWORK)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("begins"))
    ends_at = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    agenda = bounded_text(_("agenda"), blank=True)
    invited = models.ManyToManyField(
        Partner, blank=True, related_name="meetings_invited", verbose_name=_("invited partners")
    )
    present = models.ManyToManyField(
        Partner, blank=True, related_name="meetings_attended", verbose_name=_("partners present")
    )
    citizens_count = models.PositiveIntegerField(
        _("citizens present"), default=0, validators=[MaxValueValidator(100_000)]
    )
    minutes = bounded_text(_("minutes"), blank=True)
    decisions = bounded_text(_("decisions"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[invited, present])

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["quartier", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=MeetingKind.values), name="meeting_kind_valid"),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=F("starts_at")), name="meeting_ends_after_start"
            ),
            text_length_constraint("agenda", LONG_TEXT_MAX, name="meeting_agenda_length"),
            text_length_constraint("minutes", LONG_TEXT_MAX, name="meeting_minutes_length"),
            text_length_constraint("decisions", LONG_TEXT_MAX, name="meeting_decisions_length"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_minuted(self) -> bool:
        return bool(self.minutes.strip())


class ActionItem(models.Model):
    """A task agreed in a meeting, for a partner or a person, with a due date."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="action_items", verbose_name=_("meeting")
    )
    task = models.CharField(_("task"), max_length=300)
    responsible_partner = models.ForeignKey(
        Partner,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("responsible partner"),
    )
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_items",
        verbose_name=_("responsible person"),
    )
    due_date = models.DateField(_("due"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    # The measure this item became, if it did.
    measure = models.ForeignKey(
        Measure, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("measure")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["done", "due_date", "pk"]
        indexes = [models.Index(fields=["meeting", "done"]), models.Index(fields=["responsible_partner", "done"])]

    def __str__(self) -> str:
        return self.task


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's private subscription to a quartier's meetings. Renewing replaces the token, so
    that the old link stops working."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds")
    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="calendar_feeds")
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar subscription")
        verbose_name_plural = _("calendar subscriptions")
        constraints = [models.UniqueConstraint(fields=["user", "quartier"], name="calendar_feed_unique")]

    def __str__(self) -> str:
        return f"{self.user} – {self.quartier}"
