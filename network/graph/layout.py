"""The network graph: partners linked by the measures and meetings they share, laid out with
networkx and drawn as plain SVG, so that the page and the PDF report show the same picture.

The SVG uses presentation attributes only (no CSS, no filters, no `paint-order`): WeasyPrint
draws it as the browser does. Every text in it comes from people and is escaped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import combinations

import networkx as nx
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quartier.models import Quartier

from .selectors import NetworkLinks, network_links

# A fixed seed: the same network is drawn the same way on every page load and in the report.
LAYOUT_SEED = 7
TOP_COUNT = 5
LABEL_CHARS = 30

WIDTH = 900
PADDING_X = 150  # room for the labels left and right of the outermost circles
RING_PADDING_X = 240  # a label of LABEL_CHARS characters at the font size used
PADDING_Y = 40
NODE_FILL = "#0b5a6b"
EDGE_STROKE = "#6c757d"
TEXT_FILL = "#212529"
# From this share of all possible links on, the network is drawn on a ring (see _svg).
DENSE_NETWORK = 0.5


@dataclass(frozen=True)
class GraphNode:
    partner_id: int
    name: str
    connections: int  # partners it shares a measure or meeting with
    weight: int  # shared measures and meetings, summed over those partners


@dataclass(frozen=True)
class GraphPicture:
    svg: SafeString  # empty while no two partners share anything
    nodes: list[GraphNode] = field(default_factory=list)  # every partner, most connected first
    top: list[GraphNode] = field(default_factory=list)  # the most connected (by weight), at most five
    isolated: list[GraphNode] = field(default_factory=list)  # partners without any link, by name
    node_count: int = 0
    edge_count: int = 0

    @property
    def has_links(self) -> bool:
        return self.edge_count > 0


def _edges(links: NetworkLinks) -> dict[tuple[int, int], int]:
    """(partner a, partner b) with a < b → shared measures + shared meetings."""
    weights: dict[tuple[int, int], int] = {}
    for by_partner in (links.measures, links.meetings):
        # Invert to "who takes part in each": pairs per measure or meeting, not per pair of partners.
        members: dict[int, list[int]] = {}
        for partner_id, things in by_partner.items():
            if partner_id not in links.partners:
                continue
            for thing in things:
                members.setdefault(thing, []).append(partner_id)
        for partner_ids in members.values():
            for a, b in combinations(sorted(partner_ids), 2):
                weights[a, b] = weights.get((a, b), 0) + 1
    return weights


def build_graph(links: NetworkLinks) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from(sorted(links.partners))
    for (a, b), weight in sorted(_edges(links).items()):
        graph.add_edge(a, b, weight=weight)
    return graph


def _short(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1].rstrip() + "…"


def _number(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg(graph: nx.Graph, names: dict[int, str], nodes: dict[int, GraphNode], title: str, desc: str) -> str:
    connected = sorted(n for n in graph.nodes if graph.degree(n) > 0)
    sub = graph.subgraph(connected)
    count = len(connected)
    height = max(360, min(900, int(110 * math.sqrt(count))))
    # A local network whose partners all meet is nearly complete: a spring layout then piles the
    # circles and their labels in the middle, so dense networks are drawn on a ring instead.
    ring = count > 3 and nx.density(sub) >= DENSE_NETWORK
    if ring:
        positions = nx.circular_layout(sorted(connected, key=lambda n: names[n].lower()))
    else:
        # Stronger ties pull harder; k spreads the nodes a little more than the default.
        positions = nx.spring_layout(
            sub, seed=LAYOUT_SEED, weight="weight", k=1.6 / math.sqrt(max(count, 1)), iterations=80
        )
    # On a ring, labels stand out on both sides and need the room of a whole label each.
    pad_x = RING_PADDING_X if ring else PADDING_X
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    min_x, max_x, min_y, max_y = min(xs), max(xs), min(ys), max(ys)

    def place(node: int) -> tuple[float, float]:
        x, y = positions[node]
        px = pad_x + (x - min_x) / ((max_x - min_x) or 1) * (WIDTH - 2 * pad_x)
        py = PADDING_Y + (y - min_y) / ((max_y - min_y) or 1) * (height - 2 * PADDING_Y)
        return px, py

    points = {node: place(node) for node in connected}
    heaviest = max(nodes[n].weight for n in connected)
    radius = {n: 6 + 12 * math.sqrt(nodes[n].weight / heaviest) for n in connected}
    parts = [
        # As wide as its box, the height from the viewBox: the same markup fits the page and the PDF.
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="100%" '
        f'role="img" aria-labelledby="network-graph-title network-graph-desc" class="network-graph" '
        f'font-family="Helvetica, Arial, sans-serif" font-size="14">',
        f'<title id="network-graph-title">{escape(title)}</title>',
        f'<desc id="network-graph-desc">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        f'<g stroke="{EDGE_STROKE}" stroke-opacity="0.55" stroke-linecap="round">',
    ]
    for a, b, data in sorted(sub.edges(data=True)):
        (x1, y1), (x2, y2) = points[a], points[b]
        width = 1 + min(data["weight"], 8) * 0.6
        parts.append(
            f'<line x1="{_number(x1)}" y1="{_number(y1)}" x2="{_number(x2)}" y2="{_number(y2)}" '
            f'stroke-width="{_number(width)}"/>'
        )
    parts.append("</g>")
    for node in connected:
        x, y = points[node]
        r = radius[node]
        # Labels point away from the drawing: on a ring the left half's go left; otherwise only
        # those of the rightmost circles do.
        left = x < WIDTH / 2 if ring else x > WIDTH - PADDING_X - 10
        tx = x - r - 4 if left else x + r + 4
        anchor = "end" if left else "start"
        label = escape(_short(names[node]))
        parts.append(
            f"<g><title>{escape(names[node])}: {escape(_connections_text(nodes[node]))}</title>"
            f'<circle cx="{_number(x)}" cy="{_number(y)}" r="{_number(r)}" fill="{NODE_FILL}" '
            f'stroke="#ffffff" stroke-width="1.5"/>'
            # A white outline under the label keeps it readable across lines.
            f'<text x="{_number(tx)}" y="{_number(y + 4)}" text-anchor="{anchor}" fill="#ffffff" '
            f'stroke="#ffffff" stroke-width="4" stroke-linejoin="round">{label}</text>'
            f'<text x="{_number(tx)}" y="{_number(y + 4)}" text-anchor="{anchor}" fill="{TEXT_FILL}">{label}</text>'
            "</g>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _connections_text(node: GraphNode) -> str:
    return ngettext(
        "%(n)s connection (%(w)s shared measures and meetings)",
        "%(n)s connections (%(w)s shared measures and meetings)",
        node.connections,
    ) % {"n": node.connections, "w": node.weight}


def picture_from_links(links: NetworkLinks, *, quartier_name: str) -> GraphPicture:
    """The picture of already read links (see `network_graph`)."""
    graph = build_graph(links)
    nodes = {
        n: GraphNode(
            partner_id=n,
            name=links.partners[n],
            connections=graph.degree(n),
            weight=int(graph.degree(n, weight="weight")),
        )
        for n in graph.nodes
    }
    ranked = sorted(nodes.values(), key=lambda node: (-node.weight, -node.connections, node.name.casefold()))
    top = [node for node in ranked if node.weight > 0][:TOP_COUNT]
    isolated = sorted((node for node in nodes.values() if node.connections == 0), key=lambda n: n.name.casefold())
    edge_count = graph.number_of_edges()
    svg = ""
    if edge_count:
        title = _("Network of the partners in %(quartier)s") % {"quartier": quartier_name}
        desc = " ".join(
            [
                ngettext(
                    "%(n)s partner, %(e)s links through shared measures and meetings.",
                    "%(n)s partners, %(e)s links through shared measures and meetings.",
                    len(nodes),
                )
                % {"n": len(nodes), "e": edge_count},
                _("Most connected: %(names)s.")
                % {"names": ", ".join(f"{node.name} ({node.connections})" for node in top)},
                ngettext(
                    "%(n)s partner without any link is not drawn.",
                    "%(n)s partners without any link are not drawn.",
                    len(isolated),
                )
                % {"n": len(isolated)}
                if isolated
                else "",
            ]
        ).strip()
        svg = _svg(graph, links.partners, nodes, title, desc)
    return GraphPicture(
        svg=mark_safe(svg),  # noqa: S308 - built above from fixed markup and escaped names
        nodes=ranked,
        top=top,
        isolated=isolated,
        node_count=len(nodes),
        edge_count=edge_count,
    )


def network_graph(*, quartier: Quartier) -> GraphPicture:
    """The network graph of the quartier's partners, linked by shared measures and meetings
    (invited or present); the edge weight counts both. Four queries, whatever the size.

    The page and the PDF report embed `svg` as it is; `top` and `isolated` go beside it.
    """
    return picture_from_links(network_links(quartier=quartier), quartier_name=quartier.name)
