"""The manager completes step 1 with evidence; the coordinator sees it in the portfolio."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from .partner_setup import PARTNER, link_demo_partner
from .support import CHROMIUM, COORDINATOR, MANAGER, NO_CHROMIUM, log_in, minimal_pdf

pytestmark = [pytest.mark.browser, pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)]

LEITBILD_ITEM = "Leitbild formuliert (Anlass, Zielgruppen, Leitziele)"
STEERING_ITEM = "Steuerungsgruppe eingerichtet (ressortübergreifend)"
CITIZENS_ITEM = "Leitbild mit Bürgerinnen und Bürgern abgestimmt"
STEP_1 = "1. Quartiersorientierung als Leitbild abstimmen"
OTHER_MANAGER = "manager-nord@demo.example"


def checklist_item(page: Page, title: str) -> Locator:
    """The checklist entry whose checkbox carries this title (evidence entries have none)."""
    return page.get_by_role("listitem").filter(has=page.get_by_role("checkbox", name=title, exact=True))


def cockpit_step(page: Page, title: str) -> Locator:
    return page.get_by_role("listitem").filter(has=page.get_by_role("link", name=title, exact=True))


def open_evidence_form(item: Locator) -> None:
    item.locator("summary").filter(has_text="Nachweis hinzufügen").click()


def test_manager_completes_step_1_and_coordinator_sees_it(page: Page, altstadt_step1_open, tmp_path):
    log_in(page, MANAGER)
    # A manager with one quartier lands on its cockpit.
    expect(page.get_by_role("heading", name="Altstadt", level=1)).to_be_visible()
    expect(cockpit_step(page, STEP_1)).to_contain_text("offen")

    page.get_by_role("link", name=STEP_1).click()
    expect(page.get_by_role("heading", name=re.compile(r"^1\. Quartiersorientierung"))).to_be_visible()

    # The Leitbild is already written in the quartier profile: link it.
    item = checklist_item(page, LEITBILD_ITEM)
    open_evidence_form(item)
    item.get_by_role("button", name="Leitbild des Quartiers verknüpfen").click()
    item = checklist_item(page, LEITBILD_ITEM)
    expect(item.get_by_role("checkbox")).to_be_checked()
    expect(item).to_contain_text("Leitbild des Quartiers Altstadt")

    # The steering group's founding minutes, as a PDF.
    pdf = tmp_path / "Protokoll-Steuerungsgruppe.pdf"
    pdf.write_bytes(minimal_pdf("Protokoll der ersten Sitzung der Steuerungsgruppe"))
    item = checklist_item(page, STEERING_ITEM)
    open_evidence_form(item)
    item.get_by_label("Dokument hochladen").check()
    item.get_by_label("Datei").set_input_files(pdf)
    item.get_by_role("button", name="Nachweis hinzufügen", exact=True).click()
    expect(page.get_by_text("Der Nachweis wurde hinzugefügt.")).to_be_visible()
    item = checklist_item(page, STEERING_ITEM)
    expect(item.get_by_role("checkbox")).to_be_checked()
    expect(item.get_by_role("link", name="Protokoll-Steuerungsgruppe.pdf")).to_be_visible()

    # Tick first (saved at once, without a reload), then say how it was agreed.
    item = checklist_item(page, CITIZENS_ITEM)
    item.get_by_role("checkbox").check()
    expect(item).to_contain_text("erledigt – Nachweis fehlt")
    expect(page.get_by_role("status").filter(has_text="Das fehlt noch")).to_contain_text(CITIZENS_ITEM)
    open_evidence_form(item)
    # Only the field of the chosen kind of evidence is shown.
    expect(item.get_by_label("Text", exact=True)).to_be_hidden()
    item.get_by_label("Text schreiben").check()
    expect(item.get_by_label("Datei")).to_be_hidden()
    item.get_by_label("Text", exact=True).fill("Leitbild auf dem Bürgerforum am 12. März vorgestellt und angenommen.")
    item.get_by_role("button", name="Nachweis hinzufügen", exact=True).click()
    expect(checklist_item(page, CITIZENS_ITEM)).to_contain_text("auf dem Bürgerforum am 12. März")
    expect(page.get_by_role("status").filter(has_text="Alle Pflichtpunkte")).to_be_visible()

    page.get_by_role("button", name="Schritt abschließen").click()
    expect(page.get_by_text("Schritt 1 ist abgeschlossen.")).to_be_visible()
    expect(page.get_by_role("link", name="Weiter zu Schritt 2")).to_be_visible()

    page.get_by_role("link", name="Cockpit").click()
    step_1 = cockpit_step(page, STEP_1)
    expect(step_1).to_contain_text("abgeschlossen")
    expect(step_1).to_contain_text("3 von 3 Pflichtpunkten erledigt")

    page.get_by_role("button", name="Abmelden").click()
    expect(page.get_by_role("heading", name="Anmelden")).to_be_visible()

    log_in(page, COORDINATOR)
    # A coordinator lands on the portfolio.
    expect(page.get_by_role("heading", name="Portfolio", level=1)).to_be_visible()
    altstadt = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=re.compile("^Altstadt")))
    # After the current step comes step 1; its status word is there for screen readers too, and
    # the cell leads to the step.
    step_1 = altstadt.get_by_role("cell").nth(1)
    expect(step_1).to_have_text("✓ Schritt 1: abgeschlossen")
    step_1.get_by_role("link").click()
    expect(page.get_by_role("heading", name=re.compile(r"^1\. Quartiersorientierung"))).to_be_visible()


def test_completing_a_step_with_open_required_items_names_them(page: Page, altstadt_step1_open):
    log_in(page, MANAGER)
    page.goto("/q/altstadt/schritte/1/")

    page.get_by_role("button", name="Schritt abschließen").click()

    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Der Schritt kann noch nicht abgeschlossen werden")
    for title in (LEITBILD_ITEM, STEERING_ITEM, CITIZENS_ITEM):
        expect(alert).to_contain_text(title)
    expect(alert).not_to_contain_text("Struktur- und Ressourcenplan")  # optional items do not block
    expect(alert).to_be_focused()
    expect(page.get_by_role("button", name="Schritt abschließen")).to_be_visible()


def test_removing_evidence_asks_first(page: Page, demo):
    """Step 3 of Altstadt has evidence from the demo; removing it takes a confirmation."""
    log_in(page, MANAGER)
    page.goto("/q/altstadt/schritte/3/")
    remove = page.get_by_role("button", name=re.compile(r"^entfernen")).first
    count = page.get_by_role("button", name=re.compile(r"^entfernen")).count()

    questions = []
    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    remove.click()
    assert questions == [
        "Diesen Nachweis entfernen? Der Punkt braucht dann einen neuen Nachweis, bevor der Schritt "
        "abgeschlossen werden kann."
    ]
    expect(page.get_by_role("button", name=re.compile(r"^entfernen"))).to_have_count(count)

    page.once("dialog", lambda dialog: dialog.accept())
    remove.click()
    expect(page.get_by_text("Der Nachweis wurde entfernt.")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile(r"^entfernen"))).to_have_count(count - 1)


def test_a_partner_sees_the_portal_not_the_workspace(page: Page, demo):
    """A partner lands in the partner area: the quartier's Leitbild and progress and its own part,
    no to-do lists, checkboxes, activity or team; the team's pages are closed to it."""
    link_demo_partner()
    log_in(page, PARTNER)
    page.goto("/q/altstadt/")
    expect(page).to_have_url(re.compile(r"/q/altstadt/partnerbereich/$"))
    expect(page.get_by_role("navigation", name="Partnerbereich")).to_be_visible()
    expect(page.get_by_role("navigation", name="Quartier")).to_have_count(0)
    expect(page.get_by_role("heading", name="Fortschritt des Quartiers")).to_be_visible()
    expect(page.get_by_role("heading", name="Nächste Pflichtpunkte")).to_have_count(0)
    expect(page.get_by_role("heading", name="Letzte Aktivitäten")).to_have_count(0)
    main = page.locator("main")
    expect(main.get_by_role("checkbox")).to_have_count(0)
    expect(main.get_by_text(re.compile("abgeschlossen|in Arbeit|offen")).first).to_be_visible()

    page.goto("/q/altstadt/schritte/3/")
    expect(page.get_by_text("Das dürfen Sie mit Ihrer Rolle nicht.")).to_be_visible()
    page.goto("/q/altstadt/mitglieder/")
    expect(page.get_by_text("Das dürfen Sie mit Ihrer Rolle nicht.")).to_be_visible()


def test_a_link_typed_before_switching_to_text_does_not_block_saving(page: Page, altstadt_step1_open):
    log_in(page, MANAGER)
    page.goto("/q/altstadt/schritte/1/")
    item = checklist_item(page, CITIZENS_ITEM)
    open_evidence_form(item)
    item.get_by_label("Link hinzufügen").check()
    item.get_by_label("Link", exact=True).fill("bürgerforum protokoll")
    item.get_by_label("Text schreiben").check()
    expect(item.get_by_label("Link", exact=True)).to_be_hidden()
    item.get_by_label("Text", exact=True).fill("Auf dem Bürgerforum vorgestellt.")
    item.get_by_role("button", name="Nachweis hinzufügen", exact=True).click()

    expect(page.get_by_text("Der Nachweis wurde hinzugefügt.")).to_be_visible()
    expect(checklist_item(page, CITIZENS_ITEM)).to_contain_text("Auf dem Bürgerforum vorgestellt.")


def test_long_texts_say_how_many_characters_are_left(page: Page, altstadt_step1_open):
    log_in(page, MANAGER)
    page.goto("/q/altstadt/profil/bearbeiten/")
    counter = page.locator("#id_leitbild-counter")
    expect(counter).to_have_text(re.compile(r"^noch [\d.]+ Zeichen$"))
    # Far from the limit the count is not announced at every keystroke; near it, politely.
    expect(counter).to_have_attribute("aria-live", "off")
    assert "id_leitbild-counter" in (page.locator("#id_leitbild").get_attribute("aria-describedby") or "")

    page.locator("#id_leitbild").fill("x" * 19_990)

    expect(counter).to_have_text("noch 10 Zeichen")
    expect(counter).to_have_attribute("aria-live", "polite")


def test_a_text_over_the_limit_says_how_many_characters_are_too_many(page: Page, altstadt_step1_open):
    log_in(page, MANAGER)
    page.goto("/q/altstadt/profil/bearbeiten/")
    counter = page.locator("#id_leitbild-counter")
    expect(counter).to_have_text(re.compile(r"^noch [\d.]+ Zeichen$"))

    # As when the server sends back a text over the limit: maxlength stops typing, not a value.
    page.locator("#id_leitbild").evaluate(
        "field => { field.value = 'x'.repeat(21234); field.dispatchEvent(new Event('input')); }"
    )

    expect(counter).to_have_text("1.234 Zeichen zu viel")
    expect(counter).to_have_attribute("aria-live", "polite")


def test_an_existing_account_is_invited_and_accepts_on_its_start_page(page: Page, demo):
    """The Altstadt manager invites the Nordviertel manager; nothing changes until she accepts."""
    log_in(page, MANAGER)
    page.goto("/q/altstadt/mitglieder/")
    invite = page.get_by_role("region", name="Jemanden einladen")
    invite.get_by_label("E-Mail-Adresse").fill(OTHER_MANAGER)
    invite.get_by_label("Rolle").select_option(label="Quartiersentwickler*in")
    invite.get_by_role("button", name="Einladung senden").click()
    expect(page.get_by_text(f"Eine Einladung wurde an {OTHER_MANAGER} gesendet.")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text=f"{OTHER_MANAGER} – Quartiersentwickler*in")).to_be_visible()
    page.get_by_role("button", name="Abmelden").click()

    log_in(page, OTHER_MANAGER)
    # Open invitations first: she lands on her start page, not in one of her quartiers.
    expect(page.get_by_role("heading", name="Einladungen für Sie")).to_be_visible()
    invitation = page.get_by_role("listitem").filter(has_text="in das Quartier Altstadt ein")
    expect(invitation).to_contain_text("als Quartiersentwickler*in")
    invitation.get_by_role("button", name="Annehmen – Altstadt").click()

    expect(page.get_by_text("Willkommen! Sie gehören jetzt zum Quartier Altstadt.")).to_be_visible()
    expect(page.get_by_role("heading", name="Altstadt", level=1)).to_be_visible()
    page.goto("/quartiere/")
    expect(page.get_by_role("heading", name="Einladungen für Sie")).to_have_count(0)
    page.goto("/q/altstadt/mitglieder/")
    team = page.get_by_role("region", name="Wer in diesem Quartier mitarbeitet")
    expect(team.get_by_role("listitem").filter(has_text="Nils Nordmann")).to_contain_text("Quartiersentwickler*in")
    # As a developer she sees who works here, not their addresses; the manager sees the answer in the history.
    expect(team).not_to_contain_text("@demo.example")
    page.get_by_role("button", name="Abmelden").click()
    log_in(page, MANAGER)
    page.goto("/q/altstadt/mitglieder/")
    expect(page.get_by_text(f"Einladung an {OTHER_MANAGER} angenommen")).to_be_visible()
