"""A quartier's participation made by hand, for the figures, the overview, the cockpit and the
report: every number the tests expect can be counted here."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from participation.models import Event, Idea, Response, Survey, WalkPoint
from planning.measures.models import Measure


def responses(survey: Survey, **by_channel: int) -> None:
    today = timezone.localdate()
    Response.objects.bulk_create(
        Response(survey=survey, channel=channel, submitted_on=today)
        for channel, count in by_channel.items()
        for _ in range(count)
    )


def event(quartier, kind: str, title: str, days: int, participants=0, bands=(0, 0, 0)) -> Event:
    return Event.objects.create(
        quartier=quartier,
        kind=kind,
        title=title,
        starts_at=timezone.now() + datetime.timedelta(days=days),
        participants=participants,
        participants_under_65=bands[0],
        participants_65_79=bands[1],
        participants_80_plus=bands[2],
    )


def idea(quartier, text: str, status: str, **extra) -> Idea:
    return Idea.objects.create(
        quartier=quartier, text=text, status=status, source="online", created_on=timezone.localdate(), **extra
    )


def participation(quartier) -> dict:
    """An open survey (3 online, 2 on paper, 1 interview), a closed T0 (4 on paper), a draft; a walk,
    a workshop, a citizens' meeting without ages and a festival still to come; three walk points;
    ideas in every status, one of them a measure."""
    today = timezone.localdate()
    t0 = Survey.objects.create(
        quartier=quartier,
        title="Befragung 2025",
        wave_label="T0",
        status="geschlossen",
        opens_on=today - datetime.timedelta(days=400),
        closes_on=today - datetime.timedelta(days=360),
    )
    responses(t0, papier=4)
    t1 = Survey.objects.create(
        quartier=quartier,
        title="Älter werden in der Altstadt",
        wave_label="T1",
        previous_wave=t0,
        status="offen",
        opens_on=today - datetime.timedelta(days=7),
        closes_on=today + datetime.timedelta(days=21),
    )
    responses(t1, online=3, papier=2, interview=1)
    draft = Survey.objects.create(quartier=quartier, title="Entwurf Nachbarschaft")
    walk = event(quartier, "begehung", "Rundgang Marktplatz", -20, 14, (2, 6, 4))
    workshop = event(quartier, "werkstatt", "Zukunftswerkstatt", -10, 20, (5, 10, 5))
    meeting = event(quartier, "buergerversammlung", "Bürgerversammlung", -5, 30)
    festival = event(quartier, "fest", "Sommerfest", 30)
    for n, outcome in enumerate(("barrier", "idea", "")):
        WalkPoint.objects.create(
            event=walk, description=f"Stelle {n}", lat=Decimal("51.514"), lon=Decimal("7.465"), outcome=outcome
        )
    bench = Measure.objects.create(quartier=quartier, title="Bank am Marktplatz", domain="wohnen")
    ideas = [
        idea(quartier, "Mehr Bänke auf dem Weg vom Markt zum Friedhof und am Stadtpark", "neu"),
        idea(quartier, "Ein Mittagstisch", "neu"),
        idea(quartier, "Längere Grünphase an der Hauptstraße", "in_pruefung"),
        idea(quartier, "Eine Bank am Marktplatz", "uebernommen", measure=bench, decided_at=timezone.now()),
        idea(quartier, "Ein Schwimmbad", "abgelehnt", reason="Zu teuer für das Quartiersbudget."),
    ]
    return {
        "t0": t0,
        "t1": t1,
        "draft": draft,
        "walk": walk,
        "workshop": workshop,
        "meeting": meeting,
        "festival": festival,
        "bench": bench,
        "ideas": ideas,
    }
