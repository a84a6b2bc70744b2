"""Benchmark of the portfolio's staff column: staffed hours, „kein Kümmerer“, ending posts and the
share of time per task field, with 300 quartiers, 1,000 staff and five years of hours.

Run from the project root:  python bench/portfolio_staff.py  (or `make bench`)

Production settings (DEBUG off) on a fresh database, as bench/pages.py sets them up: the demo
plus 10 generated quartiers, then 300. Staff grow with the quartiers, 1,000 at 300 (a third
as many at 10): each person has a post in one generated quartier (manager, developer or
coordinator; none in every fourth quartier; some open-ended, some ending within six months,
some already ended, a few follow-ups planned), and hours in every month of the last five years
in each of the four task fields (240,000 time entries at full size; nobody in every sixth
quartier and one in ten elsewhere records participation).

The comparison „without these columns“: the same page on the same database, rendered with
`evaluation.portfolio_staff.STAFF_COLUMNS` off, which leaves out exactly what the column adds
(its four queries — whose staff the user sees, the posts, the task fields, the sums of hours —
and its cells; the filters stay, unused on this address). The two are requested in turns,
request by request, so that load on the machine falls on both alike; each time is the median
of REQUESTS requests. Measuring a database without posts and hours instead would still run the
column's queries, on empty tables, and flatter it.

Targets: the portfolio's query count is the same at 10 and 300 quartiers (plain, filtered and
sorted by staffed hours, and the CSV); at 300 its median wall and CPU time with the column are
within 20 % of those without. Exit code 1 if a target is missed.
BENCH_STAFF and BENCH_YEARS make a smaller run.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pages import analyze, prepare, report_targets, setup_django

SIZES = (10, 300)
STAFF = int(os.environ.get("BENCH_STAFF", "1000"))  # at the largest size
YEARS = int(os.environ.get("BENCH_YEARS", "5"))
REQUESTS = 40
CSV_REQUESTS = 5
MARGIN = 0.20
COORDINATOR = "koordination@demo.example"
PAGE = "/portfolio/"
PAGES = {
    "page": PAGE,
    "filtered": PAGE + "?no_manager=on&no_participation=on",
    "sorted": PAGE + "?order=staff_hours",
    "csv": "/portfolio/export.csv",
}


@dataclass
class Timing:
    wall_ms: float
    cpu_ms: float
    max_ms: float


def add_staff(total: int, *, seed: int) -> int:
    """Bring the generated quartiers' staff to `total` people, each with a post and five years of
    monthly hours per task field (bulk inserts). Returns the number of time entries added."""
    from django.db import transaction
    from django.utils import timezone

    from organisation.models import RoleProfile, Staffing, StaffMember, TaskField, TimeEntry
    from planning.measures.timeline import add_months
    from quartier.models import Organisation, Quartier

    organisation = Organisation.objects.get(slug="stadt-musterstadt")
    quartiers = list(Quartier.objects.filter(slug__startswith="gen-").order_by("slug").values_list("pk", flat=True))
    have = StaffMember.objects.filter(name__startswith="Fachkraft ").count()
    if total <= have:
        return 0
    profiles = dict(RoleProfile.objects.values_list("key", "pk"))
    fields = dict(TaskField.objects.values_list("key", "pk"))
    rng = random.Random(seed)
    today = timezone.localdate()
    this_month = today.replace(day=1)
    months = [add_months(this_month, -n) for n in range(12 * YEARS)]
    added = 0
    with transaction.atomic():
        members = StaffMember.objects.bulk_create(
            [StaffMember(organisation=organisation, name=f"Fachkraft {n:05d}") for n in range(have, total)]
        )
        posts = []
        for n, member in enumerate(members, start=have):
            index = n % len(quartiers)
            quartier = quartiers[index]
            # Every fourth quartier has no manager post: the filter finds some at every size.
            choices = ["entwickler", "koordinator"] if index % 4 == 0 else ["manager", "manager", "entwickler"]
            profile = rng.choice(choices)
            start = today - timedelta(days=rng.randint(30, 365 * YEARS))
            roll = rng.random()
            end = (
                None
                if roll < 0.6
                else today + timedelta(days=rng.randint(10, 170))  # ends within six months
                if roll < 0.8
                else today + timedelta(days=rng.randint(200, 900))
                if roll < 0.9
                else today - timedelta(days=rng.randint(1, 25))  # ended
            )
            if end is not None and end < start:
                start = end - timedelta(days=rng.randint(30, 365))
            posts.append(
                Staffing(
                    quartier_id=quartier,
                    member=member,
                    role_profile_id=profiles[profile],
                    weekly_hours=Decimal(rng.choice(["10", "19.5", "20", "30", "39"])),
                    start=start,
                    end=end,
                )
            )
            if end is not None and end >= today and rng.random() < 0.3:  # a follow-up is planned
                posts.append(
                    Staffing(
                        quartier_id=quartier,
                        member=member,
                        role_profile_id=profiles[profile],
                        weekly_hours=Decimal("19.5"),
                        start=end + timedelta(days=1),
                        end=None,
                    )
                )
        Staffing.objects.bulk_create(posts, batch_size=2000)
        entries = []
        for n, member in enumerate(members, start=have):
            index = n % len(quartiers)
            quartier = quartiers[index]
            # Nobody in every sixth quartier records participation; elsewhere one in ten.
            participates = index % 6 != 0 and rng.random() > 0.1
            for month in months:
                for key, field_id in fields.items():
                    amount = rng.randint(0, 30) if participates or key != "beteiligung" else 0
                    entries.append(
                        TimeEntry(
                            quartier_id=quartier,
                            member=member,
                            month=month,
                            task_field_id=field_id,
                            hours=Decimal(amount),
                        )
                    )
            if len(entries) >= 20_000:
                TimeEntry.objects.bulk_create(entries, batch_size=5000)
                added += len(entries)
                entries = []
        TimeEntry.objects.bulk_create(entries, batch_size=5000)
        added += len(entries)
    return added


def _client():
    from django.test import Client

    from quartier.models import User

    client = Client()
    client.force_login(User.objects.get(email=COORDINATOR))
    return client


def query_count(path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client()
    client.get(path)  # warm-up
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")
    return len(queries)


def timed_in_turns(path: str, requests: int) -> tuple[Timing, Timing, int, int]:
    """(with the column, without), requested in turns; and the rows shown with and without."""
    from evaluation import portfolio_staff

    client = _client()
    times: dict[bool, list[float]] = {True: [], False: []}
    cpu: dict[bool, list[float]] = {True: [], False: []}
    rows = {}
    try:
        for flag in (True, False):  # warm-up, and the rows each shows
            portfolio_staff.STAFF_COLUMNS = flag
            body = client.get(path).content.decode()
            rows[flag] = body.count('<th scope="row">') or body.count("\n") - 1
        for n in range(2 * requests):
            flag = (True, False, False, True)[n % 4]  # ABBA: neither always goes first
            portfolio_staff.STAFF_COLUMNS = flag
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            times[flag].append((time.perf_counter() - start) * 1000)
            cpu[flag].append((time.process_time() - start_cpu) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
    finally:
        portfolio_staff.STAFF_COLUMNS = True
    result = [Timing(statistics.median(times[f]), statistics.median(cpu[f]), max(times[f])) for f in (True, False)]
    return result[0], result[1], rows[True], rows[False]


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="quartierswerk-bench-") as tmp:
        workdir = Path(tmp)
        setup_django(workdir)
        from django.db import connection

        from bench.generate import add_quartiers
        from organisation.models import Staffing, StaffMember, TimeEntry
        from quartier.models import Quartier

        started = time.perf_counter()
        prepare(workdir)
        counts: dict[tuple[str, int], int] = {}
        timings: dict[tuple[str, int], tuple[Timing, Timing, int, int]] = {}
        sizes: dict[int, tuple[int, int, int]] = {}
        for size in SIZES:
            have = Quartier.objects.filter(slug__startswith="gen-").count()
            if size > have:
                add_quartiers(size - have)
            add_staff(round(STAFF * size / max(SIZES)), seed=size)
            analyze()
            sizes[size] = (
                StaffMember.objects.filter(name__startswith="Fachkraft ").count(),
                Staffing.objects.count(),
                TimeEntry.objects.count(),
            )
            for name, path in PAGES.items():
                counts[name, size] = query_count(path)
            for name in ("page", "csv"):
                timings[name, size] = timed_in_turns(PAGES[name], CSV_REQUESTS if name == "csv" else REQUESTS)
        elapsed = time.perf_counter() - started
        vendor = connection.vendor

    print(
        f"\nPortfolio staff column benchmark: {REQUESTS} requests each with and without the column "
        f"(CSV: {CSV_REQUESTS}), in turns, {vendor}, DEBUG off ({elapsed:.0f} s)"
    )
    for size, (staff, posts, entries) in sizes.items():
        print(f"  {size} generated quartiers: {staff} staff, {posts} posts in all, {entries} time entries")
    print(
        f"\n{'page':<10}{'quartiers':>10}{'rows':>6}{'queries':>8}  {'with column':>26}  {'without':>26}  {'ratio':>6}"
    )
    print(f"{'':<34}  {'median / CPU / max ms':>26}  {'median / CPU / max ms':>26}")
    for (name, size), (on, off, rows, _rows_off) in timings.items():
        print(
            f"{name:<10}{size:>10}{rows:>6}{counts[name, size]:>8}  "
            f"{on.wall_ms:>8.1f} {on.cpu_ms:>8.1f} {on.max_ms:>8.1f}  "
            f"{off.wall_ms:>8.1f} {off.cpu_ms:>8.1f} {off.max_ms:>8.1f}  {on.wall_ms / off.wall_ms:>6.2f}"
        )
    print("(median and max: wall-clock time per request; CPU: median process time of this process)")
    print("\nQuery counts (with the column):")
    for name in PAGES:
        print(f"  {name:<10}" + "  ".join(f"{size}: {counts[name, size]}" for size in SIZES))

    largest = max(SIZES)
    targets = [
        (
            f"{name} queries equal at {', '.join(map(str, SIZES))} ({' / '.join(str(counts[name, s]) for s in SIZES)})",
            len({counts[name, s] for s in SIZES}) == 1,
        )
        for name in PAGES
    ]
    on, off, rows, rows_off = timings["page", largest]
    targets += [
        (f"portfolio at {largest} shows the same rows with and without ({rows} / {rows_off})", rows == rows_off),
        (
            f"portfolio median at {largest} within {MARGIN:.0%} of its time without the column "
            f"({on.wall_ms:.1f} ≤ {off.wall_ms * (1 + MARGIN):.1f} ms)",
            on.wall_ms <= off.wall_ms * (1 + MARGIN),
        ),
        (
            f"portfolio CPU at {largest} within {MARGIN:.0%} of its CPU without the column "
            f"({on.cpu_ms:.1f} ≤ {off.cpu_ms * (1 + MARGIN):.1f} ms)",
            on.cpu_ms <= off.cpu_ms * (1 + MARGIN),
        ),
    ]
    return report_targets(targets)


if __name__ == "__main__":
    sys.exit(main())
