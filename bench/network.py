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
that draws it) under 1 s. Exit code 1 if a target is missed.
BENCH_QUARTIERS, BENCH_PARTNERS and BENCH_CONTRIBUTIONS make a smaller run (e.g. on a laptop).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
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


def page_path(name: str) -> str:
    from django.urls import reverse

    from network.models import Partner

    if name == "partner_detail":
        partner = Partner.objects.get(name=PARTNER, organisation__slug="stadt-musterstadt")
        return reverse(name, args=[SLUG, partner.pk])
    return reverse(name, args=[SLUG])


def measure_page(name: str) -> Measurement:
    return measure(page_path(name), MANAGER, 0, requests=REQUESTS)


def time_graph(runs: int = REQUESTS) -> tuple[float, float]:
    """Median wall and CPU time (ms) of computing and drawing Altstadt's network graph."""
    from network.graph.layout import network_graph
    from quartier.models import Quartier

    quartier = Quartier.objects.get(slug=SLUG)
    times, cpu = [], []
    for _n in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        network_graph(quartier=quartier)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(times), statistics.median(cpu)


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
        results: dict[tuple[str, str], Measurement] = {}
        for name in pages:
            results[name, "demo"] = measure_page(name)
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
            results[name, "full"] = measure_page(name)

        grow_measures(GRAPH_MEASURES)
        add_graph(quartier_slug=SLUG, measures=GRAPH_MEASURES)
        analyze()
        altstadt = Quartier.objects.get(slug=SLUG)
        graph_partners = NetworkMembership.objects.filter(quartier=altstadt, status="aktiv").count()
        graph_measures = altstadt.measures.count()
        results["network_graph", "graph"] = measure_page("network_graph")
        graph_ms, graph_cpu = time_graph()
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
    for (name, size), m in results.items():
        print(
            f"{name:<24}{size:>6}{m.page:>34}{m.queries:>8}{m.kbytes:>7.0f}"
            f"{m.median_ms:>11.1f}{m.max_ms:>9.1f}{m.cpu_ms:>9.1f}"
        )
    label = "network.graph.layout.network_graph()"
    print(f"{label:<64}{'':>15}{graph_ms:>11.1f}{'':>9}{graph_cpu:>9.1f}")
    print("(wall-clock median and max per request; CPU: median process time of this process)")

    targets = []
    for name in pages:
        small, big = results[name, "demo"], results[name, "full"]
        targets.append(
            (
                f"{name} queries equal with the demo and at full size ({small.queries} / {big.queries})",
                small.queries == big.queries,
            )
        )
        targets.append((f"{name} median at full size < {PAGE_MS} ms ({big.median_ms:.1f} ms)", big.median_ms < PAGE_MS))
    graph = results["network_graph", "graph"]
    targets.append(
        (
            f"network_graph page, {graph_partners} partners × {graph_measures} measures, median < {GRAPH_MS} ms "
            f"({graph.median_ms:.1f} ms)",
            graph.median_ms < GRAPH_MS,
        )
    )
    targets.append((f"network_graph() median < {GRAPH_MS} ms ({graph_ms:.1f} ms)", graph_ms < GRAPH_MS))
    return report_targets(targets)


if __name__ == "__main__":
    sys.exit(main())
