"""Template tags of the portfolio."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from evaluation.selectors import MatrixStep
from planning.models import StepStatus

register = template.Library()


@register.simple_tag(takes_context=True)
def status_cells(context: template.Context, steps: Iterable[MatrixStep]) -> SafeString:
    """The matrix cells of one portfolio row, one per step.

    There are only three different cells (one per status): each is rendered once per page
    and reused. With 300 quartiers, a template loop over 3,000 cells was the slowest part
    of the portfolio.
    """
    cells: dict[str, str] | None = context.render_context.get("status_cells")
    if cells is None:
        cell = get_template("evaluation/partials/status_cell.html")
        cells = {value: cell.render({"status": value, "label": label}).strip() for value, label in StepStatus.choices}
        context.render_context["status_cells"] = cells
    # Each cell was rendered (and escaped) by the template above.
    return mark_safe("".join(cells[step.status] for step in steps))  # noqa: S308
