"""What the demo's evidence says: labels, texts and links that fit each checklist item.

A team names its evidence after what it is ("Protokoll Steuerungsgruppe 14.03.", "Beschluss
Sozialausschuss"), never after its kind, so the cockpit's activity and the step pages'
"Verlauf" read like a real quartier's. Used by `seed_demo` and by the bench's generator.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from planning.models import EvidenceKind

TEXT, LINK = EvidenceKind.TEXT, EvidenceKind.LINK

# (step number, item position) → candidates (kind, label, text or link path). In the label and
# text, {d} is the day of the meeting or paper the evidence stems from ("14.03."), {y} its year,
# {q} the quartier's name; a link's path is joined to the organisation's site ({s}: the slug).
CATALOGUE: dict[tuple[int, int], tuple[tuple[str, str, str], ...]] = {
    (1, 1): (
        (
            TEXT,
            "Leitbildentwurf, Fassung vom {d}",
            "Anlass, Zielgruppen (65+, 80+, pflegende Angehörige) und fünf Leitziele; in der Steuerungsgruppe abgestimmt.",
        ),
        (LINK, "Leitbild {q} (Entwurf im Ratsinformationssystem)", "/ratsinfo/vorlagen/{y}/leitbild-{s}"),
    ),
    (1, 2): (
        (
            TEXT,
            "Protokoll Steuerungsgruppe {d}",
            "Konstituierende Sitzung mit Sozialamt, Stadtplanung, Seniorenbeirat, Wohnungsbaugesellschaft und Pflegestützpunkt; Geschäftsordnung beschlossen.",
        ),
        (
            TEXT,
            "Besetzung der Steuerungsgruppe",
            "Sieben Mitglieder aus Sozialamt, Stadtplanung, Gesundheitsamt, Seniorenbeirat und zwei Trägern; Sitzungen alle sechs Wochen.",
        ),
    ),
    (1, 3): (
        (
            TEXT,
            "Zeit- und Ressourcenplan {y}",
            "Meilensteine je Schritt, Zuständigkeiten in der Verwaltung, eine halbe Stelle Quartiersmanagement und Sachmittel.",
        ),
        (LINK, "Haushaltsansatz Quartiersentwicklung {y}", "/haushalt/{y}/quartiersentwicklung"),
    ),
    (1, 4): (
        (
            TEXT,
            "Beschluss Sozialausschuss {d}",
            "Der Ausschuss stimmt dem Leitbild und dem Vorgehen nach dem Zehn-Schritte-Modell einstimmig zu.",
        ),
        (LINK, "Beschlussvorlage im Ratsinformationssystem", "/ratsinfo/beschluesse/{y}/quartier-{s}"),
    ),
    (1, 5): (
        (
            TEXT,
            "Bürgerforum {d}: Ergebnisse",
            "Rund 60 Teilnehmende; Anregungen zu Treffpunkten, Bänken und sicheren Wegen in das Leitbild übernommen.",
        ),
        (
            TEXT,
            "Stellungnahme Seniorenbeirat zum Leitbild",
            "Der Seniorenbeirat trägt das Leitbild mit und wünscht eine Sprechstunde im Quartier.",
        ),
    ),
    (2, 1): (
        (LINK, "Karte des Quartiers {q} (Stadtplan)", "/stadtplan/quartiere/{s}"),
        (
            TEXT,
            "Abgrenzung und Begründung",
            "Grenzen: Bahnlinie im Norden, Ringstraße im Osten, Bachaue im Süden; dazwischen liegt alles in 15 Minuten zu Fuß.",
        ),
    ),
    (2, 2): (
        (
            TEXT,
            "Einwohnerzahl und Fläche (Melderegister {y})",
            "Einwohnerzahl zum 31.12. aus dem Melderegister, Fläche aus dem Kataster; Einzugsbereich unter 1.000 m.",
        ),
        (
            TEXT,
            "Größenprüfung nach Schnur",
            "Innerhalb des sozialen Nahraums: gut überschaubar, Wege unter einem Kilometer.",
        ),
    ),
    (2, 3): (
        (
            TEXT,
            "Begründung der drei Quartierskriterien",
            "Überschaubar durch kurze Wege, sozial konstruiert durch Schule, Kirchengemeinde und Wochenmarkt, identitätsstiftend durch den gemeinsamen Namen.",
        ),
    ),
    (2, 4): (
        (LINK, "Statistische Bezirke (Open Data)", "/opendata/statistische-bezirke"),
        (
            TEXT,
            "Zuordnung der Baublöcke",
            "Das Quartier umfasst die Baublöcke 112 bis 127 und Teile des statistischen Bezirks 04.",
        ),
    ),
    (3, 1): (
        (LINK, "Sozialraumdaten {y} (Statistikstelle)", "/statistik/sozialraum/{y}/{s}"),
        (
            TEXT,
            "Altersstruktur und Pflegequote {y}",
            "Anteil 65+ und 80+, Pflegequote und Einpersonenhaushalte mit Quelle und Stichtag 31.12.",
        ),
    ),
    (3, 2): (
        (LINK, "Angebotslandkarte {q}", "/stadtplan/angebote/{s}"),
        (
            TEXT,
            "Bestandsaufnahme Treffpunkte und Nahversorgung",
            "Zwei Begegnungsstätten, ein Pflegedienst, Apotheke, Bäcker; der nächste Supermarkt liegt außerhalb.",
        ),
    ),
    (3, 3): (
        (
            TEXT,
            "Protokoll Quartiersbegehung {d}",
            "Begehung mit 18 Teilnehmenden und Rollator; Mängelliste (Bordsteine, Beleuchtung, Bänke) an das Tiefbauamt.",
        ),
    ),
    (3, 4): (
        (
            TEXT,
            "Ergebnisse Bürgerbefragung {y} (Auswertung)",
            "412 Fragebögen zurück (Quote 31 %); am häufigsten gewünscht: Treffpunkt, Hilfe im Alltag, barrierefreie Wege.",
        ),
        (LINK, "Bericht zur Bürgerbefragung {y}", "/quartiere/{s}/befragung-{y}.pdf"),
    ),
    (3, 5): (
        (
            TEXT,
            "Stärken-Schwächen-Profil Wohnen, Soziales, Pflege",
            "Stärken: Nachbarschaft, Kirchengemeinde. Schwächen: wenig barrierefreier Wohnraum, keine Tagespflege.",
        ),
    ),
    (4, 1): (
        (
            TEXT,
            "Akteurslandkarte {q}",
            "32 Akteure nach Interessen und Ressourcen geordnet; Wohnungsgenossenschaft und Sozialstation als Schlüsselpartner.",
        ),
        (
            TEXT,
            "Akteursanalyse, Stand {d}",
            "Interessen, Ressourcen und Ansprechpersonen der möglichen Partner aus Gesprächen zusammengetragen.",
        ),
    ),
    (4, 2): (
        (
            TEXT,
            "Zusagen der ersten Kooperationspartner",
            "Wohnungsgenossenschaft, Sozialstation und Sportverein haben schriftlich zugesagt.",
        ),
        (
            TEXT,
            "Gesprächsnotizen Partnersuche",
            "Gespräche mit fünf Akteuren; drei wollen mitarbeiten, zwei später dazukommen.",
        ),
    ),
    (4, 3): (
        (
            TEXT,
            "Auftaktveranstaltung {d} im Gemeindehaus",
            "Etwa 80 Gäste; Vorstellung des Vorhabens, Fragen und erste Ideen an Stellwänden gesammelt.",
        ),
        (LINK, "Pressemitteilung zur Auftaktveranstaltung", "/presse/{y}/auftakt-quartier-{s}"),
    ),
    (4, 4): (
        (
            TEXT,
            "Quartiersbüro: Sprechzeiten",
            "Dienstag 10–12 Uhr und Donnerstag 15–17 Uhr im Stadtteilladen; Telefon und Aushang im Schaukasten.",
        ),
    ),
    (5, 1): (
        (
            TEXT,
            "Zukunftswerkstatt {d}: Fotoprotokoll",
            "Drei Arbeitstische zu Wohnen, Soziales, Hilfe und Pflege; 45 Teilnehmende, 27 Ideen.",
        ),
    ),
    (5, 2): (
        (
            TEXT,
            "Zielkatalog mit Indikatoren {y}",
            "Neun Ziele, je Bereich drei, mit Indikator, Ausgangswert, Zielwert und Termin.",
        ),
    ),
    (5, 3): (
        (
            TEXT,
            "Protokoll Steuerungsgruppe {d}: Ziele bestätigt",
            "Die Steuerungsgruppe bestätigt den Zielkatalog mit einer Änderung beim Wohnraumziel.",
        ),
    ),
    (6, 1): (
        (
            TEXT,
            "Kernnetzwerk: neun Partner",
            "Wohnungsgenossenschaft, zwei Pflegedienste, Kirchengemeinde, Sportverein, Seniorenbeirat, Apotheke, Hausarztpraxis, Nachbarschaftshilfe.",
        ),
    ),
    (6, 2): (
        (
            TEXT,
            "Kooperationsvereinbarungen, unterzeichnet am {d}",
            "Sieben von neun Partnern haben unterzeichnet; zwei Vereinbarungen liegen noch beim Vorstand.",
        ),
    ),
    (6, 3): (
        (
            TEXT,
            "Protokoll 1. Netzwerktreffen {d}",
            "Rhythmus: alle acht Wochen, reihum bei den Partnern; Arbeitsgruppen Wohnen und Nachbarschaft gebildet.",
        ),
    ),
    (6, 4): ((LINK, "Förderrichtlinie § 45c SGB XI (Land)", "/foerderung/45c-netzwerke"),),
    (7, 1): (
        (
            TEXT,
            "Maßnahmenplan {y}",
            "Mittagstisch, Wohnberatung, Bank-Pfad und Besuchsdienst mit Verantwortlichen, Budget und Zeitplan.",
        ),
    ),
    (7, 2): (
        (
            TEXT,
            "Finanzierungsübersicht Maßnahmen {y}",
            "Eigenmittel, Landesförderung und Spenden je Maßnahme; Lücke beim Besuchsdienst geschlossen.",
        ),
        (LINK, "Förderbescheid Stiftung Wohlfahrtspflege", "/quartiere/{s}/foerderbescheid-{y}.pdf"),
    ),
    (7, 3): (
        (
            TEXT,
            "Ehrenamtliche Nachbarschaftshelfer",
            "14 Ehrenamtliche aktiv; Schulung am {d}, monatlicher Austausch im Quartiersbüro.",
        ),
    ),
    (7, 4): (
        (
            TEXT,
            "Sachstandsbericht {d}",
            "Mittagstisch läuft (rund 25 Gäste), Bank-Pfad zur Hälfte gebaut, Besuchsdienst startet im Herbst.",
        ),
    ),
    (8, 1): (
        (
            TEXT,
            "Kommunikationsplan {y}",
            "Quartierszeitung viermal im Jahr, Aushänge, Gemeindebrief und die Seite der Stadt.",
        ),
    ),
    (8, 2): ((LINK, "Quartierszeitung, Ausgabe {y}", "/quartiere/{s}/zeitung-{y}.pdf"),),
    (8, 3): ((LINK, "Quartiersseite {q}", "/quartiere/{s}"),),
    (8, 4): (
        (
            TEXT,
            "Jahresbericht {y} an den Sozialausschuss",
            "Im Ausschuss am {d} vorgestellt und zur Kenntnis genommen.",
        ),
    ),
    (9, 1): (
        (
            TEXT,
            "Evaluationskonzept (Vorher/Nachher)",
            "Selbstevaluation mit Wiederholungsbefragung nach zwei Jahren und Auswertung der Zielindikatoren.",
        ),
    ),
    (9, 2): (
        (
            TEXT,
            "Zielerreichung {y}: Auswertung der Indikatoren",
            "Sechs von neun Zielen erreicht oder fast erreicht; beim Wohnraum bleibt eine Lücke.",
        ),
    ),
    (9, 3): (
        (
            TEXT,
            "Wiederholungsbefragung {y}: Vergleich",
            "Zufriedenheit mit Treffpunkten gestiegen, Wunsch nach Hilfe im Alltag weiter hoch.",
        ),
    ),
    (9, 4): (
        (
            TEXT,
            "Reflexionsworkshop {d}: Ergebnisse",
            "Mit den Partnern Ziele nachgeschärft; das Wohnraumziel wird um zwei Jahre verlängert.",
        ),
    ),
    (10, 1): (
        (
            TEXT,
            "Verstetigungskonzept mit Rollenprofilen",
            "Rollen für Quartiersmanagement, Netzwerkkoordination und Ehrenamtsbegleitung beschrieben.",
        ),
    ),
    (10, 2): (
        (
            TEXT,
            "Finanzierungsplan {y}–{y3}",
            "Anschlussfinanzierung aus Haushalt und Pflegekassen über das Förderende hinaus.",
        ),
    ),
    (10, 3): (
        (
            TEXT,
            "Stellenplan: Quartiersmanagement unbefristet",
            "Der Rat hat die Stelle am {d} in den Stellenplan übernommen.",
        ),
    ),
    (10, 4): (
        (
            TEXT,
            "Übergabe an den Quartiersverein",
            "Der Verein übernimmt Treffpunkt und Besuchsdienst; die Stadt begleitet weiter.",
        ),
    ),
}


def evidence_values(
    *, step: int, position: int, on: date, quartier: str, slug: str, site: str, rng: random.Random
) -> dict[str, str]:
    """The kind, label and text or link of a piece of evidence for one checklist item.

    `on` is the day it was added; the meeting or paper it refers to was a few days before.
    `site` is the organisation's web address ("https://www.stadt-musterstadt.example").
    """
    candidates = CATALOGUE.get((step, position))
    if not candidates:
        # An item the catalogue does not know (a team's own): a note named after the step.
        return {
            "kind": TEXT,
            "label": f"Notiz Schritt {step}",
            "text": "In der Steuerungsgruppe besprochen.",
            "url": "",
        }
    kind, label, body = rng.choice(candidates)
    met = on - timedelta(days=rng.randint(1, 6))
    words = {"d": f"{met.day:02d}.{met.month:02d}.", "y": met.year, "y3": met.year + 3, "q": quartier, "s": slug}
    if kind == LINK:
        return {"kind": kind, "label": label.format(**words), "text": "", "url": site + body.format(**words)}
    return {"kind": kind, "label": label.format(**words), "text": body.format(**words), "url": ""}
