"""Writes on facilities: create, change, delete (the OSM import lives in osm_import.py)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from quartier.access import Action, require
from quartier.models import Quartier, User

from .models import Facility

FACILITY_FIELDS = ("category", "domain", "name", "address", "lat", "lon", "barrier_free", "opening_hours")


def _apply(facility: Facility, data: dict[str, Any]) -> list[str]:
    changed = [name for name in FACILITY_FIELDS if name in data]
    for name in changed:
        setattr(facility, name, data[name])
    # A facility without its own domain belongs to its category's domain.
    if not facility.domain:
        facility.domain = facility.category.domain
        changed.append("domain")
    return changed


@transaction.atomic
def facility_create(*, quartier: Quartier, user: User, data: dict[str, Any]) -> Facility:
    """Add a facility to the quartier; the domain defaults to the category's."""
    require(user, Action.EDIT_ANALYSIS, quartier)
    facility = Facility(quartier=quartier)
    _apply(facility, data)
    facility.full_clean()
    facility.save()
    return facility


@transaction.atomic
def facility_update(*, facility: Facility, user: User, data: dict[str, Any]) -> Facility:
    """Change a facility's fields (an imported one keeps its OSM id for the next import)."""
    require(user, Action.EDIT_ANALYSIS, facility.quartier)
    changed = _apply(facility, data)
    facility.full_clean()
    facility.save(update_fields=[*dict.fromkeys(changed), "updated_at"])
    return facility


@transaction.atomic
def facility_delete(*, facility: Facility, user: User) -> None:
    """Delete a facility (its history stays)."""
    require(user, Action.EDIT_ANALYSIS, facility.quartier)
    facility.delete()
