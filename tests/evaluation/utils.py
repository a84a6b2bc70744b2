"""Helpers for the evaluation tests: what a person reads on a page or in a PDF."""

from __future__ import annotations

import io
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import yaml
from django.conf import settings
from django.http import HttpResponse
from pypdf import PdfReader


def squash(text: str) -> str:
    """Collapse runs of whitespace: a line break in a template or a PDF is just a space to a reader."""
    return " ".join(text.split())


VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})


class _TextParser(HTMLParser):
    """Collects the visible text of a page, of one element (by id) or of each table row."""

    def __init__(self, element_id: str | None = None) -> None:
        super().__init__()
        self.element_id = element_id
        self.parts: list[str] = []
        self.rows: list[list[str]] = []
        self._skip = 0
        self._depth = 0  # open tags inside the wanted element; 0: not inside
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        if tag in VOID_TAGS:
            return
        if self._depth:
            self._depth += 1
        elif self.element_id is not None and dict(attrs).get("id") == self.element_id:
            self._depth = 1
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        if tag in VOID_TAGS:
            return
        if self._depth:
            self._depth -= 1
        if tag in ("td", "th") and self._cell is not None and self.rows:
            self.rows[-1].append(squash(" ".join(self._cell)))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self.element_id is None or self._depth:
            self.parts.append(data)
        if self._cell is not None:
            self._cell.append(data)


def html_text(html: str, element_id: str | None = None) -> str:
    """The visible text of HTML (or of the element with that id), entities decoded, whitespace collapsed."""
    parser = _TextParser(element_id)
    parser.feed(html)
    return squash(" ".join(parser.parts))


def page_text(response: HttpResponse, element_id: str | None = None) -> str:
    """The visible text of an HTML response (or of the element with that id)."""
    return html_text(response.content.decode(), element_id)


def section_html(response: HttpResponse, labelled_by: str) -> str:
    """The HTML of the <section> that the heading with this id labels."""
    html = response.content.decode()
    return html[html.index(f'aria-labelledby="{labelled_by}"') :].split("</section>", 1)[0]


def table_rows(response: HttpResponse) -> list[list[str]]:
    """The text of each cell, row by row, of the tables of an HTML response."""
    parser = _TextParser()
    parser.feed(response.content.decode())
    return [row for row in parser.rows if row]


def pdf_text(data: bytes) -> str:
    """All text of a PDF, whitespace collapsed (long titles wrap over lines)."""
    reader = PdfReader(io.BytesIO(data))
    return squash(" ".join(page.extract_text() or "" for page in reader.pages))


@cache
def step_titles() -> list[str]:
    """The ten step titles as the app ships them (planning/data/steps.yaml)."""
    data = yaml.safe_load((Path(settings.BASE_DIR) / "planning" / "data" / "steps.yaml").read_text(encoding="utf-8"))
    return [squash(step["title"]) for step in sorted(data["steps"], key=lambda s: s["number"])]
