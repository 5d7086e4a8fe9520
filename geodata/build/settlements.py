"""Merge the two researched parts of the settlement record into ``geodata/data/settlements.csv``.

Run as ``python -m geodata.build.settlements`` (also the step before the control zones in
``python -m geodata.build``). Inputs, in ``geodata/_sources/settlements/``: ``south.csv``
(written by ``build_south.py`` from ``south_claims.py`` and ``south_facts.py``) and
``north.csv``, each documented by its ``.md``; ``coordinates.csv`` places rows the parts left
unplaced, each value with its source. The districts layer checks every placed point.

Every row is checked before anything is written: unique ids, dates within the war
(27 September - 9 November 2020) or the handover period (to 1 December), an http(s) source for
every claim, confirmation, denial and handover, a ``coord_source`` for every placed row and an
``unplaced_reason`` for every other one. A bad value stops the build with a one-line message
naming file, row and field.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry import Point
from shapely.geometry.base import BaseGeometry

from geodata.build.geometry import METRIC_CRS
from geodata.build.settlement_rows import DISTRICT_UNITS, PACKAGE_SOURCE, is_url, row_errors
from geodata.build.writer import write_text

PACKAGE_DIR = Path(__file__).resolve().parents[1]
SOURCES_DIR = PACKAGE_DIR / "_sources" / "settlements"
DATA_DIR = PACKAGE_DIR / "data"
OUTPUT = DATA_DIR / "settlements.csv"
PARTS = ("south", "north")

COLUMNS = (
    "id",
    "name",
    "name_az",
    "name_hy",
    "other_names",
    "kind",
    "district",
    "lat",
    "lon",
    "coord_source",
    "unplaced_reason",
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
    "notes",
)
COORDINATE_COLUMNS = ("id", "lat", "lon", "coord_source", "note")
# The district outlines are Natural Earth's, generalised by about 1-2 km: a point up to this far
# outside its district is accepted (and counted in the report); farther means a wrong match.
DISTRICT_TOLERANCE_KM = 3.0


class SettlementBuildError(ValueError):
    """A part of the settlement record is missing or holds a bad value."""


@dataclass
class Report:
    """What the build found, for the command line and the record's notes."""

    rows: int
    placed: int
    by_source: dict[str, int]
    outside_district_km: dict[str, float]


def _read(path: Path, columns: tuple[str, ...]) -> list[dict[str, str]]:
    if not path.exists():
        raise SettlementBuildError(f"{path}: file not found; it is part of the settlement record")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise SettlementBuildError(f"{path}: not UTF-8; save the file as UTF-8") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if tuple(reader.fieldnames or ()) != columns:
        raise SettlementBuildError(f"{path}: header must be exactly: {','.join(columns)}")
    return list(reader)


def _apply_coordinates(rows: dict[str, dict[str, str]], path: Path) -> None:
    """Place rows the parts left unplaced, from ``coordinates.csv`` (one sourced value each)."""
    for number, extra in enumerate(_read(path, COORDINATE_COLUMNS), start=2):
        row = rows.get(extra["id"])
        if row is None:
            raise SettlementBuildError(
                f"{path}: row {number}, field id: no settlement {extra['id']!r}"
            )
        if row["lat"]:
            raise SettlementBuildError(
                f"{path}: row {number}, field id: {extra['id']!r} is already placed in its part"
            )
        row.update(lat=extra["lat"], lon=extra["lon"], coord_source=extra["coord_source"])
        row["unplaced_reason"] = ""
        if extra["note"]:
            row["notes"] = f"{row['notes']} {extra['note']}".strip()


def district_shapes(districts: gpd.GeoDataFrame) -> dict[str, BaseGeometry]:
    """Return each district of the record as one geometry cut from the districts layer.

    Parameters
    ----------
    districts : geopandas.GeoDataFrame
        The ``districts`` layer (EPSG:4326) with its ``id`` column.

    Returns
    -------
    dict
        District name as the record writes it (``"Fuzuli"``, ``"Tartar"``...) to its geometry.
    """
    shapes = {}
    for name, units in DISTRICT_UNITS.items():
        parts = districts[districts["id"].isin(units)]
        if len(set(parts["id"])) != len(units):
            raise SettlementBuildError(
                f"districts layer: missing unit(s) of {name}: {', '.join(units)}; rebuild it "
                "with `python -m geodata.build`"
            )
        shapes[name] = shapely.union_all(parts.geometry.values)
    return shapes


def _outside_km(rows: list[dict[str, str]], shapes: dict[str, BaseGeometry]) -> dict[str, float]:
    """Distance (km) of each placed row outside its district, for rows not inside it."""
    placed = [row for row in rows if row["lat"]]
    points = gpd.GeoSeries(
        [Point(float(row["lon"]), float(row["lat"])) for row in placed], crs="EPSG:4326"
    ).to_crs(METRIC_CRS)
    outlines = gpd.GeoSeries([shapes[row["district"]] for row in placed], crs="EPSG:4326")
    distances = points.distance(outlines.to_crs(METRIC_CRS)) / 1000
    return {
        row["id"]: round(float(km), 2) for row, km in zip(placed, distances, strict=True) if km > 0
    }


def _source_kind(source: str) -> str:
    if not source:
        return "unplaced"
    if PACKAGE_SOURCE.match(source) and not is_url(source.split(" ")[0]):
        return source.split(" ")[0] + " (registry package)"
    return "stored web page (Wikipedia article or copy)"


def merge(
    sources_dir: Path = SOURCES_DIR, districts_path: Path | None = None
) -> tuple[list[dict[str, str]], Report]:
    """Read, merge and check the parts of the settlement record.

    Parameters
    ----------
    sources_dir : pathlib.Path
        Folder holding ``south.csv``, ``north.csv`` and ``coordinates.csv``.
    districts_path : pathlib.Path, optional
        The districts layer used to check placed points; ``geodata/data/districts.geojson``
        by default.

    Returns
    -------
    tuple
        The rows sorted by district, then id, and a :class:`Report` of the counts.

    Raises
    ------
    SettlementBuildError
        On the first file with bad values; the message names file, row and field.
    """
    merged: dict[str, dict[str, str]] = {}
    origin: dict[str, str] = {}
    for part in PARTS:
        path = sources_dir / f"{part}.csv"
        for number, row in enumerate(_read(path, COLUMNS), start=2):
            if row["id"] in merged:
                raise SettlementBuildError(
                    f"{path}: row {number}, field id: {row['id']!r} is also in "
                    f"{origin[row['id']]}; keep the settlement in one part with all its sources"
                )
            merged[row["id"]] = row
            origin[row["id"]] = f"{part}.csv"
    _apply_coordinates(merged, sources_dir / "coordinates.csv")
    rows = sorted(merged.values(), key=lambda row: (row["district"], row["id"]))
    for row in rows:
        problems = row_errors(row)
        if problems:
            field, problem = problems[0]
            raise SettlementBuildError(
                f"{sources_dir / origin[row['id']]}: settlement {row['id']!r}, field {field}: "
                f"{problem}"
            )
    districts = gpd.read_file(districts_path or DATA_DIR / "districts.geojson").to_crs("EPSG:4326")
    outside = _outside_km(rows, district_shapes(districts))
    far = {key: km for key, km in outside.items() if km > DISTRICT_TOLERANCE_KM}
    if far:
        key, km = next(iter(far.items()))
        raise SettlementBuildError(
            f"{sources_dir / origin[key]}: settlement {key!r}, field lat: the point lies {km} km "
            f"outside its district ({merged[key]['district']}); a wrong match? Unplace it with "
            "its reason"
        )
    by_source: dict[str, int] = {}
    for row in rows:
        kind = _source_kind(row["coord_source"])
        by_source[kind] = by_source.get(kind, 0) + 1
    placed = sum(1 for row in rows if row["lat"])
    return rows, Report(len(rows), placed, dict(sorted(by_source.items())), outside)


def _csv_text(rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def build(
    out_path: Path = OUTPUT, sources_dir: Path = SOURCES_DIR, districts_path: Path | None = None
) -> Report:
    """Merge, check and write the settlement record; nothing is written if a check fails.

    Parameters
    ----------
    out_path : pathlib.Path
        Where to write the merged CSV (``geodata/data/settlements.csv`` by default).
    sources_dir : pathlib.Path
        Folder of the parts.
    districts_path : pathlib.Path, optional
        The districts layer that checks placed points; the committed one by default.

    Returns
    -------
    Report
        Rows, placed rows by source and the points outside their coarse district outline.
    """
    rows, report = merge(sources_dir, districts_path)
    write_text(Path(out_path), _csv_text(rows))
    return report


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: ``python -m geodata.build.settlements [--out PATH] [--sources DIR]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUTPUT, help="merged CSV to write")
    parser.add_argument("--sources", type=Path, default=SOURCES_DIR, help="folder of the parts")
    args = parser.parse_args(argv)
    try:
        report = build(args.out, args.sources)
    except SettlementBuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"{args.out}: {report.rows} settlements, {report.placed} placed")
    for kind, count in report.by_source.items():
        print(f"  {count:4d} {kind}")
    for key, km in report.outside_district_km.items():
        print(
            f"  {key}: {km} km outside its district outline (tolerance {DISTRICT_TOLERANCE_KM} km)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
