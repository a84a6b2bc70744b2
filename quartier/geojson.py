"""The quartier boundary: GeoJSON typed or pasted by a person, parsed defensively.

Hostile input (huge, deeply nested, NaN, 1e400, NUL, lone surrogates) is refused with a
message before it can cost memory, crash the parser or be refused by PostgreSQL's jsonb.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import shapely
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.geometry.polygon import orient
from shapely.validation import explain_validity

MAX_CHARS = 1_000_000
MAX_DEPTH = 32
MAX_FEATURES = 1_000
# A coordinate needs about 17 significant digits at most; anything far longer is not a map.
MAX_NUMBER_CHARS = 40
MAX_INT_DIGITS = 15

POLYGON_TYPES = ("Polygon", "MultiPolygon")

# A string (possessive: a failed match does not backtrack), a bracket, or an unclosed quote.
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*+"|[\[\]{}]|"', re.DOTALL)


class _Refused(ValueError):
    """Raised from inside json.loads' hooks; carries the message for the person."""

    def __init__(self, error: ValidationError) -> None:
        super().__init__(error.messages[0])
        self.error = error


def _type_error() -> ValidationError:
    return ValidationError(
        _("Please enter a GeoJSON Polygon, MultiPolygon, Feature or FeatureCollection."), code="geojson_type"
    )


def _number_error() -> ValidationError:
    return ValidationError(
        _("The boundary contains a number that is not a plain coordinate (too long, NaN or Infinity)."),
        code="geojson_number",
    )


def _nesting_depth(text: str) -> int:
    """The deepest nesting of brackets outside strings, found without recursion."""
    depth = deepest = 0
    for match in _TOKENS.finditer(text):
        piece = match.group()
        if piece in ("[", "{"):
            depth += 1
            deepest = max(deepest, depth)
        elif piece in ("]", "}"):
            depth -= 1
        elif piece == '"':
            break  # an unclosed string: json.loads reports it
    return deepest


def _parse_float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise _Refused(_number_error())
    value = float(text)
    if not math.isfinite(value):  # 1e400 is read as infinity
        raise _Refused(_number_error())
    return value


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _Refused(_number_error())
    return int(text)


def _parse_constant(text: str) -> Any:
    raise _Refused(_number_error())  # NaN, Infinity, -Infinity are not JSON


def _check_strings(value: Any) -> None:
    """NUL and lone surrogates cannot be stored (PostgreSQL refuses them) and mean nothing on a map."""
    strings: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            strings.append(item)
        elif isinstance(item, dict):
            strings.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    for text in strings:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            bad = True
        else:
            bad = "\x00" in text
        if bad:
            raise ValidationError(
                _("The boundary contains a character that is not allowed (a NUL or a broken character)."),
                code="geojson_character",
            )


def parse_boundary(text: str) -> dict[str, Any] | None:
    """Parse typed GeoJSON into a normalised Polygon or MultiPolygon; None when empty.

    Raises ValidationError with a message in the active language when the input is no area.
    """
    text = (text or "").strip()
    if len(text) > MAX_CHARS:
        raise ValidationError(
            _("The boundary is too long: at most %(max)s characters are allowed.")
            % {"max": number_format(MAX_CHARS, force_grouping=True)},
            code="geojson_size",
        )
    if text in ("", "null", "{}"):
        return None
    if "\x00" in text:
        raise ValidationError(
            _("The boundary contains a character that is not allowed (a NUL or a broken character)."),
            code="geojson_character",
        )
    if _nesting_depth(text) > MAX_DEPTH:
        raise ValidationError(_("The boundary is nested too deeply to be a map area."), code="geojson_depth")
    try:
        value = json.loads(text, parse_float=_parse_float, parse_int=_parse_int, parse_constant=_parse_constant)
    except _Refused as refused:
        raise refused.error from None
    except RecursionError:  # the depth check should have caught it; never a 500
        raise ValidationError(_("The boundary is nested too deeply to be a map area."), code="geojson_depth") from None
    except ValueError:  # JSONDecodeError, and int()'s own limit on digits
        raise ValidationError(_("Enter a valid JSON."), code="invalid") from None
    if value is None or value == {}:
        return None
    return normalise_boundary(value)


def _position_text(x: float, y: float) -> str:
    return _("latitude %(lat)s, longitude %(lon)s") % {
        "lat": number_format(round(y, 5)),
        "lon": number_format(round(x, 5)),
    }


def _check_ring(ring: Any) -> None:
    if not isinstance(ring, list) or not ring:
        raise _type_error()
    for position in ring:
        if (
            not isinstance(position, list)
            or len(position) not in (2, 3)
            or not all(isinstance(n, (int, float)) and not isinstance(n, bool) for n in position)
        ):
            raise ValidationError(
                _("Each corner of the boundary needs a longitude and a latitude, as numbers."),
                code="geojson_position",
            )
        lon, lat = position[0], position[1]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValidationError(
                _(
                    "The point %(point)s lies outside the map: the longitude must lie between -180 and 180, "
                    "the latitude between -90 and 90 (GeoJSON gives the longitude first)."
                )
                % {"point": f"[{lon}, {lat}]"},
                code="geojson_range",
            )
    if len(ring) < 4:
        raise ValidationError(
            _("A boundary line needs at least four points (the last one repeats the first)."),
            code="geojson_ring_short",
        )
    if ring[0][:2] != ring[-1][:2]:
        raise ValidationError(
            _("The boundary line is not closed: its last point must repeat the first one."),
            code="geojson_ring_open",
        )


def _check_polygon(rings: Any) -> None:
    if not isinstance(rings, list) or not rings:
        raise _type_error()
    for ring in rings:
        _check_ring(ring)


def _geometries(value: Any) -> list[dict[str, Any]]:
    """The Polygon and MultiPolygon geometries in a geometry, a Feature or a FeatureCollection."""
    if not isinstance(value, dict):
        raise _type_error()
    kind = value.get("type")
    if kind in POLYGON_TYPES:
        return [value]
    if kind == "Feature":
        geometry = value.get("geometry")
        if not isinstance(geometry, dict) or geometry.get("type") not in POLYGON_TYPES:
            raise _type_error()
        return [geometry]
    if kind == "FeatureCollection":
        features = value.get("features")
        if not isinstance(features, list) or not features or len(features) > MAX_FEATURES:
            raise _type_error()
        found: list[dict[str, Any]] = []
        for feature in features:
            if not isinstance(feature, dict) or feature.get("type") != "Feature":
                raise _type_error()
            found += _geometries(feature)
        return found
    raise _type_error()


# What GEOS says is wrong with an area, in words a person can act on.
_VALIDITY_REASONS = {
    "Self-intersection": lambda: _("The boundary crosses itself near %(point)s."),
    "Ring Self-intersection": lambda: _("The boundary crosses itself near %(point)s."),
    "Hole lies outside shell": lambda: _("A hole in the area lies outside its boundary, near %(point)s."),
    "Nested holes": lambda: _("A hole in the area lies inside another hole, near %(point)s."),
    "Interior is disconnected": lambda: _("The holes cut the area into pieces near %(point)s."),
    "Nested shells": lambda: _("One part of the area lies inside another part, near %(point)s."),
    "Duplicate Rings": lambda: _("The same boundary line is given twice, near %(point)s."),
    "Too few points": lambda: _("A boundary line has too few different points, near %(point)s."),
}
_VALIDITY = re.compile(r"^(?P<reason>[^\[]+?)\s*\[(?P<x>[-\d.eE+]+) (?P<y>[-\d.eE+]+)")


def _invalid_area(geometry: shapely.Geometry) -> ValidationError:
    explanation = explain_validity(geometry)
    match = _VALIDITY.match(explanation)
    if match is None:
        return ValidationError(_("The boundary is not a valid area."), code="geojson_invalid")
    reason = _VALIDITY_REASONS.get(match["reason"], lambda: _("The boundary is not a valid area near %(point)s."))
    point = _position_text(float(match["x"]), float(match["y"]))
    return ValidationError(reason() % {"point": point}, code="geojson_invalid")


def _as_lists(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_as_lists(v) for v in value]
    if isinstance(value, dict):
        return {k: _as_lists(v) for k, v in value.items()}
    return value


def normalise_boundary(value: Any) -> dict[str, Any]:
    """Check a parsed GeoJSON value and return it as one valid Polygon or MultiPolygon.

    Features are reduced to their geometry, several areas are joined, rings are oriented the
    way RFC 7946 asks (outer counter-clockwise) and heights are dropped.
    """
    _check_strings(value)
    geometries = _geometries(value)
    parts: list[shapely.Geometry] = []
    for geometry in geometries:
        coordinates = geometry.get("coordinates")
        if geometry["type"] == "Polygon":
            _check_polygon(coordinates)
        else:
            if not isinstance(coordinates, list) or not coordinates:
                raise _type_error()
            for polygon in coordinates:
                _check_polygon(polygon)
        try:
            area = shapely.force_2d(shape(geometry))
        except (ValueError, TypeError, AttributeError, shapely.errors.ShapelyError):
            raise _type_error() from None
        if not area.is_valid:
            raise _invalid_area(area)
        parts.append(area)
    joined = parts[0] if len(parts) == 1 else shapely.union_all(parts)
    if isinstance(joined, Polygon):
        joined = orient(joined)
    elif isinstance(joined, MultiPolygon):
        joined = MultiPolygon([orient(p) for p in joined.geoms])
    else:  # e.g. parts that only touch along a line
        raise ValidationError(_("The boundary is not a valid area."), code="geojson_invalid")
    if joined.is_empty:
        raise ValidationError(_("The boundary is not a valid area."), code="geojson_invalid")
    return _as_lists(mapping(joined))


def validate_boundary(value: Any) -> None:
    """Model validator: what is stored must be an area the form would accept."""
    if value is None:
        return
    normalise_boundary(value)
