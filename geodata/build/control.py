"""Build the dated control zones, the lines of contact of 1994 and 2020 and the peacekeeping zone.

Run as ``python -m geodata.build.control`` (after the boundary layers exist) or as the last step
of ``python -m geodata.build``. Inputs: the hand-drawn coordinate files in
``geodata/_sources/control/`` (every vertex with its source), the boundary layers ``karabakh``,
``districts``, ``lachin_corridor`` and ``countries`` already in the output folder, and the
dates of the event record ``events/data/events.csv`` (read as a plain CSV: geodata does not
import events).

How the zones are drawn: the study area (the former NKAO and the seven districts around it) is
cut by the 1994 line into the Armenian-held and the Azerbaijani-held parts of 26 September 2020.
Each change, in date order, takes its region (an advance area, whole districts, or a rule) out of
what was still Armenian-held. What is left at the end is the peacekeeping zone. Then each placed
settlement of the settlement record (``geodata/data/settlements.csv``) takes the land nearest to
it (its Voronoi cell among all placed settlements, in EPSG:32638, within ``CELL_RADIUS_M`` and
clipped to its district) out of the changes' regions: that land changes hands on the
settlement's own date, the claim's (``contested`` until confirmed) or the handover's. Every piece
of ground has one date of change, so the zones of any date tile the study area and the
Armenian-held area can only shrink.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from shapely.geometry import LineString, MultiLineString, MultiPoint, Point, Polygon, mapping
from shapely.geometry.base import BaseGeometry

from geodata import periods
from geodata.build.settlements import district_shapes
from geodata.build.writer import write_text

PACKAGE_DIR = Path(__file__).resolve().parents[1]
SOURCES_DIR = PACKAGE_DIR / "_sources" / "control"
DATA_DIR = PACKAGE_DIR / "data"
EVENTS_CSV = PACKAGE_DIR.parent / "events" / "data" / "events.csv"
SETTLEMENTS_CSV = DATA_DIR / "settlements.csv"

FIRST_DAY = periods.ZONES_FIRST_DAY
CEASEFIRE_DAY = periods.CEASEFIRE_IN_FORCE
LAST_DAY = periods.AFTERMATH_END

# 1e-5 degree is about 1 m: every overlay runs on this grid so that pieces share exact edges and
# the written coordinates are the same on every run.
GRID = 1e-5
AREA_CRS = "EPSG:6933"
MIN_PIECE_KM2 = 0.01
BORDER_BAND = 0.001  # degree, about 100 m
METRIC_CRS = "EPSG:32638"
# How far a settlement speaks for the land around it. The announced villages share the
# Armenian-held part of their districts at 9-19 km2 each (mean about 12 km2, a disc of 2 km
# radius; geodata/SOURCES.md): a placed village is not allowed to speak for its unplaced
# neighbours' land beyond that, which stays with the advance areas.
CELL_RADIUS_M = 2_000.0

# The seven districts around the former NKAO, by their ids in the districts layer.
SEVEN_DISTRICTS = ("aghdam", "fuzuli", "jabrayil", "zangilan", "qubadli", "lachin", "kalbajar")

# Vertices that close the Armenian side of the 1994 line: they lie outside the study area (in
# Armenia and Iran), so they only decide on which side of the line a point falls.
_CLOSURE_SOUTH_TO_NORTH = ((47.30, 38.60), (45.20, 38.60), (45.20, 40.60), (45.90, 40.60))

STATEMENT_URL = "http://kremlin.ru/events/president/news/64384"
ATTRIBUTION = (
    "Control zones and lines of contact: karabakh-dashboard, drawn from the dated event record "
    "and published reporting (approximate); boundaries Natural Earth and © OpenStreetMap "
    "contributors (ODbL)"
)


class ControlBuildError(ValueError):
    """A source file of the control zones is missing or holds a bad value."""


@dataclass
class Change:
    """One dated change of control, read from ``changes.csv``."""

    order: int
    change: str
    label: str
    kind: str
    event_ids: tuple[str, ...]
    date: dt.date | None
    areas: tuple[str, ...]
    districts: tuple[str, ...]
    precision: str
    extra_sources: tuple[str, ...]
    sources: tuple[str, ...] = ()
    contested: bool = False
    claim_note: str = ""
    region: BaseGeometry | None = field(default=None, repr=False)


CHANGE_COLUMNS = [
    "order",
    "change",
    "label",
    "kind",
    "event_ids",
    "date",
    "areas",
    "districts",
    "precision",
    "extra_sources",
]


# --- reading the sources ---------------------------------------------------------------------


def _read_csv(path: Path, columns: Iterable[str]) -> pd.DataFrame:
    if not path.exists():
        raise ControlBuildError(f"{path}: file not found; it is part of the control-zone sources")
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        raise ControlBuildError(f"{path}: not a readable CSV file ({error})") from None
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise ControlBuildError(f"{path}: missing column(s) {', '.join(missing)}")
    return table


def _parse_date(text: str, path: Path, row: int, column: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ControlBuildError(
            f"{path}:{row}:{column}: {text!r} is not a date; write it as YYYY-MM-DD"
        ) from None


def _parse_float(text: str, path: Path, row: int, column: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ControlBuildError(f"{path}:{row}:{column}: {text!r} is not a number") from None


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split("|") if part.strip())


def _read_points(path: Path, key: str | None) -> dict[str, list[tuple[float, float]]]:
    """Read ``seq,lon,lat,source`` vertices, grouped by ``key`` (one group if ``key`` is None)."""
    columns = ["seq", "lon", "lat", "source"] + ([key] if key else [])
    table = _read_csv(path, columns)
    groups: dict[str, list[tuple[int, float, float]]] = {}
    for index, row in table.iterrows():
        line = int(index) + 2  # header is line 1
        lon = _parse_float(row["lon"], path, line, "lon")
        lat = _parse_float(row["lat"], path, line, "lat")
        if not (44.0 <= lon <= 48.5 and 38.0 <= lat <= 41.5):
            raise ControlBuildError(
                f"{path}:{line}:lon/lat: ({lon}, {lat}) lies outside the South Caucasus; "
                "check the order (lon first, then lat)"
            )
        if not row["source"].strip():
            raise ControlBuildError(f"{path}:{line}:source: every vertex needs its source")
        seq = int(_parse_float(row["seq"], path, line, "seq"))
        groups.setdefault(row[key] if key else "", []).append((seq, lon, lat))
    return {name: [(lon, lat) for _, lon, lat in sorted(points)] for name, points in groups.items()}


def _read_changes(path: Path) -> list[Change]:
    table = _read_csv(path, CHANGE_COLUMNS)
    changes = []
    for index, row in table.iterrows():
        line = int(index) + 2
        if row["kind"] not in ("capture", "handover"):
            raise ControlBuildError(f"{path}:{line}:kind: {row['kind']!r}; use capture|handover")
        event_ids = _split(row["event_ids"])
        if bool(event_ids) == bool(row["date"].strip()):
            raise ControlBuildError(
                f"{path}:{line}:date: give either event_ids (the record dates the change) or a "
                "date (only for a change the record has no event for), not both or neither"
            )
        changes.append(
            Change(
                order=int(_parse_float(row["order"], path, line, "order")),
                change=row["change"],
                label=row["label"],
                kind=row["kind"],
                event_ids=event_ids,
                date=None if event_ids else _parse_date(row["date"], path, line, "date"),
                areas=_split(row["areas"]),
                districts=_split(row["districts"]),
                precision=row["precision"],
                extra_sources=_split(row["extra_sources"]),
            )
        )
    return sorted(changes, key=lambda change: change.order)


# --- dates from the event record -------------------------------------------------------------


def _date_changes(changes: list[Change], events_csv: Path) -> None:
    """Take each change's date, sources and claim status from the events it names in the record.

    The earliest of a change's events gives its date: for a capture that one side claimed and
    the other denied, this is the claim's date, and the change is marked contested. A change
    without events keeps the date written in ``changes.csv``.
    """
    needed = {event_id for change in changes for event_id in change.event_ids}
    events = pd.DataFrame(columns=["id"])
    if needed:
        if not events_csv.exists():
            raise ControlBuildError(
                f"{events_csv}: not found; the control zones take their dates from the record"
            )
        events = _read_csv(
            events_csv, ["id", "date", "status", "claimed_by", "denied_by", "sources"]
        )
    by_id = {row["id"]: row for _, row in events.iterrows()}
    for change in changes:
        missing = [event_id for event_id in change.event_ids if event_id not in by_id]
        if missing:
            raise ControlBuildError(
                f"{events_csv}: change {change.change!r} names event(s) {', '.join(missing)} "
                "that the record does not hold; fix event_ids in changes.csv"
            )
        rows = sorted((by_id[event_id] for event_id in change.event_ids), key=lambda r: r["date"])
        sources = [source for row in rows for source in _split(row["sources"])]
        change.sources = tuple(dict.fromkeys([*sources, *change.extra_sources]))
        if not rows:
            continue
        first = rows[0]
        change.date = dt.date.fromisoformat(first["date"])
        claimed_by = first.get("claimed_by", "").strip()
        denied_by = first.get("denied_by", "").strip()
        change.contested = first.get("status", "") in ("claimed", "disputed") or bool(denied_by)
        if change.contested:
            denial = f", denied by {denied_by}" if denied_by else ""
            change.claim_note = (
                f"contested: dated by the claim of {claimed_by or 'one side'} "
                f"({first['id']}, {first['status']}{denial})"
            )


# --- geometry --------------------------------------------------------------------------------


def _polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """Keep only the polygons of an overlay result and drop slivers below ``MIN_PIECE_KM2``."""
    parts = [
        part
        for part in shapely.get_parts(geometry)
        if isinstance(part, Polygon) and not part.is_empty
    ]
    if not parts:
        return Polygon()
    areas = gpd.GeoSeries(parts, crs="EPSG:4326").to_crs(AREA_CRS).area / 1e6
    kept = [part for part, area in zip(parts, areas, strict=True) if area >= MIN_PIECE_KM2]
    return shapely.union_all(kept, grid_size=GRID) if kept else Polygon()


def _difference(a: BaseGeometry, b: BaseGeometry) -> BaseGeometry:
    return _polygonal(shapely.difference(a, b, grid_size=GRID))


def _intersection(a: BaseGeometry, b: BaseGeometry) -> BaseGeometry:
    return _polygonal(shapely.intersection(a, b, grid_size=GRID))


def _area_km2(geometry: BaseGeometry) -> float:
    return float(gpd.GeoSeries([geometry], crs="EPSG:4326").to_crs(AREA_CRS).area.iloc[0] / 1e6)


def _load_layer(out_dir: Path, name: str) -> gpd.GeoDataFrame:
    path = out_dir / f"{name}.geojson"
    if not path.exists():
        raise ControlBuildError(
            f"{path}: not found. The control zones are cut from the boundary layers: build "
            "them first with `python -m geodata.build` (which runs this step last)."
        )
    return gpd.read_file(path).to_crs("EPSG:4326")


def _districts_by_id(districts: gpd.GeoDataFrame, path: Path) -> dict[str, BaseGeometry]:
    by_id = {}
    for district_id in SEVEN_DISTRICTS:
        rows = districts[districts["id"] == district_id]
        if rows.empty:
            raise ControlBuildError(
                f"{path}: no district with id {district_id!r}; the control zones need the seven "
                f"districts {', '.join(SEVEN_DISTRICTS)} under these ids"
            )
        by_id[district_id] = shapely.union_all(rows.geometry.values, grid_size=GRID)
    return by_id


@dataclass
class Inputs:
    """The boundary geometries the zones are cut from."""

    study_area: BaseGeometry
    nkao: BaseGeometry
    districts: dict[str, BaseGeometry]
    corridor: BaseGeometry
    foreign_borders: BaseGeometry
    record_districts: dict[str, BaseGeometry]


def _inputs(out_dir: Path) -> Inputs:
    districts_layer = _load_layer(out_dir, "districts")
    districts = _districts_by_id(districts_layer, out_dir / "districts.geojson")
    try:
        record_districts = district_shapes(districts_layer)
    except ValueError as error:
        raise ControlBuildError(f"{out_dir / 'districts.geojson'}: {error}") from None
    nkao = shapely.union_all(_load_layer(out_dir, "karabakh").geometry.values, grid_size=GRID)
    corridor_layer = _load_layer(out_dir, "lachin_corridor")
    corridor_rows = corridor_layer[corridor_layer.get("part") == "corridor"]
    if corridor_rows.empty:
        raise ControlBuildError(
            f"{out_dir / 'lachin_corridor.geojson'}: no feature with part='corridor'"
        )
    corridor = shapely.union_all(corridor_rows.geometry.values, grid_size=GRID)
    study_area = shapely.union_all([nkao, *districts.values()], grid_size=GRID)
    # Holes left between coarse district outlines are filled: the study area is one territory.
    study_area = _polygonal(
        shapely.union_all(
            [Polygon(part.exterior) for part in shapely.get_parts(study_area)], grid_size=GRID
        )
    )
    countries = _load_layer(out_dir, "countries")
    azerbaijan = countries[countries["name"] == "Azerbaijan"]
    if azerbaijan.empty:
        raise ControlBuildError(f"{out_dir / 'countries.geojson'}: no feature named 'Azerbaijan'")
    # Azerbaijan's outline, widened a little: a held area's edge along it faces Armenia or Iran,
    # not the other side's forces, so it is no line of contact.
    foreign_borders = shapely.union_all(azerbaijan.geometry.values).boundary.buffer(BORDER_BAND)
    return Inputs(study_area, nkao, districts, corridor, foreign_borders, record_districts)


def _armenian_side(line: list[tuple[float, float]]) -> Polygon:
    """The polygon west of the 1994 line, closed through points outside the study area."""
    return shapely.make_valid(Polygon([*line, *_CLOSURE_SOUTH_TO_NORTH]))


def _change_region(change: Change, held: BaseGeometry, inputs: Inputs, areas: dict) -> BaseGeometry:
    """The part of the still Armenian-held area that ``change`` moves to Azerbaijani control."""
    if change.change == "aghdam_handover":
        # Point 2 of the statement: what was still held outside the former NKAO in the east.
        west = shapely.union_all(
            [inputs.districts["kalbajar"], inputs.districts["lachin"]], grid_size=GRID
        )
        region = _difference(_difference(held, inputs.nkao), west)
        return _difference(region, inputs.corridor)
    parts = [Polygon(areas[name]) for name in change.areas]
    parts += [inputs.districts[name] for name in change.districts]
    region = _intersection(held, shapely.union_all(parts, grid_size=GRID))
    if change.kind == "handover":
        region = _difference(region, inputs.nkao)
    if change.kind == "handover" or change.change == "shusha_lachin_road":
        # The corridor stays with the Armenian side under the peacekeepers (point 6).
        region = _difference(region, inputs.corridor)
    return region


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
    """The district, widened to reach ``point`` where the coarse outline leaves it outside.

    The outlines are Natural Earth's, generalised by about 1-2 km; a village that sources place
    in the district but that falls just outside its outline still speaks for its own ground.
    """
    if district.contains(point):
        return district
    metric = gpd.GeoSeries([district, point], crs="EPSG:4326").to_crs(METRIC_CRS)
    reach = metric.iloc[0].distance(metric.iloc[1]) + 10.0
    widened = gpd.GeoSeries([metric.iloc[0].buffer(reach, quad_segs=16)], crs=METRIC_CRS)
    return widened.to_crs("EPSG:4326").iloc[0]


def _settlement_cells(
    settlements_csv: Path,
    inputs: Inputs,
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
    """
    table = _read_csv(settlements_csv, SETTLEMENT_COLUMNS)
    table = table[table["lat"] != ""].sort_values("id").reset_index(drop=True)
    if table.empty:
        return [], {}
    points = []
    for index, row in table.iterrows():
        line = int(index) + 2
        lat = _parse_float(row["lat"], settlements_csv, line, "lat")
        points.append(Point(_parse_float(row["lon"], settlements_csv, line, "lon"), lat))
    if len({(point.x, point.y) for point in points}) != len(points):
        raise ControlBuildError(
            f"{settlements_csv}: two settlements share the same coordinates; a cell needs its own "
            "point (check coord_source of the rows with equal lat/lon)"
        )
    claimable = _difference(held_1994, peacekeeping)
    handed_over = _difference(held_ceasefire, peacekeeping)
    cells, without = [], {}
    for (_, row), point, voronoi in zip(
        table.iterrows(), points, _voronoi_cells(points), strict=True
    ):
        line = int(row.name) + 2
        if row["confirmed_on"] == "never":
            without[row["id"]] = (
                f"claimed on {row['claimed_on']} but never confirmed and reported to have stayed "
                "Armenian-held: its land follows the advance areas and the 10 November line"
            )
            continue
        if peacekeeping.contains(point):
            without[row["id"]] = (
                f"claimed on {row['claimed_on']}, but the point lies in the peacekeeping zone "
                "(Armenian-held on 10 November by the line drawn from the statement): the claim "
                "is kept in the record and moves no ground"
            )
            continue
        if not held_1994.contains(point):
            without[row["id"]] = (
                "the point lies in ground Azerbaijani-held before the war by the 1994 line as "
                "drawn: the line or the point is off there"
            )
            continue
        handover = row["handover_on"].strip()
        date = _parse_date(handover or row["claimed_on"], settlements_csv, line, "claimed_on")
        confirmed = date if handover else None
        if not handover and row["confirmed_on"]:
            confirmed = max(
                date, _parse_date(row["confirmed_on"], settlements_csv, line, "confirmed_on")
            )
        allowed = handed_over if handover else claimable
        district = _district_around(inputs.record_districts[row["district"]], point)
        region = _intersection(_intersection(voronoi, district), allowed)
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
                claim_sources=_split(row["handover_sources"] if handover else row["claim_sources"]),
                confirm_sources=_split(row["confirm_sources"]),
                claim_note="" if confirmed == date else _claim_note(row, confirmed),
                coord_source=row["coord_source"],
                region=region,
            )
        )
    return cells, without


@dataclass
class Result:
    """Everything the build writes, kept in memory so tests can check it before writing."""

    zones: list[dict]
    study_area: BaseGeometry
    held_1994: BaseGeometry
    held_ceasefire: BaseGeometry
    peacekeeping: BaseGeometry
    line_1994: BaseGeometry
    line_2020: BaseGeometry
    changes: list[Change]
    cells: list[Cell]
    without_cell: dict[str, str]


def compute(
    out_dir: Path,
    sources_dir: Path = SOURCES_DIR,
    events_csv: Path = EVENTS_CSV,
    settlements_csv: Path = SETTLEMENTS_CSV,
) -> Result:
    """Cut the study area into dated zones.

    Parameters
    ----------
    out_dir
        Folder holding the boundary layers ``karabakh``, ``districts``, ``lachin_corridor``
        and ``countries``.
    sources_dir
        Folder of the hand-drawn coordinate files and ``changes.csv``.
    events_csv
        The event record, read for capture dates and their claim status.
    settlements_csv
        The settlement record; each placed settlement's cell changes hands on its own date.

    Returns
    -------
    Result
        The zones (GeoJSON-ready dicts) and the intermediate geometries.
    """
    inputs = _inputs(out_dir)
    line_points = _read_points(sources_dir / "contact_line_1994.csv", None)[""]
    areas = _read_points(sources_dir / "advance_areas.csv", "area")
    changes = _read_changes(sources_dir / "changes.csv")
    for change in changes:
        unknown = [name for name in change.areas if name not in areas]
        if unknown:
            raise ControlBuildError(
                f"{sources_dir / 'changes.csv'}: change {change.change!r} names unknown area(s) "
                f"{', '.join(unknown)}; define them in advance_areas.csv"
            )
        unknown = [name for name in change.districts if name not in SEVEN_DISTRICTS]
        if unknown:
            raise ControlBuildError(
                f"{sources_dir / 'changes.csv'}: change {change.change!r} names district(s) "
                f"{', '.join(unknown)}; use the ids {', '.join(SEVEN_DISTRICTS)}"
            )
    for name, points in areas.items():
        if len(points) < 3 or not Polygon(points).is_valid:
            raise ControlBuildError(
                f"{sources_dir / 'advance_areas.csv'}: area {name!r} is not a simple polygon "
                "(it needs at least 3 vertices, in order, with no crossing edges)"
            )
    _date_changes(changes, events_csv)
    for change in changes:
        if not FIRST_DAY < change.date <= LAST_DAY:
            raise ControlBuildError(
                f"change {change.change!r}: date {change.date} lies outside {FIRST_DAY}..{LAST_DAY}"
            )

    held_1994 = _intersection(inputs.study_area, _armenian_side(line_points))
    held = held_1994
    held_ceasefire = None
    for change in sorted(changes, key=lambda change: (change.date, change.order)):
        if held_ceasefire is None and change.date >= CEASEFIRE_DAY:
            held_ceasefire = held
        change.region = _change_region(change, held, inputs, areas)
        held = _difference(held, change.region)
    held_ceasefire = held if held_ceasefire is None else held_ceasefire
    peacekeeping = held

    cells, without_cell = _settlement_cells(
        settlements_csv, inputs, held_1994, held_ceasefire, peacekeeping
    )
    taken = shapely.union_all([cell.region for cell in cells], grid_size=GRID)
    for change in changes:
        change.region = _difference(change.region, taken)
    before_ceasefire = [c.region for c in [*changes, *cells] if c.date < CEASEFIRE_DAY]
    held_ceasefire = _difference(held_1994, shapely.union_all(before_ceasefire, grid_size=GRID))

    zones = _zones(inputs.study_area, held_1994, peacekeeping, changes, cells)
    line_1994 = shapely.difference(held_1994.boundary, inputs.foreign_borders, grid_size=GRID)
    line_2020 = shapely.difference(held_ceasefire.boundary, inputs.foreign_borders, grid_size=GRID)
    return Result(
        zones=zones,
        study_area=inputs.study_area,
        held_1994=held_1994,
        held_ceasefire=held_ceasefire,
        peacekeeping=peacekeeping,
        line_1994=_lines(line_1994),
        line_2020=_lines(line_2020),
        changes=changes,
        cells=cells,
        without_cell=without_cell,
    )


def _lines(geometry: BaseGeometry) -> BaseGeometry:
    parts = [part for part in shapely.get_parts(geometry) if isinstance(part, LineString)]
    return shapely.line_merge(MultiLineString(parts)) if parts else MultiLineString()


def _zone(
    zone_id: str,
    label: str,
    controller: str,
    valid_from: dt.date,
    valid_to: dt.date,
    precision: str,
    sources: Iterable[str],
    geometry: BaseGeometry,
    **flags: object,
) -> dict:
    properties = {
        "id": zone_id,
        "label": label,
        "controller": controller,
        "valid_from": valid_from.isoformat(),
        "valid_to": valid_to.isoformat(),
        "precision": precision,
        "approximate": precision.startswith(("approximate", "district-level")),
        "contested": False,
        "peacekeeping": False,
        "change": "",
        "settlement": "",
        "event_ids": "",
        "sources": " | ".join(sources),
        "area_km2": round(_area_km2(geometry), 2),
    }
    properties.update(flags)
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def _zones(
    study_area: BaseGeometry,
    held_1994: BaseGeometry,
    peacekeeping: BaseGeometry,
    changes: list[Change],
    cells: list[Cell],
) -> list[dict]:
    day = dt.timedelta(days=1)
    line_precision = "approximate: 1994 line of contact traced from known positions, about 3-5 km"
    wiki = (
        "https://en.wikipedia.org/wiki/Armenian-occupied_territories_surrounding_Nagorno-Karabakh"
    )
    zones = [
        _zone(
            "prewar-azerbaijani",
            "Held by Azerbaijan before the war",
            "azerbaijani",
            FIRST_DAY,
            LAST_DAY,
            line_precision,
            [wiki],
            _difference(study_area, held_1994),
        )
    ]
    for change in sorted(changes, key=lambda change: (change.date, change.order)):
        if change.region is None or change.region.is_empty:
            continue
        precision = change.precision + (f"; {change.claim_note}" if change.claim_note else "")
        shared = {
            "change": change.change,
            "event_ids": " | ".join(change.event_ids),
            "contested": change.contested,
        }
        zones.append(
            _zone(
                f"{change.change}-armenian",
                change.label,
                "armenian",
                FIRST_DAY,
                change.date - day,
                line_precision,
                [wiki],
                change.region,
                change=change.change,
            )
        )
        zones.append(
            _zone(
                f"{change.change}-azerbaijani",
                change.label,
                "azerbaijani",
                change.date,
                LAST_DAY,
                precision,
                change.sources,
                change.region,
                **shared,
            )
        )
    for cell in sorted(cells, key=lambda cell: (cell.date, cell.settlement)):
        zones += _cell_zones(cell, line_precision, wiki)
    peacekeeping_label = "Nagorno-Karabakh held by Armenian forces, and the Lachin corridor"
    zones.append(
        _zone(
            "peacekeeping-armenian-war",
            peacekeeping_label,
            "armenian",
            FIRST_DAY,
            CEASEFIRE_DAY - day,
            line_precision,
            [wiki],
            peacekeeping,
        )
    )
    zones.append(
        _zone(
            "peacekeeping-armenian",
            peacekeeping_label + " (Russian peacekeepers)",
            "armenian",
            CEASEFIRE_DAY,
            LAST_DAY,
            "approximate: what Armenian forces still held on 10 Nov inside the former NKAO, plus "
            "the 5 km Lachin corridor",
            [STATEMENT_URL],
            peacekeeping,
            peacekeeping=True,
        )
    )
    return zones


def _cell_zones(cell: Cell, line_precision: str, wiki: str) -> list[dict]:
    """The zones of one settlement's cell: Armenian-held, claimed (contested), confirmed."""
    day = dt.timedelta(days=1)
    precision = (
        f"approximate: settlement cell, the land nearer to this settlement than to any other "
        f"placed one, at most {CELL_RADIUS_M / 1000:g} km from it, within {cell.district} "
        f"district; point from {cell.coord_source}"
    )
    zones = [
        _zone(
            f"settlement-{cell.settlement}-armenian",
            cell.label,
            "armenian",
            FIRST_DAY,
            cell.date - day,
            line_precision,
            [wiki],
            cell.region,
            settlement=cell.settlement,
        )
    ]
    confirmed = cell.confirmed if cell.confirmed and cell.confirmed <= LAST_DAY else None
    if confirmed is None or confirmed > cell.date:
        zones.append(
            _zone(
                f"settlement-{cell.settlement}-claimed",
                cell.label,
                "azerbaijani",
                cell.date,
                (confirmed - day) if confirmed else LAST_DAY,
                f"{precision}; {cell.claim_note}",
                cell.claim_sources,
                cell.region,
                contested=True,
                settlement=cell.settlement,
            )
        )
    if confirmed is not None:
        zones.append(
            _zone(
                f"settlement-{cell.settlement}-azerbaijani",
                cell.label,
                "azerbaijani",
                confirmed,
                LAST_DAY,
                precision,
                dict.fromkeys([*cell.claim_sources, *cell.confirm_sources]),
                cell.region,
                settlement=cell.settlement,
            )
        )
    return zones


# --- writing ---------------------------------------------------------------------------------


def _provenance(method: str, accuracy: str, sources: str) -> dict:
    return {
        "source": sources,
        "version": "built by geodata/build/control.py from geodata/_sources/control/",
        "licence": (
            "project licence for our lines, areas and dates; cut from the districts layer, "
            "whose outer borders are OpenStreetMap-derived: ODbL 1.0 applies to the zones "
            "as a derived database"
        ),
        "attribution": ATTRIBUTION,
        "method": method,
        "accuracy": accuracy,
    }


def _collection(features: list[dict], provenance: dict) -> dict:
    return {
        "type": "FeatureCollection",
        "provenance": provenance,
        "features": [
            {
                "type": "Feature",
                "properties": feature["properties"],
                "geometry": _rounded(mapping(feature["geometry"])),
            }
            for feature in features
        ],
    }


def _rounded(value: object) -> object:
    if isinstance(value, float):
        return round(value, 5)
    if isinstance(value, list | tuple):
        return [_rounded(item) for item in value]
    if isinstance(value, dict):
        return {key: _rounded(item) for key, item in value.items()}
    return value


def _write_json(path: Path, content: dict) -> None:
    text = json.dumps(content, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    write_text(path, text + "\n")


def write(result: Result, out_dir: Path) -> None:
    """Write the four GeoJSON files of ``result`` into ``out_dir``."""
    record = (
        "events/data/events.csv (capture dates and claims); geodata/data/settlements.csv "
        "(settlement claims, confirmations and handovers); "
        + ", ".join(sorted({source for change in result.changes for source in change.sources}))
    )
    provenance = _provenance(
        "The study area (former NKAO and the seven districts) is cut by the 1994 line; each "
        "dated change then takes its region (advance area, districts) out of the Armenian-held "
        "remainder. Each placed settlement of geodata/data/settlements.csv then takes the land "
        "nearest to it (its Voronoi cell among the placed settlements in EPSG:32638, at most "
        f"{CELL_RADIUS_M / 1000:g} km away, clipped to its district, outside the peacekeeping "
        "zone) out of those regions; that land changes hands on the settlement's claim date "
        "(contested until confirmed) or handover date. Every piece of ground has one date, so "
        "the zones of a date tile the study area.",
        "approximate: settlement cells about 1-2 km (the coordinates, the cell radius); "
        "advance areas about 5-10 km, district-level where the record only names districts; "
        "see each zone's precision",
        record,
    )
    # Placed settlements that move no ground, and why: the test of the record reads this.
    provenance["settlements_without_cell"] = dict(sorted(result.without_cell.items()))
    _write_json(out_dir / "control_zones.geojson", _collection(result.zones, provenance))
    line_sources = (
        "https://en.wikipedia.org/wiki/Armenian-occupied_territories_surrounding_Nagorno-Karabakh"
        " | https://en.wikipedia.org/wiki/Madagiz_offensive"
    )
    _write_json(
        out_dir / "contact_line_1994.geojson",
        _collection(
            [
                {
                    "properties": {
                        "name": "Line of contact, 1994-2020",
                        "name_hy": "Shp'man gits, 1994-2020",
                        "name_az": "Temas xetti, 1994-2020",
                        "valid_from": "1994-05-12",
                        "valid_to": FIRST_DAY.isoformat(),
                        "precision": "approximate: traced from known positions, about 3-5 km",
                        "sources": line_sources,
                    },
                    "geometry": result.line_1994,
                }
            ],
            _provenance(
                "Edge of the Armenian-held zone of 26 September 2020, without its stretches "
                "along the borders of Armenia and Iran. Inside the study area it is the "
                "polyline through the positions of geodata/_sources/control/"
                "contact_line_1994.csv; in the north it follows the district boundary along "
                "the Murovdag ridge.",
                "approximate: about 3-5 km",
                line_sources,
            ),
        ),
    )
    _write_json(
        out_dir / "contact_line_2020.geojson",
        _collection(
            [
                {
                    "properties": {
                        "name": "Line of contact at the ceasefire, 10 November 2020",
                        "name_hy": "Shp'man gits, 10 noyemberi 2020",
                        "name_az": "Temas xetti, 10 noyabr 2020",
                        "valid_from": CEASEFIRE_DAY.isoformat(),
                        "valid_to": LAST_DAY.isoformat(),
                        "precision": "approximate: edge of the Armenian-held zones of 10 Nov",
                        "sources": STATEMENT_URL,
                    },
                    "geometry": result.line_2020,
                }
            ],
            _provenance(
                "Edge of the Armenian-held zones of 10 November 2020 (point 1 of the "
                "statement: the sides stay in the positions they hold), without its stretches "
                "along the borders of Armenia and Iran.",
                "approximate: about 5-10 km",
                STATEMENT_URL,
            ),
        ),
    )
    _write_json(
        out_dir / "peacekeeping_zone.geojson",
        _collection(
            [
                {
                    "properties": {
                        "name": "Russian peacekeeping zone",
                        # How each side names it: the peacekeepers' zone of operation, and
                        # the area of their temporary deployment.
                        "name_hy": "Rus khaghaghapahneri gortsuneutyan gotti",
                        "name_az": "Rusiya sulhmeramlilarinin muveqqeti yerlesdiyi erazi",
                        "controller": "armenian",
                        "peacekeeping": True,
                        "valid_from": CEASEFIRE_DAY.isoformat(),
                        "area_km2": round(_area_km2(result.peacekeeping), 1),
                        "precision": "approximate: the Armenian-held part of the former NKAO "
                        "on 10 Nov plus the Lachin corridor",
                        "sources": STATEMENT_URL,
                    },
                    "geometry": result.peacekeeping,
                }
            ],
            _provenance(
                "What Armenian forces held inside the former NKAO on 10 November 2020, plus the "
                "5 km Lachin corridor (points 3, 4 and 6 of the statement): the part of the "
                "study area still Armenian-held after the last handover on 1 December.",
                "approximate: about 5-10 km along the 10 November line",
                STATEMENT_URL,
            ),
        ),
    )


def build(out_dir: Path) -> None:
    """Build and write the control zones, the two lines of contact and the peacekeeping zone.

    Parameters
    ----------
    out_dir
        Folder holding the boundary layers; the four files are written there.
    """
    write(compute(Path(out_dir)), Path(out_dir))


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: ``python -m geodata.build_control [--out-dir DIR]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", type=Path, default=DATA_DIR, help="boundary layers folder")
    args = parser.parse_args(argv)
    try:
        result = compute(args.out_dir)
        write(result, args.out_dir)
    except ControlBuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(
        f"control zones written to {args.out_dir}: Armenian-held on {FIRST_DAY} "
        f"{_area_km2(result.held_1994):,.0f} km2, peacekeeping zone "
        f"{_area_km2(result.peacekeeping):,.0f} km2"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
