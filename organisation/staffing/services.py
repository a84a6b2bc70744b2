"""Writes of a quartier's posts: add, change (and so end), delete. Each checks the right to
edit staffing (managers and administrators) again and runs in one transaction.

The person of a post is one of three: a staff record of the quartier's organisation, a user
who is a member of the quartier (their staff record is made on the first post), or a new
person without login, known by name.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from planning.funding.models import FundingSource
from quartier.access import Action, require
from quartier.models import Membership, Quartier, Role, User

from ..models import RoleProfile, Staffing, StaffMember, TimeEntry

# Roles whose members can hold a post: partners work for their own organisations.
STAFF_ROLES = (Role.MANAGER, Role.DEVELOPER, Role.VIEWER)


@dataclass(frozen=True)
class Person:
    """Who holds the post: exactly one of an existing staff record, a quartier member's user
    account, or the name of a new person without login."""

    member_id: int | None = None
    user_id: int | None = None
    name: str = ""


def _member_for(quartier: Quartier, person: Person) -> StaffMember:
    organisation_id = quartier.organisation_id
    if person.member_id is not None:
        member = StaffMember.objects.filter(pk=person.member_id, organisation_id=organisation_id).first()
        if member is None:
            raise ValidationError(_("Please choose a person of this quartier's organisation."))
        return member
    if person.user_id is not None:
        membership = (
            Membership.objects.filter(quartier=quartier, user_id=person.user_id, role__in=STAFF_ROLES)
            .select_related("user")
            .first()
        )
        if membership is None:
            raise ValidationError(_("Please choose a member of this quartier's team."))
        user = membership.user
        member, _created = StaffMember.objects.get_or_create(
            organisation_id=organisation_id, user=user, defaults={"name": user.get_full_name() or user.email}
        )
        return member
    name = " ".join(person.name.split())
    if not name:
        raise ValidationError(_("Please choose a person or enter the name of a new person."))
    if len(name) > StaffMember._meta.get_field("name").max_length:
        raise ValidationError(_("The name is too long."))
    # The same name typed again means the same person: one record, so their posts stay together.
    existing = StaffMember.objects.filter(organisation_id=organisation_id, user__isnull=True, name__iexact=name)
    return existing.order_by("pk").first() or StaffMember.objects.create(organisation_id=organisation_id, name=name)


def _save(
    post: Staffing,
    *,
    person: Person,
    role_profile: RoleProfile,
    weekly_hours: Decimal,
    start: datetime.date,
    end: datetime.date | None,
    funding_source: FundingSource | None,
    notes: str,
) -> Staffing:
    quartier = post.quartier
    # Said at the field, before the model's own check names its constraint.
    if end is not None and end < start:
        raise ValidationError({"end": _("The end must not be before the start.")})
    if funding_source is not None and funding_source.quartier_id != quartier.pk:
        raise ValidationError({"funding_source": _("Only this quartier's own funding sources can pay for its posts.")})
    post.member = _member_for(quartier, person)
    post.role_profile = role_profile
    post.weekly_hours = weekly_hours
    post.start = start
    post.end = end
    post.funding_source = funding_source
    post.notes = notes
    post.full_clean(exclude=["quartier", "created_by"])
    post.save()
    return post


@transaction.atomic
def staffing_create(
    *,
    quartier: Quartier,
    user: User,
    person: Person,
    role_profile: RoleProfile,
    weekly_hours: Decimal,
    start: datetime.date,
    end: datetime.date | None = None,
    funding_source: FundingSource | None = None,
    notes: str = "",
) -> Staffing:
    """Add a post to the quartier. Raises ValidationError on bad values, a person of another
    organisation or another quartier's funding source."""
    require(user, Action.EDIT_STAFFING, quartier)
    return _save(
        Staffing(quartier=quartier, created_by=user),
        person=person,
        role_profile=role_profile,
        weekly_hours=weekly_hours,
        start=start,
        end=end,
        funding_source=funding_source,
        notes=notes,
    )


@transaction.atomic
def staffing_update(
    *,
    staffing_id: int,
    user: User,
    person: Person,
    role_profile: RoleProfile,
    weekly_hours: Decimal,
    start: datetime.date,
    end: datetime.date | None = None,
    funding_source: FundingSource | None = None,
    notes: str = "",
) -> Staffing:
    """Change a post; giving it an end date ends it. Raises Staffing.DoesNotExist or ValidationError."""
    post = Staffing.objects.select_for_update().select_related("quartier").get(pk=staffing_id)
    require(user, Action.EDIT_STAFFING, post.quartier)
    return _save(
        post,
        person=person,
        role_profile=role_profile,
        weekly_hours=weekly_hours,
        start=start,
        end=end,
        funding_source=funding_source,
        notes=notes,
    )


@transaction.atomic
def staffing_delete(*, staffing_id: int, user: User) -> bool:
    """Delete a post recorded by mistake (a post that ended is ended, not deleted). The person's
    staff record, hours and competences stay. False when it was already gone. Refused
    (ValidationError) when the person has hours in the quartier and no other post there."""
    post = Staffing.objects.select_for_update().select_related("quartier").filter(pk=staffing_id).first()
    if post is None:
        return False
    require(user, Action.EDIT_STAFFING, post.quartier)
    if hours_without_post(post) is not None:
        # The hours would stay counted with no post to record or correct them against.
        raise ValidationError(
            _(
                "Hours are recorded for %(name)s in this quartier, and this is their only post here. End the post "
                "instead, or first remove the hours under „Time by task field“."
            )
            % {"name": post.member.name}
        )
    post.delete()
    return True


def hours_without_post(post: Staffing) -> Decimal | None:
    """The hours of the post's person in its quartier if deleting the post would leave them
    without any post there; None when there are none or another post of theirs remains."""
    if Staffing.objects.filter(quartier_id=post.quartier_id, member_id=post.member_id).exclude(pk=post.pk).exists():
        return None
    return TimeEntry.objects.filter(quartier_id=post.quartier_id, member_id=post.member_id).aggregate(
        total=Sum("hours")
    )["total"]
