"""Benchmark of the network's pages: the partner directory, a partner page, the contribution
summary and the network graph, as the network grows.

Run from the project root:  python bench/network.py  (or `make bench`)

Production settings (DEBUG off) on a fresh database, as bench/pages.py sets them up: the demo
(Altstadt with its dozen partners and their contributions) is measured first; then 300
generated quartiers, 3,000 partners and 100,000 contributions (bench/generate_network.py;
Altstadt gets 60 active partners and 5,000 of the contributions) and the pages are measured
again. For the graph, Altstadt then gets 200 measures with lead and supporting partners and
two dozen meetings. Each page is requested REQUESTS times as Altstadt's manager.

Targets: the directory, the partner page and the contribution summary keep their query count
and answer in a median under 150 ms at full size; the network graph (page, and the function
that draws it) under 1 s. A page that is not there (its URL name does not reverse) is reported
as skipped, not as missed. Exit code 1 if a target is missed.
BENCH_QUARTIERS, BENCH_PARTNERS and BENCH_CONTRIBUTIONS make a smaller run (e.g. on a laptop).
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pages import Measurement, analyze, measure, prepare, report_targets, setup_django

QUARTIERS = int(os.environ.get("BENCH_QUARTIERS", "300"))
PARTNERS = int(os.environ.get("BENCH_PARTNERS", "3000"))
CONTRIBUTIONS = int(os.environ.get("BENCH_CONTRIBUTIONS", "100000"))
GRAPH_PARTNERS, GRAPH_MEASURES = 60, 200
REQUESTS = 20
MANAGER = "manager-altstadt@demo.example"
SLUG = "altstadt"
PARTNER = "Wohnungsbau Musterstadt eG"
PAGE_MS, GRAPH_MS = 150, 1000
SKIPPED = "skipped: page not available"


def _arguments(name: str) -> list[tuple]:
    """The ways the page's URL may be written: per quartier, per partner, per organisation."""
    from network.models import Partner

    partner = Partner.objects.get(name=PARTNER, organisation__slug="stadt-musterstadt")
    return {
        "partner_list": [(SLUG,), ("stadt-musterstadt",), ()],
        "partner_detail": [(SLUG, partner.pk), (partner.pk,), ("stadt-musterstadt", partner.pk)],
        "contribution_summary": [(SLUG,), ()],
        "network_graph": [(SLUG,), ()],
    }[name]


def page_path(name: str) -> str | None:
    """The page's path, or None when no URL of that name takes any of the expected arguments."""
    from django.urls import NoReverseMatch, reverse

    for args in _arguments(name):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return None


def measure_page(name: str, size: str) -> tuple[str, Measurement | None, str]:
    """(name, measurement or None, why skipped)."""
    from django.test import Client

    from quartier.models import User

    path = page_path(name)
    if path is None:
        return name, None, SKIPPED
    client = Client()
    client.force_login(User.objects.get(email=MANAGER))
    status = client.get(path).status_code
    if status != 200:
        return name, None, f"skipped: {path} answered {status}"
    return name, measure(path, MANAGER, 0, requests=REQUESTS), ""


def graph_function() -> Callable | None:
    """The function that computes and draws a quartier's network graph, if the code base has one."""
    try:
        package = importlib.import_module("network.graph")
    except ImportError:
        return None
    modules = [package]
    for info in pkgutil.walk_packages(package.__path__, prefix="network.graph."):
        if info.name.rsplit(".", 1)[-1] in ("views", "urls", "tests"):
            continue
        try:
            modules.append(importlib.import_module(info.name))
        except ImportError:
            continue
    for module in modules:
        function = getattr(module, "network_graph", None)
        if callable(function):
            return function
    return None


def time_function(function: Callable, runs: int = REQUESTS) -> tuple[float, float, str]:
    """Median wall and CPU time (ms) of the graph function for Altstadt; or a reason it was skipped."""
    from quartier.models import Quartier

    quartier = Quartier.objects.get(slug=SLUG)
    try:
        function(quartier=quartier)
    except TypeError as exc:
        return 0.0, 0.0, f"skipped: network_graph(quartier=…) cannot be called ({exc})"
    times, cpu = [], []
    for _n in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        function(quartier=quartier)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(times), statistics.median(cpu), ""


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="quartierswerk-bench-") as tmp:
        workdir = Path(tmp)
        setup_django(workdir)
        from django.db import connection

        from bench.generate import add_quartiers
        from bench.generate_network import add_graph, add_network
        from bench.measures import grow_measures
        from network.models import Contribution, NetworkMembership, Partner
        from quartier.models import Quartier

        started = time.perf_counter()
        prepare(workdir)
        pages = ("partner_list", "partner_detail", "contribution_summary")
        results: dict[tuple[str, str], tuple[Measurement | None, str]] = {}
        for name in pages:
            _n, m, why = measure_page(name, "demo")
            results[name, "demo"] = (m, why)
        sizes = {"demo": (Partner.objects.count(), Contribution.objects.count())}

        seeding = time.perf_counter()
        have = Quartier.objects.filter(slug__startswith="gen-").count()
        add_quartiers(max(0, QUARTIERS - have))
        add_network(
            partners=PARTNERS,
            contributions=CONTRIBUTIONS,
            focus=SLUG,
            focus_partners=GRAPH_PARTNERS,
            busy_partner=PARTNER,
        )
        seeded_in = time.perf_counter() - seeding
        analyze()
        sizes["full"] = (Partner.objects.count(), Contribution.objects.count())
        busy_contributions = Contribution.objects.filter(partner__name=PARTNER).count()
        busy_quartiers = NetworkMembership.objects.filter(partner__name=PARTNER).count()
        for name in pages:
            _n, m, why = measure_page(name, "full")
            results[name, "full"] = (m, why)

        grow_measures(GRAPH_MEASURES)
        add_graph(quartier_slug=SLUG, measures=GRAPH_MEASURES)
        analyze()
        altstadt = Quartier.objects.get(slug=SLUG)
        graph_partners = NetworkMembership.objects.filter(quartier=altstadt, status="aktiv").count()
        graph_measures = altstadt.measures.count()
        _n, m, why = measure_page("network_graph", "graph")
        results["network_graph", "graph"] = (m, why)
        function = graph_function()
        graph_ms = graph_cpu = 0.0
        function_why = "skipped: no network_graph function in network.graph"
        if function is not None:
            graph_ms, graph_cpu, function_why = time_function(function)
        elapsed = time.perf_counter() - started
        vendor = connection.vendor

    print(
        f"\nNetwork benchmark: {QUARTIERS} generated quartiers, {vendor}, DEBUG off, {REQUESTS} requests per page "
        f"({elapsed:.0f} s, of which {seeded_in:.0f} s adding quartiers, partners and contributions)\n"
    )
    for size, (partners, contributions) in sizes.items():
        print(f"  {size:<5} {partners:>6} partners, {contributions:>7} contributions")
    print(f"  {PARTNER}: {busy_contributions} contributions, member of {busy_quartiers} quartiers")
    print(f"  graph: Altstadt with {graph_partners} active partners and {graph_measures} measures\n")
    print(f"{'page':<24}{'data':>6}{'path':>34}{'queries':>8}{'KB':>7}{'median ms':>11}{'max ms':>9}{'CPU ms':>9}")
    for (name, size), (m, why) in results.items():
        if m is None:
            print(f"{name:<24}{size:>6}  {why}")
        else:
            print(
                f"{name:<24}{size:>6}{m.page:>34}{m.queries:>8}{m.kbytes:>7.0f}"
                f"{m.median_ms:>11.1f}{m.max_ms:>9.1f}{m.cpu_ms:>9.1f}"
            )
    if function is not None and not function_why:
        label = f"{function.__module__}.network_graph()"
        print(f"{label:<64}{'':>15}{graph_ms:>11.1f}{'':>9}{graph_cpu:>9.1f}")
    else:
        print(f"{'network_graph()':<24}{'graph':>6}  {function_why}")
    print("(wall-clock median and max per request; CPU: median process time of this process)")

    targets, skipped = [], []
    for name in pages:
        small, why_small = results[name, "demo"]
        big, why_big = results[name, "full"]
        if small is None or big is None:
            skipped.append(f"{name}: {why_big or why_small}")
            continue
        targets.append(
            (
                f"{name} queries equal with the demo and at full size ({small.queries} / {big.queries})",
                small.queries == big.queries,
            )
        )
        targets.append((f"{name} median at full size < {PAGE_MS} ms ({big.median_ms:.1f} ms)", big.median_ms < PAGE_MS))
    graph, why = results["network_graph", "graph"]
    if graph is None:
        skipped.append(f"network_graph page: {why}")
    else:
        targets.append(
            (
                f"network_graph page, {graph_partners} partners × {graph_measures} measures, median < {GRAPH_MS} ms "
                f"({graph.median_ms:.1f} ms)",
                graph.median_ms < GRAPH_MS,
            )
        )
    if function is None or function_why:
        skipped.append(f"network_graph(): {function_why}")
    else:
        targets.append((f"network_graph() median < {GRAPH_MS} ms ({graph_ms:.1f} ms)", graph_ms < GRAPH_MS))
    for line in skipped:
        print(f"  [skipped] {line}")
    if not targets:
        print("\nTargets: none measurable on this code base.")
        return 0
    return report_targets(targets)


if __name__ == "__main__":
    sys.exit(main())
