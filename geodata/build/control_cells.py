"""Settlement cells of the control zones: the land each placed settlement speaks for, dated.

Each placed settlement of the settlement record (``geodata/data/settlements.csv``) takes the land
nearest to it: its Voronoi cell among all placed settlements, in EPSG:32638, within
``CELL_RADIUS_M`` and clipped to its district. That land changes hands on the settlement's own
date, the claim's (contested until confirmed) or the handover's.
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

SETTLEMENTS_CSV = DATA_DIR / "settlements.csv"
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


SETTLEMENT_COLUMNS = [
    "id",
    "name",
    "name_hy",
    "district",
    "lat",
    "lon",
    "coord_source",
    "claimed_on",
    "claimed_by",
    "claim_sources",
    "confirmed_on",
    "confirmed_by",
    "confirm_sources",
    "denied_by",
    "deny_sources",
    "handover_on",
    "handover_sources",
]


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
    row: pd.Series, point: Point, held_1994: BaseGeometry, peacekeeping: BaseGeometry
) -> str:
    """Say why a placed settlement moves no ground, or return "" when it takes its cell."""
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
    if not held_1994.contains(point):
        return (
            "the point lies in ground Azerbaijani-held before the war by the 1994 line as "
            "drawn: the line or the point is off there"
        )
    return ""


def _placed(settlements_csv: Path) -> tuple[pd.DataFrame, list[Point]]:
    """Read the placed settlements, in id order, with their points."""
    table = read_csv(settlements_csv, SETTLEMENT_COLUMNS)
    table = table[table["lat"] != ""].sort_values("id").reset_index(drop=True)
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
) -> tuple[list[Cell], dict[str, str]]:
    """Cut the cell of every placed settlement and date it; say why a settlement has none.

    A war claim's cell may take any ground that the changes move during the war or at a
    handover; a handover's only ground still held at the ceasefire (the handover says nothing
    about ground taken in the fighting). Neither touches the peacekeeping zone: the line of
    10 November and the corridor come from the statement, not from claims, and a settlement
    whose point lies inside it (or outside the Armenian-held side of the 1994 line) gets no cell.

    Parameters
    ----------
    settlements_csv
        The settlement record.
    districts
        Each district of the record (as the record names it) to its geometry.
    held_1994, held_ceasefire, peacekeeping
        The Armenian-held ground on 26 September, on 10 November and after 1 December.

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
        reason = _no_cell_reason(row, point, held_1994, peacekeeping)
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
