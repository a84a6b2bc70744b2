"""The demo's organisation check: two rounds of Stadt Musterstadt.

The first round was held about a year ago, the second a month ago. Between them most topics
moved up, „Transparenz und Öffentlichkeitsarbeit sichern“ moved down (the press post has been
empty since autumn), and „Neue Finanzierungswege erschließen“ was rated for the first time.
The second round has open next actions, one of them overdue; the first round's action is done.
Added only when the organisation has no round yet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from organisation.catalogues import ensure_catalogues
from organisation.models import CheckAction, CheckRating, CheckRound, CheckTopic
from quartier.models import Organisation, User

ORGANISATION = "stadt-musterstadt"
COORDINATOR = "koordination@demo.example"

FIRST_ROUND_DAYS_AGO = 365
SECOND_ROUND_DAYS_AGO = 30


@dataclass(frozen=True)
class DemoRating:
    topic: str  # the topic's key
    level: int | None
    evidence: str = ""


FIRST_ROUND = [
    DemoRating(
        "haltung", 2, "Das Leitbild „Älter werden im Quartier“ ist im Fachbereich bekannt, aber noch nicht beschlossen."
    ),
    DemoRating(
        "organisationsstruktur", 1, "Zuständigkeiten sind nach Leistungsarten geschnitten, nicht nach Quartieren."
    ),
    DemoRating(
        "leistungsangebot", 2, "Zwei Quartiersbüros; Angebote richten sich noch selten nach kleinräumigen Daten."
    ),
    DemoRating(
        "mitarbeiterqualifikation", 2, "Einzelne Fachkräfte moderieren Netzwerktreffen; keine gemeinsame Fortbildung."
    ),
    DemoRating("sozialraumanalyse", 2, "Sozialraumanalyse Altstadt 2023 liegt vor; Nordviertel fehlt."),
    DemoRating("partner", 2, "Kooperationsvereinbarungen mit Wohnungsbaugenossenschaft und Diakoniestation."),
    DemoRating("vernetzung", 1, "Jedes Amt lädt zu eigenen Runden ein; kein gemeinsamer Kalender."),
    DemoRating("beteiligung", 2, "Bürgerbefragung Altstadt durchgeführt; Ergebnisse noch nicht vorgestellt."),
    DemoRating("transparenz", 2, "Quartiersnewsletter erscheint vierteljährlich, betreut von der Pressestelle."),
    DemoRating("massnahmen", 2, "Maßnahmen werden in Tabellen je Quartier geführt."),
    DemoRating("organisationsentwicklung", 1, "Quartiersentwicklung ist als Projekt befristet."),
    DemoRating("finanzierung", None),
]

SECOND_ROUND = [
    DemoRating("haltung", 3, "Leitbild im Sozialausschuss beschlossen (Vorlage 2025/114); Leitungsrunde trägt es mit."),
    DemoRating(
        "organisationsstruktur", 2, "Pilot: Sachbearbeitung Altenhilfe für Altstadt und Nordviertel quartiersbezogen."
    ),
    DemoRating("leistungsangebot", 2, "Mittagstisch und Besuchsdienst nach Befragung ergänzt; sonst unverändert."),
    DemoRating("mitarbeiterqualifikation", 3, "Vier Fachkräfte haben die Fortbildung Moderation abgeschlossen."),
    DemoRating(
        "sozialraumanalyse", 3, "Sozialraumanalysen für Altstadt und Nordviertel; Daten jährlich fortgeschrieben."
    ),
    DemoRating("partner", 3, "Lokale Verantwortungsgemeinschaft mit zwölf Partnern; Vereinbarungen unterschrieben."),
    DemoRating("vernetzung", 2, "Gemeinsame Netzwerktreffen je Quartier; amtsübergreifende Runde zweimal im Jahr."),
    DemoRating("beteiligung", 3, "Ergebnisse der Befragung in zwei Bürgerversammlungen vorgestellt; Ideenbox online."),
    DemoRating(
        "transparenz", 1, "Die Stelle für Öffentlichkeitsarbeit ist seit Herbst unbesetzt; der Newsletter ruht."
    ),
    DemoRating("massnahmen", 2, "Maßnahmen mit Meilensteinen in Quartierswerk; Berichte noch nicht regelmäßig."),
    DemoRating("organisationsentwicklung", 1, "Verstetigung beantragt, Entscheidung im Haushalt offen."),
    DemoRating("finanzierung", 2, "Erste Stiftungsmittel eingeworben; Städtebauförderung wird geprüft."),
]


@dataclass(frozen=True)
class DemoAction:
    topic: str
    what: str
    who: str
    due: int  # days from today
    done: int | None = None  # days from today it was done; None: open


FIRST_ROUND_ACTIONS = [
    DemoAction(
        "haltung",
        "Leitbild „Älter werden im Quartier“ im Sozialausschuss beschließen lassen",
        "Fachbereichsleitung Soziales",
        -250,
        done=-260,
    ),
]

SECOND_ROUND_ACTIONS = [
    DemoAction(
        "transparenz",
        "Stelle Öffentlichkeitsarbeit nachbesetzen oder den Newsletter an die Quartiersbüros übergeben",
        "Amt für Soziales, Abteilungsleitung",
        -12,
    ),
    DemoAction(
        "organisationsstruktur",
        "Sozialräumliche Zuständigkeiten im Geschäftsverteilungsplan festlegen (Entwurf)",
        "Fachbereichsleitung Soziales",
        45,
    ),
    DemoAction(
        "finanzierung",
        "Antrag Städtebauförderung „Sozialer Zusammenhalt“ für das Nordviertel vorbereiten",
        "Kämmerei mit Quartierskoordination",
        60,
    ),
    DemoAction(
        "mitarbeiterqualifikation",
        "Fortbildung Projektmanagement für alle Quartiersmanager*innen buchen",
        "Personalentwicklung",
        90,
    ),
]


def _round(
    organisation: Organisation,
    *,
    held_on: date,
    title: str,
    notes: str,
    ratings: list[DemoRating],
    actions: list[DemoAction],
    topics: dict[str, CheckTopic],
    user: User | None,
    today: date,
) -> CheckRound:
    check_round = CheckRound.objects.create(
        organisation=organisation, held_on=held_on, title=title, notes=notes, created_by=user
    )
    by_key = {r.topic: r for r in ratings}
    made = CheckRating.objects.bulk_create(
        CheckRating(
            round=check_round,
            topic=topic,
            level=by_key[key].level if key in by_key else None,
            evidence=by_key[key].evidence if key in by_key else "",
            updated_by=user if key in by_key and by_key[key].level else None,
        )
        for key, topic in topics.items()
    )
    rating_of = {r.topic_id: r for r in made}
    CheckAction.objects.bulk_create(
        CheckAction(
            rating=rating_of[topics[a.topic].pk],
            what=a.what,
            who=a.who,
            due=today + timedelta(days=a.due),
            done_on=None if a.done is None else today + timedelta(days=a.done),
            created_by=user,
        )
        for a in actions
    )
    return check_round


def seed_checks(*, users: dict[str, User], today: date) -> None:
    """Two rounds of Stadt Musterstadt's organisation check, unless it has a round already."""
    organisation = Organisation.objects.filter(slug=ORGANISATION).first()
    if organisation is None or CheckRound.objects.filter(organisation=organisation).exists():
        return
    ensure_catalogues()
    # Challenges and dimensions share keys in principle; the demo's keys are unique across both.
    topics = {t.key: t for t in CheckTopic.objects.order_by("kind", "position")}
    user = users.get(COORDINATOR)
    _round(
        organisation,
        held_on=today - timedelta(days=FIRST_ROUND_DAYS_AGO),
        title="Klausur Fachbereich Soziales",
        notes="Erste Runde mit Fachbereichsleitung, Amt für Soziales und Quartierskoordination.",
        ratings=FIRST_ROUND,
        actions=FIRST_ROUND_ACTIONS,
        topics=topics,
        user=user,
        today=today,
    )
    _round(
        organisation,
        held_on=today - timedelta(days=SECOND_ROUND_DAYS_AGO),
        title="Jahresgespräch Quartiersentwicklung",
        notes="Zweite Runde; Teilnehmende wie im Vorjahr, dazu die Kämmerei.",
        ratings=SECOND_ROUND,
        actions=SECOND_ROUND_ACTIONS,
        topics=topics,
        user=user,
        today=today,
    )
