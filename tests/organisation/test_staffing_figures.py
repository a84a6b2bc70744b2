"""The staffing figures and their warnings: staffed hours, „kein Kümmerer“, a post ending within
six months without a follow-up; ended posts and posts starting later."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils.translation import gettext

from organisation.figures import staffing_figures
from organisation.staffing.selectors import figures_for, warning_texts
from tests.factories import QuartierFactory, StaffingFactory, StaffMemberFactory, role_profile

TODAY = datetime.date(2026, 3, 15)
SIX_MONTHS = datetime.date(2026, 9, 15)  # the last day a post may end on and still be warned of

pytestmark = pytest.mark.django_db


def post(quartier, *, name="Maria Altmann", profile="manager", hours="19.5", start=None, end=None):
    member = StaffMemberFactory(organisation=quartier.organisation, name=name)
    return StaffingFactory(
        quartier=quartier,
        member=member,
        role_profile=role_profile(profile),
        weekly_hours=Decimal(hours),
        start=start or datetime.date(2024, 1, 1),
        end=end,
    )


def no_manager_text() -> str:
    return gettext("No „Kümmerer“: no hours as quartier manager are recorded for this quartier.")


def ending_text(name: str, role: str, date: str) -> str:
    return gettext("The post of %(name)s (%(role)s) ends on %(date)s – no follow-up post is recorded.") % {
        "name": name,
        "role": role,
        "date": date,
    }


def test_a_quartier_without_posts_has_no_manager(quartier):
    figures = figures_for(quartier=quartier, today=TODAY)

    assert figures.hours_per_week == 0 and figures.posts == 0
    assert figures.no_manager
    assert warning_texts(figures) == [no_manager_text()]


def test_developer_hours_alone_are_no_kuemmerer(quartier):
    post(quartier, name="Erik Entwickler", profile="entwickler", hours="30")

    figures = figures_for(quartier=quartier, today=TODAY)

    assert figures.hours_per_week == Decimal(30)
    assert figures.manager_hours == 0
    assert warning_texts(figures) == [no_manager_text()]


def test_a_running_open_ended_manager_post_gives_no_warning(quartier):
    post(quartier)
    post(quartier, name="Erik Entwickler", profile="entwickler", hours="30")

    figures = figures_for(quartier=quartier, today=TODAY)

    assert figures.hours_per_week == Decimal("49.5")
    assert figures.manager_hours == Decimal("19.5")
    assert figures.posts == 2
    assert warning_texts(figures) == []


def test_a_manager_post_ending_within_six_months_without_follow_up_warns(quartier):
    post(quartier, name="Nils Nordmann", hours="25", end=datetime.date(2026, 7, 31))

    figures = figures_for(quartier=quartier, today=TODAY)

    assert not figures.no_manager  # it still runs today
    assert [p.member_name for p in figures.ending] == ["Nils Nordmann"]
    assert warning_texts(figures) == [ending_text("Nils Nordmann", "Quartiersmanager*in", "31.07.2026")]


def test_a_follow_up_post_of_the_same_profile_silences_the_warning(quartier):
    post(quartier, name="Nils Nordmann", end=datetime.date(2026, 7, 31))
    post(quartier, name="Nora Neu", start=datetime.date(2026, 8, 1))  # starts later: a follow-up

    figures = figures_for(quartier=quartier, today=TODAY)

    assert figures.ending == []
    assert warning_texts(figures) == []
    # The follow-up does not count yet: only the running post's hours.
    assert figures.manager_hours == Decimal("19.5") and figures.posts == 1


def test_a_follow_up_of_another_profile_is_no_follow_up(quartier):
    post(quartier, name="Nils Nordmann", end=datetime.date(2026, 7, 31))
    post(quartier, name="Erik Entwickler", profile="entwickler", start=datetime.date(2026, 8, 1))

    figures = figures_for(quartier=quartier, today=TODAY)

    assert [p.member_name for p in figures.ending] == ["Nils Nordmann"]


def test_a_follow_up_that_ends_first_is_no_follow_up(quartier):
    post(quartier, name="Nils Nordmann", end=datetime.date(2026, 7, 31))
    post(quartier, name="Nora Neu", start=datetime.date(2026, 6, 1), end=datetime.date(2026, 7, 31))

    figures = figures_for(quartier=quartier, today=TODAY)

    # Nora Neu's post does not run yet: it is warned of once it does.
    assert [p.member_name for p in figures.ending] == ["Nils Nordmann"]


def test_an_ended_post_counts_neither_towards_the_hours_nor_as_manager(quartier):
    post(quartier, name="Thomas Winter", end=TODAY - datetime.timedelta(days=1))

    figures = figures_for(quartier=quartier, today=TODAY)

    assert figures.hours_per_week == 0 and figures.posts == 0
    assert figures.no_manager
    assert figures.ending == []  # over already: nothing to warn of ahead
    assert warning_texts(figures) == [no_manager_text()]


def test_a_post_starting_later_does_not_count_yet(quartier):
    post(quartier, name="Nora Neu", start=TODAY + datetime.timedelta(days=1))

    figures = figures_for(quartier=quartier, today=TODAY)

    assert figures.hours_per_week == 0 and figures.no_manager


def test_a_post_ending_today_still_counts_and_warns(quartier):
    post(quartier, name="Nils Nordmann", end=TODAY)

    figures = figures_for(quartier=quartier, today=TODAY)

    assert figures.manager_hours == Decimal("19.5")
    assert [p.end for p in figures.ending] == [TODAY]


def test_a_post_starting_today_counts(quartier):
    post(quartier, start=TODAY)

    assert figures_for(quartier=quartier, today=TODAY).manager_hours == Decimal("19.5")


@pytest.mark.parametrize(
    ("end", "warns"),
    [
        (SIX_MONTHS - datetime.timedelta(days=1), True),
        (SIX_MONTHS, True),  # exactly six months ahead: still within
        (SIX_MONTHS + datetime.timedelta(days=1), False),
    ],
)
def test_six_months_is_the_boundary(quartier, end, warns):
    post(quartier, end=end)

    assert bool(figures_for(quartier=quartier, today=TODAY).ending) is warns


def test_six_months_from_the_end_of_a_month_end_on_the_shorter_months_last_day(quartier):
    today = datetime.date(2026, 8, 31)
    post(quartier, name="A", end=datetime.date(2027, 2, 28))
    post(quartier, name="B", profile="entwickler", end=datetime.date(2027, 3, 1))

    figures = figures_for(quartier=quartier, today=today)

    assert [p.member_name for p in figures.ending] == ["A"]


def test_ending_posts_are_listed_soonest_first(quartier):
    post(quartier, name="Später", end=datetime.date(2026, 8, 1))
    post(quartier, name="Früher", profile="entwickler", end=datetime.date(2026, 5, 1))

    figures = figures_for(quartier=quartier, today=TODAY)

    assert [p.member_name for p in figures.ending] == ["Früher", "Später"]
    assert len(warning_texts(figures)) == 2


def test_figures_of_many_quartiers_in_one_query(quartier, django_assert_num_queries):
    others = [QuartierFactory(organisation=quartier.organisation) for _n in range(3)]
    post(quartier)
    for other in others:
        post(other, name=f"Kraft {other.pk}", profile="entwickler", hours="10")

    with django_assert_num_queries(1):
        figures = staffing_figures(quartier_ids=[quartier.pk, *(o.pk for o in others)], today=TODAY)

    assert not figures[quartier.pk].no_manager
    assert all(figures[o.pk].no_manager and figures[o.pk].hours_per_week == 10 for o in others)


def test_a_successor_who_starts_months_after_the_end_is_no_follow_up(quartier):
    """The post ends in 30 days, the next manager starts in 700: for almost two years nobody steers
    the quartier, so the ending post is still a warning. One starting the day after the end is a
    follow-up."""
    today = datetime.date(2026, 6, 15)
    ending = post(quartier, start=datetime.date(2024, 1, 1), end=today + datetime.timedelta(days=30))
    late = post(quartier, name="Nachfolge", start=today + datetime.timedelta(days=700))
    assert [p.staffing_id for p in staffing_figures(quartier_ids=[quartier.pk], today=today)[quartier.pk].ending] == [
        ending.pk
    ]
    late.start = ending.end + datetime.timedelta(days=1)
    late.save()
    assert staffing_figures(quartier_ids=[quartier.pk], today=today)[quartier.pk].ending == []
