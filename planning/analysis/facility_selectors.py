"""Reads of facilities and the quartier's map data, as GeoJSON (WGS84, RFC 7946)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from quartier.models import Quartier

from .models import Facility, FacilityCategory


def facility_list(*, quartier: Quartier, category: str = "", domain: str = "") -> QuerySet[Facility]:
    """The quartier's facilities, optionally of one category (key) or one domain."""
    facilities = Facility.objects.filter(quartier=quartier).select_related("category")
    if category:
        facilities = facilities.filter(category__key=category)
    if domain:
        facilities = facilities.filter(domain=domain)
    return facilities.order_by("category__position", "category__key", "name", "pk")


def category_list() -> QuerySet[FacilityCategory]:
    return FacilityCategory.objects.order_by("position", "key")


def facility_feature(facility: Facility) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": facility.pk,
        "geometry": {"type": "Point", "coordinates": [float(facility.lon), float(facility.lat)]},
        "properties": {
            "category": facility.category.key,
            "category_title": facility.category.title,
            "domain": facility.domain,
            "name": facility.name,
            "address": facility.address,
            "barrier_free": facility.barrier_free,
            "opening_hours": facility.opening_hours,
            "osm_id": facility.osm_id,
        },
    }


def facilities_geojson(*, quartier: Quartier) -> dict[str, Any]:
    """The facilities as a FeatureCollection of Points."""
    return {"type": "FeatureCollection", "features": [facility_feature(f) for f in facility_list(quartier=quartier)]}


def boundary_geojson(*, quartier: Quartier) -> dict[str, Any] | None:
    """The boundary as a Feature named after the quartier; None without a boundary."""
    if not quartier.boundary:
        return None
    return {
        "type": "Feature",
        "geometry": quartier.boundary,
        "properties": {"name": quartier.name, "slug": quartier.slug},
    }
