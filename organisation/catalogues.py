"""Loads the catalogues the app ships (organisation/data/organisation.yaml): role profiles, task
fields, competences and the topics of the organisation check. A sync adds what is missing and
updates the shipped rows; it never deletes what an administrator added."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

CATALOGUES_FILE = Path(__file__).resolve().parent / "data" / "organisation.yaml"


def read_catalogues(path: Path = CATALOGUES_FILE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def sync_catalogues(apps: Any = None, data: dict | None = None) -> None:
    """Create or update the shipped rows. A migration passes its `apps` (historical models)."""
    if apps is None:
        from django.apps import apps
    data = data or read_catalogues()
    role_profile = apps.get_model("organisation", "RoleProfile")
    task_field = apps.get_model("organisation", "TaskField")
    competence = apps.get_model("organisation", "Competence")
    topic = apps.get_model("organisation", "CheckTopic")
    for position, row in enumerate(data["role_profiles"], start=1):
        role_profile.objects.update_or_create(
            key=row["key"],
            defaults={
                "title": row["title"],
                "summary": " ".join(row.get("summary", "").split()),
                "app_role": row.get("app_role", ""),
                "position": position,
            },
        )
    for position, row in enumerate(data["task_fields"], start=1):
        task_field.objects.update_or_create(key=row["key"], defaults={"title": row["title"], "position": position})
    for position, row in enumerate(data["competences"], start=1):
        competence.objects.update_or_create(key=row["key"], defaults={"title": row["title"], "position": position})
    for kind, rows in (("dimension", data["change_dimensions"]), ("challenge", data["challenges"])):
        for position, row in enumerate(rows, start=1):
            topic.objects.update_or_create(
                kind=kind,
                key=row["key"],
                defaults={
                    "title": row["title"],
                    "question": " ".join(row.get("question", "").split()),
                    "step": row.get("step"),
                    "position": position,
                },
            )


def ensure_catalogues() -> None:
    """Load the catalogues when a table is empty (tests that flush every table need them back)."""
    from .models import CheckTopic, Competence, RoleProfile, TaskField

    if not all(model.objects.exists() for model in (RoleProfile, TaskField, Competence, CheckTopic)):
        sync_catalogues()
