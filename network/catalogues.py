"""Loads the catalogues the network ships (network/data/catalogues.yaml): partner types and
contribution kinds. A sync adds what is missing and updates the shipped rows; it never deletes
what an administrator added."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

CATALOGUES_FILE = Path(__file__).resolve().parent / "data" / "catalogues.yaml"


def read_catalogues(path: Path = CATALOGUES_FILE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def sync_catalogues(partner_type_model: Any, contribution_kind_model: Any, data: dict | None = None) -> None:
    """Create or update the shipped rows. Takes the model classes so that a migration can pass
    its historical models."""
    data = data or read_catalogues()
    for position, row in enumerate(data["partner_types"], start=1):
        partner_type_model.objects.update_or_create(
            key=row["key"], defaults={"title": row["title"], "position": position}
        )
    for position, row in enumerate(data["contribution_kinds"], start=1):
        contribution_kind_model.objects.update_or_create(
            key=row["key"], defaults={"title": row["title"], "unit": row["unit"], "position": position}
        )


def ensure_catalogues() -> None:
    """Load the catalogues when a table is empty (tests that flush every table need them back)."""
    from network.models import ContributionKind, PartnerType

    if not (PartnerType.objects.exists() and ContributionKind.objects.exists()):
        sync_catalogues(PartnerType, ContributionKind)
