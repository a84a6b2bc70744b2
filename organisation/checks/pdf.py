"""The „Organisationscheck“ PDF as one HTML document for WeasyPrint: the latest round with every
change dimension and implementation challenge (level in words, evidence), the change since the
round before it and the open next actions. CSS is inline, so the document needs nothing else."""

from __future__ import annotations

import datetime

from django.template.loader import render_to_string

from ..models import CheckRound, Maturity
from .selectors import organisation_open_actions, round_detail


def render_html(check_round: CheckRound, *, today: datetime.date) -> str:
    organisation = check_round.organisation
    detail = round_detail(check_round=check_round, today=today)
    actions = organisation_open_actions(organisation=organisation, today=today)
    return render_to_string(
        "organisation/checks/pdf.html",
        {
            "organisation": organisation,
            "check_round": check_round,
            "detail": detail,
            "scale": Maturity.choices,
            "actions": actions,
            "overdue_count": sum(1 for row in actions if row.overdue),
            "today": today,
        },
    )
