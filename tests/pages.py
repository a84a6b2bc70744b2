"""What a person reads on a page: the visible text, of the whole page or of one element."""

from __future__ import annotations

from datetime import date, datetime
from html.parser import HTMLParser

from django.http import HttpResponse
from django.utils import timezone

VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})


def squash(text: str) -> str:
    """A line break in a template is a space to a reader."""
    return " ".join(text.split())


class _Text(HTMLParser):
    def __init__(self, element_id: str | None) -> None:
        super().__init__()
        self.element_id = element_id
        self.parts: list[str] = []
        self.found = element_id is None
        self._depth = 0 if element_id else 1
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        if tag in VOID_TAGS or self.element_id is None:
            return
        if self._depth:
            self._depth += 1
        elif dict(attrs).get("id") == self.element_id:
            self._depth = 1
            self.found = True

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        if tag in VOID_TAGS or self.element_id is None:
            return
        if self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth and not self._skip:
            self.parts.append(data)


def text(response: HttpResponse | str, element_id: str | None = None) -> str:
    """The visible text of the page, or of the element with this id ('' if there is none)."""
    html = response if isinstance(response, str) else response.content.decode()
    parser = _Text(element_id)
    parser.feed(html)
    return squash(" ".join(parser.parts)) if parser.found else ""


def has_element(response: HttpResponse, element_id: str) -> bool:
    parser = _Text(element_id)
    parser.feed(response.content.decode())
    return parser.found


ENGLISH_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def shown_date(value: datetime | date, *, language: str = "de", with_time: bool = False) -> str:
    """A date as a page shows it: „09.05.2026“ in German, „9 May 2026“ in English (local time)."""
    if isinstance(value, datetime):
        value = timezone.localtime(value)
    if language == "en":
        text = f"{value.day} {ENGLISH_MONTHS[value.month - 1]} {value.year}"
        return f"{text}, {value:%H:%M}" if with_time else text
    text = f"{value:%d.%m.%Y}"
    return f"{text} {value:%H:%M}" if with_time else text
