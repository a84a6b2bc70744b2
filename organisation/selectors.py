"""Reads shared by the app's parts: who is staff of a quartier, and which staff record is a user's."""

from __future__ import annotations

import datetime

from django.db.models import QuerySet

from quartier.models import Organisation, Quartier, User

from .models import Staffing, StaffMember


def member_of(*, user: User, organisation: Organisation | int) -> StaffMember | None:
    """The user's staff record in the organisation, if they have one."""
    if not user.is_authenticated:
        return None
    organisation_id = organisation if isinstance(organisation, int) else organisation.pk
    return StaffMember.objects.filter(organisation_id=organisation_id, user=user).first()


def quartier_staff(*, quartier: Quartier, day: datetime.date | None = None) -> QuerySet[StaffMember]:
    """The people with a post in the quartier: every post ever, or the posts running on `day`."""
    staffings = Staffing.objects.filter(quartier=quartier)
    if day is not None:
        staffings = staffings.active_on(day)
    return StaffMember.objects.filter(pk__in=staffings.values("member")).order_by("name", "pk")


def works_in(*, member: StaffMember, quartier: Quartier) -> bool:
    """Whether the person has (or had) a post in the quartier."""
    return Staffing.objects.filter(quartier=quartier, member=member).exists()
