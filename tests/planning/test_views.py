"""The step page, its htmx checklist, completing and reopening, evidence and documents, as people see them."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planning import services
from planning.models import Document, Evidence, EvidenceKind, StepStatus, StepTransition
from tests.factories import MembershipFactory
from tests.pages import has_element, text

from .helpers import give_evidence, optional_items, required_items
from .uploads import ACCEPTED, exe_bytes, html_bytes, pdf_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db

LEITBILD = "Leitbild formuliert (Anlass, Zielgruppen, Leitziele)"
STEERING = "Steuerungsgruppe eingerichtet (ressortübergreifend)"
CITIZENS = "Leitbild mit Bürgerinnen und Bürgern abgestimmt"
PLAN = "Struktur- und Ressourcenplan (Zeitplan, Zuständigkeiten, Finanzierung)"


def step_url(quartier, number: int = 1) -> str:
    return reverse("step_detail", args=[quartier.slug, number])


def status_badge(response) -> str:
    match = re.search(r'<span class="status status-[a-z_]+">([^<]*)</span>', response.content.decode())
    return match.group(1) if match else ""


def files_in(media_root) -> list:
    return [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []


# --- The step page ---------------------------------------------------------------------


def test_the_step_page_shows_the_checklist_and_what_is_still_missing(client_for, manager, quartier):
    response = client_for(manager).get(step_url(quartier))

    assert response.status_code == 200
    page = text(response)
    assert "1. Quartiersorientierung als Leitbild abstimmen" in page
    assert status_badge(response) == "offen"
    for title in (LEITBILD, STEERING, CITIZENS, PLAN):
        assert title in page
    blockers = text(response, "blockers")
    assert "Das fehlt noch, bevor der Schritt abgeschlossen werden kann" in blockers
    assert f"„{LEITBILD}“: noch nicht erledigt" in blockers
    assert PLAN not in blockers  # optional items are never missing
    assert "Schritt abschließen" in page
    assert "In diesem Schritt ist noch nichts passiert." in page


def test_a_coordinator_reads_the_step_but_gets_no_controls(client_for, coordinator, quartier):
    response = client_for(coordinator).get(step_url(quartier))

    assert response.status_code == 200
    page = text(response)
    assert LEITBILD in page
    assert "Schritt abschließen" not in page
    assert "Nachweis hinzufügen" not in page
    assert 'name="done"' not in response.content.decode()


def test_a_developer_can_work_on_the_checklist_but_not_complete(client_for, developer, quartier):
    response = client_for(developer).get(step_url(quartier))

    page = text(response)
    assert "Nachweis hinzufügen" in page
    assert 'name="done"' in response.content.decode()
    assert "Schritt abschließen" not in page


@pytest.mark.parametrize("user", ["outsider", "other_coordinator"])
def test_strangers_do_not_find_the_step(request, client_for, quartier, user):
    response = client_for(request.getfixturevalue(user)).get(step_url(quartier))

    assert response.status_code == 404
    assert "Diese Seite gibt es nicht" in text(response)
    assert LEITBILD not in text(response)


def test_anonymous_visitors_are_sent_to_the_login(client_for, quartier):
    response = client_for(None).get(step_url(quartier))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_there_is_no_eleventh_step(client_for, manager, quartier):
    assert client_for(manager).get(step_url(quartier, 11)).status_code == 404


def test_the_step_page_does_not_query_more_with_more_evidence(client_for, manager, quartier, step):
    client = client_for(manager)
    give_evidence(required_items(step)[0], manager)
    client.get(step_url(quartier))
    with CaptureQueriesContext(connection) as few:
        client.get(step_url(quartier))

    for item in step.items.all():
        give_evidence(item, manager, text="noch ein Nachweis")
        give_evidence(item, manager, text="und noch einer")
    with CaptureQueriesContext(connection) as many:
        client.get(step_url(quartier))

    assert len(many) == len(few)


def test_the_step_page_does_not_query_more_with_a_longer_history(client_for, manager, quartier, done_step):
    client = client_for(manager)
    client.get(step_url(quartier))
    with CaptureQueriesContext(connection) as few:
        client.get(step_url(quartier))

    for n in range(4):
        services.step_reopen(step_id=done_step.pk, user=manager, reason=f"Nachtrag {n}")
        services.step_notes_update(step_id=done_step.pk, user=manager, notes=f"Notiz {n}")
        services.step_complete(step_id=done_step.pk, user=manager)
    with CaptureQueriesContext(connection) as many:
        response = client.get(step_url(quartier))

    assert text(response).count("Notizen geändert") == 4
    assert text(response).count("Wieder geöffnet – Grund:") == 4
    assert len(many) == len(few)


# --- Completing ------------------------------------------------------------------------


def test_completion_blocked_by_items_answers_409_and_names_them(client_for, manager, quartier, step):
    services.item_set_done(item_id=required_items(step)[1].pk, user=manager, done=True)

    response = client_for(manager).post(reverse("step_complete", args=[quartier.slug, 1]), {"comment": "fertig?"})

    assert response.status_code == 409
    page = text(response)
    assert "Der Schritt kann noch nicht abgeschlossen werden:" in page
    assert f"„{LEITBILD}“: noch nicht erledigt" in page
    assert f"„{STEERING}“: erledigt, aber noch ohne Nachweis" in page
    assert f"„{CITIZENS}“: noch nicht erledigt" in page
    step.refresh_from_db()
    assert step.status == StepStatus.IN_PROGRESS
    assert not step.transitions.filter(to_status=StepStatus.DONE).exists()


def test_completing_shows_the_step_as_completed_with_its_history(client_for, manager, quartier, ready_step):
    client = client_for(manager)

    response = client.post(
        reverse("step_complete", args=[quartier.slug, 1]), {"comment": "Im Lenkungskreis beschlossen"}, follow=True
    )

    assert response.redirect_chain == [(step_url(quartier), 302)]
    page = text(response)
    assert "Schritt 1 ist abgeschlossen." in page
    assert "Dieser Schritt ist abgeschlossen." in page
    assert status_badge(response) == "abgeschlossen"
    assert "Abgeschlossen – Kommentar: „Im Lenkungskreis beschlossen“" in page
    assert "Begonnen – Kommentar: „Automatisch begonnen, als der erste Punkt erledigt wurde.“" in page
    assert "Nachweis hinzugefügt: Protokoll der Sitzung vom 3. März" in page  # what it is, not its kind
    assert "Schritt wieder öffnen" in page
    assert "Schritt abschließen" not in page
    assert has_element(response, "blockers") and text(response, "blockers") == ""
    assert 'name="done"' not in response.content.decode()  # the checklist is locked


def test_completing_twice_says_it_is_already_completed(client_for, manager, quartier, done_step):
    response = client_for(manager).post(reverse("step_complete", args=[quartier.slug, 1]), follow=True)

    assert "Dieser Schritt ist bereits abgeschlossen." in text(response)
    assert done_step.transitions.filter(to_status=StepStatus.DONE).count() == 1


def test_a_developer_may_not_complete(client_for, developer, quartier, ready_step):
    response = client_for(developer).post(reverse("step_complete", args=[quartier.slug, 1]))

    assert response.status_code == 403
    assert "Dafür fehlt Ihnen die Berechtigung" in text(response)
    ready_step.refresh_from_db()
    assert ready_step.status == StepStatus.IN_PROGRESS


@pytest.mark.parametrize(("user", "status"), [("outsider", 404), ("partner", 403), ("viewer", 403)])
def test_others_may_not_complete(request, client_for, quartier, ready_step, user, status):
    response = client_for(request.getfixturevalue(user)).post(reverse("step_complete", args=[quartier.slug, 1]))

    assert response.status_code == status
    ready_step.refresh_from_db()
    assert ready_step.status == StepStatus.IN_PROGRESS


def test_completing_needs_a_post(client_for, manager, quartier, ready_step):
    assert client_for(manager).get(reverse("step_complete", args=[quartier.slug, 1])).status_code == 405
    ready_step.refresh_from_db()
    assert ready_step.status == StepStatus.IN_PROGRESS


# --- Reopening -------------------------------------------------------------------------


def test_reopening_without_a_reason_shows_an_error_summary(client_for, manager, quartier, done_step):
    response = client_for(manager).post(reverse("step_reopen", args=[quartier.slug, 1]), {"reason": ""})

    assert response.status_code == 400
    page = text(response)
    assert "Bitte prüfen Sie Ihre Angaben" in page
    assert "Grund für das Wiederöffnen: Dieses Feld ist zwingend erforderlich." in page
    done_step.refresh_from_db()
    assert done_step.status == StepStatus.DONE


def test_reopening_with_a_reason_records_it_in_the_history(client_for, manager, quartier, done_step):
    response = client_for(manager).post(
        reverse("step_reopen", args=[quartier.slug, 1]), {"reason": "Der Rat will nachbessern"}, follow=True
    )

    page = text(response)
    assert "Schritt 1 wurde wieder geöffnet." in page
    assert "Wieder geöffnet – Grund: „Der Rat will nachbessern“" in page
    assert "Schritt abschließen" in page
    done_step.refresh_from_db()
    assert done_step.status == StepStatus.IN_PROGRESS


def test_reopening_a_step_that_is_not_completed_is_refused(client_for, manager, quartier, ready_step):
    response = client_for(manager).post(
        reverse("step_reopen", args=[quartier.slug, 1]), {"reason": "Noch einmal ansehen"}, follow=True
    )

    assert response.redirect_chain == [(step_url(quartier), 302)]
    page = text(response)
    assert "Nur ein abgeschlossener Schritt kann wieder geöffnet werden." in page
    assert "Noch einmal ansehen" not in page
    ready_step.refresh_from_db()
    assert ready_step.status == StepStatus.IN_PROGRESS
    assert not ready_step.transitions.filter(comment="Noch einmal ansehen").exists()


def test_a_developer_may_not_reopen(client_for, developer, quartier, done_step):
    response = client_for(developer).post(reverse("step_reopen", args=[quartier.slug, 1]), {"reason": "Bitte"})

    assert response.status_code == 403
    done_step.refresh_from_db()
    assert done_step.status == StepStatus.DONE


# --- Ticking items with htmx -----------------------------------------------------------


def test_the_htmx_toggle_answers_with_the_item_and_an_out_of_band_blockers_box(client_for, developer, quartier, step):
    item = required_items(step)[1]

    response = client_for(developer).post(
        reverse("item_toggle", args=[quartier.slug, item.pk]), {"done": "1"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "<nav" not in html  # a fragment, not the page
    # Ticked without evidence: amber with words, not green.
    assert html.lstrip().startswith(f'<li class="checklist-item is-missing" id="item-{item.pk}">')
    assert f'id="done-{item.pk}" checked' in html
    assert "⚠ erledigt – Nachweis fehlt" in text(response, f"item-{item.pk}")
    assert '<div id="blockers" hx-swap-oob="true">' in html
    blockers = text(response, "blockers")
    assert f"„{STEERING}“: erledigt, aber noch ohne Nachweis" in blockers
    assert f"„{LEITBILD}“: noch nicht erledigt" in blockers
    item.refresh_from_db()
    step.refresh_from_db()
    assert item.done and item.done_by == developer
    assert step.status == StepStatus.IN_PROGRESS


def test_the_htmx_toggle_tells_when_the_step_can_be_completed(client_for, manager, quartier, ready_step):
    item = required_items(ready_step)[0]
    services.item_set_done(item_id=item.pk, user=manager, done=False)

    response = client_for(manager).post(
        reverse("item_toggle", args=[quartier.slug, item.pk]), {"done": "1"}, HTTP_HX_REQUEST="true"
    )

    assert text(response, "blockers") == (
        "Alle Pflichtpunkte sind erledigt und haben einen Nachweis. Der Schritt kann abgeschlossen werden."
    )


def test_unticking_without_htmx_goes_back_to_the_step_page(client_for, developer, quartier, step):
    item = optional_items(step)[0]
    services.item_set_done(item_id=item.pk, user=developer, done=True)

    response = client_for(developer).post(reverse("item_toggle", args=[quartier.slug, item.pk]), {})

    assert response.status_code == 302
    assert response.url == step_url(quartier)
    item.refresh_from_db()
    assert not item.done


def test_toggling_on_a_completed_step_explains_why_nothing_changed(client_for, manager, quartier, done_step):
    item = optional_items(done_step)[0]

    response = client_for(manager).post(
        reverse("item_toggle", args=[quartier.slug, item.pk]), {"done": "1"}, HTTP_HX_REQUEST="true"
    )

    fragment = text(response, f"item-{item.pk}")
    assert "Der Schritt ist abgeschlossen. Öffnen Sie ihn wieder, um die Checkliste zu ändern." in fragment
    assert 'name="done"' not in response.content.decode()  # no checkbox that cannot work
    item.refresh_from_db()
    assert not item.done


@pytest.mark.parametrize(
    ("user", "status"), [("partner", 403), ("viewer", 403), ("coordinator", 403), ("outsider", 404)]
)
def test_only_the_team_may_tick(request, client_for, quartier, step, user, status):
    item = required_items(step)[0]

    response = client_for(request.getfixturevalue(user)).post(
        reverse("item_toggle", args=[quartier.slug, item.pk]), {"done": "1"}, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == status
    item.refresh_from_db()
    assert not item.done


def test_an_item_of_another_quartier_is_not_found_under_this_one(client_for, manager, quartier, other_quartier):
    foreign = other_quartier.steps.get(template__number=1).items.first()

    response = client_for(manager).post(reverse("item_toggle", args=[quartier.slug, foreign.pk]), {"done": "1"})

    assert response.status_code == 404
    foreign.refresh_from_db()
    assert not foreign.done


# --- Notes ---------------------------------------------------------------------------


def test_the_team_keeps_notes_on_a_step(client_for, developer, quartier, step):
    response = client_for(developer).post(
        reverse("step_notes", args=[quartier.slug, 1]), {"notes": "Entwurf liegt beim Seniorenbeirat"}, follow=True
    )

    assert "Die Notizen wurden gespeichert." in text(response)
    assert "Entwurf liegt beim Seniorenbeirat</textarea>" in response.content.decode()
    assert "Notizen geändert" in text(response)


def test_readers_see_the_notes_but_may_not_change_them(client_for, manager, viewer, quartier, step):
    services.step_notes_update(step_id=step.pk, user=manager, notes="Termin am 5. Mai")
    client = client_for(viewer)

    assert "Termin am 5. Mai" in text(client.get(step_url(quartier)))
    response = client.post(reverse("step_notes", args=[quartier.slug, 1]), {"notes": "überschrieben"})
    assert response.status_code == 403
    step.refresh_from_db()
    assert step.notes == "Termin am 5. Mai"


# --- Own items -------------------------------------------------------------------------


def test_the_manager_adds_an_own_required_item_that_then_blocks(client_for, manager, quartier, ready_step):
    client = client_for(manager)

    response = client.post(
        reverse("item_add", args=[quartier.slug, 1]),
        {"title": "Seniorenbeirat angehört", "required": "on", "evidence_kind": "text"},
        follow=True,
    )

    page = text(response)
    assert "Der Checklistenpunkt wurde hinzugefügt." in page
    assert "Seniorenbeirat angehört" in page and "eigener Punkt" in page
    assert "„Seniorenbeirat angehört“: noch nicht erledigt" in text(response, "blockers")

    blocked = client.post(reverse("step_complete", args=[quartier.slug, 1]))
    assert blocked.status_code == 409
    assert "„Seniorenbeirat angehört“: noch nicht erledigt" in text(blocked)


def test_an_own_item_without_title_keeps_the_input_and_shows_the_error(client_for, manager, quartier, step):
    response = client_for(manager).post(
        reverse("item_add", args=[quartier.slug, 1]), {"title": "", "required": "on", "evidence_kind": "link"}
    )

    assert response.status_code == 400
    assert "Bitte prüfen Sie Ihre Angaben" in text(response)
    assert "Titel: Dieses Feld ist zwingend erforderlich." in text(response)
    html = response.content.decode()
    assert '<option value="link" selected>' in html
    assert step.items.count() == 5


def test_a_developer_may_not_add_items(client_for, developer, quartier, step):
    response = client_for(developer).post(
        reverse("item_add", args=[quartier.slug, 1]), {"title": "Eigener Punkt", "evidence_kind": "text"}
    )

    assert response.status_code == 403
    assert step.items.count() == 5


# --- Evidence on the step page ---------------------------------------------------------


def test_a_pdf_uploaded_as_evidence_is_listed_and_can_be_downloaded(client_for, developer, quartier, step):
    item = required_items(step)[1]
    client = client_for(developer)

    response = client.post(
        reverse("evidence_add", args=[quartier.slug, item.pk]),
        {
            f"item{item.pk}-kind": "document",
            f"item{item.pk}-file": upload("Geschäftsordnung.pdf", pdf_bytes()),
            f"item{item.pk}-label": "Geschäftsordnung der Steuerungsgruppe",
        },
        follow=True,
    )

    assert "Der Nachweis wurde hinzugefügt." in text(response)
    assert "Geschäftsordnung der Steuerungsgruppe (Dokument)" in text(response, f"item-{item.pk}")
    document = Document.objects.get()
    download = client.get(reverse("document_download", args=[quartier.slug, document.pk]))
    assert b"".join(download.streaming_content) == pdf_bytes()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        (
            "programm.pdf",
            exe_bytes(),
            "Dieser Dateityp ist nicht erlaubt. Erlaubt sind: PDF, PNG, JPEG, DOCX, XLSX, ODT.",
        ),
        ("protokoll.png", pdf_bytes(), "Der Inhalt der Datei passt nicht zur Dateiendung „.png“."),
    ],
)
def test_a_refused_evidence_upload_says_why_and_keeps_the_description(
    client_for, developer, quartier, step, settings, name, content, reason
):
    item = required_items(step)[1]

    response = client_for(developer).post(
        reverse("evidence_add", args=[quartier.slug, item.pk]),
        {
            f"item{item.pk}-kind": "document",
            f"item{item.pk}-file": upload(name, content),
            f"item{item.pk}-label": "Liste",
        },
    )

    assert response.status_code == 400
    fragment = text(response, f"item-{item.pk}")
    assert "Bitte prüfen Sie Ihre Angaben" in fragment
    assert f"Datei: {reason}" in fragment
    assert 'value="Liste"' in response.content.decode()
    assert not Evidence.objects.exists() and not Document.objects.exists()
    assert files_in(settings.MEDIA_ROOT) == []


def test_an_invalid_link_keeps_what_was_typed(client_for, developer, quartier, step):
    item = required_items(step)[2]

    response = client_for(developer).post(
        reverse("evidence_add", args=[quartier.slug, item.pk]),
        {f"item{item.pk}-kind": "link", f"item{item.pk}-url": "nicht eine adresse", f"item{item.pk}-label": "Forum"},
    )

    assert response.status_code == 400
    fragment = text(response, f"item-{item.pk}")
    assert "Bitte prüfen Sie Ihre Angaben" in fragment
    assert "Link: Bitte eine gültige Adresse eingeben." in fragment
    html = response.content.decode()
    assert 'value="nicht eine adresse"' in html and 'value="Forum"' in html
    assert not Evidence.objects.exists()


def test_text_evidence_without_text_is_refused(client_for, developer, quartier, step):
    item = required_items(step)[2]

    response = client_for(developer).post(
        reverse("evidence_add", args=[quartier.slug, item.pk]),
        {f"item{item.pk}-kind": "text", f"item{item.pk}-text": "   "},
    )

    assert response.status_code == 400
    assert "Text: Bitte schreiben Sie einen Text." in text(response, f"item-{item.pk}")
    assert not Evidence.objects.exists()


def test_an_over_long_text_evidence_is_refused_for_its_length_only(client_for, developer, quartier, step):
    item = required_items(step)[2]

    response = client_for(developer).post(
        reverse("evidence_add", args=[quartier.slug, item.pk]),
        {f"item{item.pk}-kind": "text", f"item{item.pk}-text": "a" * 20_001},
    )

    assert response.status_code == 400
    errors = text(response, f"item-{item.pk}")
    assert "höchstens 20000 Zeichen" in errors
    assert "Bitte schreiben Sie einen Text." not in errors
    assert not Evidence.objects.exists()


def test_a_link_left_behind_after_switching_to_text_neither_blocks_nor_is_stored(client_for, developer, quartier, step):
    item = required_items(step)[2]
    prefix = f"item{item.pk}"

    response = client_for(developer).post(
        reverse("evidence_add", args=[quartier.slug, item.pk]),
        # Typed a broken (and over-long) link first, then chose "text": the link field is hidden now.
        {f"{prefix}-kind": "text", f"{prefix}-url": "nicht eine adresse" + "x" * 600, f"{prefix}-text": "Protokoll"},
        follow=True,
    )

    assert "Der Nachweis wurde hinzugefügt." in text(response)
    evidence = Evidence.objects.get()
    assert (evidence.kind, evidence.text, evidence.url) == (EvidenceKind.TEXT, "Protokoll", "")


def test_only_the_chosen_kind_of_evidence_is_checked_and_stored(client_for, developer, quartier, step):
    item = required_items(step)[2]
    prefix = f"item{item.pk}"

    response = client_for(developer).post(
        reverse("evidence_add", args=[quartier.slug, item.pk]),
        {
            f"{prefix}-kind": "link",
            f"{prefix}-url": "https://example.org/protokoll",
            f"{prefix}-text": "erst Text, dann doch ein Link",
            f"{prefix}-file": upload("programm.pdf", exe_bytes()),
        },
    )

    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.kind, evidence.url, evidence.text) == (EvidenceKind.LINK, "https://example.org/protokoll", "")
    assert not Document.objects.exists()


def test_the_leitbild_can_be_linked_with_one_click(client_for, manager, quartier, step):
    quartier.leitbild = "Gut älter werden in der Altstadt."
    quartier.save(update_fields=["leitbild"])
    item = required_items(step)[0]

    response = client_for(manager).post(
        reverse("evidence_add", args=[quartier.slug, item.pk]), {"link_leitbild": "1"}, follow=True
    )

    assert "Leitbild des Quartiers Altstadt (verknüpft)" in text(response, f"item-{item.pk}")
    assert Evidence.objects.get().linked_object == quartier


def test_the_leitbild_cannot_be_linked_to_an_item_that_asks_for_something_else(client_for, manager, quartier, step):
    quartier.leitbild = "Gut älter werden in der Altstadt."
    quartier.save(update_fields=["leitbild"])
    item = required_items(step)[2]  # expects an event

    response = client_for(manager).post(
        reverse("evidence_add", args=[quartier.slug, item.pk]), {"link_leitbild": "1"}, follow=True
    )

    assert response.redirect_chain == [(f"{step_url(quartier)}#item-{item.pk}", 302)]
    assert "Dieser Checklistenpunkt verlangt nicht das Leitbild des Quartiers als Nachweis." in text(response)
    assert "Der Nachweis wurde hinzugefügt." not in text(response)
    assert not Evidence.objects.exists()


def test_the_leitbild_cannot_be_linked_before_it_is_written(client_for, manager, quartier, step):
    assert quartier.leitbild == ""
    item = required_items(step)[0]

    response = client_for(manager).post(
        reverse("evidence_add", args=[quartier.slug, item.pk]), {"link_leitbild": "1"}, follow=True
    )

    assert "Das Quartier hat noch kein Leitbild. Bitte tragen Sie es zuerst unter „Profil und Leitbild“ ein." in text(
        response
    )
    assert not Evidence.objects.exists()
    item.refresh_from_db()
    assert not item.done


def test_partners_may_not_add_evidence(client_for, partner, quartier, step):
    item = required_items(step)[2]

    response = client_for(partner).post(
        reverse("evidence_add", args=[quartier.slug, item.pk]),
        {f"item{item.pk}-kind": "text", f"item{item.pk}-text": "Wir waren dabei"},
    )

    assert response.status_code == 403
    assert not Evidence.objects.exists()


def test_partners_may_not_remove_evidence(client_for, partner, quartier, ready_step):
    evidence = required_items(ready_step)[0].evidence.get()

    response = client_for(partner).post(reverse("evidence_remove", args=[quartier.slug, evidence.pk]))

    assert response.status_code == 403
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_removing_evidence_shows_the_item_as_missing_evidence_again(client_for, manager, quartier, ready_step):
    item = required_items(ready_step)[0]
    evidence = item.evidence.get()

    response = client_for(manager).post(reverse("evidence_remove", args=[quartier.slug, evidence.pk]), follow=True)

    assert "Der Nachweis wurde entfernt." in text(response)
    assert f"„{LEITBILD}“: erledigt, aber noch ohne Nachweis" in text(response, "blockers")


def test_a_double_click_on_remove_goes_back_to_the_step_both_times(client_for, manager, quartier, ready_step):
    item = required_items(ready_step)[0]
    evidence = item.evidence.get()
    client = client_for(manager)
    url = reverse("evidence_remove", args=[quartier.slug, evidence.pk])

    first = client.post(url)
    second = client.post(url, follow=True)

    assert first.status_code == 302
    assert second.redirect_chain == [(f"{step_url(quartier)}#item-{item.pk}", 302)]
    page = text(second)
    assert page.count("Der Nachweis wurde entfernt.") == 1  # said once, by the request that removed it
    assert f"„{LEITBILD}“: erledigt, aber noch ohne Nachweis" in text(second, "blockers")
    assert Evidence.history.filter(id=evidence.pk, history_type="-").count() == 1


def test_evidence_of_another_quartier_is_not_found_under_this_one(client_for, manager, quartier, other_quartier):
    other_manager = _manager_of(other_quartier)
    MembershipFactory(user=manager, quartier=other_quartier, role="developer")
    foreign_item = required_items(other_quartier.steps.get(template__number=1))[0]
    give_evidence(foreign_item, other_manager)
    foreign = foreign_item.evidence.get()

    response = client_for(manager).post(reverse("evidence_remove", args=[quartier.slug, foreign.pk]))

    assert response.status_code == 404
    assert Evidence.objects.filter(pk=foreign.pk).exists()


def test_removing_evidence_that_never_existed_is_not_found(client_for, manager, quartier, step):
    response = client_for(manager).post(reverse("evidence_remove", args=[quartier.slug, 999_999]))

    assert response.status_code == 404


# --- Documents -------------------------------------------------------------------------


def documents_url(quartier) -> str:
    return reverse("documents", args=[quartier.slug])


def test_a_developer_uploads_a_document_and_finds_it_in_the_list(client_for, developer, quartier):
    response = client_for(developer).post(
        documents_url(quartier), {"file": upload("karte.png", png_bytes()), "title": "Karte der Altstadt"}, follow=True
    )

    assert "„Karte der Altstadt“ wurde hochgeladen." in text(response)
    document = Document.objects.get()
    link = f'<a href="{reverse("document_download", args=[quartier.slug, document.pk])}">Karte der Altstadt</a>'
    assert link in response.content.decode()
    assert (document.content_type, document.uploaded_by, document.quartier) == ("image/png", developer, quartier)


@pytest.mark.parametrize(("name", "make", "mime"), ACCEPTED)
def test_every_allowed_type_can_be_uploaded(client_for, developer, quartier, settings, name, make, mime):
    response = client_for(developer).post(documents_url(quartier), {"file": upload(name, make())}, follow=True)

    assert f"„{name}“ wurde hochgeladen." in text(response)
    document = Document.objects.get()
    assert (document.original_name, document.content_type, document.size) == (name, mime, len(make()))
    assert files_in(settings.MEDIA_ROOT) == [settings.MEDIA_ROOT / document.file.name]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        (
            "programm.pdf",
            exe_bytes(),
            "Dieser Dateityp ist nicht erlaubt. Erlaubt sind: PDF, PNG, JPEG, DOCX, XLSX, ODT.",
        ),
        (
            "seite.pdf",
            html_bytes(),
            "Dieser Dateityp ist nicht erlaubt. Erlaubt sind: PDF, PNG, JPEG, DOCX, XLSX, ODT.",
        ),
        ("protokoll.png", pdf_bytes(), "Der Inhalt der Datei passt nicht zur Dateiendung „.png“."),
        ("leer.pdf", b"", "Die übertragene Datei ist leer."),
    ],
)
def test_refused_documents_show_the_reason_and_store_nothing(
    client_for, developer, quartier, settings, name, content, reason
):
    response = client_for(developer).post(
        documents_url(quartier), {"file": upload(name, content), "title": "Mein Dokument"}
    )

    assert response.status_code == 400
    page = text(response)
    assert "Bitte prüfen Sie Ihre Angaben" in page
    assert f"Datei: {reason}" in page
    assert 'value="Mein Dokument"' in response.content.decode()
    assert not Document.objects.exists()
    assert files_in(settings.MEDIA_ROOT) == []


@override_settings(DOCUMENT_MAX_BYTES=1024)
def test_a_document_over_the_limit_is_refused(client_for, developer, quartier, settings):
    content = pdf_bytes()
    content += b"%" * (2048 - len(content))

    response = client_for(developer).post(documents_url(quartier), {"file": upload("gross.pdf", content)})

    assert response.status_code == 400
    assert "Datei: Die Datei ist 2,0 KB groß. Erlaubt sind höchstens 1,0 KB." in text(response)
    assert not Document.objects.exists()
    assert files_in(settings.MEDIA_ROOT) == []


def test_viewers_read_the_list_but_may_not_upload(client_for, viewer, manager, quartier):
    services.document_upload(quartier=quartier, user=manager, upload=upload("protokoll.pdf", pdf_bytes()))
    client = client_for(viewer)

    page = client.get(documents_url(quartier))
    assert "protokoll.pdf" in text(page)
    assert "Dokument hochladen" not in text(page)

    response = client.post(documents_url(quartier), {"file": upload("neu.pdf", pdf_bytes())})
    assert response.status_code == 403
    assert Document.objects.count() == 1


def test_the_document_list_does_not_query_more_with_more_documents(client_for, manager, quartier):
    client = client_for(manager)
    services.document_upload(quartier=quartier, user=manager, upload=upload("a.pdf", pdf_bytes()))
    client.get(documents_url(quartier))
    with CaptureQueriesContext(connection) as few:
        client.get(documents_url(quartier))

    for n in range(5):
        services.document_upload(quartier=quartier, user=manager, upload=upload(f"b{n}.pdf", pdf_bytes()))
    with CaptureQueriesContext(connection) as many:
        response = client.get(documents_url(quartier))

    assert text(response).count(".pdf") == 6
    assert len(many) == len(few)


@pytest.mark.parametrize("user", ["outsider", "other_coordinator"])
def test_strangers_do_not_find_the_documents(request, client_for, quartier, user):
    response = client_for(request.getfixturevalue(user)).get(documents_url(quartier))

    assert response.status_code == 404


def test_the_download_serves_the_file_under_its_original_name(client_for, manager, viewer, quartier):
    document = services.document_upload(
        quartier=quartier, user=manager, upload=upload("Protokoll März.pdf", pdf_bytes())
    )

    response = client_for(viewer).get(reverse("document_download", args=[quartier.slug, document.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Protokoll%20M%C3%A4rz.pdf" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"


def test_a_document_of_another_quartier_is_not_found(client_for, manager, quartier, other_quartier):
    other_manager = _manager_of(other_quartier)
    foreign = services.document_upload(quartier=other_quartier, user=other_manager, upload=upload("x.pdf", pdf_bytes()))
    client = client_for(manager)

    # Neither under our own quartier's address nor under the other quartier's.
    assert client.get(reverse("document_download", args=[quartier.slug, foreign.pk])).status_code == 404
    assert client.get(reverse("document_download", args=[other_quartier.slug, foreign.pk])).status_code == 404


def test_a_member_of_both_quartiers_gets_each_document_only_under_its_own_quartier(
    client_for, manager, quartier, other_quartier
):
    MembershipFactory(user=manager, quartier=other_quartier, role="manager")
    foreign = services.document_upload(quartier=other_quartier, user=manager, upload=upload("x.pdf", pdf_bytes()))
    client = client_for(manager)

    assert client.get(reverse("document_download", args=[quartier.slug, foreign.pk])).status_code == 404
    assert client.get(reverse("document_download", args=[other_quartier.slug, foreign.pk])).status_code == 200


def test_outsiders_and_anonymous_visitors_cannot_download(client_for, manager, outsider, quartier):
    document = services.document_upload(quartier=quartier, user=manager, upload=upload("p.pdf", pdf_bytes()))
    url = reverse("document_download", args=[quartier.slug, document.pk])

    assert client_for(outsider).get(url).status_code == 404
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302
    assert anonymous.url == f"{reverse('login')}?next={url}"


def test_uploaded_files_are_not_reachable_under_a_public_address(client_for, manager, quartier, settings):
    document = services.document_upload(quartier=quartier, user=manager, upload=upload("p.pdf", pdf_bytes()))

    response = client_for(manager).get(f"/media/{document.file.name}")

    assert response.status_code == 404


def _manager_of(quartier):
    return MembershipFactory(quartier=quartier, role="manager").user


def test_history_lists_ticks_evidence_and_notes_but_not_every_save(client_for, developer, quartier, step):
    item = optional_items(step)[0]
    services.item_set_done(item_id=item.pk, user=developer, done=True)
    services.evidence_add(item_id=item.pk, user=developer, kind=EvidenceKind.LINK, url="https://ex.org", label="Plan")
    services.step_notes_update(step_id=step.pk, user=developer, notes="Termin mit dem Seniorenbeirat")

    page = text(client_for(developer).get(step_url(quartier)))

    assert f"Abgehakt: {PLAN}" in page
    assert "Nachweis hinzugefügt: Plan" in page
    assert "Begonnen" in page and "→" not in page
    # The start changed the status, not the notes: one notes entry only.
    assert page.count("Notizen geändert") == 1
    assert StepTransition.objects.filter(step=step).count() == 1


# --- Read-only roles, item states, the way on ------------------------------------------


def _controls(response) -> list[str]:
    """The forms and buttons of the page's content (the site's header and footer left out)."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.findall(r"<(?:form|button|input|select|textarea)\b[^>]*>", main)


@pytest.mark.parametrize(
    ("role", "note"),
    [
        ("coordinator", "Sie sehen dieses Quartier als Koordination – nur lesen."),
        ("viewer", "Sie sehen dieses Quartier als Gast – nur lesen."),
    ],
)
def test_readers_see_the_checklist_as_a_status_list(request, client_for, manager, quartier, step, role, note):
    leitbild, steering, citizens = required_items(step)
    give_evidence(leitbild, manager)  # done with evidence
    services.item_set_done(item_id=steering.pk, user=manager, done=True)  # done, evidence missing

    response = client_for(request.getfixturevalue(role)).get(step_url(quartier))

    page = text(response)
    assert note in page
    assert text(response, f"item-{leitbild.pk}").startswith(f"{LEITBILD} ✓ erledigt")
    assert text(response, f"item-{steering.pk}").startswith(f"{STEERING} ⚠ erledigt – Nachweis fehlt")
    assert text(response, f"item-{citizens.pk}").startswith(f"{CITIZENS} ○ offen")
    # No checkboxes, no buttons (not even greyed ones), no list of what is still to do.
    assert _controls(response) == []
    assert "disabled" not in response.content.decode()
    assert not has_element(response, "blockers")
    assert "Das fehlt noch" not in page
    assert "Nachweis hinzufügen" not in page


def test_the_team_gets_no_read_only_note_on_the_step(client_for, manager, developer, quartier, step):
    for user in (manager, developer):
        assert "nur lesen" not in text(client_for(user).get(step_url(quartier)))


def test_a_developer_sees_what_they_can_do_and_no_complete_or_reopen(client_for, developer, quartier, done_step):
    open_step = step_url(quartier, 2)
    response = client_for(developer).get(open_step)
    assert 'name="done"' in response.content.decode()
    assert "Nachweis hinzufügen" in text(response)
    assert has_element(response, "blockers")
    assert not any("step_complete" in c or "abschließen" in c for c in _controls(response))

    response = client_for(developer).get(step_url(quartier))  # completed
    page = text(response)
    assert "Schritt wieder öffnen" not in page
    assert not has_element(response, "h-status")
    assert "disabled" not in response.content.decode()


def test_a_ticked_item_without_evidence_is_amber_not_green(client_for, manager, quartier, step):
    item = required_items(step)[0]
    services.item_set_done(item_id=item.pk, user=manager, done=True)

    response = client_for(manager).get(step_url(quartier))

    html = response.content.decode()
    assert f'<li class="checklist-item is-missing" id="item-{item.pk}">' in html
    assert "⚠ erledigt – Nachweis fehlt" in text(response, f"item-{item.pk}")

    give_evidence(item, manager)
    response = client_for(manager).get(step_url(quartier))
    assert f'<li class="checklist-item is-done" id="item-{item.pk}">' in response.content.decode()
    assert "✓ erledigt" in text(response, f"item-{item.pk}")


def test_an_optional_item_ticked_without_evidence_is_simply_done(client_for, manager, quartier, step):
    item = optional_items(step)[0]
    services.item_set_done(item_id=item.pk, user=manager, done=True)

    response = client_for(manager).get(step_url(quartier))

    assert f'<li class="checklist-item is-done" id="item-{item.pk}">' in response.content.decode()


def test_after_completing_the_page_offers_the_next_step(client_for, manager, quartier, ready_step):
    response = client_for(manager).post(reverse("step_complete", args=[quartier.slug, 1]), follow=True)

    assert "Weiter zu Schritt 2" in text(response, "next-step")
    assert f'href="{step_url(quartier, 2)}"' in response.content.decode().split('id="next-step"', 1)[1]


def test_the_last_step_leads_back_to_the_cockpit(client_for, manager, quartier):
    step_10 = quartier.steps.get(template__number=10)
    for item in required_items(step_10):
        give_evidence(item, manager)
    services.step_complete(step_id=step_10.pk, user=manager)

    response = client_for(manager).get(step_url(quartier, 10))

    assert "Zurück zum Cockpit" in text(response, "next-step")
    assert "Weiter zu Schritt 11" not in text(response)
    assert f'href="{reverse("cockpit", args=[quartier.slug])}"' in response.content.decode().split('id="next-step"')[1]


def test_an_open_step_offers_no_way_on_yet(client_for, manager, quartier, step):
    assert not has_element(client_for(manager).get(step_url(quartier)), "next-step")


def test_the_reopen_button_does_not_look_disabled(client_for, manager, quartier, done_step):
    html = client_for(manager).get(step_url(quartier)).content.decode()

    button = re.search(r"<button[^>]*>Schritt wieder öffnen</button>", html).group(0)
    assert "btn-outline-primary" in button
    assert "secondary" not in button and "disabled" not in button


def test_the_step_page_for_readers_does_not_query_more_with_more_evidence(client_for, manager, viewer, quartier, step):
    client = client_for(viewer)
    give_evidence(required_items(step)[0], manager)
    client.get(step_url(quartier))
    with CaptureQueriesContext(connection) as few:
        client.get(step_url(quartier))

    for item in step.items.all():
        give_evidence(item, manager, text="noch ein Nachweis")
        services.item_set_done(item_id=item.pk, user=manager, done=True)
    with CaptureQueriesContext(connection) as many:
        response = client.get(step_url(quartier))

    assert len(many) == len(few)
    assert "nur lesen" in text(response)
