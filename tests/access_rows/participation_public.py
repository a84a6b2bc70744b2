"""The switch every public participation page has: anyone may press it; it changes no data."""

from __future__ import annotations

from typing import Any


def rows(m: Any) -> list[Any]:
    return [
        m.Row(
            "text_size",
            "text_size",
            m.everyone(302),
            method="POST",
            data=lambda w: {"size": "gross", "next": "/"},
            stores_nothing=True,
        ),
        m.Row("text_size_get", "text_size", m.everyone(405)),
    ]


def state(quartier: Any) -> dict[str, Any]:
    return {}
