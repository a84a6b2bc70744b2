"""The analysis overview and the strengths and weaknesses per domain."""

from __future__ import annotations

import pytest
from django.urls import reverse

from planning.analysis.assessment_services import domain_assessment_update
from planning.models import DomainAssessment
from quartier.fields import LONG_TEXT_MAX


def edit_url(quartier, domain: str = "wohnen") -> str:
    return reverse("assessment_edit", args=[quartier.slug, domain])


def text(response) -> str:
    return response.content.decode()


def test_the_overview_ties_the_analysis_together(client_for, manager, quartier):
    body = text(client_for(manager).get(reverse("analysis", args=[quartier.slug])))

    assert f'href="/q/{quartier.slug}/analyse/indikatoren/"' in body
    assert f'href="{reverse("catchment", args=[quartier.slug])}"' in body
    for domain in ("Wohnen", "Soziales", "Hilfe und Pflege"):
        assert f">{domain}</h4>" in body
    assert body.count('data-counter=""') == 6  # strengths and weaknesses of three domains


def test_the_manager_saves_strengths_and_weaknesses(client_for, manager, quartier):
    client = client_for(manager)

    response = client.post(
        edit_url(quartier, "soziales"),
        {"soziales-strengths": "Aktive Vereine", "soziales-weaknesses": "Kein Treffpunkt im Norden"},
        follow=True,
    )

    assessment = DomainAssessment.objects.get(quartier=quartier, domain="soziales")
    assert (assessment.strengths, assessment.weaknesses, assessment.updated_by) == (
        "Aktive Vereine",
        "Kein Treffpunkt im Norden",
        manager,
    )
    body = text(response)
    assert "Die Stärken und Schwächen sind gespeichert." in body
    assert "Kein Treffpunkt im Norden</textarea>" in body


def test_saving_again_changes_the_one_record(client_for, manager, quartier):
    client = client_for(manager)
    client.post(edit_url(quartier), {"wohnen-strengths": "Viele Bänke", "wohnen-weaknesses": ""})
    client.post(edit_url(quartier), {"wohnen-strengths": "Viele Bänke, kurze Wege", "wohnen-weaknesses": "Treppen"})

    assert list(DomainAssessment.objects.filter(quartier=quartier).values_list("strengths", "weaknesses")) == [
        ("Viele Bänke, kurze Wege", "Treppen")
    ]


def test_a_text_over_the_limit_is_explained_and_kept(client_for, manager, quartier):
    too_long = "x" * (LONG_TEXT_MAX + 1)

    response = client_for(manager).post(
        edit_url(quartier), {"wohnen-strengths": "Gute Nahversorgung", "wohnen-weaknesses": too_long}
    )

    assert response.status_code == 400
    body = text(response)
    assert "Bitte prüfen Sie Ihre Angaben" in body
    assert "Schwächen:" in body and "höchstens 20000 Zeichen" in body
    assert "Gute Nahversorgung</textarea>" in body and too_long in body
    assert not DomainAssessment.objects.filter(quartier=quartier).exists()


def test_htmx_gets_the_card_back(client_for, manager, quartier):
    response = client_for(manager).post(
        edit_url(quartier, "pflege"),
        {"pflege-strengths": "Pflegestützpunkt nah", "pflege-weaknesses": ""},
        HTTP_HX_REQUEST="true",
    )

    body = text(response)
    assert response.status_code == 200
    assert body.lstrip().startswith('<section class="card card-body h-100 assessment-card" id="domain-pflege"')
    assert "Gespeichert." in body and "Pflegestützpunkt nah</textarea>" in body


def test_htmx_with_an_error_keeps_the_input_in_the_card(client_for, manager, quartier):
    response = client_for(manager).post(
        edit_url(quartier, "pflege"),
        {"pflege-strengths": "y" * (LONG_TEXT_MAX + 5), "pflege-weaknesses": "Wenig Tagespflege"},
        HTTP_HX_REQUEST="true",
    )

    body = text(response)
    assert "Bitte prüfen Sie Ihre Angaben" in body and "Wenig Tagespflege</textarea>" in body
    assert "Gespeichert." not in body
    assert not DomainAssessment.objects.exists()


@pytest.mark.parametrize("role", ["viewer", "coordinator"])
def test_readers_see_the_texts_but_cannot_change_them(client_for, manager, quartier, role, request):
    domain_assessment_update(quartier=quartier, user=manager, domain="wohnen", strengths="Ruhige Lage", weaknesses="")
    client = client_for(request.getfixturevalue(role))

    body = text(client.get(reverse("analysis", args=[quartier.slug])))
    response = client.post(edit_url(quartier), {"wohnen-strengths": "geändert", "wohnen-weaknesses": ""})

    assert "Ruhige Lage" in body and "<textarea" not in body
    assert response.status_code == 403
    assert DomainAssessment.objects.get().strengths == "Ruhige Lage"


def test_an_unknown_domain_is_not_found(client_for, manager, quartier):
    response = client_for(manager).post(edit_url(quartier, "verkehr"), {"verkehr-strengths": "x"})

    assert response.status_code == 404


def test_another_quartiers_analysis_is_not_found(client_for, manager, other_quartier):
    client = client_for(manager)

    assert client.get(reverse("analysis", args=[other_quartier.slug])).status_code == 404
    assert client.post(edit_url(other_quartier), {"wohnen-strengths": "x"}).status_code == 404
