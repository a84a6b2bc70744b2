"""Benchmark of the catchment analysis: 200 facilities in 11 categories over a quartier of ~1.5 km².

Run from the project root:  python bench/catchment.py  (BENCH_RUNS=20 by default)

Each run computes the coverage of every category from scratch (no cache): projection to
ETRS89 / UTM 32N, a 500 m buffer per facility, the union per category, the intersection with
the boundary, and the simplified coverage polygons back in WGS84 for the map.

Target: the median run is below 1 s. Exit code 1 if it is missed.
"""

from __future__ import annotations

import json
import math
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RUNS = int(os.environ.get("BENCH_RUNS", "20"))
FACILITIES = 200
CATEGORIES = 11
RADIUS_M = 500
TARGET_S = 1.0


def setup_django(workdir: Path) -> None:
    """The computation needs no database, but its module imports the models."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DEBUG"] = "0"
    os.environ["HTTPS"] = "0"
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)

    import django

    django.setup()


def quartier_and_facilities(seed: int = 6) -> tuple[dict, dict[str, list[tuple[float, float]]], float]:
    """An irregular polygon of about 1.5 km² around Kassel's centre, in WGS84, and 200 facilities
    in and around it, unevenly spread over 11 categories (many stops, few day-care places)."""
    from pyproj import Transformer

    to_degrees = Transformer.from_crs("EPSG:25832", "EPSG:4326", always_xy=True)
    rng = random.Random(seed)
    cx, cy = 534_000.0, 5_685_000.0
    ring = []
    for i in range(72):
        angle = 2 * math.pi * i / 72
        r = 700 * (1 + 0.18 * math.sin(3 * angle) + 0.06 * rng.uniform(-1, 1))
        ring.append(list(to_degrees.transform(cx + r * math.cos(angle), cy + r * math.sin(angle))))
    ring.append(ring[0])
    boundary = {"type": "Polygon", "coordinates": [ring]}

    weights = [30, 12, 10, 4, 14, 8, 36, 44, 6, 24, 12][:CATEGORIES]
    keys = [f"category{i}" for i in range(CATEGORIES)]
    points: dict[str, list[tuple[float, float]]] = {key: [] for key in keys}
    for key in rng.choices(keys, weights=weights, k=FACILITIES):
        x, y = cx + rng.uniform(-1000, 1000), cy + rng.uniform(-1000, 1000)
        points[key].append(to_degrees.transform(x, y))
    from shapely.geometry import shape

    from planning.analysis.catchment import project

    area_km2 = project(shape(boundary)).area / 1e6
    return boundary, points, area_km2


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(Path(tmp))
        from planning.analysis.catchment import compute

        boundary, points, area_km2 = quartier_and_facilities()
        compute(boundary=boundary, radius_m=RADIUS_M, points=points)  # warm up: the transformers are built once

        walls, cpus = [], []
        for _ in range(RUNS):
            wall, cpu = time.perf_counter(), time.process_time()
            result = compute(boundary=boundary, radius_m=RADIUS_M, points=points)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)

        geojson_kb = len(json.dumps([c.geometry for c in result.values()])) / 1024
        print(
            f"catchment: {sum(map(len, points.values()))} facilities in {len(points)} categories, "
            f"quartier {area_km2:.2f} km², radius {RADIUS_M} m, {RUNS} uncached runs"
        )
        print(
            f"  wall median {1000 * statistics.median(walls):.1f} ms, max {1000 * max(walls):.1f} ms; "
            f"CPU median {1000 * statistics.median(cpus):.1f} ms; coverage GeoJSON {geojson_kb:.1f} KB"
        )
        coverage = ", ".join(f"{key[8:]}: {c.percent:.1f} %" for key, c in result.items())
        print(f"  coverage per category {coverage}")
        ok = statistics.median(walls) < TARGET_S
        print(f"  target median < {TARGET_S:.0f} s: {'met' if ok else 'MISSED'}")
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
