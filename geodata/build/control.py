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
it (its cell, ``geodata.build.control_cells``) out of the changes' regions: that land changes
hands on the settlement's own date, the claim's (``contested`` until confirmed) or the
handover's. Every piece of ground has one date of change, so the zones of any date tile the
study area and the Armenian-held area can only shrink.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import LineString, MultiLineString, Polygon
from shapely.geometry.base import BaseGeometry

from geodata import periods
from geodata.build.control_cells import SETTLEMENTS_CSV, Cell, settlement_cells
from geodata.build.control_files import Result, cell_zones, write, zone_feature
from geodata.build.control_grid import GRID, area_km2, difference, intersection, polygonal
from geodata.build.control_sources import (
    DATA_DIR,
    EVENTS_CSV,
    SOURCES_DIR,
    STATEMENT_URL,
    Change,
    ControlBuildError,
    date_changes,
    read_changes,
    read_points,
)
from geodata.build.settlements import district_shapes

FIRST_DAY = periods.ZONES_FIRST_DAY
CEASEFIRE_DAY = periods.CEASEFIRE_IN_FORCE
LAST_DAY = periods.AFTERMATH_END

BORDER_BAND = 0.001  # degree, about 100 m

# The seven districts around the former NKAO, by their ids in the districts layer.
SEVEN_DISTRICTS = ("aghdam", "fuzuli", "jabrayil", "zangilan", "qubadli", "lachin", "kalbajar")

# Vertices that close the Armenian side of the 1994 line: they lie outside the study area (in
# Armenia and Iran), so they only decide on which side of the line a point falls.
_CLOSURE_SOUTH_TO_NORTH = ((47.30, 38.60), (45.20, 38.60), (45.20, 40.60), (45.90, 40.60))

_POLYGON_MIN_POINTS = 3


# --- geometry --------------------------------------------------------------------------------


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
    study_area = polygonal(
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
    """Return the polygon west of the 1994 line, closed through points outside the study area."""
    return shapely.make_valid(Polygon([*line, *_CLOSURE_SOUTH_TO_NORTH]))


def _change_region(change: Change, held: BaseGeometry, inputs: Inputs, areas: dict) -> BaseGeometry:
    """Return the part of the Armenian-held area that ``change`` moves to Azerbaijani control."""
    if change.change == "aghdam_handover":
        # Point 2 of the statement: what was still held outside the former NKAO in the east.
        west = shapely.union_all(
            [inputs.districts["kalbajar"], inputs.districts["lachin"]], grid_size=GRID
        )
        region = difference(difference(held, inputs.nkao), west)
        return difference(region, inputs.corridor)
    parts = [Polygon(areas[name]) for name in change.areas]
    parts += [inputs.districts[name] for name in change.districts]
    region = intersection(held, shapely.union_all(parts, grid_size=GRID))
    if change.kind == "handover":
        region = difference(region, inputs.nkao)
    if change.kind == "handover" or change.change == "shusha_lachin_road":
        # The corridor stays with the Armenian side under the peacekeepers (point 6).
        region = difference(region, inputs.corridor)
    return region


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
    line_points = read_points(sources_dir / "contact_line_1994.csv", None)[""]
    areas = read_points(sources_dir / "advance_areas.csv", "area")
    changes = read_changes(sources_dir / "changes.csv")
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
        if len(points) < _POLYGON_MIN_POINTS or not Polygon(points).is_valid:
            raise ControlBuildError(
                f"{sources_dir / 'advance_areas.csv'}: area {name!r} is not a simple polygon "
                "(it needs at least 3 vertices, in order, with no crossing edges)"
            )
    date_changes(changes, events_csv)
    for change in changes:
        if not FIRST_DAY < change.date <= LAST_DAY:
            raise ControlBuildError(
                f"change {change.change!r}: date {change.date} lies outside {FIRST_DAY}..{LAST_DAY}"
            )

    held_1994 = intersection(inputs.study_area, _armenian_side(line_points))
    held = held_1994
    held_ceasefire = None
    for change in sorted(changes, key=lambda change: (change.date, change.order)):
        if held_ceasefire is None and change.date >= CEASEFIRE_DAY:
            held_ceasefire = held
        change.region = _change_region(change, held, inputs, areas)
        held = difference(held, change.region)
    held_ceasefire = held if held_ceasefire is None else held_ceasefire
    peacekeeping = held

    cells, without_cell = settlement_cells(
        settlements_csv, inputs.record_districts, held_1994, held_ceasefire, peacekeeping
    )
    taken = shapely.union_all([cell.region for cell in cells], grid_size=GRID)
    for change in changes:
        change.region = difference(change.region, taken)
    before_ceasefire = [c.region for c in [*changes, *cells] if c.date < CEASEFIRE_DAY]
    held_ceasefire = difference(held_1994, shapely.union_all(before_ceasefire, grid_size=GRID))

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
        zone_feature(
            "prewar-azerbaijani",
            "Held by Azerbaijan before the war",
            "azerbaijani",
            FIRST_DAY,
            LAST_DAY,
            line_precision,
            [wiki],
            difference(study_area, held_1994),
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
            zone_feature(
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
            zone_feature(
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
        zones += cell_zones(cell, line_precision, wiki)
    peacekeeping_label = "Nagorno-Karabakh held by Armenian forces, and the Lachin corridor"
    zones.append(
        zone_feature(
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
        zone_feature(
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


def build(out_dir: Path, settlements_csv: Path = SETTLEMENTS_CSV) -> None:
    """Build and write the control zones, the two lines of contact and the peacekeeping zone.

    Parameters
    ----------
    out_dir
        Folder holding the boundary layers; the four files are written there.
    settlements_csv
        The settlement record the zones are cut from; the committed one by default.
    """
    write(compute(Path(out_dir), settlements_csv=settlements_csv), Path(out_dir))


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: ``python -m geodata.build.control [--out-dir DIR]``."""
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
        f"{area_km2(result.held_1994):,.0f} km2, peacekeeping zone "
        f"{area_km2(result.peacekeeping):,.0f} km2"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
