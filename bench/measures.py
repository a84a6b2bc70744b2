"""Benchmark of the measure list and the board: queries and server time with 2,000 measures.

Run from the project root:  python bench/measures.py

Production settings (DEBUG off) on a fresh database, as bench/pages.py sets them up: the
demo, 300 generated quartiers, then Altstadt with 20 and with 2,000 measures (each with three
milestones, some overdue). Each page is requested REQUESTS times as Altstadt's manager.

Targets: each page's query count is the same at 20 and at 2,000 measures; the median at
2,000 is below 150 ms. Exit code 1 if a target is missed.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pages import Measurement, analyze, measure, prepare, report_targets, setup_django

QUARTIERS = int(os.environ.get("BENCH_QUARTIERS", "300"))
SIZES = (20, 2000)
MANAGER = "manager-altstadt@demo.example"
PAGES = ("/q/altstadt/massnahmen/", "/q/altstadt/massnahmen/board/")


def grow_measures(total: int) -> None:
    """Bring Altstadt to `total` measures, each with three milestones (bulk inserts)."""
    from django.db import transaction
    from django.utils import timezone

    from planning.measures.models import Measure, MeasureStatus, Milestone
    from quartier.models import Membership, Quartier

    quartier = Quartier.objects.get(slug="altstadt")
    people = list(Membership.objects.filter(quartier=quartier).values_list("user_id", flat=True))
    have = Measure.objects.filter(quartier=quartier).count()
    rng = random.Random(total)
    today = timezone.localdate()
    with transaction.atomic():
        new = Measure.objects.bulk_create(
            [
                Measure(
                    quartier=quartier,
                    title=f"Maßnahme {n:05d}",
                    description="Erzeugt für den Benchmark.",
                    domain=rng.choice(["wohnen", "soziales", "pflege"]),
                    status=rng.choice(MeasureStatus.values),
                    responsible_id=rng.choice(people),
                    start=(start := today - timedelta(days=rng.randint(60, 400))),
                    end=start + timedelta(days=rng.randint(30, 700)),
                )
                for n in range(have, total)
            ],
            batch_size=500,
        )
        Milestone.objects.bulk_create(
            [
                Milestone(
                    measure=m,
                    title=f"Meilenstein {i}",
                    due_date=today + timedelta(days=rng.randint(-90, 300)),
                    done=rng.random() < 0.4,
                    position=i,
                )
                for m in new
                for i in range(1, 4)
            ],
            batch_size=1000,
        )


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="quartierswerk-bench-") as tmp:
        workdir = Path(tmp)
        setup_django(workdir)
        from django.db import connection

        from bench.generate import add_quartiers

        started = time.perf_counter()
        prepare(workdir)
        add_quartiers(QUARTIERS)
        results: list[tuple[int, Measurement]] = []
        for size in SIZES:
            grow_measures(size)
            analyze()
            results += [(size, measure(page, MANAGER, QUARTIERS)) for page in PAGES]
        elapsed = time.perf_counter() - started
        vendor = connection.vendor

    print(f"\nMeasures benchmark: {QUARTIERS} generated quartiers, {vendor}, DEBUG off ({elapsed:.0f} s)\n")
    print(f"{'page':<34}{'measures':>9}{'queries':>8}{'KB':>7}{'median ms':>11}{'max ms':>9}{'CPU ms':>9}")
    for size, m in results:
        print(
            f"{m.page:<34}{size:>9}{m.queries:>8}{m.kbytes:>7.0f}{m.median_ms:>11.1f}{m.max_ms:>9.1f}{m.cpu_ms:>9.1f}"
        )
    print("(wall-clock median and max per request; CPU: median process time of this process)")
    targets = []
    by = {(m.page, size): m for size, m in results}
    for page in PAGES:
        counts = [by[page, size].queries for size in SIZES]
        targets.append(
            (f"{page} queries equal at {SIZES[0]} and {SIZES[1]} ({counts[0]} / {counts[1]})", counts[0] == counts[1])
        )
        median = by[page, SIZES[-1]].median_ms
        targets.append((f"{page} median at {SIZES[-1]} < 150 ms ({median:.1f} ms)", median < 150))
    return report_targets(targets)


if __name__ == "__main__":
    sys.exit(main())
