"""The report's SVG map: projection, symbols, legend, escaping."""

from __future__ import annotations

import re

from evaluation.report_map import HEIGHT, WIDTH, MapPoint, report_map

SQUARE_AT_60 = {
    "type": "Polygon",
    "coordinates": [[[10.0, 60.0], [10.2, 60.0], [10.2, 60.1], [10.0, 60.1], [10.0, 60.0]]],
}


def _path_points(svg: str) -> list[tuple[float, float]]:
    d = re.search(r'<path d="([^"]+)"', svg).group(1)
    return [(float(x), float(y)) for x, y in re.findall(r"([\d.]+) ([\d.]+)", d)]


def test_nothing_to_draw_gives_no_map():
    assert report_map(boundary=None, points=[], categories=[], title="Karte") is None


def test_longitude_is_scaled_by_the_cosine_of_the_latitude():
    # 0.2° of longitude at 60° N are as long as 0.1° of latitude: the square of degrees is a square on the map.
    drawn = report_map(boundary=SQUARE_AT_60, points=[], categories=[], title="Karte")
    points = _path_points(str(drawn.svg))
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    width, height = max(xs) - min(xs), max(ys) - min(ys)
    assert abs(width / height - 1.0) < 0.01
    # Fitted into the fixed viewBox, north up.
    assert min(xs) >= 0 and max(xs) <= WIDTH and min(ys) >= 0 and max(ys) <= HEIGHT
    assert f'viewBox="0 0 {WIDTH} {HEIGHT}"' in str(drawn.svg)


def test_facilities_are_numbered_by_category_in_the_legend_and_names_escaped():
    points = [
        MapPoint(lat=60.05, lon=10.1, category_key="apotheke", name="<script>alert(1)</script>"),
        MapPoint(lat=60.02, lon=10.05, category_key="apotheke", name="Markt-Apotheke"),
        MapPoint(lat=60.08, lon=10.15, category_key="treffpunkt", name="Bürgerhaus"),
        MapPoint(lat=60.08, lon=10.15, category_key="unbekannt", name="Ohne Kategorie"),
    ]
    categories = [("treffpunkt", "Treffpunkt"), ("verein", "Verein"), ("apotheke", "Apotheke")]

    drawn = report_map(boundary=SQUARE_AT_60, points=points, categories=categories, title="Karte")

    assert [(e.number, e.title, e.count) for e in drawn.legend] == [(1, "Treffpunkt", 1), (2, "Apotheke", 2)]
    assert drawn.legend[0].colour != drawn.legend[1].colour
    svg = str(drawn.svg)
    assert svg.count("<circle") == 3
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "Ohne Kategorie" not in svg


def test_facilities_without_a_boundary_still_make_a_map():
    drawn = report_map(
        boundary=None,
        points=[MapPoint(lat=51.5, lon=7.4, category_key="a", name="A")],
        categories=[("a", "A")],
        title="K",
    )
    assert "<path" not in str(drawn.svg)
    assert str(drawn.svg).count("<circle") == 1
