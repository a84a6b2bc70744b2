"""Panels other apps add to a step's page, without planning knowing them.

Planning knows no staff; an app that has something to say about a step (the staffing warnings
on step 10) registers a panel provider here when it is ready. A provider gets the request, the
quartier and the step and returns a `Panel` (a template and its context) or None when it has
nothing to show, e.g. for another step or for someone who may not see it. The step page renders
every panel in the order the providers were registered.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from quartier.models import Quartier

from .measures.panels import Panel
from .models import StepProgress

__all__ = ["PROVIDERS", "Panel", "StepPanelProvider", "panels_for", "register"]

StepPanelProvider = Callable[[HttpRequest, Quartier, StepProgress], Panel | None]

PROVIDERS: list[StepPanelProvider] = []


def register(provider: StepPanelProvider) -> StepPanelProvider:
    """Add a provider (once; registering it again changes nothing). Usable as a decorator."""
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)
    return provider


def panels_for(request: HttpRequest, quartier: Quartier, step: StepProgress) -> list[SafeString]:
    """Every registered panel for the step, rendered to HTML."""
    rendered = []
    for provider in PROVIDERS:
        panel = provider(request, quartier, step)
        if panel is None:
            continue
        context = {"quartier": quartier, "step": step, **panel.context}
        # render_to_string escapes what the template prints; the result is safe markup.
        rendered.append(mark_safe(render_to_string(panel.template, context, request=request)))  # noqa: S308
    return rendered
