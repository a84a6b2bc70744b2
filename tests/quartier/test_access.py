"""Who sees which quartier and who may do what in it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from quartier.access import (
    ROLE_ACTIONS,
    Action,
    allowed_actions,
    can,
    get_quartier_or_404,
    is_coordinator,
    require,
    role_of,
)
from quartier.models import Quartier
from tests.factories import MembershipFactory, QuartierFactory, UserFactory

pytestmark = pytest.mark.django_db

EVERYTHING = frozenset(Action)
READ = frozenset({Action.VIEW, Action.VIEW_PORTAL})

EXPECTED = {
    "manager": ("manager", EVERYTHING),
    "developer": (
        "developer",
        READ
        | {
            Action.WORK_ON_STEPS,
            Action.REQUEST_REPORT,
            Action.EDIT_OWN_MEASURES,
            Action.SEE_PARTNER_CONTACTS,
            Action.ENTER_RESPONSES,
            Action.VIEW_STAFF,
            Action.RECORD_TIME,
        },
    ),
    # Partners have their portal, not the team's workspace.
    "partner": ("partner", frozenset({Action.VIEW_PORTAL, Action.LOG_CONTRIBUTIONS})),
    "viewer": ("viewer", READ),
    "coordinator": (
        "coordinator",
        READ
        | {
            Action.REQUEST_REPORT,
            Action.SEE_CONTACTS,
            Action.SEE_PARTNER_CONTACTS,
            Action.VIEW_STAFF,
            Action.SEE_COMPETENCES,
        },
    ),
    "other_coordinator": (None, frozenset()),
    "outsider": (None, frozenset()),
}


@pytest.mark.parametrize("user", EXPECTED)
def test_each_role_may_take_exactly_its_actions(request, quartier, user):
    person = request.getfixturevalue(user)
    role, actions = EXPECTED[user]

    assert role_of(person, quartier) == role
    assert allowed_actions(person, quartier) == actions
    for action in Action:
        assert can(person, action, quartier) is (action in actions)
        if action in actions:
            require(person, action, quartier)
        else:
            with pytest.raises(PermissionDenied):
                require(person, action, quartier)


@pytest.mark.parametrize("user", EXPECTED)
def test_the_same_rules_answer_as_object_permissions(request, quartier, user):
    person = request.getfixturevalue(user)
    _role, actions = EXPECTED[user]

    for action in Action:
        assert person.has_perm(f"quartier.{action.value}", quartier) is (action in actions)


def test_only_managers_may_steer_and_invite():
    steering = {Action.MANAGE_STEPS, Action.INVITE, Action.MANAGE_TEAM, Action.EDIT_QUARTIER}
    assert [role for role, actions in ROLE_ACTIONS.items() if steering & actions] == ["manager", "admin"]


def test_a_superuser_is_an_administrator_everywhere(quartier, other_quartier):
    admin = UserFactory(is_superuser=True, is_staff=True)

    assert role_of(admin, other_quartier) == "admin"
    assert allowed_actions(admin, quartier) == EVERYTHING
    assert set(Quartier.objects.visible_to(admin)) == {quartier, other_quartier}


def test_membership_wins_over_coordination(quartier, coordinator):
    MembershipFactory(user=coordinator, quartier=quartier, role="developer")
    coordinator.__dict__.pop("_quartier_roles", None)

    assert role_of(coordinator, quartier) == "developer"
    assert can(coordinator, Action.WORK_ON_STEPS, quartier)


@pytest.mark.parametrize("member_role", ["viewer", "partner"])
def test_a_weaker_membership_does_not_take_a_coordinators_rights(quartier, coordinator, member_role):
    MembershipFactory(user=coordinator, quartier=quartier, role=member_role)

    assert role_of(coordinator, quartier) == "coordinator"
    assert can(coordinator, Action.REQUEST_REPORT, quartier)


@pytest.mark.parametrize("member_role", ["viewer", "partner", "developer", "manager"])
def test_a_superuser_stays_an_administrator_as_a_member(quartier, member_role):
    admin = UserFactory(is_superuser=True, is_staff=True)
    MembershipFactory(user=admin, quartier=quartier, role=member_role)

    assert role_of(admin, quartier) == "admin"
    assert allowed_actions(admin, quartier) == EVERYTHING


def test_a_developer_who_also_coordinates_keeps_both_rights(quartier, coordinator):
    MembershipFactory(user=coordinator, quartier=quartier, role="developer")

    assert role_of(coordinator, quartier) == "developer"
    assert can(coordinator, Action.WORK_ON_STEPS, quartier)
    assert can(coordinator, Action.SEE_CONTACTS, quartier)


def test_a_developer_alone_sees_no_addresses(quartier, developer):
    assert role_of(developer, quartier) == "developer"
    assert not can(developer, Action.SEE_CONTACTS, quartier)


def test_the_role_is_read_in_one_query_and_remembered(quartier, coordinator, django_assert_num_queries):
    MembershipFactory(user=coordinator, quartier=quartier, role="viewer")

    with django_assert_num_queries(1):
        assert role_of(coordinator, quartier) == "coordinator"
        assert allowed_actions(coordinator, quartier) == EXPECTED["coordinator"][1]
        assert can(coordinator, Action.VIEW, quartier)


def test_anonymous_and_deactivated_people_have_no_role(quartier, manager):
    assert allowed_actions(AnonymousUser(), quartier) == frozenset()

    manager.is_active = False
    manager.save(update_fields=["is_active"])
    fresh = type(manager).objects.get(pk=manager.pk)
    assert role_of(fresh, quartier) is None
    assert not can(fresh, Action.VIEW, quartier)


# --- Seeing quartiers ------------------------------------------------------------------


def test_members_see_their_quartiers_only(quartier, other_quartier, manager, developer, partner, viewer):
    for person in (manager, developer, partner, viewer):
        assert list(Quartier.objects.visible_to(person)) == [quartier]


def test_coordinators_see_every_quartier_of_their_organisation(organisation, quartier, other_quartier, coordinator):
    second = QuartierFactory(organisation=organisation, name="Bahnhofsviertel")

    assert set(Quartier.objects.visible_to(coordinator)) == {quartier, second}


def test_visible_to_has_no_duplicates_for_a_coordinator_who_is_also_a_member(quartier, coordinator):
    MembershipFactory(user=coordinator, quartier=quartier, role="viewer")

    assert list(Quartier.objects.visible_to(coordinator)) == [quartier]


def test_strangers_see_nothing(quartier, other_coordinator, outsider):
    assert list(Quartier.objects.visible_to(outsider)) == []
    assert quartier not in Quartier.objects.visible_to(other_coordinator)
    assert list(Quartier.objects.visible_to(AnonymousUser())) == []


def test_get_quartier_or_404_gives_the_quartier_to_those_who_may_see_it(quartier, manager, coordinator):
    assert get_quartier_or_404(manager, "altstadt") == quartier
    assert get_quartier_or_404(coordinator, "altstadt") == quartier


@pytest.mark.parametrize("user", ["outsider", "other_coordinator"])
def test_get_quartier_or_404_answers_not_yours_like_not_there(request, quartier, user):
    person = request.getfixturevalue(user)

    with pytest.raises(Http404):
        get_quartier_or_404(person, "altstadt")
    with pytest.raises(Http404):
        get_quartier_or_404(person, "gibt-es-nicht")


def test_get_quartier_or_404_refuses_anonymous_and_deactivated_people(quartier, manager):
    with pytest.raises(Http404):
        get_quartier_or_404(AnonymousUser(), "altstadt")

    manager.is_active = False
    manager.save(update_fields=["is_active"])
    with pytest.raises(Http404):
        get_quartier_or_404(manager, "altstadt")


def test_is_coordinator(coordinator, manager):
    assert is_coordinator(coordinator)
    assert not is_coordinator(manager)
    assert is_coordinator(UserFactory(is_superuser=True))
    assert not is_coordinator(AnonymousUser())
