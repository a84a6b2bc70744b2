"""Writes of the hours per task field: one person's month in one quartier, replaced as a whole."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from organisation.models import MONTH_HOURS_MAX, Staffing, StaffMember, TaskField, TimeEntry
from quartier.access import Action, can, require
from quartier.models import Quartier, User

from .charts import hours_text
from .selectors import EARLIEST_YEAR, month_label

ZERO = Decimal(0)


def _month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def _check_month(*, quartier: Quartier, member: StaffMember, month: datetime.date, today: datetime.date) -> None:
    """The month is not later than the current one and falls within one of the person's posts
    in the quartier: hours outside any post are a mistake in the month or a missing post."""
    if month > today.replace(day=1):
        raise ValidationError(
            {
                "month": _("Hours can be recorded up to the current month (%(month)s), not for later months.")
                % {"month": month_label(today.replace(day=1))}
            }
        )
    if month.year < EARLIEST_YEAR:
        raise ValidationError({"month": _("Please enter a month from %(year)s on.") % {"year": EARLIEST_YEAR}})
    posts = list(
        Staffing.objects.filter(quartier=quartier, member=member).order_by("start").values_list("start", "end")
    )
    if not posts:
        raise ValidationError({"member": _("%(person)s has no post in this quartier.") % {"person": member.name}})
    last_day = _month_end(month)
    if not any(start <= last_day and (end is None or end >= month) for start, end in posts):
        periods = "; ".join(
            f"{date_format(start, 'SHORT_DATE_FORMAT')} – "
            f"{date_format(end, 'SHORT_DATE_FORMAT') if end else _('open-ended')}"
            for start, end in posts
        )
        raise ValidationError(
            {
                "month": _(
                    "%(person)s had no post in this quartier in %(month)s (posts: %(periods)s). Please choose a "
                    "month within a post, or record the post first."
                )
                % {"person": member.name, "month": month_label(month), "periods": periods}
            }
        )


@transaction.atomic
def time_record(
    *,
    quartier: Quartier,
    member: StaffMember,
    month: datetime.date,
    hours_by_field: Mapping[str, Decimal | None],
    user: User,
    today: datetime.date | None = None,
) -> Decimal:
    """Replace the person's hours of the month in the quartier with `hours_by_field` (task field
    key → hours; empty or 0 removes that field's entry) and return the month's new total here.

    Managers record for anyone with a post in the quartier, developers only their own hours.
    Refused with a ValidationError (keyed `member`, `month` or `hours`): hours below 0, a month
    later than the current one or outside the person's posts, or more than MONTH_HOURS_MAX hours
    of the person in the month across all task fields and quartiers.
    """
    require(user, Action.RECORD_TIME, quartier)
    if not can(user, Action.SEE_TEAM_TIME, quartier) and (member.user_id is None or member.user_id != user.pk):
        raise PermissionDenied
    today = today or timezone.localdate()
    month = month.replace(day=1)
    # Lock the person: two saves of their months in different quartiers must not both pass the limit.
    member = StaffMember.objects.select_for_update().get(pk=member.pk)
    if member.organisation_id != quartier.organisation_id:
        raise ValidationError({"member": _("%(person)s has no post in this quartier.") % {"person": member.name}})
    fields = {f.key: f for f in TaskField.objects.all()}
    unknown = set(hours_by_field) - set(fields)
    if unknown:
        raise ValueError(f"unknown task fields {sorted(unknown)}")
    hours = {key: value for key, value in hours_by_field.items() if value}
    if hours:
        _check_month(quartier=quartier, member=member, month=month, today=today)
    # Emptying a month is always allowed: hours left outside a post that was shortened later
    # must not become impossible to remove.
    if any(value < 0 for value in hours.values()):
        raise ValidationError({"hours": _("Hours cannot be negative.")})
    total = sum(hours.values(), ZERO)
    # The same person may work for two carriers (a staff record in each): their month counts whole.
    same_person = (
        TimeEntry.objects.filter(member__user_id=member.user_id)
        if member.user_id is not None
        else TimeEntry.objects.filter(member=member)
    )
    elsewhere = (
        same_person.filter(month=month).exclude(quartier=quartier, member=member).aggregate(total=Sum("hours"))["total"]
        or ZERO
    )
    if total + elsewhere > MONTH_HOURS_MAX:
        if elsewhere:
            message = _(
                "At most %(limit)s hours per person and month can be recorded, across all task fields and "
                "quartiers. %(person)s already has %(elsewhere)s hours in %(month)s in other quartiers, so at "
                "most %(left)s hours are left here; you entered %(total)s."
            )
        else:
            message = _(
                "At most %(limit)s hours per person and month can be recorded, across all task fields and "
                "quartiers; you entered %(total)s."
            )
        raise ValidationError(
            {
                "hours": message
                % {
                    "limit": MONTH_HOURS_MAX,
                    "person": member.name,
                    "elsewhere": hours_text(elsewhere),
                    "month": month_label(month),
                    "left": hours_text(max(MONTH_HOURS_MAX - elsewhere, ZERO)),
                    "total": hours_text(total),
                }
            }
        )

    stored = {
        entry.task_field.key: entry
        for entry in TimeEntry.objects.filter(quartier=quartier, member=member, month=month).select_related(
            "task_field"
        )
    }
    TimeEntry.objects.filter(pk__in=[e.pk for key, e in stored.items() if key not in hours]).delete()
    for key, value in hours.items():
        entry = stored.get(key)
        if entry is None:
            entry = TimeEntry(quartier=quartier, member=member, month=month, task_field=fields[key])
        elif entry.hours == value:
            continue
        entry.hours = value
        entry.entered_by = user
        entry.full_clean()
        entry.save()
    return total
