"""Participation in figures: surveys by status with responses by channel, events by kind with
participants and the share of people aged 80 and older, walk points, ideas by status."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from participation.selectors import adopted_ideas, participation_figures, share_80_plus

from .participation_data import event, idea, participation, responses

pytestmark = pytest.mark.django_db


def test_share_80_plus_counts_only_people_whose_age_band_is_known():
    assert share_80_plus(under_65=2, from_65_to_79=6, from_80=4) == 33
    assert share_80_plus(under_65=0, from_65_to_79=1, from_80=1) == 50
    assert share_80_plus(under_65=0, from_65_to_79=0, from_80=0) is None


def test_figures_of_hand_made_participation(quartier, other_quartier):
    made = participation(quartier)
    participation(other_quartier)  # another quartier's participation counts nowhere here

    f = participation_figures(quartier=quartier, today=timezone.localdate())

    assert [s.survey for s in f.open_surveys] == [made["t1"]]
    assert [s.survey for s in f.closed_surveys] == [made["t0"]]
    assert [s.survey for s in f.draft_surveys] == [made["draft"]]
    # Open first, then drafts, then closed.
    titles = [s.survey.title for s in f.surveys]
    assert titles == ["Älter werden in der Altstadt", "Entwurf Nachbarschaft", "Befragung 2025"]
    t1 = f.open_surveys[0]
    assert (t1.online, t1.paper, t1.interview, t1.responses, t1.days_left) == (3, 2, 1, 6, 21)
    t0 = f.closed_surveys[0]
    assert (t0.online, t0.paper, t0.interview, t0.days_left) == (0, 4, 0, None)
    assert f.responses == 10

    assert f.events_total == 4
    assert {k.key: k.count for k in f.events_by_kind} == {
        "buergerversammlung": 1,
        "begehung": 1,
        "werkstatt": 1,
        "sprechstunde": 0,
        "fest": 1,
    }
    assert f.participants == 64
    assert (f.participants_under_65, f.participants_65_79, f.participants_80_plus) == (7, 16, 9)
    assert f.age_known == 32
    assert f.share_80_plus == 28  # 9 of the 32 whose age band is known; the meeting's 30 do not count
    # The latest events that took place: the festival to come is not among them.
    assert [(e.event.title, e.share_80_plus) for e in f.latest_events] == [
        ("Bürgerversammlung", None),
        ("Zukunftswerkstatt", 25),
        ("Rundgang Marktplatz", 33),
    ]
    assert (f.walk_points, f.walk_barriers, f.walk_ideas) == (3, 1, 1)

    assert {k.key: k.count for k in f.ideas_by_status} == {
        "neu": 2,
        "in_pruefung": 1,
        "uebernommen": 1,
        "abgelehnt": 1,
    }
    assert (f.ideas_total, f.ideas_with_measure, f.ideas_waiting) == (5, 1, 3)
    assert not f.is_empty
    assert [(i.text, i.measure.title) for i in adopted_ideas(quartier=quartier)] == [
        ("Eine Bank am Marktplatz", "Bank am Marktplatz")
    ]


def test_figures_of_a_quartier_without_participation(quartier):
    f = participation_figures(quartier=quartier)

    assert f.is_empty
    assert f.surveys == [] and f.responses == 0
    assert (f.events_total, f.participants, f.share_80_plus, f.latest_events) == (0, 0, None, [])
    assert (f.ideas_total, f.ideas_with_measure, f.ideas_waiting) == (0, 0, 0)


def _queries(quartier) -> int:
    with CaptureQueriesContext(connection) as queries:
        participation_figures(quartier=quartier)
    return len(queries)


def test_figures_take_five_queries_however_much_participation_there_is(quartier, django_assert_max_num_queries):
    participation(quartier)
    small = _queries(quartier)
    with django_assert_max_num_queries(5):
        participation_figures(quartier=quartier)
    made = participation(quartier)
    for n in range(12):
        responses(made["t1"], online=n, papier=2)
        event(quartier, "werkstatt", f"Werkstatt {n}", -n - 1, 10, (2, 3, 5))
        idea(quartier, f"Idee {n}", ("neu", "in_pruefung", "abgelehnt")[n % 3])

    assert _queries(quartier) == small == 5
    assert participation_figures(quartier=quartier).events_total == 20
