"""Panels other apps add to a measure's page, without planning knowing them.

Planning knows no partners, contributions or meetings; the apps that do register a panel
provider here when they are ready. A provider gets the request, the quartier and the measure
and returns a `Panel` (a template and its context) or None when it has nothing to show.
The measure page renders every panel in the order the providers were registered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from quartier.models import Quartier

from .models import Measure


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)


PanelProvider = Callable[[HttpRequest, Quartier, Measure], Panel | None]

PROVIDERS: list[PanelProvider] = []


def register(provider: PanelProvider) -> PanelProvider:
    """Add a provider (once; registering it again changes nothing). Usable as a decorator."""
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)
    return provider


def panels_for(request: HttpRequest, quartier: Quartier, measure: Measure) -> list[SafeString]:
    """Every registered panel for the measure, rendered to HTML."""
    rendered = []
    for provider in PROVIDERS:
        panel = provider(request, quartier, measure)
        if panel is None:
            continue
        context = {"quartier": quartier, "measure": measure, **panel.context}
        # render_to_string escapes what the template prints; the result is safe markup.
        rendered.append(mark_safe(render_to_string(panel.template, context, request=request)))  # noqa: S308
    return rendered
