"""The demo's local network (steps 4 and 6) around Altstadt and Nordviertel.

Seventeen partners of Stadt Musterstadt, at least one of every partner type, with contacts
kept with the purpose and date of their consent. Their memberships in the two networks have
every status and role; agreements run for a year or two, Pflegedienst Sonnenschein's in
Altstadt ends within the warning period. Partners lead and support Altstadt's measures.
Wohnungsbau Musterstadt eG, for which `partner@demo.example` acts, leads the
Nachbarschaftscafé and logs contributions: most confirmed, one returned with a reason, the
latest still waiting for the manager. Meetings run through the whole history – the kick-off
conference, network meetings, working groups – with minutes, decisions and action items
(done, open, one overdue), and the next network meeting is invited but not held yet.
Nordviertel's network stopped with the quartier: nothing newer than three months.

Dates are days from today, in office hours; every record has a history row dated alike.
Idempotent: each part is added only where it is missing.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Model
from django.utils import timezone

from evaluation.demo_dates import dates_as_given, days_ago
from network.catalogues import ensure_catalogues
from network.models import (
    ActionItem,
    Contact,
    Contribution,
    ContributionKind,
    ContributionStatus,
    MeasurePartner,
    MeasureRole,
    Meeting,
    MeetingKind,
    MembershipStatus,
    NetworkMembership,
    NetworkRole,
    Partner,
    PartnerAccount,
    PartnerType,
)
from network.partners.accounts import partner_account_set
from planning.measures.models import Measure
from quartier.models import Membership, Organisation, Quartier, User

ORGANISATION = "stadt-musterstadt"
PARTNER_USER = "partner@demo.example"
WOHNUNGSBAU = "Wohnungsbau Musterstadt eG"
SONNENSCHEIN = "Pflegedienst Sonnenschein"
SENIORENBUERO = "Stadt Musterstadt – Seniorenbüro"
AWO = "AWO Kreisverband Musterstadt"
TAGESPFLEGE = "Tagespflege Am Stadtgarten"
PRAXIS = "Praxis Dr. Yıldız"
APOTHEKE = "Markt-Apotheke"
HEIMATVEREIN = "Heimatverein Altstadt e. V."
KIRCHE = "Ev. Kirchengemeinde St. Marien"
SELBSTHILFE = "Selbsthilfegruppe Pflegende Angehörige"
BAECKEREI = "Bäckerei Kornblume"
VHS = "Volkshochschule und Stadtbibliothek Musterstadt"
MVB = "Musterstädter Verkehrsbetriebe"
BEIRAT = "Seniorenbeirat der Stadt Musterstadt"
MIETERBEIRAT = "Mieterbeirat Nordviertel"
NORDSTERN = "Baugenossenschaft Nordstern eG"
STIFTUNG = "Bürgerstiftung Altstadt"

CONSENT_MEETINGS = "Einladungen zu Netzwerktreffen und Absprachen zu gemeinsamen Maßnahmen"
CONSENT_CONTACT = "Ansprechperson für das Quartiersmanagement, Weitergabe nur im Netzwerk"

A, R, D, L = MembershipStatus.ACTIVE, MembershipStatus.REQUESTED, MembershipStatus.DORMANT, MembershipStatus.LEFT
CORE, GROUP, SUPPORT = NetworkRole.CORE, NetworkRole.WORKING_GROUP, NetworkRole.SUPPORTER


@dataclass(frozen=True)
class Place:
    """A partner's membership in a quartier's network."""

    quartier: str
    status: str
    role: str
    approached: int  # days ago: first contact (the membership was recorded as "angefragt")
    changed: int | None = None  # days ago: the status became what it is (None: still approached)
    signed: int | None = None  # days ago: agreement signed
    until: int | None = None  # days from today: agreement runs until
    note: str = ""
    active: int | None = None  # days ago: became active, for a partner now dormant or gone


@dataclass(frozen=True)
class PartnerSpec:
    name: str
    type: str
    domains: str  # w = Wohnen, s = Soziales, p = Hilfe und Pflege
    address: str
    website: str
    description: str
    contacts: tuple[tuple[str, str, str, str], ...]  # (name, function, e-mail, phone)
    places: tuple[Place, ...]


# fmt: off
PARTNERS = [
    PartnerSpec(WOHNUNGSBAU, "wohnungsanbieter", "ws", "Mühlbachstraße 21, 12345 Musterstadt",
                "https://www.wohnungsbau-musterstadt.example",
                "Genossenschaft mit 1.400 Wohnungen, davon 380 in der Altstadt; stellt Gemeinschaftsräume und berät "
                "beim altersgerechten Umbau.",
                (("Paul Partner", "Sozialmanagement", "partner@demo.example", "0123 445566"),
                 ("Jana Berger", "Technik und Modernisierung", "j.berger@wohnungsbau-musterstadt.example", "0123 445570")),
                (Place("altstadt", A, CORE, 490, 440, 430, 300), Place("nordviertel", R, SUPPORT, 160))),
    PartnerSpec(SONNENSCHEIN, "pflege", "p", "Rosenstraße 30, 12345 Musterstadt",
                "https://www.pflegedienst-sonnenschein.example",
                "Ambulanter Pflegedienst mit 35 Mitarbeitenden, Büro in der Rosenstraße; Beratungsbesuche nach § 37.3 SGB XI.",
                (("Petra Sonnenschein", "Inhaberin und Pflegedienstleitung",
                  "p.sonnenschein@pflegedienst-sonnenschein.example", "0123 456789"),),
                (Place("altstadt", A, CORE, 455, 420, 395, 38),
                 Place("nordviertel", A, GROUP, 400, 360, 350, 380))),
    PartnerSpec(SENIORENBUERO, "kommune", "wsp", "Rathausplatz 1, 12345 Musterstadt",
                "https://www.stadt-musterstadt.example/seniorenbuero",
                "Altenhilfeplanung, Seniorenberatung und Pflegestützpunkt der Stadt.",
                (("Holger Seeliger", "Leitung Seniorenbüro", "h.seeliger@stadt-musterstadt.example", "0123 100200"),),
                (Place("altstadt", A, CORE, 520, 515, 500, 500),
                 Place("nordviertel", A, CORE, 420, 415, 410, 560))),
    PartnerSpec(AWO, "sozialer_dienst", "sp", "Bahnhofstraße 12, 12345 Musterstadt", "https://www.awo-musterstadt.example",
                "Beratung, Besuchsdienste und offene Seniorenarbeit; Träger zweier Tagespflegen im Kreis.",
                (("Sabine Krüger", "Fachbereich Senioren", "s.krueger@awo-musterstadt.example", "0123 778899"),),
                (Place("altstadt", A, GROUP, 430, 400, 380, 350),
                 Place("nordviertel", D, SUPPORT, 400, 200, None, None,
                       "Ruht, bis im Nordviertel eine Fachkraft gefunden ist.", 380))),
    PartnerSpec(TAGESPFLEGE, "pflege", "p", "Gartenstraße 40, 12345 Musterstadt", "https://www.tagespflege-stadtgarten.example",
                "Tagespflege mit 18 Plätzen am Rand der Altstadt, Fahrdienst im Umkreis von drei Kilometern.",
                (("Murat Demir", "Einrichtungsleitung", "m.demir@tagespflege-stadtgarten.example", "0123 990011"),),
                (Place("altstadt", R, SUPPORT, 55),)),
    PartnerSpec(PRAXIS, "gesundheit", "p", "Lindenallee 8, 12345 Musterstadt", "https://www.praxis-yildiz.example",
                "Hausarztpraxis mit Hausbesuchen und geriatrischem Schwerpunkt.",
                (("Dr. Aylin Yıldız", "Hausärztin", "praxis@praxis-yildiz.example", "0123 334455"),),
                (Place("altstadt", A, SUPPORT, 300, 280),)),
    PartnerSpec(APOTHEKE, "gesundheit", "p", "Marktplatz 2, 12345 Musterstadt", "https://www.markt-apotheke-musterstadt.example",
                "Apotheke am Markt mit Botendienst.",
                (("Thomas Brandt", "Inhaber", "info@markt-apotheke-musterstadt.example", "0123 221100"),),
                (Place("altstadt", A, SUPPORT, 290, 265),)),
    PartnerSpec(HEIMATVEREIN, "verein", "s", "Burgstraße 30, 12345 Musterstadt", "https://www.heimatverein-altstadt.example",
                "Rund 200 Mitglieder; gibt die Quartierszeitung mit heraus und pflegt den Gemeinschaftsgarten.",
                (("Gisela Hoffmann", "Vorsitzende", "vorstand@heimatverein-altstadt.example", "0123 556677"),),
                (Place("altstadt", A, CORE, 500, 490, 470, 560),)),
    PartnerSpec(KIRCHE, "verein", "sp", "Kirchstraße 7, 12345 Musterstadt", "https://www.st-marien-musterstadt.example",
                "Gemeindehaus mit Saal und Küche; Seniorentreff und Mittagstisch.",
                (("Pfarrerin Anne Lindner", "Pfarrerin", "a.lindner@st-marien-musterstadt.example", "0123 667788"),
                 ("Klaus Weber", "Küster und Hausmeister", "kuesterei@st-marien-musterstadt.example", "0123 667789")),
                (Place("altstadt", A, GROUP, 490, 470, 460, 460),)),
    PartnerSpec(SELBSTHILFE, "selbsthilfe", "p", "Schulstraße 2 (Quartiersbüro), 12345 Musterstadt", "",
                "Trifft sich jeden zweiten Mittwoch im Quartiersbüro; vermittelt Ehrenamtliche für den Besuchsdienst.",
                (("Renate Vogel", "Sprecherin", "r.vogel@selbsthilfe-angehoerige.example", "0123 123321"),),
                (Place("altstadt", A, GROUP, 290, 265),)),
    PartnerSpec(BAECKEREI, "einzelhandel", "s", "Schulstraße 14, 12345 Musterstadt", "https://www.baeckerei-kornblume.example",
                "Legt die Quartierszeitung aus und spendet Backwaren für Feste.",
                (("Ingo Korn", "Inhaber", "laden@baeckerei-kornblume.example", "0123 909090"),),
                (Place("altstadt", L, SUPPORT, 490, 20, None, None,
                       "Ausgetreten nach dem Inhaberwechsel; die neue Inhaberin ist eingeladen.", 395),)),
    PartnerSpec(VHS, "bildung_kultur", "s", "Schulstraße 20, 12345 Musterstadt", "https://www.vhs-musterstadt.example",
                "Kurse „Digital im Alter“, Leihtablets und Vorlesenachmittage; Stadtteilbibliothek im Nordviertel.",
                (("Nadine Schubert", "Programmbereich Gesellschaft", "n.schubert@vhs-musterstadt.example", "0123 202020"),),
                (Place("altstadt", A, SUPPORT, 200, 180, 175, 540),
                 Place("nordviertel", A, GROUP, 330, 320))),
    PartnerSpec(MVB, "mobilitaet", "w", "Betriebshof 1, 12345 Musterstadt", "https://www.mvb-musterstadt.example",
                "Busverkehr in Musterstadt; Haltestellenkataster und Fahrplanberatung.",
                (("Frank Ott", "Angebotsplanung", "f.ott@mvb-musterstadt.example", "0123 505050"),),
                (Place("altstadt", D, SUPPORT, 150, 61, None, None,
                       "Ruht, seit die Ruflinie abgelehnt ist; Ansprechpartner für den Einkaufsbus.", 140),
                 Place("nordviertel", R, SUPPORT, 150))),
    PartnerSpec(BEIRAT, "buergerschaft", "wsp", "Rathausplatz 1, 12345 Musterstadt", "",
                "Gewählte Vertretung der Älteren; begleitet Begehungen und prüft Bänke, Wege und Haltestellen.",
                (("Werner Albrecht", "Vorsitzender", "w.albrecht@seniorenbeirat-musterstadt.example", "0123 343434"),),
                (Place("altstadt", A, CORE, 510, 500),)),
    PartnerSpec(MIETERBEIRAT, "buergerschaft", "ws", "Nordring 44, 12345 Musterstadt", "",
                "Mieterinnen und Mieter der Hochhäuser am Nordring.",
                (("Olga Petrenko", "Sprecherin", "mieterbeirat-nord@posteo.example", "0123 818181"),),
                (Place("nordviertel", A, CORE, 410, 400),)),
    PartnerSpec(NORDSTERN, "wohnungsanbieter", "w", "Nordring 10, 12345 Musterstadt", "https://www.nordstern-eg.example",
                "Genossenschaft mit 900 Wohnungen im Nordviertel, plant Aufzüge in den Geschossbauten.",
                (("Bernd Kühn", "Vorstand", "b.kuehn@nordstern-eg.example", "0123 717171"),),
                (Place("nordviertel", A, CORE, 405, 390, 385, 700),)),
    PartnerSpec(STIFTUNG, "sonstige", "s", "Marktplatz 9, 12345 Musterstadt", "https://www.buergerstiftung-altstadt.example",
                "Fördert Nachbarschaftsprojekte mit kleinen Beträgen und vermittelt Ehrenamtliche.",
                (("Claudia Reiter", "Geschäftsführerin", "c.reiter@buergerstiftung-altstadt.example", "0123 606060"),),
                (Place("altstadt", A, SUPPORT, 190, 175),)),
]

# Altstadt's measures and who takes part: (measure, lead or None, supporters).
MEASURE_PARTNERS = [
    ("Nachbarschaftscafé", WOHNUNGSBAU, (HEIMATVEREIN, KIRCHE, STIFTUNG)),
    ("Mittagstisch im Gemeindehaus", KIRCHE, (HEIMATVEREIN,)),
    ("Wohnberatung vor Ort", SENIORENBUERO, (WOHNUNGSBAU,)),
    ("Besuchsdienst „Zeit schenken“", AWO, (SELBSTHILFE, SONNENSCHEIN)),
    ("Bewegungskurs Sturzprävention", PRAXIS, (SONNENSCHEIN,)),
    ("Sprechstunde des Pflegestützpunkts", SENIORENBUERO, (SONNENSCHEIN, APOTHEKE)),
    ("Quartierszeitung „Altstadt aktuell“", HEIMATVEREIN, (BAECKEREI, BEIRAT)),
    ("Tablet-Kurs „Digital im Alter“", VHS, (BEIRAT,)),
    ("Bank am Marktplatz", SENIORENBUERO, (BEIRAT,)),
    ("Einkaufsbus zum Supermarkt", None, (MVB,)),
    ("Tagespflege: Standortsuche mit Trägern", AWO, (TAGESPFLEGE, SONNENSCHEIN)),
    ("Aufzugsnachrüstung Rosenstraße 12–16", WOHNUNGSBAU, ()),
    ("Gemeinschaftsgarten an der Mühlbachaue", HEIMATVEREIN, (KIRCHE, STIFTUNG)),
    ("Demenz-Wohngemeinschaft", None, (WOHNUNGSBAU, SONNENSCHEIN)),
    ("Musterwohnung „Sicher wohnen“", WOHNUNGSBAU, (SENIORENBUERO,)),
]

SUBMITTED, CONFIRMED, RETURNED = "eingereicht", "bestaetigt", "zurueckgegeben"


@dataclass(frozen=True)
class Gift:
    """A contribution: logged `days` ago, decided `decided` days after (None: still waiting)."""

    quartier: str
    partner: str
    kind: str
    amount: str | None
    days: int
    description: str
    measure: str = ""
    status: str = CONFIRMED
    decided: int | None = 3
    reason: str = ""
    by_partner: bool = False  # logged by partner@demo.example (else the manager logged it)


CAFE, MITTAG, ZEITUNG = "Nachbarschaftscafé", "Mittagstisch im Gemeindehaus", "Quartierszeitung „Altstadt aktuell“"
GARTEN, BESUCH, MUSTER = "Gemeinschaftsgarten an der Mühlbachaue", "Besuchsdienst „Zeit schenken“", "Musterwohnung „Sicher wohnen“"

GIFTS = [
    # Wohnungsbau Musterstadt eG, logged by its own person.
    Gift("altstadt", WOHNUNGSBAU, "raeume", "6", 62, "Gemeinschaftsraum Mühlbachstraße: Einrichtung des Cafés",
         CAFE, by_partner=True),
    Gift("altstadt", WOHNUNGSBAU, "zeit", "4", 55, "Hausmeister: Möbel aufgebaut und Geschirr eingeräumt", CAFE,
         by_partner=True),
    Gift("altstadt", WOHNUNGSBAU, "geld", "500", 48, "Zuschuss für Kaffeemaschine und Geschirr", CAFE, by_partner=True),
    Gift("altstadt", WOHNUNGSBAU, "raeume", "6", 34, "Gemeinschaftsraum, 6 Stunden (zwei Cafénachmittage)", CAFE,
         by_partner=True),
    Gift("altstadt", WOHNUNGSBAU, "wissen", None, 30, "Liste der Wohnungen ohne Aufzug für die Wohnberatung",
         "Wohnberatung vor Ort", by_partner=True),
    Gift("altstadt", WOHNUNGSBAU, "zeit", "40", 20, "Renovierung des Gemeinschaftsraums", CAFE, RETURNED, 2,
         "40 Stunden an einem Tag sind zu viel – bitte auf die einzelnen Arbeitstage aufteilen und neu einreichen.",
         by_partner=True),
    Gift("altstadt", WOHNUNGSBAU, "sachleistung", "1200", 15, "Umbau des Bads in der Musterwohnung: Material", MUSTER,
         by_partner=True),
    Gift("altstadt", WOHNUNGSBAU, "raeume", "6", 4, "Gemeinschaftsraum, 6 Stunden (Nachbarschaftsfest)", CAFE,
         SUBMITTED, None, by_partner=True),
    Gift("altstadt", WOHNUNGSBAU, "zeit", "4", 2, "Arbeitszeit: 4 Stunden, Hausmeister beim Nachbarschaftsfest", CAFE,
         SUBMITTED, None, by_partner=True),
    # Other partners, logged by the manager.
    Gift("altstadt", KIRCHE, "raeume", "48", 80, "Saal und Küche des Gemeindehauses, 16 Mittagstische", MITTAG),
    Gift("altstadt", KIRCHE, "ehrenamt", "120", 40, "Küchenteam des Mittagstischs, acht Ehrenamtliche", MITTAG),
    Gift("altstadt", HEIMATVEREIN, "ehrenamt", "64", 25, "Redaktion und Verteilung der ersten Ausgabe", ZEITUNG),
    Gift("altstadt", HEIMATVEREIN, "ehrenamt", "36", 42, "Hochbeete gebaut", GARTEN),
    Gift("altstadt", STIFTUNG, "geld", "2000", 58, "Anschubförderung Nachbarschaftscafé", CAFE),
    Gift("altstadt", STIFTUNG, "geld", "750", 38, "Saatgut, Erde und Werkzeug", GARTEN),
    Gift("altstadt", BAECKEREI, "sachleistung", "150", 300, "Kuchen für die Auftaktkonferenz"),
    Gift("altstadt", BEIRAT, "oeffentlichkeit", None, 24, "Aufruf in der Seniorenzeitung und bei der Sprechstunde",
         ZEITUNG),
    Gift("altstadt", VHS, "raeume", "16", 30, "Kursraum für acht Termine", "Tablet-Kurs „Digital im Alter“"),
    Gift("altstadt", SONNENSCHEIN, "zeit", "12", 50, "Pflegefachkraft in der Sprechstunde, sechs Termine",
         "Sprechstunde des Pflegestützpunkts"),
    Gift("altstadt", SELBSTHILFE, "ehrenamt", "30", 26, "Besuche bei pflegenden Angehörigen", BESUCH),
    Gift("altstadt", SENIORENBUERO, "zeit", "24", 45, "Wohnberatung im Quartiersbüro", "Wohnberatung vor Ort"),
    # Nordviertel: nothing newer than its standstill.
    Gift("nordviertel", MIETERBEIRAT, "ehrenamt", "20", 180, "Befragung in den Hochhäusern am Nordring"),
    Gift("nordviertel", NORDSTERN, "raeume", "10", 150, "Mieterladen für die Bürgerversammlung"),
    Gift("nordviertel", VHS, "zeit", "6", 120, "Vorlesenachmittag in der Stadtteilbibliothek"),
    Gift("nordviertel", NORDSTERN, "geld", "1500", 110, "Zuschuss für die Aufzugsstudie"),
]


@dataclass(frozen=True)
class Task:
    task: str
    partner: str | None  # responsible partner (else the quartier manager)
    due: int | None  # days after the meeting
    done: int | None = None  # days after the meeting it was done (None: open)
    measure: str = ""  # the measure it became


@dataclass(frozen=True)
class Gathering:
    quartier: str
    kind: str
    title: str
    days: int  # days ago (negative: upcoming)
    hour: int
    place: str
    agenda: str
    invited: tuple[str, ...]
    absent: tuple[str, ...] = ()  # invited, did not come
    citizens: int = 0
    minutes: str = ""
    decisions: str = ""
    tasks: tuple[Task, ...] = ()


BUERGERHAUS = "Begegnungsstätte im Bürgerhaus, Burgstraße 4"
GEMEINDEHAUS = "Gemeindehaus St. Marien, Kirchstraße 9"
BUERO = "Quartiersbüro, Schulstraße 2"
MIETERLADEN = "Mieterladen der Nordstern eG, Nordring 10"
CORE_ALTSTADT = (SENIORENBUERO, WOHNUNGSBAU, SONNENSCHEIN, HEIMATVEREIN, BEIRAT)

MEETINGS = [
    Gathering("altstadt", MeetingKind.CONFERENCE, "Auftakt: Quartierskonferenz Altstadt", 470, 18, BUERGERHAUS,
              "1. Begrüßung durch die Bürgermeisterin\n2. Was ist ein altersgerechtes Quartier?\n"
              "3. Erste Ergebnisse der Befragung\n4. Tischgespräche: Was fehlt in der Altstadt?",
              (SENIORENBUERO, WOHNUNGSBAU, HEIMATVEREIN, KIRCHE, BEIRAT, BAECKEREI), (), 85,
              "Rund 85 Bürgerinnen und Bürger und sechs Organisationen. An den Tischen wurden vor allem fehlende "
              "Treffpunkte im Osten, zu wenige Bänke und die lange Suche nach Pflegeberatung genannt.",
              "Ein Netzwerk Altstadt wird gegründet; das erste Netzwerktreffen findet in zwei Monaten statt.",
              (Task("Ergebnisse der Tischgespräche abschreiben und verschicken", None, 14, 9),
               Task("Weitere Partner aus Pflege und Gesundheit ansprechen", SENIORENBUERO, 45, 30))),
    Gathering("altstadt", MeetingKind.NETWORK, "1. Netzwerktreffen Altstadt", 410, 17, GEMEINDEHAUS,
              "1. Kennenlernen\n2. Geschäftsordnung des Netzwerks\n3. Kooperationsvereinbarungen",
              (SENIORENBUERO, WOHNUNGSBAU, SONNENSCHEIN, AWO, HEIMATVEREIN, KIRCHE, BEIRAT, BAECKEREI), (BAECKEREI,), 0,
              "Die Partner stellen sich vor. Die Geschäftsordnung wird mit zwei Änderungen angenommen.",
              "Kernnetzwerk: Seniorenbüro, Wohnungsbau Musterstadt, Pflegedienst Sonnenschein, Heimatverein, "
              "Seniorenbeirat. Kooperationsvereinbarungen werden bis zum nächsten Treffen unterschrieben.",
              (Task("Muster der Kooperationsvereinbarung verschicken", None, 7, 5),
               Task("Kooperationsvereinbarung unterschreiben", WOHNUNGSBAU, 30, 20))),
    Gathering("altstadt", MeetingKind.WORKING_GROUP, "AG Wohnen: Bestand ohne Aufzug", 330, 15, BUERO,
              "1. Zahlen der Wohnungsunternehmen\n2. Wohnberatung im Quartier\n3. Musterwohnung",
              (WOHNUNGSBAU, SENIORENBUERO, BEIRAT), (), 4,
              "In 44 % der Wohnungen gibt es keinen Aufzug. Eine Musterwohnung soll zeigen, was ein Umbau bringt.",
              "Die Genossenschaft sucht eine Wohnung für die Musterwohnung.",
              (Task("Geeignete Wohnung für die Musterwohnung suchen", WOHNUNGSBAU, 60, 40),)),
    Gathering("altstadt", MeetingKind.NETWORK, "2. Netzwerktreffen Altstadt", 270, 17, BUERGERHAUS,
              "1. Stand der Analyse\n2. Bericht der AG Wohnen\n3. Neue Partner",
              (*CORE_ALTSTADT, AWO, KIRCHE, SELBSTHILFE, APOTHEKE, PRAXIS), (PRAXIS,), 0,
              "Die Selbsthilfegruppe und die Markt-Apotheke stellen sich vor und werden aufgenommen.",
              "Die Apotheke legt Infomaterial des Netzwerks aus.",
              (Task("Infomaterial für die Apotheke drucken", None, 21, 14),)),
    Gathering("altstadt", MeetingKind.WORKING_GROUP, "AG Begegnung: Treffpunkt im Osten", 200, 15, GEMEINDEHAUS,
              "1. Wo fehlen Treffpunkte?\n2. Ideen aus der Befragung\n3. Wer kann Räume geben?",
              (WOHNUNGSBAU, HEIMATVEREIN, KIRCHE, BEIRAT), (), 6,
              "Im Osten der Altstadt gibt es keinen Treffpunkt ohne Verzehrzwang. Die Genossenschaft hat einen "
              "leerstehenden Gemeinschaftsraum in der Mühlbachstraße.",
              "Aus der Idee eines Nachbarschaftscafés wird eine Maßnahme.",
              (Task("Konzept für ein Nachbarschaftscafé im Gemeinschaftsraum", WOHNUNGSBAU, 90, 102, CAFE),)),
    Gathering("altstadt", MeetingKind.CONFERENCE, "Quartierskonferenz: Ziele für die Altstadt", 130, 18, BUERGERHAUS,
              "1. Ergebnisse der Analyse\n2. Ziele in den drei Handlungsfeldern\n3. Erste Maßnahmen",
              (*CORE_ALTSTADT, AWO, KIRCHE, SELBSTHILFE, APOTHEKE, PRAXIS, VHS, STIFTUNG), (APOTHEKE,), 64,
              "Die Ziele wurden an Stellwänden diskutiert und gewichtet; am meisten Zustimmung fanden Begegnungsorte "
              "und die Entlastung pflegender Angehöriger.",
              "Die Steuerungsgruppe beschließt die Ziele auf Grundlage der Gewichtung.",
              (Task("Ziele mit der Steuerungsgruppe abstimmen", None, 30, 21),
               Task("Bedarf an Tagespflege mit den Trägern klären", AWO, 90, 80))),
    Gathering("altstadt", MeetingKind.NETWORK, "3. Netzwerktreffen Altstadt", 75, 17, GEMEINDEHAUS,
              "1. Start der Maßnahmen\n2. Beiträge der Partner erfassen\n3. Termine",
              (*CORE_ALTSTADT, AWO, KIRCHE, SELBSTHILFE, VHS, STIFTUNG, MVB), (MVB,), 0,
              "Die Partner erfassen ihre Beiträge künftig selbst im Partnerbereich. Der Verkehrsbetrieb lehnt die "
              "Ruflinie ab.",
              "Beiträge werden monatlich erfasst und von der Quartiersmanagerin bestätigt.",
              (Task("Zugänge zum Partnerbereich einrichten", None, 14, 10),
               Task("Beiträge seit dem Start des Cafés erfassen", WOHNUNGSBAU, 30, 20))),
    Gathering("altstadt", MeetingKind.WORKING_GROUP, "AG Pflege und Hilfe", 33, 15, BUERO,
              "1. Besuchsdienst\n2. Tagespflege: Standortsuche\n3. Entlastung pflegender Angehöriger",
              (SONNENSCHEIN, AWO, SELBSTHILFE, TAGESPFLEGE, SENIORENBUERO), (TAGESPFLEGE,), 3,
              "Zwölf Ehrenamtliche sind für den Besuchsdienst gewonnen. Die Tagespflege Am Stadtgarten prüft einen "
              "zweiten Standort.",
              "Die Schulung für den Besuchsdienst findet im nächsten Monat statt.",
              (Task("Schulungstermin Demenz mit dem Pflegedienst festlegen", SONNENSCHEIN, 23),
               Task("Flyer für pflegende Angehörige entwerfen", SELBSTHILFE, 60))),
    Gathering("altstadt", MeetingKind.NETWORK, "4. Netzwerktreffen Altstadt", 12, 17, "Nachbarschaftscafé, Mühlbachstraße 21",
              "1. Rückblick Eröffnung Nachbarschaftscafé\n2. Kooperationsvereinbarungen, die auslaufen\n3. Beiträge",
              (*CORE_ALTSTADT, AWO, KIRCHE, SELBSTHILFE, VHS, STIFTUNG), (STIFTUNG,), 0,
              "Das Nachbarschaftsfest zur Eröffnung hatte rund 120 Gäste. Die Vereinbarung mit dem Pflegedienst "
              "Sonnenschein läuft bald aus.",
              "Die Vereinbarung mit dem Pflegedienst Sonnenschein wird um zwei Jahre verlängert.",
              (Task("Öffnungszeiten des Cafés im Hausflur aushängen", WOHNUNGSBAU, 14, 5),
               Task("Verlängerung der Kooperationsvereinbarung vorbereiten", None, 21),
               Task("Zweiten Cafénachmittag mit Ehrenamtlichen besetzen", WOHNUNGSBAU, 40),
               Task("Fotos vom Nachbarschaftsfest für die Quartierszeitung", HEIMATVEREIN, 30))),
    Gathering("altstadt", MeetingKind.NETWORK, "5. Netzwerktreffen Altstadt", -9, 17, GEMEINDEHAUS,
              "1. Bericht aus den Maßnahmen\n2. Verlängerung der Vereinbarung mit dem Pflegedienst Sonnenschein\n"
              "3. Planung der Quartierskonferenz im Frühjahr",
              (*CORE_ALTSTADT, AWO, KIRCHE, SELBSTHILFE, VHS, STIFTUNG, TAGESPFLEGE)),
    Gathering("nordviertel", MeetingKind.CONFERENCE, "Quartierskonferenz Nordviertel", 380, 18, MIETERLADEN,
              "1. Das Programm Altersgerechte Quartiere\n2. Ergebnisse der Befragung\n3. Gesprächsrunde",
              (SENIORENBUERO, NORDSTERN, MIETERBEIRAT, SONNENSCHEIN), (), 52,
              "Die Bewohnerinnen und Bewohner nennen die Aufzüge und den fehlenden Treffpunkt.",
              "Ein Netzwerk Nordviertel wird gegründet.",
              (Task("Partner für einen Treffpunkt ansprechen", None, 30, 25),)),
    Gathering("nordviertel", MeetingKind.NETWORK, "1. Netzwerktreffen Nordviertel", 300, 17, MIETERLADEN,
              "1. Kennenlernen\n2. Aufzüge\n3. Stadtteilbibliothek als Treffpunkt",
              (SENIORENBUERO, NORDSTERN, MIETERBEIRAT, SONNENSCHEIN, VHS, AWO), (AWO,), 0,
              "Die Genossenschaft lässt eine Studie zur Aufzugsnachrüstung erstellen.",
              "Die Stadtteilbibliothek öffnet einen Nachmittag für Ältere.",
              (Task("Angebot für die Aufzugsstudie einholen", NORDSTERN, 60, 45),)),
    Gathering("nordviertel", MeetingKind.WORKING_GROUP, "AG Aufzüge", 200, 15, MIETERLADEN,
              "1. Ergebnisse der Aufzugsstudie\n2. Förderung",
              (NORDSTERN, MIETERBEIRAT, SENIORENBUERO), (), 8,
              "Drei Häuser am Nordring eignen sich für einen Aufzug.",
              "Die Genossenschaft stellt einen Förderantrag.",
              (Task("Förderprogramme für Aufzüge zusammenstellen", None, 45, 40),)),
    Gathering("nordviertel", MeetingKind.NETWORK, "2. Netzwerktreffen Nordviertel", 115, 17, MIETERLADEN,
              "1. Stand Aufzüge\n2. Treffpunkt ohne Verzehrzwang",
              (SENIORENBUERO, NORDSTERN, MIETERBEIRAT, SONNENSCHEIN, VHS), (), 0,
              "Für einen Treffpunkt fehlt ein Raum; die Suche ruht, bis die neue Quartiersmanagerin anfängt.",
              "Das nächste Treffen wird angesetzt, sobald die Stelle besetzt ist.",
              (Task("Förderantrag für die Aufzüge einreichen", NORDSTERN, 20, 18),
               Task("Raum für einen Treffpunkt suchen", MIETERBEIRAT, None))),
]
# fmt: on


def _at(day: date, hour: int, minutes: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour))) + timedelta(minutes=minutes)


def _history(model: type[Model], rows: list[tuple[Model, str, datetime, User | None]]) -> list[Model]:
    """History rows from states of saved objects: (state, "+" or "~", when, by whom)."""
    historical = model.history.model
    return historical.objects.bulk_create(
        [
            historical(
                history_date=at,
                history_user=user,
                history_type=kind,
                history_change_reason="",
                **{f.attname: getattr(state, f.attname) for f in historical.tracked_fields},
            )
            for state, kind, at, user in rows
        ]
    )


def _bulk(model: type[Model], objs: list[Model]) -> list[Model]:
    """Insert with the given created/updated dates (no history: the caller writes it)."""
    with dates_as_given(model):
        return model.objects.bulk_create(objs)


def _domains(letters: str) -> dict[str, bool]:
    return {"serves_wohnen": "w" in letters, "serves_soziales": "s" in letters, "serves_pflege": "p" in letters}


def seed_partners(
    *, organisation: Organisation, quartiers: dict[str, Quartier], managers: dict[str, User | None], today: date
) -> dict[str, Partner]:
    """The partners, their contacts and network memberships (when the organisation has none of them)."""
    names = [p.name for p in PARTNERS]
    if Partner.objects.filter(organisation=organisation, name__in=names).exists():
        return {p.name: p for p in Partner.objects.filter(organisation=organisation, name__in=names)}
    types = {t.key: t for t in PartnerType.objects.all()}
    partners, contacts, memberships, states = [], [], [], []
    for n, spec in enumerate(PARTNERS):
        places = [p for p in spec.places if p.quartier in quartiers]
        if not places:
            continue
        created = days_ago(today, max(p.approached for p in places), 7 * n)
        partner = Partner(
            organisation=organisation,
            name=spec.name,
            type=types[spec.type],
            address=spec.address,
            website=spec.website,
            description=spec.description,
            created_at=created,
            updated_at=created,
            **_domains(spec.domains),
        )
        partner._by = managers[places[0].quartier]
        partners.append(partner)
        for k, (name, function, email, phone) in enumerate(spec.contacts):
            contact = Contact(
                partner=partner,
                name=name,
                function=function,
                email=email,
                phone=phone,
                consent_purpose=CONSENT_MEETINGS if k == 0 else CONSENT_CONTACT,
                consent_date=timezone.localdate(created),
                created_at=created + timedelta(minutes=5 + k),
            )
            contact._by = partner._by
            contacts.append(contact)
        for k, place in enumerate(places):
            approached = days_ago(today, place.approached, 7 * n + k + 2)
            changed = days_ago(today, place.changed, 7 * n + k + 3) if place.changed is not None else None
            active = days_ago(today, place.active, 7 * n + k + 4) if place.active is not None else None
            joined = changed if place.status == A else active
            membership = NetworkMembership(
                partner=partner,
                quartier=quartiers[place.quartier],
                status=place.status,
                role=place.role,
                since=timezone.localdate(joined) if joined else None,
                agreement_signed_on=today - timedelta(days=place.signed) if place.signed is not None else None,
                agreement_until=today + timedelta(days=place.until) if place.until is not None else None,
                note=place.note,
                created_at=approached,
                updated_at=changed or approached,
            )
            memberships.append(membership)
            states.append((membership, active, changed, managers[place.quartier]))
    _bulk(Partner, partners)
    _history(Partner, [(p, "+", p.created_at, p._by) for p in partners])
    for contact in contacts:
        contact.partner_id = contact.partner.pk
    _bulk(Contact, contacts)
    _history(Contact, [(c, "+", c.created_at, c._by) for c in contacts])
    for membership in memberships:
        membership.partner_id = membership.partner.pk
    _bulk(NetworkMembership, memberships)
    rows = []
    for membership, active, changed, manager in states:
        # Recorded as approached; the status and the agreement came when it changed; a partner
        # now dormant or gone was active in between.
        first = copy.copy(membership)
        first.status, first.since, first.agreement_signed_on, first.agreement_until = R, None, None, None
        first.note = ""
        rows.append((first, "+", membership.created_at, manager))
        if active is not None:
            was_active = copy.copy(membership)
            was_active.status, was_active.note = A, ""
            rows.append((was_active, "~", active, manager))
        if changed is not None:
            rows.append((membership, "~", changed, manager))
    _history(NetworkMembership, rows)
    return {p.name: p for p in partners}


def link_partner_user(*, partner: Partner, user: User | None, quartier: Quartier, manager: User | None) -> None:
    """partner@demo.example acts for Wohnungsbau Musterstadt eG; linked when its role in Altstadt began."""
    if user is None or PartnerAccount.objects.filter(user=user).exists():
        return
    partner_account_set(user=user, partner=partner)
    role = Membership.objects.filter(user=user, quartier=quartier).first()
    account = PartnerAccount.objects.get(user=user)
    if role is not None:
        PartnerAccount.objects.filter(pk=account.pk).update(created_at=role.created_at)
        PartnerAccount.history.filter(id=account.pk).update(history_date=role.created_at, history_user=manager)


def seed_measure_partners(*, quartier: Quartier, partners: dict[str, Partner], manager: User | None) -> None:
    """Who leads and supports Altstadt's measures; recorded when both the measure and the partner were there."""
    measures = {m.title: m for m in Measure.objects.filter(quartier=quartier)}
    if not measures or MeasurePartner.objects.filter(measure__quartier=quartier).exists():
        return
    links = []
    for n, (title, lead, supporters) in enumerate(MEASURE_PARTNERS):
        measure = measures.get(title)
        if measure is None:
            continue
        for k, (name, role) in enumerate([(lead, MeasureRole.LEAD)] + [(s, MeasureRole.SUPPORT) for s in supporters]):
            if name is None or name not in partners:
                continue
            link = MeasurePartner(measure=measure, partner=partners[name], role=role)
            link._at = max(measure.created_at, partners[name].created_at) + timedelta(minutes=10 + n + k)
            links.append(link)
    MeasurePartner.objects.bulk_create(links)
    _history(MeasurePartner, [(link, "+", link._at, manager) for link in links])


def seed_contributions(
    *, quartier: Quartier, partners: dict[str, Partner], manager: User | None, partner_user: User | None, today: date
) -> None:
    if Contribution.objects.filter(quartier=quartier).exists():
        return
    kinds = {k.key: k for k in ContributionKind.objects.all()}
    measures = {m.title: m for m in Measure.objects.filter(quartier=quartier)}
    rows, history = [], []
    for n, gift in enumerate(g for g in GIFTS if g.quartier == quartier.slug):
        if gift.partner not in partners:
            continue
        logged = days_ago(today, gift.days, 37 * n + 60)
        by = partner_user if gift.by_partner and partner_user else manager
        decided = None
        if gift.status != SUBMITTED:
            decided = logged + timedelta(days=gift.decided or 0, hours=2)
            decided = min(decided, days_ago(today, 1, n))
        contribution = Contribution(
            quartier=quartier,
            partner=partners[gift.partner],
            kind=kinds[gift.kind],
            amount=Decimal(gift.amount) if gift.amount is not None else None,
            # The day of the work: on the day it was logged or a day or two before.
            date=timezone.localdate(logged) - timedelta(days=n % 3),
            measure=measures.get(gift.measure) if gift.measure else None,
            description=gift.description,
            status=gift.status,
            return_reason=gift.reason,
            submitted_by=by,
            decided_by=manager if decided else None,
            decided_at=decided,
            created_at=logged,
            updated_at=decided or logged,
        )
        rows.append(contribution)
        history.append((contribution, decided, by))
    _bulk(Contribution, rows)
    states = []
    for contribution, decided, by in history:
        submitted = copy.copy(contribution)
        submitted.status, submitted.decided_by_id, submitted.decided_at = SUBMITTED, None, None
        submitted.return_reason = ""
        states.append((submitted, "+", contribution.created_at, by))
        if decided is not None:
            states.append((contribution, "~", decided, manager))
    _history(Contribution, states)


def seed_meetings(*, quartier: Quartier, partners: dict[str, Partner], manager: User | None, today: date) -> None:
    if quartier.meetings.exists():
        return
    measures = {m.title: m for m in Measure.objects.filter(quartier=quartier)}
    meetings, plans = [], []
    for n, g in enumerate(m for m in MEETINGS if m.quartier == quartier.slug):
        day = today - timedelta(days=g.days)
        starts = _at(day, g.hour)
        # Invited two weeks ahead (the upcoming one a few days ago); minuted two days after.
        created = days_ago(today, max(g.days + 14, 5), 3 * n)
        minuted = _at(day + timedelta(days=2), 10, 5 * n) if g.minutes else None
        meeting = Meeting(
            quartier=quartier,
            kind=g.kind,
            title=g.title,
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            place=g.place,
            agenda=g.agenda,
            citizens_count=g.citizens,
            minutes=g.minutes,
            decisions=g.decisions,
            created_by=manager,
            created_at=created,
            updated_at=minuted or created,
        )
        meetings.append(meeting)
        plans.append((meeting, g, minuted))
    _bulk(Meeting, meetings)
    invited_model, present_model = Meeting.invited.through, Meeting.present.through
    invited, present = [], []
    for meeting, g, minuted in plans:
        for name in g.invited:
            if name in partners:
                invited.append(invited_model(meeting_id=meeting.pk, partner_id=partners[name].pk))
                if minuted and name not in g.absent:
                    present.append(present_model(meeting_id=meeting.pk, partner_id=partners[name].pk))
    invited = invited_model.objects.bulk_create(invited)
    present = present_model.objects.bulk_create(present)
    rows = []
    for meeting, _g, minuted in plans:
        first = copy.copy(meeting)
        first.minutes = first.decisions = ""
        first.citizens_count = 0
        rows.append((first, "+", meeting.created_at, manager))
        if minuted:
            rows.append((meeting, "~", minuted, manager))
    history = _history(Meeting, rows)
    _meeting_attendance_history(history, invited, present)
    items, done_rows = [], []
    for meeting, g, minuted in plans:
        day = timezone.localdate(meeting.starts_at)
        for k, task in enumerate(g.tasks):
            item = ActionItem(
                meeting=meeting,
                task=task.task,
                responsible_partner=partners.get(task.partner) if task.partner else None,
                responsible_user=None if task.partner else manager,
                due_date=day + timedelta(days=task.due) if task.due is not None else None,
                measure=measures.get(task.measure) if task.measure else None,
            )
            item._at = (minuted or meeting.created_at) + timedelta(minutes=k + 1)
            if task.done is not None:
                done_at = _at(day + timedelta(days=task.done), 11, 7 * k)
                if item.measure is not None:
                    done_at = item.measure.created_at  # it became the measure
                item._done = min(done_at, days_ago(today, 1, k))
            else:
                item._done = None
            items.append(item)
    ActionItem.objects.bulk_create(items)
    rows = []
    for item in items:
        open_state = copy.copy(item)
        open_state.measure_id = None
        rows.append((open_state, "+", item._at, manager))
        if item._done is not None:
            item.done, item.done_at = True, item._done
            done_rows.append(item)
            rows.append((copy.copy(item), "~", item._done, manager))
    ActionItem.objects.bulk_update(done_rows, ["done", "done_at"])
    _history(ActionItem, rows)


def _meeting_attendance_history(history: list, invited: list, present: list) -> None:
    """The invited (and, once minuted, the present) partners of each history row of a meeting."""
    by_meeting: dict[int, tuple[list, list]] = {}
    for link in invited:
        by_meeting.setdefault(link.meeting_id, ([], []))[0].append(link)
    for link in present:
        by_meeting.setdefault(link.meeting_id, ([], []))[1].append(link)
    historical = Meeting.history.model
    invited_h = historical._meta.get_field("historicalmeeting_invited").related_model
    present_h = historical._meta.get_field("historicalmeeting_present").related_model
    invited_rows, present_rows = [], []
    for row in history:
        links_invited, links_present = by_meeting.get(row.id, ([], []))
        invited_rows += [
            invited_h(id=x.pk, history=row, meeting_id=row.id, partner_id=x.partner_id) for x in links_invited
        ]
        if row.history_type == "~":
            present_rows += [
                present_h(id=x.pk, history=row, meeting_id=row.id, partner_id=x.partner_id) for x in links_present
            ]
    invited_h.objects.bulk_create(invited_rows)
    present_h.objects.bulk_create(present_rows)


def seed_network(*, users: dict[str, User], today: date) -> None:
    """Add the demo's network to Altstadt and Nordviertel where it is missing."""
    ensure_catalogues()
    organisation = Organisation.objects.filter(slug=ORGANISATION).first()
    if organisation is None:
        return
    quartiers = {q.slug: q for q in Quartier.objects.filter(slug__in=["altstadt", "nordviertel"])}
    managers = {
        "altstadt": users.get("manager-altstadt@demo.example"),
        "nordviertel": users.get("manager-nord@demo.example"),
    }
    partners = seed_partners(organisation=organisation, quartiers=quartiers, managers=managers, today=today)
    partner_user = users.get(PARTNER_USER)
    if WOHNUNGSBAU in partners and "altstadt" in quartiers:
        link_partner_user(
            partner=partners[WOHNUNGSBAU],
            user=partner_user,
            quartier=quartiers["altstadt"],
            manager=managers["altstadt"],
        )
    for slug, quartier in quartiers.items():
        if slug == "altstadt":
            seed_measure_partners(quartier=quartier, partners=partners, manager=managers[slug])
        seed_contributions(
            quartier=quartier, partners=partners, manager=managers[slug], partner_user=partner_user, today=today
        )
        seed_meetings(quartier=quartier, partners=partners, manager=managers[slug], today=today)


# Generated quartiers (seed_demo --quartiers N): three partners each and a few confirmed
# contributions, in bulk and without history, so that lists and totals are not empty.
GENERATED = [
    ("verein", "Nachbarschaftsverein", "s"),
    ("pflege", "Pflegedienst", "p"),
    ("wohnungsanbieter", "Wohnungsgesellschaft", "w"),
    ("bildung_kultur", "Stadtteilbibliothek", "s"),
    ("gesundheit", "Apotheke", "p"),
]


def seed_generated_network(quartiers: list[Quartier], *, today: date) -> None:
    """A few partners and confirmed contributions for each generated quartier, seeded by its slug."""
    ensure_catalogues()
    types = {t.key: t for t in PartnerType.objects.filter(key__in=[k for k, _n, _d in GENERATED])}
    kinds = list(ContributionKind.objects.filter(key__in=["zeit", "ehrenamt", "geld", "raeume"]))
    now = timezone.now()
    picks = [(q, random.Random(f"network-{q.slug}")) for q in quartiers]
    picks = [(q, rng, rng.sample(GENERATED, 3)) for q, rng in picks]
    # A quartier deleted and generated again finds its partners still in the directory.
    wanted = {f"{label} {q.name}" for q, _rng, chosen in picks for _k, label, _d in chosen}
    existing = {p.name: p for p in Partner.objects.filter(name__in=wanted)}
    partners, memberships, contributions = [], [], []
    for quartier, rng, chosen in picks:
        for key, label, letters in chosen:
            name = f"{label} {quartier.name}"
            partner = existing.get(name)
            if partner is None or partner.organisation_id != quartier.organisation_id:
                partner = Partner(
                    organisation_id=quartier.organisation_id,
                    name=name,
                    type=types[key],
                    created_at=now,
                    updated_at=now,
                    **_domains(letters),
                )
                partners.append(partner)
                existing[name] = partner
            memberships.append(
                NetworkMembership(
                    partner=partner,
                    quartier=quartier,
                    status=rng.choice([A, A, A, R, D]),
                    role=rng.choice(NetworkRole.values),
                    since=today - timedelta(days=rng.randint(30, 400)),
                    created_at=now,
                    updated_at=now,
                )
            )
            for _k in range(rng.randint(1, 3)):
                kind = rng.choice(kinds)
                amount = rng.randint(50, 2000) if kind.unit == "eur" else rng.randint(1, 30)
                contributions.append(
                    Contribution(
                        quartier=quartier,
                        partner=partner,
                        kind=kind,
                        amount=Decimal(amount),
                        date=today - timedelta(days=rng.randint(1, 300)),
                        status=ContributionStatus.CONFIRMED,
                        created_at=now,
                        updated_at=now,
                    )
                )
    _bulk(Partner, partners)
    for row in (*memberships, *contributions):
        row.partner_id = row.partner.pk
    _bulk(NetworkMembership, memberships)
    _bulk(Contribution, contributions)
