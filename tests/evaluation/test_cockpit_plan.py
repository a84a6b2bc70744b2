"""The cockpit's cards on what is due this week, the goals' attainment and the funding runway."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from evaluation.plan import due_this_week
from planning.models import FundingStatus, MeasureStatus
from tests.pages import shown_date

from . import plan_data as data
from .utils import page_text, section_html

pytestmark = pytest.mark.django_db


def _today() -> datetime.date:
    return timezone.localdate()


def _days(n: int) -> datetime.date:
    return _today() + datetime.timedelta(days=n)


def _cockpit(client, quartier):
    response = client.get(reverse("cockpit", args=[quartier.slug]))
    assert response.status_code == 200
    return response


def _due_text(response) -> str:
    return page_text(response, "due-list")


def test_due_this_week_lists_milestones_of_the_week_and_overdue_ones_and_overdue_measures(
    quartier, manager, client_for
):
    cafe = data.measure(quartier, "Nachbarschaftscafé", responsible=manager)
    data.milestone(cafe, "Raum anmieten", _days(3))
    data.milestone(cafe, "Flyer drucken", _days(-2))
    data.milestone(cafe, "Eröffnung", _days(20))  # later than this week
    data.milestone(cafe, "Träger gefunden", _days(-5), done=True)  # done
    data.measure(quartier, "Bank am Marktplatz", end=_days(-10))  # overdue measure, nobody responsible
    dropped = data.measure(quartier, "Verworfene Idee", status=MeasureStatus.DROPPED, end=_days(-10))
    data.milestone(dropped, "Nie gemacht", _days(-1))  # of a dropped measure: not due

    response = _cockpit(client_for(manager), quartier)

    assert page_text(response, "h-due") == "Diese Woche fällig"
    text = _due_text(response)
    assert "Meilenstein: Raum anmieten (Nachbarschaftscafé)" in text
    assert f"fällig am {shown_date(_days(3))}" in text
    assert "Meilenstein: Flyer drucken" in text
    assert f"überfällig (fällig am {shown_date(_days(-2))})" in text
    assert f"Verantwortlich: {manager.display_name}" in text
    assert "Maßnahme: Bank am Marktplatz" in text
    assert f"überfällig (fällig am {shown_date(_days(-10))})" in text
    assert "Niemand verantwortlich" in text
    # The measure with the late milestone is overdue too, from the milestone's date on.
    assert "Maßnahme: Nachbarschaftscafé" in text
    for absent in ("Eröffnung", "Träger gefunden", "Nie gemacht", "Verworfene Idee"):
        assert absent not in text
    # Overdue first: the oldest date leads.
    assert text.index("Bank am Marktplatz") < text.index("Flyer drucken") < text.index("Raum anmieten")
    # Overdue is said in words, not by colour alone.
    assert text.count("überfällig") == 3


def test_due_this_week_empty_state(quartier, manager, client_for):
    cafe = data.measure(quartier, "Nachbarschaftscafé", end=_days(60))
    data.milestone(cafe, "Eröffnung", _days(8))

    response = _cockpit(client_for(manager), quartier)

    assert "Diese Woche ist nichts fällig." in page_text(response)
    assert 'id="due-list"' not in response.content.decode()


def test_due_this_week_counts_what_it_does_not_list(quartier):
    cafe = data.measure(quartier, "Nachbarschaftscafé")
    for n in range(5):
        data.milestone(cafe, f"Schritt {n}", _days(n))
    for n in range(4):
        data.measure(quartier, f"Alt {n}", end=_days(-n - 1))

    due = due_this_week(quartier=quartier, today=_today(), limit=3)

    assert [e.title for e in due.entries if e.kind == "milestone"] == ["Schritt 0", "Schritt 1", "Schritt 2"]
    assert len([e for e in due.entries if e.kind == "measure"]) == 3
    # Two milestones and one measure more (the café is not overdue: no milestone is late).
    assert (due.more_milestones, due.more_measures) == (2, 1)


def test_goals_card_shows_attainment_by_domain_with_text(quartier, manager, client_for):
    data.value(quartier, "MEETING", 6, _days(-30))
    data.goal(quartier, "Mehr Begegnungsorte", code="MEETING", baseline=2, target=10)  # 50 %
    data.value(quartier, "BARRIERS", 3, _days(-30))
    data.goal(quartier, "Barrieren abbauen", domain="wohnen", code="BARRIERS", baseline=20, target=5)  # reached
    data.goal(quartier, "Ohne Kennzahl", domain="pflege")

    response = _cockpit(client_for(manager), quartier)

    section = section_html(response, "h-goals")
    text = " ".join(section.split())
    assert "Wohnen" in section and "Soziales" in section and "Hilfe und Pflege" in section
    # The domains in their fixed order: housing, social life, help and care.
    assert section.index("Barrieren abbauen") < section.index("Mehr Begegnungsorte") < section.index("Ohne Kennzahl")
    goal = data.Goal.objects.get(title="Mehr Begegnungsorte")
    assert f'<progress value="50" max="100" aria-labelledby="goal-title-{goal.pk}"' in text
    assert "50 % erreicht" in page_text(response, f"goal-{goal.pk}")
    reached = data.Goal.objects.get(title="Barrieren abbauen")
    assert "100 % erreicht · ✓ erreicht" in page_text(response, f"goal-{reached.pk}")
    unmeasured = data.Goal.objects.get(title="Ohne Kennzahl")
    assert "Noch nicht messbar" in page_text(response, f"goal-{unmeasured.pk}")


def test_goals_card_without_goals(quartier, manager, client_for):
    section = section_html(_cockpit(client_for(manager), quartier), "h-goals")

    assert "Noch keine Ziele festgelegt." in " ".join(section.split())
    assert "<progress" not in section


def test_funding_card_shows_the_runway(quartier, viewer, client_for):
    end = _days(400)
    data.funding(quartier, "Quartiersbudget", _days(-100), end)

    text = page_text(_cockpit(client_for(viewer), quartier), "funding-runway")

    months = f"{((end - _today()).days + 1) / 30.44:.1f}".replace(".", ",")
    assert f"Gesichert bis {end.day}. " in text
    assert f", {months} Monate" in text
    assert "Anschlussförderung" not in text


def test_funding_card_warns_when_the_money_runs_out_without_follow_up(quartier, manager, client_for):
    data.funding(quartier, "Quartiersbudget", _days(-100), _days(60))
    client = client_for(manager)

    text = page_text(_cockpit(client, quartier), "funding-runway")
    assert gettext("Funding ends within six months and no follow-up has been applied for.") in text

    data.funding(quartier, "Anschluss", _days(61), _days(800), status=FundingStatus.APPLIED)
    text = page_text(_cockpit(client, quartier), "funding-runway")
    assert gettext("Funding ends within six months and no follow-up has been applied for.") not in text
    assert gettext("A follow-up application is pending.") in text


def test_funding_card_without_granted_funding(quartier, manager, client_for):
    text = page_text(_cockpit(client_for(manager), quartier), "funding-runway")

    assert gettext("No granted funding covers today.") in text
