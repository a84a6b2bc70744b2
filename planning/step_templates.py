"""Loads the ten steps and their checklists from planning/data/steps.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

STEPS_FILE = Path(__file__).resolve().parent / "data" / "steps.yaml"


def read_steps(path: Path = STEPS_FILE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def parse_evidence(value: str) -> tuple[str, str]:
    """`object:survey` → ("object", "survey"); `document` → ("document", "")."""
    kind, _sep, object_kind = value.partition(":")
    return kind, object_kind


def sync_step_templates(step_model: Any, item_model: Any, data: dict[str, Any] | None = None) -> int:
    """Create or update the step and checklist templates from the data; returns the step count.

    Takes the model classes so that a migration can pass its historical models.
    """
    data = data or read_steps()
    # A migration's historical model may predate some fields: fill only those it has.
    step_fields = {f.name for f in step_model._meta.get_fields()}
    phase_of = {number: phase["key"] for phase in data["phases"] for number in phase["steps"]}
    for step in data["steps"]:
        template, _created = step_model.objects.update_or_create(
            number=step["number"],
            defaults={
                "phase": phase_of[step["number"]],
                "title": step["title"],
                "english": step.get("english", ""),
                "guidance": step.get("guidance", ""),
                **({"guidance_english": step.get("guidance_english", "")} if "guidance_english" in step_fields else {}),
            },
        )
        for position, item in enumerate(step.get("checklist", []), start=1):
            kind, object_kind = parse_evidence(item["evidence"])
            item_model.objects.update_or_create(
                step=template,
                position=position,
                defaults={
                    "title": item["title"],
                    "english": item.get("english", ""),
                    "required": bool(item.get("required", False)),
                    "evidence_kind": kind,
                    "object_kind": object_kind,
                },
            )
    return len(data["steps"])
