"""Reads of print files: the latest file of each kind of a survey, for its page."""

from __future__ import annotations

from dataclasses import dataclass

from quartier.access import Action, can
from quartier.models import User

from ..surveys.models import Survey, SurveyStatus
from .models import PrintKind, SurveyPrint


@dataclass(frozen=True)
class PrintOffer:
    kind: str
    label: str
    latest: SurveyPrint | None
    may_request: bool  # the user may ask for it and the survey is in a state that allows it
    why_not: str  # when the survey's state does not allow it yet


def may_request(user: User, survey: Survey, kind: str) -> bool:
    action = Action.VIEW if kind == PrintKind.RESULTS else Action.EDIT_PARTICIPATION
    return can(user, action, survey.quartier)


def print_overview(*, survey: Survey, user: User) -> list[PrintOffer]:
    """Every kind of print file with the latest file of each and whether the user may ask for it."""
    from django.utils.translation import gettext as _

    latest: dict[str, SurveyPrint] = {}
    for row in SurveyPrint.objects.filter(survey=survey).order_by("-requested_at", "-pk"):
        latest.setdefault(row.kind, row)
    offers = []
    for kind, label in PrintKind.choices:
        why_not = ""
        if kind == PrintKind.POSTER and survey.status != SurveyStatus.OPEN:
            why_not = _("The poster can be made once the survey is open: its QR code leads to the survey.")
        elif kind == PrintKind.RESULTS and survey.status == SurveyStatus.DRAFT:
            why_not = _("A draft has no results yet.")
        offers.append(
            PrintOffer(
                kind=kind,
                label=label,
                latest=latest.get(kind),
                may_request=may_request(user, survey, kind) and not why_not,
                why_not=why_not,
            )
        )
    return offers
