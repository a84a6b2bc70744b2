"""Shared pieces of the apps' wiring: the sub-navigation of a quartier tab and the modules an
app registers with other apps when it is ready. Both leave out what is not there yet."""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module
from typing import Any

from django.urls import NoReverseMatch, reverse


def subnav_links(pages: Iterable[tuple[str, str, Any]], *, slug: str, current: str) -> list[dict[str, Any]]:
    """The links of a tab's sub-navigation: `pages` are (key, URL name, label); the page whose
    key is `current` is marked. A page whose URL does not exist is not offered."""
    links = []
    for key, name, label in pages:
        try:
            url = reverse(name, args=[slug])
        except NoReverseMatch:
            continue
        links.append({"key": key, "url": url, "label": label, "current": key == current})
    return links


def import_registrations(modules: Iterable[str]) -> None:
    """Import the modules that register an app's objects elsewhere (evidence kinds, panels,
    calendar entries, signal receivers); a module that is not written yet is skipped, any other
    import error is raised."""
    for module in modules:
        try:
            import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name is None or not module.startswith(exc.name):
                raise
