"""The Fortschrittsbericht's sections on the analysis, the map, goals, measures and funding."""

from __future__ import annotations

import datetime
import os
from types import SimpleNamespace

import pytest
from django.utils import timezone

from evaluation import report_context, services
from planning.models import FundingStatus, MeasureStatus

from . import plan_data as data
from .utils import pdf_text

pytestmark = pytest.mark.django_db


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def planned(quartier, manager):
    """Altstadt with indicator values, facilities, an assessment, goals, measures and funding."""
    quartier.boundary = data.ALTSTADT_BOUNDARY
    quartier.save(update_fields=["boundary"])
    data.value(quartier, "MEETING", 4, datetime.date(2024, 12, 31))
    data.value(quartier, "MEETING", 6, datetime.date(2025, 12, 31))
    data.value(quartier, "LONELINESS", "18.5", datetime.date(2024, 12, 31))
    data.value(quartier, "LONELINESS", "21.25", datetime.date(2025, 12, 31))
    data.value(quartier, "POP", 4200, datetime.date(2025, 12, 31))
    data.facility(quartier, "Bürgerhaus", "treffpunkt", 51.515, 7.465)
    data.facility(quartier, "Marien-Apotheke", "apotheke", 51.512, 7.47)
    data.facility(quartier, "Markt-Apotheke", "apotheke", 51.518, 7.472)
    data.assessment(quartier, "soziales", "Aktive Kirchengemeinde", "Wenige Treffpunkte am Abend")
    data.goal(quartier, "Mehr Begegnungsorte", code="MEETING", baseline=2, target=10)
    cafe = data.measure(quartier, "Nachbarschaftscafé", responsible=manager, end=_days(90))
    data.milestone(cafe, "Raum anmieten", _days(-3), done=True)
    data.milestone(cafe, "Flyer drucken", _days(-2))
    data.milestone(cafe, "Eröffnung", _days(30))
    data.measure(quartier, "Bank am Marktplatz", status=MeasureStatus.DONE, domain="wohnen")
    data.funding(quartier, "Quartiersbudget 2026", _days(-100), _days(60), amount=12500)
    data.funding(quartier, "Stiftungsantrag", _days(61), _days(400), status=FundingStatus.APPLIED)
    return quartier


def _text(quartier, language: str = "de") -> str:
    pdf = services.render_progress_pdf(quartier=quartier, language=language)
    if os.environ.get("REPORT_PDF_OUT"):  # to look at the pages: REPORT_PDF_OUT=/tmp/r.pdf
        with open(os.environ["REPORT_PDF_OUT"] + f".{language}.pdf", "wb") as out:
            out.write(pdf)
    return pdf_text(pdf)


def test_report_shows_the_analysis(planned):
    text = _text(planned)

    assert "Analyse" in text
    assert "Kennzahlen" in text
    # Latest value with unit and date, previous value and change, with its meaning by direction.
    assert "Begegnungsorte 6 Anzahl 31.12.2025 4 Anzahl 31.12.2024 +2 (besser)" in text
    assert "21,25 % 31.12.2025 18,5 % 31.12.2024 +2,75 (schlechter)" in text
    assert "Einwohnerzahl 4.200 Personen 31.12.2025 – –" in text
    assert "Versorgungslücken" in text
    # From the catchment analysis of the boundary and the three facilities: no shop nearby.
    assert "Lebensmittelgeschäft: 0 % der Fläche in Gehweite (0 Einrichtungen)" in text
    assert "Stärken und Schwächen" in text
    assert "Stärken: Aktive Kirchengemeinde" in text
    assert "Schwächen: Wenige Treffpunkte am Abend" in text
    assert "Wohnen Stärken: noch nicht beschrieben" in text


def test_report_lists_supply_gaps_from_the_analysis(planned, monkeypatch):
    gap = SimpleNamespace(category="Apotheke", coverage_percent=62, facilities=2)
    monkeypatch.setattr(report_context, "supply_gaps", lambda *, quartier: [gap])

    text = _text(planned)

    assert "Apotheke: 62 % der Fläche in Gehweite (2 Einrichtungen)" in text
    assert "Noch keine Erreichbarkeitsanalyse" not in text


def test_report_draws_the_map_with_a_legend(planned):
    text = _text(planned)

    assert "Karte" in text
    assert "Die Linie zeigt die Grenze des Quartiers." in text
    assert "Legende" in text
    assert "Legende 1 Begegnungsort / Treffpunkt 1 Einrichtung 2 Apotheke 2 Einrichtungen" in text


def test_report_shows_goals_measures_and_funding(planned, manager):
    text = _text(planned)

    assert "Ziele" in text
    assert "Mehr Begegnungsorte Begegnungsorte 6 Anzahl" in text
    assert "50 %" in text
    assert "Maßnahmen" in text
    active = str(MeasureStatus.ACTIVE.label)
    assert f"Nachbarschaftscafé Soziales · {manager.display_name} {active} ⚠ überfällig 1 von 3 Meilensteinen" in text
    assert "Bank am Marktplatz Wohnen abgeschlossen keine Meilensteine" in text
    assert "Finanzierung" in text
    assert f"Gesichert bis {_days(60).day}." in text
    assert "Eine Anschlussfinanzierung ist beantragt." in text
    assert "Quartiersbudget 2026 Kommunaler Haushalt · Stadt Musterstadt bewilligt 12.500,00 €" in text
    assert "Stiftungsantrag" in text and "beantragt" in text


def test_report_in_english(planned):
    text = _text(planned, "en")

    assert "Key indicators" in text
    assert "+2 (better)" in text
    assert "Begegnungsort / Treffpunkt: 61.2% of the area within walking distance (1 facility)" in text
    assert "Strengths and weaknesses" in text
    assert "Legend" in text
    assert "Legend 1 Begegnungsort / Treffpunkt 1 facility 2 Apotheke 2 facilities" in text
    assert "1 of 3 milestones" in text
    assert "overdue" in text
    assert "A follow-up application is pending." in text
    assert "12,500.00 €" in text


def test_report_of_a_quartier_without_plans_says_what_is_missing(quartier):
    text = _text(quartier)

    assert "Noch keine Kennzahlwerte erfasst." in text
    assert "Noch keine Grenze und keine Einrichtungen erfasst." in text
    assert "Noch keine Ziele festgelegt." in text
    assert "Noch keine Maßnahmen geplant." in text
    assert "Für heute ist keine Förderung bewilligt." in text
    assert "Noch keine Förderquellen erfasst." in text


def test_report_says_when_there_is_no_catchment_analysis(quartier):
    text = _text(quartier)

    assert "Noch keine Erreichbarkeitsanalyse (Grenze oder Einrichtungen fehlen)." in text
