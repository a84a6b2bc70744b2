"""Objects of the app (facilities, indicator values, the analysis, goals…) linked as checklist evidence."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planning import services
from planning.analysis.assessment_services import domain_assessment_update
from planning.evidence_objects import REGISTRY
from planning.models import (
    ChecklistItem,
    Evidence,
    EvidenceKind,
    Facility,
    FacilityCategory,
    FundingKind,
    FundingSource,
    Goal,
    Indicator,
    IndicatorValue,
    Measure,
    StepStatus,
)

from .geo import X0, Y0, add_facility


def item_of(quartier, number: int, object_kind: str) -> ChecklistItem:
    return (
        ChecklistItem.objects.filter(step__quartier=quartier, step__template__number=number, object_kind=object_kind)
        .order_by("position")
        .first()
    )


def link(client, quartier, item, value: str):
    return client.post(reverse("evidence_link", args=[quartier.slug, item.pk]), {"object": value}, follow=True)


def text(response) -> str:
    return response.content.decode()


def step_url(quartier, number: int = 3) -> str:
    return reverse("step_detail", args=[quartier.slug, number])


@pytest.fixture
def facility(quartier) -> Facility:
    return add_facility(quartier, "apotheke", X0, Y0, name="Löwen-Apotheke")


def test_a_facility_is_linked_to_the_facilities_item(client_for, manager, quartier, facility):
    item = item_of(quartier, 3, "facility")

    response = link(client_for(manager), quartier, item, f"facility:{facility.pk}")

    evidence = Evidence.objects.get(item=item)
    assert (evidence.kind, evidence.linked_object, evidence.label) == (
        EvidenceKind.OBJECT,
        facility,
        "Löwen-Apotheke (Apotheke)",
    )
    item.refresh_from_db()
    assert item.done and item.step.status == StepStatus.IN_PROGRESS
    body = text(response)
    assert "Der Nachweis wurde hinzugefügt." in body
    facilities = reverse("facility_list", args=[quartier.slug])
    assert f'<a href="{facilities}">Löwen-Apotheke (Apotheke)</a> (verknüpft)' in body


def test_step_3_items_also_take_the_analysis(client_for, manager, quartier):
    assessment = domain_assessment_update(
        quartier=quartier, user=manager, domain="wohnen", strengths="Kurze Wege", weaknesses=""
    )
    item = item_of(quartier, 3, "indicator_values")

    response = link(client_for(manager), quartier, item, f"analysis:{assessment.pk}")

    evidence = Evidence.objects.get(item=item)
    assert evidence.label == "Stärken und Schwächen: Wohnen"
    anchor = f"{reverse('analysis', args=[quartier.slug])}#domain-wohnen"
    assert f'<a href="{anchor}">Stärken und Schwächen: Wohnen</a> (verknüpft)' in text(response)


def test_the_latest_value_of_each_indicator_is_offered(manager, quartier):
    population = Indicator.objects.get(code="POP")
    for year, value in ((2024, "4105"), (2025, "4210")):
        IndicatorValue.objects.create(
            quartier=quartier, indicator=population, value=Decimal(value), reference_date=datetime.date(year, 12, 31)
        )
    share = Indicator.objects.get(code="POP80")
    IndicatorValue.objects.create(
        quartier=quartier, indicator=share, value=Decimal("7.5"), reference_date=datetime.date(2025, 6, 30)
    )
    source = REGISTRY["indicator_values"]

    labels = [source.label(v) for v in source.candidates(quartier)]

    assert labels == ["Einwohnerzahl: 4.210 Personen (31.12.2025)", "Anteil 80 Jahre und älter: 7,5 % (30.06.2025)"]


def test_another_quartiers_object_is_refused(client_for, manager, quartier, other_quartier):
    theirs = add_facility(other_quartier, "apotheke", X0, Y0, name="Fremde Apotheke")
    item = item_of(quartier, 3, "facility")

    response = link(client_for(manager), quartier, item, f"facility:{theirs.pk}")

    assert response.status_code == 200
    assert "Dieser Eintrag kann hier nicht verknüpft werden." in text(response)
    assert not Evidence.objects.exists()


def test_a_kind_the_item_does_not_take_is_refused(client_for, manager, quartier, facility):
    goal = Goal.objects.create(quartier=quartier, domain="wohnen", title="Mehr Bänke")
    client = client_for(manager)

    on_step_3 = link(client, quartier, item_of(quartier, 3, "facility"), f"goal:{goal.pk}")
    on_step_1 = link(client, quartier, item_of(quartier, 1, "leitbild"), f"facility:{facility.pk}")

    for response in (on_step_3, on_step_1):
        assert "Dieser Punkt der Checkliste nimmt solche Einträge nicht als Nachweis an." in text(response)
    assert not Evidence.objects.exists()


def test_the_service_refuses_an_unknown_kind_and_a_missing_object(manager, quartier, facility):
    item = item_of(quartier, 3, "facility")

    with pytest.raises(services.WorkflowError):
        services.evidence_link_object(item_id=item.pk, user=manager, kind="boundary", object_id=quartier.pk)
    with pytest.raises(services.WorkflowError):
        services.evidence_link_object(item_id=item.pk, user=manager, kind="facility", object_id=facility.pk + 99)
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("value", ["", "facility", "facility:", "facility:abc", "facility:-1", "x" * 500])
def test_a_garbled_choice_is_explained(client_for, manager, quartier, value):
    response = link(client_for(manager), quartier, item_of(quartier, 3, "facility"), value)

    assert response.status_code == 200
    assert "Bitte wählen Sie einen Eintrag aus der Liste." in text(response)
    assert not Evidence.objects.exists()


def test_the_same_object_twice_is_refused(client_for, manager, quartier, facility):
    client = client_for(manager)
    item = item_of(quartier, 3, "facility")
    link(client, quartier, item, f"facility:{facility.pk}")

    response = link(client, quartier, item, f"facility:{facility.pk}")

    assert "Dieser Eintrag ist mit dem Punkt schon verknüpft." in text(response)
    assert Evidence.objects.count() == 1


def test_a_viewer_cannot_link(client_for, viewer, quartier, facility):
    item = item_of(quartier, 3, "facility")

    response = client_for(viewer).post(
        reverse("evidence_link", args=[quartier.slug, item.pk]), {"object": f"facility:{facility.pk}"}
    )

    assert response.status_code == 403
    assert not Evidence.objects.exists()


def test_an_item_of_another_quartier_is_not_found(client_for, manager, quartier, other_quartier, facility):
    theirs = item_of(other_quartier, 3, "facility")

    response = client_for(manager).post(
        reverse("evidence_link", args=[quartier.slug, theirs.pk]), {"object": f"facility:{facility.pk}"}
    )

    assert response.status_code == 404


def test_the_step_page_offers_the_objects_grouped_by_kind(client_for, manager, quartier, facility):
    domain_assessment_update(quartier=quartier, user=manager, domain="pflege", strengths="", weaknesses="Kein Arzt")
    domain_assessment_update(quartier=quartier, user=manager, domain="wohnen", strengths="", weaknesses="")

    body = text(client_for(manager).get(step_url(quartier)))

    assert body.count("Aus der App verknüpfen") == 5  # every item of step 3
    assert '<optgroup label="Einrichtungen und Angebote">' in body
    assert f'<option value="facility:{facility.pk}">Löwen-Apotheke (Apotheke)</option>' in body
    assert '<optgroup label="Stärken und Schwächen">' in body
    assert ">Stärken und Schwächen: Hilfe und Pflege</option>" in body
    assert ">Stärken und Schwächen: Wohnen</option>" not in body  # nothing written there yet
    # No indicator values yet: said so, without a link while the indicator pages are not there.
    assert "In diesem Quartier gibt es noch keine Indikatorwerte." in body


def test_a_linked_object_is_no_longer_offered_on_its_item(client_for, manager, quartier, facility):
    client = client_for(manager)
    link(client, quartier, item_of(quartier, 3, "facility"), f"facility:{facility.pk}")

    body = text(client.get(step_url(quartier)))

    assert body.count(f'<option value="facility:{facility.pk}">') == 4  # the other four items


def test_without_objects_the_step_page_says_where_they_are_made(client_for, manager, quartier):
    body = text(client_for(manager).get(step_url(quartier)))

    assert "Aus der App verknüpfen" not in body
    assert "In diesem Quartier gibt es noch keine Einrichtungen und Angebote." in body
    assert f'<a href="{reverse("analysis", args=[quartier.slug])}">Stärken und Schwächen erfassen</a>' in body


def test_readers_get_no_link_form(client_for, viewer, quartier, facility):
    body = text(client_for(viewer).get(step_url(quartier)))

    assert "Aus der App verknüpfen" not in body and "noch keine" not in body


def test_goals_measures_and_funding_are_offered_where_asked_for(manager, quartier, other_quartier):
    goal = Goal.objects.create(quartier=quartier, domain="soziales", title="Mehr Begegnung")
    Goal.objects.create(quartier=other_quartier, domain="soziales", title="Fremdes Ziel")
    measure = Measure.objects.create(quartier=quartier, domain="soziales", title="Nachbarschaftscafé")
    funding = FundingSource.objects.create(
        quartier=quartier,
        kind=FundingKind.objects.first(),
        title="Quartiersfonds",
        funder="Stadt",
        amount=Decimal("5000"),
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
    )

    linked = [
        services.evidence_link_object(item_id=item_of(quartier, n, kind).pk, user=manager, kind=kind, object_id=obj.pk)
        for n, kind, obj in ((5, "goal", goal), (7, "measure", measure), (7, "funding", funding))
    ]

    assert [e.label for e in linked] == [
        "Ziel: Mehr Begegnung",
        "Maßnahme: Nachbarschaftscafé",
        "Finanzierung: Quartiersfonds (Stadt)",
    ]
    assert [o.title for o in REGISTRY["goal"].candidates(quartier)] == ["Mehr Begegnung"]


def test_a_deleted_object_keeps_its_label_on_the_step_page(client_for, manager, quartier, facility):
    client = client_for(manager)
    link(client, quartier, item_of(quartier, 3, "facility"), f"facility:{facility.pk}")
    facility.delete()

    body = text(client.get(step_url(quartier)))

    assert "Löwen-Apotheke (Apotheke) (verknüpft) – nicht mehr in der App" in body


def test_the_step_page_does_not_query_more_with_more_objects(client_for, manager, quartier):
    client = client_for(manager)
    first = add_facility(quartier, "apotheke", X0, Y0, name="Erste")
    link(client, quartier, item_of(quartier, 3, "facility"), f"facility:{first.pk}")
    client.get(step_url(quartier))
    with CaptureQueriesContext(connection) as few:
        client.get(step_url(quartier))

    for n, key in enumerate(FacilityCategory.objects.values_list("key", flat=True)):
        facility = add_facility(quartier, key, X0 + 10 * n, Y0, name=f"Einrichtung {n}")
        for object_kind in ("facility", "indicator_values"):
            services.evidence_link_object(
                item_id=item_of(quartier, 3, object_kind).pk, user=manager, kind="facility", object_id=facility.pk
            )
    for domain in ("wohnen", "soziales"):
        assessment = domain_assessment_update(
            quartier=quartier, user=manager, domain=domain, strengths="Gut", weaknesses="Schlecht"
        )
        services.evidence_link_object(
            item_id=item_of(quartier, 3, "facility").pk, user=manager, kind="analysis", object_id=assessment.pk
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(step_url(quartier))

    assert text(response).count("(verknüpft)") == 1 + 2 * FacilityCategory.objects.count() + 2
    # One more query for the kind of object that was not linked before (the analysis), no more.
    assert len(few) < len(many) <= len(few) + 1
