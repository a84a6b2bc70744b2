"""The demo's citizen participation in Altstadt.

The default questionnaire was asked a year ago as wave T0 (closed, about 120 answers online and
on paper); its repeat T1 opened two weeks ago and closes in four weeks (about 150 answers so
far), with the information notice of Stadt Musterstadt and where to get a paper form. A
neighbourhood walk a few weeks ago found six problem points inside the boundary, one counted as
a barrier and one turned into an idea; a Beteiligungswerkstatt on goals and the kick-off
Bürgerversammlung came before. Ideas are in every status; the adopted one became the measure
„Bank am Marktplatz“, a declined one says why.

Dates are days from today, in office hours; events and ideas get a history row dated alike.
Idempotent: each part is added only where Altstadt has none of it yet.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from evaluation.demo_dates import create_dated, days_ago
from evaluation.demo_places import to_lon_lat
from participation.models import (
    Channel,
    Event,
    EventKind,
    Idea,
    IdeaSource,
    IdeaStatus,
    Survey,
    SurveyStatus,
    WalkOutcome,
    WalkPoint,
)
from participation.results.indicators import survey_write_indicators
from participation.surveys.models import Response
from participation.surveys.sample import add_sample_responses
from participation.surveys.services import survey_create_wave
from participation.surveys.templates import survey_create_from_template
from planning.measures.models import Measure
from quartier.models import Quartier, User

QUARTIER = "altstadt"
MANAGER = "manager-altstadt@demo.example"
DEVELOPER = "entwicklung-altstadt@demo.example"
BENCH_MEASURE = "Bank am Marktplatz"

T0_RESPONSES = 120
T1_RESPONSES = 150

NOTICE = {
    "controller": "Stadt Musterstadt, Amt für Soziales und Senioren, Marktplatz 1, 12345 Musterstadt",
    "purpose": "Wir möchten erfahren, wie ältere Menschen in der Altstadt leben und was ihnen fehlt, "
    "damit das Quartier altersgerecht weiterentwickelt werden kann.",
    "legal_basis": "Ihre Einwilligung (Art. 6 Abs. 1 lit. a DSGVO); die Teilnahme ist freiwillig.",
    "retention": "Die Antworten werden ohne Namen gespeichert und nach Projektende, spätestens am "
    "31.12.2028, gelöscht.",
    "results_note": "Die Ergebnisse stellen wir in der Bürgerversammlung im Bürgerhaus vor und legen sie im "
    "Quartiersbüro aus.",
    "paper_note": "Papierbögen im Quartiersbüro, Marktstraße 5, und in der Apotheke am Markt",
}

# (description, metres east, metres north of the centre, outcome): all inside the boundary.
WALK_POINTS = [
    ("Bordstein an der Ecke Marktplatz/Rosenstraße zu hoch für Rollator und Rollstuhl", 80, -30, WalkOutcome.BARRIER),
    ("Keine Bank zwischen Markt und Friedhof – zu lang ohne Pause für viele Ältere", 120, -260, WalkOutcome.IDEA),
    ("Ampel Schulstraße: Grünphase reicht nicht, um die Straße zu überqueren", -180, 330, WalkOutcome.OPEN),
    ("Gehweg am Mühlenweg von Baumwurzeln aufgebrochen, Stolpergefahr", 430, -420, WalkOutcome.OPEN),
    ("Durchgang zum Stadtgarten abends dunkel, Beleuchtung fehlt", -420, -60, WalkOutcome.OPEN),
    ("Öffentliche Toilette am Markt nur über drei Stufen erreichbar", -30, 20, WalkOutcome.OPEN),
]

WALK_FINDINGS = (
    "14 Bürgerinnen und Bürger sind mit uns vom Marktplatz über die Rosenstraße bis zum Mühlbach "
    "gegangen, vier davon mit Rollator. Hauptthemen: fehlende Ruhebänke, hohe Bordsteine, kurze "
    "Grünphasen und dunkle Wege am Abend. Die Problemstellen sind auf der Karte eingetragen."
)

# (text, status, days ago, source, days ago decided, reason, metres east/north or None)
IDEAS = [
    (
        "Ein Mittagstisch für Alleinstehende auch am Wochenende, gern im Gemeindehaus.",
        IdeaStatus.NEW,
        3,
        IdeaSource.ONLINE,
        None,
        "",
        None,
    ),
    (
        "Mehr Sitzplätze und ein Dach an der Bushaltestelle Marktplatz.",
        IdeaStatus.NEW,
        6,
        IdeaSource.ONLINE,
        None,
        "",
        (50, 100),
    ),
    (
        "Ein Einkaufsbus vom Mühlbach zum Wochenmarkt am Mittwoch und Samstag.",
        IdeaStatus.REVIEW,
        32,
        IdeaSource.ONLINE,
        None,
        "",
        None,
    ),
    (
        "Ein Hallenbad in der Altstadt mit Wassergymnastik für Ältere.",
        IdeaStatus.DECLINED,
        75,
        IdeaSource.ONLINE,
        61,
        "Ein Hallenbad übersteigt die Mittel des Quartiers bei Weitem. Wir haben den Wunsch an die "
        "Stadtverwaltung weitergegeben; Wassergymnastik bietet das Hallenbad Nord, erreichbar mit der Linie 12.",
        None,
    ),
    (
        "Eine Bank am Marktplatz im Schatten der Linde, damit man auf dem Weg zum Markt ausruhen kann.",
        IdeaStatus.ADOPTED,
        150,
        IdeaSource.STAFF,
        105,
        "",
        (10, 10),
    ),
]
WALK_IDEA = "Bänke auf dem Weg vom Markt zum Friedhof, etwa alle 200 Meter."


def _at(day: date, hour: int, minutes: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minutes)))


def _latlon(x: int, y: int) -> tuple[Decimal, Decimal]:
    lon, lat = to_lon_lat(x, y)
    return Decimal(str(lat)), Decimal(str(lon))


def _dated_survey(survey: Survey, *, created: datetime, **fields: object) -> None:
    """Set the survey's fields and dates without a new history row; its history says the same."""
    Survey.objects.filter(pk=survey.pk).update(created_at=created, updated_at=created, **fields)
    Survey.history.filter(id=survey.pk).update(history_date=created, **fields)


def seed_surveys(*, quartier: Quartier, manager: User, developer: User | None, today: date) -> list[Survey]:
    """The template survey's wave T0 (closed a year ago) and its repeat T1 (open)."""
    if quartier.surveys.exists():
        return []
    t0 = survey_create_from_template(quartier=quartier, user=manager)
    t0_opens, t0_closes = today - timedelta(days=410), today - timedelta(days=362)
    _dated_survey(
        t0,
        created=days_ago(today, 425),
        title=f"Leben in der Altstadt – Befragung {t0_opens.year}",
        status=SurveyStatus.CLOSED,
        wave_label="T0",
        opens_on=t0_opens,
        closes_on=t0_closes,
        **NOTICE,
    )
    t0.refresh_from_db()
    # Paper forms were the main way a year ago; the repeat reached more people online.
    add_sample_responses(
        t0, T0_RESPONSES, seed=2025, channels=(Channel.PAPER, Channel.PAPER, Channel.ONLINE, Channel.INTERVIEW)
    )
    t1 = survey_create_wave(survey=t0, user=manager, wave_label="T1")
    t1_opens, t1_closes = today - timedelta(days=14), today + timedelta(days=28)
    _dated_survey(
        t1,
        created=days_ago(today, 30),
        title=f"Leben in der Altstadt – Befragung {t1_opens.year}",
        status=SurveyStatus.OPEN,
        wave_label="T1",
        previous_wave=t0,
        opens_on=t1_opens,
        closes_on=t1_closes,
        **NOTICE,
    )
    t1.refresh_from_db()
    add_sample_responses(
        t1,
        T1_RESPONSES,
        seed=2026,
        skew=1,
        channels=(Channel.ONLINE, Channel.ONLINE, Channel.PAPER),
        first_day=t1_opens,
        last_day=today,
    )
    # Paper forms and interviews were typed in by the quartier developer.
    Response.objects.filter(survey__in=[t0, t1]).exclude(channel=Channel.ONLINE).update(entered_by=developer)
    _write_indicator_values(t0, manager)
    return [t0, t1]


def _write_indicator_values(survey: Survey, user: User) -> None:
    """The closed wave's answers as indicator values, as closing it in the app writes them."""
    survey_write_indicators(survey=survey, user=user)


def seed_events(*, quartier: Quartier, manager: User, today: date) -> list[Event]:
    """The kick-off Bürgerversammlung, the workshop on goals and a recent neighbourhood walk."""
    if quartier.events.exists():
        return []
    specs = [
        (
            EventKind.CITIZENS_MEETING,
            "Auftakt: Altersgerechte Altstadt",
            300,
            18,
            "Bürgerhaus, Burgstraße 4",
            (85, 22, 41, 17),
            "Vorstellung des Vorhabens, Fragen und erste Wünsche der Bürgerinnen und Bürger.",
            "Am häufigsten gewünscht: Bänke, ein Treffpunkt im Osten, Hilfe beim Einkaufen.",
        ),
        (
            EventKind.WORKSHOP,
            "Ziele für die Altstadt",
            150,
            15,
            "Gemeindehaus St. Marien, Kirchstraße 9",
            (26, 6, 12, 6),
            "An drei Tischen (Wohnen, Soziales, Pflege) haben wir Ziele für die nächsten zwei Jahre gesammelt.",
            "Ziele je Bereich formuliert; Vorschlag „Bank am Marktplatz“ sofort aufgegriffen.",
        ),
        (
            EventKind.WALK,
            "Vom Markt zum Mühlbach",
            24,
            14,
            "Treffpunkt: Marktplatz, am Brunnen",
            (14, 3, 6, 4),
            "Gemeinsamer Rundgang mit älteren Bürgerinnen und Bürgern: Wo sind Wege beschwerlich?",
            WALK_FINDINGS,
        ),
    ]
    events = []
    for kind, title, ago, hour, place, counts, description, findings in specs:
        starts = _at(today - timedelta(days=ago), hour)
        created = starts + timedelta(days=1, hours=1)
        event = Event(
            quartier=quartier,
            kind=kind,
            title=title,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2, minutes=30),
            place=place,
            description=description,
            findings=findings,
            participants=counts[0],
            participants_under_65=counts[1],
            participants_65_79=counts[2],
            participants_80_plus=counts[3],
            created_by=manager,
            created_at=created,
            updated_at=created,
        )
        event._history_date, event._history_user = created, manager
        events.append(event)
    return create_dated(Event, events, user=manager)


def seed_ideas(*, quartier: Quartier, manager: User, walk: Event | None, today: date) -> list[Idea]:
    """Ideas in every status; the adopted one linked to the measure „Bank am Marktplatz“."""
    if quartier.ideas.exists():
        return []
    bench = Measure.objects.filter(quartier=quartier, title=BENCH_MEASURE).first()
    ideas = []
    for text, status, ago, source, decided_ago, reason, place in IDEAS:
        lat, lon = _latlon(*place) if place else (None, None)
        idea = Idea(
            quartier=quartier,
            text=text,
            status=status,
            source=source,
            entered_by=manager if source == IdeaSource.STAFF else None,
            created_on=today - timedelta(days=ago),
            decided_at=days_ago(today, decided_ago) if decided_ago is not None else None,
            reason=reason,
            measure=bench if status == IdeaStatus.ADOPTED else None,
            lat=lat,
            lon=lon,
        )
        idea._history_date = days_ago(today, ago)
        ideas.append(idea)
    if walk is not None:
        day = timezone.localdate(walk.starts_at) + timedelta(days=2)
        idea = Idea(
            quartier=quartier,
            text=WALK_IDEA,
            status=IdeaStatus.REVIEW,
            source=IdeaSource.STAFF,
            entered_by=manager,
            created_on=day,
        )
        idea._history_date = days_ago(today, (today - day).days)
        ideas.append(idea)
    return create_dated(Idea, ideas, user=manager)


def seed_walk_points(*, walk: Event, idea: Idea | None, manager: User) -> list[WalkPoint]:
    """The walk's problem points, recorded the day after; one is the idea, one a barrier."""
    if walk.walk_points.exists():
        return []
    recorded = walk.starts_at + timedelta(days=1)
    points = []
    for n, (description, x, y, outcome) in enumerate(WALK_POINTS):
        lat, lon = _latlon(x, y)
        point = WalkPoint(
            event=walk,
            description=description,
            lat=lat,
            lon=lon,
            outcome=outcome,
            idea=idea if outcome == WalkOutcome.IDEA else None,
            created_at=recorded + timedelta(minutes=5 * n),
        )
        point._history_date = point.created_at
        points.append(point)
    return create_dated(WalkPoint, points, user=manager)


def seed_participation(*, users: dict[str, User], today: date) -> None:
    """Add Altstadt's surveys, events, walk points and ideas where they are missing."""
    quartier = Quartier.objects.filter(slug=QUARTIER).first()
    manager = users.get(MANAGER)
    if quartier is None or manager is None:
        return
    seed_surveys(quartier=quartier, manager=manager, developer=users.get(DEVELOPER), today=today)
    seed_events(quartier=quartier, manager=manager, today=today)
    walk = Event.objects.filter(quartier=quartier, kind=EventKind.WALK).order_by("-starts_at").first()
    seed_ideas(quartier=quartier, manager=manager, walk=walk, today=today)
    if walk is not None:
        idea = Idea.objects.filter(quartier=quartier, text=WALK_IDEA).first()
        seed_walk_points(walk=walk, idea=idea, manager=manager)
