"""Crawls the demo as its users see it: what a partner can reach, and every network page as a manager.

The partner crawl follows every link `partner@demo.example` is shown, from the start page on,
downloads included, and proves that no contact of another partner and no address of the team
turns up anywhere — the demo contact Petra Sonnenschein above all.
"""

from __future__ import annotations

import io
import re
from collections import deque
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from network.models import Contact, Partner
from quartier.models import User

pytestmark = pytest.mark.django_db

PARTNER_EMAIL = "partner@demo.example"
MANAGER_EMAIL = "manager-altstadt@demo.example"
OWN_PARTNER = "Wohnungsbau Musterstadt eG"
PETRA = ("p.sonnenschein@pflegedienst-sonnenschein.example", "0123 456789", "0123456789", "Petra Sonnenschein")
NETWORK_PARTS = (
    "/partner",
    "/netzwerk",
    "/treffen",
    "/beitraege",
    "/kalender",
    "/partnerbereich",
    "/kontakte",
    "/aufgaben",
)
SKIPPED = ("/konto/logout", "/i18n/", "/static/", "/admin/", "/media/")
MAX_PAGES = 400
HUB = re.compile(r"/q/[\w-]+/(massnahmen/\d+/)?")
HREF = re.compile(r"""\shref\s*=\s*["']([^"']*)["']""", re.IGNORECASE)


@dataclass
class Crawl:
    bodies: dict[str, str] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    finished: bool = False

    def paths(self, part: str) -> list[str]:
        return [url for url in self.bodies if part in url]

    def containing(self, needles) -> set[tuple[str, str]]:
        """(url, needle) for every needle a response shows, entities and no-break spaces resolved."""
        found = set()
        for url, body in self.bodies.items():
            text = unescape(body).replace("\xa0", " ")
            found |= {(url, needle) for needle in needles if needle in text}
        return found


@pytest.fixture
def demo():
    call_command("seed_demo", force=True, verbosity=0)


def _client(email: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def _text(response) -> str:
    """Everything a response shows: the cell values of a workbook, the decoded bytes otherwise."""
    content_type = response.get("Content-Type", "")
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if "spreadsheetml" in content_type:
        workbook = load_workbook(io.BytesIO(content), read_only=True)
        return "\n".join(
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        )
    return content.decode("utf-8", errors="replace")


def _links(base: str, html: str) -> set[str]:
    links = set()
    for href in HREF.findall(html):
        href = unescape(href).strip()
        if not href or href.startswith(("#", "mailto:", "tel:", "javascript:")):
            continue
        url, _fragment = urldefrag(urljoin(base, href))
        parts = urlsplit(url)
        # The calendar page offers its feed as webcal:// – the same site, for a calendar app.
        if parts.scheme not in ("", "http", "webcal") or parts.netloc not in ("", "testserver"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not path.startswith(SKIPPED):
            links.add(path)
    return links


def _crawl(client: Client, *, follow=lambda path: True, start: tuple[str, ...] = ("/",)) -> Crawl:
    """Breadth first, GET only, same site; `follow` says which found links are fetched."""
    crawl = Crawl()
    queue = deque(start)
    seen = set(start)
    while queue:
        if len(crawl.bodies) >= MAX_PAGES:
            return crawl
        path = queue.popleft()
        response = client.get(path, follow=True)
        crawl.statuses[path] = response.status_code
        final = response.request["PATH_INFO"]
        if response.request.get("QUERY_STRING"):
            final += "?" + response.request["QUERY_STRING"]
        crawl.bodies[path] = body = _text(response)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for link in sorted(_links(final, body) - seen):
            seen.add(link)
            if follow(link):
                queue.append(link)
    crawl.finished = True
    return crawl


def _with_calendar_link(email: str) -> Client:
    """Logs in and creates the private calendar link, as the calendar page offers."""
    client = _client(email)
    assert client.post(reverse("calendar_renew", args=["altstadt"])).status_code == 302
    return client


def test_a_partner_reaches_nothing_of_other_partners_contacts_or_the_team(demo):
    crawl = _crawl(_with_calendar_link(PARTNER_EMAIL))

    assert crawl.finished, f"more than {MAX_PAGES} pages"
    assert not [url for url, status in crawl.statuses.items() if status >= 500]
    assert crawl.paths("/partnerbereich/")
    assert crawl.paths("/beitraege/")
    assert [url for url in crawl.paths("/treffen/") if re.search(r"/treffen/\d+/$", url)]
    assert crawl.paths("/kalender/")
    for download in (".ics", "export.csv", "export.xlsx"):
        assert crawl.paths(download), download

    team = set(User.objects.exclude(email=PARTNER_EMAIL).values_list("email", flat=True))
    assert MANAGER_EMAIL in team
    others = set(Contact.objects.exclude(partner__name=OWN_PARTNER).exclude(email="").values_list("email", flat=True))
    assert PETRA[0] in others
    assert Partner.objects.filter(name=OWN_PARTNER).exists()
    leaks = crawl.containing(set(PETRA) | team | others)
    assert not leaks, sorted(leaks)


def _network(path: str) -> bool:
    return any(part in path for part in NETWORK_PARTS)


def test_every_network_page_a_manager_reaches_answers_with_the_demo_data(demo):
    client = _with_calendar_link(MANAGER_EMAIL)
    # From the start page, the quartiers' cockpits and the measures on, only the network's links are followed.
    crawl = _crawl(
        client,
        follow=lambda path: _network(path) or HUB.fullmatch(path) is not None,
        start=("/", reverse("partner_portal", args=["altstadt"])),
    )

    assert crawl.finished, f"more than {MAX_PAGES} pages"
    network = {url: status for url, status in crawl.statuses.items() if _network(url)}
    assert not {url: status for url, status in network.items() if status not in (200, 302, 403)}
    for part in NETWORK_PARTS:
        assert [url for url in network if part in url], part
    assert len(network) > 100
    # The manager is meant to see the contact: the check above would have found her had she leaked.
    shown = {needle for _url, needle in crawl.containing(PETRA)}
    assert shown == set(PETRA)
    assert crawl.paths("auskunft.json")
