"""Contacts at partners are personal data: stored with purpose and date of consent, exported on
request with everything stored (history included), erased from the record and its history."""

from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from network.models import ERASED_CONTACT_NAME, Contact
from network.partners.privacy import PERSONAL_FIELDS
from tests.factories import NetworkMembershipFactory

EMAIL = "p.sonnenschein@pflegedienst-sonnenschein.example"
NEW_EMAIL = "petra@sonnenschein.example"
PHONE = "0123 456789"


@pytest.fixture
def care(quartier):
    return NetworkMembershipFactory(quartier=quartier, partner__name="Pflegedienst Sonnenschein").partner


def contact_form(**overrides) -> dict[str, object]:
    data = {
        "name": "Petra Sonnenschein",
        "function": "Pflegedienstleitung",
        "email": EMAIL,
        "phone": PHONE,
        "consent_purpose": "Einladungen zu Netzwerktreffen",
        "consent_date": "2026-02-03",
    }
    data.update(overrides)
    return data


def create_url(quartier, partner) -> str:
    return reverse("contact_create", kwargs={"slug": quartier.slug, "partner_id": partner.pk})


def contact_url(name: str, quartier, contact) -> str:
    return reverse(name, kwargs={"slug": quartier.slug, "contact_id": contact.pk})


@pytest.fixture
def petra(quartier, care, manager, client_for) -> Contact:
    """Recorded by the manager, then given a new e-mail address: two versions in the history."""
    client = client_for(manager)
    client.post(create_url(quartier, care), contact_form())
    contact = Contact.objects.get()
    client.post(contact_url("contact_edit", quartier, contact), contact_form(email=NEW_EMAIL))
    contact.refresh_from_db()
    assert contact.email == NEW_EMAIL and contact.history.count() == 2
    return contact


def test_manager_records_a_contact_with_consent(quartier, care, manager, client_for):
    response = client_for(manager).post(create_url(quartier, care), contact_form(), follow=True)

    contact = Contact.objects.get()
    assert (contact.partner, contact.email, contact.consent_date) == (care, EMAIL, datetime.date(2026, 2, 3))
    text = response.content.decode()
    assert "Der Kontakt „Petra Sonnenschein“ wurde angelegt." in text
    assert EMAIL in text and "Einwilligung vom 03.02.2026 für: Einladungen zu Netzwerktreffen" in text


def test_purpose_and_date_of_consent_are_required_and_explained(quartier, care, manager, client_for):
    form = client_for(manager).get(create_url(quartier, care)).content.decode()
    assert "nur mit Einwilligung der Person und für einen genannten Zweck" in form

    response = client_for(manager).post(create_url(quartier, care), contact_form(consent_purpose="  ", consent_date=""))

    assert response.status_code == 400
    text = response.content.decode()
    assert "Zweck der Speicherung" in text or "Mit der Person vereinbarter Zweck" in text
    assert text.count("Dieses Feld ist zwingend erforderlich.") >= 2  # purpose and date, each in the summary too
    assert EMAIL in text and "Petra Sonnenschein" in text  # typed text kept
    assert not Contact.objects.exists()


def test_consent_in_the_future_and_overlong_texts_are_refused(quartier, care, manager, client_for):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client_for(manager).post(
        create_url(quartier, care), contact_form(consent_date=tomorrow, consent_purpose="Z" * 501, phone="1" * 51)
    )

    assert response.status_code == 400
    text = response.content.decode()
    assert "Die Einwilligung kann nicht in der Zukunft liegen." in text
    assert "höchstens 500 Zeichen" in text and "höchstens 50 Zeichen" in text
    assert not Contact.objects.exists()


@pytest.mark.parametrize("role", ["developer", "viewer", "coordinator", "partner"])
def test_only_managers_record_contacts(request, quartier, care, client_for, role):
    response = client_for(request.getfixturevalue(role)).post(create_url(quartier, care), contact_form())

    assert response.status_code == 403
    assert not Contact.objects.exists()


def test_another_organisations_contact_is_not_found(quartier, other_quartier, manager, client_for):
    theirs = Contact.objects.create(
        partner=NetworkMembershipFactory(quartier=other_quartier).partner,
        name="Fremde Person",
        consent_purpose="x",
        consent_date=datetime.date(2026, 1, 1),
    )
    client = client_for(manager)

    for name in ("contact_edit", "contact_export", "contact_erase"):
        assert client.get(contact_url(name, quartier, theirs)).status_code == 404
    assert client.post(contact_url("contact_erase", quartier, theirs)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Fremde Person"


# --- the right of access --------------------------------------------------------------------------


def test_export_holds_everything_stored_about_the_person(quartier, petra, manager, client_for):
    response = client_for(manager).get(contact_url("contact_export", quartier, petra))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    stored = data["contact"]
    assert stored["partner"]["name"] == "Pflegedienst Sonnenschein"
    assert (stored["name"], stored["function"], stored["email"], stored["phone"]) == (
        "Petra Sonnenschein",
        "Pflegedienstleitung",
        NEW_EMAIL,
        PHONE,
    )
    assert (stored["consent_purpose"], stored["consent_date"]) == ("Einladungen zu Netzwerktreffen", "2026-02-03")
    # Every version of the row, with who recorded it and when: the old address too.
    history = data["history"]
    assert [v["email"] for v in history] == [EMAIL, NEW_EMAIL]
    assert [v["change"] for v in history] == ["created", "changed"]
    assert all(v["recorded_by"]["email"] == manager.email and v["recorded_at"] for v in history)
    # Every stored value of every version appears in the export.
    for version in petra.history.all():
        for name in PERSONAL_FIELDS:
            assert getattr(version, name) in response.content.decode()


@pytest.mark.parametrize("role", ["developer", "viewer", "coordinator", "partner"])
def test_only_managers_export(request, quartier, petra, client_for, role):
    response = client_for(request.getfixturevalue(role)).get(contact_url("contact_export", quartier, petra))

    assert response.status_code == 403


# --- the right to erasure -----------------------------------------------------------------------


def _history_values(contact: Contact) -> str:
    return json.dumps(list(Contact.history.filter(id=contact.pk).values()), default=str)


def test_erasure_asks_first_and_changes_nothing_on_get(quartier, petra, manager, client_for):
    response = client_for(manager).get(contact_url("contact_erase", quartier, petra))

    assert "Die personenbezogenen Daten von Petra Sonnenschein (Pflegedienst Sonnenschein) löschen?" in (
        response.content.decode()
    )
    petra.refresh_from_db()
    assert not petra.is_erased and petra.email == NEW_EMAIL


def test_erasure_leaves_no_personal_value_in_the_row_or_its_history(quartier, care, petra, manager, client_for):
    before = petra.history.count()

    response = client_for(manager).post(contact_url("contact_erase", quartier, petra), follow=True)

    petra.refresh_from_db()
    assert petra.is_erased
    assert (petra.name, petra.function, petra.email, petra.phone, petra.consent_purpose) == (
        ERASED_CONTACT_NAME,
        "",
        "",
        "",
        "",
    )
    everything = _history_values(petra)
    for value in (EMAIL, NEW_EMAIL, PHONE, "Petra", 'Sonnenschein"', "Pflegedienstleitung", "Netzwerktreffen"):
        assert value not in everything, value
    # The history keeps its rows, one more for the erasure, all named „gelöschter Kontakt“.
    names = list(Contact.history.filter(id=petra.pk).values_list("name", flat=True))
    assert len(names) == before + 1
    assert set(names) == {ERASED_CONTACT_NAME}
    text = response.content.decode()
    assert "Die personenbezogenen Daten des Kontakts wurden gelöscht, auch aus dem Verlauf." in text
    assert "gelöschter Kontakt" in text and NEW_EMAIL not in text
    # The partner page's history names it the same way.
    assert "Kontakt geändert: gelöschter Kontakt" in text


def test_erased_contact_cannot_be_edited_and_exports_nothing_personal(quartier, petra, manager, client_for):
    client = client_for(manager)
    client.post(contact_url("contact_erase", quartier, petra))

    assert client.get(contact_url("contact_edit", quartier, petra)).status_code == 404
    export = client.get(contact_url("contact_export", quartier, petra)).content.decode()
    assert NEW_EMAIL not in export and EMAIL not in export and ERASED_CONTACT_NAME in export


@pytest.mark.parametrize("role", ["developer", "viewer", "coordinator", "partner"])
def test_only_managers_erase(request, quartier, petra, client_for, role):
    response = client_for(request.getfixturevalue(role)).post(contact_url("contact_erase", quartier, petra))

    assert response.status_code == 403
    petra.refresh_from_db()
    assert not petra.is_erased
