"""The „Beteiligung“ tab's overview: everyone who reads the team's workspace sees it."""

from __future__ import annotations

from typing import Any


def rows(m: Any) -> list[Any]:
    return [
        m.Row(
            "participation_overview",
            "participation_overview",
            m.in_quartier(200),
            m.slug,
            shows=m.QUARTIER_TITLE,
        ),
    ]


def state(quartier: Any) -> dict[str, Any]:
    return {}
