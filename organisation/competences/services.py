"""Writes of competences and trainings, each checked against who may change the profile; and the
administrators' export and erasure of one person's staff data.

Assessments keep no history on purpose: a self-assessment is employee data, and an old level
that nobody can see or erase would outlive the person's wish to change or remove it.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.models import Quartier, User

from ..models import (
    Competence,
    CompetenceAssessment,
    CompetenceLevel,
    Staffing,
    StaffMember,
    TimeEntry,
    Training,
)
from .selectors import member_in_quartier, profile_rights

TRAINING_FIELDS = ("title", "provider", "date", "hours", "status", "competence")


def _member_or_error(quartier: Quartier, member_id: int) -> StaffMember:
    member = member_in_quartier(quartier=quartier, member_id=member_id)
    if member is None:
        raise StaffMember.DoesNotExist
    return member


@transaction.atomic
def assessment_save(*, quartier: Quartier, member_id: int, user: User, levels: Mapping[int, int | None]) -> StaffMember:
    """Set the person's self-assessment: competence id → level 1–4, or None for „not assessed yet“
    (which removes an earlier level). Competences not named stay as they are.

    Raises StaffMember.DoesNotExist for a person without a post in the quartier, PermissionDenied
    unless the user may assess (the person, or a manager for a person without login) and
    ValidationError for an unknown competence or a level outside 1–4.
    """
    member = _member_or_error(quartier, member_id)
    if not profile_rights(user=user, quartier=quartier, member=member).assess:
        raise PermissionDenied
    known = set(Competence.objects.filter(pk__in=list(levels)).values_list("pk", flat=True))
    if known != set(levels):
        raise ValidationError(_("This competence is not in the catalogue. Please reload the page."))
    if any(level is not None and level not in CompetenceLevel.values for level in levels.values()):
        raise ValidationError(_("Please choose a level from 1 to 4."))

    StaffMember.objects.select_for_update().filter(pk=member.pk).first()  # one save at a time per person
    current = {a.competence_id: a for a in CompetenceAssessment.objects.filter(member=member)}
    removed = [current[c].pk for c, level in levels.items() if level is None and c in current]
    CompetenceAssessment.objects.filter(pk__in=removed).delete()
    for competence_id, level in levels.items():
        if level is None:
            continue
        existing = current.get(competence_id)
        if existing is None:
            CompetenceAssessment.objects.create(member=member, competence_id=competence_id, level=level)
        elif existing.level != level:
            existing.level = level
            existing.save(update_fields=["level", "updated_at"])
    return member


def _training_save(training: Training, fields: Mapping[str, Any]) -> Training:
    for name in TRAINING_FIELDS:
        if name in fields:
            setattr(training, name, fields[name])
    training.full_clean(exclude=["member"])
    training.save()
    return training


def _may_keep_trainings(user: User, quartier: Quartier, member: StaffMember) -> None:
    if not profile_rights(user=user, quartier=quartier, member=member).trainings:
        raise PermissionDenied


@transaction.atomic
def training_create(*, quartier: Quartier, member_id: int, user: User, **fields: Any) -> Training:
    """Add a planned or completed training to the person's profile (the person, the quartier's
    managers). Raises StaffMember.DoesNotExist, PermissionDenied or ValidationError."""
    member = _member_or_error(quartier, member_id)
    _may_keep_trainings(user, quartier, member)
    return _training_save(Training(member=member), fields)


@transaction.atomic
def training_update(*, quartier: Quartier, member_id: int, training_id: int, user: User, **fields: Any) -> Training:
    """Change one of the person's trainings. Raises Training.DoesNotExist for a training that is not
    this person's, besides the errors of `training_create`."""
    member = _member_or_error(quartier, member_id)
    _may_keep_trainings(user, quartier, member)
    training = Training.objects.select_for_update().get(pk=training_id, member=member)
    return _training_save(training, fields)


@transaction.atomic
def training_delete(*, quartier: Quartier, member_id: int, training_id: int, user: User) -> bool:
    """Delete one of the person's trainings. False when it was already gone."""
    member = _member_or_error(quartier, member_id)
    _may_keep_trainings(user, quartier, member)
    deleted, _per_model = Training.objects.filter(pk=training_id, member=member).delete()
    return deleted > 0


# --- administrators: export and erasure of one person ------------------------------------------

EXPORT_FORMAT = "quartierswerk-personaldaten/1"
# What an erased person is called from then on: posts and hours stay as the quartier's record of
# work done, under this name and the record's number, without anything that points to the person.
ERASED_MEMBER_NAME = "Gelöschte Person"


def _require_admin(user: User, *permissions: str) -> None:
    """Administrators only (staff status), with one of the model rights the admin asks for too."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        raise PermissionDenied
    if not any(user.has_perm(f"organisation.{permission}") for permission in permissions):
        raise PermissionDenied


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    return value


def member_export(*, member_id: int, user: User) -> dict[str, Any]:
    """Everything stored about one staff member, as one JSON-ready document (GDPR Art. 15):
    the staff record, the posts, the monthly hours, the competence assessments and the trainings.

    Format (`format` = "quartierswerk-personaldaten/1"): an object with `staff_member`, `posts`,
    `hours`, `assessments` and `trainings`; dates in ISO 8601, hours as decimal strings ("19.5").
    For administrators who may view or change staff members. Raises StaffMember.DoesNotExist.
    """
    _require_admin(user, "view_staffmember", "change_staffmember")
    member = StaffMember.objects.select_related("organisation", "user").get(pk=member_id)
    account = member.user
    posts = (
        Staffing.objects.filter(member=member)
        .select_related("quartier", "role_profile", "funding_source")
        .order_by("start", "pk")
    )
    hours = (
        TimeEntry.objects.filter(member=member)
        .select_related("quartier", "task_field")
        .order_by("month", "quartier__name", "task_field__position")
    )
    assessments = (
        CompetenceAssessment.objects.filter(member=member).select_related("competence").order_by("competence__position")
    )
    trainings = Training.objects.filter(member=member).select_related("competence").order_by("date", "pk")
    return {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now().isoformat(),
        "exported_by": user.email,
        "staff_member": {
            "id": member.pk,
            "name": member.name,
            "organisation": member.organisation.name,
            "user_account": None
            if account is None
            else {"email": account.email, "first_name": account.first_name, "last_name": account.last_name},
            "created_at": _plain(member.created_at),
        },
        "posts": [
            {
                "quartier": post.quartier.name,
                "role_profile": post.role_profile.title,
                "weekly_hours": _plain(post.weekly_hours),
                "start": _plain(post.start),
                "end": _plain(post.end),
                "paid_from": post.funding_source.title if post.funding_source else None,
                "notes": post.notes,
            }
            for post in posts
        ],
        "hours": [
            {
                "quartier": entry.quartier.name,
                "month": entry.month.strftime("%Y-%m"),
                "task_field": entry.task_field.title,
                "hours": _plain(entry.hours),
            }
            for entry in hours
        ],
        "assessments": [
            {
                "competence": a.competence.title,
                "level": a.level,
                "level_name": str(CompetenceLevel(a.level).label),
                "updated_at": _plain(a.updated_at),
            }
            for a in assessments
        ],
        "trainings": [
            {
                "title": t.title,
                "provider": t.provider,
                "date": _plain(t.date),
                "hours": _plain(t.hours),
                "status": t.status,
                "competence": t.competence.title if t.competence else None,
            }
            for t in trainings
        ],
    }


def erased_name(member_id: int) -> str:
    return f"{ERASED_MEMBER_NAME} {member_id}"


@transaction.atomic
def member_erase(*, member_id: int, user: User) -> StaffMember:
    """Erase one staff member's personal data (GDPR Art. 17) and keep the quartier's record of work.

    Deleted: every competence assessment and training of the person. Anonymised: the staff record
    (the name becomes „Gelöschte Person <number>“, the user account is unlinked) and the notes of
    their posts; where the person's own account entered hours or created a post, that link is
    removed too. Kept: the posts (role profile, hours per week, period, funding source) and the
    monthly hours per task field, without a name: they are the quartier's activity record that
    funders ask for and that the staffing warnings and reports are computed from. The user account
    itself is not deleted (it may still belong to quartier teams); delete it in the user admin when
    the person leaves altogether. The admin's log no longer names the person. Erasing twice changes
    nothing more. For administrators with the right to delete staff members.
    """
    _require_admin(user, "delete_staffmember")
    member = StaffMember.objects.select_for_update().get(pk=member_id)
    account_id = member.user_id
    logged: dict[type, list[int]] = {
        CompetenceAssessment: list(CompetenceAssessment.objects.filter(member=member).values_list("pk", flat=True)),
        Training: list(Training.objects.filter(member=member).values_list("pk", flat=True)),
        Staffing: list(Staffing.objects.filter(member=member).values_list("pk", flat=True)),
        TimeEntry: list(TimeEntry.objects.filter(member=member).values_list("pk", flat=True)),
    }
    CompetenceAssessment.objects.filter(member=member).delete()
    Training.objects.filter(member=member).delete()
    Staffing.objects.filter(member=member).update(notes="")
    if account_id is not None:
        Staffing.objects.filter(member=member, created_by_id=account_id).update(created_by=None)
        TimeEntry.objects.filter(member=member, entered_by_id=account_id).update(entered_by=None)
    member.name = erased_name(member.pk)
    member.user = None
    member.save(update_fields=["name", "user"])

    # The admin's log names the objects it changed or deleted: those names carry the person's.
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(StaffMember), object_id=str(member.pk)
    ).update(object_repr=member.name)
    for model, ids in logged.items():
        if ids:
            LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(model), object_id__in=[str(pk) for pk in ids]
            ).update(object_repr=f"{model._meta.verbose_name} ({member.name})")
    return member
