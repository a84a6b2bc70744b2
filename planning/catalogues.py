"""Loads the catalogues the app ships (planning/data/catalogues.yaml): indicators, facility
categories and funding kinds. Administrators extend them in the admin; a sync adds what is
missing and updates the shipped rows, never deletes what an administrator added."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

CATALOGUES_FILE = Path(__file__).resolve().parent / "data" / "catalogues.yaml"


def read_catalogues(path: Path = CATALOGUES_FILE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def sync_catalogues(
    indicator_model: Any, category_model: Any, funding_kind_model: Any, data: dict | None = None
) -> None:
    """Create or update the shipped catalogue rows. Takes the model classes so that a
    migration can pass its historical models."""
    data = data or read_catalogues()
    for position, row in enumerate(data["indicators"], start=1):
        indicator_model.objects.update_or_create(
            code=row["code"],
            defaults={
                "title": row["title"],
                "unit": row["unit"],
                "domain": row["domain"],
                "direction": row["direction"],
                "source": row.get("source", ""),
                "position": position,
            },
        )
    for position, row in enumerate(data["facility_categories"], start=1):
        category_model.objects.update_or_create(
            key=row["key"],
            defaults={
                "title": row["title"],
                "domain": row["domain"],
                "osm_tags": list(row.get("osm", [])),
                "position": position,
            },
        )
    for position, row in enumerate(data["funding_kinds"], start=1):
        funding_kind_model.objects.update_or_create(
            key=row["key"], defaults={"title": row["title"], "position": position}
        )


def ensure_catalogues() -> None:
    """Load the catalogues when a table is empty (tests that flush every table need them back)."""
    from planning.models import FacilityCategory, FundingKind, Indicator

    if not (Indicator.objects.exists() and FacilityCategory.objects.exists() and FundingKind.objects.exists()):
        sync_catalogues(Indicator, FacilityCategory, FundingKind)
