"""The public links of open surveys, for `manage.py survey_links` and `seed_demo`."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from quartier.models import Quartier

from .models import Survey, SurveyStatus


@dataclass(frozen=True)
class SurveyLink:
    quartier: str
    title: str
    url: str


def public_url(survey: Survey, *, base: str | None = None) -> str:
    """The address citizens open; the name `survey_answer` is the public answering page."""
    return (base or settings.SITE_URL) + reverse("survey_answer", args=[survey.token])


def open_survey_links(*, quartier: Quartier | None = None, base: str | None = None) -> list[SurveyLink]:
    surveys = Survey.objects.filter(status=SurveyStatus.OPEN).select_related("quartier")
    if quartier is not None:
        surveys = surveys.filter(quartier=quartier)
    return [
        SurveyLink(quartier=s.quartier.name, title=s.title, url=public_url(s, base=base))
        for s in surveys.order_by("quartier__name", "title", "pk")
    ]
