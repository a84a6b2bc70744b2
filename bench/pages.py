"""Benchmark of the cockpit, the start page and the portfolio: queries and server time as the data grows.

Run from the project root:  python bench/pages.py  (or `make bench`)

With the production settings (DEBUG off, plain HTTP) it seeds the demo plus 10 generated
quartiers, measures, grows to 300 and to 3,000 generated quartiers and measures again.
Without DATABASE_URL it builds its own SQLite database in a temporary folder; with
DATABASE_URL (PostgreSQL) it creates a database of its own beside that one (its name with
`_bench` appended, dropped and made anew on every run; the named database is never touched)
and runs ANALYZE after each seeding, as autovacuum would in production.

Targets: each page's query count is the same at 10, 300 and 3,000; the portfolio's CPU time
at 300 is below 60 ms and below 3× its own at 10; its median at 3,000 is below 300 ms on
PostgreSQL. Exit code 1 if a target is missed. BENCH_SIZES=10,300 skips the 3,000 run.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUESTS = 20
COCKPIT = ("/q/altstadt/", "manager-altstadt@demo.example")
PORTFOLIO = ("/portfolio/", "koordination@demo.example")
START = ("/quartiere/", "koordination@demo.example")
CSV = ("/portfolio/export.csv", "koordination@demo.example")
SIZES = tuple(int(n) for n in os.environ.get("BENCH_SIZES", "10,300,3000").split(","))


@dataclass
class Measurement:
    page: str
    generated: int
    rows: int
    queries: int
    kbytes: float
    median_ms: float
    max_ms: float
    cpu_ms: float


def setup_django(workdir: Path) -> None:
    """Production settings on a fresh database; runs before anything imports Django models."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        os.environ["DATABASE_URL"] = _bench_database(url)
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DEBUG"] = "0"
    os.environ["HTTPS"] = "0"
    os.environ["ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # Pages only: no broker or Redis cache in the way, whatever the shell has set.
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)

    import django

    django.setup()


def _bench_database(url: str) -> str:
    """A fresh database `<name>_bench` on the same server; returns its URL."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg2
    from psycopg2 import sql

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'postgres'}_bench"
    connection = psycopg2.connect(url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()
    return urlunsplit(parts._replace(path=f"/{name}"))


def prepare(workdir: Path) -> None:
    """Migrate and seed the demo with 10 generated quartiers."""
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    # DEBUG off selects the manifest storage, which needs `collectstatic` first (and that currently
    # stops at bootstrap's missing .map files). Static URLs cost the same either way, so the bench
    # uses plain URLs. Not setup_test_environment(): that would make the client record templates
    # and contexts, time a real request does not spend.
    storages = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    (workdir / "static").mkdir()
    override_settings(STORAGES=storages, STATIC_ROOT=str(workdir / "static")).enable()
    quiet = io.StringIO()
    call_command("migrate", verbosity=0, stdout=quiet)
    call_command("seed_demo", "--force", "--quartiers", "10", stdout=quiet)


def analyze() -> None:
    """Fresh planner statistics after bulk inserts, as autovacuum would have them in production."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def measure(path: str, email: str, generated: int, requests: int = REQUESTS) -> Measurement:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from quartier.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    response = client.get(path)  # warm-up: templates, translations, content types
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code} for {email}")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    query_count = len(queries)
    body = response.content
    # Portfolio: matrix rows; start page: quartier cards.
    rows = body.decode().count('<th scope="row">') or body.decode().count('<li class="card')
    times, cpu = [], []
    for _n in range(requests):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return Measurement(
        path,
        generated,
        rows,
        query_count,
        len(body) / 1024,
        statistics.median(times),
        max(times),
        statistics.median(cpu),
    )


def add_quartiers(count: int) -> None:
    from bench.generate import add_quartiers as generate

    generate(count)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="quartierswerk-bench-") as tmp:
        workdir = Path(tmp)
        setup_django(workdir)
        from django.db import connection

        vendor = connection.vendor
        started = time.perf_counter()
        prepare(workdir)
        results: list[Measurement] = []
        from quartier.models import Quartier

        for generated in SIZES:
            have = Quartier.objects.filter(slug__startswith="gen-").count()
            if generated > have:
                add_quartiers(generated - have)
            analyze()
            if Quartier.objects.filter(slug__startswith="gen-").count() != generated:
                raise SystemExit(f"the bench did not leave {generated} generated quartiers")
            results += [
                measure(*COCKPIT, generated),
                measure(*START, generated),
                measure(*PORTFOLIO, generated),
                measure(*CSV, generated, requests=3),
            ]
        elapsed = time.perf_counter() - started

    print(
        f"\nQuartierswerk page benchmark: {REQUESTS} requests per page (CSV: 3), {vendor}, "
        f"DEBUG off ({elapsed:.0f} s)\n"
    )
    header = (
        f"{'page':<24}{'generated':>10}{'rows':>6}{'queries':>8}{'KB':>8}{'median ms':>11}{'max ms':>9}{'CPU ms':>9}"
    )
    print(header)
    for m in results:
        rows = str(m.rows) if m.rows else "–"
        print(
            f"{m.page:<24}{m.generated:>10}{rows:>6}{m.queries:>8}{m.kbytes:>8.0f}"
            f"{m.median_ms:>11.1f}{m.max_ms:>9.1f}{m.cpu_ms:>9.1f}"
        )
    print("(median and max: wall-clock time per request; CPU: median process time of this process, which runs")
    print(" the page's Python; on PostgreSQL the database's own work shows in wall time only)")

    by = {(m.page, m.generated): m for m in results}
    targets = []
    for page, _email in (COCKPIT, START, PORTFOLIO, CSV):
        counts = [by[page, n].queries for n in SIZES]
        targets.append(
            (
                f"{page} queries equal at {', '.join(map(str, SIZES))} ({' / '.join(map(str, counts))})",
                len(set(counts)) == 1,
            )
        )
    for n in SIZES:
        # 3 demo quartiers of Stadt Musterstadt plus the generated ones; 100 per page.
        expected = min(100, 3 + n)
        targets.append(
            (
                f"portfolio at {n} shows {expected} rows ({by[PORTFOLIO[0], n].rows})",
                by[PORTFOLIO[0], n].rows == expected,
            )
        )
    if 10 in SIZES and 300 in SIZES:
        p10, p300 = by[PORTFOLIO[0], 10], by[PORTFOLIO[0], 300]
        targets += [
            (f"portfolio CPU at 300 < 60 ms ({p300.cpu_ms:.1f} ms)", p300.cpu_ms < 60),
            (
                f"portfolio CPU at 300 < 3 × CPU at 10 ({p300.cpu_ms:.1f} < {3 * p10.cpu_ms:.1f} ms)",
                p300.cpu_ms < 3 * p10.cpu_ms,
            ),
        ]
    if 3000 in SIZES:
        p3000 = by[PORTFOLIO[0], 3000]
        targets.append((f"portfolio median at 3,000 < 300 ms ({p3000.median_ms:.1f} ms)", p3000.median_ms < 300))
    return report_targets(targets)


def report_targets(targets: list[tuple[str, bool]]) -> int:
    """Print each target as met or missed; the exit status says whether all were met."""
    print("\nTargets:")
    for text, met in targets:
        print(f"  [{'ok' if met else 'MISSED'}] {text}")
    return 0 if all(met for _text, met in targets) else 1


if __name__ == "__main__":
    sys.exit(main())
