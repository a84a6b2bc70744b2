"""Benchmark of a survey's results page and its downloads with many responses.

Run from the project root:  python bench/survey_results.py  (or `make bench`)

Production settings (DEBUG off) on a fresh database, as bench/pages.py sets them up (SQLite in a
temporary folder, or a database `<name>_bench` beside DATABASE_URL's PostgreSQL). Altstadt gets
the default questionnaire twice: a closed earlier wave T0 with 5,000 sample responses and the
open wave T1 with 10,000, compared side by side on the page. A small pair (100 and 50 responses)
is measured first for the query count.

Targets: the results page of the big survey answers in a median under 500 ms; its query count
is the same as with the small survey. The counts by age band are cached until a response is
added or deleted; the page with an empty cache (the first request after a new response) is
measured too and must stay under 1 s. The responses CSV and the results CSV are timed and
printed (no target). Exit code 1 if a target is missed.
BENCH_RESPONSES and BENCH_PREVIOUS make a smaller run.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pages import Measurement, analyze, prepare, report_targets, setup_django

RESPONSES = int(os.environ.get("BENCH_RESPONSES", "10000"))
PREVIOUS = int(os.environ.get("BENCH_PREVIOUS", "5000"))
REQUESTS = 10
MANAGER = "manager-altstadt@demo.example"
SLUG = "altstadt"
PAGE_MS = 500
# The first request after a new response counts the age bands afresh (a self-join of the answers).
COLD_MS = 1000


def make_waves(responses: int, previous: int, label: str):
    """An earlier closed wave and an open one from the template, with sample responses."""
    import datetime

    from participation.models import SurveyStatus
    from participation.surveys.sample import add_sample_responses
    from participation.surveys.templates import survey_create_from_template
    from quartier.models import Quartier, User

    quartier = Quartier.objects.get(slug=SLUG)
    manager = User.objects.get(email=MANAGER)
    today = datetime.date.today()
    before = survey_create_from_template(quartier=quartier, user=manager)
    before.title = f"{before.title} ({label} T0)"
    before.wave_label = "T0"
    before.status = SurveyStatus.CLOSED
    before.opens_on, before.closes_on = today - datetime.timedelta(days=400), today - datetime.timedelta(days=370)
    before.save()
    add_sample_responses(before, previous, seed=7, channels=("online", "papier"))
    now = survey_create_from_template(quartier=quartier, user=manager)
    now.title = f"{now.title} ({label} T1)"
    now.wave_label = "T1"
    now.previous_wave = before
    now.status = SurveyStatus.OPEN
    now.opens_on, now.closes_on = today - datetime.timedelta(days=20), today + datetime.timedelta(days=10)
    now.save()
    add_sample_responses(now, responses, seed=8, channels=("online", "papier", "interview"), skew=1)
    return now


def path(name: str, survey) -> str:
    from django.urls import reverse

    return reverse(name, args=[SLUG, survey.pk])


def measure(path: str, email: str, responses: int, requests: int = REQUESTS) -> Measurement:
    """As bench/pages.py measures a page, but reads a streamed download to its end."""
    from django.db import connection
    from django.test import Client

    from quartier.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))

    def get() -> bytes:
        _get_hook()
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}")
        return b"".join(response.streaming_content) if response.streaming else response.content

    get()  # warm-up
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        body = get()
    wall, cpu, longest = [], [], 0.0
    for _n in range(requests):
        start, start_cpu = time.perf_counter(), time.process_time()
        get()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        longest = max(longest, wall[-1])
    return Measurement(
        path, responses, 0, len(queries), len(body) / 1024, statistics.median(wall), longest, statistics.median(cpu)
    )


def measure_cold(path: str, email: str, responses: int) -> Measurement:
    """The page as the first request after a new response gets it: the cache emptied each time."""
    from django.core.cache import cache

    original = globals()["_get_hook"]
    globals()["_get_hook"] = cache.clear
    try:
        return measure(path, email, responses)
    finally:
        globals()["_get_hook"] = original


def _no_hook() -> None:
    return None


_get_hook = _no_hook


def time_function(function, runs: int = REQUESTS) -> tuple[float, float]:
    times, cpu = [], []
    for _n in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(times), statistics.median(cpu)


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="quartierswerk-bench-") as tmp:
        workdir = Path(tmp)
        setup_django(workdir)
        from django.db import connection

        from participation.models import Answer
        from participation.results.selectors import survey_results

        started = time.perf_counter()
        prepare(workdir)
        small = make_waves(100, 50, "klein")
        seeding = time.perf_counter()
        big = make_waves(RESPONSES, PREVIOUS, "groß")
        seeded_in = time.perf_counter() - seeding
        analyze()
        answers = Answer.objects.count()

        results: dict[str, Measurement] = {
            "page, 100 responses": measure(path("survey_results", small), MANAGER, 100, requests=REQUESTS),
            f"page, {RESPONSES} responses": measure(path("survey_results", big), MANAGER, RESPONSES, requests=REQUESTS),
            "results CSV": measure(path("survey_results_csv", big), MANAGER, RESPONSES, requests=3),
            "responses CSV": measure(path("survey_responses_csv", big), MANAGER, RESPONSES, requests=3),
            "responses XLSX": measure(path("survey_responses_xlsx", big), MANAGER, RESPONSES, requests=1),
        }
        from django.core.cache import cache

        def cold() -> None:
            cache.clear()  # the counts by age band are cached: time them as a first request does
            survey_results(big)

        selector_ms, selector_cpu = time_function(lambda: survey_results(big))
        cold_ms, cold_cpu = time_function(cold)
        cold_page = measure_cold(path("survey_results", big), MANAGER, RESPONSES)
        elapsed = time.perf_counter() - started
        vendor = connection.vendor

    print(
        f"\nSurvey results benchmark: {RESPONSES} responses (earlier wave {PREVIOUS}), {answers} answers in all, "
        f"{vendor}, DEBUG off ({elapsed:.0f} s, of which {seeded_in:.0f} s writing sample responses)\n"
    )
    print(f"{'what':<28}{'queries':>8}{'KB':>8}{'median ms':>11}{'max ms':>9}{'CPU ms':>9}")
    for name, m in results.items():
        print(f"{name:<28}{m.queries:>8}{m.kbytes:>8.0f}{m.median_ms:>11.1f}{m.max_ms:>9.1f}{m.cpu_ms:>9.1f}")
    print(
        f"{'page, empty cache':<28}{cold_page.queries:>8}{cold_page.kbytes:>8.0f}{cold_page.median_ms:>11.1f}"
        f"{cold_page.max_ms:>9.1f}{cold_page.cpu_ms:>9.1f}"
    )
    for label, wall, cpu in (
        ("survey_results()", selector_ms, selector_cpu),
        ("survey_results(), no cache", cold_ms, cold_cpu),
    ):
        print(f"{label:<28}{'':>8}{'':>8}{wall:>11.1f}{'':>9}{cpu:>9.1f}")
    print("(wall-clock median and max per request; CPU: median process time of this process; the streamed")
    print(" responses CSV is timed until its last row is read)")

    page_small, page_big = results["page, 100 responses"], results[f"page, {RESPONSES} responses"]
    targets = [
        (
            f"results page queries equal at 100 and {RESPONSES} responses ({page_small.queries} / {page_big.queries})",
            page_small.queries == page_big.queries,
        ),
        (
            f"results page with {RESPONSES} responses, median < {PAGE_MS} ms ({page_big.median_ms:.1f} ms)",
            page_big.median_ms < PAGE_MS,
        ),
        (
            f"results page with {RESPONSES} responses and an empty cache, median < {COLD_MS} ms "
            f"({cold_page.median_ms:.1f} ms)",
            cold_page.median_ms < COLD_MS,
        ),
    ]
    return report_targets(targets)


if __name__ == "__main__":
    sys.exit(main())
