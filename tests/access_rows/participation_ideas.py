"""Ideas: readers see the team's list, managers (and administrators) enter and decide; the
public page is open to everyone, and anyone may send an idea there."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from participation.models import Idea


def idea(w: Any) -> dict[str, Any]:
    made = Idea.objects.create(
        quartier=w.quartier, text="Bank am Marktplatz", source="online", created_on=timezone.localdate()
    )
    return {"slug": w.quartier.slug, "idea_id": made.pk}


def rows(m: Any) -> list[Any]:
    manage = m.MANAGE
    return [
        m.Row("idea_list", "idea_list", m.in_quartier(200), m.slug, shows="Ideen"),
        m.Row("idea_create", "idea_create", m.in_quartier(200, manage), m.slug),
        m.Row(
            "idea_create_post",
            "idea_create",
            m.in_quartier(302, manage),
            m.slug,
            "POST",
            lambda w: {"text": "Mittagstisch", "domain": "soziales"},
        ),
        m.Row("idea_detail", "idea_detail", m.in_quartier(200), idea, shows="Bank am Marktplatz"),
        m.Row(
            "idea_detail_post",
            "idea_detail",
            m.in_quartier(302, manage),
            idea,
            "POST",
            lambda w: {"status": "in_pruefung"},
        ),
        m.Row("idea_public", "idea_public", m.everyone(200), m.slug, shows="Bitte keine Namen"),
        m.Row(
            "idea_public_post",
            "idea_public",
            m.everyone(302),
            m.slug,
            "POST",
            lambda w: {"text": "Mehr Licht im Park", "domain": "weiss_nicht"},
            public=True,
        ),
    ]


def state(quartier: Any) -> dict[str, Any]:
    ideas = Idea.objects.filter(quartier=quartier).order_by("pk")
    return {"ideas": list(ideas.values_list("pk", "status", "measure_id"))}
