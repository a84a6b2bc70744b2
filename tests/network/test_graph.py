"""The network picture: the partner × measure matrix and the network graph."""

from __future__ import annotations

import random
import re
import time
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.graph.layout import network_graph
from network.models import MeasurePartner, Meeting
from planning.measures.models import Measure
from tests.factories import NetworkMembershipFactory

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


def member(quartier, name: str, status: str = "aktiv"):
    return NetworkMembershipFactory(quartier=quartier, partner__name=name, status=status).partner


def a_measure(quartier, title: str, lead=None, supporting=()) -> Measure:
    measure = Measure.objects.create(quartier=quartier, title=title, domain="soziales")
    if lead is not None:
        MeasurePartner.objects.create(measure=measure, partner=lead, role="lead")
    for partner in supporting:
        MeasurePartner.objects.create(measure=measure, partner=partner, role="support")
    return measure


def a_meeting(quartier, title: str, invited=(), present=()) -> Meeting:
    meeting = Meeting.objects.create(quartier=quartier, title=title, starts_at=datetime(2026, 3, 12, 17, tzinfo=UTC))
    meeting.invited.set(invited)
    meeting.present.set(present)
    return meeting


@pytest.fixture
def small_network(quartier):
    """A, B and C share the café; A and B also a meeting (B invited, A present); D has nothing;
    E left the network and is not shown."""
    a, b, c, d = (member(quartier, name) for name in ("Apotheke", "Bürgerverein", "Caritas", "Diakonie"))
    member(quartier, "Ehemalige", status="ausgetreten")
    a_measure(quartier, "Nachbarschaftscafé", lead=a, supporting=[b, c])
    a_measure(quartier, "Bank am Marktplatz")
    a_meeting(quartier, "Netzwerktreffen", invited=[b], present=[a])
    return {"a": a, "b": b, "c": c, "d": d}


def test_nodes_edges_weights_top_and_isolated(quartier, small_network):
    picture = network_graph(quartier=quartier)
    assert picture.node_count == 4  # who left is not in the picture
    assert picture.edge_count == 3  # A–B, A–C, B–C
    weights = {node.name: (node.connections, node.weight) for node in picture.nodes}
    # A–B share the café and the meeting (2), A–C and B–C the café (1).
    assert weights == {"Apotheke": (2, 3), "Bürgerverein": (2, 3), "Caritas": (2, 2), "Diakonie": (0, 0)}
    assert [node.name for node in picture.top] == ["Apotheke", "Bürgerverein", "Caritas"]
    assert [node.name for node in picture.isolated] == ["Diakonie"]


def test_svg_is_well_formed_with_title_desc_and_escaped_names(quartier, small_network):
    a = small_network["a"]
    a.name = 'Café <script>alert("x")</script> & Co'
    a.save()
    picture = network_graph(quartier=quartier)
    root = ET.fromstring(  # noqa: S314 - our own markup
        str(picture.svg)
    )
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.find(f"{SVG}title").text == "Netzwerk der Partner*innen in Altstadt"
    desc = root.find(f"{SVG}desc").text
    assert "4 Partner*innen, 3 Verbindungen" in desc and "Diakonie" not in desc
    assert "1 Partner*in ohne Verbindung ist nicht eingezeichnet." in desc
    assert len(root.findall(f".//{SVG}circle")) == 3
    assert len(root.findall(f".//{SVG}line")) == 3
    labels = {t.text for t in root.iter(f"{SVG}text")}
    assert "Bürgerverein" in labels
    assert "<script>" not in str(picture.svg)


def test_layout_is_the_same_every_time(quartier, small_network):
    assert network_graph(quartier=quartier).svg == network_graph(quartier=quartier).svg


def test_no_links_no_svg(quartier):
    member(quartier, "Apotheke")
    picture = network_graph(quartier=quartier)
    assert picture.svg == "" and picture.node_count == 1 and [n.name for n in picture.isolated] == ["Apotheke"]


def test_graph_page_shows_picture_top_isolated_and_list(quartier, small_network, viewer, client_for):
    page = client_for(viewer).get(reverse("network_graph", args=[quartier.slug])).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert "Am stärksten vernetzte Partner*innen" in page
    # The names link to the partners' pages.
    assert re.search(
        r'<a href="/q/altstadt/partner/\d+/">Apotheke</a>: 2 Verbindungen, 3 gemeinsame Maßnahmen und Treffen', page
    )
    assert "Partner*innen ohne Verbindung" in page and "Diakonie" in page
    # The text alternative: every partner with its number of connections.
    assert "Alle Partner*innen und ihre Verbindungen" in page
    assert '<th scope="row">Caritas</th><td class="text-end">2</td>' in page


def test_graph_page_of_an_empty_network_explains(quartier, manager, client_for):
    page = client_for(manager).get(reverse("network_graph", args=[quartier.slug])).content.decode()
    assert "Das Netzwerk des Quartiers hat noch keine Partner*innen." in page
    member(quartier, "Apotheke")
    page = client_for(manager).get(reverse("network_graph", args=[quartier.slug])).content.decode()
    assert "Noch teilen keine zwei Partner*innen eine Maßnahme oder ein Treffen." in page


def test_matrix_cells_say_lead_and_supporting_in_words(quartier, small_network, viewer, client_for):
    page = client_for(viewer).get(reverse("network_matrix", args=[quartier.slug])).content.decode()
    assert "<caption>4 Partner*innen und 2 Maßnahmen: F federführend, B unterstützend</caption>" in page
    lead = (
        '<td class="role-cell role-lead"><span aria-hidden="true">F</span>'
        '<span class="visually-hidden">federführend</span></td>'
    )
    support = (
        '<td class="role-cell role-support"><span aria-hidden="true">B</span>'
        '<span class="visually-hidden">unterstützend</span></td>'
    )
    empty = '<td class="role-cell"></td>'
    # Columns by title: „Bank am Marktplatz“, then „Nachbarschaftscafé“.
    row = '<th scope="row"><a href="[^"]+">{name}</a></th><td class="text-end">{n}</td>'
    assert re.search(row.format(name="Apotheke", n=1) + f"{empty}{lead}</tr>", page)
    assert re.search(row.format(name="Bürgerverein", n=1) + f"{empty}{support}</tr>", page)
    assert re.search(row.format(name="Diakonie", n=0) + f"{empty}{empty}</tr>", page)
    assert "Ehemalige" not in page
    assert 'role="region"' in page and 'tabindex="0"' in page


def test_matrix_empty_states(quartier, manager, client_for):
    url = reverse("network_matrix", args=[quartier.slug])
    assert "Das Netzwerk des Quartiers hat noch keine Partner*innen." in client_for(manager).get(url).content.decode()
    member(quartier, "Apotheke")
    assert "Das Quartier hat noch keine Maßnahmen." in client_for(manager).get(url).content.decode()


def test_partners_of_other_quartiers_do_not_appear(quartier, other_quartier, small_network, viewer, client_for):
    stranger = member(other_quartier, "Fremder Verein")
    a_measure(other_quartier, "Fremde Maßnahme", lead=stranger)
    for name in ("network_matrix", "network_graph"):
        page = client_for(viewer).get(reverse(name, args=[quartier.slug])).content.decode()
        assert "Fremder Verein" not in page and "Fremde Maßnahme" not in page


def _grow(quartier, partners: int, measures: int, meetings: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    people = [member(quartier, f"Partner {seed}-{i:03d}") for i in range(partners)]
    for i in range(measures):
        chosen = rng.sample(people, min(len(people), rng.randint(0, 4)))
        a_measure(quartier, f"Maßnahme {seed}-{i:03d}", lead=chosen[0] if chosen else None, supporting=chosen[1:])
    for i in range(meetings):
        a_meeting(quartier, f"Treffen {i}", invited=rng.sample(people, min(len(people), 6)), present=people[:2])


@pytest.mark.parametrize("name", ["network_matrix", "network_graph"])
def test_query_count_does_not_grow_with_the_network(name, quartier, viewer, client_for):
    client = client_for(viewer)
    url = reverse(name, args=[quartier.slug])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    _grow(quartier, partners=3, measures=2, meetings=1)
    few = count()
    _grow(quartier, partners=20, measures=30, meetings=5, seed=2)
    assert count() == few


def test_graph_of_60_partners_and_200_measures_takes_under_a_second(quartier, viewer, client_for):
    _grow(quartier, partners=60, measures=200, meetings=20)
    client = client_for(viewer)
    for name in ("network_graph", "network_matrix"):
        client.get(reverse(name, args=[quartier.slug]))  # warm: templates, translations
        started = time.perf_counter()
        assert client.get(reverse(name, args=[quartier.slug])).status_code == 200
        assert time.perf_counter() - started < 1.0, name
    started = time.perf_counter()
    picture = network_graph(quartier=quartier)
    elapsed = time.perf_counter() - started
    assert picture.node_count == 60 and picture.edge_count > 100
    ET.fromstring(  # noqa: S314 - our own markup
        str(picture.svg)
    )
    assert elapsed < 1.0, f"{elapsed:.2f} s"


def test_a_dense_network_is_drawn_on_a_ring_with_labels_pointing_outwards(quartier):
    # Six partners who all meet: every pair is linked, which a spring layout piles up in the middle.
    partners = [member(quartier, name) for name in ("Apotheke", "Bürgerverein", "Caritas", "Diakonie", "Eule", "Falke")]
    meeting = Meeting.objects.create(
        quartier=quartier, title="Netzwerktreffen", starts_at=datetime(2026, 3, 1, tzinfo=UTC)
    )
    meeting.present.add(*partners)

    picture = network_graph(quartier=quartier)

    assert picture.edge_count == 15
    root = ET.fromstring(picture.svg)  # noqa: S314 - our own markup
    ns = {"s": "http://www.w3.org/2000/svg"}
    circles = root.findall(".//s:circle", ns)
    centre_x = sum(float(c.get("cx")) for c in circles) / len(circles)
    centre_y = sum(float(c.get("cy")) for c in circles) / len(circles)
    # On a ring every circle keeps its distance from the middle (the ring is an ellipse in the box).
    width = max(float(c.get("cx")) for c in circles) - min(float(c.get("cx")) for c in circles)
    height = max(float(c.get("cy")) for c in circles) - min(float(c.get("cy")) for c in circles)
    for c in circles:
        dx, dy = (float(c.get("cx")) - centre_x) / (width / 2), (float(c.get("cy")) - centre_y) / (height / 2)
        assert 0.8 < (dx * dx + dy * dy) ** 0.5 < 1.2
    anchors = {t.get("text-anchor") for t in root.findall(".//s:text", ns)}
    assert anchors == {"start", "end"}
