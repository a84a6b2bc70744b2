"""The partners of a measure: one lead, supporting partners, only the quartier's network."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from network.measures.selectors import partner_candidates, partners_of_measure
from network.measures.services import measure_partners_set
from network.models import MeasurePartner, MeasureRole
from planning.measures.models import Measure
from tests.factories import NetworkMembershipFactory, PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure(quartier):
    return Measure.objects.create(quartier=quartier, title="Nachbarschaftscafé", domain="soziales")


def member(quartier, name: str, status: str = "aktiv"):
    return NetworkMembershipFactory(quartier=quartier, partner__name=name, status=status).partner


def roles(measure) -> dict[str, str]:
    return dict(MeasurePartner.objects.filter(measure=measure).values_list("partner__name", "role"))


def test_lead_and_supporting_partners_are_saved_and_replaced(quartier, measure, manager):
    sonne, kirche, verein = (
        member(quartier, n) for n in ("Pflegedienst Sonnenschein", "Kirchengemeinde", "Turnverein")
    )
    measure_partners_set(measure_id=measure.pk, user=manager, lead=sonne, supporting=[kirche, verein])
    assert roles(measure) == {
        "Pflegedienst Sonnenschein": "lead",
        "Kirchengemeinde": "support",
        "Turnverein": "support",
    }

    # The lead changes hands; the old lead now supports; one partner leaves the measure.
    measure_partners_set(measure_id=measure.pk, user=manager, lead=kirche, supporting=[sonne])
    assert roles(measure) == {"Kirchengemeinde": "lead", "Pflegedienst Sonnenschein": "support"}
    assert MeasurePartner.objects.filter(measure=measure, role=MeasureRole.LEAD).count() == 1


def test_changes_are_kept_in_the_history_with_who_made_them(quartier, measure, manager):
    sonne, kirche = member(quartier, "Pflegedienst Sonnenschein"), member(quartier, "Kirchengemeinde")
    measure_partners_set(measure_id=measure.pk, user=manager, lead=sonne, supporting=[kirche])
    measure_partners_set(measure_id=measure.pk, user=manager, lead=None, supporting=[kirche])
    history = MeasurePartner.history.filter(measure_id=measure.pk).order_by("history_date")
    assert [(h.partner.name, h.history_type) for h in history if h.partner_id == sonne.pk] == [
        ("Pflegedienst Sonnenschein", "+"),
        ("Pflegedienst Sonnenschein", "-"),
    ]
    assert {h.history_user for h in history} == {manager}


def test_a_partner_named_as_lead_and_supporter_leads(quartier, measure, manager):
    sonne = member(quartier, "Pflegedienst Sonnenschein")
    measure_partners_set(measure_id=measure.pk, user=manager, lead=sonne, supporting=[sonne])
    assert roles(measure) == {"Pflegedienst Sonnenschein": "lead"}


def test_partner_of_another_organisation_is_refused(quartier, other_quartier, measure, manager):
    foreign = NetworkMembershipFactory(quartier=other_quartier, partner__name="Fremder Verein").partner
    with pytest.raises(ValidationError):
        measure_partners_set(measure_id=measure.pk, user=manager, lead=foreign)
    # Not even when someone puts it into this quartier's network by mistake.
    NetworkMembershipFactory(quartier=quartier, partner=foreign)
    with pytest.raises(ValidationError):
        measure_partners_set(measure_id=measure.pk, user=manager, lead=None, supporting=[foreign])
    assert roles(measure) == {}


def test_partners_who_left_or_are_outside_the_network_are_refused(quartier, organisation, measure, manager):
    left = member(quartier, "Ausgetretener Verein", status="ausgetreten")
    outside = PartnerFactory(organisation=organisation, name="Nicht im Netzwerk")
    for partner in (left, outside):
        with pytest.raises(ValidationError):
            measure_partners_set(measure_id=measure.pk, user=manager, lead=partner)
    assert roles(measure) == {}


def test_a_partner_already_in_the_measure_stays_choosable_after_leaving(quartier, measure, manager):
    sonne = member(quartier, "Pflegedienst Sonnenschein")
    measure_partners_set(measure_id=measure.pk, user=manager, lead=sonne)
    sonne.memberships.update(status="ausgetreten")
    assert sonne in partner_candidates(quartier=quartier, measure=measure)
    measure_partners_set(measure_id=measure.pk, user=manager, lead=None, supporting=[sonne])
    assert roles(measure) == {"Pflegedienst Sonnenschein": "support"}


def test_candidates_include_approached_and_dormant_partners(quartier, measure):
    for name, status in (("A", "aktiv"), ("B", "angefragt"), ("C", "ruhend"), ("D", "ausgetreten")):
        member(quartier, name, status)
    assert [p.name for p in partner_candidates(quartier=quartier, measure=measure)] == ["A", "B", "C"]


@pytest.mark.parametrize("role", ["developer", "viewer", "coordinator"])
def test_only_who_steers_measures_or_the_network_may_choose(role, quartier, measure, request):
    sonne = member(quartier, "Pflegedienst Sonnenschein")
    with pytest.raises(PermissionDenied):
        measure_partners_set(measure_id=measure.pk, user=request.getfixturevalue(role), lead=sonne)


def test_measure_page_shows_lead_and_supporting_partners(quartier, measure, manager, viewer, client_for):
    sonne, kirche = member(quartier, "Pflegedienst Sonnenschein"), member(quartier, "Kirchengemeinde")
    measure_partners_set(measure_id=measure.pk, user=manager, lead=sonne, supporting=[kirche])
    url = reverse("measure_detail", args=[quartier.slug, measure.pk])
    page = client_for(viewer).get(url).content.decode()
    assert "Federführende*r Partner*in" in page
    assert "Pflegedienst Sonnenschein" in page and "Kirchengemeinde" in page
    assert "Partner*innen wählen" not in page  # readers do not choose

    page = client_for(manager).get(url).content.decode()
    assert reverse("measure_partners", args=[quartier.slug, measure.pk]) in page


def test_measure_page_without_partners_says_so(quartier, measure, manager, client_for):
    page = client_for(manager).get(reverse("measure_detail", args=[quartier.slug, measure.pk])).content.decode()
    assert "An dieser Maßnahme ist noch keine Partner*in beteiligt." in page


def test_form_saves_and_returns_to_the_measure(quartier, measure, manager, client_for):
    sonne, kirche = member(quartier, "Pflegedienst Sonnenschein"), member(quartier, "Kirchengemeinde")
    url = reverse("measure_partners", args=[quartier.slug, measure.pk])
    client = client_for(manager)
    page = client.get(url).content.decode()
    assert "Pflegedienst Sonnenschein" in page and "Unterstützende Partner*innen" in page

    response = client.post(url, {"lead": sonne.pk, "supporting": [kirche.pk]})
    assert response.status_code == 302
    assert response["Location"] == reverse("measure_detail", args=[quartier.slug, measure.pk])
    assert roles(measure) == {"Pflegedienst Sonnenschein": "lead", "Kirchengemeinde": "support"}


def test_form_refuses_lead_also_as_supporter_and_a_foreign_partner(
    quartier, other_quartier, measure, manager, client_for
):
    sonne = member(quartier, "Pflegedienst Sonnenschein")
    foreign = NetworkMembershipFactory(quartier=other_quartier, partner__name="Fremder Verein").partner
    url = reverse("measure_partners", args=[quartier.slug, measure.pk])
    client = client_for(manager)

    response = client.post(url, {"lead": sonne.pk, "supporting": [sonne.pk]})
    assert response.status_code == 400
    assert "ist schon federführend" in response.content.decode()

    response = client.post(url, {"lead": foreign.pk})
    assert response.status_code == 400
    assert "Bitte wählen Sie eine Partner*in aus dem Netzwerk dieses Quartiers." in response.content.decode()

    response = client.post(url, {"lead": "kein-partner"})
    assert response.status_code == 400
    assert roles(measure) == {}


def test_measure_of_another_quartier_is_404(quartier, other_quartier, manager, client_for):
    foreign = Measure.objects.create(quartier=other_quartier, title="Fremd", domain="wohnen")
    response = client_for(manager).get(reverse("measure_partners", args=[quartier.slug, foreign.pk]))
    assert response.status_code == 404


def test_empty_network_is_explained(quartier, measure, manager, client_for):
    page = client_for(manager).get(reverse("measure_partners", args=[quartier.slug, measure.pk])).content.decode()
    assert "Das Netzwerk des Quartiers hat noch keine Partner*innen." in page


def test_the_partner_page_lists_the_measures_with_the_partners_role(quartier, measure, manager, client_for):
    sonne = member(quartier, "Pflegedienst Sonnenschein")
    other = Measure.objects.create(quartier=quartier, title="Bank am Marktplatz", domain="wohnen")
    measure_partners_set(measure_id=measure.pk, user=manager, lead=sonne)
    measure_partners_set(measure_id=other.pk, user=manager, lead=None, supporting=[sonne])

    page = client_for(manager).get(reverse("partner_detail", args=[quartier.slug, sonne.pk])).content.decode()
    measures = page[page.index('id="h-measures"') :]
    assert "unterstützend · geplant" in measures and "federführend · geplant" in measures
    assert partners_of_measure(measure=measure).lead == sonne


def test_measure_page_query_count_does_not_grow_with_partners(quartier, measure, manager, client_for):
    client = client_for(manager)
    url = reverse("measure_detail", args=[quartier.slug, measure.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    measure_partners_set(measure_id=measure.pk, user=manager, lead=member(quartier, "A"))
    few = count()
    partners = [member(quartier, f"Partner {i}") for i in range(8)]
    measure_partners_set(measure_id=measure.pk, user=manager, lead=partners[0], supporting=partners[1:])
    assert count() == few
