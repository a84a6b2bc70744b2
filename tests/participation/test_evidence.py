"""Steps 1, 3, 4, 5 and 8 accept surveys, events and ideas as checklist evidence; step 3's walk
item offers the quartier's neighbourhood walks."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from participation.evidence_sources import event_label, idea_label, survey_label
from planning import services
from planning.evidence_objects import EXTRA_KINDS_BY_STEP, REGISTRY, kinds_for
from planning.models import ChecklistItem, Evidence
from planning.services import WorkflowError

from .participation_data import participation

pytestmark = pytest.mark.django_db


def _item(quartier, number: int, title_start: str) -> ChecklistItem:
    return ChecklistItem.objects.get(
        step__quartier=quartier, step__template__number=number, title__startswith=title_start
    )


def _shown(when) -> str:
    from django.utils.timezone import localtime

    return f"{localtime(when):%d.%m.%Y}"


def test_labels_say_title_wave_status_responses_date_participants(quartier):
    made = participation(quartier)
    t1 = REGISTRY["survey"].candidates(quartier).get(pk=made["t1"].pk)

    assert survey_label(t1) == "Umfrage „Älter werden in der Altstadt“ (T1) – offen, 6 Antworten"
    assert survey_label(made["draft"]) == "Umfrage „Entwurf Nachbarschaft“ – Entwurf, 0 Antworten"
    walk = made["walk"]
    assert event_label(walk) == f"Quartiersbegehung „Rundgang Marktplatz“ am {_shown(walk.starts_at)} – 14 Teilnehmende"
    assert idea_label(made["ideas"][0]) == "Idee „Mehr Bänke auf dem Weg vom Markt zum …“ – neu"
    assert idea_label(made["ideas"][3]) == "Idee „Eine Bank am Marktplatz“ – übernommen"


def test_the_steps_accept_surveys_events_and_ideas_and_keep_what_they_accepted():
    for number in (1, 3, 4, 5, 8):
        assert {"survey", "event", "idea"} <= set(kinds_for(object_kind="", step_number=number)), number
    for number in (2, 6, 7, 9, 10):
        assert not {"survey", "event", "idea"} & set(kinds_for(object_kind="", step_number=number)), number
    # What other modules registered stays.
    assert {"indicator_values", "facility", "analysis"} <= set(EXTRA_KINDS_BY_STEP[3])
    assert {"partner_agreement", "meeting"} <= set(EXTRA_KINDS_BY_STEP[4])
    assert kinds_for(object_kind="walk_event", step_number=3)[0] == "walk_event"


def test_candidates_are_the_quartiers_own(quartier, other_quartier):
    made = participation(quartier)
    participation(other_quartier)

    assert set(REGISTRY["survey"].candidates(quartier)) == {made["t0"], made["t1"], made["draft"]}
    assert [e.title for e in REGISTRY["walk_event"].candidates(quartier)] == ["Rundgang Marktplatz"]
    assert len(REGISTRY["event"].candidates(quartier)) == 4
    assert set(REGISTRY["idea"].candidates(quartier)) == set(made["ideas"])


def test_an_idea_as_evidence_links_the_idea_itself(quartier, manager, client_for):
    made = participation(quartier)
    idea = made["ideas"][3]
    url = REGISTRY["idea"].url(quartier, idea)
    assert url == reverse("idea_detail", args=[quartier.slug, idea.pk])
    assert "Eine Bank am Marktplatz" in client_for(manager).get(url).content.decode()


def test_step_3_survey_item_offers_the_surveys_and_links_one(quartier, manager, client_for):
    made = participation(quartier)
    item = _item(quartier, 3, "Bürgerbefragung durchgeführt")
    client = client_for(manager)
    step_url = reverse("step_detail", args=[quartier.slug, 3])

    page = client.get(step_url).content.decode()
    assert "Umfrage „Älter werden in der Altstadt“ (T1) – offen, 6 Antworten" in page
    assert f'value="survey:{made["t1"].pk}"' in page

    evidence = services.evidence_link_object(item_id=item.pk, user=manager, kind="survey", object_id=made["t1"].pk)
    assert evidence.linked_object == made["t1"]
    assert evidence.label == "Umfrage „Älter werden in der Altstadt“ (T1) – offen, 6 Antworten"
    item.refresh_from_db()
    assert item.done
    page = client.get(step_url).content.decode()
    assert re.search(r"Umfrage „Älter werden in der Altstadt“ \(T1\) – offen, 6 Antworten(</a>)? \(verknüpft\)", page)


def test_step_1_leitbild_item_offers_events_and_links_one_by_the_form(quartier, manager, client_for):
    made = participation(quartier)
    item = _item(quartier, 1, "Leitbild mit Bürgerinnen")
    client = client_for(manager)
    day = _shown(made["meeting"].starts_at)
    label = f"Bürgerversammlung / Infoveranstaltung „Bürgerversammlung“ am {day} – 30 Teilnehmende"

    page = client.get(reverse("step_detail", args=[quartier.slug, 1])).content.decode()
    assert label in page
    response = client.post(
        reverse("evidence_link", args=[quartier.slug, item.pk]), {"object": f"event:{made['meeting'].pk}"}
    )
    assert response.status_code == 302
    assert Evidence.objects.filter(item=item, label=label).exists()


def test_another_quartiers_survey_and_a_step_without_participation_are_refused(quartier, other_quartier, manager):
    foreign = participation(other_quartier)
    item = _item(quartier, 3, "Bürgerbefragung durchgeführt")
    with pytest.raises(WorkflowError):
        services.evidence_link_object(item_id=item.pk, user=manager, kind="survey", object_id=foreign["t1"].pk)
    own = participation(quartier)
    step_7 = ChecklistItem.objects.filter(step__quartier=quartier, step__template__number=7).first()
    with pytest.raises(WorkflowError):
        services.evidence_link_object(item_id=step_7.pk, user=manager, kind="survey", object_id=own["t1"].pk)
    assert not Evidence.objects.exists()
