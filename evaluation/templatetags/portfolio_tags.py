"""Template tags of the portfolio and the start page.

The step cells are built here as pre-escaped HTML rather than by a template per cell: with
100 rows of ten steps each, template machinery per cell was the slowest part of the page.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from evaluation.selectors import MatrixStep
from planning.models import StepStatus
from quartier.models import Quartier

register = template.Library()

STATUS_MARKS = {StepStatus.DONE: "✓", StepStatus.IN_PROGRESS: "…", StepStatus.OPEN: "–"}


def _step_url_pattern(context: template.Context) -> str:
    """The step page's URL with slots for slug and number, reversed once per page."""
    pattern = context.render_context.get("step_url_pattern")
    if pattern is None:
        url = reverse("step_detail", args=["slug-slot", 99])
        pattern = url.replace("slug-slot", "{slug}").replace("/99/", "/{number}/")
        context.render_context["step_url_pattern"] = pattern
    return pattern


def _step_links(context: template.Context, quartier: Quartier, steps: Iterable[MatrixStep], html: str) -> SafeString:
    pattern = _step_url_pattern(context)
    labels = {value: str(label) for value, label in StepStatus.choices}
    step_word = _("Step")
    return format_html_join(
        "",
        html,
        (
            {
                "status": s.status,
                "url": pattern.format(slug=quartier.slug, number=s.number),
                "number": s.number,
                "mark": STATUS_MARKS[s.status],
                "label": f"{step_word} {s.number}: {labels[s.status]}",
            }
            for s in steps
        ),
    )


@register.simple_tag(takes_context=True)
def status_cells(context: template.Context, quartier: Quartier, steps: Iterable[MatrixStep]) -> SafeString:
    """The matrix cells of one portfolio row, one per step, each a link to the step's page."""
    return _step_links(
        context,
        quartier,
        steps,
        '<td class="cell cell-{status}"><a href="{url}">{mark}<span class="visually-hidden"> {label}</span></a></td>',
    )


@register.simple_tag(takes_context=True)
def step_strip(context: template.Context, quartier: Quartier, steps: Iterable[MatrixStep]) -> SafeString:
    """The ten-step strip of the start page: one box per step, each a link to the step's page."""
    items = _step_links(
        context,
        quartier,
        steps,
        '<li class="strip-{status}"><a href="{url}"><span aria-hidden="true">{number} {mark}</span>'
        '<span class="visually-hidden">{label}</span></a></li>',
    )
    return format_html('<ol class="step-strip" aria-label="{}">{}</ol>', _("The ten steps"), items)


def date_text(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y") if value else ""


@register.filter
def current_step_text(quartier: Quartier) -> str:
    """Where the quartier stands and since when: „Schritt 4 in Arbeit seit 12.08.2026“."""
    if quartier.current_step is None:
        return ""
    since = date_text(quartier.current_step_since)
    if quartier.current_step_status == StepStatus.DONE:
        return _("All steps completed since %(date)s") % {"date": since}
    return _("Step %(n)s %(status)s since %(date)s") % {
        "n": quartier.current_step,
        "status": StepStatus(quartier.current_step_status).label,
        "date": since,
    }
