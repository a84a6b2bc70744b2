"""The Fortschrittsbericht's section „Netzwerk und Beiträge“: partners by role and domain, expiring
agreements, confirmed contributions, meetings and action items, and the slot for the network graph."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from evaluation import services
from evaluation.report_context import network_report, report_context
from network.models import ActionItem, Contribution, ContributionKind, Meeting, MeetingKind, Partner
from tests.factories import NetworkMembershipFactory, partner_type

from .utils import html_text, pdf_text

pytestmark = pytest.mark.django_db


def _today() -> datetime.date:
    return timezone.localdate()


def _at(days: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def _contribution(quartier, partner, kind: str, amount, status: str = "bestaetigt") -> Contribution:
    return Contribution.objects.create(
        quartier=quartier,
        partner=partner,
        kind=ContributionKind.objects.get(key=kind),
        amount=None if amount is None else Decimal(amount),
        date=_today(),
        status=status,
    )


@pytest.fixture
def networked(quartier, partner_org, manager):
    """Altstadt's network: partners in every role, an expiring agreement, contributions, meetings."""
    today = _today()
    care = NetworkMembershipFactory(
        quartier=quartier,
        partner__name="Pflegedienst Sonnenschein",
        partner__type=partner_type("pflege"),
        partner__serves_soziales=False,
        partner__serves_pflege=True,
        role="arbeitsgruppe",
        agreement_signed_on=today - datetime.timedelta(days=300),
        agreement_until=today + datetime.timedelta(days=30),
    ).partner
    club = NetworkMembershipFactory(
        quartier=quartier, partner__name="Heimatverein Altstadt", role="unterstuetzer"
    ).partner
    NetworkMembershipFactory(quartier=quartier, partner__name="Bäckerei Kornblume", status="ausgetreten")
    NetworkMembershipFactory(
        quartier=quartier,
        partner__name="Seniorenbüro",
        status="angefragt",
        agreement_signed_on=today - datetime.timedelta(days=10),
        agreement_until=today + datetime.timedelta(days=700),
    )
    _contribution(quartier, partner_org, "raeume", "6")
    _contribution(quartier, partner_org, "zeit", "4.5")
    _contribution(quartier, care, "zeit", "12")
    _contribution(quartier, club, "geld", "1250")
    _contribution(quartier, club, "sachleistung", "150")
    _contribution(quartier, club, "wissen", None)
    _contribution(quartier, partner_org, "zeit", "40", status="zurueckgegeben")
    _contribution(quartier, partner_org, "geld", "99", status="eingereicht")
    held = Meeting.objects.create(
        quartier=quartier, kind=MeetingKind.NETWORK, title="Netzwerktreffen", starts_at=_at(-40)
    )
    Meeting.objects.create(quartier=quartier, kind=MeetingKind.CONFERENCE, title="Konferenz", starts_at=_at(-200))
    Meeting.objects.create(quartier=quartier, kind=MeetingKind.NETWORK, title="Vor langer Zeit", starts_at=_at(-400))
    Meeting.objects.create(quartier=quartier, kind=MeetingKind.NETWORK, title="Nächstes Treffen", starts_at=_at(9))
    ActionItem.objects.create(meeting=held, task="Flyer", due_date=today - datetime.timedelta(days=3))
    ActionItem.objects.create(meeting=held, task="Raum", due_date=today + datetime.timedelta(days=3))
    ActionItem.objects.create(meeting=held, task="Protokoll", done=True)
    return quartier


def test_network_report_counts_what_the_section_shows(networked):
    report = network_report(quartier=networked, today=_today())

    assert report.active_partners == 3
    roles = {r.key: r.partners for r in report.roles}
    assert roles == {
        "kern": ("Wohnbau Beispiel eG",),
        "arbeitsgruppe": ("Pflegedienst Sonnenschein",),
        "unterstuetzer": ("Heimatverein Altstadt",),
    }
    # Active partners only: the partner who left and the one approached do not count.
    coverage = {d.key: (d.partners, d.too_few) for d in report.coverage}
    # Two active partners are enough (the network page draws the same line).
    assert coverage == {"wohnen": (0, True), "soziales": (2, False), "pflege": (1, True)}
    assert [m.partner.name for m in report.expiring_agreements] == ["Pflegedienst Sonnenschein"]
    by_kind = {k.key: (k.amount, k.entries) for k in report.confirmed_by_kind}
    assert by_kind == {
        "zeit": (Decimal("16.5"), 2),
        "geld": (Decimal("1250"), 1),
        "raeume": (Decimal("6"), 1),
        "sachleistung": (Decimal("150"), 1),
        "wissen": (Decimal("0"), 1),
    }
    # Hours: working time and rooms; euros: money and material. Returned and waiting entries do not count.
    assert report.confirmed_hours == Decimal("22.5")
    assert report.confirmed_euros == Decimal("1400")
    assert report.meetings_last_year == 2
    assert (report.open_action_items, report.overdue_action_items) == (2, 1)


def test_network_report_queries_do_not_grow_with_the_network(networked, quartier):
    with CaptureQueriesContext(connection) as small:
        network_report(quartier=quartier, today=_today())
    for n in range(15):
        member = NetworkMembershipFactory(quartier=quartier, role=["kern", "arbeitsgruppe", "unterstuetzer"][n % 3])
        _contribution(quartier, member.partner, "ehrenamt", n + 1)
        meeting = Meeting.objects.create(quartier=quartier, title=f"Treffen {n}", starts_at=_at(-n - 1))
        ActionItem.objects.create(meeting=meeting, task="Aufgabe")
    with CaptureQueriesContext(connection) as large:
        report = network_report(quartier=quartier, today=_today())

    assert len(large) == len(small)
    assert report.active_partners == 18


def _section(context: dict, language: str) -> str:
    with translation.override(language):
        return html_text(render_to_string("pdf/report_network.html", context))


def test_the_section_in_german(networked):
    with translation.override("de"):
        context = report_context(quartier=networked, today=_today())
    text = _section(context, "de")

    assert "Netzwerk und Beiträge" in text
    assert "3 aktive Kooperationspartner*innen im lokalen Netzwerk." in text
    assert "Kernnetzwerk 1 Wohnbau Beispiel eG" in text
    assert "Arbeitsgruppe 1 Pflegedienst Sonnenschein" in text
    assert "Unterstützer*in 1 Heimatverein Altstadt" in text
    assert "Wohnen 0 ⚠ zu wenige Kooperationspartner*innen" in text
    until = _today() + datetime.timedelta(days=30)
    assert f"Pflegedienst Sonnenschein: Kooperationsvereinbarung läuft bis {until.day}." in text
    assert "Arbeitszeit 2 16,5 Std." in text
    assert "Geld / Kofinanzierung / Sponsoring 1 1.250,00 €" in text
    assert "Fachwissen / Daten / Zugang zu Zielgruppen 1 nur beschrieben" in text
    assert "Stunden insgesamt 22,5 Std." in text
    assert "Euro insgesamt (Geld und Sachleistungen) 1.400,00 €" in text
    assert "2 Treffen in den letzten 12 Monaten. 2 offene Aufgaben, ⚠ davon 1 überfällig" in text
    # No graph drawn yet: no heading for it either.
    assert context["network_graph_svg"] is None
    assert "Netzwerkbild" not in text


def test_the_section_in_english(networked):
    with translation.override("en"):
        context = report_context(quartier=networked, today=_today())
    text = _section(context, "en")

    assert "Network and contributions" in text
    assert "3 active partners in the local network." in text
    assert "Core network 1 Wohnbau Beispiel eG" in text
    assert "Housing 0 ⚠ too few partners" in text
    assert "Arbeitszeit 2 16.5 h" in text  # the catalogue's titles are data, in German
    assert "Euros in total (money and in-kind) 1,400.00 €" in text
    assert "2 meetings in the last 12 months. 2 open action items, ⚠ 1 of them overdue" in text


def test_the_section_of_a_quartier_without_a_network(quartier):
    with translation.override("de"):
        context = report_context(quartier=quartier, today=_today())
    text = _section(context, "de")

    assert "0 aktive Kooperationspartner*innen im lokalen Netzwerk." in text
    assert "Noch sind keine Kooperationspartner*innen im Netzwerk aktiv." in text
    assert "In den nächsten 60 Tagen läuft keine Kooperationsvereinbarung aus." in text
    assert "Noch keine Beiträge bestätigt." in text
    assert "0 Treffen in den letzten 12 Monaten. 0 offene Aufgaben." in text


def test_the_network_graph_goes_in_when_partners_share_something(networked, partner_org):
    # Two partners present at the same meeting are linked; the rest of the network has no link.
    held = Meeting.objects.get(quartier=networked, title="Netzwerktreffen")
    care = Partner.objects.get(name="Pflegedienst Sonnenschein")
    held.present.add(partner_org, care)
    with translation.override("de"):
        context = report_context(quartier=networked, today=_today())
        html = render_to_string("pdf/report_network.html", context)

    assert '<figure class="network-graph"><svg' in html
    text = html_text(html)
    assert "Netzwerkbild" in text
    assert "Am stärksten vernetzt: " in text and "Wohnbau Beispiel eG (1)" in text
    assert "Ohne Verbindung: Heimatverein Altstadt" in text


def test_the_pdf_has_the_network_section(networked):
    text = pdf_text(services.render_progress_pdf(quartier=networked, language="de"))

    assert "Netzwerk und Beiträge" in text
    assert "Stunden insgesamt 22,5 Std." in text
    assert "Pflegedienst Sonnenschein: Kooperationsvereinbarung läuft bis" in text


def test_the_section_sums_confirmed_contributions_per_partner_measure_and_year(networked):
    with translation.override("de"):
        context = report_context(quartier=networked, today=_today())
    text = _section(context, "de")

    # Confirmed only: the returned 40 hours and the submitted 99 € of Wohnbau Beispiel eG do not count.
    assert "Je Kooperationspartner*in" in text
    assert "Wohnbau Beispiel eG 2 10,5 Std. 0,00 €" in text
    assert "Heimatverein Altstadt 3 0 Std. 1.400,00 €" in text
    assert "Je Maßnahme" in text and "keine bestimmte Maßnahme 6 22,5 Std. 1.400,00 €" in text
    assert f"Je Jahr Einträge Stunden Euro {_today().year} 6 22,5 Std. 1.400,00 €" in text
