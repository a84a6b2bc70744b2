"""The results as one HTML document for WeasyPrint (the print job turns it into the PDF): every
question's table, the charts as inline SVG, the breakdown by age band with „< k“ for small
cells, and the comparison with the earlier wave. CSS is inline, so the document needs nothing
else to render."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from ..surveys.models import Survey


def render_html(survey: Survey) -> str:
    from .views import results_and_comparison

    results, comparison = results_and_comparison(survey, charts="pdf")
    return render_to_string(
        "participation/results/pdf.html",
        {
            "survey": survey,
            "quartier": survey.quartier,
            "results": results,
            "comparison": comparison,
            "today": timezone.localdate(),
        },
    )
