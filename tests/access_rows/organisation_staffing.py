"""Posts: managers, developers and coordinators read the staff page; only managers (and
administrators) add, change, end and delete posts. Viewers and partners see none of it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from organisation.catalogues import ensure_catalogues
from organisation.models import RoleProfile, Staffing, StaffMember

READ = ("manager", "developer", "coordinator")


def _post(w: Any) -> Staffing:
    """The quartier's post that the rows change and delete (made on first use)."""
    ensure_catalogues()
    member, _created = StaffMember.objects.get_or_create(
        organisation=w.quartier.organisation, user=None, name="Sabine Sommer"
    )
    post, _created = Staffing.objects.get_or_create(
        quartier=w.quartier,
        member=member,
        defaults={
            "role_profile": RoleProfile.objects.get(key="entwickler"),
            "weekly_hours": Decimal(10),
            "start": date(2025, 1, 1),
        },
    )
    return post


def post(w: Any) -> dict[str, Any]:
    return {"slug": w.quartier.slug, "staffing_id": _post(w).pk}


def post_form(w: Any) -> dict[str, Any]:
    ensure_catalogues()
    return {
        "person": "new",
        "new_name": "Nora Neu",
        "role_profile": RoleProfile.objects.get(key="manager").pk,
        "weekly_hours": "19,5",
        "start": "2026-01-01",
        "end": "2026-12-31",
    }


def rows(m: Any) -> list[Any]:
    manage = m.MANAGE
    return [
        m.Row("staff_overview", "staff_overview", m.in_quartier(200, READ), m.slug, shows=m.QUARTIER_TITLE),
        m.Row("staffing_create", "staffing_create", m.in_quartier(200, manage), m.slug, shows=m.QUARTIER_TITLE),
        m.Row("staffing_create_post", "staffing_create", m.in_quartier(302, manage), m.slug, "POST", post_form),
        m.Row("staffing_edit", "staffing_edit", m.in_quartier(200, manage), post, shows="Sabine Sommer"),
        m.Row(
            "staffing_edit_post",
            "staffing_edit",
            m.in_quartier(302, manage),
            post,
            "POST",
            lambda w: {**post_form(w), "new_name": "Sabine Sommer"},
        ),
        m.Row("staffing_delete", "staffing_delete", m.in_quartier(200, manage), post, shows="Sabine Sommer"),
        m.Row("staffing_delete_post", "staffing_delete", m.in_quartier(302, manage), post, "POST"),
    ]


def state(quartier: Any) -> dict[str, Any]:
    posts = Staffing.objects.filter(quartier=quartier).order_by("pk")
    return {
        "posts": list(posts.values_list("pk", "member__name", "role_profile__key", "weekly_hours", "start", "end")),
        "staff": list(
            StaffMember.objects.filter(organisation=quartier.organisation).order_by("pk").values_list("pk", "name")
        ),
    }
