"""The demo's measures (step 7) and funding (step 10).

Altstadt has twenty measures in all five states, with milestones (some done, some overdue,
some due this week), budgets and every status move recorded with who and why. Its funding
runs out within six months with no follow-up applied for – the city's grant for the
quartier management ends, the urban-development money starts only after a gap – so the
runway warns. Nordviertel's funding is granted for longer. Dates are days from today.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from evaluation.demo_dates import create_dated, days_ago
from planning.funding.models import FundingKind, FundingShare, FundingSource, FundingStatus
from planning.goals.models import Goal
from planning.measures.models import Measure, MeasureStatus, MeasureTransition, Milestone
from quartier.models import Quartier, User

PLANNED, ACTIVE, DONE = MeasureStatus.PLANNED, MeasureStatus.ACTIVE, MeasureStatus.DONE
PAUSED, DROPPED = MeasureStatus.PAUSED, MeasureStatus.DROPPED


@dataclass(frozen=True)
class Spec:
    title: str
    domain: str
    goals: tuple[str, ...]
    target_group: str
    developer: bool  # the quartier developer is responsible (else the manager)
    created: int  # days ago
    moves: tuple[tuple[str, int, str], ...]  # (to, days ago, reason)
    start: int | None  # days from today (negative: past)
    end: int | None
    planned: int
    spent: int
    milestones: tuple[tuple[str, int, int | None], ...]  # (title, due in days from today, done days ago)
    description: str = ""


BENCHES = "Mehr Sitzgelegenheiten auf den Hauptwegen"
HOMES = "Mehr barrierearme Wohnungen im Bestand"
MEETING = "Zwei neue Begegnungsorte"
LONELY = "Weniger Einsamkeit im Alter"
HELP = "Mehr Nachbarschaftshilfe"
PATHS = "Kürzere Wege zu Hausarzt und Apotheke"
DAYCARE = "Tagespflege im Quartier"
CARERS = "Pflegende Angehörige entlasten"

# fmt: off
MEASURES = [
    Spec("Nachbarschaftscafé", "soziales", (MEETING, LONELY), "Ältere Alleinlebende und ihre Nachbarschaft", True, 98,
         ((ACTIVE, 70, ""),), -70, 120, 18000, 7400,
         (("Raum in der Mühlbachstraße angemietet", -60, 58), ("Ehrenamtliche Gastgeberinnen geschult", -25, 27),
          ("Eröffnung mit Nachbarschaftsfest", -6, None), ("Erste Auswertung mit den Gästen", 90, None)),
         "Ein Café an zwei Nachmittagen in der Woche im Osten der Altstadt, wo es bisher keinen Treffpunkt gibt."),
    Spec("Bank am Marktplatz", "wohnen", (BENCHES,), "Ältere mit eingeschränkter Gehfähigkeit", False, 104,
         ((ACTIVE, 90, ""), (DONE, 41, "")), -90, -40, 3200, 3480,
         (("Standort mit dem Seniorenbeirat abgestimmt", -85, 86), ("Bank mit Armlehnen bestellt", -70, 72),
          ("Bank aufgestellt und eingeweiht", -42, 41)),
         "Eine Bank mit Armlehnen und Rückenlehne im Schatten der Linde, auf halbem Weg zwischen Markt und Kirche."),
    Spec("Rampe am Bürgerhaus", "wohnen", (MEETING,), "Menschen mit Rollator und Rollstuhl", True, 100,
         ((ACTIVE, 80, ""), (PAUSED, 33, "Die Denkmalbehörde prüft die Pläne; bis zur Genehmigung ruht die Ausschreibung.")),
         -80, 60, 42000, 5600,
         (("Entwurf mit dem Tiefbauamt abgestimmt", -60, 62), ("Genehmigung der Denkmalbehörde", -14, None),
          ("Bau der Rampe", 45, None)),
         "Ein stufenloser Zugang zur Begegnungsstätte im Bürgerhaus, die bisher nur über vier Stufen erreichbar ist."),
    Spec("Mittagstisch im Gemeindehaus", "soziales", (LONELY,), "Alleinlebende ab 65", False, 102,
         ((ACTIVE, 84, ""),), -84, 280, 9600, 4100,
         (("Hygieneschulung des Küchenteams", -75, 77), ("Erster Mittagstisch", -63, 63),
          ("Fahrdienst für Gäste ohne Auto", 4, None))),
    Spec("Wohnberatung vor Ort", "wohnen", (HOMES,), "Ältere Mieterinnen und Mieter, Eigentümer", False, 95,
         ((ACTIVE, 60, ""),), -60, 300, 12000, 3000,
         (("Sprechstunde im Quartiersbüro eingerichtet", -50, 52), ("20 Hausbesuche zur Wohnungsanpassung", 60, None))),
    Spec("Besuchsdienst „Zeit schenken“", "pflege", (CARERS, LONELY), "Pflegebedürftige und pflegende Angehörige", True, 90,
         ((ACTIVE, 45, ""),), -45, 320, 6500, 1900,
         (("Zwölf Ehrenamtliche gewonnen", -30, 29), ("Schulung Demenz und Gesprächsführung", -9, None),
          ("Erste 20 Besuchspaare", 30, None))),
    Spec("Bank-Pfad Lindenallee", "wohnen", (BENCHES,), "Ältere Fußgängerinnen und Fußgänger", False, 88,
         ((ACTIVE, 56, ""),), -56, -5, 14000, 11200,
         (("Sechs Standorte festgelegt", -48, 50), ("Bänke geliefert", -20, 18), ("Letzte zwei Bänke montiert", -5, None))),
    Spec("Bewegungskurs Sturzprävention", "pflege", (), "Ältere mit Sturzangst", True, 80,
         ((ACTIVE, 49, ""),), -49, 150, 2400, 900,
         (("Kursleitung der Krankenkasse zugesagt", -40, 41), ("Kursraum barrierefrei erreichbar", 12, None))),
    Spec("Sprechstunde des Pflegestützpunkts", "pflege", (PATHS,), "Ratsuchende und Angehörige", False, 103,
         ((ACTIVE, 95, ""), (DONE, 47, "")), -95, -47, 1500, 1350,
         (("Vereinbarung mit dem Pflegestützpunkt", -88, 89), ("Erste Sprechstunde im Quartiersbüro", -50, 48))),
    Spec("Quartierszeitung „Altstadt aktuell“", "soziales", (HELP,), "Alle Haushalte der Altstadt", True, 97,
         ((ACTIVE, 82, ""), (DONE, 22, "")), -82, -22, 2800, 2650,
         (("Redaktionsteam gebildet", -70, 71), ("Erste Ausgabe an alle Haushalte verteilt", -24, 22))),
    Spec("Tablet-Kurs „Digital im Alter“", "soziales", (LONELY,), "Ältere ohne Interneterfahrung", True, 92,
         ((ACTIVE, 77, ""), (DONE, 14, "")), -77, -14, 1800, 1800,
         (("Leihtablets beschafft", -66, 66), ("Acht Kurstermine durchgeführt", -15, 14))),
    Spec("Einkaufsbus zum Supermarkt", "wohnen", (), "Ältere ohne Auto", False, 40,
         (), 30, 210, 8000, 0,
         (("Angebot des Fahrdienstes eingeholt", 10, None), ("Probefahrten", 35, None))),
    Spec("Tagespflege: Standortsuche mit Trägern", "pflege", (DAYCARE,), "Pflegebedürftige und pflegende Angehörige", False, 60,
         (), 20, 400, 5000, 0,
         (("Gespräch mit zwei Trägern", -3, None), ("Standortentscheidung", 120, None))),
    Spec("Aufzugsnachrüstung Rosenstraße 12–16", "wohnen", (HOMES,), "Ältere Mieterinnen und Mieter", False, 70,
         (), 90, 450, 240000, 0,
         (("Förderantrag der Wohnungsgenossenschaft", 40, None),)),
    Spec("Nachbarschaftshilfe-Börse", "soziales", (HELP,), "Nachbarinnen und Nachbarn aller Altersgruppen", True, 35,
         (), 14, 200, 3500, 0,
         (("Aushänge und Anmeldekarten", 14, None), ("Erste Vermittlungen", 60, None))),
    Spec("Beleuchtung Fußweg Mühlenweg", "wohnen", (), "Ältere in der Siedlung am Mühlbach", False, 20,
         (), 45, 180, 16000, 0,
         (("Begehung mit den Stadtwerken", 5, None),)),
    Spec("Gemeinschaftsgarten an der Mühlbachaue", "soziales", (MEETING,), "Ältere und Familien", True, 86,
         ((ACTIVE, 66, ""), (PAUSED, 19, "Die Fläche gehört der Stadt; der Pachtvertrag wird noch geprüft.")),
         -66, 200, 4500, 1200,
         (("Hochbeete gebaut", -40, 42), ("Pachtvertrag mit der Stadt", -10, None))),
    Spec("Seniorenbus als Ruflinie", "wohnen", (), "Ältere ohne Auto", False, 101,
         ((DROPPED, 61, "Der Verkehrsverbund finanziert keine Ruflinie; der Einkaufsbus deckt den Bedarf günstiger."),),
         None, None, 35000, 0,
         (("Bedarfsabfrage im Seniorenbeirat", -75, 76),)),
    Spec("Demenz-Wohngemeinschaft", "pflege", (CARERS,), "Menschen mit Demenz", False, 99,
         ((ACTIVE, 81, ""), (DROPPED, 28, "Kein geeignetes Haus im Quartier; wird mit der Standortsuche Tagespflege neu gedacht.")),
         -81, 365, 60000, 800,
         (("Objektsuche mit der Wohnungsgenossenschaft", -40, 35),)),
    Spec("Musterwohnung „Sicher wohnen“", "wohnen", (HOMES,), "Ältere und ihre Angehörige", True, 94,
         ((ACTIVE, 90, ""), (PAUSED, 58, "Die Handwerker sind erst in einem Monat frei."), (ACTIVE, 30, "")),
         -90, 75, 22000, 14500,
         (("Wohnung von der Genossenschaft bereitgestellt", -85, 86), ("Bad bodengleich umgebaut", -7, 6),
          ("Tag der offenen Musterwohnung", 40, None))),
]
# fmt: on


def _day(today: date, offset: int | None) -> date | None:
    return None if offset is None else today + timedelta(days=offset)


def seed_measures(*, quartier: Quartier, manager: User | None, developer: User | None, today: date) -> list[Measure]:
    """Create Altstadt's measures with their milestones, moves and history (when it has none)."""
    if quartier.measures.exists():
        return []
    goals = {g.title: g for g in Goal.objects.filter(quartier=quartier)}
    measures, states, transitions, milestones, links = [], [], [], [], []
    for n, spec in enumerate(MEASURES):
        who = developer if spec.developer and developer else manager
        created = days_ago(today, spec.created, 11 * n)
        measure = Measure(
            quartier=quartier,
            title=spec.title,
            description=spec.description,
            domain=spec.domain,
            target_group=spec.target_group,
            responsible=who,
            status=PLANNED,
            status_changed_at=created,
            start=_day(today, spec.start),
            end=_day(today, spec.end),
            budget_planned=Decimal(spec.planned),
            budget_spent=Decimal(spec.spent),
            created_by=manager,
            created_at=created,
            updated_at=created,
        )
        measure._history_date, measure._history_user = created, manager
        states.append((measure, copy.copy(measure)))
        for to, ago, why in spec.moves:
            at = days_ago(today, ago, 13 * n + 5)
            # Dropping or pausing is decided by the manager; the one responsible does the rest.
            by = manager if to in (DROPPED, PAUSED) else who
            transitions.append(
                MeasureTransition(measure=measure, from_status=measure.status, to_status=to, by=by, at=at, comment=why)
            )
            measure.status, measure.status_changed_at = to, at
            state = copy.copy(measure)
            state._history_date, state._history_user = at, by
            states.append((measure, state))
        measures.append(measure)
        for position, (title, due, done_ago) in enumerate(spec.milestones):
            done_at = days_ago(today, done_ago, 17 * n + position) if done_ago is not None else None
            milestones.append(
                Milestone(measure=measure, title=title, due_date=_day(today, due), done=False, position=position)
            )
            milestones[-1]._done_at, milestones[-1]._created = done_at, created
        links.append((measure, [goals[t] for t in spec.goals if t in goals]))
    # The measures as they are now; history rows for creation and each move follow.
    create_dated(Measure, measures, history=False)
    for measure, state in states:
        state.pk = state.id = measure.pk
    history = _measure_history(states, manager)
    served = Measure.goals.through.objects.bulk_create(
        [Measure.goals.through(measure_id=m.pk, goal_id=g.pk) for m, gs in links for g in gs]
    )
    _goal_history(history, served)
    for t in transitions:
        t.measure_id = t.measure.pk
    create_dated(MeasureTransition, transitions)
    _create_milestones(milestones, manager)
    return measures


def _measure_history(states: list, manager: User | None) -> list:
    """One history row per state of each measure: "+" when it was created, "~" for each move."""
    rows = []
    first = set()
    for measure, state in states:
        kind = "~" if measure.pk in first else "+"
        first.add(measure.pk)
        rows.append((state, kind))
    model = Measure.history.model
    history = [
        model(
            history_date=state._history_date,
            history_user=getattr(state, "_history_user", manager),
            history_type=kind,
            history_change_reason="",
            **{f.attname: getattr(state, f.attname) for f in model.tracked_fields},
        )
        for state, kind in rows
    ]
    return model.objects.bulk_create(history)


def _goal_history(history: list, served: list) -> None:
    """The goals each history row of a measure served (all of them from the start)."""
    links: dict[int, list] = {}
    for link in served:
        links.setdefault(link.measure_id, []).append(link)
    through = Measure.history.model._meta.get_field("historicalmeasure_goals").related_model
    through.objects.bulk_create(
        [
            through(id=link.pk, history=row, measure_id=row.id, goal_id=link.goal_id)
            for row in history
            for link in links.get(row.id, [])
        ]
    )


def _create_milestones(milestones: list[Milestone], manager: User | None) -> None:
    """Milestones were set with their measure; the done ones were ticked on their day."""
    for milestone in milestones:
        milestone.measure_id = milestone.measure.pk
        milestone._history_date = milestone._created
    created = create_dated(Milestone, milestones, user=manager)
    done = [m for m in created if m._done_at is not None]
    for milestone in done:
        milestone.done, milestone.done_at = True, milestone._done_at
        milestone._history_date = milestone._done_at
    Milestone.objects.bulk_update(done, ["done", "done_at"])
    Milestone.history.bulk_history_create(done, update=True, default_user=manager)


@dataclass(frozen=True)
class Funding:
    title: str
    kind: str
    funder: str
    domain: str
    amount: int
    start: int  # days from today
    end: int
    status: str
    created: int  # days ago
    shares: tuple[tuple[str, int], ...] = ()  # (measure title, amount)
    notes: str = ""


G, A, R, X = FundingStatus.GRANTED, FundingStatus.APPLIED, FundingStatus.REJECTED, FundingStatus.EXPIRED

# fmt: off
FUNDING = {
    "altstadt": [
        Funding("Quartiersmanagement Altstadt", "kommune", "Stadt Musterstadt, Sozialamt", "", 96000, -610, 135, G, 530,
                (("Nachbarschaftscafé", 4000), ("Wohnberatung vor Ort", 6000), ("Sprechstunde des Pflegestützpunkts", 1500),
                 ("Quartierszeitung „Altstadt aktuell“", 2800), ("Rampe am Bürgerhaus", 5600)),
                "Eine halbe Stelle Quartiersmanagement und Sachmittel; eine Verlängerung ist noch nicht beantragt."),
        Funding("Netzwerk Altstadt (§ 45c Abs. 9 SGB XI)", "sgb11_45c", "Landesverband der Pflegekassen", "pflege", 20000,
                -330, 75, G, 340, (("Besuchsdienst „Zeit schenken“", 6500), ("Mittagstisch im Gemeindehaus", 4000))),
        Funding("Prävention im Quartier (§ 20a SGB V)", "sgb5_20a", "AOK Musterland", "pflege", 2400, -60, 120, G, 70,
                (("Bewegungskurs Sturzprävention", 2400),)),
        Funding("Bürgerstiftung Altstadt", "spenden", "Bürgerstiftung Altstadt", "soziales", 2500, -180, 100, G, 190,
                (("Gemeinschaftsgarten an der Mühlbachaue", 1200), ("Mittagstisch im Gemeindehaus", 1300))),
        Funding("Sozialer Zusammenhalt: barrierearme Wege", "staedtebau", "Land und Stadt Musterstadt", "wohnen", 180000,
                270, 1370, G, 60, (("Rampe am Bürgerhaus", 36400), ("Beleuchtung Fußweg Mühlenweg", 16000)),
                "Bewilligt ab dem nächsten Programmjahr; bis dahin bleibt eine Lücke."),
        Funding("Kofinanzierung Wohnungsgenossenschaft", "wohnungswirtschaft", "Wohnungsbau Musterstadt eG", "wohnen",
                20000, -95, 75, G, 96, (("Musterwohnung „Sicher wohnen“", 14500), ("Nachbarschaftscafé", 3000))),
        Funding("Anschub Nachbarschaftsprojekte", "stiftung", "Stiftung Wohlfahrtspflege", "soziales", 12000, -420, -20, X, 430,
                (("Bank am Marktplatz", 3200), ("Tablet-Kurs „Digital im Alter“", 1800), ("Nachbarschaftscafé", 5000))),
        Funding("Modellvorhaben Pflege im Quartier (§ 123 SGB XI)", "sgb11_123", "GKV-Spitzenverband", "pflege", 150000,
                30, 1125, R, 150, (("Demenz-Wohngemeinschaft", 60000),), "Abgelehnt: das Programm war überzeichnet."),
    ],
    "nordviertel": [
        Funding("Quartiersmanagement Nordviertel", "kommune", "Stadt Musterstadt, Sozialamt", "", 140000, -420, 790, G, 425),
        Funding("Landesprogramm Altersgerechte Quartiere", "land", "Land Musterland", "", 90000, 90, 820, A, 95),
    ],
    "am-bahnhof": [
        Funding("Anschub Quartiersbüro Am Bahnhof", "eigenmittel", "Stadt Musterstadt", "", 15000, -55, 670, G, 58),
    ],
}
# fmt: on


def seed_funding(*, quartier: Quartier, user: User | None, today: date) -> list[FundingSource]:
    """Create the quartier's funding sources and their shares of measures (when it has none)."""
    if quartier.funding_sources.exists() or quartier.slug not in FUNDING:
        return []
    kinds = {k.key: k for k in FundingKind.objects.all()}
    measures = {m.title: m for m in Measure.objects.filter(quartier=quartier)}
    sources = []
    age = (today - timezone.localdate(quartier.created_at)).days
    for n, f in enumerate(FUNDING[quartier.slug]):
        # Recorded after the quartier was set up, also when the money came earlier.
        created = days_ago(today, min(f.created, max(age - 1, 0)), 19 * n)
        source = FundingSource(
            quartier=quartier,
            kind=kinds[f.kind],
            title=f.title,
            funder=f.funder,
            domain=f.domain,
            amount=Decimal(f.amount),
            start=today + timedelta(days=f.start),
            end=today + timedelta(days=f.end),
            status=f.status,
            notes=f.notes,
            created_by=user,
            created_at=created,
            updated_at=created,
        )
        source._history_date = created
        sources.append(source)
    sources = create_dated(FundingSource, sources, user=user)
    FundingShare.objects.bulk_create(
        [
            FundingShare(source=source, measure=measures[title], amount=Decimal(amount))
            for source, f in zip(sources, FUNDING[quartier.slug], strict=True)
            for title, amount in f.shares
            if title in measures
        ]
    )
    return sources
