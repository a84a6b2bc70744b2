"""Which module renders which print file. Each module exposes `render_html(survey) -> str`: a
whole HTML document with its CSS, turned into a PDF by WeasyPrint (printing.services)."""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable

from .models import PrintKind

MODULES: dict[str, str] = {
    PrintKind.POSTER: "participation.printing.poster",
    PrintKind.QUESTIONNAIRE: "participation.printing.questionnaire",
    # Written by the results part; while it is missing, results prints are not offered.
    PrintKind.RESULTS: "participation.results.pdf",
}


def is_available(kind: str) -> bool:
    """Whether the renderer of `kind` exists, without importing it."""
    module = MODULES.get(kind)
    if module is None:
        return False
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:  # its package is missing
        return False


def available_kinds() -> list[str]:
    return [kind for kind in PrintKind.values if is_available(kind)]


def renderer(kind: str) -> Callable[..., str]:
    return importlib.import_module(MODULES[kind]).render_html
