"""The coordinator's start page (the portfolio) lists the open next actions of the organisation
check: soonest due first, overdue ones said in words, in one query however many there are."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext

from organisation.checks.selectors import open_actions
from tests.factories import CoordinatorFactory, OrganisationFactory, QuartierFactory, UserFactory
from tests.pages import text

from .check_data import action, days, make_round

pytestmark = pytest.mark.django_db

BOX = "check-actions"


def _count_queries(client, url: str) -> int:
    client.get(url)  # warm caches (content types, sessions) so that both runs compare like with like
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.fixture
def actions(organisation, other_organisation):
    today = timezone.localdate()
    first = make_round(organisation, days(-365), {"haltung": 2})
    latest = make_round(organisation, days(-30), {"haltung": 3, "transparenz": 1})
    action(latest, "haltung", "Leitbild in alle Teams tragen", today + timedelta(days=40), who="Amtsleitung")
    action(latest, "transparenz", "Newsletter neu aufsetzen", today - timedelta(days=12), who="Pressestelle")
    action(first, "haltung", "Altes offenes Vorhaben", today + timedelta(days=5), who="Sozialamt")
    action(first, "haltung", "Erledigt", today - timedelta(days=100), done_on=today - timedelta(days=90))
    theirs = make_round(other_organisation, days(-10), {"haltung": 1})
    action(theirs, "haltung", "Fremder Schritt", today + timedelta(days=1))


def test_the_start_page_lists_the_open_actions_soonest_first_with_overdue_ones_in_words(
    quartier, actions, coordinator, client_for
):
    response = client_for(coordinator).get(reverse("portfolio"))
    box = text(response, BOX)
    assert gettext("Next steps from the organisation check") in box
    assert "Fremder Schritt" not in box  # another organisation's
    assert "Erledigt" not in box
    order = ["Newsletter neu aufsetzen", "Altes offenes Vorhaben", "Leitbild in alle Teams tragen"]
    assert [box.index(what) for what in order] == sorted(box.index(what) for what in order)
    overdue = gettext("overdue since %(day)s") % {"day": formats.date_format(days(-12), "SHORT_DATE_FORMAT")}
    assert overdue in box
    assert box.count(overdue.split(" ")[0]) == 1  # only the one overdue action says so
    assert "Pressestelle" in box and "Transparenz und Öffentlichkeitsarbeit sichern" in box
    assert reverse("check_home") in response.content.decode()


def test_the_box_is_there_without_actions_and_leads_to_the_check(quartier, coordinator, client_for):
    response = client_for(coordinator).get(reverse("portfolio"))
    box = text(response, BOX)
    assert gettext("Next steps from the organisation check") in box
    assert gettext("To the organisation check") in box


def test_the_box_shows_a_limited_number_and_says_there_are_more(quartier, organisation, coordinator, client_for):
    latest = make_round(organisation, days(-30))
    for n in range(8):
        action(latest, "haltung", f"Schritt Nummer {n}", days(n + 1))
    box = text(client_for(coordinator).get(reverse("portfolio")), BOX)
    assert "Schritt Nummer 0" in box and "Schritt Nummer 4" in box
    assert "Schritt Nummer 5" not in box
    assert gettext("All open next actions in the organisation check") in box


def test_a_coordinator_of_several_organisations_sees_which_organisation_an_action_belongs_to(
    quartier, actions, coordinator, other_organisation, client_for
):
    CoordinatorFactory(user=coordinator, organisation=other_organisation)
    box = text(client_for(coordinator).get(reverse("portfolio")), BOX)
    assert "Fremder Schritt" in box and other_organisation.name in box


def test_open_actions_takes_one_query_and_is_scoped_to_the_user(
    actions, coordinator, other_coordinator, manager, django_assert_num_queries
):
    today = timezone.localdate()
    with django_assert_num_queries(1):
        mine = open_actions(user=coordinator, today=today, limit=10)
        rows = [(r.action.what, r.topic.title, r.organisation.name, r.overdue) for r in mine.rows]
    assert [r[0] for r in rows] == [
        "Newsletter neu aufsetzen",
        "Altes offenes Vorhaben",
        "Leitbild in alle Teams tragen",
    ]
    assert [r[3] for r in rows] == [True, False, False]
    assert not mine.more
    assert [r.action.what for r in open_actions(user=other_coordinator, today=today, limit=10).rows] == [
        "Fremder Schritt"
    ]
    assert open_actions(user=manager, today=today, limit=10).rows == []
    assert open_actions(user=coordinator, today=today, limit=2).more
    admin = UserFactory(is_superuser=True)
    assert len(open_actions(user=admin, today=today, limit=10).rows) == 4


def test_the_portfolio_keeps_its_query_count_with_more_actions_and_rounds(organisation, coordinator, client_for):
    client = client_for(coordinator)
    QuartierFactory(organisation=organisation)
    small = _count_queries(client, reverse("portfolio"))
    for n in range(3):
        check_round = make_round(organisation, days(-100 * n), {"haltung": 2})
        for key in ("haltung", "transparenz", "partner"):
            action(check_round, key, f"Schritt {key} {n}", days(n * 3 - 4))
    other = OrganisationFactory()
    CoordinatorFactory(user=coordinator, organisation=other)
    action(make_round(other, days(-3)), "haltung", "Dort", days(3))
    assert _count_queries(client, reverse("portfolio")) == small
