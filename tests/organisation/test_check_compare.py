"""Comparing a round of the organisation check with the round before it, topic by topic."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils.translation import pgettext

from organisation.checks.compare import Change, change_of, compare_rounds, level_label, previous_round
from organisation.models import CheckRating, CheckTopic, Maturity

from .check_data import CHALLENGES, DIMENSIONS, make_round

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("level", "before", "expected"),
    [
        (3, 2, Change.UP),
        (4, 1, Change.UP),
        (1, 2, Change.DOWN),
        (2, 4, Change.DOWN),
        (2, 2, Change.SAME),
        (4, 4, Change.SAME),
        (1, None, Change.NEW),
        (None, None, Change.NOT_RATED),
        (None, 3, Change.NOT_RATED),
    ],
)
def test_change_of_two_levels(level, before, expected):
    assert change_of(level, before) == expected


def test_the_change_is_said_in_words():
    words = ["higher", "lower", "the same", "newly rated", "not rated yet"]
    assert [str(c.label) for c in Change] == [pgettext("change of a maturity level", w) for w in words]
    assert level_label(3) == str(Maturity.LARGELY.label)
    assert level_label(None) == str(Change.NOT_RATED.label)


def test_a_round_compares_with_the_one_before_topic_by_topic(organisation):
    before = make_round(
        organisation,
        date(2025, 3, 1),
        {"haltung": 2, "organisationsstruktur": 3, "leistungsangebot": 2, "transparenz": 1, "partner": 4},
    )
    now = make_round(
        organisation,
        date(2026, 3, 1),
        {"haltung": 3, "organisationsstruktur": 2, "leistungsangebot": 2, "finanzierung": 1, "partner": None},
    )

    changes = {c.topic.key: c for c in compare_rounds(now, before)}

    assert changes["haltung"].change == Change.UP
    assert (changes["haltung"].level, changes["haltung"].previous_level) == (3, 2)
    assert changes["organisationsstruktur"].change == Change.DOWN
    assert changes["leistungsangebot"].change == Change.SAME
    assert changes["finanzierung"].change == Change.NEW  # not rated in the round before
    assert changes["transparenz"].change == Change.NOT_RATED  # rated before, not (yet) now
    assert changes["partner"].change == Change.NOT_RATED
    assert changes["vernetzung"].change == Change.NOT_RATED  # rated in neither
    assert len(changes) == 12


def test_the_first_round_has_every_rated_topic_new(organisation):
    first = make_round(organisation, date(2026, 1, 10), {"haltung": 1, "beteiligung": 4})
    changes = {c.topic.key: c.change for c in compare_rounds(first, None)}
    assert changes["haltung"] == changes["beteiligung"] == Change.NEW
    assert changes["transparenz"] == Change.NOT_RATED


def test_a_topic_the_round_before_did_not_have_counts_as_new(organisation):
    before = make_round(organisation, date(2025, 3, 1), {"haltung": 2})
    CheckRating.objects.filter(round=before, topic__key="finanzierung").delete()  # the catalogue grew since
    now = make_round(organisation, date(2026, 3, 1), {"haltung": 2, "finanzierung": 2})
    changes = {c.topic.key: c.change for c in compare_rounds(now, before)}
    assert changes["finanzierung"] == Change.NEW
    assert changes["haltung"] == Change.SAME


def test_dimensions_come_first_then_challenges_in_catalogue_order(organisation):
    now = make_round(organisation, date(2026, 3, 1))
    titles = [c.topic.title for c in compare_rounds(now, None)]
    assert titles == DIMENSIONS + CHALLENGES
    assert CheckTopic.objects.filter(kind="dimension").count() == 4
    assert CheckTopic.objects.filter(kind="challenge").count() == 8


def test_the_round_before_is_the_one_held_before_in_the_same_organisation(organisation, other_organisation):
    old = make_round(organisation, date(2024, 5, 1))
    middle = make_round(organisation, date(2025, 5, 1))
    latest = make_round(organisation, date(2026, 5, 1))
    make_round(other_organisation, date(2025, 12, 1))  # another organisation's round is never "before"
    # Entered later but held earlier: it sits between the others.
    late_entry = make_round(organisation, date(2024, 11, 1))

    assert previous_round(latest) == middle
    assert previous_round(middle) == late_entry
    assert previous_round(late_entry) == old
    assert previous_round(old) is None


def test_two_rounds_on_one_day_follow_the_order_they_were_made_in(organisation):
    first = make_round(organisation, date(2026, 5, 1))
    second = make_round(organisation, date(2026, 5, 1))
    assert previous_round(second) == first
    assert previous_round(first) is None


def test_comparing_takes_two_queries(organisation, django_assert_num_queries):
    before = make_round(organisation, date(2025, 3, 1), {"haltung": 2})
    now = make_round(organisation, date(2026, 3, 1), {"haltung": 3})
    with django_assert_num_queries(2):
        changes = compare_rounds(now, before)
        [c.topic.title for c in changes]
