"""Writes of the strengths and weaknesses per domain (the summary of the analysis, step 3)."""

from __future__ import annotations

from django.db import transaction

from planning.domains import Domain
from quartier.access import Action, require
from quartier.models import Quartier, User

from .models import DomainAssessment


def domain_assessment_update(
    *, quartier: Quartier, user: User, domain: str, strengths: str, weaknesses: str
) -> DomainAssessment:
    """Save the strengths and weaknesses of one domain of the quartier; creates the record on first use.

    The row is locked so that two people saving the same domain at once each write a whole
    record (the later one wins) instead of a mix of both.
    """
    require(user, Action.EDIT_ANALYSIS, quartier)
    if domain not in Domain.values:
        raise ValueError(f"unknown domain {domain!r}")
    with transaction.atomic():
        assessment, _created = DomainAssessment.objects.select_for_update().get_or_create(
            quartier=quartier, domain=domain
        )
        assessment.strengths = strengths.strip()
        assessment.weaknesses = weaknesses.strip()
        assessment.updated_by = user
        assessment.full_clean()
        assessment.save()
        return assessment
