"""Managers change roles, remove members and keep at least one manager; every change is in the history."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection, connections, transaction
from django.urls import reverse

from quartier import selectors, services
from quartier.models import Membership, Role
from tests.factories import MembershipFactory, QuartierFactory, UserFactory
from tests.pages import text

pytestmark = pytest.mark.django_db


def membership(user, quartier) -> Membership:
    return Membership.objects.get(user=user, quartier=quartier)


def test_the_manager_changes_a_role_and_the_history_says_so(manager, developer, quartier):
    changed = services.membership_change_role(
        quartier=quartier, user=manager, membership_id=membership(developer, quartier).pk, role=Role.VIEWER
    )

    assert changed.role == Role.VIEWER
    assert membership(developer, quartier).role == Role.VIEWER
    latest = Membership.history.filter(id=changed.pk).latest()
    assert (latest.history_type, latest.role, latest.history_user) == ("~", "viewer", manager)
    event = selectors.team_history(quartier=quartier)[0]
    assert (event.kind, event.old_role, event.role, event.by) == (
        "role_changed",
        "Quartiersentwickler*in",
        "Betrachter*in",
        manager,
    )


def test_the_manager_removes_a_member(manager, partner, quartier):
    services.membership_remove(quartier=quartier, user=manager, membership_id=membership(partner, quartier).pk)

    assert not Membership.objects.filter(user=partner, quartier=quartier).exists()
    event = selectors.team_history(quartier=quartier)[0]
    assert (event.kind, event.subject, event.by) == ("removed", str(partner), manager)


def test_the_last_manager_can_be_neither_demoted_nor_removed(manager, quartier):
    own = membership(manager, quartier)

    with pytest.raises(services.LastManagerError) as refused:
        services.membership_change_role(quartier=quartier, user=manager, membership_id=own.pk, role=Role.DEVELOPER)
    assert "ist die letzte Quartiersmanagerin bzw. der letzte Quartiersmanager von Altstadt" in str(refused.value)
    with pytest.raises(services.LastManagerError):
        services.membership_remove(quartier=quartier, user=manager, membership_id=own.pk)

    assert membership(manager, quartier).role == Role.MANAGER


def test_an_administrator_cannot_remove_the_last_manager_either(manager, quartier):
    admin = UserFactory(is_superuser=True, is_staff=True)

    with pytest.raises(services.LastManagerError):
        services.membership_remove(quartier=quartier, user=admin, membership_id=membership(manager, quartier).pk)
    assert membership(manager, quartier).role == Role.MANAGER


def test_with_a_second_manager_one_may_step_down(manager, quartier):
    co = MembershipFactory(quartier=quartier, role=Role.MANAGER, user=UserFactory(email="co@example.org"))

    services.membership_change_role(
        quartier=quartier, user=manager, membership_id=membership(manager, quartier).pk, role=Role.DEVELOPER
    )

    assert membership(manager, quartier).role == Role.DEVELOPER
    # Now co is the last one, and the former manager may change nothing any more.
    with pytest.raises(PermissionDenied):
        services.membership_change_role(quartier=quartier, user=manager, membership_id=co.pk, role=Role.VIEWER)
    with pytest.raises(services.LastManagerError):
        services.membership_remove(quartier=quartier, user=co.user, membership_id=co.pk)


@pytest.mark.parametrize("user", ["developer", "partner", "viewer", "coordinator", "outsider"])
def test_only_managers_change_the_team(request, quartier, manager, user):
    target = membership(manager, quartier)
    MembershipFactory(quartier=quartier, role=Role.MANAGER)
    person = request.getfixturevalue(user)

    with pytest.raises(PermissionDenied):
        services.membership_change_role(quartier=quartier, user=person, membership_id=target.pk, role=Role.VIEWER)
    with pytest.raises(PermissionDenied):
        services.membership_remove(quartier=quartier, user=person, membership_id=target.pk)
    assert membership(manager, quartier).role == Role.MANAGER


def test_a_membership_of_another_quartier_is_not_found_here(manager, quartier, organisation):
    elsewhere = MembershipFactory(quartier=QuartierFactory(organisation=organisation, with_steps=False))

    with pytest.raises(Membership.DoesNotExist):
        services.membership_change_role(quartier=quartier, user=manager, membership_id=elsewhere.pk, role="viewer")
    with pytest.raises(Membership.DoesNotExist):
        services.membership_remove(quartier=quartier, user=manager, membership_id=elsewhere.pk)
    assert Membership.objects.filter(pk=elsewhere.pk).exists()


def test_the_team_history_costs_the_same_queries_however_long_it_is(manager, quartier, django_assert_max_num_queries):
    def churn(n: int) -> None:
        for _ in range(n):
            m = MembershipFactory(quartier=quartier, role=Role.VIEWER)
            services.membership_change_role(quartier=quartier, user=manager, membership_id=m.pk, role=Role.PARTNER)

    churn(2)
    with django_assert_max_num_queries(3):
        few = selectors.team_history(quartier=quartier)
    churn(15)
    with django_assert_max_num_queries(3):
        many = selectors.team_history(quartier=quartier)

    assert len(few) < len(many) == 20
    assert {e.kind for e in many} == {"joined", "role_changed"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_managers_demoting_each_other_at_once_leave_one_manager(quartier):
    first = MembershipFactory(quartier=quartier, role=Role.MANAGER, user=UserFactory(email="a@example.org"))
    second = MembershipFactory(quartier=quartier, role=Role.MANAGER, user=UserFactory(email="b@example.org"))
    both_started = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def demote(name: str, actor, target, hold: bool) -> None:
        try:
            with transaction.atomic():
                if not hold:
                    both_started.wait()
                services.membership_change_role(
                    quartier=quartier, user=actor, membership_id=target.pk, role=Role.VIEWER
                )
                if hold:
                    # Keep the first change uncommitted while the second one starts.
                    both_started.wait()
                    threading.Event().wait(0.5)
            outcomes[name] = "demoted"
        except (services.LastManagerError, PermissionDenied) as exc:
            outcomes[name] = type(exc).__name__
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=demote, args=("a demotes b", first.user, second, True)),
        threading.Thread(target=demote, args=("b demotes a", second.user, first, False)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    assert outcomes["a demotes b"] == "demoted"
    assert outcomes["b demotes a"] in ("LastManagerError", "PermissionDenied")
    assert list(Membership.objects.filter(quartier=quartier, role=Role.MANAGER).values_list("pk", flat=True)) == [
        first.pk
    ]


# The team page


SOLE_MANAGER = "Einzige Quartiersmanager*in – kann nicht entfernt werden, solange niemand anderes die Rolle hat."


def _team_page(client, quartier) -> str:
    return client.get(reverse("members", args=[quartier.slug])).content.decode()


def _controls_for(html: str, quartier, member: Membership) -> tuple[bool, bool]:
    return (
        f'action="{reverse("membership_role", args=[quartier.slug, member.pk])}"' in html,
        f'action="{reverse("membership_remove", args=[quartier.slug, member.pk])}"' in html,
    )


def test_the_team_page_offers_no_change_or_removal_for_the_only_manager(manager, developer, quartier, client_for):
    html = _team_page(client_for(manager), quartier)

    assert _controls_for(html, quartier, membership(manager, quartier)) == (False, False)
    assert _controls_for(html, quartier, membership(developer, quartier)) == (True, True)
    assert SOLE_MANAGER in text(html)


def test_with_a_second_manager_both_can_be_changed_or_removed(manager, quartier, client_for):
    second = MembershipFactory(quartier=quartier, role=Role.MANAGER)

    html = _team_page(client_for(manager), quartier)

    assert _controls_for(html, quartier, membership(manager, quartier)) == (True, True)
    assert _controls_for(html, quartier, second) == (True, True)
    assert SOLE_MANAGER not in text(html)


@pytest.mark.parametrize(
    ("role", "note"),
    [
        ("coordinator", "Sie sehen dieses Quartier als Koordination – nur lesen."),
        ("viewer", "Sie sehen dieses Quartier als Gast – nur lesen."),
        ("manager", None),
        ("developer", None),
    ],
)
def test_the_team_page_tells_readers_they_only_read(role, note, quartier, client_for, request):
    page = text(_team_page(client_for(request.getfixturevalue(role)), quartier))

    if note:
        assert note in page
        assert SOLE_MANAGER not in page
    else:
        assert "nur lesen" not in page
