"""Benchmark of the cockpit and the portfolio: queries and server time as the data grows.

Run from the project root:  python bench/pages.py  (or `make bench`)

Builds its own SQLite database in a temporary folder with the production settings
(DEBUG off, plain HTTP), seeds the demo plus 10 generated quartiers, measures, adds
290 more generated quartiers and measures again. Targets: the query count of each page
is the same at 10 and at 300; the portfolio's median time at 300 is below 5× its median
at 10 and below 300 ms. Exit code 1 if a target is missed.
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


@dataclass
class Measurement:
    page: str
    generated: int
    rows: int
    queries: int
    median_ms: float
    max_ms: float
    cpu_ms: float


def setup_django(workdir: Path) -> None:
    """Production settings on a fresh database; runs before anything imports Django models."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
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


def measure(path: str, email: str, generated: int) -> Measurement:
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
    rows = response.content.decode().count('<th scope="row">')  # the portfolio's matrix rows
    times, cpu = [], []
    for _n in range(REQUESTS):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return Measurement(path, generated, rows, query_count, statistics.median(times), max(times), statistics.median(cpu))


def add_quartiers(count: int) -> None:
    from django.core.management import call_command

    call_command("seed_demo", "--force", "--quartiers", str(count), stdout=io.StringIO())


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="quartierswerk-bench-") as tmp:
        workdir = Path(tmp)
        setup_django(workdir)
        started = time.perf_counter()
        prepare(workdir)
        results: list[Measurement] = []
        for generated in (10, 300):
            if generated == 300:
                add_quartiers(290)
            from quartier.models import Quartier

            if Quartier.objects.filter(slug__startswith="gen-").count() != generated:
                raise SystemExit(f"seed_demo did not leave {generated} generated quartiers")
            results += [measure(*COCKPIT, generated), measure(*PORTFOLIO, generated)]
        elapsed = time.perf_counter() - started

    print(f"\nQuartierswerk page benchmark: {REQUESTS} requests per page, SQLite, DEBUG off ({elapsed:.0f} s)\n")
    print(f"{'page':<14}{'generated':>10}{'rows':>7}{'queries':>9}{'median ms':>11}{'max ms':>9}{'CPU ms':>9}")
    for m in results:
        rows = str(m.rows) if m.page == PORTFOLIO[0] else "–"
        print(
            f"{m.page:<14}{m.generated:>10}{rows:>7}{m.queries:>9}{m.median_ms:>11.1f}{m.max_ms:>9.1f}{m.cpu_ms:>9.1f}"
        )
    print("(median and max: wall-clock time per request; CPU: median process time, steadier on a busy machine)")

    by = {(m.page, m.generated): m for m in results}
    cockpit_10, cockpit_300 = by[COCKPIT[0], 10], by[COCKPIT[0], 300]
    portfolio_10, portfolio_300 = by[PORTFOLIO[0], 10], by[PORTFOLIO[0], 300]
    targets = [
        (
            f"cockpit queries equal at 10 and 300 ({cockpit_10.queries} / {cockpit_300.queries})",
            cockpit_10.queries == cockpit_300.queries,
        ),
        (
            f"portfolio queries equal at 10 and 300 ({portfolio_10.queries} / {portfolio_300.queries})",
            portfolio_10.queries == portfolio_300.queries,
        ),
        # 3 demo quartiers of Stadt Musterstadt plus the generated ones, all of that organisation.
        (
            f"portfolio lists every quartier ({portfolio_10.rows} / {portfolio_300.rows} rows)",
            (portfolio_10.rows, portfolio_300.rows) == (13, 303),
        ),
        (
            f"portfolio median at 300 < 5 × median at 10 ({portfolio_300.median_ms:.1f} < "
            f"{5 * portfolio_10.median_ms:.1f} ms)",
            portfolio_300.median_ms < 5 * portfolio_10.median_ms,
        ),
        (f"portfolio median at 300 < 300 ms ({portfolio_300.median_ms:.1f} ms)", portfolio_300.median_ms < 300),
    ]
    print("\nTargets:")
    for text, met in targets:
        print(f"  [{'ok' if met else 'MISSED'}] {text}")
    return 0 if all(met for _text, met in targets) else 1


if __name__ == "__main__":
    sys.exit(main())
