"""How a round of the organisation check compares with the round before it, topic by topic.

The change is said in words (higher, lower, unchanged, newly rated, not rated), never by an
arrow or a colour alone, so that every page and the PDF can print it as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import pgettext_lazy

from ..models import CheckRating, CheckRound, CheckTopic, Maturity


# The words of the check's own scale; the context keeps them apart from the same English words
# elsewhere (makemessages needs it written out each time).
class Change(models.TextChoices):
    UP = "up", pgettext_lazy("change of a maturity level", "higher")
    DOWN = "down", pgettext_lazy("change of a maturity level", "lower")
    SAME = "same", pgettext_lazy("change of a maturity level", "the same")
    # Rated now, with no level in the round before (or no round before).
    NEW = "new", pgettext_lazy("change of a maturity level", "newly rated")
    NOT_RATED = "not_rated", pgettext_lazy("change of a maturity level", "not rated yet")


# What a person reads next to the change; the symbol is decoration for those who see it.
SYMBOLS = {Change.UP: "↑", Change.DOWN: "↓", Change.SAME: "=", Change.NEW: "+", Change.NOT_RATED: "–"}


@dataclass(frozen=True)
class TopicChange:
    rating: CheckRating  # this round's rating of the topic
    previous_level: int | None
    change: Change

    @property
    def topic(self) -> CheckTopic:
        return self.rating.topic

    @property
    def level(self) -> int | None:
        return self.rating.level

    @property
    def label(self) -> str:
        return str(self.change.label)

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.change]

    @property
    def level_label(self) -> str:
        return level_label(self.level)

    @property
    def previous_label(self) -> str:
        return level_label(self.previous_level)


def topic_order(topic: CheckTopic) -> tuple[int, int, str]:
    """The four change dimensions first, then the eight challenges, each in catalogue order."""
    return (0 if topic.kind == CheckTopic.Kind.DIMENSION else 1, topic.position, topic.key)


def level_label(level: int | None) -> str:
    """The maturity in words, or "not rated yet"."""
    if level is None:
        return str(Change.NOT_RATED.label)
    return str(Maturity(level).label)


def change_of(level: int | None, previous_level: int | None) -> Change:
    if level is None:
        return Change.NOT_RATED
    if previous_level is None:
        return Change.NEW
    if level > previous_level:
        return Change.UP
    if level < previous_level:
        return Change.DOWN
    return Change.SAME


def compare_ratings(current: Iterable[CheckRating], previous: Iterable[CheckRating] | None) -> list[TopicChange]:
    """Every rating of the current round with its change; ratings need their topic loaded.

    A topic the previous round did not have (the catalogue grew) counts as newly rated.
    """
    before = {r.topic_id: r.level for r in previous or ()}
    changes = []
    for rating in current:
        previous_level = before.get(rating.topic_id)
        changes.append(TopicChange(rating, previous_level, change_of(rating.level, previous_level)))
    return changes


def previous_round(current: CheckRound) -> CheckRound | None:
    """The round held before this one in the same organisation (same day: the one made earlier)."""
    return (
        CheckRound.objects.filter(organisation_id=current.organisation_id)
        .filter(models.Q(held_on__lt=current.held_on) | models.Q(held_on=current.held_on, pk__lt=current.pk))
        .order_by("-held_on", "-pk")
        .first()
    )


def ratings_of(check_round: CheckRound | None) -> list[CheckRating]:
    """The round's ratings in catalogue order (dimensions first), topics loaded: one query."""
    if check_round is None:
        return []
    ratings = CheckRating.objects.filter(round=check_round).select_related("topic")
    return sorted(ratings, key=lambda r: topic_order(r.topic))


def compare_rounds(current: CheckRound, previous: CheckRound | None) -> list[TopicChange]:
    """Per topic of `current`: up, down, same, new (no level before) or not rated. Two queries."""
    return compare_ratings(ratings_of(current), ratings_of(previous) if previous is not None else None)
