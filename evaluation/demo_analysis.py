"""The demo's social-space analysis and goals (steps 3 and 5), and their place as evidence.

Altstadt and Nordviertel get two years of indicator values (registers quarterly, inventories
half-yearly, the survey yearly) with plausible trends; Am Bahnhof gets its latest values so
that the comparison with the organisation's other quartiers has three values. Altstadt gets
its boundary and facilities (evaluation/demo_places.py), goals in every domain (one reached,
one without a baseline), measures and funding (evaluation/demo_measures.py). The checklist
items of steps 3, 5, 7 and 10 that the demo's history shows done link these objects as
evidence. Dates come from each quartier's own history, so that values are entered after the
analysis began and evidence is never older than what it links.

Idempotent: each part is added only where the quartier has none of it yet.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.utils import timezone

from evaluation.demo_dates import create_dated, days_ago, office
from evaluation.demo_measures import seed_funding, seed_measures
from evaluation.demo_places import ALTSTADT_AREA_KM2, altstadt_boundary, seed_places
from planning.analysis.models import DomainAssessment, Facility, Indicator, IndicatorValue
from planning.catalogues import ensure_catalogues
from planning.funding.models import FundingSource
from planning.goals.models import Goal
from planning.measures.models import Measure
from planning.models import ChecklistItem, Evidence, EvidenceKind, StepStatus, StepTransition
from quartier.models import Quartier, User


@dataclass(frozen=True)
class Series:
    code: str
    altstadt: tuple[float, float]  # first and latest value
    nordviertel: tuple[float, float]
    am_bahnhof: float | None  # the latest value only
    cadence: str  # "q" quarterly, "h" half-yearly (June, December), "y" yearly (December)
    decimals: int
    source: str  # {y}: the reference year


SERIES = [
    Series("POP", (4150, 4200), (8820, 8700), 2600, "q", 0, "Melderegister Stadt Musterstadt"),
    Series("POP65", (17.8, 18.6), (16.1, 16.9), 12.4, "q", 1, "Melderegister Stadt Musterstadt"),
    Series("POP80", (7.2, 8.1), (6.0, 6.6), 4.9, "q", 1, "Melderegister Stadt Musterstadt"),
    Series("SINGLE65", (37.5, 39.8), (31.0, 32.4), 28.5, "h", 1, "Haushaltsgenerierung der Statistikstelle"),
    Series("GRUSI", (4.2, 4.9), (3.1, 3.3), 5.6, "y", 1, "Sozialhilfestatistik {y}"),
    Series("BARRIERFREE", (6.5, 9.5), (11.0, 11.5), 14.0, "h", 1, "Erhebung bei den Wohnungsunternehmen"),
    Series("NOLIFT", (48, 44), (35, 35), 22, "h", 0, "Wohnungsgenossenschaft und Stadtbau GmbH"),
    Series("SHOP500", (74, 81), (66, 64), 88, "h", 0, "GIS-Auswertung Adressen und Standorte"),
    Series("STOP300", (89, 92), (81, 81), 97, "h", 0, "Verkehrsverbund, Haltestellenkataster"),
    Series("BENCHES", (2.1, 4.2), (1.8, 1.9), 2.5, "h", 1, "Quartiersbegehung"),
    Series("MEETING", (3, 4), (2, 2), 1, "h", 0, "Bestandsaufnahme Quartiersbüro"),
    Series("LONELINESS", (24, 19), (21, 22), None, "y", 0, "Bürgerbefragung {y}"),
    Series("HELP_NEIGHBOUR", (58, 65), (61, 60), None, "y", 0, "Bürgerbefragung {y}"),
    Series("ATTACHMENT", (3.6, 3.9), (3.4, 3.4), None, "y", 1, "Bürgerbefragung {y}"),
    Series("CARE_SERVICES", (3, 4), (5, 5), 2, "h", 0, "Pflegekassen, Pflegeplanung des Kreises"),
    Series("GP_DIST", (620, 540), (780, 780), 450, "h", 0, "KV-Arztsuche, GIS-Auswertung"),
]

# (domain, title, indicator code or "", baseline, target, months to the target date, agreed)
GOALS = {
    "altstadt": [
        ("wohnen", "Mehr Sitzgelegenheiten auf den Hauptwegen", "BENCHES", "2.1", "4.0", 10, True),
        ("wohnen", "Mehr barrierearme Wohnungen im Bestand", "BARRIERFREE", "6.5", "12.0", 30, True),
        ("soziales", "Zwei neue Begegnungsorte", "MEETING", "3", "5", 12, True),
        ("soziales", "Weniger Einsamkeit im Alter", "LONELINESS", "24", "18", 24, True),
        ("soziales", "Mehr Nachbarschaftshilfe", "HELP_NEIGHBOUR", None, "70", 24, True),
        ("pflege", "Kürzere Wege zu Hausarzt und Apotheke", "GP_DIST", "620", "500", 18, True),
        ("pflege", "Tagespflege im Quartier", "CARE_SERVICES", "3", "5", 24, True),
        ("pflege", "Pflegende Angehörige entlasten", "", None, None, 12, False),
    ],
    # Drafts from the survey: Nordviertel has not reached step 5, nobody has agreed them yet.
    "nordviertel": [
        ("wohnen", "Aufzüge in den Geschossbauten nachrüsten", "NOLIFT", "35", "28", 36, False),
        ("soziales", "Einsamkeit im Viertel senken", "LONELINESS", "21", "17", 24, False),
        ("pflege", "Wohnberatung im Viertel anbieten", "", None, None, 12, False),
    ],
}


def quarter_ends(until: date, count: int) -> list[date]:
    """The last `count` quarter ends on or before `until`, oldest first."""
    ends: list[date] = []
    year, month = until.year, until.month - (until.month - 1) % 3 + 2  # the quarter's last month
    while len(ends) < count:
        day = (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)
        if day <= until:
            ends.append(day)
        month -= 3
        if month <= 0:
            month, year = month + 12, year - 1
    return ends[::-1]


def _in_cadence(day: date, cadence: str) -> bool:
    return cadence == "q" or (cadence == "h" and day.month in (6, 12)) or (cadence == "y" and day.month == 12)


def _value(start: float, end: float, share: float, decimals: int, rng: random.Random) -> Decimal:
    """The trend from start to end at `share` (0–1) with a little noise; the latest is exact."""
    value = start + (end - start) * share
    if 0 < share < 1:
        value += (end - start or start * 0.05) * rng.uniform(-0.15, 0.15)
    return Decimal(str(round(value, decimals)))


class History:
    """When things happened in a quartier's step history (read from its records)."""

    def __init__(self, quartier: Quartier, today: date) -> None:
        self.today = today
        moves = list(
            StepTransition.objects.filter(step__quartier=quartier)
            .order_by("at")
            .values_list("step__template__number", "to_status", "at")
        )
        self.started: dict[int, datetime] = {}
        self.completed: dict[int, datetime] = {}
        for number, to, at in moves:
            target = self.started if to == StepStatus.IN_PROGRESS else self.completed
            target.setdefault(number, at)
        self.reopened = {n: at for n, to, at in moves if to == StepStatus.IN_PROGRESS and at != self.started[n]}
        self.set_up = quartier.created_at

    def began(self, number: int, fallback_days: int) -> datetime:
        return self.started.get(number) or days_ago(self.today, fallback_days)


def seed_indicator_values(
    *, quartier: Quartier, user: User | None, history: History, latest_only: bool = False
) -> list[IndicatorValue]:
    if quartier.indicator_values.exists():
        return []
    today = history.today
    rng = random.Random(f"values-{quartier.slug}")
    # The statistics arrive a month and a half after the reference date; Nordviertel's team
    # has not entered anything since it got stuck.
    until = today - timedelta(days=120 if quartier.slug == "nordviertel" else 45)
    dates = quarter_ends(until, 1 if latest_only else 9)
    backfill = history.began(3, 30) + timedelta(days=2)  # older figures were entered when the analysis began
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=[s.code for s in SERIES])}
    values = []
    for n, series in enumerate(SERIES):
        if latest_only:
            if series.am_bahnhof is None:
                continue
            points = [(dates[-1], Decimal(str(series.am_bahnhof)))]
        else:
            start, end = getattr(series, quartier.slug.replace("-", "_"))
            days = [d for d in dates if _in_cadence(d, series.cadence)]
            span = (days[-1] - dates[0]).days or 1
            points = [(d, _value(start, end, (d - dates[0]).days / span, series.decimals, rng)) for d in days]
        for k, (day, value) in enumerate(points):
            created = max(office(day + timedelta(days=25 + (n + k) % 15), n * 3), backfill + timedelta(minutes=n))
            created = min(created, office(today - timedelta(days=1), n))
            row = IndicatorValue(
                quartier=quartier,
                indicator=indicators[series.code],
                value=value,
                reference_date=day,
                source=series.source.format(y=day.year),
                created_by=user,
                created_at=created,
            )
            row._history_date = created
            values.append(row)
    return create_dated(IndicatorValue, values, user=user)


def _month_end(day: date, months: int) -> date:
    """The last day of the month `months` after `day`'s month."""
    month = day.month + months  # the month after the one wanted, counted from January = 1
    return date(day.year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def seed_goals(*, quartier: Quartier, user: User | None, history: History) -> list[Goal]:
    if quartier.goals.exists() or quartier.slug not in GOALS:
        return []
    today = history.today
    indicators = {i.code: i for i in Indicator.objects.all()}
    # Agreed at the participation workshop, some weeks into step 5; drafts before step 5.
    began = history.began(5, 60) if 5 in history.started else history.began(4, 150)
    first = timezone.localdate(began)
    agreed_on = first + (today - first) * 2 // 5
    goals = []
    for n, (domain, title, code, baseline, target, months, agreed) in enumerate(GOALS[quartier.slug]):
        created = office(agreed_on if agreed else timezone.localdate(began) + timedelta(days=7), 30 * n)
        goal = Goal(
            quartier=quartier,
            domain=domain,
            title=title,
            indicator=indicators.get(code),
            baseline=Decimal(baseline) if baseline else None,
            target=Decimal(target) if target else None,
            target_date=_month_end(agreed_on, months),
            agreed_by=f"Beteiligungswerkstatt am {agreed_on:%d.%m.%Y}, bestätigt von der Steuerungsgruppe"
            if agreed
            else "",
            agreed_on=agreed_on if agreed else None,
            created_by=user,
            created_at=created,
            updated_at=created,
        )
        goal._history_date = created
        goals.append(goal)
    return create_dated(Goal, goals, user=user)


# Which checklist items link which objects: (step, position) → model, and how a label reads.
EVIDENCE_LINKS: list[tuple[int, int, type[Model]]] = [
    (3, 1, IndicatorValue),
    (3, 2, Facility),
    (5, 2, Goal),
    (7, 1, Measure),
    (7, 2, FundingSource),
    (7, 4, Measure),
    (10, 2, FundingSource),
]


def _label(obj: Model) -> str:
    if isinstance(obj, IndicatorValue):
        return f"{obj.indicator.title}: {obj.source}, Stichtag {obj.reference_date:%d.%m.%Y}"
    return str(obj)


def link_evidence(*, quartier: Quartier, user: User | None, history: History) -> list[Evidence]:
    """Link the quartier's objects to the done items of steps 3, 5, 7 and 10 that expect them,
    each a few minutes after the item was ticked and never after the step was completed."""
    if Evidence.objects.filter(item__step__quartier=quartier, kind=EvidenceKind.OBJECT).exists():
        return []
    items = {
        (i.step.template.number, i.position): i
        for i in ChecklistItem.objects.filter(step__quartier=quartier, done=True).select_related("step__template")
    }
    until = quartier.last_activity_at or timezone.now()
    evidence = []
    for number, position, model in EVIDENCE_LINKS:
        item = items.get((number, position))
        if item is None:
            continue
        bound = min(until, history.completed.get(number, until) if item.required else until)
        objects = model.objects.filter(quartier=quartier, created_at__lte=bound)
        if model is IndicatorValue:
            objects = objects.select_related("indicator").filter(indicator__code="POP80")
        # What was there when the item was ticked; else the first that came after it.
        obj = (
            objects.filter(created_at__lte=item.done_at).order_by("-created_at", "pk").first()
            or objects.order_by("created_at", "pk").first()
        )
        if obj is None:
            continue
        at = min(max(item.done_at, obj.created_at) + timedelta(minutes=3), bound - timedelta(seconds=30))
        if at < item.done_at or at < obj.created_at:
            continue
        proof = Evidence(
            item=item,
            kind=EvidenceKind.OBJECT,
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            label=_label(obj),
            created_by=user,
            created_at=at,
        )
        proof._history_date = at
        evidence.append(proof)
    return create_dated(Evidence, evidence, user=user)


# The summary of the analysis per domain, written some weeks into step 3 (as the step's text evidence says).
ASSESSMENTS: dict[str, dict[str, tuple[str, str]]] = {
    "altstadt": {
        "wohnen": (
            "Kurze Wege zu Lebensmitteln und Haltestellen; viele Ältere wohnen seit Jahrzehnten im Quartier.",
            "Wenig barrierefreier Wohnraum, viele Altbauten ohne Aufzug; zu wenige Bänke an den Hauptwegen.",
        ),
        "soziales": (
            "Lebendige Nachbarschaft, aktive Kirchengemeinde und Vereine, Wochenmarkt als Treffpunkt.",
            "Kaum Begegnungsorte am Abend und im Süden des Quartiers; Alleinlebende 80+ schwer erreichbar.",
        ),
        "pflege": (
            "Hausarztpraxen und Apotheken gut erreichbar; ambulante Dienste kennen das Quartier.",
            "Keine Tagespflege im Quartier, Beratung nur in der Innenstadt; pflegende Angehörige ohne Entlastung.",
        ),
    },
    "nordviertel": {
        "wohnen": (
            "Genossenschaft mit bezahlbaren Wohnungen und Bereitschaft zum Umbau.",
            "Hochhäuser mit störanfälligen Aufzügen, lange Wege zum Supermarkt.",
        ),
        "soziales": (
            "Aktiver Mieterbeirat und Stadtteilbibliothek.",
            "Kein Café und kein Treffpunkt ohne Verzehrzwang.",
        ),
        "pflege": ("Pflegedienst mit Büro im Viertel.", "Keine Hausarztpraxis im Viertel, Apotheke nur am Rand."),
    },
}


def seed_assessments(*, quartier: Quartier, user: User | None, history: History) -> list[DomainAssessment]:
    if quartier.domain_assessments.exists() or quartier.slug not in ASSESSMENTS:
        return []
    written = history.began(3, 120) + timedelta(days=40)
    if 3 in history.completed:
        written = min(written, history.completed[3] - timedelta(days=2))
    rows = []
    for n, (domain, (strengths, weaknesses)) in enumerate(ASSESSMENTS[quartier.slug].items()):
        at = written + timedelta(minutes=20 * n)
        row = DomainAssessment(
            quartier=quartier, domain=domain, strengths=strengths, weaknesses=weaknesses, updated_by=user, updated_at=at
        )
        row._history_date = at
        rows.append(row)
    return create_dated(DomainAssessment, rows, user=user)


def seed_analysis(*, users: dict[str, User], today: date) -> None:
    """Add the analysis, goals, measures and funding to the demo quartiers where missing."""
    ensure_catalogues()
    quartiers = {q.slug: q for q in Quartier.objects.filter(slug__in=["altstadt", "nordviertel", "am-bahnhof"])}
    managers = {
        "altstadt": users.get("manager-altstadt@demo.example"),
        "nordviertel": users.get("manager-nord@demo.example"),
        "am-bahnhof": users.get("manager-nord@demo.example"),
    }
    for slug, quartier in quartiers.items():
        manager, history = managers[slug], History(quartier, today)
        seed_indicator_values(quartier=quartier, user=manager, history=history, latest_only=slug == "am-bahnhof")
        if slug == "altstadt":
            if quartier.boundary is None:
                # A database seeded before the demo had boundaries: drawn now, recorded as a change.
                quartier.boundary, quartier.area_km2 = altstadt_boundary(), ALTSTADT_AREA_KM2
                quartier.save(update_fields=["boundary", "area_km2", "updated_at"])
            # The first inventory a few days into the analysis; the Mühlbach's places after the boundary grew.
            inventory = history.began(3, 60) + timedelta(days=4)
            grew = history.reopened.get(3, inventory) + timedelta(days=3)
            seed_places(quartier=quartier, user=manager, inventory=inventory, grew=grew)
        seed_assessments(quartier=quartier, user=manager, history=history)
        seed_goals(quartier=quartier, user=manager, history=history)
        if slug == "altstadt":
            developer = users.get("entwicklung-altstadt@demo.example")
            seed_measures(quartier=quartier, manager=manager, developer=developer, today=today)
        seed_funding(quartier=quartier, user=manager, today=today)
        link_evidence(quartier=quartier, user=manager, history=history)
