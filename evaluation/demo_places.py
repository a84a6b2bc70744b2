"""The demo's Altstadt on the map: its boundary and about 40 facilities in and around it.

Placed so that the catchment analysis tells a story: shops, stops, doctors, pharmacies,
parks and churches are within 500 m of nearly every corner, while meeting places (all in
the west), advice, day care and assisted living leave large parts uncovered – the supply
gaps that the Nachbarschaftscafé and other measures answer. Positions are metres east and
north of the quartier's centre, turned into WGS84 here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from evaluation.demo_dates import create_dated
from planning.analysis.models import Facility, FacilityCategory
from quartier.models import Quartier, User

CENTRE = (51.514, 7.465)  # the Altstadt centre the demo sets (lat, lon)
METRES_PER_DEGREE = 111_195.0

# The boundary in metres from the centre; the lobe in the south-east is the Siedlung am
# Mühlbach, added when the boundary grew (step 3 reopened). About 1.2 km².
BOUNDARY_METRES = [
    (-620, -260),
    (-480, -470),
    (-120, -520),
    (180, -430),
    (330, -600),
    (620, -560),
    (700, -250),
    (560, 60),
    (640, 330),
    (380, 520),
    (-40, 560),
    (-380, 480),
    (-640, 220),
]


def to_lon_lat(x: float, y: float) -> tuple[float, float]:
    """A point `x` metres east and `y` metres north of the centre, as (lon, lat)."""
    lat0, lon0 = CENTRE
    lon = lon0 + x / (METRES_PER_DEGREE * math.cos(math.radians(lat0)))
    return round(lon, 6), round(lat0 + y / METRES_PER_DEGREE, 6)


def altstadt_boundary() -> dict:
    """The Altstadt boundary as a GeoJSON Polygon (WGS84, closed ring, counter-clockwise)."""
    ring = [list(to_lon_lat(x, y)) for x, y in BOUNDARY_METRES]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


ALTSTADT_AREA_KM2 = Decimal("1.23")  # the boundary's area, as the catchment computes it in metres

WEEKDAYS = "Mo-Fr 08:00-18:00; Sa 08:00-13:00"


@dataclass(frozen=True)
class Place:
    category: str
    name: str
    address: str
    x: int  # metres east of the centre
    y: int  # metres north of the centre
    barrier_free: bool | None
    opening_hours: str = ""
    late: bool = False  # recorded after the boundary grew, not in the first inventory


PLACES = [
    # Meeting places: both in the west; the east and the Mühlbach have none.
    Place("treffpunkt", "Begegnungsstätte im Bürgerhaus", "Burgstraße 4", -380, 120, False, "Mo-Fr 10:00-17:00"),
    Place(
        "treffpunkt", "Seniorentreff im Gemeindehaus St. Marien", "Kirchstraße 9", -300, -200, True, "Di,Do 14:00-17:00"
    ),
    # Advice: one office in the north-west.
    Place(
        "beratung", "Wohnberatung im Quartiersbüro", "Schulstraße 2", -120, 330, True, "Di 10:00-12:00; Do 15:00-17:00"
    ),
    # Home care services.
    Place("pflegedienst", "Sozialstation Altstadt", "Marktplatz 7", 20, -20, True, "Mo-Fr 07:30-16:00"),
    Place("pflegedienst", "Ambulanter Pflegedienst Lindenhof", "Lindenallee 31", 420, -300, True, "Mo-Fr 08:00-16:00"),
    Place("pflegedienst", "Diakoniestation Ost", "Ostwall 60", 900, -80, False, "Mo-Fr 08:00-15:00"),
    # Day care: only outside, in the south-west.
    Place("tagespflege", "Tagespflege Am Stadtgarten", "Gartenstraße 40", -820, -700, True, "Mo-Fr 08:00-16:30"),
    # Family doctors.
    Place(
        "hausarzt",
        "Hausarztpraxis Dr. Becker",
        "Burgstraße 18",
        -200,
        150,
        False,
        "Mo-Fr 08:00-12:00; Mo,Di,Do 15:00-18:00",
    ),
    Place(
        "hausarzt", "Gemeinschaftspraxis Am Wall", "Am Wall 12", 300, 250, True, "Mo-Fr 08:00-12:00; Mo,Do 15:00-18:00"
    ),
    Place("hausarzt", "Praxis Dr. Yıldız", "Lindenallee 8", 250, -350, True, "Mo-Fr 08:00-13:00; Di,Do 14:00-18:00"),
    Place("hausarzt", "Hausärztezentrum West", "Westring 3", -950, 100, True, "Mo-Fr 07:30-18:00"),
    # Pharmacies.
    Place("apotheke", "Markt-Apotheke", "Marktplatz 2", -50, 50, True, WEEKDAYS),
    Place("apotheke", "Rosen-Apotheke", "Rosenstraße 21", 450, -150, False, WEEKDAYS),
    Place("apotheke", "Bahnhof-Apotheke", "Bahnhofstraße 5", -700, -650, True, "Mo-Fr 08:00-19:00; Sa 09:00-14:00"),
    # Food shops.
    Place("lebensmittel", "Wochenmarkt auf dem Marktplatz", "Marktplatz", 0, 0, True, "We,Sa 07:00-13:00"),
    Place(
        "lebensmittel", "Bäckerei Kornblume", "Schulstraße 14", -450, 300, False, "Mo-Sa 06:30-18:00; Su 08:00-11:00"
    ),
    Place("lebensmittel", "Supermarkt Am Wall", "Am Wall 40", 500, 350, True, "Mo-Sa 07:00-21:00"),
    Place(
        "lebensmittel", "Metzgerei Schulte", "Kirchstraße 25", -300, -350, False, "Di-Fr 08:00-18:00; Sa 07:00-12:00"
    ),
    Place("lebensmittel", "Obst und Gemüse Yilmaz", "Rosenstraße 3", 300, -200, True, "Mo-Sa 08:00-19:00"),
    Place("lebensmittel", "Nahkauf Mühlenweg", "Mühlenweg 17", 500, -450, True, "Mo-Sa 07:00-20:00", late=True),
    Place("lebensmittel", "Discounter Nordring", "Nordring 88", 200, 850, True, "Mo-Sa 07:00-21:00"),
    # Bus stops.
    Place("haltestelle", "Bushaltestelle Westwall", "Westwall", -550, 0, True),
    Place("haltestelle", "Bushaltestelle Schulstraße", "Schulstraße", -250, 350, False),
    Place("haltestelle", "Bushaltestelle Am Wall", "Am Wall", 150, 450, True),
    Place("haltestelle", "Bushaltestelle Rosenstraße", "Rosenstraße", 550, 250, True),
    Place("haltestelle", "Bushaltestelle Ostwall", "Ostwall", 600, -150, False),
    Place("haltestelle", "Bushaltestelle Mühlbach", "Mühlenweg", 400, -500, False, late=True),
    Place("haltestelle", "Bushaltestelle Kirchstraße", "Kirchstraße", -100, -400, True),
    Place("haltestelle", "Bushaltestelle Marktplatz", "Marktplatz", 50, 100, True),
    Place("haltestelle", "Bushaltestelle Nordviertel, Kirchweg", "Kirchweg", 100, 880, False),
    # Assisted living: one house in the north.
    Place("wohnen_betreut", "Service-Wohnen Rosengarten", "Am Wall 22", 200, 400, True, "Mo-Fr 09:00-12:00"),
    # Green spaces with benches.
    Place("gruenflaeche", "Stadtgarten", "Gartenstraße", -500, -100, True, "Mo-Su 06:00-22:00"),
    Place("gruenflaeche", "Kirchplatz mit Bänken", "Kirchplatz", 100, 100, True),
    Place("gruenflaeche", "Mühlbachaue", "Mühlbachstraße", 450, -450, False, late=True),
    Place("gruenflaeche", "Wallanlagen", "Am Wall", 400, 450, True),
    Place("gruenflaeche", "Ruhebänke Rosenstraße", "Rosenstraße 40", -200, 450, True),
    # Churches and clubs.
    Place("verein", "Ev. Kirchengemeinde St. Marien", "Kirchstraße 7", -250, -150, False, "Di-Fr 10:00-12:00"),
    Place("verein", "Kath. Gemeinde St. Johann", "Johannisplatz 1", 350, 150, True, "Mo,Mi 09:00-12:00"),
    Place("verein", "TuS Altstadt 1889", "Sportplatzweg 2", -500, 350, False),
    Place("verein", "Heimatverein Altstadt", "Burgstraße 30", 50, -300, False, "Sa 10:00-12:00"),
]


def seed_places(*, quartier: Quartier, user: User | None, inventory: datetime, grew: datetime) -> list[Facility]:
    """Create the Altstadt facilities (when it has none): the first inventory on `inventory`,
    the places of the Mühlbach settlement after the boundary grew on `grew`."""
    if quartier.facilities.exists():
        return []
    categories = {c.key: c for c in FacilityCategory.objects.all()}
    facilities = []
    for n, place in enumerate(PLACES):
        lon, lat = to_lon_lat(place.x, place.y)
        created = (grew if place.late else inventory) + timedelta(minutes=7 * n)
        category = categories[place.category]
        facility = Facility(
            quartier=quartier,
            category=category,
            domain=category.domain,
            name=place.name,
            address=f"{place.address}, Musterstadt",
            lat=Decimal(str(lat)),
            lon=Decimal(str(lon)),
            barrier_free=place.barrier_free,
            opening_hours=place.opening_hours,
            created_at=created,
            updated_at=created,
        )
        facility._history_date = created
        facilities.append(facility)
    return create_dated(Facility, facilities, user=user)
