"""Writes of the organisation check: rounds, ratings, next actions and the PDF.

Only the organisation's coordinators (and superusers) run its check; every service checks that
again, whatever the view did. Each write is atomic and locks the row it changes.
"""

from __future__ import annotations

import datetime
import logging
from datetime import timedelta
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quartier.fields import SHORT_TEXT_MAX, plausible_date
from quartier.models import Coordinator, Organisation, User

from ..models import (
    CHECK_PDF_TIME_LIMIT,
    CheckAction,
    CheckRating,
    CheckReport,
    CheckReportStatus,
    CheckRound,
    CheckTopic,
    Maturity,
)
from .compare import previous_round
from .selectors import REPORT_LOST_AFTER

logger = logging.getLogger(__name__)

STATIC_BASE = settings.BASE_DIR / "static"

# A round may be entered for a day up to a year ahead (a planned workshop), not later.
ROUND_YEARS_AHEAD = 1

NOT_QUEUED = gettext_lazy("The PDF could not be queued. Please try again later.")
TOO_LONG = gettext_lazy("Creating the PDF took too long and was stopped. Please try again.")
NOT_MADE = gettext_lazy("The PDF could not be created. Please try again later.")


def may_run_check(user: User, organisation_id: int) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or Coordinator.objects.filter(user=user, organisation_id=organisation_id).exists()


def _require(user: User, organisation_id: int) -> None:
    if not may_run_check(user, organisation_id):
        raise PermissionDenied


def _text(value: str, *, field: str, max_length: int, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: [_("Please fill in this field.")]}, code="required")
    if len(value) > max_length:
        raise ValidationError(
            {field: [_("Please shorten this to at most %(n)s characters.") % {"n": max_length}]}, code="max_length"
        )
    return value


def _date(day: datetime.date, *, field: str, years_ahead: int) -> datetime.date:
    try:
        return plausible_date(day, years_ahead=years_ahead)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}, code="date") from None


def _level(level: int | None) -> int:
    if level not in Maturity.values:
        raise ValidationError({"level": [_("Please choose one of the four levels.")]}, code="level")
    return level


# --- rounds -----------------------------------------------------------------------------------


def round_create(
    *,
    organisation: Organisation,
    user: User,
    held_on: datetime.date,
    title: str = "",
    notes: str = "",
    take_over: bool = False,
) -> CheckRound:
    """A new round with an unrated row for every topic of the catalogue.

    With `take_over`, each topic starts from the level and evidence of the round held before it,
    so that a team only changes what has moved.
    """
    _require(user, organisation.pk)
    held_on = _date(held_on, field="held_on", years_ahead=ROUND_YEARS_AHEAD)
    title = _text(title, field="title", max_length=CheckRound._meta.get_field("title").max_length)
    notes = _text(notes, field="notes", max_length=CheckRound._meta.get_field("notes").max_length)
    with transaction.atomic():
        # One round at a time per organisation: "the round before" stays well defined.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        check_round = CheckRound.objects.create(
            organisation=organisation, held_on=held_on, title=title, notes=notes, created_by=user
        )
        earlier: dict[int, CheckRating] = {}
        if take_over and (before := previous_round(check_round)) is not None:
            earlier = {r.topic_id: r for r in CheckRating.objects.filter(round=before)}
        CheckRating.objects.bulk_create(
            CheckRating(
                round=check_round,
                topic=topic,
                level=earlier[topic.pk].level if topic.pk in earlier else None,
                evidence=earlier[topic.pk].evidence if topic.pk in earlier else "",
                updated_by=user if topic.pk in earlier else None,
            )
            for topic in CheckTopic.objects.all()
        )
    return check_round


def round_update(*, round_id: int, user: User, held_on: datetime.date, title: str = "", notes: str = "") -> CheckRound:
    """Change a round's date, title and notes."""
    held_on = _date(held_on, field="held_on", years_ahead=ROUND_YEARS_AHEAD)
    title = _text(title, field="title", max_length=CheckRound._meta.get_field("title").max_length)
    notes = _text(notes, field="notes", max_length=CheckRound._meta.get_field("notes").max_length)
    with transaction.atomic():
        check_round = CheckRound.objects.select_for_update().get(pk=round_id)
        _require(user, check_round.organisation_id)
        check_round.held_on, check_round.title, check_round.notes = held_on, title, notes
        check_round.save(update_fields=["held_on", "title", "notes"])
    return check_round


def round_delete(*, round_id: int, user: User) -> bool:
    """Delete a round with its ratings, actions and PDFs; False when it was gone already."""
    with transaction.atomic():
        check_round = CheckRound.objects.select_for_update().filter(pk=round_id).first()
        if check_round is None:
            return False
        _require(user, check_round.organisation_id)
        names = [n for n in CheckReport.objects.filter(round=check_round).values_list("file", flat=True) if n]
        check_round.delete()
        storage = CheckReport.file.field.storage
        transaction.on_commit(lambda: [storage.delete(name) for name in names])
    return True


# --- ratings and actions ----------------------------------------------------------------------


def rating_update(*, rating_id: int, user: User, level: int | None, evidence: str = "") -> CheckRating:
    """Rate a topic: its maturity (1–4) and the evidence for it."""
    level = _level(level)
    evidence = _text(evidence, field="evidence", max_length=SHORT_TEXT_MAX)
    with transaction.atomic():
        rating = CheckRating.objects.select_for_update().select_related("round").get(pk=rating_id)
        _require(user, rating.round.organisation_id)
        rating.level, rating.evidence, rating.updated_by = level, evidence, user
        rating.save(update_fields=["level", "evidence", "updated_by", "updated_at"])
    return rating


def _action_fields(what: str, who: str, due: datetime.date) -> dict[str, Any]:
    return {
        "what": _text(what, field="what", max_length=CheckAction._meta.get_field("what").max_length, required=True),
        "who": _text(who, field="who", max_length=CheckAction._meta.get_field("who").max_length, required=True),
        "due": _date(due, field="due", years_ahead=10),
    }


def action_create(*, rating_id: int, user: User, what: str, who: str, due: datetime.date) -> CheckAction:
    """A next action for a topic: what, who, by when."""
    fields = _action_fields(what, who, due)
    with transaction.atomic():
        rating = CheckRating.objects.select_for_update().select_related("round").get(pk=rating_id)
        _require(user, rating.round.organisation_id)
        return CheckAction.objects.create(rating=rating, created_by=user, **fields)


def _locked_action(action_id: int, user: User) -> CheckAction | None:
    action = CheckAction.objects.select_for_update().filter(pk=action_id).select_related("rating__round").first()
    if action is not None:
        _require(user, action.rating.round.organisation_id)
    return action


def action_update(*, action_id: int, user: User, what: str, who: str, due: datetime.date) -> CheckAction:
    """Change what, who or by when."""
    fields = _action_fields(what, who, due)
    with transaction.atomic():
        action = _locked_action(action_id, user)
        if action is None:
            raise CheckAction.DoesNotExist
        for name, value in fields.items():
            setattr(action, name, value)
        action.save(update_fields=list(fields))
    return action


def action_set_done(*, action_id: int, user: User, done: bool, today: datetime.date | None = None) -> CheckAction:
    """Mark an action done (today) or open again. Marking a done action done keeps its date."""
    with transaction.atomic():
        action = _locked_action(action_id, user)
        if action is None:
            raise CheckAction.DoesNotExist
        if done and action.done_on is None:
            action.done_on = today or timezone.localdate()
        elif not done:
            action.done_on = None
        action.save(update_fields=["done_on"])
    return action


def action_delete(*, action_id: int, user: User) -> bool:
    """Delete an action; False when it was gone already (a second click)."""
    with transaction.atomic():
        action = _locked_action(action_id, user)
        if action is None:
            return False
        action.delete()
    return True


# --- the PDF ----------------------------------------------------------------------------------


def _reason(message: Any) -> str:
    """The reason shown to people is stored in German, whoever's worker wrote it."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(message)[:500]


def report_request(*, organisation: Organisation, user: User) -> CheckReport:
    """Ask for the „Organisationscheck“ PDF of the latest round; a request still waiting for the
    same round is reused. The render is queued after commit."""
    _require(user, organisation.pk)
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        latest = CheckRound.objects.filter(organisation=organisation).order_by("-held_on", "-pk").first()
        if latest is None:
            raise ValidationError(_("There is no round yet. Begin the first round, then ask for the PDF."))
        pending = (
            CheckReport.objects.filter(round=latest, status__in=[CheckReportStatus.QUEUED, CheckReportStatus.RUNNING])
            .order_by("-requested_at")
            .first()
        )
        if pending is not None and timezone.now() - pending.requested_at < REPORT_LOST_AFTER:
            return pending
        report = CheckReport.objects.create(round=latest, requested_by=user)
        report_id = report.pk
        transaction.on_commit(lambda: _publish(report_id=report_id))
    return report


def _publish(*, report_id: int) -> None:
    """Hand the job to the broker; if the broker is down, fail the job at once with a reason."""
    from .tasks import render_check_report

    try:
        render_check_report.delay(report_id)
    except Exception:
        logger.exception("Organisation check PDF %s could not be queued", report_id)
        _fail(report_id, _reason(NOT_QUEUED), only_from=(CheckReportStatus.QUEUED,))


def _fail(report_id: int, reason: str, *, only_from: tuple[str, ...]) -> CheckReport | None:
    with transaction.atomic():
        report = CheckReport.objects.select_for_update().filter(pk=report_id).first()
        if report is not None and report.status in only_from:
            report.status = CheckReportStatus.FAILED
            report.error = reason
            report.finished_at = timezone.now()
            report.save(update_fields=["status", "error", "finished_at"])
    return report


def render_pdf(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=str(STATIC_BASE)).write_pdf()


def report_render(*, report_id: int) -> CheckReport | None:
    """Render a queued PDF; idempotent: one that is done or failed is left as it is.

    The person who asked reads a plain German reason when it fails; the technical error goes
    to the log.
    """
    from . import pdf

    with transaction.atomic():
        report = CheckReport.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.status in (CheckReportStatus.DONE, CheckReportStatus.FAILED):
            return report
        report.status = CheckReportStatus.RUNNING
        report.save(update_fields=["status"])
    started = timezone.now()
    try:
        with translation.override(settings.LANGUAGE_CODE):
            data = render_pdf(pdf.render_html(report.round, today=timezone.localdate()))
        # Without a broker Celery enforces no time limit: the service checks the time itself.
        if timezone.now() - started > timedelta(seconds=CHECK_PDF_TIME_LIMIT):
            raise SoftTimeLimitExceeded(f"finished after the limit of {CHECK_PDF_TIME_LIMIT} s")
        name = report.file.storage.save(
            report.file.field.generate_filename(report, "organisationscheck.pdf"), ContentFile(data)
        )
    except SoftTimeLimitExceeded:
        logger.error("Organisation check PDF %s ran over its time limit", report_id)
        return _fail(report_id, _reason(TOO_LONG), only_from=(CheckReportStatus.RUNNING,))
    except Exception:
        logger.exception("Organisation check PDF %s failed", report_id)
        return _fail(report_id, _reason(NOT_MADE), only_from=(CheckReportStatus.RUNNING,))
    with transaction.atomic():
        report = CheckReport.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.status != CheckReportStatus.RUNNING:
            CheckReport.file.field.storage.delete(name)
            return report
        report.file.name = name
        report.status = CheckReportStatus.DONE
        report.error = ""
        report.finished_at = timezone.now()
        report.save(update_fields=["file", "status", "error", "finished_at"])
    return report


def report_time_out(*, report_id: int) -> CheckReport | None:
    """Fail a PDF whose render the worker killed at the hard time limit."""
    return _fail(report_id, _reason(TOO_LONG), only_from=(CheckReportStatus.RUNNING,))
