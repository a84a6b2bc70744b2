"""The A4 poster of an open survey: an invitation, the QR code, the link written out, the dates
and where to get a paper form."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from ..surveys.models import Survey
from ..surveys.qr import qr_svg, survey_link


def render_html(survey: Survey) -> str:
    url = survey_link(survey)
    context = {
        "survey": survey,
        "quartier": survey.quartier,
        "organisation": survey.quartier.organisation,
        "url": url,
        "short_url": url.split("://", 1)[-1],
        # segno's own SVG markup (no user input in it but the escaped link as its title)
        "qr": mark_safe(qr_svg(survey, inline=True)),  # noqa: S308
    }
    return render_to_string("participation/printing/poster.html", context)
