"""Saving a quartier's profile, and inviting people into a quartier."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from quartier import selectors, services
from quartier.models import Invitation, Membership, Quartier, User
from tests.factories import QuartierFactory, UserFactory

pytestmark = pytest.mark.django_db

ACCEPT_URL = "https://quartierswerk.example/einladung/{token}/"


def token_from(message: mail.EmailMessage) -> str:
    match = re.search(r"https://quartierswerk\.example/einladung/([\w-]+)/", message.body)
    assert match, message.body
    return match.group(1)


@pytest.fixture
def invite(manager, quartier, django_capture_on_commit_callbacks):
    """`invite(email, role)` → (invitation, token from the e-mail that was sent)."""

    def make(email: str = "neu@example.org", role: str = "developer", user=None, into=None) -> tuple[Invitation, str]:
        with django_capture_on_commit_callbacks(execute=True):
            invitation = services.invitation_create(
                quartier=into or quartier, user=user or manager, email=email, role=role, accept_url=ACCEPT_URL
            )
        return invitation, token_from(mail.outbox[-1])

    return make


# --- Profile ---------------------------------------------------------------------------


def test_the_manager_saves_the_profile(quartier, manager):
    services.quartier_update(
        quartier=quartier,
        user=manager,
        data={"population": 30_000, "leitbild": "Gut älter werden", "municipality": "Musterstadt-Nord"},
    )

    saved = Quartier.objects.get(pk=quartier.pk)
    assert (saved.population, saved.leitbild, saved.municipality) == (30_000, "Gut älter werden", "Musterstadt-Nord")
    assert saved.exceeds_relationship_space  # a warning, never a reason to refuse


def test_only_profile_fields_are_written(quartier, manager, other_organisation):
    services.quartier_update(
        quartier=quartier,
        user=manager,
        data={"name": "Altstadt Süd", "slug": "gekapert", "organisation": other_organisation},
    )

    saved = Quartier.objects.get(pk=quartier.pk)
    assert saved.name == "Altstadt Süd"
    assert saved.slug == "altstadt"
    assert saved.organisation.slug == "musterstadt"


@pytest.mark.parametrize("user", ["developer", "partner", "viewer", "coordinator", "other_coordinator", "outsider"])
def test_nobody_else_may_change_the_profile(request, quartier, user):
    with pytest.raises(PermissionDenied):
        services.quartier_update(quartier=quartier, user=request.getfixturevalue(user), data={"name": "Anders"})

    assert Quartier.objects.get(pk=quartier.pk).name == "Altstadt"


@pytest.mark.parametrize(
    ("population", "too_large", "near_space"),
    [
        (None, False, False),
        (2_999, False, False),
        (3_000, False, True),
        (5_000, False, True),
        (5_001, False, False),
        (25_000, False, False),
        (25_001, True, False),
    ],
)
def test_size_thresholds_of_the_kda_model(population, too_large, near_space):
    quartier = Quartier(population=population)

    assert quartier.exceeds_relationship_space is too_large
    assert quartier.is_near_space is near_space


# --- Invitations -----------------------------------------------------------------------


def test_an_invitation_sends_a_mail_with_a_personal_link(invite, manager, quartier):
    invitation, token = invite(" Neu@Example.org ", "developer")

    assert invitation.email == "neu@example.org"
    assert invitation.role == "developer" and invitation.invited_by == manager
    assert invitation.accepted_at is None
    assert timedelta(days=13) < invitation.expires_at - timezone.now() <= timedelta(days=14)
    message = mail.outbox[0]
    assert message.to == ["neu@example.org"]
    assert message.subject == "Einladung zur Mitarbeit im Quartier Altstadt"
    assert "im Quartier Altstadt mitzuarbeiten" in message.body
    assert "Öffnen Sie diesen Link, um Ihr Passwort festzulegen (gültig für 14 Tage)" in message.body
    # Only a hash of the token is kept: a database leak gives no working links.
    assert token not in invitation.token_hash
    assert services.invitation_for_token(token) == invitation


def test_no_mail_leaves_before_the_invitation_is_committed(manager, quartier, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.invitation_create(
            quartier=quartier, user=manager, email="neu@example.org", role="viewer", accept_url=ACCEPT_URL
        )

    assert len(callbacks) == 1
    assert mail.outbox == []


@pytest.mark.parametrize("user", ["developer", "partner", "viewer", "coordinator", "outsider"])
def test_only_managers_may_invite(request, quartier, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        services.invitation_create(
            quartier=quartier,
            user=request.getfixturevalue(user),
            email="neu@example.org",
            role="manager",
            accept_url=ACCEPT_URL,
        )

    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_accepting_creates_the_account_with_the_invited_role(invite, quartier):
    invitation, token = invite("neu@example.org", "partner")

    user = services.invitation_accept(token=token, first_name=" Erika ", last_name="Muster", password="Pflege-2024!x")

    assert (user.email, user.first_name, user.last_name) == ("neu@example.org", "Erika", "Muster")
    assert user.check_password("Pflege-2024!x")
    assert Membership.objects.get(user=user, quartier=quartier).role == "partner"
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None


def test_an_invitation_works_only_once(invite):
    _invitation, token = invite()
    services.invitation_accept(token=token, first_name="A", last_name="B", password="Pflege-2024!x")

    with pytest.raises(services.InvitationError) as refused:
        services.invitation_accept(token=token, first_name="C", last_name="D", password="Anderes-2024!x")

    assert str(refused.value).startswith("Diese Einladung wurde bereits verwendet. Bitte melden Sie sich an.")
    assert User.objects.filter(email="neu@example.org").count() == 1
    assert User.objects.get(email="neu@example.org").first_name == "A"


def test_an_expired_invitation_is_refused(invite, manager):
    manager.first_name, manager.last_name = "Maria", "Manager"
    manager.save(update_fields=["first_name", "last_name"])
    invitation, token = invite()
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    with pytest.raises(services.InvitationError) as refused:
        services.invitation_accept(token=token, first_name="A", last_name="B", password="Pflege-2024!x")

    assert str(refused.value) == (
        "Diese Einladung nach Altstadt ist abgelaufen."
        " Bitte wenden Sie sich für eine neue Einladung an Maria Manager (manager@example.org)."
    )
    assert not User.objects.filter(email="neu@example.org").exists()


def test_an_unknown_token_is_refused(invite):
    invite()

    with pytest.raises(services.InvitationError) as refused:
        services.invitation_for_token("ausgedacht")

    assert str(refused.value) == "Dieser Einladungslink ist ungültig."


def test_inviting_again_after_expiry_leaves_the_old_invitation_expired_not_withdrawn(quartier, manager):
    old = services.invitation_create(
        quartier=quartier, user=manager, email="spaet@example.org", role="viewer", accept_url=ACCEPT_URL
    )
    Invitation.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(days=1))

    new = services.invitation_create(
        quartier=quartier, user=manager, email="spaet@example.org", role="viewer", accept_url=ACCEPT_URL
    )

    old.refresh_from_db()
    assert old.state == Invitation.State.EXPIRED
    assert old.withdrawn_at is None
    assert list(selectors.open_invitations(quartier=quartier)) == [new]


def test_inviting_someone_with_an_account_changes_nothing_until_they_accept(
    manager, quartier, django_capture_on_commit_callbacks
):
    existing = UserFactory(email="bekannt@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            quartier=quartier, user=manager, email="Bekannt@Example.org", role="viewer", accept_url=ACCEPT_URL
        )

    assert not Membership.objects.filter(user=existing).exists()
    assert invitation.state == Invitation.State.OPEN
    assert list(selectors.invitations_pending_for(user=existing)) == [invitation]
    body = mail.outbox[0].body
    assert "Sie haben bereits ein Konto" in body and "nehmen Sie die Einladung an oder lehnen Sie sie ab" in body
    assert "Passwort festzulegen" not in body
    token = token_from(mail.outbox[0])

    accepted = services.invitation_accept_as(invitation_id=invitation.pk, user=existing)

    assert accepted.accepted_at is not None and accepted.state == Invitation.State.ACCEPTED
    assert Membership.objects.get(user=existing, quartier=quartier).role == "viewer"
    assert list(selectors.invitations_pending_for(user=existing)) == []
    with pytest.raises(services.InvitationError):
        services.invitation_for_token(token)


def test_the_inviter_cannot_tell_whether_an_address_has_an_account(invite):
    UserFactory(email="bekannt@example.org")

    known, _known_token = invite("bekannt@example.org", "viewer")
    unknown, _unknown_token = invite("unbekannt@example.org", "viewer")

    # Both are open invitations with a mail; neither adds anyone yet.
    assert known.state == unknown.state == Invitation.State.OPEN
    assert [m.to for m in mail.outbox] == [["bekannt@example.org"], ["unbekannt@example.org"]]
    assert not Membership.objects.filter(user__email__in=["bekannt@example.org", "unbekannt@example.org"]).exists()


def test_declining_records_who_and_when_and_adds_nobody(invite, quartier):
    existing = UserFactory(email="bekannt@example.org")
    invitation, token = invite("BEKANNT@example.org", "developer")

    declined = services.invitation_decline(invitation_id=invitation.pk, user=existing)

    assert declined.state == Invitation.State.DECLINED
    assert declined.declined_by == existing and declined.declined_at is not None
    assert not Membership.objects.filter(user=existing).exists()
    assert Invitation.history.filter(id=invitation.pk).latest().history_user == existing
    with pytest.raises(services.InvitationError) as refused:
        services.invitation_for_token(token)
    assert "wurde abgelehnt" in str(refused.value)
    with pytest.raises(services.InvitationError):
        services.invitation_accept_as(invitation_id=invitation.pk, user=existing)


def test_only_the_invited_person_may_answer(invite, outsider, quartier):
    UserFactory(email="bekannt@example.org")
    invitation, _token = invite("bekannt@example.org", "manager")

    for answer in (services.invitation_accept_as, services.invitation_decline):
        with pytest.raises(services.InvitationError):
            answer(invitation_id=invitation.pk, user=outsider)

    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.OPEN
    assert not Membership.objects.filter(user=outsider).exists()


def test_a_withdrawn_invitation_names_whom_to_ask(invite, manager, quartier):
    invitation, token = invite("neu@example.org", "viewer")

    services.invitation_withdraw(quartier=quartier, user=manager, invitation_id=invitation.pk)

    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.WITHDRAWN
    assert invitation.withdrawn_by == manager and invitation.withdrawn_at is not None
    with pytest.raises(services.InvitationError) as refused:
        services.invitation_accept(token=token, first_name="A", last_name="B", password="Pflege-2024!x")
    assert str(refused.value) == (
        "Diese Einladung nach Altstadt wurde zurückgezogen."
        f" Wenn Sie trotzdem mitarbeiten möchten, fragen Sie bitte {manager.get_full_name()} (manager@example.org)."
    )
    assert not User.objects.filter(email="neu@example.org").exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"withdrawn_at": timezone.now()}, "Diese Einladung an neu@example.org wurde bereits zurückgezogen."),
        ({"accepted_at": timezone.now()}, "Diese Einladung an neu@example.org wurde bereits angenommen."),
        ({"declined_at": timezone.now()}, "Diese Einladung an neu@example.org wurde bereits abgelehnt."),
        (
            {"expires_at": timezone.now() - timedelta(minutes=1)},
            "Diese Einladung an neu@example.org ist bereits abgelaufen. Sie können die Person erneut einladen.",
        ),
    ],
    ids=["withdrawn", "accepted", "declined", "expired"],
)
def test_the_manager_is_told_plainly_why_an_invitation_cannot_be_withdrawn(invite, manager, quartier, change, message):
    invitation, _token = invite("neu@example.org", "viewer")
    Invitation.objects.filter(pk=invitation.pk).update(**change)

    with pytest.raises(services.InvitationError) as refused:
        services.invitation_withdraw(quartier=quartier, user=manager, invitation_id=invitation.pk)

    assert str(refused.value) == message
    assert "fragen Sie" not in str(refused.value) and "manager@example.org" not in str(refused.value)


@pytest.mark.parametrize("user", ["developer", "partner", "viewer", "coordinator"])
def test_only_managers_may_withdraw(request, invite, quartier, user):
    invitation, _token = invite()

    with pytest.raises(PermissionDenied):
        services.invitation_withdraw(quartier=quartier, user=request.getfixturevalue(user), invitation_id=invitation.pk)

    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.OPEN


def test_an_invitation_of_another_quartier_cannot_be_withdrawn_here(invite, manager, quartier, organisation):
    second = QuartierFactory(organisation=organisation, with_steps=False)
    Membership.objects.create(user=manager, quartier=second, role="manager")
    invitation, _token = invite(into=second)

    with pytest.raises(Invitation.DoesNotExist):
        services.invitation_withdraw(quartier=quartier, user=manager, invitation_id=invitation.pk)


def test_each_invitation_has_its_own_token(invite):
    _first, token_a = invite("a@example.org")
    _second, token_b = invite("b@example.org")

    assert token_a != token_b
    assert services.invitation_for_token(token_a).email == "a@example.org"
    assert services.invitation_for_token(token_b).email == "b@example.org"


@pytest.mark.parametrize("email", ["developer@example.org", " Developer@Example.ORG "])
def test_inviting_a_member_again_changes_nothing(invite, developer, quartier, email):
    with pytest.raises(services.AlreadyMemberError) as refused:
        invite(email, "viewer")

    assert str(refused.value) == "developer@example.org gehört bereits als Quartiersentwickler*in zum Quartier."
    assert Membership.objects.get(user=developer, quartier=quartier).role == "developer"
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_a_manager_cannot_demote_a_co_manager_by_inviting_them(manager, quartier, django_capture_on_commit_callbacks):
    co_manager = UserFactory(email="co@example.org")
    Membership.objects.create(user=co_manager, quartier=quartier, role="manager")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.AlreadyMemberError):
        services.invitation_create(
            quartier=quartier, user=manager, email="co@example.org", role="viewer", accept_url=ACCEPT_URL
        )

    assert Membership.objects.get(user=co_manager, quartier=quartier).role == "manager"
    assert mail.outbox == []


def test_a_second_invitation_for_an_existing_account_waits_for_the_logged_in_person(invite, manager, organisation):
    second = QuartierFactory(organisation=organisation, name="Bahnhofsviertel", with_steps=False)
    Membership.objects.create(user=manager, quartier=second, role="manager")
    # Two open invitations, sent before the person had an account.
    _first, first_token = invite("neu@example.org", "developer")
    second_invitation, second_token = invite("neu@example.org", "partner", into=second)
    user = services.invitation_accept(token=first_token, first_name="A", last_name="B", password="Pflege-2024!x")

    # The password form is not for an existing account: a typed password is refused, not dropped.
    with pytest.raises(services.InvitationError) as refused:
        services.invitation_accept(token=second_token, first_name="C", last_name="D", password="Anderes-2024!x")
    assert str(refused.value) == "Für diese E-Mail-Adresse gibt es bereits ein Konto. Bitte melden Sie sich an."
    assert list(selectors.invitations_pending_for(user=user)) == [second_invitation]

    accepted = services.invitation_accept_as(invitation_id=second_invitation.pk, user=user)

    assert accepted.accepted_at is not None
    assert Membership.objects.get(user=user, quartier=second).role == "partner"
    user.refresh_from_db()
    assert user.check_password("Pflege-2024!x") and user.first_name == "A"
    with pytest.raises(services.InvitationError):
        services.invitation_accept_as(invitation_id=second_invitation.pk, user=user)


def test_accepting_with_an_account_keeps_a_role_already_held(invite, quartier):
    # The person was invited as viewer, and an administrator made them a developer meanwhile.
    invitation, _token = invite("neu@example.org", "viewer")
    user = UserFactory(email="neu@example.org")
    Membership.objects.create(user=user, quartier=quartier, role="developer")

    services.invitation_accept_as(invitation_id=invitation.pk, user=user)

    assert Membership.objects.get(user=user, quartier=quartier).role == "developer"


def test_a_deactivated_account_does_not_get_the_membership_back(invite, quartier):
    invitation, token = invite("ehemals@example.org", "manager")
    former = UserFactory(email="ehemals@example.org", is_active=False)

    assert list(selectors.invitations_pending_for(user=former)) == []
    with pytest.raises(services.InvitationError):
        services.invitation_accept_as(invitation_id=invitation.pk, user=former)
    with pytest.raises(services.InvitationError):
        services.invitation_accept(token=token, first_name="A", last_name="B", password="Pflege-2024!x")

    assert not Membership.objects.filter(user=former).exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_inviting_again_replaces_the_open_invitation(invite, quartier):
    _first, first_token = invite("neu@example.org", "developer")
    second, second_token = invite("NEU@example.org", "viewer")

    assert [i.pk for i in selectors.open_invitations(quartier=quartier)] == [second.pk]
    assert Invitation.objects.get(pk=_first.pk).state == Invitation.State.WITHDRAWN
    with pytest.raises(services.InvitationError):
        services.invitation_for_token(first_token)
    assert services.invitation_for_token(second_token) == second
