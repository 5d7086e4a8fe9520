"""Settlement cells of the control zones: the land each placed settlement speaks for, dated.

Each placed settlement of the settlement record (``geodata/data/settlements.csv``) takes the land
nearest to it: its Voronoi cell among all placed settlements, in EPSG:32638, within
``CELL_RADIUS_M`` and clipped to its district. That land changes hands on the settlement's own
date, the claim's (contested until confirmed) or the handover's.

Every placed settlement carries a claim of 2020 or a handover, so by that claim it was
Armenian-held on 26 September 2020: its point must lie on the Armenian side of the 1994 line.
The build refuses one that does not, unless ``outside_1994.csv`` lists it with the reason and
its sources (a claim that concerns the heights beside a village, for example).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import MultiPoint, Point
from shapely.geometry.base import BaseGeometry

from geodata.build.control_grid import difference, intersection
from geodata.build.control_sources import (
    DATA_DIR,
    ControlBuildError,
    parse_date,
    parse_float,
    read_csv,
    split_list,
)
from geodata.build.geometry import METRIC_CRS
from geodata.build.settlement_rows import is_url
from geodata.build.settlements import COLUMNS

SETTLEMENTS_CSV = DATA_DIR / "settlements.csv"
OUTSIDE_1994 = "outside_1994.csv"
OUTSIDE_1994_COLUMNS = ("id", "reason", "sources")
# How far a settlement speaks for the land around it. The announced villages share the
# Armenian-held part of their districts at 9-19 km2 each (mean about 12 km2, a disc of 2 km
# radius; geodata/SOURCES.md): a placed village is not allowed to speak for its unplaced
# neighbours' land beyond that, which stays with the advance areas.
CELL_RADIUS_M = 2_000.0


@dataclass
class Cell:
    """The land one placed settlement speaks for, and when it changed hands."""

    settlement: str
    label: str
    district: str
    date: dt.date
    confirmed: dt.date | None
    claim_sources: tuple[str, ...]
    confirm_sources: tuple[str, ...]
    claim_note: str
    coord_source: str
    region: BaseGeometry = field(repr=False)


def _settlement_label(row: pd.Series) -> str:
    names = [row["name"]] + ([row["name_hy"]] if row["name_hy"] not in ("", row["name"]) else [])
    return f"{'/'.join(names)} ({row['district']} district): the land nearest the settlement"


def _claim_note(row: pd.Series, confirmed: dt.date | None) -> str:
    note = f"contested: claimed by {row['claimed_by']} on {row['claimed_on']}"
    if row["denied_by"]:
        note += f", denied by {row['denied_by']}"
    if confirmed is None:
        return note + "; not confirmed by the other side or independent reporting by 1 Dec"
    return note + f"; confirmed by {row['confirmed_by']} on {confirmed}"


def _voronoi_cells(points: list[Point]) -> list[BaseGeometry]:
    """Each point's Voronoi cell in ``METRIC_CRS``, cut to ``CELL_RADIUS_M`` around the point."""
    metric = gpd.GeoSeries(points, crs="EPSG:4326").to_crs(METRIC_CRS)
    seeds = list(metric.values)
    if len(seeds) == 1:
        cells = [seeds[0].buffer(CELL_RADIUS_M, quad_segs=16)]
    else:
        diagram = shapely.voronoi_polygons(
            MultiPoint(seeds), extend_to=MultiPoint(seeds).buffer(10 * CELL_RADIUS_M), ordered=True
        )
        cells = [
            shapely.intersection(polygon, seed.buffer(CELL_RADIUS_M, quad_segs=16))
            for polygon, seed in zip(shapely.get_parts(diagram), seeds, strict=True)
        ]
    return list(gpd.GeoSeries(cells, crs=METRIC_CRS).to_crs("EPSG:4326").values)


def _district_around(district: BaseGeometry, point: Point) -> BaseGeometry:
    """Return the district, widened to reach ``point`` where its coarse outline misses it.

    The outlines are Natural Earth's, generalised by about 1-2 km; a village that sources place
    in the district but that falls just outside its outline still speaks for its own ground.
    """
    if district.contains(point):
        return district
    metric = gpd.GeoSeries([district, point], crs="EPSG:4326").to_crs(METRIC_CRS)
    reach = metric.iloc[0].distance(metric.iloc[1]) + 10.0
    widened = gpd.GeoSeries([metric.iloc[0].buffer(reach, quad_segs=16)], crs=METRIC_CRS)
    return widened.to_crs("EPSG:4326").iloc[0]


def _no_cell_reason(
    row: pd.Series, point: Point, peacekeeping: BaseGeometry, outside_1994: dict[str, str]
) -> str:
    """Say why a placed settlement moves no ground, or return "" when it takes its cell."""
    if row["id"] in outside_1994:
        return (
            "the point lies in ground Azerbaijani-held before the war by the 1994 line as "
            f"drawn, and {OUTSIDE_1994} says why: {outside_1994[row['id']]}"
        )
    if row["confirmed_on"] == "never":
        return (
            f"claimed on {row['claimed_on']} but never confirmed and reported to have stayed "
            "Armenian-held: its land follows the advance areas and the 10 November line"
        )
    if peacekeeping.contains(point):
        return (
            f"claimed on {row['claimed_on']}, but the point lies in the peacekeeping zone "
            "(Armenian-held on 10 November by the line drawn from the statement): the claim "
            "is kept in the record and moves no ground"
        )
    return ""


def read_outside_1994(path: Path) -> dict[str, str]:
    """Read the settlements allowed outside the Armenian side of the 1994 line, with why.

    Parameters
    ----------
    path
        ``outside_1994.csv`` (``id, reason, sources``): one row per placed settlement of the
        record whose point lies on the Azerbaijani side of the line as drawn although it was
        claimed taken in 2020, with the reason the line is kept there and http(s) sources.

    Returns
    -------
    dict of str to str
        Each listed settlement id to its reason and sources, as the zones' provenance states it.
    """
    table = read_csv(path, OUTSIDE_1994_COLUMNS)
    listed = {}
    for index, row in table.iterrows():
        line = int(index) + 2
        sources = split_list(row["sources"])
        if not row["reason"].strip():
            raise ControlBuildError(f"{path}:{line}:reason: say why the settlement lies outside")
        if not sources or not all(is_url(source) for source in sources):
            raise ControlBuildError(
                f"{path}:{line}:sources: give the http(s) sources of the reason, separated by ' | '"
            )
        if row["id"] in listed:
            raise ControlBuildError(f"{path}:{line}:id: {row['id']!r} is listed twice")
        listed[row["id"]] = f"{row['reason'].strip()} ({' | '.join(sources)})"
    return listed


def check_inside_1994(
    settlements_csv: Path,
    held_1994: BaseGeometry,
    outside_1994: dict[str, str],
    outside_1994_csv: Path,
) -> None:
    """Refuse a placed settlement that lies outside the Armenian-held area of 26 September.

    Each row of the record carries a claim of 2020 (or a handover), so by that claim the
    settlement was Armenian-held the day before the war: a point on the Azerbaijani side of the
    1994 line means the line, or the point, is off there. Fix the line's vertices or the point,
    or list the settlement in ``outside_1994.csv`` with the reason; a listed settlement that
    lies inside after all must be struck from the list.

    Parameters
    ----------
    settlements_csv
        The settlement record.
    held_1994
        The Armenian-held ground on 26 September 2020, cut by the 1994 line.
    outside_1994, outside_1994_csv
        The listed exceptions (from ``read_outside_1994``) and their file, named in errors.
    """
    table, points = _placed(settlements_csv)
    known = set(table["id"])
    unknown = sorted(set(outside_1994) - known)
    if unknown:
        raise ControlBuildError(
            f"{outside_1994_csv}: {', '.join(unknown)}: not a placed settlement of "
            f"{settlements_csv.name}; list only placed settlements by their id"
        )
    metric_points = gpd.GeoSeries(points, crs="EPSG:4326").to_crs(METRIC_CRS)
    held = gpd.GeoSeries([held_1994], crs="EPSG:4326").to_crs(METRIC_CRS).iloc[0]
    for (_, row), point, metric in zip(table.iterrows(), points, metric_points, strict=True):
        inside = held_1994.contains(point)
        if inside and row["id"] in outside_1994:
            raise ControlBuildError(
                f"{outside_1994_csv}: {row['id']} lies on the Armenian side of the 1994 line; "
                "strike it from the list"
            )
        if not inside and row["id"] not in outside_1994:
            handover = row["handover_on"].strip()
            when = f"handed over on {handover}" if handover else f"claimed on {row['claimed_on']}"
            raise ControlBuildError(
                f"{settlements_csv}:{int(row.name) + 2}:lat/lon: {row['id']} ({row['name']}, "
                f"{when}, so Armenian-held on 26 September 2020) lies "
                f"{held.distance(metric) / 1000:.1f} km outside the Armenian side of the 1994 "
                "line: move the line's vertices near it (contact_line_1994.csv, with sources), "
                f"correct the point, or list it in {outside_1994_csv.name} with the reason"
            )


def _placed(settlements_csv: Path) -> tuple[pd.DataFrame, list[Point]]:
    """Read the placed settlements, in id order, with their points.

    The table keeps the file's row numbers as its index (header = line 1, so line = index + 2),
    which the errors name.
    """
    table = read_csv(settlements_csv, COLUMNS)
    table = table[table["lat"] != ""].sort_values("id")
    points = []
    for index, row in table.iterrows():
        line = int(index) + 2
        lat = parse_float(row["lat"], settlements_csv, line, "lat")
        points.append(Point(parse_float(row["lon"], settlements_csv, line, "lon"), lat))
    if len({(point.x, point.y) for point in points}) != len(points):
        raise ControlBuildError(
            f"{settlements_csv}: two settlements share the same coordinates; a cell needs its own "
            "point (check coord_source of the rows with equal lat/lon)"
        )
    return table, points


def settlement_cells(
    settlements_csv: Path,
    districts: dict[str, BaseGeometry],
    held_1994: BaseGeometry,
    held_ceasefire: BaseGeometry,
    peacekeeping: BaseGeometry,
    outside_1994: dict[str, str],
) -> tuple[list[Cell], dict[str, str]]:
    """Cut the cell of every placed settlement and date it; say why a settlement has none.

    A war claim's cell may take any ground that the changes move during the war or at a
    handover; a handover's only ground still held at the ceasefire (the handover says nothing
    about ground taken in the fighting). Neither touches the peacekeeping zone: the line of
    10 November and the corridor come from the statement, not from claims, and a settlement
    whose point lies inside it (or, listed in ``outside_1994.csv``, outside the Armenian-held
    side of the 1994 line) gets no cell.

    Parameters
    ----------
    settlements_csv
        The settlement record.
    districts
        Each district of the record (as the record names it) to its geometry.
    held_1994, held_ceasefire, peacekeeping
        The Armenian-held ground on 26 September, on 10 November and after 1 December.
    outside_1994
        The settlements listed in ``outside_1994.csv``, with why: they get no cell.

    Returns
    -------
    cells : list of Cell
        The cells that move ground, in id order.
    without_cell : dict of str to str
        Each placed settlement that moves no ground, with the reason.
    """
    table, points = _placed(settlements_csv)
    if table.empty:
        return [], {}
    claimable = difference(held_1994, peacekeeping)
    handed_over = difference(held_ceasefire, peacekeeping)
    cells, without = [], {}
    for (_, row), point, voronoi in zip(
        table.iterrows(), points, _voronoi_cells(points), strict=True
    ):
        line = int(row.name) + 2
        reason = _no_cell_reason(row, point, peacekeeping, outside_1994)
        if reason:
            without[row["id"]] = reason
            continue
        handover = row["handover_on"].strip()
        date = parse_date(handover or row["claimed_on"], settlements_csv, line, "claimed_on")
        confirmed = date if handover else None
        if not handover and row["confirmed_on"]:
            confirmed = max(
                date, parse_date(row["confirmed_on"], settlements_csv, line, "confirmed_on")
            )
        allowed = handed_over if handover else claimable
        district = _district_around(districts[row["district"]], point)
        region = intersection(intersection(voronoi, district), allowed)
        if region.is_empty:
            without[row["id"]] = "its cell holds no ground the changes move"
            continue
        cells.append(
            Cell(
                settlement=row["id"],
                label=_settlement_label(row),
                district=row["district"],
                date=date,
                confirmed=confirmed,
                claim_sources=split_list(
                    row["handover_sources"] if handover else row["claim_sources"]
                ),
                confirm_sources=split_list(row["confirm_sources"]),
                claim_note="" if confirmed == date else _claim_note(row, confirmed),
                coord_source=row["coord_source"],
                region=region,
            )
        )
    return cells, without
