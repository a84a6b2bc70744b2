"""Logging, changing, confirming and returning contributions; who sees which entry."""

from __future__ import annotations

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from network.models import Contribution, ContributionStatus
from tests.factories import NetworkMembershipFactory, QuartierFactory

from .contribution_helpers import TODAY, contribution, count_queries, kind, measure_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_partner(quartier):
    return NetworkMembershipFactory(quartier=quartier, partner__name="Pflegedienst Sonnenschein").partner


def _url(name: str, quartier, **kwargs) -> str:
    return reverse(name, kwargs={"slug": quartier.slug, **kwargs})


def _text(response) -> str:
    return html.unescape(response.content.decode())


def _plain(response) -> str:
    """The page's text as a person reads it: no tags, single spaces."""
    return " ".join(re.sub(r"<[^>]+>", " ", _text(response)).split())


def _post(client, quartier, **data):
    fields = {"kind": kind("zeit").pk, "amount": "2", "date": TODAY.isoformat(), "measure": "", "description": ""}
    fields.update(data)
    return client.post(_url("contribution_create", quartier), fields)


# The form


def test_the_form_shows_every_kind_with_its_unit(quartier, partner, client_for):
    response = client_for(partner).get(_url("contribution_create", quartier))
    text = _plain(response)
    assert "Arbeitszeit (Std.)" in text
    assert "Ehrenamtliche Stunden (Std.)" in text
    assert "Geld / Kofinanzierung / Sponsoring (€)" in text
    assert "Räume (Std.)" in text
    # Described only: no unit.
    assert "Fachwissen / Daten / Zugang zu Zielgruppen Öffentlichkeitsarbeit Menge" in text
    raw = _text(response)
    assert 'inputmode="decimal"' in raw
    assert 'data-unit="none"' in raw
    assert f'value="{TODAY.isoformat()}"' in raw  # the date defaults to today
    assert "Für: Wohnbau Beispiel eG" in text


def test_the_form_offers_a_partner_only_its_own_measures(quartier, partner, partner_org, other_partner, client_for):
    measure_with(quartier, partner_org, "Nachbarschaftscafé")
    measure_with(quartier, other_partner, "Pflegesprechstunde")
    text = _text(client_for(partner).get(_url("contribution_create", quartier)))
    assert "Nachbarschaftscafé" in text
    assert "Pflegesprechstunde" not in text


@pytest.mark.parametrize("typed", ["12,5", "12.5", " 12,50 "])
def test_a_partner_logs_hours_with_comma_or_point(typed, quartier, partner, partner_org, client_for):
    client = client_for(partner)
    response = _post(client, quartier, amount=typed, description="Aufbau Sommerfest")
    assert response.status_code == 302
    entry = Contribution.objects.get()
    assert entry.amount == Decimal("12.5")
    assert entry.partner == partner_org
    assert entry.status == ContributionStatus.SUBMITTED
    assert entry.submitted_by == partner
    page = _plain(client.get(response["Location"]))
    assert "Danke! Ihr Beitrag wurde eingereicht." in page
    assert "Arbeitszeit 12,50 Std. – eingereicht" in page


@pytest.mark.parametrize(
    ("key", "amount", "message"),
    [
        ("zeit", "-3", "Die Menge kann nicht negativ sein."),
        (
            "zeit",
            "10000",
            "Mehr als 24 Stunden an einem Tag sind nicht möglich – bitte verteilen Sie die Stunden auf mehrere Tage.",
        ),
        ("ehrenamt", "24,5", "Mehr als 24 Stunden an einem Tag sind nicht möglich"),
        ("geld", "2000000", "Mehr als 1.000.000 € in einem Eintrag sind nicht plausibel"),
        ("zeit", "zwölf", "Bitte geben Sie eine Zahl ein, z. B. 12,5."),
        ("zeit", "", "Bitte geben Sie die Anzahl der Stunden an."),
        ("geld", "", "Bitte geben Sie den Betrag in Euro an."),
        ("zeit", "1,234", "höchstens 2 Dezimalstellen"),
    ],
)
def test_bad_amounts_are_refused_with_a_clear_message(key, amount, message, quartier, partner, client_for):
    response = _post(client_for(partner), quartier, kind=kind(key).pk, amount=amount, description="Mein Text")
    assert response.status_code == 400
    text = _text(response)
    assert message in text
    assert "Mein Text" in text  # what was typed stays
    assert Contribution.objects.count() == 0


def test_counts_are_limited_too():
    from network.contributions.services import amount_errors
    from network.models import ContributionKind, Unit

    count_kind = ContributionKind(key="flyer", title="Flyer", unit=Unit.COUNT)
    assert amount_errors(kind=count_kind, amount=Decimal(10_000)) == []
    assert amount_errors(kind=count_kind, amount=Decimal(10_001)) == [
        "Mehr als 10.000 Stück in einem Eintrag sind nicht plausibel – bitte prüfen Sie die Anzahl."
    ]


def test_a_described_kind_needs_no_amount_and_keeps_none(quartier, partner, client_for):
    response = _post(client_for(partner), quartier, kind=kind("wissen").pk, amount="5", description="Daten zur Pflege")
    assert response.status_code == 302
    assert Contribution.objects.get().amount is None


@pytest.mark.parametrize(
    ("date", "message"),
    [
        (TODAY + datetime.timedelta(days=400), "Das Datum darf höchstens ein Jahr in der Zukunft liegen."),
        (datetime.date(1999, 12, 31), "Bitte geben Sie ein Datum ab dem Jahr 2000 an."),
    ],
)
def test_implausible_dates_are_refused(date, message, quartier, partner, client_for):
    response = _post(client_for(partner), quartier, date=date.isoformat())
    assert response.status_code == 400
    assert message in _text(response)


def test_a_partner_cannot_count_towards_a_measure_of_another_partner_or_quartier(
    quartier, partner, other_partner, client_for
):
    foreign = measure_with(quartier, other_partner, "Pflegesprechstunde")
    elsewhere = measure_with(QuartierFactory(), other_partner, "Anderswo")
    for measure in (foreign, elsewhere):
        response = _post(client_for(partner), quartier, measure=measure.pk)
        assert response.status_code == 400
        assert "Bitte eine gültige Auswahl treffen" in _text(response)
    assert Contribution.objects.count() == 0


def test_a_manager_logs_on_behalf_of_a_partner(quartier, manager, partner_org, other_partner, client_for):
    text = _text(client_for(manager).get(_url("contribution_create", quartier)))
    assert "Pflegedienst Sonnenschein" in text and "Wohnbau Beispiel eG" in text
    cafe = measure_with(quartier, partner_org, "Nachbarschaftscafé")
    response = _post(
        client_for(manager), quartier, partner=other_partner.pk, kind=kind("geld").pk, amount="250", measure=cafe.pk
    )
    assert response.status_code == 302
    entry = Contribution.objects.get()
    assert (entry.partner, entry.amount, entry.status, entry.measure) == (
        other_partner,
        Decimal(250),
        ContributionStatus.SUBMITTED,
        cafe,
    )


@pytest.mark.parametrize("role", ["developer", "viewer", "coordinator"])
def test_readers_do_not_log(role, quartier, client_for, request):
    response = client_for(request.getfixturevalue(role)).get(_url("contribution_create", quartier))
    assert response.status_code == 403


def test_a_partner_without_a_linked_partner_is_told_so(quartier, client_for):
    from quartier.models import Role
    from tests.factories import MembershipFactory

    user = MembershipFactory(quartier=quartier, role=Role.PARTNER).user
    for name in ("contribution_create", "contribution_list", "partner_portal"):
        text = _text(client_for(user).get(_url(name, quartier)))
        assert (
            "Ihr Zugang ist noch keinem Partner zugeordnet. Bitte wenden Sie sich an das Quartiersmanagement." in text
        )


# Who sees which entry


def test_a_partner_sees_only_its_own_entries(quartier, partner, partner_org, other_partner, client_for):
    contribution(quartier, partner_org, description="Unser Sommerfest")
    theirs = contribution(quartier, other_partner, description="Pflegeberatung im Café")
    text = _text(client_for(partner).get(_url("contribution_list", quartier)))
    assert "Pflegedienst Sonnenschein" not in text
    assert "1 Eintrag" in text
    client = client_for(partner)
    assert client.get(_url("contribution_detail", quartier, contribution_id=theirs.pk)).status_code == 404
    assert client.get(_url("contribution_edit", quartier, contribution_id=theirs.pk)).status_code == 404
    assert client.post(_url("contribution_edit", quartier, contribution_id=theirs.pk), {}).status_code == 404


def test_readers_see_only_confirmed_totals(quartier, viewer, partner_org, other_partner, client_for):
    confirmed = contribution(
        quartier, partner_org, "zeit", "3", status=ContributionStatus.CONFIRMED, description="Sommerfest"
    )
    contribution(quartier, other_partner, "zeit", "5", description="noch offen")
    text = _text(client_for(viewer).get(_url("contribution_list", quartier)))
    assert "Bestätigte Stunden" in text
    assert "3 Std." in text
    assert "Sommerfest" not in text and "noch offen" not in text
    assert "Zu bestätigen" not in text
    detail = client_for(viewer).get(_url("contribution_detail", quartier, contribution_id=confirmed.pk))
    assert detail.status_code == 403


def test_managers_see_the_queue_first_and_filter(quartier, manager, partner_org, other_partner, client_for):
    contribution(
        quartier, partner_org, "zeit", "3", status=ContributionStatus.CONFIRMED, date=datetime.date(2025, 5, 1)
    )
    contribution(quartier, other_partner, "geld", "80", description="Spende Kaffee")
    text = _text(client_for(manager).get(_url("contribution_list", quartier)))
    assert text.index("Zu bestätigen") < text.index("Alle Einträge")
    assert "Spende Kaffee" in text
    filtered = _text(client_for(manager).get(_url("contribution_list", quartier), {"year": "2025"}))
    assert "1 Eintrag" in filtered
    filtered = _text(
        client_for(manager).get(
            _url("contribution_list", quartier), {"partner": other_partner.pk, "status": "bestaetigt"}
        )
    )
    assert "Kein Eintrag passt zum Filter." in filtered


# Confirming and returning


def test_return_confirm_flow_keeps_the_history(quartier, manager, partner, partner_org, client_for):
    entry = contribution(quartier, partner_org, "zeit", "4", description="Sommerfest")
    boss, member = client_for(manager), client_for(partner)

    # Returning needs a reason.
    response = boss.post(_url("contribution_return", quartier, contribution_id=entry.pk), {"reason": ""})
    assert response.status_code == 400
    assert "Bitte geben Sie an, warum der Beitrag zurückgegeben wird" in _text(response)
    entry.refresh_from_db()
    assert entry.status == ContributionStatus.SUBMITTED

    boss.post(_url("contribution_return", quartier, contribution_id=entry.pk), {"reason": "Bitte das Datum prüfen."})
    entry.refresh_from_db()
    assert (entry.status, entry.return_reason, entry.decided_by) == (
        ContributionStatus.RETURNED,
        "Bitte das Datum prüfen.",
        manager,
    )
    # The partner sees the reason, corrects the entry and so submits it again.
    assert "Bitte das Datum prüfen." in _text(member.get(_url("partner_portal", quartier)))
    assert "Bitte das Datum prüfen." in _text(member.get(_url("contribution_list", quartier)))
    response = member.post(
        _url("contribution_edit", quartier, contribution_id=entry.pk),
        {"kind": kind("zeit").pk, "amount": "5", "date": TODAY.isoformat(), "description": "Sommerfest"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.amount, entry.return_reason) == (ContributionStatus.SUBMITTED, Decimal(5), "")

    boss.post(_url("contribution_confirm", quartier, contribution_id=entry.pk))
    entry.refresh_from_db()
    assert entry.status == ContributionStatus.CONFIRMED
    # A second click finds it confirmed already: refused with a message, nothing changes.
    response = boss.post(_url("contribution_confirm", quartier, contribution_id=entry.pk), follow=True)
    assert "kann nicht von „bestätigt“ zu „bestätigt“ wechseln" in _text(response)

    # Confirmed: the partner may no longer change it; the manager may, and it stays in the history.
    assert member.get(_url("contribution_edit", quartier, contribution_id=entry.pk)).status_code == 403
    boss.post(
        _url("contribution_edit", quartier, contribution_id=entry.pk),
        {
            "partner": partner_org.pk,
            "kind": kind("zeit").pk,
            "amount": "4,5",
            "date": TODAY.isoformat(),
            "description": "Sommerfest",
        },
    )
    entry.refresh_from_db()
    assert (entry.status, entry.amount) == (ContributionStatus.CONFIRMED, Decimal("4.5"))
    text = _plain(member.get(_url("contribution_detail", quartier, contribution_id=entry.pk)))
    history = text[text.index("Verlauf") :]
    # Newest first; the arrow is read out as "zu".
    changes = [
        "Menge: 5,00 → zu 4,50",
        "Status: eingereicht → zu bestätigt",
        "Menge: 4,00 → zu 5,00",
        "Status: zurückgegeben → zu eingereicht",
        "Status: eingereicht → zu zurückgegeben",
        "erfasst",
    ]
    positions = [history.index(change) for change in changes]
    assert positions == sorted(positions)
    assert "Grund für die Rückgabe: – → zu Bitte das Datum prüfen." in history


def test_partners_and_readers_cannot_confirm_or_return(quartier, partner, viewer, partner_org, client_for):
    entry = contribution(quartier, partner_org)
    for user in (partner, viewer):
        client = client_for(user)
        assert client.post(_url("contribution_confirm", quartier, contribution_id=entry.pk)).status_code == 403
        assert (
            client.post(_url("contribution_return", quartier, contribution_id=entry.pk), {"reason": "x"}).status_code
            == 403
        )
    entry.refresh_from_db()
    assert entry.status == ContributionStatus.SUBMITTED


def test_confirm_answers_only_post(quartier, manager, partner_org, client_for):
    entry = contribution(quartier, partner_org)
    assert client_for(manager).get(_url("contribution_confirm", quartier, contribution_id=entry.pk)).status_code == 405
    entry.refresh_from_db()
    assert entry.status == ContributionStatus.SUBMITTED


def test_another_quartiers_entry_is_not_found(quartier, other_quartier, manager, client_for):
    foreign = NetworkMembershipFactory(quartier=other_quartier).partner
    entry = contribution(other_quartier, foreign)
    assert client_for(manager).get(_url("contribution_detail", quartier, contribution_id=entry.pk)).status_code == 404


# Query counts


def _many(quartier, partner_org, other_partner, n: int) -> None:
    for i in range(n):
        contribution(quartier, partner_org, "zeit", "1", status=ContributionStatus.CONFIRMED)
        contribution(quartier, other_partner, "geld", "10", measure=measure_with(quartier, other_partner, f"M{i}"))
        contribution(quartier, partner_org, "wissen", None, status=ContributionStatus.RETURNED, return_reason="x")


@pytest.mark.parametrize("role", ["manager", "partner", "viewer"])
def test_list_query_count_does_not_grow(role, quartier, partner_org, other_partner, client_for, request):
    client = client_for(request.getfixturevalue(role))
    url = _url("contribution_list", quartier)
    _many(quartier, partner_org, other_partner, 2)
    small = count_queries(client, url)
    _many(quartier, partner_org, other_partner, 8)
    assert count_queries(client, url) == small


def test_an_entry_of_a_partner_that_has_left_stays_correctable(quartier, manager, other_partner, client_for):
    from network.models import NetworkMembership

    entry = contribution(quartier, other_partner, "zeit", "2")
    NetworkMembership.objects.filter(partner=other_partner).update(status="ausgetreten")
    response = client_for(manager).post(
        _url("contribution_edit", quartier, contribution_id=entry.pk),
        {"partner": other_partner.pk, "kind": kind("zeit").pk, "amount": "3", "date": TODAY.isoformat()},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.amount == Decimal(3)
    # New entries only for active partners.
    response = _post(client_for(manager), quartier, partner=other_partner.pk)
    assert response.status_code == 400


@pytest.mark.parametrize(
    "name", ["contribution_list", "contribution_summary", "contribution_export_csv", "contribution_export_xlsx"]
)
def test_read_only_pages_refuse_a_post(name, quartier, manager, client_for):
    response = client_for(manager).post(_url(name, quartier), {"anything": "1"})
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
