"""Load benchmark of the public survey: 300 respondents answer the template questionnaire at once.

Run from the project root:  python bench/survey_load.py  (or `make bench`)

Production-like: a fresh PostgreSQL database (BENCH_PG_URL, default
postgres://postgres@127.0.0.1:5432/postgres; a database `qw_survey_load_<pid>` is created beside it
and dropped at the end), DEBUG off, a SECRET_KEY, gunicorn with 4 sync workers on a free loopback
port, and a private Redis (redis-server on a free port, if installed) as the shared cache, as in
production: the answer page reads the survey's questions from it. Each simulated respondent opens
the form (getting the CSRF cookie, the token and the one-time submission key) and sends a
complete, valid answer set; BENCH_CONCURRENCY of them at a time (threads with http.client: no
client library needed), all within BENCH_TIME_LIMIT seconds.
The ceiling is the same number of requests to a minimal view (an „ok“ behind the project's
middleware; /health/ would ask the database, the cache and the broker) on the same server, with
the same concurrency, in rounds that alternate with the survey's (ROUND respondents, then twice as
many requests to the minimal view), so that both meet the same load of a shared machine.

Prints throughput, p50/p95 of the page and of the submission, errors, wall and CPU time (client
and server). Targets: every successful submission is one row in the database (none lost or
doubled), p95 of the page and of the submission under 300 ms, survey throughput at least 40 % of
the ceiling's. Exit code 1 if a target is missed.
"""

from __future__ import annotations

import http.client
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESPONDENTS = int(os.environ.get("BENCH_RESPONDENTS", "300"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", str(4)))  # as many as the server has workers
TIME_LIMIT = float(os.environ.get("BENCH_TIME_LIMIT", "240"))
WORKERS = 4
DEADLINE = [time.monotonic() + TIME_LIMIT]  # for all rounds together, set again when they start
ROUND = 50  # respondents per round; survey and ceiling rounds alternate
P95_MS = 300
SHARE_OF_CEILING = 0.40
HOST = "127.0.0.1"

SETTINGS = '''"""The benchmark's settings: production ones, static URLs without the collected manifest."""
from config.settings import *  # noqa: F403

PLAIN = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
STORAGES = {**STORAGES, "staticfiles": PLAIN}  # noqa: F405
ROOT_URLCONF = "bench_survey_urls"
'''

# The ceiling: the least a Django view can do behind the same middleware on the same server.
# (/health/ is no ceiling: it asks the database, the cache and, with Redis, the Celery broker.)
URLS = '''"""The project's URLs and the benchmark's minimal view."""
from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def minimal(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/minimal/", minimal), *project_urlpatterns]
'''
CEILING_PATH = "/bench/minimal/"


# Database and server ------------------------------------------------------------------------------


def create_database(base_url: str) -> tuple[str, str]:
    import psycopg2
    from psycopg2 import sql

    name = f"qw_survey_load_{os.getpid()}"
    connection = psycopg2.connect(base_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()
    return name, urlunsplit(urlsplit(base_url)._replace(path=f"/{name}"))


def drop_database(base_url: str, name: str) -> None:
    import psycopg2
    from psycopg2 import sql

    connection = psycopg2.connect(base_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    connection.close()


def environment(database_url: str, workdir: Path, redis_url: str = "") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE", "DATABASE_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="bench_survey_settings",
        PYTHONPATH=os.pathsep.join([str(workdir), str(ROOT)]),
        DATABASE_URL=database_url,
        DEBUG="0",
        HTTPS="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS=f"{HOST},localhost",
        SURVEY_SUBMISSIONS_PER_HOUR="1000000",
        MEDIA_ROOT=str(workdir / "media"),
        LOG_LEVEL="WARNING",
        CONN_MAX_AGE="60",  # persistent connections, as production runs
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def prepare(env: dict[str, str]) -> str:
    """Migrate and make an open survey from the template; returns its token."""
    os.environ.update(env)
    sys.path[:0] = env["PYTHONPATH"].split(os.pathsep)
    import django

    django.setup()
    import datetime

    from django.core.management import call_command
    from django.db import connection

    from participation.models import SurveyStatus
    from participation.surveys.templates import survey_create_from_template
    from quartier.models import Organisation, Quartier, User

    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(name="Stadt Lasttest", slug="lasttest", kind=Organisation.Kind.values[0])
    quartier = Quartier.objects.create(organisation=organisation, name="Lastviertel", slug="last", municipality="Test")
    user = User.objects.create_superuser(email="last@bench.example", password=secrets.token_urlsafe(16))
    survey = survey_create_from_template(quartier=quartier, user=user)
    today = datetime.date.today()
    survey.status = SurveyStatus.OPEN
    survey.opens_on = today - datetime.timedelta(days=1)
    survey.closes_on = today + datetime.timedelta(days=30)
    survey.save()
    connection.close()
    return survey.token


def start_redis() -> tuple[subprocess.Popen | None, str]:
    """A private Redis on a free loopback port, as production runs the cache (the question
    structure's version and the rate limit are shared by the workers). Without redis-server the
    workers fall back to per-process caches."""
    binary = shutil.which("redis-server")
    if binary is None:
        print("  (no redis-server: per-process caches)")
        return None, ""
    port = free_port()
    redis = subprocess.Popen(  # noqa: S603 (our own arguments)
        [binary, "--port", str(port), "--bind", HOST, "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=1):
                return redis, f"redis://{HOST}:{port}/0"
        except OSError:
            time.sleep(0.1)
    redis.kill()
    raise SystemExit("redis-server did not start")


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def start_server(env: dict[str, str], port: int) -> subprocess.Popen:
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    server = subprocess.Popen(  # noqa: S603 (our own gunicorn and arguments)
        [gunicorn, "config.wsgi:application", "--bind", f"{HOST}:{port}", "--workers", str(WORKERS)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if get(port, "/health/")[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not answer within 60 s:\n" + server.stderr.read().decode()[-3000:])


def server_cpu(server: subprocess.Popen) -> float:
    """CPU seconds of gunicorn's master and workers so far (Linux /proc)."""
    pids = [server.pid]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == server.pid:
                pids.append(int(entry.name))
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


# The client -----------------------------------------------------------------------------------------


def get(port: int, path: str, cookie: str = "") -> tuple[int, dict[str, str], str]:
    return _send(port, "GET", path, None, {"Cookie": cookie} if cookie else {})


def _send(port: int, method: str, path: str, body: bytes | None, headers: dict[str, str]) -> tuple[int, dict, str]:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        cookies = SimpleCookie()
        for header in response.msg.get_all("Set-Cookie") or []:
            cookies.load(header)
        return response.status, {k: v.value for k, v in cookies.items()}, text
    finally:
        connection.close()


FIELD = re.compile(r'<input class="form-check-input" type="(radio|checkbox)" name="(q[0-9_]+)"[^>]*value="(\d+)"')
TEXTAREA = re.compile(r'<textarea[^>]*name="(q[0-9_]+)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
KEY = re.compile(r'name="submission_key" value="([^"]+)"')
TEXTS = ("Mehr Bänke am Markt.", "Eine Ampel mit längerer Grünphase.", "Ein Treffpunkt am Sonntag.")


def form_structure(page: str) -> tuple[dict[str, list[str]], dict[str, list[str]], list[str]]:
    radios: dict[str, list[str]] = {}
    boxes: dict[str, list[str]] = {}
    for kind, name, value in FIELD.findall(page):
        (radios if kind == "radio" else boxes).setdefault(name, []).append(value)
    return radios, boxes, TEXTAREA.findall(page)


@dataclass
class Result:
    ok: bool
    page_ms: float = 0.0
    submit_ms: float = 0.0
    error: str = ""


def respondent(port: int, path: str, structure: tuple, seed: int) -> Result:
    rng = random.Random(seed)
    radios, boxes, texts = structure
    start = time.perf_counter()
    try:
        status, cookies, page = get(port, path)
        page_ms = (time.perf_counter() - start) * 1000
        if status != 200 or "csrftoken" not in cookies:
            return Result(False, page_ms, error=f"page {status}")
        data: list[tuple[str, str]] = [
            ("csrfmiddlewaretoken", CSRF.search(page).group(1)),
            ("submission_key", KEY.search(page).group(1)),
        ]
        data += [(name, rng.choice(values)) for name, values in radios.items()]
        for name, values in boxes.items():
            data += [(name, value) for value in rng.sample(values, k=min(2, len(values)))]
        data += [(name, rng.choice(TEXTS)) for name in texts if rng.random() < 0.3]
        headers = {
            "Cookie": f"csrftoken={cookies['csrftoken']}",
            "Content-Type": "application/x-www-form-urlencoded",
        }
        start = time.perf_counter()
        status, _cookies, body = _send(port, "POST", path, urlencode(data).encode(), headers)
        submit_ms = (time.perf_counter() - start) * 1000
        if status != 302:
            return Result(False, page_ms, submit_ms, f"submit {status}: {body[:200]!r}")
        return Result(True, page_ms, submit_ms)
    except (OSError, http.client.HTTPException, AttributeError) as exc:
        return Result(False, error=f"{exc.__class__.__name__}: {exc}")


def ceiling_request(port: int) -> Result:
    start = time.perf_counter()
    try:
        status, _cookies, _body = get(port, CEILING_PATH)
    except (OSError, http.client.HTTPException) as exc:
        return Result(False, error=str(exc))
    return Result(status == 200, (time.perf_counter() - start) * 1000, error="" if status == 200 else str(status))


@dataclass
class Run:
    results: list[Result] = field(default_factory=list)
    wall: float = 0.0
    client_cpu: float = 0.0
    server_cpu: float = 0.0
    unfinished: int = 0


def run(jobs: list[Callable[[], Result]], server: subprocess.Popen, outcome: Run | None = None) -> Run:
    """Run the jobs, CONCURRENCY at a time; adds to `outcome` (rounds of one measurement)."""
    outcome = outcome or Run()
    cpu0, server0, start = time.process_time(), server_cpu(server), time.perf_counter()
    deadline = DEADLINE[0]
    with ThreadPoolExecutor(max_workers=CONCURRENCY) as pool:
        futures = [pool.submit(lambda job=job: job() if time.monotonic() < deadline else None) for job in jobs]
        for future in as_completed(futures):
            result = future.result()
            if result is None:
                outcome.unfinished += 1
            else:
                outcome.results.append(result)
    outcome.wall += time.perf_counter() - start
    outcome.client_cpu += time.process_time() - cpu0
    outcome.server_cpu += server_cpu(server) - server0
    return outcome


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
    base_url = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    name, database_url = create_database(base_url)
    server = None
    redis, redis_url = start_redis()
    try:
        with tempfile.TemporaryDirectory(prefix="qw-survey-load-") as tmp:
            workdir = Path(tmp)
            (workdir / "bench_survey_settings.py").write_text(SETTINGS)
            (workdir / "bench_survey_urls.py").write_text(URLS)
            env = environment(database_url, workdir, redis_url)
            token = prepare(env)
            port = free_port()
            server = start_server(env, port)
            path = f"/mitmachen/umfrage/{token}/"

            status, _cookies, page = get(port, path)
            if status != 200:
                raise SystemExit(f"the survey page answered {status}")
            structure = form_structure(page)
            for _ in range(2 * WORKERS):  # warm every worker: templates, translations
                get(port, path)
                get(port, CEILING_PATH)

            # Interleaved rounds: the survey and the ceiling meet the same load of the machine (it
            # is shared), with the same concurrency; the ceiling makes as many requests (two per
            # respondent: the page and the submission).
            survey, ceiling = Run(), Run()
            DEADLINE[0] = time.monotonic() + TIME_LIMIT
            for first in range(0, RESPONDENTS, ROUND):
                batch = range(first, min(first + ROUND, RESPONDENTS))
                run([lambda n=n: respondent(port, path, structure, n) for n in batch], server, survey)
                run([lambda: ceiling_request(port) for _ in range(2 * len(batch))], server, ceiling)
            stored = count_responses(database_url, token)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        drop_database(base_url, name)
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=10)
    return report(survey, ceiling, stored, structure)


def count_responses(database_url: str, token: str) -> tuple[int, int, int]:
    """(responses, answers, distinct submission keys) of the survey, straight from the database."""
    import psycopg2

    connection = psycopg2.connect(database_url)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(DISTINCT r.submission_key), "
            "(SELECT count(*) FROM participation_answer a JOIN participation_response r2 ON a.response_id = r2.id "
            " WHERE r2.survey_id = s.id) "
            "FROM participation_survey s LEFT JOIN participation_response r ON r.survey_id = s.id "
            "WHERE s.token = %s GROUP BY s.id",
            [token],
        )
        responses, keys, answers = cursor.fetchone()
    connection.close()
    return responses, answers, keys


def report(survey: Run, ceiling: Run, stored: tuple[int, int, int], structure: tuple) -> int:
    ok = [r for r in survey.results if r.ok]
    errors = [r for r in survey.results if not r.ok]
    pages = [r.page_ms for r in survey.results if r.page_ms]
    submits = [r.submit_ms for r in ok]
    requests = len(pages) + len([r for r in survey.results if r.submit_ms])
    survey_rps = requests / survey.wall if survey.wall else 0.0
    health_ok = [r for r in ceiling.results if r.ok]
    ceiling_rps = len(ceiling.results) / ceiling.wall if ceiling.wall else 0.0
    responses, answers, keys = stored
    radios, boxes, _texts = structure

    print(
        f"Survey load: {RESPONDENTS} respondents, {CONCURRENCY} at a time, gunicorn {WORKERS} workers, PostgreSQL, "
        f"{'Redis' if os.environ.get('REDIS_URL') else 'per-process'} cache; survey and ceiling in alternating rounds "
        f"of {ROUND} respondents / {2 * ROUND} requests"
    )
    print(f"  form: {len(radios)} radio groups, {len(boxes)} check-box groups")
    print(
        f"  survey : {len(ok)} submitted, {len(errors)} errors, {survey.unfinished} not started (time limit); "
        f"wall {survey.wall:.1f} s, client CPU {survey.client_cpu:.1f} s, server CPU {survey.server_cpu:.1f} s"
    )
    print(
        f"           page p50 {statistics.median(pages) if pages else float('nan'):.0f} ms, "
        f"p95 {percentile(pages, 0.95):.0f} ms; submission p50 "
        f"{statistics.median(submits) if submits else float('nan'):.0f} ms, p95 {percentile(submits, 0.95):.0f} ms"
    )
    print(f"           {survey_rps:.1f} requests/s, {len(ok) / survey.wall if survey.wall else 0:.1f} respondents/s")
    print(
        f"  ceiling: {CEILING_PATH} {len(health_ok)}/{len(ceiling.results)} ok, {ceiling_rps:.1f} requests/s, "
        f"p50 {statistics.median([r.page_ms for r in health_ok]):.0f} ms, "
        f"p95 {percentile([r.page_ms for r in health_ok], 0.95):.0f} ms; wall {ceiling.wall:.1f} s, "
        f"client CPU {ceiling.client_cpu:.1f} s, server CPU {ceiling.server_cpu:.1f} s"
    )
    share = survey_rps / ceiling_rps if ceiling_rps else 0.0
    requests_cpu = requests or 1
    print(
        f"  server CPU per request: survey {1000 * survey.server_cpu / requests_cpu:.1f} ms, "
        f"ceiling {1000 * ceiling.server_cpu / max(1, len(ceiling.results)):.1f} ms"
    )
    print(f"  database: {responses} responses ({keys} distinct keys), {answers} answers")
    for error in errors[:5]:
        print(f"  error: {error.error}")

    missed = []
    if responses != len(ok) or keys != responses:
        missed.append(f"rows in the database ({responses}) differ from successful submissions ({len(ok)})")
    if errors or survey.unfinished:
        missed.append(f"{len(errors)} errors, {survey.unfinished} respondents not started")
    if percentile(pages, 0.95) >= P95_MS or percentile(submits, 0.95) >= P95_MS:
        missed.append(f"p95 is not under {P95_MS} ms")
    if share < SHARE_OF_CEILING:
        missed.append(f"throughput is {share:.0%} of the ceiling, target ≥ {SHARE_OF_CEILING:.0%}")
    print(f"  throughput: {share:.0%} of the ceiling (target ≥ {SHARE_OF_CEILING:.0%})")
    if missed:
        for line in missed:
            print(f"TARGET MISSED: {line}")
        return 1
    print("All targets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
