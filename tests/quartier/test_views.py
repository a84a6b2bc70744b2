"""The quartier profile with its size notes, the team page, and invitations as people go through them."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from quartier.models import Invitation, Membership, Quartier, User
from tests.factories import MembershipFactory, QuartierFactory, UserFactory
from tests.pages import text

pytestmark = pytest.mark.django_db

TOO_LARGE = "größer als ein Beziehungsraum (max. 20.000–25.000)"
NEAR_SPACE = "sozialer Nahraum"


def profile_url(quartier) -> str:
    return reverse("quartier_profile", args=[quartier.slug])


def edit_url(quartier) -> str:
    return reverse("quartier_profile_edit", args=[quartier.slug])


def members_url(quartier) -> str:
    return reverse("members", args=[quartier.slug])


def profile_data(quartier: Quartier, **changes) -> dict:
    """The edit form as the browser sends it, with the quartier's current values."""
    data = {
        "name": quartier.name,
        "municipality": quartier.municipality,
        "spatial_type": quartier.spatial_type,
        "population": quartier.population or "",
        "area_km2": "",
        "leitbild": "",
        "leitbild_agreed_on": "",
        "leitbild_agreed_by": "",
        "manageable_reason": "",
        "socially_constructed_reason": "",
        "identity_forming_reason": "",
    }
    data.update(changes)
    return data


def link_in(message: mail.EmailMessage) -> str:
    match = re.search(r"https?://\S+", message.body)
    assert match, message.body
    return urlparse(match.group(0)).path


# --- Profile ---------------------------------------------------------------------------


@pytest.mark.parametrize("user", ["manager", "developer", "viewer", "coordinator"])
def test_everyone_in_the_quartier_reads_the_profile(request, client_for, quartier, user):
    response = client_for(request.getfixturevalue(user)).get(profile_url(quartier))

    assert response.status_code == 200
    page = text(response)
    assert "Altstadt" in page and "Stadt Musterstadt" in page
    assert "4.200 Einwohner*innen" in page


def test_only_the_manager_is_offered_the_edit_button(client_for, manager, developer, quartier):
    assert "Profil bearbeiten" in text(client_for(manager).get(profile_url(quartier)))
    assert "Profil bearbeiten" not in text(client_for(developer).get(profile_url(quartier)))


@pytest.mark.parametrize("user", ["outsider", "other_coordinator"])
def test_strangers_do_not_find_the_profile(request, client_for, quartier, user):
    client = client_for(request.getfixturevalue(user))

    for url in (profile_url(quartier), edit_url(quartier), members_url(quartier)):
        response = client.get(url)
        assert response.status_code == 404
        assert "Altstadt" not in text(response)


def test_anonymous_visitors_are_sent_to_the_login(client_for, quartier):
    for url in (profile_url(quartier), edit_url(quartier), members_url(quartier)):
        response = client_for(None).get(url)
        assert response.status_code == 302
        assert response.url == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize(
    ("population", "shown", "not_shown"),
    [
        (30_000, TOO_LARGE, NEAR_SPACE),
        (25_001, TOO_LARGE, NEAR_SPACE),
        (3_000, NEAR_SPACE, TOO_LARGE),
        (5_000, NEAR_SPACE, TOO_LARGE),
    ],
)
def test_the_profile_notes_the_size_of_the_quartier(client_for, manager, organisation, population, shown, not_shown):
    quartier = QuartierFactory(organisation=organisation, population=population, with_steps=False)
    MembershipFactory(user=manager, quartier=quartier, role="viewer")

    page = text(client_for(manager).get(profile_url(quartier)))

    assert shown in page
    assert not_shown not in page


@pytest.mark.parametrize("population", [2_999, 5_001, 25_000, None])
def test_sizes_in_between_get_no_note(client_for, manager, quartier, population):
    Quartier.objects.filter(pk=quartier.pk).update(population=population)

    page = text(client_for(manager).get(profile_url(quartier)))

    assert TOO_LARGE not in page and NEAR_SPACE not in page


def test_a_large_quartier_is_saved_and_warned_about(client_for, manager, quartier):
    response = client_for(manager).post(edit_url(quartier), profile_data(quartier, population="30000"), follow=True)

    assert response.redirect_chain == [(profile_url(quartier), 302)]
    page = text(response)
    assert "Das Quartiersprofil wurde gespeichert." in page
    assert "Hinweis: Das Quartier ist nach Einwohnerzahl größer als ein Beziehungsraum (max. 20.000–25.000)." in page
    assert Quartier.objects.get(pk=quartier.pk).population == 30_000


def test_the_edit_form_shows_the_current_values(client_for, manager, quartier):
    response = client_for(manager).get(edit_url(quartier))

    html = response.content.decode()
    assert 'name="name" value="Altstadt"' in html
    assert 'name="population" value="4200"' in html
    assert NEAR_SPACE in text(response)


BOTH = "Bitte geben Sie sowohl den Breitengrad als auch den Längengrad an."


def boundary_url(quartier) -> str:
    return reverse("boundary_edit", args=[quartier.slug])


def boundary_data(**changes) -> dict:
    data = {"boundary": "", "centre_lat": "", "centre_lon": "", "catchment_radius_m": "500"}
    data.update(changes)
    return data


def test_the_profile_form_leads_to_the_boundary_editor_instead_of_raw_fields(client_for, manager, quartier):
    response = client_for(manager).get(edit_url(quartier))

    html = response.content.decode()
    assert 'name="centre_lat"' not in html and 'name="boundary"' not in html
    assert f'href="{boundary_url(quartier)}"' in html
    assert "Grenze und Mittelpunkt bearbeiten" in text(response)


def test_a_boundary_and_centre_are_saved(client_for, manager, quartier):
    polygon = '{"type": "Polygon", "coordinates": [[[9.1, 48.7], [9.2, 48.7], [9.2, 48.8], [9.1, 48.7]]]}'

    client_for(manager).post(
        boundary_url(quartier), boundary_data(boundary=polygon, centre_lat="48.75", centre_lon="9,15")
    )
    response = client_for(manager).get(reverse("quartier_profile", args=[quartier.slug]))

    assert "Grenze erfasst (GeoJSON)" in text(response)
    assert "Mittelpunkt 48,750000° N; 9,150000° O" in text(response)
    saved = Quartier.objects.get(pk=quartier.pk)
    assert saved.boundary["type"] == "Polygon"
    assert (float(saved.centre_lat), float(saved.centre_lon)) == (48.75, 9.15)


@pytest.mark.parametrize(
    ("boundary", "error"),
    [
        (
            '{"type": "Point", "coordinates": [9.1, 48.7]}',
            "Bitte geben Sie GeoJSON ein: ein Polygon, MultiPolygon, Feature oder eine FeatureCollection.",
        ),
        ('{"type": "Polygon", "coordinates": [', "Bitte ein gültiges JSON-Objekt eingeben."),
    ],
)
def test_an_invalid_boundary_is_explained_and_nothing_is_saved(client_for, manager, quartier, boundary, error):
    response = client_for(manager).post(
        boundary_url(quartier), boundary_data(boundary=boundary, centre_lat="48.75", centre_lon="9.15")
    )

    assert response.status_code == 200
    page = text(response)
    assert "Bitte prüfen Sie Ihre Angaben" in page
    assert f"Grenze: {error}" in page
    html = response.content.decode()
    assert 'value="48.75"' in html
    assert boundary.replace('"', "&quot;") in html  # what was drawn is kept
    saved = Quartier.objects.get(pk=quartier.pk)
    assert (saved.boundary, saved.centre_lat) == (None, None)


@pytest.mark.parametrize(
    ("lat", "lon", "error"),
    [
        (
            "48.75",
            "",
            "Längengrad des Mittelpunkts: Bitte geben Sie sowohl den Breitengrad als auch den Längengrad an.",
        ),
        (
            "",
            "9.15",
            "Breitengrad des Mittelpunkts: Bitte geben Sie sowohl den Breitengrad als auch den Längengrad an.",
        ),
    ],
)
def test_the_centre_needs_both_coordinates(client_for, manager, quartier, lat, lon, error):
    response = client_for(manager).post(boundary_url(quartier), boundary_data(centre_lat=lat, centre_lon=lon))

    assert error in text(response)
    saved = Quartier.objects.get(pk=quartier.pk)
    assert saved.centre_lat is None and saved.centre_lon is None


@pytest.mark.parametrize(
    ("lat", "lon", "error"),
    [
        ("95", "9.15", "Breitengrad des Mittelpunkts: Dieser Wert muss kleiner oder gleich 90 sein."),
        ("48.75", "-181", "Längengrad des Mittelpunkts: Dieser Wert muss größer oder gleich -180 sein."),
    ],
)
def test_a_centre_off_the_globe_is_explained_at_its_field(client_for, manager, quartier, lat, lon, error):
    response = client_for(manager).post(boundary_url(quartier), boundary_data(centre_lat=lat, centre_lon=lon))

    page = text(response)
    assert "Bitte prüfen Sie Ihre Angaben" in page
    assert error in page
    assert "quartier_centre" not in page  # never the database constraint's name
    saved = Quartier.objects.get(pk=quartier.pk)
    assert saved.centre_lat is None and saved.centre_lon is None


@pytest.mark.parametrize("user", ["developer", "partner", "viewer", "coordinator"])
def test_only_the_manager_may_edit_the_profile(request, client_for, quartier, user):
    client = client_for(request.getfixturevalue(user))

    assert client.get(edit_url(quartier)).status_code == 403
    response = client.post(edit_url(quartier), profile_data(quartier, name="Gekapert"))
    assert response.status_code == 403
    assert "Dafür fehlt Ihnen die Berechtigung" in text(response)
    assert Quartier.objects.get(pk=quartier.pk).name == "Altstadt"


# --- Team and invitations --------------------------------------------------------------


@pytest.mark.parametrize("user", ["viewer", "developer"])
def test_partners_and_viewers_see_names_and_roles_but_no_addresses(request, client_for, developer, quartier, user):
    developer.first_name, developer.last_name = "Dana", "Entwickler"
    developer.save(update_fields=["first_name", "last_name"])

    response = client_for(request.getfixturevalue(user)).get(members_url(quartier))

    page = text(response)
    assert "Dana Entwickler Quartiersentwickler*in" in page
    assert "@example.org" not in response.content.decode()
    assert "Jemanden einladen" not in page and "Verlauf" not in page
    assert "Rolle ändern" not in page and "Entfernen" not in page


@pytest.mark.parametrize("user", ["viewer", "developer"])
def test_a_member_without_a_name_is_not_shown_by_address_to_readers(request, client_for, manager, quartier, user):
    """Someone added in the admin with only an e-mail address: readers see no address for them either."""
    from planning.models import ChecklistItem, EvidenceKind
    from planning.services import evidence_add, steps_ensure

    nameless = UserFactory(email="ohne.namen@example.org", first_name="", last_name="")
    MembershipFactory(user=nameless, quartier=quartier, role="developer")
    steps_ensure(quartier=quartier)
    item = ChecklistItem.objects.filter(step__quartier=quartier).first()
    evidence_add(item_id=item.pk, user=nameless, kind=EvidenceKind.TEXT, text="Protokoll")
    client = client_for(request.getfixturevalue(user))

    team = client.get(reverse("members", args=[quartier.slug]))
    cockpit = client.get(reverse("cockpit", args=[quartier.slug]))

    assert "(ohne Namen) Quartiersentwickler*in" in text(team)
    assert "ohne.namen@example.org" not in team.content.decode()
    assert "(ohne Namen)" in text(cockpit)
    assert "ohne.namen@example.org" not in cockpit.content.decode()


@pytest.mark.parametrize("user", ["manager", "coordinator", "admin"])
def test_managers_coordinators_and_administrators_see_addresses(request, client_for, developer, quartier, user):
    developer.first_name, developer.last_name = "Dana", "Entwickler"
    developer.save(update_fields=["first_name", "last_name"])
    if user == "admin":
        person = UserFactory(email="admin@example.org", is_superuser=True, is_staff=True)
    else:
        person = request.getfixturevalue(user)

    page = text(client_for(person).get(members_url(quartier)))

    assert "Dana Entwickler developer@example.org" in page
    assert "Verlauf" in page


def test_the_manager_invites_someone_who_sets_a_password_and_is_logged_in(
    client_for, manager, quartier, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager).post(
            members_url(quartier), {"email": "neu@example.org", "role": "developer"}, follow=True
        )

    page = text(response)
    assert "Eine Einladung wurde an neu@example.org gesendet." in page
    assert "Offene Einladungen" in page and "neu@example.org – Quartiersentwickler*in" in page
    assert "Einladung an neu@example.org als Quartiersentwickler*in verschickt" in page  # the history
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["neu@example.org"]
    link = link_in(mail.outbox[0])
    assert link.startswith("/einladung/")

    visitor = client_for(None)
    form = visitor.get(link)
    assert form.status_code == 200
    assert "Willkommen im Quartier Altstadt" in text(form)
    assert "Sie wurden als Quartiersentwickler*in eingeladen" in text(form)
    assert not User.objects.filter(email="neu@example.org").exists()  # opening the link changes nothing

    welcome = visitor.post(
        link,
        {"first_name": "Erika", "last_name": "Muster", "password1": "Pflege-2024!x", "password2": "Pflege-2024!x"},
        follow=True,
    )

    assert welcome.redirect_chain == [(reverse("cockpit", args=["altstadt"]), 302)]
    assert "Willkommen! Ihr Konto wurde angelegt." in text(welcome)
    user = User.objects.get(email="neu@example.org")
    assert user.get_full_name() == "Erika Muster"
    assert user.check_password("Pflege-2024!x")
    assert Membership.objects.get(user=user, quartier=quartier).role == "developer"
    assert visitor.session[SESSION_KEY] == str(user.pk)


def test_an_over_long_password_is_refused_with_a_german_message_before_it_is_hashed(
    client_for, manager, quartier, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(manager).post(members_url(quartier), {"email": "neu@example.org", "role": "viewer"})
    password = "Pflege-2024!x" + "y" * 100_000

    response = client_for(None).post(
        link_in(mail.outbox[0]),
        {"first_name": "Erika", "last_name": "Muster", "password1": password, "password2": password},
    )

    assert response.status_code == 200
    assert "Passwort: Das Passwort darf höchstens 128 Zeichen lang sein." in text(response)
    assert not User.objects.filter(email="neu@example.org").exists()


def test_a_used_invitation_link_shows_a_friendly_page(
    client_for, manager, quartier, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(manager).post(members_url(quartier), {"email": "neu@example.org", "role": "viewer"})
    link = link_in(mail.outbox[0])
    data = {"first_name": "A", "last_name": "B", "password1": "Pflege-2024!x", "password2": "Pflege-2024!x"}
    client_for(None).post(link, data)

    again = client_for(None).get(link)

    assert again.status_code == 404
    page = text(again)
    assert (
        "Diese Einladung wurde bereits verwendet. Bitte melden Sie sich an."
        f" Wenn Sie nicht hineinkommen, fragen Sie bitte {manager.get_full_name()} (manager@example.org)."
    ) in page
    assert "Zur Anmeldung" in page
    second_try = client_for(None).post(link, {**data, "first_name": "Mallory"})
    assert second_try.status_code == 404
    assert User.objects.get(email="neu@example.org").first_name == "A"


def test_an_expired_invitation_link_shows_a_friendly_page(
    client_for, manager, quartier, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(manager).post(members_url(quartier), {"email": "neu@example.org", "role": "viewer"})
    Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))

    response = client_for(None).get(link_in(mail.outbox[0]))

    assert response.status_code == 404
    assert (
        "Diese Einladung nach Altstadt ist abgelaufen."
        f" Bitte wenden Sie sich für eine neue Einladung an {manager.get_full_name()} (manager@example.org)."
    ) in text(response)


def test_an_invalid_invitation_link_shows_a_friendly_page(client_for, db):
    response = client_for(None).get(reverse("invitation_accept", args=["erfunden"]))

    assert response.status_code == 404
    assert "Dieser Einladungslink ist ungültig." in text(response)


def test_mismatched_passwords_keep_the_names_and_create_nothing(
    client_for, manager, quartier, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(manager).post(members_url(quartier), {"email": "neu@example.org", "role": "viewer"})
    link = link_in(mail.outbox[0])

    response = client_for(None).post(
        link, {"first_name": "Erika", "last_name": "Muster", "password1": "Pflege-2024!x", "password2": "anders"}
    )

    assert response.status_code == 200
    page = text(response)
    assert "Bitte prüfen Sie Ihre Angaben" in page
    assert "Passwort wiederholen: Die beiden Passwörter stimmen nicht überein." in page
    html = response.content.decode()
    assert 'value="Erika"' in html and 'value="Muster"' in html
    assert not User.objects.filter(email="neu@example.org").exists()
    assert client_for(None).get(link).status_code == 200  # still usable


@pytest.mark.parametrize("user", ["developer", "partner", "viewer", "coordinator"])
def test_only_the_manager_may_invite(request, client_for, quartier, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(request.getfixturevalue(user)).post(
            members_url(quartier), {"email": "neu@example.org", "role": "manager"}
        )

    assert response.status_code == 403
    assert "Dafür fehlt Ihnen die Berechtigung" in text(response)
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def test_an_invalid_invitation_form_keeps_the_input(client_for, manager, quartier):
    response = client_for(manager).post(members_url(quartier), {"email": "kein-at-zeichen", "role": "partner"})

    page = text(response)
    assert "Bitte prüfen Sie Ihre Angaben" in page
    assert "E-Mail-Adresse: Bitte gültige E-Mail-Adresse eingeben." in page
    html = response.content.decode()
    assert 'value="kein-at-zeichen"' in html
    assert '<option value="partner" selected>' in html
    assert not Invitation.objects.exists()


def test_inviting_someone_with_an_account_waits_for_their_answer(
    client_for, manager, quartier, django_capture_on_commit_callbacks
):
    existing = UserFactory(email="bekannt@example.org", first_name="Bernd", last_name="Bekannt")

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager).post(
            members_url(quartier), {"email": "bekannt@example.org", "role": "partner"}, follow=True
        )

    page = text(response)
    # The same words as for an address without an account.
    assert "Eine Einladung wurde an bekannt@example.org gesendet." in page
    assert "hat bereits ein Konto" not in page
    assert "Offene Einladungen" in page and "bekannt@example.org – Kooperationspartner*in" in page
    assert not Membership.objects.filter(user=existing).exists()
    assert "Sie haben bereits ein Konto" in mail.outbox[0].body
    link = link_in(mail.outbox[0])

    # Opening the link without being logged in asks to log in and changes nothing.
    visitor = client_for(None)
    invitation_page = visitor.get(link)
    assert invitation_page.status_code == 200
    assert "Bitte melden Sie sich an, um die Einladung anzunehmen oder abzulehnen." in text(invitation_page)
    assert f'href="{reverse("login")}?next={link}"' in invitation_page.content.decode()
    assert not Membership.objects.filter(user=existing).exists()

    # Logged in, the link offers the answer as buttons; only the POST adds the membership.
    member = client_for(existing)
    offered = member.get(link)
    assert "Einladung annehmen" in text(offered) and "Einladung ablehnen" in text(offered)
    assert not Membership.objects.filter(user=existing).exists()
    invitation = Invitation.objects.get(email="bekannt@example.org")
    accepted = member.post(reverse("invitation_accept_pending", args=[invitation.pk]), follow=True)

    # A partner's view of the quartier is the partner portal.
    assert accepted.redirect_chain == [
        (reverse("cockpit", args=["altstadt"]), 302),
        (reverse("partner_portal", args=["altstadt"]), 302),
    ]
    assert "Willkommen! Sie gehören jetzt zum Quartier Altstadt." in text(accepted)
    assert Membership.objects.get(user=existing, quartier=quartier).role == "partner"
    history = text(client_for(manager).get(members_url(quartier)))
    assert "Einladung an bekannt@example.org angenommen" in history
    assert "Bernd Bekannt ist als Kooperationspartner*in hinzugekommen" in history


def test_an_old_link_opened_anonymously_adds_nobody(client_for, manager, quartier, django_capture_on_commit_callbacks):
    existing = UserFactory(email="bekannt@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(manager).post(members_url(quartier), {"email": "bekannt@example.org", "role": "manager"})
    link = link_in(mail.outbox[0])

    for response in (client_for(None).get(link), client_for(None).post(link, ACCOUNT)):
        assert response.status_code == 200
        assert "Bitte melden Sie sich an" in text(response)

    assert not Membership.objects.filter(user=existing).exists()
    assert Invitation.objects.get().state == Invitation.State.OPEN


def test_someone_else_logged_in_is_told_and_nothing_changes(
    client_for, manager, outsider, quartier, django_capture_on_commit_callbacks
):
    existing = UserFactory(email="bekannt@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(manager).post(members_url(quartier), {"email": "bekannt@example.org", "role": "viewer"})
    link = link_in(mail.outbox[0])
    invitation = Invitation.objects.get()

    response = client_for(outsider).get(link)

    page = text(response)
    assert (
        "Diese Einladung ist für bekannt@example.org, Sie sind aber als outsider@example.org angemeldet."
        " Es wurde nichts geändert."
    ) in page
    assert "Einladung annehmen" not in page
    for name in ("invitation_accept_pending", "invitation_decline"):
        assert client_for(outsider).post(reverse(name, args=[invitation.pk])).status_code == 404
    assert not Membership.objects.filter(quartier=quartier, user__in=[existing, outsider]).exists()
    assert Invitation.objects.get().state == Invitation.State.OPEN


def test_pending_invitations_are_answered_on_the_start_page(
    client_for, manager, organisation, quartier, django_capture_on_commit_callbacks
):
    existing = UserFactory(email="Bekannt@Example.org")
    second = QuartierFactory(organisation=organisation, name="Bahnhofsviertel", slug="bahnhof", with_steps=False)
    MembershipFactory(user=manager, quartier=second, role="manager")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(manager).post(members_url(quartier), {"email": "bekannt@example.org", "role": "developer"})
        client_for(manager).post(members_url(second), {"email": "BEKANNT@example.org", "role": "viewer"})
    client = client_for(existing)

    home = client.get(reverse("home"), follow=True)

    assert home.redirect_chain == [(reverse("quartier_list"), 302)]
    page = text(home)
    assert "Einladungen für Sie" in page
    assert "lädt Sie als Quartiersentwickler*in in das Quartier Altstadt ein." in page
    assert "lädt Sie als Betrachter*in in das Quartier Bahnhofsviertel ein." in page

    declined = client.post(
        reverse("invitation_decline", args=[Invitation.objects.get(quartier=second).pk]), follow=True
    )
    assert declined.redirect_chain == [(reverse("quartier_list"), 302)]
    page = text(declined)
    assert "Sie haben die Einladung in das Quartier Bahnhofsviertel abgelehnt." in page
    assert "Bahnhofsviertel ein." not in page and "Altstadt ein." in page
    invitation = Invitation.objects.get(quartier=second)
    assert invitation.declined_by == existing and invitation.state == Invitation.State.DECLINED

    client.post(reverse("invitation_accept_pending", args=[Invitation.objects.get(quartier=quartier).pk]))
    assert Membership.objects.get(user=existing, quartier=quartier).role == "developer"
    assert not Membership.objects.filter(user=existing, quartier=second).exists()
    # Nothing left to answer: home leads into the one quartier again.
    assert client.get(reverse("home")).url == reverse("cockpit", args=["altstadt"])


def test_the_manager_gets_the_same_answer_for_any_address(
    client_for, manager, quartier, django_capture_on_commit_callbacks
):
    UserFactory(email="bekannt@example.org")

    def invite(email: str) -> list[str]:
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(manager).post(members_url(quartier), {"email": email, "role": "viewer"}, follow=True)
        return [str(m).replace(email, "ADDRESS") for m in response.context["messages"]]

    assert (
        invite("bekannt@example.org")
        == invite("unbekannt@example.org")
        == ["Eine Einladung wurde an ADDRESS gesendet."]
    )
    assert len(mail.outbox) == 2


def test_inviting_a_co_manager_as_viewer_changes_nothing(
    client_for, manager, quartier, django_capture_on_commit_callbacks
):
    co_manager = MembershipFactory(quartier=quartier, role="manager", user=UserFactory(email="co@example.org")).user

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager).post(
            members_url(quartier), {"email": "CO@example.org", "role": "viewer"}, follow=True
        )

    assert response.redirect_chain == [(members_url(quartier), 302)]
    page = text(response)
    assert "co@example.org gehört bereits als Quartiersmanager*in zum Quartier." in page
    assert "Eine Einladung wurde" not in page and "gehört jetzt zum Quartier" not in page
    assert Membership.objects.get(user=co_manager, quartier=quartier).role == "manager"
    assert not Invitation.objects.exists()
    assert mail.outbox == []


def _two_open_invitations(client_for, manager, quartier, capture) -> tuple[Quartier, str, str]:
    """neu@example.org is invited into `quartier` and a second quartier before having an account."""
    second = QuartierFactory(organisation=quartier.organisation, name="Bahnhofsviertel", slug="bahnhof")
    MembershipFactory(user=manager, quartier=second, role="manager")
    with capture(execute=True):
        client_for(manager).post(members_url(quartier), {"email": "neu@example.org", "role": "developer"})
        client_for(manager).post(members_url(second), {"email": "neu@example.org", "role": "partner"})
    return second, link_in(mail.outbox[0]), link_in(mail.outbox[1])


ACCOUNT = {"first_name": "Erika", "last_name": "Muster", "password1": "Pflege-2024!x", "password2": "Pflege-2024!x"}


def test_a_second_invitation_for_an_existing_account_asks_to_log_in(
    client_for, manager, quartier, django_capture_on_commit_callbacks
):
    second, first_link, second_link = _two_open_invitations(
        client_for, manager, quartier, django_capture_on_commit_callbacks
    )
    client_for(None).post(first_link, ACCOUNT)
    user = User.objects.get(email="neu@example.org")

    visitor = client_for(None)
    response = visitor.get(second_link)

    page = text(response)
    assert "Für neu@example.org gibt es bereits ein Konto. Bitte melden Sie sich an" in page
    assert "Passwort wiederholen" not in page
    assert SESSION_KEY not in visitor.session
    assert not Membership.objects.filter(user=user, quartier=second).exists()

    # Logging in with the own password leads back to the invitation, now with the buttons.
    logged_in = visitor.post(
        f"{reverse('login')}?next={second_link}",
        {"username": "neu@example.org", "password": "Pflege-2024!x", "next": second_link},
        follow=True,
    )
    assert logged_in.redirect_chain[-1][0] == second_link
    assert "Einladung annehmen" in text(logged_in)
    invitation = Invitation.objects.get(quartier=second)
    visitor.post(reverse("invitation_accept_pending", args=[invitation.pk]))
    assert Membership.objects.get(user=user, quartier=second).role == "partner"


def test_a_password_typed_for_an_existing_account_is_neither_used_nor_a_way_in(
    client_for, manager, quartier, django_capture_on_commit_callbacks
):
    second, first_link, second_link = _two_open_invitations(
        client_for, manager, quartier, django_capture_on_commit_callbacks
    )
    client_for(None).post(first_link, ACCOUNT)

    # Someone with the second link fills in its (stale) password form.
    intruder = client_for(None)
    response = intruder.post(second_link, {**ACCOUNT, "password1": "Gekapert-2024!x", "password2": "Gekapert-2024!x"})

    assert "Bitte melden Sie sich an" in text(response)
    assert SESSION_KEY not in intruder.session
    user = User.objects.get(email="neu@example.org")
    assert user.check_password("Pflege-2024!x") and not user.check_password("Gekapert-2024!x")
    assert not Membership.objects.filter(user=user, quartier=second).exists()


def test_an_invitation_for_a_deactivated_account_shows_a_friendly_page(
    client_for, manager, quartier, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(manager).post(members_url(quartier), {"email": "ehemals@example.org", "role": "manager"})
    former = UserFactory(email="ehemals@example.org", is_active=False)
    link = link_in(mail.outbox[0])

    for response in (client_for(None).get(link), client_for(None).post(link, ACCOUNT)):
        assert response.status_code == 404
        page = text(response)
        assert "Diese Einladung kann nicht verwendet werden." in page
        assert "Zur Anmeldung" in page
        assert "Passwort wiederholen" not in page

    assert not Membership.objects.filter(user=former).exists()
    assert Invitation.objects.get().accepted_at is None
    former.refresh_from_db()
    assert not former.is_active and former.check_password("test-passwort-123")


def test_home_sends_a_member_of_one_quartier_to_its_cockpit(client_for, manager):
    response = client_for(manager).get(reverse("home"))

    assert response.url == reverse("cockpit", args=["altstadt"])


def test_the_quartier_list_shows_only_the_own_quartiers(client_for, manager, quartier, other_quartier, outsider):
    assert "Altstadt" in text(client_for(manager).get(reverse("quartier_list")))
    assert "Eichenau" not in text(client_for(manager).get(reverse("quartier_list")))
    assert "Sie gehören noch zu keinem Quartier." in text(client_for(outsider).get(reverse("quartier_list")))


def test_the_admin_leads_from_a_quartier_to_its_cockpit(client_for, quartier, django_user_model):
    import re

    client = client_for(django_user_model.objects.create_superuser("chefin@example.org", "x"))
    page = client.get(f"/admin/quartier/quartier/{quartier.pk}/change/").content.decode()
    view_on_site = re.search(r'href="(/admin/r/[^"]+)"', page).group(1)
    assert client.get(view_on_site)["Location"].endswith(f"/q/{quartier.slug}/")


def test_the_size_note_follows_the_number_typed_into_a_refused_form(client_for, manager, quartier):
    response = client_for(manager).post(
        edit_url(quartier), profile_data(quartier, population="30000", leitbild_agreed_on="kaputt")
    )

    page = text(response)
    assert "Bitte prüfen Sie Ihre Angaben" in page
    assert "größer als ein Beziehungsraum (max. 20.000–25.000)" in page
    assert "sozialer Nahraum" not in page  # the saved 4,200 would say so
    assert Quartier.objects.get(pk=quartier.pk).population == 4200


# --- Team management -------------------------------------------------------------------


def test_the_manager_changes_a_role_on_the_team_page(client_for, manager, developer, quartier):
    developer.first_name, developer.last_name = "Dana", "Entwickler"
    developer.save(update_fields=["first_name", "last_name"])
    target = Membership.objects.get(user=developer)

    page = client_for(manager).get(members_url(quartier)).content.decode()
    assert f'action="{reverse("membership_role", args=["altstadt", target.pk])}"' in page
    response = client_for(manager).post(
        reverse("membership_role", args=["altstadt", target.pk]), {"role": "partner"}, follow=True
    )

    page = text(response)
    assert "Dana Entwickler ist jetzt Kooperationspartner*in." in page
    assert "Rolle von Dana Entwickler: Quartiersentwickler*in → Kooperationspartner*in" in page
    assert Membership.objects.get(pk=target.pk).role == "partner"


def test_an_unknown_role_is_refused_with_a_message(client_for, manager, developer, quartier):
    target = Membership.objects.get(user=developer)

    response = client_for(manager).post(
        reverse("membership_role", args=["altstadt", target.pk]), {"role": "king"}, follow=True
    )

    assert "Bitte wählen Sie eine der Rollen." in text(response)
    assert Membership.objects.get(pk=target.pk).role == "developer"


def test_the_last_manager_is_kept_and_the_page_says_why(client_for, manager, quartier):
    own = Membership.objects.get(user=manager)
    manager.first_name, manager.last_name = "Maria", "Manager"
    manager.save(update_fields=["first_name", "last_name"])

    for url, data in (
        (reverse("membership_role", args=["altstadt", own.pk]), {"role": "viewer"}),
        (reverse("membership_remove", args=["altstadt", own.pk]), {}),
    ):
        response = client_for(manager).post(url, data, follow=True)
        assert response.redirect_chain == [(members_url(quartier), 302)]
        assert (
            "Maria Manager ist die letzte Quartiersmanagerin bzw. der letzte Quartiersmanager von Altstadt"
            " und bleibt es." in text(response)
        )
    assert Membership.objects.get(pk=own.pk).role == "manager"


def test_the_manager_removes_a_member_on_the_team_page(client_for, manager, partner, quartier):
    partner.first_name, partner.last_name = "Paul", "Partner"
    partner.save(update_fields=["first_name", "last_name"])
    target = Membership.objects.get(user=partner)

    response = client_for(manager).post(reverse("membership_remove", args=["altstadt", target.pk]), follow=True)

    page = text(response)
    assert "Paul Partner gehört nicht mehr zum Quartier." in page
    assert "Paul Partner (Kooperationspartner*in) aus dem Quartier entfernt" in page
    assert not Membership.objects.filter(pk=target.pk).exists()
    assert client_for(partner).get(members_url(quartier)).status_code == 404


def test_the_manager_withdraws_an_invitation_and_its_link_says_so(
    client_for, manager, quartier, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(manager).post(members_url(quartier), {"email": "neu@example.org", "role": "viewer"})
    invitation = Invitation.objects.get()

    response = client_for(manager).post(reverse("invitation_withdraw", args=["altstadt", invitation.pk]), follow=True)

    page = text(response)
    assert "Die Einladung an neu@example.org wurde zurückgezogen." in page
    assert "Offene Einladungen" not in page
    assert "Einladung an neu@example.org zurückgezogen" in page  # the history
    link_page = client_for(None).get(link_in(mail.outbox[0]))
    assert link_page.status_code == 404
    assert (
        "Diese Einladung nach Altstadt wurde zurückgezogen. Wenn Sie trotzdem mitarbeiten möchten,"
        f" fragen Sie bitte {manager.get_full_name()} (manager@example.org)."
    ) in text(link_page)
    again = client_for(manager).post(reverse("invitation_withdraw", args=["altstadt", invitation.pk]), follow=True)
    assert "Diese Einladung an neu@example.org wurde bereits zurückgezogen." in text(again)


def test_team_changes_in_another_quartier_are_not_found(client_for, manager, quartier, other_quartier):
    stranger = MembershipFactory(quartier=other_quartier, role="developer")
    invitation = Invitation.objects.create(
        quartier=other_quartier,
        email="x@example.org",
        role="viewer",
        token_hash="x" * 64,
        expires_at=timezone.now() + timedelta(days=1),
    )
    client = client_for(manager)

    assert (
        client.post(reverse("membership_role", args=["altstadt", stranger.pk]), {"role": "viewer"}).status_code == 404
    )
    assert client.post(reverse("membership_remove", args=["altstadt", stranger.pk])).status_code == 404
    assert client.post(reverse("invitation_withdraw", args=["altstadt", invitation.pk])).status_code == 404
    assert Membership.objects.get(pk=stranger.pk).role == "developer"
    invitation.refresh_from_db()
    assert invitation.state == Invitation.State.OPEN


def test_team_actions_never_act_on_get(client_for, manager, developer, quartier):
    target = Membership.objects.get(user=developer)

    for url in (
        reverse("membership_role", args=["altstadt", target.pk]),
        reverse("membership_remove", args=["altstadt", target.pk]),
    ):
        assert client_for(manager).get(url).status_code == 405
    assert Membership.objects.get(pk=target.pk).role == "developer"


def test_a_manager_who_leaves_is_sent_home_not_to_a_missing_page(client_for, manager, quartier):
    MembershipFactory(quartier=quartier, role="manager", user=UserFactory(email="co@example.org"))
    own = Membership.objects.get(user=manager)

    response = client_for(manager).post(reverse("membership_remove", args=["altstadt", own.pk]), follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[0] == (reverse("home"), 302)
    assert "gehört nicht mehr zum Quartier." in text(response)
    assert not Membership.objects.filter(pk=own.pk).exists()


def test_the_team_page_costs_the_same_queries_however_big_the_team(
    client_for, manager, quartier, django_assert_max_num_queries
):
    def grow(n: int) -> None:
        for i in range(n):
            m = MembershipFactory(quartier=quartier, role="viewer")
            Membership.objects.filter(pk=m.pk).first().save()  # a history record of each kind
            Invitation.objects.create(
                quartier=quartier,
                email=f"offen{m.pk}-{i}@example.org",
                role="viewer",
                token_hash=f"{m.pk:064d}",
                expires_at=timezone.now() + timedelta(days=3),
            )

    client = client_for(manager)
    grow(1)
    client.get(members_url(quartier))  # session and translations warmed up
    with django_assert_max_num_queries(12) as few:
        client.get(members_url(quartier))
    grow(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(members_url(quartier))
    assert text(response).count("Rolle ändern") == 13  # everyone but the only manager


def test_declining_a_pending_invitation_is_a_clearly_active_button(
    client_for, manager, quartier, django_capture_on_commit_callbacks
):
    """A grey outline button reads as disabled; „Ablehnen“ is drawn in the app's action colour."""
    import re

    existing = UserFactory(email="eingeladen@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client_for(manager).post(members_url(quartier), {"email": existing.email, "role": "developer"})

    html = client_for(existing).get(reverse("quartier_list")).content.decode()

    button = re.search(r'<button type="submit" class="([^"]*)">Ablehnen', html)
    assert button, "no decline button"
    classes = button.group(1).split()
    assert "btn-outline-secondary" not in classes
    assert {"btn-outline-primary", "btn-outline-danger"} & set(classes)
