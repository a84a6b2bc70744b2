"""The Fortschrittsbericht's section „Zeitaufwand nach Aufgabenfeldern“: the quartier's totals of
the last twelve months as chart and table, and the current year's; never a person's hours."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _

from quartier.models import Quartier

from .charts import month_chart
from .selectors import time_report


def time_section(*, quartier: Quartier, today: datetime.date) -> dict[str, Any]:
    """What templates/pdf/report_time.html needs. Two queries."""
    report = time_report(quartier=quartier, today=today)
    chart = month_chart(report.window, uid="report-time", title=_("Hours per month and task field, last twelve months"))
    return {"time_report": report, "time_chart": chart if report.window.has_hours else ""}
