"""Competences: the team page for everyone who reads the staff pages (developers see only the
gaps); a person's profile only for the person, the quartier's managers and the organisation's
coordinators — everyone else who sees the quartier gets 404, as for a person who is not there.

Two people are profiled: „Sabine Beispiel“, without login (managers fill in her assessment),
and a person with a login — the `developer` when the case has one (so the developer opens their
own profile), otherwise the world's colleague. The person assesses themselves; managers keep
everyone's trainings; coordinators read only.
"""

from __future__ import annotations

import datetime
from typing import Any

from organisation.models import Competence, CompetenceAssessment, Staffing, StaffMember, Training
from quartier.models import User
from tests.factories import role_profile

NO_LOGIN_NAME = "Sabine Beispiel"


def _post(w: Any, member: StaffMember) -> StaffMember:
    if not Staffing.objects.filter(quartier=w.quartier, member=member).exists():
        Staffing.objects.create(
            quartier=w.quartier,
            member=member,
            role_profile=role_profile("entwickler"),
            weekly_hours=10,
            start=datetime.date(2024, 1, 1),
        )
    return member


def _no_login(w: Any) -> StaffMember:
    member, _created = StaffMember.objects.get_or_create(
        organisation_id=w.quartier.organisation_id, user=None, name=NO_LOGIN_NAME
    )
    return _post(w, member)


def _with_login(w: Any) -> StaffMember:
    user = User.objects.filter(email="developer@example.org").first() or w.colleague.user
    member, _created = StaffMember.objects.get_or_create(
        organisation_id=w.quartier.organisation_id, user=user, defaults={"name": str(user)}
    )
    return _post(w, member)


def _training(member: StaffMember) -> Training:
    training, _created = Training.objects.get_or_create(
        member=member, title="Moderation kompakt", defaults={"date": datetime.date(2026, 3, 1)}
    )
    return training


def no_login(w: Any) -> dict[str, Any]:
    return {"slug": w.quartier.slug, "member_id": _no_login(w).pk}


def with_login(w: Any) -> dict[str, Any]:
    return {"slug": w.quartier.slug, "member_id": _with_login(w).pk}


def no_login_training(w: Any) -> dict[str, Any]:
    member = _no_login(w)
    return {"slug": w.quartier.slug, "member_id": member.pk, "training_id": _training(member).pk}


def assessment(w: Any) -> dict[str, Any]:
    first = Competence.objects.order_by("position").first()
    return {f"level_{first.pk}": "3"}


def training_form(w: Any) -> dict[str, Any]:
    return {"title": "Netzwerke moderieren", "provider": "Akademie", "date": "2026-05-04", "status": "geplant"}


def rows(m: Any) -> list[Any]:
    def profile(ok: int, allowed: tuple[str, ...], forbidden: tuple[str, ...] = ()) -> dict[str, int]:
        """Allowed roles get `ok`, `forbidden` ones (who see the profile) 403, everyone else 404."""
        return {
            **{role: ok if role in allowed else 403 if role in forbidden else 404 for role in m.SEES_QUARTIER},
            **dict.fromkeys(m.CANNOT_SEE_QUARTIER, 404),
            m.ANONYMOUS: 302,
        }

    readers = ("manager", "coordinator")
    staff_pages = ("manager", "developer", "coordinator")
    return [
        m.Row(
            "competence_overview",
            "competence_overview",
            m.in_quartier(200, staff_pages),
            m.slug,
            shows=m.QUARTIER_TITLE,
        ),
        m.Row("competence_profile", "competence_profile", profile(200, readers), no_login, shows=NO_LOGIN_NAME),
        m.Row(
            "competence_profile_own",
            "competence_profile",
            profile(200, (*readers, "developer")),
            with_login,
            shows=m.QUARTIER_TITLE,
        ),
        m.Row(
            "competence_profile_save",
            "competence_profile",
            profile(302, ("manager",), ("coordinator",)),
            no_login,
            "POST",
            assessment,
        ),
        # A person with a login assesses themselves; their manager and coordinator only read.
        m.Row(
            "competence_profile_save_own",
            "competence_profile",
            profile(302, ("developer",), readers),
            with_login,
            "POST",
            assessment,
        ),
        m.Row(
            "training_create",
            "training_create",
            profile(200, ("manager",), ("coordinator",)),
            no_login,
            shows=NO_LOGIN_NAME,
        ),
        m.Row(
            "training_create_save",
            "training_create",
            profile(302, ("manager",), ("coordinator",)),
            no_login,
            "POST",
            training_form,
        ),
        m.Row(
            "training_create_save_own",
            "training_create",
            profile(302, ("manager", "developer"), ("coordinator",)),
            with_login,
            "POST",
            training_form,
        ),
        m.Row(
            "training_edit",
            "training_edit",
            profile(200, ("manager",), ("coordinator",)),
            no_login_training,
            shows="Moderation kompakt",
        ),
        m.Row(
            "training_edit_save",
            "training_edit",
            profile(302, ("manager",), ("coordinator",)),
            no_login_training,
            "POST",
            lambda w: {**training_form(w), "title": "Moderation kompakt II"},
        ),
        m.Row(
            "training_delete",
            "training_delete",
            profile(302, ("manager",), ("coordinator",)),
            no_login_training,
            "POST",
        ),
    ]


def state(quartier: Any) -> dict[str, Any]:
    members = Staffing.objects.filter(quartier=quartier).values("member")
    return {
        "assessments": list(
            CompetenceAssessment.objects.filter(member__in=members)
            .order_by("pk")
            .values_list("member_id", "competence_id", "level")
        ),
        "trainings": list(
            Training.objects.filter(member__in=members).order_by("pk").values_list("pk", "title", "date", "status")
        ),
    }
