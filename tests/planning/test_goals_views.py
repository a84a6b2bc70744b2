"""The goals page (step 5) as the team sees it, and creating, changing and deleting goals."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal as D

import pytest
from django.urls import reverse

from planning.analysis.models import Indicator, IndicatorValue
from planning.goals import services
from planning.goals.models import Goal
from planning.measures.models import Measure


def text(response) -> str:
    """The page's visible text, tags dropped and whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def benches() -> Indicator:
    return Indicator.objects.get(code="BENCHES")


@pytest.fixture
def goal(quartier, benches) -> Goal:
    IndicatorValue.objects.create(quartier=quartier, indicator=benches, value=D("3.5"), reference_date="2026-02-01")
    return Goal.objects.create(
        quartier=quartier,
        domain="wohnen",
        title="Mehr Bänke an den Hauptwegen",
        description="Alle 300 m eine Bank.",
        indicator=benches,
        baseline=D("2"),
        target=D("5"),
        target_date=datetime.date(2027, 12, 31),
        agreed_by="Steuerungsgruppe",
        agreed_on=datetime.date(2026, 1, 20),
    )


def list_url(quartier) -> str:
    return reverse("goal_list", kwargs={"slug": quartier.slug})


def test_list_shows_goals_by_domain_with_attainment(client_for, viewer, quartier, goal) -> None:
    Measure.objects.create(quartier=quartier, title="Bank am Marktplatz", domain="wohnen").goals.add(goal)

    response = client_for(viewer).get(list_url(quartier))
    page = text(response)

    assert response.status_code == 200
    assert "Wohnen" in page and "Soziales" in page and "Hilfe und Pflege" in page
    assert "Mehr Bänke an den Hauptwegen" in page
    assert "Sitzgelegenheiten je km Hauptweg (je km)" in page
    assert "2 → , aktueller Wert: 3,5 (am 01.02.2026) → , Zielwert: 5 je km" in page
    assert "31.12.2027" in page and "Steuerungsgruppe, am 20.01.2026" in page
    assert "50 % erreicht" in page
    html = response.content.decode()
    assert 'role="progressbar"' in html and 'aria-valuenow="50"' in html and 'aria-valuetext="50 % erreicht"' in html
    assert "Bank am Marktplatz" in page
    assert "In diesem Bereich gibt es noch kein Ziel." in page  # Soziales and Pflege are empty
    # A viewer reads; the buttons to change are not offered.
    assert "Neues Ziel" not in page and "Bearbeiten" not in page


def test_unmeasurable_and_reached_goals_say_so(client_for, manager, quartier, benches, goal) -> None:
    Goal.objects.create(quartier=quartier, domain="soziales", title="Ohne Ausgangswert", indicator=benches, target=9)
    Goal.objects.create(quartier=quartier, domain="pflege", title="Geschafft", indicator=benches, target=D("3"))

    page = text(client_for(manager).get(list_url(quartier)))

    assert "nicht messbar – Ausgangswert fehlt" in page
    assert "erreicht (100 %)" in page


def test_empty_state_explains_a_good_goal(client_for, manager, quartier) -> None:
    page = text(client_for(manager).get(list_url(quartier)))
    assert "Noch keine Ziele. Was ist ein gutes Ziel?" in page and "SMART" in page
    assert "Neues Ziel" in page


def test_form_offers_active_indicators_grouped_by_domain_with_latest_value(client_for, manager, quartier, goal) -> None:
    Indicator.objects.filter(code="POP").update(active=False)

    html = client_for(manager).get(reverse("goal_create", kwargs={"slug": quartier.slug})).content.decode()

    assert '<optgroup label="Wohnen">' in html and '<optgroup label="Hilfe und Pflege">' in html
    assert "Sitzgelegenheiten je km Hauptweg (je km) – zuletzt 3,5 am 01.02.2026" in html
    assert 'data-latest="3,5"' in html
    assert "Einwohnerzahl" not in html  # inactive


def test_manager_creates_a_goal(client_for, manager, quartier, benches) -> None:
    client = client_for(manager)
    response = client.post(
        reverse("goal_create", kwargs={"slug": quartier.slug}),
        {
            "domain": "wohnen",
            "title": "Mehr Sitzbänke",
            "indicator": benches.pk,
            "baseline": "2,5",
            "target": "6",
            "target_date": "2028-06-30",
            "agreed_by": "Beteiligungswerkstatt",
            "agreed_on": "2026-03-12",
        },
    )

    goal = Goal.objects.get(title="Mehr Sitzbänke")
    assert response.status_code == 302 and response["Location"].endswith(f"#goal-{goal.pk}")
    assert (goal.baseline, goal.target, goal.quartier, goal.created_by) == (D("2.5"), D("6"), quartier, manager)
    assert goal.history.get().history_user == manager
    page = text(client.get(response["Location"]))
    assert "Das Ziel „Mehr Sitzbänke“ wurde angelegt." in page


def test_errors_are_german_and_keep_the_input(client_for, manager, quartier) -> None:
    response = client_for(manager).post(
        reverse("goal_create", kwargs={"slug": quartier.slug}),
        {"domain": "wohnen", "title": "", "description": "Mein langer Text", "baseline": "zwei", "target": "7"},
    )

    page = text(response)
    assert response.status_code == 400
    assert "Bitte prüfen Sie Ihre Angaben" in page
    assert "Titel: Dieses Feld ist zwingend erforderlich." in page
    assert "Ausgangswert: Bitte eine Zahl eingeben." in page
    assert "Mein langer Text" in page and 'value="zwei"' in response.content.decode()
    assert not Goal.objects.exists()


def test_baseline_without_indicator_is_refused_not_dropped(client_for, manager, quartier) -> None:
    response = client_for(manager).post(
        reverse("goal_create", kwargs={"slug": quartier.slug}), {"domain": "pflege", "title": "X", "target": "5"}
    )
    assert response.status_code == 400
    assert "Bitte wählen Sie den Indikator, auf den sich Ausgangs- und Zielwert beziehen." in text(response)
    assert not Goal.objects.exists()


def test_manager_edits_and_deletes_a_goal(client_for, manager, quartier, goal) -> None:
    client = client_for(manager)
    edit = reverse("goal_edit", kwargs={"slug": quartier.slug, "goal_id": goal.pk})
    assert 'value="Mehr Bänke an den Hauptwegen"' in client.get(edit).content.decode()

    client.post(edit, {"domain": "soziales", "title": "Neu", "indicator": goal.indicator_id, "target": "4"})
    goal.refresh_from_db()
    assert (goal.domain, goal.title, goal.baseline, goal.target) == ("soziales", "Neu", None, D("4"))

    delete = reverse("goal_delete", kwargs={"slug": quartier.slug, "goal_id": goal.pk})
    assert client.post(delete).status_code == 302
    assert not Goal.objects.exists()
    assert client.post(delete).status_code == 302  # a second click: back to the list, no error page


def test_goal_of_another_quartier_is_404(client_for, manager, quartier, other_quartier) -> None:
    theirs = Goal.objects.create(quartier=other_quartier, domain="wohnen", title="Fremd")
    client = client_for(manager)
    edit = reverse("goal_edit", kwargs={"slug": quartier.slug, "goal_id": theirs.pk})
    assert client.get(edit).status_code == 404
    assert client.post(edit, {"domain": "wohnen", "title": "Übernommen"}).status_code == 404
    client.post(reverse("goal_delete", kwargs={"slug": quartier.slug, "goal_id": theirs.pk}))
    assert Goal.objects.get(pk=theirs.pk).title == "Fremd"


def test_service_checks_the_right(quartier, developer, benches) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.goal_create(quartier=quartier, user=developer, domain="wohnen", title="Nein")


def test_goal_list_query_count_does_not_grow(client_for, manager, quartier, benches, django_assert_max_num_queries):
    client = client_for(manager)
    url = list_url(quartier)
    client.get(url)  # warm the session

    def add(n: int) -> None:
        for i in range(n):
            goal = Goal.objects.create(quartier=quartier, domain="wohnen", title=f"Z{i}", indicator=benches, target=3)
            Measure.objects.create(quartier=quartier, title=f"M{i}", domain="wohnen").goals.add(goal)

    add(1)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    add(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert "Z14" in text(client.get(url))
