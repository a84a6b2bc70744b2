"""Steps 4 and 6 accept the network's objects as evidence: partners approached, agreements
signed (network memberships) and meetings, minuted ones first."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from network.evidence_sources import meeting_label, membership_label
from network.models import Meeting
from planning.evidence_objects import EXTRA_KINDS_BY_STEP, REGISTRY, kinds_for
from planning.models import ChecklistItem, Evidence
from tests.factories import NetworkMembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sonnenschein(quartier):
    return NetworkMembershipFactory(
        quartier=quartier,
        partner__name="Pflegedienst Sonnenschein",
        status="aktiv",
        agreement_signed_on=date(2025, 1, 1),
        agreement_until=date(2027, 12, 31),
    )


@pytest.fixture
def approached(quartier):
    return NetworkMembershipFactory(quartier=quartier, partner__name="Turnverein 1890", status="angefragt")


@pytest.fixture
def meetings(quartier):
    minuted = Meeting.objects.create(
        quartier=quartier,
        title="Frühjahrstreffen",
        starts_at=datetime(2026, 3, 12, 17, tzinfo=UTC),
        minutes="Café startet im Mai.",
    )
    later = Meeting.objects.create(
        quartier=quartier, title="Sommertreffen", starts_at=datetime(2026, 7, 2, 17, tzinfo=UTC)
    )
    return minuted, later


def test_labels_say_status_agreement_and_minutes(sonnenschein, approached, meetings):
    assert membership_label(sonnenschein) == "Pflegedienst Sonnenschein – aktiv, Vereinbarung bis 31.12.2027"
    assert membership_label(approached) == "Turnverein 1890 – angefragt"
    minuted, later = meetings
    assert meeting_label(minuted) == "Netzwerktreffen „Frühjahrstreffen“ am 12.03.2026 – Protokoll: ja"
    assert meeting_label(later) == "Netzwerktreffen „Sommertreffen“ am 02.07.2026 – Protokoll: nein"


def test_candidates_are_the_quartiers_own_minuted_meetings_first(quartier, other_quartier, sonnenschein, meetings):
    NetworkMembershipFactory(quartier=other_quartier, partner__name="Fremder Verein")
    Meeting.objects.create(quartier=other_quartier, title="Fremdes Treffen", starts_at=meetings[0].starts_at)
    assert [m.title for m in REGISTRY["meeting"].candidates(quartier)] == ["Frühjahrstreffen", "Sommertreffen"]
    assert [m.partner.name for m in REGISTRY["partner_agreement"].candidates(quartier)] == ["Pflegedienst Sonnenschein"]


def test_steps_4_and_6_accept_partners_and_meetings_and_step_3_keeps_its_own():
    for number in (4, 6):
        assert {"partner_agreement", "meeting"} <= set(kinds_for(object_kind="", step_number=number))
    # Step 3 keeps the analysis (participation adds its surveys, events and ideas); no network objects.
    assert EXTRA_KINDS_BY_STEP[3][:3] == ("indicator_values", "facility", "analysis")
    assert not {"partner_agreement", "meeting"} & set(EXTRA_KINDS_BY_STEP[3])


def _item(quartier, number: int, object_kind: str) -> ChecklistItem:
    return ChecklistItem.objects.get(step__quartier=quartier, step__template__number=number, object_kind=object_kind)


@pytest.mark.parametrize(
    ("number", "object_kind"), [(4, "partner_agreement"), (6, "partner_agreement"), (6, "meeting")]
)
def test_step_pages_offer_the_networks_objects(
    number, object_kind, quartier, sonnenschein, approached, meetings, manager, client_for
):
    page = client_for(manager).get(reverse("step_detail", args=[quartier.slug, number])).content.decode()
    assert "Pflegedienst Sonnenschein – aktiv, Vereinbarung bis 31.12.2027" in page
    assert "Turnverein 1890 – angefragt" in page
    assert "Netzwerktreffen „Frühjahrstreffen“ am 12.03.2026 – Protokoll: ja" in page
    assert f'value="partner_agreement:{sonnenschein.pk}"' in page
    assert f'value="meeting:{meetings[0].pk}"' in page


@pytest.mark.parametrize(("number", "object_kind"), [(4, "partner_agreement"), (6, "meeting")])
def test_linking_a_network_object_shows_its_label_on_the_step_page(
    number, object_kind, quartier, sonnenschein, meetings, manager, client_for
):
    item = _item(quartier, number, object_kind)
    client = client_for(manager)
    # Step 4's item takes a meeting too, step 6's meeting item an agreement.
    for value, label in (
        (f"partner_agreement:{sonnenschein.pk}", "Pflegedienst Sonnenschein – aktiv, Vereinbarung bis 31.12.2027"),
        (f"meeting:{meetings[0].pk}", "Netzwerktreffen „Frühjahrstreffen“ am 12.03.2026 – Protokoll: ja"),
    ):
        response = client.post(reverse("evidence_link", args=[quartier.slug, item.pk]), {"object": value})
        assert response.status_code == 302
        assert Evidence.objects.filter(item=item, label=label).exists()
    page = client.get(reverse("step_detail", args=[quartier.slug, number])).content.decode()
    # Shown as linked evidence of the item (the page of the object does not exist yet or is linked).
    for label in ("Pflegedienst Sonnenschein – aktiv, Vereinbarung bis 31.12.2027", "Protokoll: ja"):
        assert re.search(rf"{re.escape(label)}(</a>)? \(verknüpft\)", page), label


def test_an_object_of_another_quartier_cannot_be_linked(quartier, other_quartier, manager, client_for):
    foreign = NetworkMembershipFactory(quartier=other_quartier, partner__name="Fremder Verein")
    item = _item(quartier, 4, "partner_agreement")
    client_for(manager).post(
        reverse("evidence_link", args=[quartier.slug, item.pk]), {"object": f"partner_agreement:{foreign.pk}"}
    )
    assert not Evidence.objects.filter(item=item).exists()
