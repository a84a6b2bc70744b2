"""Ideas in the team's workspace: the list with counts and filters, the entry and the decision."""

from __future__ import annotations

import pytest
from django.urls import reverse

from participation.ideas import services
from participation.models import Idea
from planning.measures.models import Measure
from tests.pages import text


@pytest.fixture
def idea(quartier):
    return services.idea_submit(
        quartier=quartier, text="Eine Bank am Marktplatz, damit man beim Einkaufen ausruhen kann", domain="wohnen"
    )


def decide(client, idea, **data):
    return client.post(reverse("idea_detail", args=[idea.quartier.slug, idea.pk]), data)


def test_declining_needs_a_reason(quartier, manager, client_for, idea):
    response = decide(client_for(manager), idea, status="abgelehnt", reason=" ")
    assert response.status_code == 400
    assert "Bitte geben Sie eine Begründung an" in text(response)
    idea.refresh_from_db()
    assert idea.status == "neu"
    decide(client_for(manager), idea, status="abgelehnt", reason="Der Platz gehört der Kirche.")
    idea.refresh_from_db()
    assert (idea.status, idea.reason) == ("abgelehnt", "Der Platz gehört der Kirche.")
    assert idea.decided_at is not None


def test_adopting_creates_exactly_one_measure_linked_back(quartier, manager, client_for, idea):
    client = client_for(manager)
    decide(client, idea, status="in_pruefung")
    response = decide(client, idea, status="uebernommen", measure_title="", measure_domain="wohnen")
    assert response.status_code == 302
    again = client.post(
        reverse("idea_detail", args=[quartier.slug, idea.pk]),
        {"status": "uebernommen", "measure_domain": "wohnen"},
        follow=True,
    )
    measure = Measure.objects.get(quartier=quartier)
    idea.refresh_from_db()
    assert idea.measure == measure and idea.status == "uebernommen"
    assert measure.title == "Eine Bank am Marktplatz, damit man beim Einkaufen …"
    assert measure.domain == "wohnen" and measure.status == "geplant"
    assert "schon eine Maßnahme geworden" in text(again)
    page = text(client.get(reverse("idea_detail", args=[quartier.slug, idea.pk])), "idea-measure")
    assert measure.title in page


def test_a_typed_title_names_the_measure_and_an_adopted_idea_stays_adopted(quartier, manager, idea):
    services.idea_decide(
        idea_id=idea.pk, user=manager, status="uebernommen", measure_title="Bank am Marktplatz", measure_domain="wohnen"
    )
    assert Measure.objects.get().title == "Bank am Marktplatz"
    with pytest.raises(Exception, match="Maßnahme"):
        services.idea_decide(idea_id=idea.pk, user=manager, status="abgelehnt", reason="doch nicht")
    assert Idea.objects.get().status == "uebernommen"


def test_list_counts_per_status_and_filters(quartier, manager, viewer, client_for, idea):
    services.idea_create(quartier=quartier, user=manager, text="Mittagstisch im Gemeindehaus", domain="soziales")
    services.idea_decide(idea_id=idea.pk, user=manager, status="in_pruefung")
    client = client_for(viewer)
    page = text(client.get(reverse("idea_list", args=[quartier.slug])), "idea-counts")
    assert "neu: 1" in page and "in Prüfung: 1" in page and "übernommen: 0" in page
    filtered = text(client.get(reverse("idea_list", args=[quartier.slug]), {"domain": "soziales"}), "ideas")
    assert "Mittagstisch" in filtered and "Marktplatz" not in filtered
    assert "Idee erfassen" not in text(client.get(reverse("idea_list", args=[quartier.slug])))


def test_staff_enter_an_idea_with_a_place(quartier, manager, client_for):
    response = client_for(manager).post(
        reverse("idea_create", args=[quartier.slug]), {"text": "Licht im Park", "domain": "", "lat": "48,1", "lon": ""}
    )
    assert response.status_code == 400
    assert "Bitte geben Sie Breite und Länge an" in text(response)
    response = client_for(manager).post(
        reverse("idea_create", args=[quartier.slug]),
        {"text": "Licht im Park", "domain": "", "lat": "48,1", "lon": "9,2"},
    )
    idea = Idea.objects.get()
    assert (idea.source, idea.entered_by, str(idea.lat)) == ("staff", manager, "48.100000")


def test_list_queries_do_not_grow_with_ideas(quartier, manager, client_for, django_assert_max_num_queries):
    for n in range(15):
        idea = services.idea_submit(quartier=quartier, text=f"Idee {n}")
        if n % 3 == 0:
            services.idea_decide(idea_id=idea.pk, user=manager, status="uebernommen", measure_domain="pflege")
    client = client_for(manager)
    with django_assert_max_num_queries(15):
        client.get(reverse("idea_list", args=[quartier.slug]))
