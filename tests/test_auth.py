"""Login with e-mail, lockout after repeated failures, password reset, logout, language switch."""

import re

import pytest
from django.core import mail
from django.test import Client

from quartier.auth import lockout_username

from .factories import PASSWORD


@pytest.fixture
def client():
    return Client()


def test_login_with_email_lands_on_the_quartier_cockpit(client, manager, quartier):
    response = client.post("/konto/login/", {"username": "MANAGER@example.org", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == f"/q/{quartier.slug}/"
    assert "Altstadt" in response.content.decode()


def test_login_page_is_german_and_labels_its_fields(client, db):
    html = client.get("/konto/login/").content.decode()
    assert '<html lang="de">' in html
    assert "E-Mail-Adresse" in html
    assert re.search(r'<label[^>]+for="id_username"', html)
    assert re.search(r'<label[^>]+for="id_password"', html)


def test_wrong_password_shows_german_error_and_keeps_the_email(client, manager):
    response = client.post("/konto/login/", {"username": "manager@example.org", "password": "falsch"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bitte prüfen Sie Ihre Angaben" in html
    assert 'value="manager@example.org"' in html


def test_repeated_failed_logins_lock_the_account(client, manager, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post("/konto/login/", {"username": "manager@example.org", "password": "falsch"})
    # Even the right password is refused while the lock lasts.
    response = client.post("/konto/login/", {"username": "manager@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert "vorübergehend gesperrt" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_changing_the_case_of_the_address_gives_no_fresh_attempts(client, manager, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    # Login ignores the case of the address, so the lockout counts all spellings as one account.
    for username in ("manager@example.org", "MANAGER@example.org", " Manager@Example.ORG "):
        client.post("/konto/login/", {"username": username, "password": "falsch"})
    for username in ("manager@example.org", "mAnAgEr@example.org"):
        response = client.post("/konto/login/", {"username": username, "password": PASSWORD})
        assert response.status_code == 429
        assert "vorübergehend gesperrt" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_username_is_the_address_in_lower_case(rf):
    request = rf.post("/konto/login/", {"username": " Manager@Example.ORG ", "password": "x"})

    assert lockout_username(request, {"username": " Manager@Example.ORG "}) == "manager@example.org"
    assert lockout_username(request, None) == "manager@example.org"  # axes sometimes has only the request
    assert lockout_username(rf.get("/"), None) == ""


def test_lockout_is_per_account_and_address(client, manager, developer, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post("/konto/login/", {"username": "manager@example.org", "password": "falsch"})
    response = client.post("/konto/login/", {"username": "developer@example.org", "password": PASSWORD})
    # Another account from the same address still gets in.
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(developer.pk)


def test_password_reset_by_email(client, manager):
    response = client.post("/konto/password_reset/", {"email": "manager@example.org"}, follow=True)
    assert "Bitte sehen Sie in Ihr E-Mail-Postfach" in response.content.decode()
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/konto/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": "Neues-Passwort-2026", "new_password2": "Neues-Passwort-2026"})
    assert response.status_code == 302
    assert Client().login(username="manager@example.org", password="Neues-Passwort-2026")


def test_password_reset_for_unknown_address_sends_nothing_but_says_the_same(client, db):
    response = client.post("/konto/password_reset/", {"email": "niemand@example.org"}, follow=True)
    assert "Bitte sehen Sie in Ihr E-Mail-Postfach" in response.content.decode()
    assert mail.outbox == []


def test_logout_needs_post_and_ends_the_session(client_for, manager):
    client = client_for(manager)
    response = client.post("/konto/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302
    assert client.get("/", follow=True).redirect_chain[-1][0].startswith("/konto/login/")


def test_language_switch_to_english(client_for, manager, quartier):
    client = client_for(manager)
    client.post("/i18n/setlang/", {"language": "en", "next": f"/q/{quartier.slug}/"})
    html = client.get(f"/q/{quartier.slug}/").content.decode()
    assert '<html lang="en">' in html
    assert "Planning phase" in html
    assert "Identify the quartier" in html  # step titles follow the language too
    step = client.get(f"/q/{quartier.slug}/schritte/3/").content.decode()
    assert "Social-space analysis in housing, social life, and help and care" in step
    assert "Sozialraumanalyse" not in step
    client.post("/i18n/setlang/", {"language": "de", "next": "/"})
    assert "Planungsphase" in client.get(f"/q/{quartier.slug}/").content.decode()


def test_an_english_browser_still_gets_the_german_ui(client_for, manager, quartier):
    client = client_for(manager)
    html = client.get(f"/q/{quartier.slug}/", headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
    assert '<html lang="de">' in html
    assert "Planungsphase" in html
