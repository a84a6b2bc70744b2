"""The QR code of a survey's public link (segno), as PNG and SVG."""

from __future__ import annotations

import io

import segno

from .links import public_url
from .models import Survey


def survey_link(survey: Survey, *, base: str | None = None) -> str:
    """The survey's public link (links.public_url)."""
    return public_url(survey, base=base)


def survey_qrcode(survey: Survey, *, base: str | None = None) -> segno.QRCode:
    """The QR code citizens scan: it holds exactly the survey's public link."""
    return segno.make(survey_link(survey, base=base), error="m", micro=False)


def qr_png(survey: Survey, *, base: str | None = None) -> bytes:
    buffer = io.BytesIO()
    survey_qrcode(survey, base=base).save(buffer, kind="png", scale=10, border=4)
    return buffer.getvalue()


def qr_svg(survey: Survey, *, base: str | None = None, inline: bool = False) -> str:
    """The SVG document; `inline=True` gives an <svg> element to put into an HTML page."""
    qr = survey_qrcode(survey, base=base)
    if inline:
        return qr.svg_inline(scale=6, border=2, title=survey_link(survey, base=base))
    buffer = io.BytesIO()
    qr.save(buffer, kind="svg", scale=10, border=4, xmldecl=True, title=survey_link(survey, base=base))
    return buffer.getvalue().decode("utf-8")
