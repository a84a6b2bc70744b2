"""Quartier work as a job and the carrier's own development (parts 2 and 3 of the KDA model).

- Catalogues (organisation/data/organisation.yaml): role profiles, task fields, competences and
  the topics of the organisation check (four change dimensions, eight implementation
  challenges). Administrators extend them in the admin.
- Staff: a person who works for an organisation's quartiers (a user or a named person without
  login), their posts in quartiers (`Staffing`), their monthly hours per task field
  (`TimeEntry`), their self-assessed competences and trainings. Competences and trainings are
  employee data: no history is kept of them, and an administrator can export and erase them.
- The organisation check: rounds in which the coordinators rate every topic on the maturity
  scale with evidence and next actions; a PDF of the latest round is made in the background.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from planning.funding.models import FundingSource
from quartier.fields import LONG_TEXT_MAX, SHORT_TEXT_MAX, bounded_text, text_length_constraint
from quartier.models import Organisation, Quartier

# A post of more than 60 hours a week is a typing mistake; so are more than 300 hours of one
# person in one month (about 70 hours a week), across all task fields and quartiers.
WEEKLY_HOURS_MAX = Decimal(60)
MONTH_HOURS_MAX = Decimal(300)


# --- catalogues -------------------------------------------------------------------------------


class RoleProfile(models.Model):
    """Quartiersentwickler*in, Quartiersmanager*in, Quartierskoordinator*in."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    summary = bounded_text(_("description"), max_length=SHORT_TEXT_MAX, blank=True)
    # The access role that usually goes with the profile (quartier.models.Role or "coordinator").
    app_role = models.CharField(_("usual role in the app"), max_length=20, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("role profile")
        verbose_name_plural = _("role profiles")
        ordering = ["position", "key"]
        constraints = [text_length_constraint("summary", SHORT_TEXT_MAX, name="roleprofile_summary_length")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_manager(self) -> bool:
        """The profile of the „Kümmerer“: the person who steers the quartier's development."""
        return self.key == MANAGER_PROFILE


# The role profile whose hours count as the quartier's „Kümmerer“.
MANAGER_PROFILE = "manager"


class TaskField(models.Model):
    """One of the four task fields staff record their time against."""

    key = models.SlugField(_("key"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("task field")
        verbose_name_plural = _("task fields")
        ordering = ["position", "key"]

    def __str__(self) -> str:
        return self.title


# The task field of participation: the portfolio flags quartiers that spend no time on it.
PARTICIPATION_FIELD = "beteiligung"


class Competence(models.Model):
    key = models.SlugField(_("key"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        ordering = ["position", "key"]

    def __str__(self) -> str:
        return self.title


class CompetenceLevel(models.IntegerChoices):
    BASIC = 1, _("Basic knowledge")
    EXPERIENCED = 2, _("Experienced")
    CONFIDENT = 3, _("Confident")
    CAN_TEACH = 4, _("Can teach others")


# A competence is covered in a team when someone is at least this sure of it.
COVERED_LEVEL = CompetenceLevel.CONFIDENT


class TopicKind(models.TextChoices):
    DIMENSION = "dimension", _("change dimension")
    CHALLENGE = "challenge", _("implementation challenge")


class CheckTopic(models.Model):
    """What the organisation check rates: a change dimension or an implementation challenge."""

    Kind = TopicKind

    kind = models.CharField(_("kind"), max_length=20, choices=TopicKind.choices)
    key = models.SlugField(_("key"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    question = bounded_text(_("guiding question"), max_length=SHORT_TEXT_MAX, blank=True)
    # The step of the ten-step model the challenge belongs to (challenges only).
    step = models.PositiveSmallIntegerField(
        _("step"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("topic of the organisation check")
        verbose_name_plural = _("topics of the organisation check")
        ordering = ["kind", "position", "key"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="checktopic_unique_key"),
            models.CheckConstraint(condition=Q(kind__in=TopicKind.values), name="checktopic_kind_valid"),
            models.CheckConstraint(
                condition=Q(step__isnull=True) | Q(step__gte=1, step__lte=10), name="checktopic_step_range"
            ),
            text_length_constraint("question", SHORT_TEXT_MAX, name="checktopic_question_length"),
        ]

    def __str__(self) -> str:
        return self.title


class Maturity(models.IntegerChoices):
    NOT_STARTED = 1, _("not started")
    STARTED = 2, _("started")
    LARGELY = 3, _("largely in place")
    EMBEDDED = 4, _("embedded")


# --- staff ------------------------------------------------------------------------------------


class StaffMember(models.Model):
    """A person who works in the organisation's quartiers: a user, or a named person without login."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="staff_members", verbose_name=_("organisation")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff_records",
        verbose_name=_("user account"),
    )
    name = models.CharField(_("name"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(user__isnull=False),
                name="staffmember_one_per_user_and_organisation",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="staffmember_name_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name


class StaffingQuerySet(models.QuerySet["Staffing"]):
    def active_on(self, day: datetime.date) -> StaffingQuerySet:
        """Posts that run on this day: started, and not ended before it."""
        return self.filter(Q(start__lte=day), Q(end__isnull=True) | Q(end__gte=day))


class Staffing(models.Model):
    """A post in a quartier: who, in which role profile, how many hours a week, from when to when,
    paid by which funding source."""

    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="staffings")
    member = models.ForeignKey(
        StaffMember, on_delete=models.CASCADE, related_name="staffings", verbose_name=_("person")
    )
    role_profile = models.ForeignKey(
        RoleProfile, on_delete=models.PROTECT, related_name="staffings", verbose_name=_("role profile")
    )
    weekly_hours = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(WEEKLY_HOURS_MAX)],
    )
    start = models.DateField(_("from"))
    end = models.DateField(_("until"), null=True, blank=True, help_text=_("Empty: open-ended."))
    funding_source = models.ForeignKey(
        FundingSource,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="staffings",
        verbose_name=_("paid from"),
    )
    notes = bounded_text(_("notes"), max_length=SHORT_TEXT_MAX, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StaffingQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["quartier", "start", "pk"]
        indexes = [models.Index(fields=["quartier", "end"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")), name="staffing_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(weekly_hours__gte=Decimal("0.5"), weekly_hours__lte=WEEKLY_HOURS_MAX),
                name="staffing_weekly_hours_range",
            ),
            text_length_constraint("notes", SHORT_TEXT_MAX, name="staffing_notes_length"),
        ]

    def __str__(self) -> str:
        return f"{self.member} – {self.role_profile}"


class TimeEntry(models.Model):
    """One person's hours in one quartier, month and task field. `month` is the month's first day."""

    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="time_entries")
    member = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="time_entries")
    month = models.DateField(_("month"))
    task_field = models.ForeignKey(TaskField, on_delete=models.PROTECT, related_name="+", verbose_name=_("task field"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(MONTH_HOURS_MAX)],
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hours")
        verbose_name_plural = _("hours")
        ordering = ["quartier", "month", "member", "task_field"]
        indexes = [
            models.Index(fields=["quartier", "month"]),
            # The hours per task field of many quartiers in a period (organisation.figures.time_shares,
            # the portfolio) are summed from this index alone.
            models.Index(fields=["quartier", "task_field", "month", "hours"], name="timeentry_sums_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["quartier", "member", "month", "task_field"], name="timeentry_one_per_field_and_month"
            ),
            models.CheckConstraint(condition=Q(hours__gte=0, hours__lte=MONTH_HOURS_MAX), name="timeentry_hours_range"),
            models.CheckConstraint(condition=Q(month__day=1), name="timeentry_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.member} {self.month:%m/%Y} {self.task_field}: {self.hours} h"


class CompetenceAssessment(models.Model):
    """A staff member's own view of one competence, on the 1–4 scale."""

    member = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="assessments")
    competence = models.ForeignKey(Competence, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"), choices=CompetenceLevel.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("competence assessment")
        verbose_name_plural = _("competence assessments")
        ordering = ["member", "competence__position"]
        constraints = [
            models.UniqueConstraint(fields=["member", "competence"], name="assessment_one_per_competence"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=4), name="assessment_level_range"),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.competence} {self.level}"


class TrainingStatus(models.TextChoices):
    PLANNED = "geplant", _("planned")
    COMPLETED = "abgeschlossen", _("completed")


class Training(models.Model):
    """A training a staff member plans or has completed."""

    Status = TrainingStatus

    member = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="trainings")
    title = models.CharField(_("title"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200, blank=True)
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal(1000))],
    )
    status = models.CharField(
        _("status"), max_length=20, choices=TrainingStatus.choices, default=TrainingStatus.PLANNED
    )
    competence = models.ForeignKey(
        Competence,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("competence"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["member", "-date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=TrainingStatus.values), name="training_status_valid"),
            models.CheckConstraint(
                condition=Q(hours__isnull=True) | Q(hours__gte=Decimal("0.5"), hours__lte=Decimal(1000)),
                name="training_hours_range",
            ),
        ]

    def __str__(self) -> str:
        return self.title


# --- the organisation check -------------------------------------------------------------------


class CheckRound(models.Model):
    """One round of the organisation check: every topic rated on one day."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="check_rounds", verbose_name=_("organisation")
    )
    held_on = models.DateField(_("held on"))
    title = models.CharField(_("title"), max_length=200, blank=True)
    notes = bounded_text(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("round of the organisation check")
        verbose_name_plural = _("rounds of the organisation check")
        ordering = ["organisation", "-held_on", "-pk"]
        constraints = [text_length_constraint("notes", LONG_TEXT_MAX, name="checkround_notes_length")]

    def __str__(self) -> str:
        return self.title or f"{self.organisation} {self.held_on:%d.%m.%Y}"


class CheckRating(models.Model):
    """One topic in one round: the maturity (empty until rated) and the evidence for it."""

    round = models.ForeignKey(CheckRound, on_delete=models.CASCADE, related_name="ratings")
    topic = models.ForeignKey(CheckTopic, on_delete=models.PROTECT, related_name="ratings", verbose_name=_("topic"))
    level = models.PositiveSmallIntegerField(_("maturity"), choices=Maturity.choices, null=True, blank=True)
    evidence = bounded_text(_("evidence"), max_length=SHORT_TEXT_MAX, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["round", "topic__kind", "topic__position"]
        constraints = [
            models.UniqueConstraint(fields=["round", "topic"], name="checkrating_one_per_topic"),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=1, level__lte=4), name="checkrating_level_range"
            ),
            text_length_constraint("evidence", SHORT_TEXT_MAX, name="checkrating_evidence_length"),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.topic}"


class CheckAction(models.Model):
    """A next action agreed for a topic: what, who, by when; done when `done_on` is set."""

    rating = models.ForeignKey(CheckRating, on_delete=models.CASCADE, related_name="actions")
    what = models.CharField(_("what"), max_length=300)
    who = models.CharField(_("who"), max_length=200)
    due = models.DateField(_("by when"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("next action")
        verbose_name_plural = _("next actions")
        ordering = ["due", "pk"]
        indexes = [models.Index(fields=["done_on", "due"])]

    def __str__(self) -> str:
        return self.what

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.done_on is None and self.due < (today or timezone.localdate())


# A render gets the soft limit to finish cleanly; at the hard limit the worker kills it.
CHECK_PDF_SOFT_TIME_LIMIT = 120
CHECK_PDF_TIME_LIMIT = 150


class CheckReportStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("being created")
    DONE = "done", _("ready")
    FAILED = "failed", _("failed")


def check_report_upload_to(instance: CheckReport, filename: str) -> str:
    return f"organisation-checks/{instance.round.organisation_id}/{uuid.uuid4().hex}.pdf"


class CheckReport(models.Model):
    """The „Organisationscheck“ PDF of a round, made in the background."""

    round = models.ForeignKey(CheckRound, on_delete=models.CASCADE, related_name="reports")
    status = models.CharField(
        _("status"), max_length=20, choices=CheckReportStatus.choices, default=CheckReportStatus.QUEUED
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # What the person who asked reads when it failed; the technical detail goes to the log.
    error = models.CharField(_("reason"), max_length=500, blank=True)
    file = models.FileField(upload_to=check_report_upload_to, blank=True)

    class Meta:
        verbose_name = _("organisation check PDF")
        verbose_name_plural = _("organisation check PDFs")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=CheckReportStatus.values), name="checkreport_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.round}: PDF"
