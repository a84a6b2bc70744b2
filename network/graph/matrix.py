"""The partner × measure matrix as pre-escaped table rows.

With 60 partners and 200 measures the table has 12,000 cells; building them here rather than
with template tags per cell keeps the page fast.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ..partners.models import MeasureRole
from .selectors import MatrixData

SLOT = "0"


@dataclass(frozen=True)
class MatrixRow:
    html: SafeString


def _partner_url_pattern(slug: str) -> str | None:
    """The partner page's URL with a slot for the id, or None while there is no such page."""
    try:
        return reverse("partner_detail", args=[slug, 987654321]).replace("987654321", "{pk}")
    except NoReverseMatch:
        return None


def matrix_rows(data: MatrixData, *, slug: str) -> list[SafeString]:
    """One `<tr>` per partner: its name (a row header), how many measures, then a cell per measure."""
    lead_cell = (
        '<td class="role-cell role-lead"><span aria-hidden="true">F</span>'
        f'<span class="visually-hidden">{escape(_("lead partner"))}</span></td>'
    )
    support_cell = (
        '<td class="role-cell role-support"><span aria-hidden="true">B</span>'
        f'<span class="visually-hidden">{escape(_("supporting partner"))}</span></td>'
    )
    cells = {MeasureRole.LEAD: lead_cell, MeasureRole.SUPPORT: support_cell}
    empty = '<td class="role-cell"></td>'
    partner_url = _partner_url_pattern(slug)
    measure_ids = [pk for pk, _title in data.measures]
    rows = []
    for partner_id, name in data.partners:
        name_html = escape(name)
        if partner_url:
            name_html = f'<a href="{escape(partner_url.format(pk=partner_id))}">{name_html}</a>'
        roles = [data.roles.get((partner_id, measure_id)) for measure_id in measure_ids]
        count = sum(1 for role in roles if role)
        rows.append(
            mark_safe(  # noqa: S308 - names escaped, the rest fixed markup
                f'<tr><th scope="row">{name_html}</th><td class="text-end">{count}</td>'
                + "".join(cells[role] if role else empty for role in roles)
                + "</tr>"
            )
        )
    return rows
