"""Writing the control build's four GeoJSON files, with their provenance."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from geodata import periods
from geodata.build.control_cells import CELL_RADIUS_M, Cell
from geodata.build.control_grid import area_km2
from geodata.build.control_sources import STATEMENT_URL, Change
from geodata.build.writer import write_text

FIRST_DAY = periods.ZONES_FIRST_DAY
CEASEFIRE_DAY = periods.CEASEFIRE_IN_FORCE
LAST_DAY = periods.AFTERMATH_END
ATTRIBUTION = (
    "Control zones and lines of contact: karabakh-dashboard, drawn from the dated event record "
    "and published reporting (approximate); boundaries Natural Earth and © OpenStreetMap "
    "contributors (ODbL)"
)


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


def zone_feature(
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
    """Return a control zone as a GeoJSON feature with its dates, precision and sources."""
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
        "area_km2": round(area_km2(geometry), 2),
    }
    properties.update(flags)
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def cell_zones(cell: Cell, line_precision: str, wiki: str) -> list[dict]:
    """Return the zones of one settlement's cell: Armenian-held, claimed (contested), confirmed.

    Parameters
    ----------
    cell
        The settlement's cell and its dates.
    line_precision, wiki
        Precision and source of the Armenian-held zone, the 1994 line's.

    Returns
    -------
    list of dict
        Zone features from ``FIRST_DAY`` to ``LAST_DAY``, one controller each day.
    """
    day = dt.timedelta(days=1)
    precision = (
        f"approximate: settlement cell, the land nearer to this settlement than to any other "
        f"placed one, at most {CELL_RADIUS_M / 1000:g} km from it, within {cell.district} "
        f"district; point from {cell.coord_source}"
    )
    zones = [
        zone_feature(
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
            zone_feature(
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
            zone_feature(
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
                        "area_km2": round(area_km2(result.peacekeeping), 1),
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
