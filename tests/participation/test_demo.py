"""The demo's participation in Altstadt: the open survey T1 with about 150 answers and its closed
wave T0 with about 120, a walk with problem points inside the boundary, a workshop and a
citizens' meeting, ideas in every status, the adopted one linked to „Bank am Marktplatz“."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from shapely.geometry import Point, shape

from participation.models import Event, Idea, Response, Survey, WalkPoint
from participation.selectors import participation_figures
from quartier.models import Quartier

pytestmark = [pytest.mark.django_db]


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", force=True, stdout=out)
    return out.getvalue()


def test_the_demo_has_altstadts_participation():
    output = _seed()
    today = timezone.localdate()
    altstadt = Quartier.objects.get(slug="altstadt")

    t1 = Survey.objects.get(quartier=altstadt, status="offen")
    t0 = t1.previous_wave
    assert (t0.wave_label, t0.status, t1.wave_label) == ("T0", "geschlossen", "T1")
    assert 330 <= (today - t0.closes_on).days <= 400
    assert (t1.opens_on, t1.closes_on) == (today - timedelta(days=14), today + timedelta(days=28))
    assert t1.paper_note.startswith("Papierbögen im Quartiersbüro")
    assert t1.controller.startswith("Stadt Musterstadt") and t1.purpose and t1.legal_basis and t1.retention
    # The same questions in both waves, answered online and on paper.
    assert list(t0.questions.values_list("text", flat=True)) == list(t1.questions.values_list("text", flat=True))
    for survey, expected in ((t0, 120), (t1, 150)):
        assert abs(survey.responses.count() - expected) <= 10
        channels = set(survey.responses.values_list("channel", flat=True))
        assert {"online", "papier"} <= channels
        assert survey.responses.filter(answers__isnull=False).exists()
    assert not Response.objects.filter(survey=t1, channel="papier", entered_by__isnull=True).exists()
    assert all(t1.opens_on <= r.submitted_on <= today for r in t1.responses.all())

    walk = Event.objects.get(quartier=altstadt, kind="begehung")
    assert 10 <= walk.participants <= 20 and walk.participants_80_plus and walk.findings
    assert 0 < (today - timezone.localdate(walk.starts_at)).days <= 60
    points = list(WalkPoint.objects.filter(event=walk))
    assert 5 <= len(points) <= 6
    boundary = shape(altstadt.boundary)
    assert all(boundary.contains(Point(float(p.lon), float(p.lat))) for p in points)
    assert [p.outcome for p in points].count("barrier") == 1
    (turned,) = [p for p in points if p.outcome == "idea"]
    assert turned.idea is not None and turned.idea.quartier == altstadt
    assert Event.objects.filter(quartier=altstadt, kind="werkstatt", participants__gt=0).exists()
    assert Event.objects.filter(quartier=altstadt, kind="buergerversammlung", participants__gt=0).exists()

    ideas = Idea.objects.filter(quartier=altstadt)
    assert set(ideas.values_list("status", flat=True)) == {"neu", "in_pruefung", "uebernommen", "abgelehnt"}
    (adopted,) = ideas.filter(status="uebernommen")
    assert adopted.measure.title == "Bank am Marktplatz" and adopted.measure.quartier == altstadt
    assert adopted.decided_at < adopted.measure.created_at
    assert all(i.reason for i in ideas.filter(status="abgelehnt"))

    figures = participation_figures(quartier=altstadt)
    assert figures.share_80_plus is not None and figures.ideas_waiting >= 2

    # seed_demo names the public link of the open survey.
    url = "http://127.0.0.1:8000" + reverse("survey_answer", args=[t1.token])
    assert f"Öffentliche Umfrage: {t1.title} (Altstadt) – {url}" in output
    assert t0.token not in output


def test_a_second_run_adds_no_participation():
    _seed()

    def counts():
        return [m.objects.count() for m in (Survey, Response, Event, WalkPoint, Idea)]

    before = counts()
    output = _seed()
    assert counts() == before
    assert output.count("Öffentliche Umfrage:") == 1
