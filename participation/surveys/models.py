"""Surveys: questions of seven kinds, published with an unguessable link, answered anonymously
online, on paper or in an interview. A response stores no IP address, browser or account of the
person who answered; staff who type in a paper form are recorded as such."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from planning.analysis.models import Indicator
from planning.domains import IndicatorDomain
from quartier.fields import SHORT_TEXT_MAX, bounded_text, text_length_constraint
from quartier.models import Quartier

# Results by group are shown only where a cell has at least this many responses („< 3“ otherwise).
MIN_CELL_SIZE = 3


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("single choice")
    MULTIPLE = "multiple", _("multiple choice")
    SCALE = "scale", _("scale")
    GRID = "grid", _("grid (several items on one scale)")
    TEXT = "text", _("free text")
    NUMBER = "number", _("number")
    YESNO = "yesno", _("yes/no")


# Kinds whose answers are choices (a grid's answers are a choice per item).
CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.SCALE, QuestionKind.GRID, QuestionKind.YESNO)


class SurveyStatus(models.TextChoices):
    DRAFT = "entwurf", _("draft")
    OPEN = "offen", _("open")
    CLOSED = "geschlossen", _("closed")


class Channel(models.TextChoices):
    ONLINE = "online", _("online")
    PAPER = "papier", _("paper")
    INTERVIEW = "interview", _("interview")


def new_survey_token() -> str:
    return secrets.token_urlsafe(24)


class Survey(models.Model):
    quartier = models.ForeignKey(Quartier, on_delete=models.CASCADE, related_name="surveys", verbose_name=_("quartier"))
    title = models.CharField(_("title"), max_length=200)
    intro = bounded_text(_("introduction"), max_length=SHORT_TEXT_MAX, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)
    opens_on = models.DateField(_("opens on"), null=True, blank=True)
    closes_on = models.DateField(_("closes on"), null=True, blank=True)
    # The public link's key: unguessable, never derived from ids.
    token = models.CharField(max_length=64, unique=True, default=new_survey_token, editable=False)
    # Waves: the same questions asked again (T0 → T1), compared side by side.
    previous_wave = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_waves",
        verbose_name=_("previous wave"),
    )
    wave_label = models.CharField(_("wave"), max_length=20, blank=True, help_text=_("e.g. T0, T1"))
    # The information notice shown before the first question.
    controller = models.CharField(_("controller (who is responsible for the data)"), max_length=300, blank=True)
    purpose = bounded_text(_("purpose"), max_length=SHORT_TEXT_MAX, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    retention = models.CharField(_("retention"), max_length=300, blank=True)
    results_note = models.CharField(_("where and when the results are presented"), max_length=500, blank=True)
    paper_note = models.CharField(_("where to get a paper form"), max_length=300, blank=True)
    min_cell_size = models.PositiveSmallIntegerField(
        _("smallest group shown"), default=MIN_CELL_SIZE, validators=[MinValueValidator(MIN_CELL_SIZE)]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["quartier", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=SurveyStatus.values), name="survey_status_valid"),
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True) | Q(closes_on__isnull=True) | Q(closes_on__gte=F("opens_on")),
                name="survey_closes_after_opening",
            ),
            models.CheckConstraint(condition=Q(min_cell_size__gte=MIN_CELL_SIZE), name="survey_min_cell_size"),
            text_length_constraint("intro", SHORT_TEXT_MAX, name="survey_intro_length"),
            text_length_constraint("purpose", SHORT_TEXT_MAX, name="survey_purpose_length"),
        ]

    def __str__(self) -> str:
        return self.title


class QuestionRole(models.TextChoices):
    NONE = "", _("none")
    AGE_BAND = "age_band", _("age band (results are broken down by it)")


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.CharField(_("explanation"), max_length=500, blank=True)
    required = models.BooleanField(_("required"), default=False)
    domain = models.CharField(
        _("domain"), max_length=20, choices=IndicatorDomain.choices, default=IndicatorDomain.BASIS
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions",
        verbose_name=_("indicator the answers feed"),
    )
    role = models.CharField(_("role"), max_length=20, choices=QuestionRole.choices, blank=True, default="")
    # A grid's extra answer beside its scale („trifft nicht zu“, „nutze ich nicht“).
    extra_choice = models.CharField(_("extra answer"), max_length=200, blank=True)
    min_value = models.DecimalField(_("smallest number"), max_digits=12, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField(_("largest number"), max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["survey", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=QuestionKind.values), name="question_kind_valid"),
            models.CheckConstraint(condition=Q(domain__in=IndicatorDomain.values), name="question_domain_valid"),
            models.CheckConstraint(condition=Q(role__in=QuestionRole.values), name="question_role_valid"),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True) | Q(max_value__isnull=True) | Q(max_value__gte=F("min_value")),
                name="question_number_range",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class Choice(models.Model):
    """An answer to pick; on a scale or a grid's scale, the position is the answer's place on it."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label = models.CharField(_("answer"), max_length=300)
    # Outside the scale („weiß nicht“, „nutze ich nicht“): counted, never part of a mean.
    is_extra = models.BooleanField(_("outside the scale"), default=False)

    class Meta:
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")
        ordering = ["question", "position", "pk"]

    def __str__(self) -> str:
        return self.label


class GridItem(models.Model):
    """A row of a grid question: one item rated on the grid's scale."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label = models.CharField(_("item"), max_length=300)

    class Meta:
        verbose_name = _("grid item")
        verbose_name_plural = _("grid items")
        ordering = ["question", "position", "pk"]

    def __str__(self) -> str:
        return self.label


class Response(models.Model):
    """One person's filled-in questionnaire. Deliberately without IP address, browser, account or
    time of day: the day is enough for the results and says nothing about who answered."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    submitted_on = models.DateField(_("submitted on"))
    # Staff who typed in a paper form or an interview; empty for online answers.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    # The form's one-time key: a double click stores one response.
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["survey", "pk"]
        indexes = [models.Index(fields=["survey", "channel"])]
        constraints = [
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="response_channel_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.survey} #{self.pk}"


class Answer(models.Model):
    """One answer: a picked choice (one row per choice of a multiple choice, per item of a grid),
    a number or a text."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    # RESTRICT: a question, an option or an item that has answers cannot be deleted on its own
    # (no answer is lost); deleting the whole survey still takes everything with it.
    question = models.ForeignKey(Question, on_delete=models.RESTRICT, related_name="answers")
    choice = models.ForeignKey(Choice, on_delete=models.RESTRICT, null=True, blank=True, related_name="answers")
    item = models.ForeignKey(GridItem, on_delete=models.RESTRICT, null=True, blank=True, related_name="answers")
    number = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    text = bounded_text(max_length=SHORT_TEXT_MAX, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [
            models.Index(fields=["question", "choice"]),
            models.Index(fields=["question", "item", "choice"]),
        ]
        constraints = [
            text_length_constraint("text", SHORT_TEXT_MAX, name="answer_text_length"),
            models.UniqueConstraint(
                fields=["response", "question", "item"],
                condition=Q(item__isnull=False),
                name="answer_one_per_grid_item",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.choice or self.number or self.text}"
