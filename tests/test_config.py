"""Health endpoint, security headers and the accessible base layout."""

import json

import pytest
from django.test import Client
from django.urls import reverse


@pytest.fixture
def client():
    return Client()


def test_health_reports_database_cache_and_broker(client, db):
    response = client.get("/health/")
    data = json.loads(response.content)
    assert response.status_code == 200
    assert data["database"] == "ok"
    assert data["cache"] == "ok"
    assert data["broker"] in {"ok", "eager"}
    assert data["status"] == "ok"


def test_health_answers_503_when_the_cache_is_down(client, db, monkeypatch):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("cache unreachable")

    monkeypatch.setattr(cache, "set", broken)
    response = client.get("/health/")
    data = json.loads(response.content)
    assert response.status_code == 503
    assert data["status"] == "gestört"
    assert data["cache"].startswith("error")
    assert data["database"] == "ok"


def _break_cache(monkeypatch):
    from django.core.cache import cache

    def broken(*args, **kwargs):
        raise ConnectionError("cache unreachable")

    monkeypatch.setattr(cache, "set", broken)


@pytest.mark.parametrize("address", ["127.0.0.1", "::1"])
def test_health_shows_details_from_the_machine_itself(db, address):
    data = json.loads(Client(REMOTE_ADDR=address).get("/health/").content)
    assert set(data) == {"status", "database", "cache", "broker"}


def test_health_shows_only_ok_to_others(db):
    response = Client(REMOTE_ADDR="203.0.113.7").get("/health/")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}


def test_health_shows_only_gestoert_to_others_when_down(db, monkeypatch):
    _break_cache(monkeypatch)
    # A forged header changes nothing: only the connection's own address counts.
    response = Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="127.0.0.1").get("/health/")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "gestört"}
    assert b"cache" not in response.content


def test_health_shows_details_to_staff_from_outside(db, monkeypatch):
    from tests.factories import UserFactory

    _break_cache(monkeypatch)
    client = Client(REMOTE_ADDR="203.0.113.7")
    client.force_login(UserFactory(is_staff=True))
    data = json.loads(client.get("/health/").content)
    assert data["status"] == "gestört"
    assert data["cache"].startswith("error")

    client.force_login(UserFactory(is_staff=False))
    assert json.loads(client.get("/health/").content) == {"status": "gestört"}


def test_content_security_policy_allows_no_inline_scripts(client, db):
    response = client.get("/konto/login/")
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert "<script>" not in response.content.decode()
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_base_layout_has_skip_link_landmarks_and_german_lang(client_for, manager, quartier):
    html = client_for(manager).get(f"/q/{quartier.slug}/").content.decode()
    assert '<html lang="de">' in html
    assert '<a class="skip-link" href="#main">Zum Inhalt springen</a>' in html
    assert '<main id="main"' in html
    assert "<header" in html and "<nav" in html and "<footer" in html
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in html


def test_media_files_have_no_public_url(client, db, settings):
    assert not getattr(settings, "MEDIA_URL", "").strip("/")
    assert client.get("/media/documents/1/x").status_code == 404


def test_static_files_collect_with_the_production_manifest_storage(tmp_path, settings):
    """The Docker image runs collectstatic; every file a stylesheet or script refers to must exist."""
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    assert (tmp_path / "static" / "staticfiles.json").exists()


def test_health_shows_no_details_to_an_outside_client_forwarded_by_a_local_proxy(db):
    # A reverse proxy on the same host connects from loopback and names the client.
    response = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7").get("/health/")
    assert json.loads(response.content) == {"status": "ok"}


@pytest.mark.parametrize("forwarded", ["203.0.113.7", "127.0.0.1, 203.0.113.7"])
def test_health_behind_trusted_proxies_judges_the_client_they_name(db, settings, forwarded):
    settings.TRUSTED_PROXY_COUNT = 1
    response = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded).get("/health/")
    assert json.loads(response.content) == {"status": "ok"}


def test_health_behind_trusted_proxies_shows_details_to_the_machine_itself(db, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The container's own check, not through the proxy …
    assert "database" in json.loads(Client(REMOTE_ADDR="127.0.0.1").get("/health/").content)
    # … and a call from the machine through the proxy.
    client = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.1")
    assert "database" in json.loads(client.get("/health/").content)


# Error pages in the app's layout


def test_csrf_failure_shows_our_page_with_advice_to_reload(manager, quartier):
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)

    response = client.post(reverse("report_request", args=[quartier.slug]), {"language": "de"})

    assert response.status_code == 403
    html = response.content.decode()
    assert "Das Formular konnte nicht gesendet werden" in html
    assert "laden Sie die Seite neu und versuchen Sie es noch einmal" in html
    assert "CSRF verification failed" not in html  # not Django's technical page
    # In the layout, with the person's navigation.
    assert 'class="site-header"' in html
    assert str(manager) in html


def test_bad_request_shows_our_page(db):
    response = Client().get("/", HTTP_HOST="not-our-host.example")

    assert response.status_code == 400
    html = response.content.decode()
    assert "Diese Anfrage konnte nicht verarbeitet werden" in html
    assert 'class="site-header"' in html
