"""Facilities from an OpenStreetMap GeoJSON export (Overpass, overpass-turbo, osmtogeojson).

Each feature is mapped to the first facility category whose `osm_tags` match its tags;
points are used as they are, lines and areas by their centroid. Features that match no
category are counted and skipped. A feature already imported (same quartier, same OSM id)
is updated, not duplicated. The file is applied completely or not at all.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import shapely
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from shapely.geometry import shape
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from quartier.access import Action, require
from quartier.geojson import MAX_DEPTH, _check_strings, _nesting_depth, _parse_constant, _parse_float, _parse_int
from quartier.geojson import _Refused as _RefusedNumber
from quartier.models import Quartier, User

from .models import Facility, FacilityCategory

MAX_BYTES = 10 * 1024 * 1024
MAX_FEATURES = 20_000
# Every coordinate pair becomes a list in memory (about 200 bytes with its numbers): counted
# before parsing, so that 10 MB of tiny pairs cannot take hundreds of MB.
MAX_BRACKETS = 300_000
MAX_ERRORS_SHOWN = 50

OSM_ID = re.compile(r"^(node|way|relation)/[0-9]{1,15}$")
GEOMETRY_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon")
UPDATED_FIELDS = ("category", "domain", "name", "address", "lat", "lon", "barrier_free", "opening_hours")
WHEELCHAIR = {"yes": True, "designated": True, "no": False}


class OsmImportError(Exception):
    """The file cannot be imported; `errors` lists every reason, in the active language."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportedFacility:
    osm_id: str
    category: FacilityCategory
    name: str
    address: str
    lat: Decimal
    lon: Decimal
    barrier_free: bool | None
    opening_hours: str


@dataclass
class OsmImportResult:
    created: int = 0
    updated: int = 0
    skipped: int = 0
    facilities: list[ImportedFacility] = field(default_factory=list)

    def summary(self) -> str:
        """„12 neu, 3 aktualisiert, 5 unbekannte Objekte übersprungen“"""
        return _("%(created)s new, %(updated)s updated, %(skipped)s") % {
            "created": self.created,
            "updated": self.updated,
            "skipped": ngettext("%(n)s unknown object skipped", "%(n)s unknown objects skipped", self.skipped)
            % {"n": self.skipped},
        }


# --- Reading the file ----------------------------------------------------------------------


def read_feature_collection(data: bytes) -> list[Any]:
    """The features of a GeoJSON FeatureCollection, read defensively (size, depth, numbers)."""
    if len(data) > MAX_BYTES:
        raise OsmImportError(
            [
                _("The file is too large: at most %(max)s MB are allowed.")
                % {"max": number_format(MAX_BYTES // (1024 * 1024))}
            ]
        )
    if not data.strip():
        raise OsmImportError([_("The file is empty.")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise OsmImportError([_("The file is not UTF-8 text. Please export GeoJSON from Overpass again.")]) from None
    if "\x00" in text:
        raise OsmImportError([_("The file contains a NUL character; it is not a GeoJSON text file.")])
    if _nesting_depth(text) > MAX_DEPTH:
        raise OsmImportError([_("The file is nested too deeply to be GeoJSON.")])
    if text.count("[") > MAX_BRACKETS:
        raise OsmImportError(
            [
                _("The file has too many coordinates: at most %(max)s points can be imported at once.")
                % {"max": number_format(MAX_BRACKETS, force_grouping=True)}
            ]
        )
    try:
        value = json.loads(text, parse_float=_parse_float, parse_int=_parse_int, parse_constant=_parse_constant)
    except _RefusedNumber:
        raise OsmImportError(
            [_("The file contains a number that is not a plain number (too long, NaN or Infinity).")]
        ) from None
    except (ValueError, RecursionError):
        raise OsmImportError([_("The file is not valid JSON.")]) from None
    try:
        _check_strings(value)
    except ValidationError:
        raise OsmImportError(
            [_("The file contains a character that is not allowed (a NUL or a broken character).")]
        ) from None
    if not isinstance(value, dict) or value.get("type") != "FeatureCollection":
        raise OsmImportError([_("The file is not a GeoJSON FeatureCollection (as Overpass exports it).")])
    features = value.get("features")
    if not isinstance(features, list):
        raise OsmImportError([_("The FeatureCollection has no list of features.")])
    if len(features) > MAX_FEATURES:
        raise OsmImportError(
            [
                _("The file has %(count)s features; at most %(max)s are allowed at once.")
                % {
                    "count": number_format(len(features), force_grouping=True),
                    "max": number_format(MAX_FEATURES, force_grouping=True),
                }
            ]
        )
    return features


# --- Mapping features -----------------------------------------------------------------------


def _tags(feature: dict[str, Any]) -> dict[str, str]:
    """The OSM tags: flat in `properties` (overpass-turbo) or under `properties.tags` (osmtogeojson)."""
    properties = feature.get("properties")
    if not isinstance(properties, dict):
        return {}
    source = properties.get("tags") if isinstance(properties.get("tags"), dict) else properties
    return {
        str(key): str(value)
        for key, value in source.items()
        if isinstance(value, (str, int, float)) and not isinstance(value, bool)
    }


def _osm_id(feature: dict[str, Any]) -> str | None:
    properties = feature.get("properties") if isinstance(feature.get("properties"), dict) else {}
    for candidate in (feature.get("id"), properties.get("@id"), properties.get("id")):
        if isinstance(candidate, str) and OSM_ID.match(candidate.strip()):
            return candidate.strip()
    kind, number = properties.get("type"), properties.get("id")
    if isinstance(kind, str) and isinstance(number, int) and OSM_ID.match(f"{kind}/{number}"):
        return f"{kind}/{number}"
    return None


def tag_matches(spec: str, tags: dict[str, str]) -> bool:
    """`key=value` matches that value; `key=*` matches any value but "no"."""
    key, _sep, value = spec.partition("=")
    key, value = key.strip(), value.strip()
    if key not in tags:
        return False
    if value == "*":
        return tags[key] not in ("", "no")
    return tags[key] == value


def match_category(tags: dict[str, str], categories: Iterable[FacilityCategory]) -> FacilityCategory | None:
    """The first category (in catalogue order) with a matching tag."""
    for category in categories:
        if any(isinstance(spec, str) and tag_matches(spec, tags) for spec in category.osm_tags or ()):
            return category
    return None


def _location(geometry: Any) -> tuple[Decimal, Decimal]:
    """(lat, lon) of a point, or of the centroid of a line or area. Raises ValueError with the reason."""
    if not isinstance(geometry, dict) or geometry.get("type") not in GEOMETRY_TYPES:
        raise ValueError(_("it has no point, line or area geometry"))
    try:
        geom = shape(geometry)
        point = geom if geometry["type"] == "Point" else geom.centroid
        x, y = point.x, point.y
    except (ValueError, TypeError, AttributeError, IndexError, KeyError, shapely.errors.ShapelyError):
        raise ValueError(_("its coordinates cannot be read")) from None
    if not (math.isfinite(x) and math.isfinite(y) and -180 <= x <= 180 and -90 <= y <= 90):
        raise ValueError(_("its coordinates lie outside the map"))
    return Decimal(f"{y:.6f}"), Decimal(f"{x:.6f}")


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _address(tags: dict[str, str]) -> str:
    street = " ".join(filter(None, (tags.get("addr:street", ""), tags.get("addr:housenumber", ""))))
    place = " ".join(filter(None, (tags.get("addr:postcode", ""), tags.get("addr:city", ""))))
    return ", ".join(filter(None, (street, place)))


def plan_import(features: list[Any], categories: list[FacilityCategory]) -> OsmImportResult:
    """Map every feature to a facility (or skip it). Raises OsmImportError with every bad feature."""
    result = OsmImportResult()
    errors: list[str] = []
    seen: dict[str, ImportedFacility] = {}
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            errors.append(_("Object %(n)s: it is not a GeoJSON Feature.") % {"n": number})
            continue
        tags = _tags(feature)
        category = match_category(tags, categories)
        if category is None:
            result.skipped += 1
            continue
        osm_id = _osm_id(feature)
        label = osm_id or str(number)
        if osm_id is None:
            errors.append(
                _("Object %(n)s: it has no OpenStreetMap id (such as node/123) in “id” or “@id”.") % {"n": number}
            )
            continue
        try:
            lat, lon = _location(feature.get("geometry"))
        except ValueError as exc:
            errors.append(_("Object %(n)s (%(id)s): %(reason)s.") % {"n": number, "id": label, "reason": exc})
            continue
        wheelchair = tags.get("wheelchair", "")
        seen[osm_id] = ImportedFacility(
            osm_id=osm_id,
            category=category,
            name=_clip(tags.get("name", "") or category.title, Facility._meta.get_field("name").max_length),
            address=_clip(_address(tags), Facility._meta.get_field("address").max_length),
            lat=lat,
            lon=lon,
            barrier_free=WHEELCHAIR.get(wheelchair),
            opening_hours=_clip(tags.get("opening_hours", ""), Facility._meta.get_field("opening_hours").max_length),
        )
    if errors:
        shown = errors[:MAX_ERRORS_SHOWN]
        if len(errors) > MAX_ERRORS_SHOWN:
            shown.append(_("… and %(n)s more errors.") % {"n": len(errors) - MAX_ERRORS_SHOWN})
        raise OsmImportError(shown)
    result.facilities = list(seen.values())
    return result


# --- The service ----------------------------------------------------------------------------


def facilities_import_osm(*, quartier: Quartier, user: User | None, data: bytes) -> OsmImportResult:
    """Import facilities from an OSM GeoJSON export into the quartier, all or nothing.

    `user` None means the command line (trusted); otherwise the user needs EDIT_ANALYSIS.
    Raises OsmImportError listing every problem; nothing is written then.
    """
    if user is not None:
        require(user, Action.EDIT_ANALYSIS, quartier)
    features = read_feature_collection(data)
    result = plan_import(features, list(FacilityCategory.objects.order_by("position", "key")))
    now = timezone.now()
    with transaction.atomic():
        existing = {
            f.osm_id: f
            for f in Facility.objects.select_for_update().filter(
                quartier=quartier, osm_id__in=[row.osm_id for row in result.facilities]
            )
        }
        new: list[Facility] = []
        changed: list[Facility] = []
        for row in result.facilities:
            values = {
                "category": row.category,
                "domain": row.category.domain,
                "name": row.name,
                "address": row.address,
                "lat": row.lat,
                "lon": row.lon,
                "barrier_free": row.barrier_free,
                "opening_hours": row.opening_hours,
            }
            facility = existing.get(row.osm_id)
            if facility is None:
                new.append(Facility(quartier=quartier, osm_id=row.osm_id, **values))
                continue
            for name, value in values.items():
                setattr(facility, name, value)
            facility.updated_at = now
            changed.append(facility)
        if new:
            bulk_create_with_history(new, Facility, batch_size=500, default_user=user)
        if changed:
            bulk_update_with_history(
                changed, Facility, [*UPDATED_FIELDS, "updated_at"], batch_size=500, default_user=user
            )
    result.created, result.updated = len(new), len(changed)
    return result
