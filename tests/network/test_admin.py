"""The network's models in Django's admin: every page opens; deleting a contact (or its partner)
there does not leave the person's data in the history; partner roles follow admin edits."""

from __future__ import annotations

import json

import pytest
from django.contrib import admin
from django.urls import reverse

from network import models as network_models
from network.models import Contact, NetworkMembership, Partner
from quartier.models import Membership
from tests.factories import ContactFactory, UserFactory

NETWORK_MODELS = [
    network_models.PartnerType,
    network_models.ContributionKind,
    network_models.Partner,
    network_models.Contact,
    network_models.NetworkMembership,
    network_models.PartnerAccount,
    network_models.Contribution,
    network_models.Meeting,
    network_models.ActionItem,
    network_models.CalendarFeed,
    network_models.MeasurePartner,
]


@pytest.fixture
def staff_client(db, client_for):
    return client_for(UserFactory(email="admin@example.org", is_staff=True, is_superuser=True))


def test_every_network_model_is_registered():
    assert all(admin.site.is_registered(model) for model in NETWORK_MODELS)


@pytest.mark.parametrize("model", NETWORK_MODELS, ids=lambda m: m.__name__)
def test_admin_pages_open(staff_client, partner_org, model):
    ContactFactory(partner=partner_org)
    info = (model._meta.app_label, model._meta.model_name)

    assert staff_client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200
    assert staff_client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 200
    first = model.objects.first()
    if first is not None:
        assert staff_client.get(reverse("admin:{}_{}_change".format(*info), args=[first.pk])).status_code == 200


def _history_text(contact_id: int) -> str:
    return json.dumps(list(Contact.history.filter(id=contact_id).values()), default=str)


def test_deleting_a_contact_in_the_admin_erases_it_from_the_history(staff_client, partner_org):
    contact = ContactFactory(partner=partner_org, email="geheim@partner.example")

    staff_client.post(reverse("admin:network_contact_delete", args=[contact.pk]), {"post": "yes"})

    assert not Contact.objects.filter(pk=contact.pk).exists()
    assert "geheim@partner.example" not in _history_text(contact.pk)
    assert Contact.history.filter(id=contact.pk, name="gelöschter Kontakt").exists()


def test_deleting_a_partner_in_the_admin_erases_its_contacts_from_the_history(staff_client, partner_org):
    contact = ContactFactory(partner=partner_org, email="geheim@partner.example")

    staff_client.post(reverse("admin:network_partner_delete", args=[partner_org.pk]), {"post": "yes"})

    assert not Partner.objects.filter(pk=partner_org.pk).exists()
    assert "geheim@partner.example" not in _history_text(contact.pk)


def test_erase_action(staff_client, partner_org):
    contact = ContactFactory(partner=partner_org, email="geheim@partner.example")

    staff_client.post(
        reverse("admin:network_contact_changelist"), {"action": "erase", "_selected_action": [contact.pk]}
    )

    contact.refresh_from_db()
    assert contact.is_erased and "geheim@partner.example" not in _history_text(contact.pk)


def test_status_change_in_the_admin_takes_the_partner_users_role(staff_client, quartier, partner_org, partner):
    membership = NetworkMembership.objects.get(partner=partner_org, quartier=quartier)

    response = staff_client.post(
        reverse("admin:network_networkmembership_change", args=[membership.pk]),
        {"partner": partner_org.pk, "quartier": quartier.pk, "status": "ruhend", "role": "kern", "note": ""},
    )

    assert response.status_code == 302
    assert not Membership.objects.filter(user=partner, quartier=quartier).exists()


def test_erasing_a_contact_also_removes_its_name_from_the_admin_log(staff_client, partner_org):
    from django.contrib.admin.models import LogEntry

    contact = ContactFactory(partner=partner_org, name="Petra Geheim")
    data = {
        "partner": partner_org.pk,
        "name": "Petra Geheim",
        "function": "Leitung",
        "email": "petra@partner.example",
        "phone": "0123",
        "consent_purpose": "Einladungen",
        "consent_date": "2025-01-01",
    }
    assert staff_client.post(reverse("admin:network_contact_change", args=[contact.pk]), data).status_code == 302

    staff_client.post(reverse("admin:network_contact_delete", args=[contact.pk]), {"post": "yes"})

    logged = list(LogEntry.objects.filter(object_id=str(contact.pk)).values_list("object_repr", flat=True))
    assert len(logged) == 2
    assert "Petra Geheim" not in logged


def _partner_role(user, quartier) -> bool:
    return Membership.objects.filter(user=user, quartier=quartier, role="partner").exists()


def test_deleting_a_partner_in_the_admin_takes_its_users_partner_role(staff_client, quartier, partner_org, partner):
    assert _partner_role(partner, quartier)

    staff_client.post(reverse("admin:network_partner_delete", args=[partner_org.pk]), {"post": "yes"})

    assert not Partner.objects.filter(pk=partner_org.pk).exists()
    assert not _partner_role(partner, quartier)


@pytest.mark.parametrize("model", ["partner", "partneraccount", "networkmembership"])
def test_deleting_several_in_the_admin_takes_the_partner_role(staff_client, quartier, partner_org, partner, model):
    ids = {
        "partner": partner_org.pk,
        "partneraccount": partner.partner_account.pk,
        "networkmembership": NetworkMembership.objects.get(partner=partner_org, quartier=quartier).pk,
    }
    url = reverse(f"admin:network_{model}_changelist")

    response = staff_client.post(url, {"action": "delete_selected", "_selected_action": [ids[model]], "post": "yes"})

    assert response.status_code == 302
    assert not _partner_role(partner, quartier)


def test_the_partner_page_in_the_admin_shows_contacts_but_changes_them_only_on_their_own_page(
    staff_client, partner_org
):
    ContactFactory(partner=partner_org, name="Petra Geheim", email="petra@partner.example")
    page = staff_client.get(reverse("admin:network_partner_change", args=[partner_org.pk])).content.decode()

    assert "Petra Geheim" in page
    # No inline form fields for contacts: a change there would be logged under the partner,
    # out of reach of the contact's erasure.
    assert 'name="contacts-0-name"' not in page
    assert "petra@partner.example" not in page


def test_an_erased_contact_cannot_be_filled_in_again_in_the_admin(staff_client, partner_org):
    from network.partners.privacy import contact_data_erase

    contact = ContactFactory(partner=partner_org, name="Petra Geheim")
    contact_data_erase(contact=contact)
    url = reverse("admin:network_contact_change", args=[contact.pk])

    assert 'name="email"' not in staff_client.get(url).content.decode()
    staff_client.post(url, {"partner": partner_org.pk, "name": "Petra Geheim", "email": "petra@partner.example"})
    contact.refresh_from_db()
    assert contact.name == "gelöschter Kontakt" and contact.email == ""
