"""Time by task field: managers, developers and coordinators read the quartier's hours (each as
much as they may: coordinators totals only); managers record anyone's month, developers only
their own (the POST below is for a colleague: forbidden to them); viewers and partners see none."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from organisation.catalogues import ensure_catalogues
from organisation.models import Staffing, StaffMember, TimeEntry
from tests.factories import StaffingFactory, StaffMemberFactory

READ = ("manager", "developer", "coordinator")
RECORD = ("manager", "developer")
COLLEAGUE = "Sabine Sommer"


def _colleague(quartier: Any) -> StaffMember:
    """A person without login with a post in the quartier since 2020."""
    ensure_catalogues()
    member = StaffMember.objects.filter(organisation=quartier.organisation, name=COLLEAGUE).first()
    if member is None:
        member = StaffMemberFactory(organisation=quartier.organisation, name=COLLEAGUE)
    if not Staffing.objects.filter(quartier=quartier, member=member).exists():
        StaffingFactory(quartier=quartier, member=member, start=date(2020, 1, 1))
    return member


def with_colleague(w: Any) -> dict[str, Any]:
    _colleague(w.quartier)
    return {"slug": w.quartier.slug}


def colleague_month(w: Any) -> dict[str, Any]:
    return {
        "person": _colleague(w.quartier).pk,
        "monat": f"{timezone.localdate():%Y-%m}",
        "hours_beteiligung": "12,5",
        "hours_vernetzung": "4",
    }


def rows(m: Any) -> list[Any]:
    return [
        m.Row("time_overview", "time_overview", m.in_quartier(200, READ), with_colleague, shows=m.QUARTIER_TITLE),
        m.Row("time_record", "time_record", m.in_quartier(200, RECORD), with_colleague, shows=m.QUARTIER_TITLE),
        m.Row(
            "time_record_post",
            "time_record",
            m.in_quartier(302, m.MANAGE),
            with_colleague,
            "POST",
            colleague_month,
        ),
    ]


def state(quartier: Any) -> dict[str, Any]:
    entries = TimeEntry.objects.filter(quartier=quartier).order_by("pk")
    return {"time": list(entries.values_list("member_id", "month", "task_field_id", "hours"))}
