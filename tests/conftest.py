"""Fixed role users around one quartier, as every view test needs them.

`quartier` belongs to `organisation`; `other_quartier` belongs to another organisation.
Users: manager, developer, partner, viewer (members of `quartier`; the partner acts for
`partner_org`, active in its network), coordinator (of
`organisation`), other_coordinator (of the other organisation), outsider (no access).
"""

from __future__ import annotations

import shutil

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from network.partners.accounts import partner_account_set
from quartier.models import Role

from .factories import (
    CoordinatorFactory,
    MembershipFactory,
    NetworkMembershipFactory,
    OrganisationFactory,
    QuartierFactory,
    UserFactory,
    partner_type,
)


@pytest.fixture(autouse=True)
def _media_root(tmp_path, settings):
    """Every test writes uploads and reports into a folder of its own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    yield
    shutil.rmtree(tmp_path / "media", ignore_errors=True)


@pytest.fixture(autouse=True)
def _german_ui():
    """A request in English leaves English active in the thread; the next test starts in German."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="Stadt Musterstadt", slug="musterstadt")


@pytest.fixture
def quartier(organisation):
    return QuartierFactory(organisation=organisation, name="Altstadt", slug="altstadt", municipality="Musterstadt")


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory(name="Diakonie Beispielkreis", slug="diakonie")


@pytest.fixture
def other_quartier(other_organisation):
    return QuartierFactory(organisation=other_organisation, name="Eichenau", slug="eichenau", municipality="Eichenau")


def _member(quartier, role, email):
    return MembershipFactory(quartier=quartier, role=role, user=UserFactory(email=email)).user


@pytest.fixture
def manager(quartier):
    return _member(quartier, Role.MANAGER, "manager@example.org")


@pytest.fixture
def developer(quartier):
    return _member(quartier, Role.DEVELOPER, "developer@example.org")


@pytest.fixture
def partner_org(quartier):
    """„Wohnbau Beispiel eG“, active in `quartier`'s network: the partner `partner` acts for."""
    return NetworkMembershipFactory(
        quartier=quartier, partner__name="Wohnbau Beispiel eG", partner__type=partner_type("wohnungsanbieter")
    ).partner


@pytest.fixture
def partner(quartier, partner_org):
    """A partner user: acts for `partner_org` and so holds the partner role in `quartier`."""
    user = UserFactory(email="partner@example.org")
    partner_account_set(user=user, partner=partner_org)
    return user


@pytest.fixture
def viewer(quartier):
    return _member(quartier, Role.VIEWER, "viewer@example.org")


@pytest.fixture
def coordinator(organisation):
    return CoordinatorFactory(organisation=organisation, user=UserFactory(email="coordinator@example.org")).user


@pytest.fixture
def other_coordinator(other_organisation):
    return CoordinatorFactory(
        organisation=other_organisation, user=UserFactory(email="other-coordinator@example.org")
    ).user


@pytest.fixture
def outsider(db):
    """Has an account but should have no access to the quartier."""
    return UserFactory(email="outsider@example.org")


@pytest.fixture
def client_for():
    """`client_for(user)` → a test client logged in as that user (None: anonymous)."""

    def make(user) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


def pytest_configure(config):
    # The German UI is what users see; tests read it in German.
    assert settings.LANGUAGE_CODE == "de"
