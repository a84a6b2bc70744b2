"""The partner directory and a partner's page: filters, access, forms, network membership and the
partner accounts whose access follows the partner's status."""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from network.models import MeasurePartner, NetworkMembership, Partner, PartnerAccount
from network.partners.accounts import partner_account_set
from planning.measures.models import Measure
from planning.models import Document
from quartier.fields import SHORT_TEXT_MAX
from quartier.models import Membership, Role
from tests.factories import (
    ContactFactory,
    MembershipFactory,
    NetworkMembershipFactory,
    PartnerFactory,
    QuartierFactory,
    UserFactory,
    partner_type,
)

PDF = b"%PDF-1.4\n% Vereinbarung\n%%EOF\n"


def list_url(quartier, **params) -> str:
    url = reverse("partner_list", kwargs={"slug": quartier.slug})
    if params:
        url += "?" + urlencode(params)
    return url


def detail_url(quartier, partner) -> str:
    return reverse("partner_detail", kwargs={"slug": quartier.slug, "partner_id": partner.pk})


def membership_url(quartier, partner) -> str:
    return reverse("network_membership_edit", kwargs={"slug": quartier.slug, "partner_id": partner.pk})


def body(response) -> str:
    return response.content.decode()


@pytest.fixture
def directory(quartier, organisation):
    """Four partners of the organisation: two in Altstadt's network, two not."""
    cafe = NetworkMembershipFactory(
        quartier=quartier,
        status="aktiv",
        role="kern",
        partner__name="Nachbarschaftsverein Altstadt",
        partner__address="Marktplatz 3",
        partner__type=partner_type("verein"),
        partner__serves_soziales=True,
    ).partner
    care = NetworkMembershipFactory(
        quartier=quartier,
        status="angefragt",
        role="unterstuetzer",
        partner__name="Pflegedienst Sonnenschein",
        partner__description="Ambulante Pflege und Tagespflege",
        partner__type=partner_type("pflege"),
        partner__serves_soziales=False,
        partner__serves_pflege=True,
    ).partner
    housing = PartnerFactory(
        organisation=organisation,
        name="Wohnungsbau Musterstadt eG",
        type=partner_type("wohnungsanbieter"),
        serves_soziales=False,
        serves_wohnen=True,
    )
    shop = PartnerFactory(organisation=organisation, name="Bäckerei Korn", type=partner_type("einzelhandel"))
    return {"cafe": cafe, "care": care, "housing": housing, "shop": shop}


def names_in(response, partners) -> set[str]:
    text = body(response)
    return {p.name for p in partners.values() if p.name in text}


# --- the directory ------------------------------------------------------------------------------


def test_directory_lists_the_whole_organisation_with_the_status_here(quartier, directory, manager, client_for):
    response = client_for(manager).get(list_url(quartier))

    assert response.status_code == 200
    assert names_in(response, directory) == {p.name for p in directory.values()}
    text = body(response)
    assert "4 Kooperationspartner*innen" in text
    assert "aktiv" in text and "angefragt" in text and "nicht im Netzwerk" in text
    assert "Neuer Partner" in text


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "marktplatz"}, {"cafe"}),  # address
        ({"q": "tagespflege"}, {"care"}),  # description
        ({"q": "Bäckerei"}, {"shop"}),  # name
        ({"domain": "pflege"}, {"care"}),
        ({"domain": "wohnen"}, {"housing"}),
        ({"status": "aktiv"}, {"cafe"}),
        ({"status": "angefragt"}, {"care"}),
        ({"status": "keins"}, {"housing", "shop"}),
        ({"scope": "netzwerk"}, {"cafe", "care"}),
        ({"scope": "organisation"}, {"cafe", "care", "housing", "shop"}),
    ],
)
def test_directory_filters_and_search(quartier, directory, manager, client_for, params, expected):
    response = client_for(manager).get(list_url(quartier, **params))

    assert names_in(response, directory) == {directory[k].name for k in expected}


def test_directory_filters_by_type(quartier, directory, viewer, client_for):
    response = client_for(viewer).get(list_url(quartier, type=partner_type("pflege").pk))

    assert names_in(response, directory) == {"Pflegedienst Sonnenschein"}
    assert "Neuer Partner" not in body(response)


def test_directory_filters_by_another_quartier_of_the_organisation(
    quartier, other_quartier, directory, manager, client_for
):
    # The manager also manages Nordviertel, where the housing company and the bakery (gone) work.
    nord = QuartierFactory(organisation=quartier.organisation, name="Nordviertel", slug="nordviertel")
    MembershipFactory(quartier=nord, user=manager, role="manager")
    NetworkMembershipFactory(quartier=nord, partner=directory["housing"], status="ruhend")
    NetworkMembershipFactory(quartier=nord, partner=directory["shop"], status="ausgetreten")
    client = client_for(manager)

    response = client.get(list_url(quartier, in_quartier=nord.pk))
    assert names_in(response, directory) == {"Wohnungsbau Musterstadt eG"}
    # Offered: the organisation's quartiers the user sees; a quartier elsewhere is not a choice.
    page = body(response)
    assert "Nordviertel" in page and "Eichenau" not in page
    response = client.get(list_url(quartier, in_quartier=other_quartier.pk))
    assert response.status_code == 200
    assert "Bitte eine gültige Auswahl treffen." in body(response)


def test_an_overlong_search_is_refused_in_german_and_typed_text_kept(quartier, directory, manager, client_for):
    typed = "x" * 201
    response = client_for(manager).get(list_url(quartier, q=typed))

    assert response.status_code == 200
    text = body(response)
    assert "höchstens 200 Zeichen" in text
    assert typed in text


def test_directory_empty_state_invites_the_manager_to_add_the_first_partner(quartier, manager, client_for):
    text = body(client_for(manager).get(list_url(quartier)))

    assert "Das Verzeichnis ist noch leer." in text
    assert "Erste Kooperationspartner*in anlegen" in text


def test_directory_says_when_nothing_matches(quartier, directory, manager, client_for):
    text = body(client_for(manager).get(list_url(quartier, q="Zahnarzt")))

    assert "Keine Kooperationspartner*in passt zur Suche oder zum Filter." in text


def test_directory_shows_only_the_quartiers_organisation(quartier, other_quartier, directory, manager, client_for):
    NetworkMembershipFactory(quartier=other_quartier, partner__name="Diakoniestation Eichenau")

    assert "Diakoniestation Eichenau" not in body(client_for(manager).get(list_url(quartier)))


def test_directory_pages_by_fifty(quartier, organisation, manager, client_for):
    for n in range(51):
        PartnerFactory(organisation=organisation, name=f"Verein {n:02d}")

    first = body(client_for(manager).get(list_url(quartier)))
    second = body(client_for(manager).get(list_url(quartier, page=2)))

    assert "Seite 1 von 2" in first and "Verein 49" in first and "Verein 50" not in first
    assert "Verein 50" in second


def test_partners_have_their_portal_not_the_directory(quartier, partner, client_for):
    assert client_for(partner).get(list_url(quartier)).status_code == 403


def _directory_queries(client, quartier) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(list_url(quartier))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_directory_query_count_does_not_grow(quartier, organisation, manager, client_for):
    client = client_for(manager)
    NetworkMembershipFactory(quartier=quartier)
    few = _directory_queries(client, quartier)
    for n in range(15):
        membership = NetworkMembershipFactory(quartier=quartier, partner__type=partner_type("pflege"))
        ContactFactory(partner=membership.partner)
        PartnerFactory(organisation=organisation, name=f"Außerhalb {n}")

    assert _directory_queries(client, quartier) == few


# --- a partner's page ---------------------------------------------------------------------------


def test_partner_page_shows_record_membership_and_measures(quartier, directory, viewer, client_for):
    cafe = directory["cafe"]
    measure = Measure.objects.create(quartier=quartier, title="Nachbarschaftscafé", domain="soziales")
    MeasurePartner.objects.create(measure=measure, partner=cafe, role="lead")

    text = body(client_for(viewer).get(detail_url(quartier, cafe)))

    assert "Nachbarschaftsverein Altstadt" in text and "Marktplatz 3" in text
    assert "Kernnetzwerk" in text and "aktiv" in text
    assert "Nachbarschaftscafé" in text and "federführend" in text
    assert reverse("measure_detail", kwargs={"slug": quartier.slug, "measure_id": measure.pk}) in text


def test_contacts_only_for_those_who_may_see_them(quartier, directory, viewer, developer, client_for):
    ContactFactory(partner=directory["care"], name="Petra Sonnenschein", email="p.sonnenschein@example.org")

    hidden = body(client_for(viewer).get(detail_url(quartier, directory["care"])))
    shown = body(client_for(developer).get(detail_url(quartier, directory["care"])))

    assert "p.sonnenschein@example.org" not in hidden and "Petra Sonnenschein" not in hidden
    assert "Kontaktdaten sehen nur Quartiersmanagement, Quartiersentwicklung und Koordination." in hidden
    assert "p.sonnenschein@example.org" in shown
    assert "Verlauf" not in shown  # the history is for managers


def test_partner_page_shows_memberships_in_other_quartiers_the_user_may_see(
    organisation, quartier, directory, manager, coordinator, client_for
):
    nord = QuartierFactory(organisation=organisation, name="Nordviertel", slug="nordviertel")
    NetworkMembership.objects.create(partner=directory["cafe"], quartier=nord, status="ruhend", role="arbeitsgruppe")

    as_coordinator = body(client_for(coordinator).get(detail_url(quartier, directory["cafe"])))
    as_manager = body(client_for(manager).get(detail_url(quartier, directory["cafe"])))

    assert "Nordviertel: ruhend, Arbeitsgruppe" in as_coordinator
    assert "Nordviertel" not in as_manager  # the manager of Altstadt is no member of Nordviertel


def test_another_organisations_partner_is_not_found(quartier, other_quartier, manager, client_for):
    theirs = NetworkMembershipFactory(quartier=other_quartier).partner
    client = client_for(manager)

    assert client.get(detail_url(quartier, theirs)).status_code == 404
    edit = reverse("partner_edit", kwargs={"slug": quartier.slug, "partner_id": theirs.pk})
    assert client.get(edit).status_code == 404
    assert client.post(membership_url(quartier, theirs), {"status": "aktiv", "role": "kern"}).status_code == 404
    assert not NetworkMembership.objects.filter(partner=theirs, quartier=quartier).exists()


def test_expiring_agreement_is_named_on_the_partner_page(quartier, directory, manager, client_for):
    NetworkMembership.objects.filter(partner=directory["cafe"]).update(
        agreement_signed_on=datetime.date(2025, 1, 1), agreement_until=timezone.localdate() + datetime.timedelta(30)
    )

    assert "Die Vereinbarung endet in den nächsten 60 Tagen." in body(
        client_for(manager).get(detail_url(quartier, directory["cafe"]))
    )


def test_history_shows_changes_to_managers(quartier, directory, manager, client_for):
    client = client_for(manager)
    client.post(membership_url(quartier, directory["care"]), {"status": "aktiv", "role": "kern"})

    text = body(client.get(detail_url(quartier, directory["care"])))

    assert "Verlauf" in text
    assert "Mitgliedschaft im Netzwerk geändert: aktiv · Kernnetzwerk" in text
    assert "Status" in text  # the changed fields are named


def _partner_page_queries(client, quartier, partner) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(detail_url(quartier, partner))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_partner_page_query_count_does_not_grow(organisation, quartier, directory, manager, client_for):
    cafe = directory["cafe"]
    client = client_for(manager)
    ContactFactory(partner=cafe)
    few = _partner_page_queries(client, quartier, cafe)

    for n in range(8):
        ContactFactory(partner=cafe)
        measure = Measure.objects.create(quartier=quartier, title=f"Maßnahme {n}", domain="soziales")
        MeasurePartner.objects.create(measure=measure, partner=cafe, role="support")
        other = QuartierFactory(organisation=organisation)
        MembershipFactory(quartier=other, user=manager, role=Role.MANAGER)
        NetworkMembership.objects.create(partner=cafe, quartier=other, status="aktiv")
        account = UserFactory()
        MembershipFactory(quartier=quartier, user=account, role=Role.PARTNER)
        partner_account_set(user=account, partner=cafe)
        cafe.name = f"Nachbarschaftsverein Altstadt {n}"
        cafe.save()

    assert _partner_page_queries(client, quartier, cafe) == few


# --- creating and editing -------------------------------------------------------------------------


def partner_form(**overrides) -> dict[str, object]:
    data = {
        "name": "Seniorenbüro Altstadt",
        "type": partner_type("sozialer_dienst").pk,
        "serves_soziales": "on",
        "address": "Kirchgasse 1",
        "website": "https://seniorenbuero.example",
        "description": "Beratung und Treffpunkt",
        "status": "angefragt",
    }
    data.update(overrides)
    return data


def test_manager_creates_a_partner_with_a_status_here(quartier, manager, client_for):
    response = client_for(manager).post(
        reverse("partner_create", kwargs={"slug": quartier.slug}), partner_form(status="aktiv"), follow=True
    )

    partner = Partner.objects.get(name="Seniorenbüro Altstadt")
    assert partner.organisation == quartier.organisation and partner.serves_soziales
    membership = NetworkMembership.objects.get(partner=partner, quartier=quartier)
    assert membership.status == "aktiv" and membership.since == timezone.localdate()
    assert "„Seniorenbüro Altstadt“ wurde ins Verzeichnis aufgenommen." in body(response)


def test_new_partner_starts_as_approached(quartier, manager, client_for):
    form = body(client_for(manager).get(reverse("partner_create", kwargs={"slug": quartier.slug})))
    assert '<option value="angefragt" selected>' in form

    client_for(manager).post(reverse("partner_create", kwargs={"slug": quartier.slug}), partner_form(status=""))
    partner = Partner.objects.get(name="Seniorenbüro Altstadt")
    assert not NetworkMembership.objects.filter(partner=partner).exists()


@pytest.mark.parametrize("role", ["developer", "viewer", "coordinator", "partner"])
def test_only_managers_create_and_edit_partners(request, quartier, directory, client_for, role):
    client = client_for(request.getfixturevalue(role))

    create = client.post(reverse("partner_create", kwargs={"slug": quartier.slug}), partner_form())
    edit = client.post(
        reverse("partner_edit", kwargs={"slug": quartier.slug, "partner_id": directory["shop"].pk}),
        partner_form(name="Umbenannt"),
    )
    member = client.post(membership_url(quartier, directory["shop"]), {"status": "aktiv", "role": "kern"})

    assert (create.status_code, edit.status_code, member.status_code) == (403, 403, 403)
    assert not Partner.objects.filter(name__in=["Seniorenbüro Altstadt", "Umbenannt"]).exists()
    assert not NetworkMembership.objects.filter(partner=directory["shop"]).exists()


def test_form_errors_in_german_keep_the_typed_text(quartier, directory, manager, client_for):
    long_text = "Beratung " * 300  # > 2,000 characters
    response = client_for(manager).post(
        reverse("partner_create", kwargs={"slug": quartier.slug}),
        partner_form(name="Bäckerei Korn", serves_soziales="", description=long_text, website="kein link"),
    )

    assert response.status_code == 400
    text = body(response)
    assert "Die Organisation hat bereits eine Kooperationspartner*in mit diesem Namen." in text
    assert "Bitte wählen Sie mindestens einen Bereich" in text
    assert f"höchstens {SHORT_TEXT_MAX} Zeichen" in text
    assert "Bitte eine gültige Adresse eingeben." in text
    assert "Kirchgasse 1" in text
    assert Partner.objects.count() == 4


def test_too_long_name_is_refused(quartier, manager, client_for):
    response = client_for(manager).post(
        reverse("partner_create", kwargs={"slug": quartier.slug}), partner_form(name="N" * 201)
    )

    assert response.status_code == 400
    assert "höchstens 200 Zeichen" in body(response)
    assert not Partner.objects.exists()


def test_manager_edits_a_partner(quartier, directory, manager, client_for):
    shop = directory["shop"]
    response = client_for(manager).post(
        reverse("partner_edit", kwargs={"slug": quartier.slug, "partner_id": shop.pk}),
        partner_form(name="Bäckerei Korn & Söhne", status=""),
    )

    assert response.status_code == 302
    shop.refresh_from_db()
    assert shop.name == "Bäckerei Korn & Söhne" and shop.address == "Kirchgasse 1"
    assert shop.history.count() == 2


# --- network membership -------------------------------------------------------------------------


def test_status_change_takes_and_gives_back_the_partner_users_access(
    quartier, partner_org, partner, manager, client_for
):
    portal = reverse("partner_portal", kwargs={"slug": quartier.slug})
    manager_client, partner_client = client_for(manager), client_for(partner)
    assert partner_client.get(portal).status_code == 200

    left = manager_client.post(membership_url(quartier, partner_org), {"status": "ausgetreten", "role": "kern"})
    assert left.status_code == 302
    assert client_for(partner).get(portal).status_code == 404
    assert not Membership.objects.filter(user=partner, quartier=quartier).exists()

    manager_client.post(membership_url(quartier, partner_org), {"status": "aktiv", "role": "kern"})
    assert client_for(partner).get(portal).status_code == 200

    statuses = list(
        NetworkMembership.history.filter(partner_id=partner_org.pk)
        .order_by("history_date")
        .values_list("status", flat=True)
    )
    assert statuses == ["aktiv", "ausgetreten", "aktiv"]


def test_membership_with_agreement_document_and_term(quartier, directory, manager, client_for):
    document = Document(
        quartier=quartier, title="Vereinbarung Bäckerei", original_name="v.pdf", content_type="application/pdf", size=3
    )
    document.file.save("v.pdf", ContentFile(PDF), save=True)

    response = client_for(manager).post(
        membership_url(quartier, directory["shop"]),
        {
            "status": "aktiv",
            "role": "unterstuetzer",
            "since": "2026-01-15",
            "agreement_document": document.pk,
            "agreement_signed_on": "2026-01-15",
            "agreement_until": "2027-01-14",
            "note": "Spendet Brot für das Café",
        },
        follow=True,
    )

    membership = NetworkMembership.objects.get(partner=directory["shop"], quartier=quartier)
    assert membership.agreement_document == document
    assert membership.agreement_until == datetime.date(2027, 1, 14)
    text = body(response)
    assert "„Bäckerei Korn“ ist im Netzwerk dieses Quartiers jetzt: aktiv." in text
    assert reverse("document_download", kwargs={"slug": quartier.slug, "document_id": document.pk}) in text


def test_agreement_uploaded_with_the_membership_is_stored_as_a_document(quartier, directory, manager, client_for):
    client_for(manager).post(
        membership_url(quartier, directory["shop"]),
        {
            "status": "aktiv",
            "role": "kern",
            "agreement_upload": SimpleUploadedFile("vereinbarung.pdf", PDF, "application/pdf"),
            "agreement_signed_on": "2026-02-01",
        },
    )

    membership = NetworkMembership.objects.get(partner=directory["shop"], quartier=quartier)
    assert membership.agreement_document.quartier == quartier
    assert membership.agreement_document.title == "Kooperationsvereinbarung Bäckerei Korn"


@pytest.mark.parametrize("field", ["since", "agreement_signed_on", "agreement_until"])
def test_membership_dates_outside_any_plausible_range_are_refused(quartier, directory, manager, client_for, field):
    response = client_for(manager).post(
        membership_url(quartier, directory["shop"]),
        {"status": "aktiv", "role": "kern", field: "0001-01-01", "note": "Wichtige Notiz"},
    )

    assert response.status_code == 400
    assert "Bitte ein Datum zwischen dem 01.01.1990 und dem" in body(response)
    assert "Wichtige Notiz" in body(response)
    assert not NetworkMembership.objects.filter(partner=directory["shop"]).exists()


def test_agreement_cannot_end_before_it_was_signed(quartier, directory, manager, client_for):
    response = client_for(manager).post(
        membership_url(quartier, directory["shop"]),
        {
            "status": "aktiv",
            "role": "kern",
            "agreement_signed_on": "2026-05-01",
            "agreement_until": "2026-04-01",
            "note": "Wichtige Notiz",
        },
    )

    assert response.status_code == 400
    assert "Die Vereinbarung kann nicht enden, bevor sie unterzeichnet wurde." in body(response)
    assert "Wichtige Notiz" in body(response)
    assert not NetworkMembership.objects.filter(partner=directory["shop"]).exists()


def test_another_quartiers_document_cannot_be_chosen(quartier, organisation, directory, manager, client_for):
    nord = QuartierFactory(organisation=organisation)
    theirs = Document.objects.create(
        quartier=nord, title="Fremd", original_name="f.pdf", content_type="application/pdf", size=1, file="f.pdf"
    )

    response = client_for(manager).post(
        membership_url(quartier, directory["shop"]),
        {"status": "aktiv", "role": "kern", "agreement_document": theirs.pk},
    )

    assert response.status_code == 400
    assert not NetworkMembership.objects.filter(partner=directory["shop"]).exists()


# --- accounts -------------------------------------------------------------------------------------


def test_manager_links_and_unlinks_a_partner_user(quartier, directory, manager, client_for):
    person = UserFactory(email="cafe@example.org", first_name="Clara", last_name="Café")
    MembershipFactory(quartier=quartier, user=person, role=Role.PARTNER)
    client = client_for(manager)
    cafe = directory["cafe"]

    page = body(client.get(detail_url(quartier, cafe)))
    assert "Clara Café (cafe@example.org)" in page

    link = reverse("partner_account_link", kwargs={"slug": quartier.slug, "partner_id": cafe.pk})
    client.post(link, {"user": person.pk})
    assert PartnerAccount.objects.get(user=person).partner == cafe
    assert client_for(person).get(reverse("partner_portal", kwargs={"slug": quartier.slug})).status_code == 200

    client.post(
        reverse("partner_account_unlink", kwargs={"slug": quartier.slug, "partner_id": cafe.pk, "user_id": person.pk})
    )
    assert not PartnerAccount.objects.filter(user=person).exists()
    assert client_for(person).get(reverse("partner_portal", kwargs={"slug": quartier.slug})).status_code == 404


def test_only_partner_members_of_the_quartier_can_be_linked(quartier, directory, manager, viewer, client_for):
    response = client_for(manager).post(
        reverse("partner_account_link", kwargs={"slug": quartier.slug, "partner_id": directory["cafe"].pk}),
        {"user": viewer.pk},
    )

    assert response.status_code == 400
    assert not PartnerAccount.objects.filter(user=viewer).exists()
