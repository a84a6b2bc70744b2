"""Shapes with known areas for the catchment tests: drawn in metres (EPSG:25832), stored in WGS84."""

from __future__ import annotations

from decimal import Decimal

from pyproj import Transformer

from planning.models import Facility, FacilityCategory
from quartier.models import Quartier

TO_DEGREES = Transformer.from_crs("EPSG:25832", "EPSG:4326", always_xy=True)

# The south-west corner of the test square, in metres: near Kassel, inside UTM zone 32.
X0, Y0 = 535_000.0, 5_690_000.0


def lonlat(x: float, y: float) -> tuple[float, float]:
    lon, lat = TO_DEGREES.transform(x, y)
    return lon, lat


def square(side: float = 1000.0, *, steps: int = 20) -> dict:
    """A square of `side` metres as a GeoJSON Polygon in WGS84.

    Each side is sampled at `steps` points: a straight line in metres is slightly curved in
    degrees, and a ring of only four corners would lose a sliver of area on the way back.
    """
    corners = [(X0, Y0), (X0 + side, Y0), (X0 + side, Y0 + side), (X0, Y0 + side)]
    ring = []
    for (ax, ay), (bx, by) in zip(corners, corners[1:] + corners[:1], strict=True):
        for i in range(steps):
            t = i / steps
            ring.append(list(lonlat(ax + t * (bx - ax), ay + t * (by - ay))))
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [ring]}


def add_facility(quartier: Quartier, key: str, x: float, y: float, name: str = "Einrichtung") -> Facility:
    """A facility of category `key` at (x, y) metres."""
    category = FacilityCategory.objects.get(key=key)
    lon, lat = lonlat(x, y)
    return Facility.objects.create(
        quartier=quartier,
        category=category,
        domain=category.domain,
        name=name,
        lat=Decimal(f"{lat:.6f}"),
        lon=Decimal(f"{lon:.6f}"),
    )
