"""Reads of ideas: the team's list with counts per status, and what the public page shows."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from quartier.models import Quartier

from .models import Idea, IdeaStatus

# What the public page lists: ideas the team has looked at. New ones appear after review.
PUBLIC_STATUSES = (IdeaStatus.REVIEW, IdeaStatus.ADOPTED, IdeaStatus.DECLINED)


def ideas_of(*, quartier: Quartier) -> QuerySet[Idea]:
    return Idea.objects.filter(quartier=quartier).select_related("measure")


def idea_or_none(*, quartier: Quartier, idea_id: int) -> Idea | None:
    return ideas_of(quartier=quartier).filter(pk=idea_id).first()


def counts_by_status(*, quartier: Quartier) -> list[tuple[str, str, int]]:
    """(status, label, count) for every status, in the order of the workflow – one query."""
    counts = dict(
        Idea.objects.filter(quartier=quartier).values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return [(value, label, counts.get(value, 0)) for value, label in IdeaStatus.choices]


def public_ideas(*, quartier: Quartier) -> QuerySet[Idea]:
    """Reviewed ideas with their status and public reason; only the fields the page shows."""
    return (
        Idea.objects.filter(quartier=quartier, status__in=PUBLIC_STATUSES)
        .only("text", "domain", "status", "reason", "created_on")
        .order_by("-created_on", "-pk")
    )


def measure_ideas(*, measure_id: int) -> QuerySet[Idea]:
    """The ideas a measure was made from (for a link back on the measure's page)."""
    return Idea.objects.filter(measure_id=measure_id)
