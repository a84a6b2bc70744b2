"""The quartier map of the PDF report, drawn as SVG on the server (no tiles, no network).

Longitude and latitude are projected equirectangularly: x = lon · cos(mid latitude), y = −lat,
which keeps distances true enough over a quartier, and fitted into a fixed viewBox. The
boundary is drawn as paths, the facilities as numbered symbols coloured by category; the
legend repeats number, colour and name, so that the colour is never the only sign.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

WIDTH = 800
HEIGHT = 560
PADDING = 24
SYMBOL_RADIUS = 10

# Distinguishable in print and for most colour vision; repeated with a number in each symbol.
PALETTE = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#7f7f7f",
    "#bcbd22",
    "#393b79",
    "#637939",
)


@dataclass(frozen=True)
class MapPoint:
    lat: float
    lon: float
    category_key: str
    name: str


@dataclass(frozen=True)
class LegendEntry:
    number: int
    key: str
    title: str
    colour: str
    count: int


@dataclass(frozen=True)
class ReportMap:
    svg: SafeString
    legend: list[LegendEntry]


def boundary_rings(boundary: dict[str, Any] | None) -> list[list[tuple[float, float]]]:
    """The rings (outer and holes) of a stored Polygon or MultiPolygon as (lon, lat) lists."""
    if not boundary:
        return []
    kind = boundary.get("type")
    coordinates = boundary.get("coordinates") or []
    polygons = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else []
    return [[(float(p[0]), float(p[1])) for p in ring] for polygon in polygons for ring in polygon]


class _Projection:
    """Fits (lon, lat) into the viewBox, keeping the aspect (cos of the middle latitude)."""

    def __init__(self, points: Sequence[tuple[float, float]]) -> None:
        lons = [p[0] for p in points]
        lats = [p[1] for p in points]
        mid_lat = (min(lats) + max(lats)) / 2
        self.kx = math.cos(math.radians(mid_lat))
        self.min_x, self.max_y = min(lons) * self.kx, max(lats)
        span_x = max(max(lons) * self.kx - self.min_x, 1e-9)
        span_y = max(self.max_y - min(lats), 1e-9)
        self.scale = min((WIDTH - 2 * PADDING) / span_x, (HEIGHT - 2 * PADDING) / span_y)
        # Centre the drawing in the box.
        self.off_x = PADDING + ((WIDTH - 2 * PADDING) - span_x * self.scale) / 2
        self.off_y = PADDING + ((HEIGHT - 2 * PADDING) - span_y * self.scale) / 2

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            round(self.off_x + (lon * self.kx - self.min_x) * self.scale, 1),
            round(self.off_y + (self.max_y - lat) * self.scale, 1),
        )


def report_map(
    *, boundary: dict[str, Any] | None, points: Iterable[MapPoint], categories: Sequence[tuple[str, str]], title: str
) -> ReportMap | None:
    """The SVG map and its legend; None when there is neither a boundary nor a facility.

    `categories` are (key, title) in legend order; only those with a facility appear.
    """
    points = list(points)
    rings = boundary_rings(boundary)
    corners = [c for ring in rings for c in ring] + [(p.lon, p.lat) for p in points]
    if not corners:
        return None
    project = _Projection(corners)
    counts: dict[str, int] = {}
    for p in points:
        counts[p.category_key] = counts.get(p.category_key, 0) + 1
    legend = [
        LegendEntry(number=n, key=key, title=cat_title, colour=PALETTE[(n - 1) % len(PALETTE)], count=counts[key])
        for n, (key, cat_title) in enumerate(((k, t) for k, t in categories if k in counts), start=1)
    ]
    by_key = {entry.key: entry for entry in legend}
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" width="{}" height="{}" role="img" '
            'aria-labelledby="report-map-title" class="report-map"><title id="report-map-title">{}</title>',
            WIDTH,
            HEIGHT,
            "15cm",
            f"{15 * HEIGHT / WIDTH:.1f}cm",
            title,
        ),
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#f8f9fa" stroke="#adb5bd"/>',
    ]
    if rings:
        path = " ".join(
            "M " + " L ".join(f"{x} {y}" for x, y in (project(lon, lat) for lon, lat in ring)) + " Z" for ring in rings
        )
        parts.append(
            f'<path d="{path}" fill="#0b5a6b" fill-opacity="0.08" fill-rule="evenodd" '
            'stroke="#0b5a6b" stroke-width="2.5" stroke-linejoin="round"/>'
        )
    for p in points:
        entry = by_key.get(p.category_key)
        if entry is None:
            continue
        x, y = project(p.lon, p.lat)
        parts.append(
            format_html(
                '<g><title>{}</title><circle cx="{}" cy="{}" r="{}" fill="{}" stroke="#fff" stroke-width="1.5"/>'
                '<text x="{}" y="{}" font-size="11" font-family="DejaVu Sans, sans-serif" font-weight="bold" '
                'fill="#fff" text-anchor="middle">{}</text></g>',
                p.name,
                x,
                y,
                SYMBOL_RADIUS,
                entry.colour,
                x,
                round(y + 4, 1),
                entry.number,
            )
        )
    parts.append("</svg>")
    return ReportMap(svg=mark_safe("".join(str(p) for p in parts)), legend=legend)  # noqa: S308 - parts escaped
