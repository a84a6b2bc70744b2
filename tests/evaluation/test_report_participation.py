"""The Fortschrittsbericht's section „Beteiligung“: responses by channel per survey, events with
their participants and the share 80+, ideas and what became of them. No photos."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from evaluation import services
from evaluation.report_context import participation_report, report_context
from participation.models import EventAttachment, WalkPoint
from planning.models import Document
from tests.participation.participation_data import event, idea, participation, responses

from .utils import html_text, pdf_text

pytestmark = pytest.mark.django_db


def _section(quartier, language: str = "de") -> tuple[str, str]:
    with translation.override(language):
        html = render_to_string(
            "pdf/report_participation.html", report_context(quartier=quartier, today=timezone.localdate())
        )
    return html, html_text(html)


def test_the_section_in_german(quartier):
    participation(quartier)
    _html, text = _section(quartier)

    assert "Beteiligung" in text
    assert "Umfrage Status online Papier Interview Gesamt" in text
    assert "Älter werden in der Altstadt (T1) offen 3 2 1 6" in text
    assert "Befragung 2025 (T0) geschlossen 0 4 0 4" in text
    assert "Entwurf Nachbarschaft Entwurf 0 0 0 0" in text
    assert "3 Veranstaltungen mit 64 Teilnehmenden insgesamt." in text
    assert "Von den 32 Personen, deren Alter bekannt ist, waren 28 % 80 Jahre oder älter." in text
    assert "Quartiersbegehung Rundgang Marktplatz 14 33 %" in text
    assert "Bürgerversammlung / Infoveranstaltung Bürgerversammlung 30 –" in text
    assert "Sommerfest" not in text
    assert "3 Problemstellen wurden bei Begehungen gefunden: 1 als Barriere gezählt, 1 zur Idee gemacht." in text
    assert "5 Ideen: 2 neu, 1 in Prüfung, 1 übernommen, 1 abgelehnt. 1 Idee wurde zur Maßnahme." in text
    assert "Übernommene Ideen Idee Maßnahme Eine Bank am Marktplatz Bank am Marktplatz" in text
    assert "Abgelehnte Ideen und warum Idee Begründung Ein Schwimmbad Zu teuer für das Quartiersbudget." in text


def test_the_section_in_english(quartier):
    participation(quartier)
    _html, text = _section(quartier, "en")

    assert "Participation" in text
    assert "Älter werden in der Altstadt (T1) open 3 2 1 6" in text
    assert "Of the 32 people whose age is known, 28 % were 80 or older." in text
    assert "5 ideas: 2 new, 1 being reviewed, 1 adopted, 1 declined. 1 idea became a measure." in text


def test_the_section_of_a_quartier_without_participation(quartier):
    _html, text = _section(quartier)

    assert "Noch keine Umfrage." in text
    assert "Noch keine Veranstaltung hat stattgefunden." in text
    assert "Noch keine Idee." in text


def test_no_photo_goes_into_the_report_with_or_without_consent(quartier, manager):
    made = participation(quartier)
    for consent in (True, False):
        document = Document.objects.create(
            quartier=quartier,
            title=f"Foto {consent}",
            file=ContentFile(b"\x89PNG", name=f"foto-{consent}.png"),
            original_name=f"foto-{consent}.png",
            content_type="image/png",
            size=4,
        )
        EventAttachment.objects.create(event=made["walk"], document=document, is_photo=True, consent=consent)
        WalkPoint.objects.filter(event=made["walk"]).update(photo=document, photo_consent=consent)
    html, _text = _section(quartier)

    assert "<img" not in html
    assert "foto-" not in html and "Foto " not in html


def test_the_section_takes_the_same_queries_for_more_participation(quartier):
    made = participation(quartier)
    today = timezone.localdate()
    with CaptureQueriesContext(connection) as small:
        participation_report(quartier=quartier, today=today)
    for n in range(10):
        responses(made["t0"], online=n)
        event(quartier, "werkstatt", f"Werkstatt {n}", -n - 1, 8, (2, 2, 4))
        idea(quartier, f"Idee {n}", "uebernommen", measure=made["bench"])
    with CaptureQueriesContext(connection) as large:
        report = participation_report(quartier=quartier, today=today)
    assert len(large) == len(small) == 8
    assert len(report.adopted_ideas) == 11


def test_the_pdf_has_the_participation_section(quartier):
    participation(quartier)
    text = pdf_text(services.render_progress_pdf(quartier=quartier, language="de"))

    assert "Beteiligung" in text
    assert "Älter werden in der Altstadt (T1) offen 3 2 1 6" in text
    assert "Von den 32 Personen, deren Alter bekannt ist, waren 28 % 80 Jahre oder älter." in text
    assert "1 Idee wurde zur Maßnahme." in text
