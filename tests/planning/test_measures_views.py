"""Measure pages: create, detail, edit, delete, milestones and status moves, by role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from planning.measures.models import Measure, MeasureStatus, MeasureTransition, Milestone
from quartier.fields import LONG_TEXT_MAX

from .measure_helpers import DAY, TODAY, make_goal, make_measure


def detail_url(measure: Measure) -> str:
    return reverse("measure_detail", kwargs={"slug": measure.quartier.slug, "measure_id": measure.pk})


def form_data(**overrides: object) -> dict[str, object]:
    data = {
        "title": "Bank am Marktplatz",
        "description": "Eine Bank mit Armlehnen zum Ausruhen.",
        "domain": "wohnen",
        "target_group": "Ältere mit Gehhilfe",
        "start": "2026-03-01",
        "end": "2026-09-30",
        "budget_planned": "1200,00",
        "budget_spent": "0",
        "status": MeasureStatus.PLANNED,
    }
    data.update(overrides)
    return data


def test_manager_creates_a_measure_with_goals_and_responsible(quartier, manager, developer, client_for) -> None:
    goal = make_goal(quartier)
    response = client_for(manager).post(
        reverse("measure_create", kwargs={"slug": quartier.slug}),
        form_data(goals=[goal.pk], responsible=developer.pk, budget_planned="1200.50"),
        follow=True,
    )

    measure = Measure.objects.get()
    assert (measure.title, measure.responsible, list(measure.goals.all())) == ("Bank am Marktplatz", developer, [goal])
    assert str(measure.budget_planned) == "1200.50"
    assert measure.created_by == manager
    body = response.content.decode()
    assert "Die Maßnahme „Bank am Marktplatz“ wurde angelegt." in body
    assert "Mehr Begegnung" in body and developer.display_name in body


def test_invalid_input_keeps_what_was_typed_and_explains_in_german(quartier, manager, client_for) -> None:
    response = client_for(manager).post(
        reverse("measure_create", kwargs={"slug": quartier.slug}),
        form_data(title="Rampe am Bürgerhaus", start="2026-09-01", end="2026-03-01", budget_planned="-5"),
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert "Das Ende darf nicht vor dem Beginn liegen." in body
    assert "größer oder gleich 0" in body
    assert 'value="Rampe am Bürgerhaus"' in body
    assert not Measure.objects.exists()


def test_a_description_over_the_limit_is_refused_not_cut(quartier, manager, client_for) -> None:
    response = client_for(manager).post(
        reverse("measure_create", kwargs={"slug": quartier.slug}), form_data(description="x" * (LONG_TEXT_MAX + 1))
    )
    assert response.status_code == 400
    assert "höchstens 20000 Zeichen" in response.content.decode().replace(".", "")
    assert not Measure.objects.exists()


def test_goals_and_people_of_another_quartier_cannot_be_chosen(
    quartier, other_quartier, manager, outsider, client_for
) -> None:
    foreign_goal = make_goal(other_quartier, "Fremdes Ziel")
    response = client_for(manager).post(
        reverse("measure_create", kwargs={"slug": quartier.slug}),
        form_data(goals=[foreign_goal.pk], responsible=outsider.pk),
    )
    assert response.status_code == 400
    assert "Fremdes Ziel" not in response.content.decode()
    assert not Measure.objects.exists()


def test_detail_shows_fields_goals_milestones_progress_budget_and_moves(quartier, manager, developer, client_for):
    goal = make_goal(quartier, "Weniger Einsamkeit")
    measure = make_measure(
        quartier,
        responsible=developer,
        status=MeasureStatus.ACTIVE,
        start=TODAY - 60 * DAY,
        end=TODAY + 60 * DAY,
        target_group="Alleinlebende",
        budget_planned=5000,
        budget_spent=1250,
        milestones=(
            ("Raum finden", TODAY - 30 * DAY, True),
            ("Flyer drucken", TODAY - 2 * DAY, False),
            ("Erstes Café", TODAY + 10 * DAY, False),
        ),
    )
    measure.goals.add(goal)

    body = client_for(manager).get(detail_url(measure)).content.decode()

    assert "Weniger Einsamkeit" in body and "Alleinlebende" in body
    assert "1 von 3 Meilensteinen" in body
    assert "1.250,00 € von 5.000,00 € geplant ausgegeben" in body
    # The late milestone is flagged with a word, not only a colour.
    flyer = body.split("Flyer drucken")[1].split("</li>")[0]
    assert "überfällig" in flyer
    assert "Abschließen" in body and "Pausieren" in body and "mit Begründung" in body
    assert "Wieder planen" not in body


def test_status_move_from_the_detail_page_is_recorded_and_shown(quartier, manager, client_for) -> None:
    measure = make_measure(quartier, status=MeasureStatus.ACTIVE)
    client = client_for(manager)
    url = reverse("measure_status", kwargs={"slug": quartier.slug, "measure_id": measure.pk})

    refused = client.post(url, {"to_status": MeasureStatus.PAUSED, "reason": ""})
    assert refused.status_code == 400
    assert "Bitte geben Sie einen Grund für den Wechsel zu „pausiert“ an." in refused.content.decode()

    response = client.post(url, {"to_status": MeasureStatus.PAUSED, "reason": "Förderung läuft aus"}, follow=True)
    body = response.content.decode()
    assert "„Nachbarschaftscafé“ ist jetzt: pausiert." in body
    assert "in Umsetzung" in body and "Förderung läuft aus" in body and manager.display_name in body
    assert MeasureTransition.objects.get().to_status == MeasureStatus.PAUSED


def test_a_move_the_workflow_refuses_changes_nothing(quartier, manager, client_for) -> None:
    measure = make_measure(quartier)
    response = client_for(manager).post(
        reverse("measure_status", kwargs={"slug": quartier.slug, "measure_id": measure.pk}),
        {"to_status": MeasureStatus.DONE},
    )
    assert response.status_code == 400
    assert "kann nicht von „geplant“ zu „abgeschlossen“ wechseln" in response.content.decode()
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.PLANNED


def test_developer_edits_own_measure_but_not_anothers(quartier, developer, manager, client_for) -> None:
    own = make_measure(quartier, "Eigene Maßnahme", responsible=developer)
    other = make_measure(quartier, "Fremde Maßnahme", responsible=manager)
    client = client_for(developer)

    page = client.get(reverse("measure_edit", kwargs={"slug": quartier.slug, "measure_id": own.pk}))
    assert page.status_code == 200
    assert "Nur das Quartiersmanagement vergibt Maßnahmen." in page.content.decode()
    saved = client.post(
        reverse("measure_edit", kwargs={"slug": quartier.slug, "measure_id": own.pk}),
        form_data(title="Eigene Maßnahme, erweitert", budget_spent="300", responsible=manager.pk),
    )
    assert saved.status_code == 302, saved.content.decode().split("error-summary")[-1][:600]
    own.refresh_from_db()
    # The disabled field keeps the developer responsible: a measure is not handed on by its own holder.
    assert (own.title, own.budget_spent, own.responsible) == ("Eigene Maßnahme, erweitert", 300, developer)

    for name in ("measure_edit",):
        url = reverse(name, kwargs={"slug": quartier.slug, "measure_id": other.pk})
        assert client.get(url).status_code == 403
        assert client.post(url, form_data(title="Übernommen")).status_code == 403
    assert (
        client.post(
            reverse("measure_status", kwargs={"slug": quartier.slug, "measure_id": other.pk}),
            {"to_status": MeasureStatus.ACTIVE},
        ).status_code
        == 403
    )
    other.refresh_from_db()
    assert (other.title, other.status) == ("Fremde Maßnahme", MeasureStatus.PLANNED)


def test_developer_may_neither_create_nor_delete(quartier, developer, client_for) -> None:
    own = make_measure(quartier, responsible=developer)
    client = client_for(developer)
    assert client.get(reverse("measure_create", kwargs={"slug": quartier.slug})).status_code == 403
    assert client.post(reverse("measure_create", kwargs={"slug": quartier.slug}), form_data()).status_code == 403
    delete = reverse("measure_delete", kwargs={"slug": quartier.slug, "measure_id": own.pk})
    assert client.post(delete).status_code == 403
    assert Measure.objects.count() == 1
    body = client.get(detail_url(own)).content.decode()
    assert "Maßnahme bearbeiten" in body and "Maßnahme löschen" not in body


@pytest.mark.parametrize("role", ["viewer", "coordinator"])
def test_readers_see_but_change_nothing(role, quartier, manager, client_for, request) -> None:
    measure = make_measure(quartier, responsible=manager, milestones=(("Planung", TODAY, False),))
    milestone = measure.milestones.get()
    client = client_for(request.getfixturevalue(role))

    body = client.get(detail_url(measure)).content.decode()
    assert "Nachbarschaftscafé" in body
    assert "Maßnahme bearbeiten" not in body and 'name="to_status"' not in body and 'name="done"' not in body
    kwargs = {"slug": quartier.slug, "measure_id": measure.pk}
    posts = [
        (reverse("measure_edit", kwargs=kwargs), form_data()),
        (reverse("measure_status", kwargs=kwargs), {"to_status": MeasureStatus.ACTIVE}),
        (reverse("milestone_add", kwargs=kwargs), {"new-title": "Neu"}),
        (reverse("milestone_toggle", kwargs={"slug": quartier.slug, "milestone_id": milestone.pk}), {"done": "1"}),
        (reverse("milestone_delete", kwargs={"slug": quartier.slug, "milestone_id": milestone.pk}), {}),
        (reverse("measure_delete", kwargs=kwargs), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.PLANNED
    assert list(Milestone.objects.values_list("title", "done")) == [("Planung", False)]


def test_milestones_are_added_changed_ticked_with_htmx_and_removed(quartier, developer, client_for) -> None:
    measure = make_measure(quartier, responsible=developer)
    client = client_for(developer)

    bad = client.post(
        reverse("milestone_add", kwargs={"slug": quartier.slug, "measure_id": measure.pk}),
        {"new-title": "", "new-due_date": "kein Datum"},
    )
    assert bad.status_code == 400
    assert "Dieses Feld ist zwingend erforderlich." in bad.content.decode()
    assert 'value="kein Datum"' in bad.content.decode()

    client.post(
        reverse("milestone_add", kwargs={"slug": quartier.slug, "measure_id": measure.pk}),
        {"new-title": "Raum finden", "new-due_date": "2026-04-01"},
    )
    client.post(
        reverse("milestone_add", kwargs={"slug": quartier.slug, "measure_id": measure.pk}),
        {"new-title": "Flyer", "new-due_date": ""},
    )
    first, second = measure.milestones.order_by("position")
    assert (first.title, str(first.due_date), second.position) == ("Raum finden", "2026-04-01", 2)

    client.post(
        reverse("milestone_edit", kwargs={"slug": quartier.slug, "milestone_id": second.pk}),
        {f"ms{second.pk}-title": "Flyer drucken", f"ms{second.pk}-due_date": "2026-05-01"},
    )
    second.refresh_from_db()
    assert second.title == "Flyer drucken"

    toggle = reverse("milestone_toggle", kwargs={"slug": quartier.slug, "milestone_id": first.pk})
    partial = client.post(toggle, {"done": "1"}, headers={"HX-Request": "true"})
    body = partial.content.decode()
    assert "<html" not in body and 'id="milestones"' in body
    assert "1 von 2 Meilensteinen" in body and "„Raum finden“ ist erledigt." in body
    first.refresh_from_db()
    assert first.done and first.done_at is not None

    assert client.post(toggle, {}).status_code == 302  # without JavaScript: unticked, back to the page
    first.refresh_from_db()
    assert not first.done

    client.post(reverse("milestone_delete", kwargs={"slug": quartier.slug, "milestone_id": second.pk}))
    assert list(measure.milestones.values_list("title", flat=True)) == ["Raum finden"]


def test_manager_deletes_a_measure(quartier, manager, client_for) -> None:
    measure = make_measure(quartier, milestones=(("A", None, False),))
    response = client_for(manager).post(
        reverse("measure_delete", kwargs={"slug": quartier.slug, "measure_id": measure.pk}), follow=True
    )
    assert "Die Maßnahme „Nachbarschaftscafé“ wurde gelöscht." in response.content.decode()
    assert not Measure.objects.exists() and not Milestone.objects.exists()


def test_measures_of_another_quartier_answer_404(quartier, other_quartier, manager, client_for) -> None:
    foreign = make_measure(other_quartier, milestones=(("A", None, False),))
    client = client_for(manager)
    kwargs = {"slug": quartier.slug, "measure_id": foreign.pk}
    assert client.get(reverse("measure_detail", kwargs=kwargs)).status_code == 404
    assert client.post(reverse("measure_status", kwargs=kwargs), {"to_status": "in_umsetzung"}).status_code == 404
    ms = foreign.milestones.get()
    toggle = reverse("milestone_toggle", kwargs={"slug": quartier.slug, "milestone_id": ms.pk})
    assert client.post(toggle, {"done": "1"}).status_code == 404
    ms.refresh_from_db()
    assert not ms.done
