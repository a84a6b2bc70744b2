"""Benchmark of the time by task field: a quartier's chart and page with five years of hours,
among many quartiers and staff.

Run from the project root:  python bench/time_chart.py  (or `make bench`)

Production settings (DEBUG off) on a fresh database, as bench/pages.py sets them up (SQLite in a
temporary folder, or a database `<name>_bench` beside DATABASE_URL's PostgreSQL). The demo plus
generated quartiers up to 300; 1,000 staff with a post each and five years of monthly hours in
the four task fields (about 240,000 entries). Altstadt has ten people with hours in every month
of the five years; a generated quartier with one person and one month is measured first for the
query count.

Targets: the time chart of one quartier (reading its sums and drawing the SVG) renders in a
median under 100 ms; the page takes the same number of queries for Altstadt as for the small
quartier. The page (manager and coordinator), the form page and the report's section are timed
and printed. Exit code 1 if a target is missed. BENCH_QUARTIERS and BENCH_STAFF make a smaller run.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pages import Measurement, add_quartiers, analyze, measure, prepare, report_targets, setup_django

QUARTIERS = int(os.environ.get("BENCH_QUARTIERS", "300"))
STAFF = int(os.environ.get("BENCH_STAFF", "1000"))
YEARS = 5
ALTSTADT_PEOPLE = 10
RUNS = 20
CHART_MS = 100
MANAGER = "manager-altstadt@demo.example"
COORDINATOR = "koordination@demo.example"
SLUG = "altstadt"
BATCH = 5000


def _months(years: int):
    from django.utils import timezone

    from organisation.timesheets.selectors import months_between
    from planning.measures.timeline import add_months

    current = timezone.localdate().replace(day=1)
    return months_between(add_months(current, -(12 * years - 1)), current)


def seed_staff(staff: int, altstadt_people: int, years: int) -> int:
    """Posts and monthly hours: `altstadt_people` in Altstadt, the rest spread over the other
    quartiers; every person has hours in each field in each month of `years` years. Returns the
    number of entries written."""
    from django.db import transaction

    from organisation.catalogues import ensure_catalogues
    from organisation.models import RoleProfile, Staffing, StaffMember, TaskField, TimeEntry
    from quartier.models import Quartier

    ensure_catalogues()
    rng = random.Random(11)
    months = _months(years)
    fields = list(TaskField.objects.all())
    profiles = list(RoleProfile.objects.all())
    quartiers = list(Quartier.objects.order_by("pk"))
    altstadt = next(q for q in quartiers if q.slug == SLUG)
    others = [q for q in quartiers if q.pk != altstadt.pk and q.slug != "gen-0001"]
    TimeEntry.objects.filter(quartier=altstadt).delete()  # the demo's twelve months: ten people instead
    places = [altstadt] * altstadt_people + [others[n % len(others)] for n in range(staff - altstadt_people)]
    written = 0
    with transaction.atomic():
        members = StaffMember.objects.bulk_create(
            [StaffMember(organisation_id=q.organisation_id, name=f"Fachkraft {n:04d}") for n, q in enumerate(places)]
        )
        Staffing.objects.bulk_create(
            [
                Staffing(
                    quartier=q,
                    member=m,
                    role_profile=profiles[n % len(profiles)],
                    weekly_hours=rng.choice([10, 19.5, 20, 30, 39]),
                    start=months[0],
                )
                for n, (q, m) in enumerate(zip(places, members, strict=True))
            ]
        )
        entries = []
        for q, m in zip(places, members, strict=True):
            for month in months:
                for f in fields:
                    entries.append(
                        TimeEntry(quartier=q, member=m, month=month, task_field=f, hours=rng.randint(2, 70) / 2)
                    )
            if len(entries) >= BATCH:
                TimeEntry.objects.bulk_create(entries)
                written += len(entries)
                entries = []
        TimeEntry.objects.bulk_create(entries)
        written += len(entries)
    return written


def small_quartier() -> str:
    """gen-0001 with one person and one month of hours: the query count's baseline."""
    from django.utils import timezone

    from organisation.models import Staffing, StaffMember, TaskField, TimeEntry
    from quartier.models import Quartier

    quartier = Quartier.objects.get(slug="gen-0001")
    member = StaffMember.objects.create(organisation=quartier.organisation, name="Fachkraft klein")
    Staffing.objects.create(
        quartier=quartier,
        member=member,
        role_profile_id=Staffing.objects.values_list("role_profile", flat=True).first(),
        weekly_hours=10,
        start=timezone.localdate().replace(day=1),
    )
    TimeEntry.objects.create(
        quartier=quartier,
        member=member,
        month=timezone.localdate().replace(day=1),
        task_field=TaskField.objects.first(),
        hours=12,
    )
    return quartier.slug


def time_function(function, runs: int = RUNS) -> tuple[float, float, float]:
    """Median wall time, max wall time and median CPU time of `function`, in ms."""
    function()  # warm-up
    wall, cpu = [], []
    for _n in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), max(wall), statistics.median(cpu)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="quartierswerk-bench-") as tmp:
        workdir = Path(tmp)
        setup_django(workdir)
        from django.db import connection
        from django.utils import timezone

        from organisation.models import StaffMember, TimeEntry
        from organisation.timesheets.charts import month_chart
        from organisation.timesheets.report import time_section
        from organisation.timesheets.selectors import time_overview
        from quartier.models import Quartier, User

        started = time.perf_counter()
        prepare(workdir)
        missing = QUARTIERS - Quartier.objects.count()
        if missing > 0:
            add_quartiers(missing)
        seeding = time.perf_counter()
        entries = seed_staff(STAFF, ALTSTADT_PEOPLE, YEARS)
        seeded_in = time.perf_counter() - seeding
        small = small_quartier()
        analyze()
        quartiers, staff, all_entries = Quartier.objects.count(), StaffMember.objects.count(), TimeEntry.objects.count()

        today = timezone.localdate()
        year = today.year - 1  # a full year: twelve bars
        page = f"/q/{SLUG}/personal/zeiten/?jahr={year}"
        results: dict[str, Measurement] = {
            "page, small quartier": measure(f"/q/{small}/personal/zeiten/?jahr={today.year}", COORDINATOR, 1, RUNS),
            "page, manager": measure(page, MANAGER, entries, RUNS),
            "page, coordinator": measure(page, COORDINATOR, entries, RUNS),
            "form page, manager": measure(f"/q/{SLUG}/personal/zeiten/erfassen/", MANAGER, entries, RUNS),
        }
        altstadt = Quartier.objects.select_related("organisation").get(slug=SLUG)
        manager = User.objects.get(email=MANAGER)
        overview = time_overview(quartier=altstadt, user=manager, year=year, today=today)

        def chart_only() -> None:
            month_chart(overview.months, uid="bench", title="Bench")

        def chart_with_read() -> None:
            fresh = time_overview(quartier=altstadt, user=manager, year=year, today=today)
            month_chart(fresh.months, uid="bench", title="Bench")

        timings = {
            "chart: SVG only": time_function(chart_only),
            "chart: sums read + SVG": time_function(chart_with_read),
            "report section (12 months)": time_function(lambda: time_section(quartier=altstadt, today=today)),
        }
        elapsed = time.perf_counter() - started
        vendor = connection.vendor

    print(
        f"\nTime chart benchmark: {quartiers} quartiers, {staff} staff, {all_entries} hour entries over {YEARS} "
        f"years (Altstadt: {ALTSTADT_PEOPLE} people × 4 fields × {12 * YEARS} months), {vendor}, DEBUG off "
        f"({elapsed:.0f} s, of which {seeded_in:.0f} s writing hours)\n"
    )
    print(f"{'what':<30}{'queries':>8}{'KB':>8}{'median ms':>11}{'max ms':>9}{'CPU ms':>9}")
    for name, m in results.items():
        print(f"{name:<30}{m.queries:>8}{m.kbytes:>8.0f}{m.median_ms:>11.1f}{m.max_ms:>9.1f}{m.cpu_ms:>9.1f}")
    for name, (wall, longest, cpu) in timings.items():
        print(f"{name:<30}{'':>8}{'':>8}{wall:>11.1f}{longest:>9.1f}{cpu:>9.1f}")
    print("(wall-clock median and max of", RUNS, "runs; CPU: median process time of this process)")

    small_page, big_page = results["page, small quartier"], results["page, coordinator"]
    chart_ms = timings["chart: sums read + SVG"][0]
    targets = [
        (f"time chart of one quartier, median < {CHART_MS} ms ({chart_ms:.1f} ms)", chart_ms < CHART_MS),
        (
            f"page queries equal for one month of one person and five years of ten ({small_page.queries} / "
            f"{big_page.queries})",
            small_page.queries == big_page.queries,
        ),
    ]
    return report_targets(targets)


if __name__ == "__main__":
    sys.exit(main())
