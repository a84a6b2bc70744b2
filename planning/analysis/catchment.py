"""Catchment analysis: which share of the quartier lies within walking distance of a facility.

Distances are metres, so the boundary and the facilities are projected to ETRS89 / UTM
zone 32N (EPSG:25832) before anything is buffered: a buffer of 500 in WGS84 would be 500
degrees. Each facility is buffered by the quartier's walking radius, the buffers of one
category are united and cut with the boundary; the covered share is that area over the
boundary's. The result is cached under a key made of everything it depends on, so a
changed boundary, radius or facility finds no stale entry.
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

import numpy as np
import shapely
from django.core.cache import cache as django_cache
from pyproj import Transformer
from shapely.geometry import mapping, shape

from planning.domains import Domain
from quartier.models import Quartier

from .models import Facility, FacilityCategory

PROJECTED_CRS = "EPSG:25832"  # ETRS89 / UTM zone 32N, metres
GAP_BELOW_PERCENT = 80
# Segments per quarter circle: 16 keeps a buffer's area within 0.2 % of a true circle's.
QUAD_SEGMENTS = 16
# Coverage outlines are simplified before they are sent to the map: 5 m is far below
# what a person reads from a map of a quartier, and keeps the GeoJSON small.
SIMPLIFY_METRES = 5.0
CACHE_SECONDS = 7 * 24 * 3600
CACHE_VERSION = 1


@cache
def _to_metres() -> Transformer:
    return Transformer.from_crs("EPSG:4326", PROJECTED_CRS, always_xy=True)


@cache
def _to_degrees() -> Transformer:
    return Transformer.from_crs(PROJECTED_CRS, "EPSG:4326", always_xy=True)


def _apply(transformer: Transformer, geometry: shapely.Geometry) -> shapely.Geometry:
    def move(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geometry, move)


def project(geometry: shapely.Geometry) -> shapely.Geometry:
    """A WGS84 (lon/lat) geometry in metres (EPSG:25832)."""
    return _apply(_to_metres(), geometry)


def unproject(geometry: shapely.Geometry) -> shapely.Geometry:
    """A geometry in metres (EPSG:25832) back in WGS84 (lon/lat)."""
    return _apply(_to_degrees(), geometry)


@dataclass(frozen=True)
class Coverage:
    """The computed part of one category: how much of the area is covered, and where."""

    key: str
    percent: float
    geometry: dict[str, Any] | None  # GeoJSON in WGS84, None when nothing is covered


def compute(
    *, boundary: dict[str, Any], radius_m: float, points: dict[str, list[tuple[float, float]]]
) -> dict[str, Coverage]:
    """The coverage of each category in `points` (category key → [(lon, lat), …]).

    Pure: no database, no cache. The boundary is a GeoJSON Polygon or MultiPolygon in WGS84.
    """
    area = shapely.make_valid(project(shape(boundary)))
    total = area.area
    if total <= 0:
        return {}
    shapely.prepare(area)
    result: dict[str, Coverage] = {}
    for key, coords in points.items():
        if not coords:
            result[key] = Coverage(key, 0.0, None)
            continue
        lon, lat = np.asarray(coords, dtype=float).T
        x, y = _to_metres().transform(lon, lat)
        centres = shapely.points(np.column_stack([x, y]))
        union = shapely.union_all(shapely.buffer(centres, radius_m, quad_segs=QUAD_SEGMENTS))
        covered = shapely.intersection(union, area)
        percent = min(100.0, 100.0 * covered.area / total)
        geometry = None
        if not covered.is_empty:
            simple = shapely.simplify(covered, SIMPLIFY_METRES, preserve_topology=True)
            geometry = _rounded(mapping(unproject(simple)))
        result[key] = Coverage(key, percent, geometry)
    return result


def _rounded(value: Any) -> Any:
    """Coordinates to 6 decimals (about 10 cm): the GeoJSON stays small and reads the same."""
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    return value


@dataclass
class CategoryRow:
    key: str
    title: str
    domain: str
    domain_label: str
    facilities: int
    percent: float | None  # None: not computable (no boundary)
    geometry: dict[str, Any] | None = None

    @property
    def is_gap(self) -> bool:
        return self.percent is not None and self.percent < GAP_BELOW_PERCENT


@dataclass
class Catchment:
    radius_m: int
    has_boundary: bool
    has_facilities: bool
    rows: list[CategoryRow] = field(default_factory=list)

    @property
    def gaps(self) -> list[CategoryRow]:
        return [row for row in self.rows if row.is_gap]

    def by_domain(self) -> list[tuple[str, list[CategoryRow]]]:
        """The rows grouped by domain, in the domains' order (Wohnen, Soziales, Pflege)."""
        groups: dict[str, list[CategoryRow]] = defaultdict(list)
        for row in self.rows:
            groups[row.domain].append(row)
        return [(str(label), groups[value]) for value, label in Domain.choices if groups[value]]


def _cache_key(boundary: dict[str, Any], radius_m: int, rows: list[tuple]) -> str:
    digest = hashlib.sha256()
    digest.update(json.dumps(boundary, sort_keys=True, separators=(",", ":")).encode())
    digest.update(f"|{radius_m}|".encode())
    for row in rows:
        digest.update(repr(row).encode())
    return f"catchment:v{CACHE_VERSION}:{digest.hexdigest()}"


def _decimal_text(value: Decimal) -> str:
    return format(value, "f")


def catchment_for(*, quartier: Quartier) -> Catchment:
    """The catchment of every facility category in this quartier, computed once per state.

    Two queries (categories, facilities) and, unless cached, the geometry. The cache key
    covers the boundary, the radius and each facility's id, category and position, so any
    change of those leads to a fresh computation.
    """
    categories = list(FacilityCategory.objects.order_by("position", "key"))
    facilities = list(
        Facility.objects.filter(quartier=quartier).order_by("pk").values_list("pk", "category_id", "lat", "lon")
    )
    radius = quartier.catchment_radius_m
    result = Catchment(radius_m=radius, has_boundary=bool(quartier.boundary), has_facilities=bool(facilities))
    key_of = {c.pk: c.key for c in categories}
    counts: dict[str, int] = defaultdict(int)
    points: dict[str, list[tuple[float, float]]] = {c.key: [] for c in categories}
    for _pk, category_id, lat, lon in facilities:
        counts[key_of[category_id]] += 1
        points[key_of[category_id]].append((float(lon), float(lat)))

    coverage: dict[str, Coverage] = {}
    if quartier.boundary and facilities:
        rows = [(pk, key_of[c], _decimal_text(lat), _decimal_text(lon)) for pk, c, lat, lon in facilities]
        cache_key = _cache_key(quartier.boundary, radius, rows)
        coverage = django_cache.get(cache_key)
        if coverage is None:
            coverage = compute(boundary=quartier.boundary, radius_m=radius, points=points)
            django_cache.set(cache_key, coverage, CACHE_SECONDS)

    for category in categories:
        covered = coverage.get(category.key)
        result.rows.append(
            CategoryRow(
                key=category.key,
                title=category.title,
                domain=category.domain,
                domain_label=str(category.get_domain_display()),
                facilities=counts[category.key],
                percent=(covered.percent if covered else 0.0) if result.has_boundary else None,
                geometry=covered.geometry if covered else None,
            )
        )
    return result


def catchment_geojson(*, quartier: Quartier, catchment: Catchment) -> dict[str, Any]:
    """The boundary and each category's covered area as one GeoJSON FeatureCollection."""
    features: list[dict[str, Any]] = []
    if quartier.boundary:
        features.append({"type": "Feature", "geometry": quartier.boundary, "properties": {"kind": "boundary"}})
    for row in catchment.rows:
        if row.geometry is None or row.percent is None:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": row.geometry,
                "properties": {
                    "kind": "coverage",
                    "category": row.key,
                    "title": row.title,
                    "percent": round(row.percent, 1),
                    "facilities": row.facilities,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
