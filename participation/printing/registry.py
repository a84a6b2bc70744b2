"""Which module renders which print file. Each module exposes `render_html(survey) -> str`: a
whole HTML document with its CSS, turned into a PDF by WeasyPrint (printing.services)."""

from __future__ import annotations

import importlib
from collections.abc import Callable

from .models import PrintKind

MODULES: dict[str, str] = {
    PrintKind.POSTER: "participation.printing.poster",
    PrintKind.QUESTIONNAIRE: "participation.printing.questionnaire",
    PrintKind.RESULTS: "participation.results.pdf",
}


def renderer(kind: str) -> Callable[..., str]:
    return importlib.import_module(MODULES[kind]).render_html
