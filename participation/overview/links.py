"""The addresses citizens open without an account, as the overview page lists them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from quartier.models import Quartier

from ..selectors import SurveyFigures
from ..surveys.links import public_url


@dataclass(frozen=True)
class PublicLink:
    title: str
    url: str


@dataclass(frozen=True)
class PublicLinks:
    surveys: list[PublicLink]
    ideas: str | None  # the public idea page, while it exists


def public_links(*, quartier: Quartier, surveys: Iterable[SurveyFigures], base: str) -> PublicLinks:
    """The public address of each open survey and of the quartier's idea page, on `base`
    (the host the team uses). Pages not built yet are left out."""
    links = []
    for row in surveys:
        try:
            links.append(PublicLink(title=row.survey.title, url=public_url(row.survey, base=base)))
        except NoReverseMatch:
            break
    try:
        ideas = base + reverse("idea_public", args=[quartier.slug])
    except NoReverseMatch:
        ideas = None
    return PublicLinks(surveys=links, ideas=ideas)
