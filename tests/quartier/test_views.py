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
        "centre_lat": "",
        "centre_lon": "",
        "boundary": "",
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


@pytest.mark.parametrize("user", ["manager", "developer", "partner", "viewer", "coordinator"])
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


def test_a_boundary_and_centre_are_saved(client_for, manager, quartier):
    polygon = '{"type": "Polygon", "coordinates": [[[9.1, 48.7], [9.2, 48.7], [9.2, 48.8], [9.1, 48.7]]]}'

    response = client_for(manager).post(
        edit_url(quartier),
        profile_data(quartier, boundary=polygon, centre_lat="48.75", centre_lon="9.15"),
        follow=True,
    )

    assert "Grenze erfasst (GeoJSON)" in text(response)
    assert "Mittelpunkt 48,750000° N, 9,150000° O" in text(response)
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
        edit_url(quartier),
        profile_data(
            quartier, name="Altstadt-Ost", population="5100", leitbild="Miteinander alt werden", boundary=boundary
        ),
    )

    assert response.status_code == 200
    page = text(response)
    assert "Bitte prüfen Sie Ihre Angaben" in page
    assert f"Grenze (GeoJSON): {error}" in page
    html = response.content.decode()
    assert 'value="Altstadt-Ost"' in html and 'value="5100"' in html
    assert "Miteinander alt werden</textarea>" in html
    assert boundary.replace('"', "&quot;") in html
    # The header still names the quartier as it is saved.
    assert "<h1>Altstadt</h1>" in html and "Altstadt-Ost</h1>" not in html
    saved = Quartier.objects.get(pk=quartier.pk)
    assert (saved.name, saved.population, saved.leitbild, saved.boundary) == ("Altstadt", 4200, "", None)


@pytest.mark.parametrize(
    ("lat", "lon", "error"),
    [
        ("48.75", "", "Mittelpunkt: Längengrad: Bitte geben Sie sowohl den Breitengrad als auch den Längengrad an."),
        ("", "9.15", "Mittelpunkt: Breitengrad: Bitte geben Sie sowohl den Breitengrad als auch den Längengrad an."),
    ],
)
def test_the_centre_needs_both_coordinates(client_for, manager, quartier, lat, lon, error):
    response = client_for(manager).post(edit_url(quartier), profile_data(quartier, centre_lat=lat, centre_lon=lon))

    assert error in text(response)
    saved = Quartier.objects.get(pk=quartier.pk)
    assert saved.centre_lat is None and saved.centre_lon is None


@pytest.mark.parametrize(
    ("lat", "lon", "error"),
    [
        ("95", "9.15", "Mittelpunkt: Breitengrad: Dieser Wert muss kleiner oder gleich 90 sein."),
        ("48.75", "-181", "Mittelpunkt: Längengrad: Dieser Wert muss größer oder gleich -180 sein."),
    ],
)
def test_a_centre_off_the_globe_is_explained_at_its_field(client_for, manager, quartier, lat, lon, error):
    response = client_for(manager).post(edit_url(quartier), profile_data(quartier, centre_lat=lat, centre_lon=lon))

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


def test_the_team_page_lists_members_with_their_roles(client_for, manager, developer, partner, quartier):
    developer.first_name, developer.last_name = "Dana", "Entwickler"
    developer.save(update_fields=["first_name", "last_name"])

    page = text(client_for(partner).get(members_url(quartier)))

    assert "Dana Entwickler (developer@example.org) Quartiersentwickler*in" in page
    assert "Kooperationspartner*in" in page
    assert "Jemanden einladen" not in page


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
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["neu@example.org"]
    link = link_in(mail.outbox[0])
    assert link.startswith("/einladung/")

    visitor = client_for(None)
    form = visitor.get(link)
    assert form.status_code == 200
    assert "Willkommen im Quartier Altstadt" in text(form)
    assert "Sie wurden als Quartiersentwickler*in eingeladen" in text(form)

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
    assert "Diese Einladung wurde bereits verwendet. Bitte melden Sie sich an." in page
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
    assert "Diese Einladung ist abgelaufen. Bitte fragen Sie nach einer neuen Einladung." in text(response)


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


def test_inviting_someone_with_an_account_adds_them_at_once(
    client_for, manager, quartier, django_capture_on_commit_callbacks
):
    existing = UserFactory(email="bekannt@example.org", first_name="Bernd", last_name="Bekannt")

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(manager).post(
            members_url(quartier), {"email": "bekannt@example.org", "role": "partner"}, follow=True
        )

    page = text(response)
    assert "bekannt@example.org hat bereits ein Konto und gehört jetzt zum Quartier." in page
    assert "Bernd Bekannt (bekannt@example.org) Kooperationspartner*in" in page
    assert Membership.objects.get(user=existing, quartier=quartier).role == "partner"
    assert "Sie haben bereits ein Konto" in mail.outbox[0].body

    # The link in their mail takes them into the quartier, not to an "already used" page.
    followed = client_for(existing).get(link_in(mail.outbox[0]), follow=True)
    assert followed.status_code == 200
    assert "Diese Einladung wurde bereits verwendet" not in text(followed)
    assert "Altstadt" in text(followed)


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
    response = visitor.get(second_link, follow=True)

    cockpit = reverse("cockpit", args=["bahnhof"])
    assert response.redirect_chain == [(f"{reverse('login')}?next={cockpit}", 302)]
    page = text(response)
    assert (
        "Sie haben bereits ein Konto und gehören jetzt zum Quartier Bahnhofsviertel. Bitte melden Sie sich an."
    ) in page
    assert "Passwort wiederholen" not in page
    assert SESSION_KEY not in visitor.session
    assert Membership.objects.get(user=user, quartier=second).role == "partner"
    assert Invitation.objects.get(quartier=second).accepted_at is not None

    # Logging in with the own password leads into the new quartier.
    logged_in = visitor.post(
        response.redirect_chain[-1][0], {"username": "neu@example.org", "password": "Pflege-2024!x"}, follow=True
    )
    assert logged_in.redirect_chain[-1][0] == cockpit
    assert "Bahnhofsviertel" in text(logged_in)


def test_a_password_typed_for_an_existing_account_is_neither_used_nor_a_way_in(
    client_for, manager, quartier, django_capture_on_commit_callbacks
):
    second, first_link, second_link = _two_open_invitations(
        client_for, manager, quartier, django_capture_on_commit_callbacks
    )
    client_for(None).post(first_link, ACCOUNT)

    # Someone with the second link fills in its (stale) password form.
    intruder = client_for(None)
    response = intruder.post(
        second_link, {**ACCOUNT, "password1": "Gekapert-2024!x", "password2": "Gekapert-2024!x"}, follow=True
    )

    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert "Bitte melden Sie sich an." in text(response)
    assert SESSION_KEY not in intruder.session
    user = User.objects.get(email="neu@example.org")
    assert user.check_password("Pflege-2024!x") and not user.check_password("Gekapert-2024!x")
    assert Membership.objects.get(user=user, quartier=second).role == "partner"


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
        edit_url(quartier), profile_data(quartier, population="30000", boundary="kaputt")
    )

    page = text(response)
    assert "Bitte prüfen Sie Ihre Angaben" in page
    assert "größer als ein Beziehungsraum (max. 20.000–25.000)" in page
    assert "sozialer Nahraum" not in page  # the saved 4,200 would say so
    assert Quartier.objects.get(pk=quartier.pk).population == 4200
