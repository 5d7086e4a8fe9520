"""Load the committed boundary layers and the gazetteer, cached, with their provenance."""

from __future__ import annotations

import copy
import csv
import functools
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import geopandas
import shapely

from geodata import LAYER_ORDER

DATA_DIR = Path(__file__).parent / "data"
PLACES_PATH = DATA_DIR / "places.csv"

# The layers in the order the maps stack them.
LAYER_NAMES = LAYER_ORDER
PLACE_COLUMNS = ("id", "name", "name_hy", "name_az", "lat", "lon", "kind", "admin", "source")
PLACE_KINDS = ("city", "town", "village", "bridge", "site", "capital")
_GAZETTEER_ATTRIBUTION = "Place coordinates: Wikipedia and GeoNames (see geodata/data/places.csv)"


class GeodataError(ValueError):
    """A committed data file is missing or malformed; the message names file, row and field."""


def layer_names() -> list[str]:
    """Return the names of the layers whose files are present, in display order.

    Returns
    -------
    list of str
        Names accepted by :func:`load_layer`.
    """
    return [name for name in LAYER_NAMES if (DATA_DIR / f"{name}.geojson").exists()]


@functools.cache
def _read_layer(name: str) -> tuple[geopandas.GeoDataFrame, dict[str, Any]]:
    path = DATA_DIR / f"{name}.geojson"
    try:
        collection = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GeodataError(
            f"{path} is missing: run `karabakh-dashboard build-geodata` to regenerate it"
        ) from None
    except json.JSONDecodeError as error:
        raise GeodataError(f"{path}: not valid JSON ({error})") from None
    features = collection.get("features")
    if collection.get("type") != "FeatureCollection" or not isinstance(features, list):
        raise GeodataError(f"{path}: expected a GeoJSON FeatureCollection")
    frame = geopandas.GeoDataFrame.from_features(features, crs="EPSG:4326")
    return frame, collection.get("provenance", {})


def _check_name(name: str) -> None:
    if name not in LAYER_NAMES:
        raise ValueError(f"unknown layer {name!r}; valid layers: {', '.join(LAYER_NAMES)}")


def load_layer(name: str) -> geopandas.GeoDataFrame:
    """Return one boundary layer in EPSG:4326.

    Files are read once and cached; each call returns a copy, so a caller that changes its
    frame cannot change what the next caller gets.

    Parameters
    ----------
    name : str
        One of :data:`LAYER_NAMES`.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per feature with the feature's properties as columns (``name``, ``name_hy``,
        ``name_az`` and, for the corridors and Shusha, ``part``).

    Raises
    ------
    ValueError
        If ``name`` is not a layer name (the message lists the valid ones).
    """
    _check_name(name)
    return _read_layer(name)[0].copy()


def provenance(name: str) -> dict[str, str]:
    """Return where a layer comes from: source, version, licence, attribution, method, accuracy.

    Parameters
    ----------
    name : str
        One of :data:`LAYER_NAMES`.

    Returns
    -------
    dict
        A copy of the file's ``provenance`` member.
    """
    _check_name(name)
    return copy.deepcopy(_read_layer(name)[1])


def attribution() -> list[str]:
    """Return one attribution line per data source, for the map and for exported snapshots.

    Returns
    -------
    list of str
        Distinct attribution texts of all present layers, in layer order, then the gazetteer's.
    """
    lines: list[str] = []
    for name in layer_names():
        for line in provenance(name).get("attribution", "").split("; "):
            if line and line not in lines:
                lines.append(line)
    if PLACES_PATH.exists():
        lines.append(_GAZETTEER_ATTRIBUTION)
    return lines


def read_table_rows(path: Path, columns: Iterable[str], what: str) -> list[dict[str, str]]:
    """Return the rows of one of the repository's CSV tables, checking its header.

    Parameters
    ----------
    path : pathlib.Path
        The table.
    columns : iterable of str
        Columns it must have.
    what : str
        What the table is, for the message when it is missing ("the gazetteer").

    Raises
    ------
    GeodataError
        When the file is missing or lacks a column.
    """
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise GeodataError(f"{path}:1: missing columns {', '.join(missing)}")
            return list(reader)
    except FileNotFoundError:
        raise GeodataError(f"{path} is missing: {what} is part of the repository") from None


@functools.cache
def _read_places(path: Path) -> geopandas.GeoDataFrame:
    rows = read_table_rows(path, PLACE_COLUMNS, "the gazetteer")
    problems = []
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        for column in ("id", "name", "name_hy", "name_az", "source"):
            if not (row[column] or "").strip():
                problems.append(f"{path}:{number}:{column}: empty")
        if row["id"] in seen:
            problems.append(f"{path}:{number}:id: duplicate id {row['id']!r}")
        seen.add(row["id"])
        if row["kind"] not in PLACE_KINDS:
            problems.append(
                f"{path}:{number}:kind: {row['kind']!r} is not one of {', '.join(PLACE_KINDS)}"
            )
        for column, limit in (("lat", 90.0), ("lon", 180.0)):
            try:
                value = float(row[column])
            except (TypeError, ValueError):
                problems.append(f"{path}:{number}:{column}: {row[column]!r} is not a number")
                continue
            if not -limit <= value <= limit:
                problems.append(f"{path}:{number}:{column}: {value} is out of range")
    if problems:
        raise GeodataError("invalid gazetteer:\n" + "\n".join(problems))
    frame = geopandas.GeoDataFrame(
        {
            column: [row[column] for row in rows]
            for column in PLACE_COLUMNS
            if column not in ("lat", "lon")
        },
        geometry=shapely.points([float(r["lon"]) for r in rows], [float(r["lat"]) for r in rows]),
        crs="EPSG:4326",
    )
    return frame


def load_places(path: Path | str | None = None) -> geopandas.GeoDataFrame:
    """Return the gazetteer of places of the war as points in EPSG:4326.

    Parameters
    ----------
    path : path-like, optional
        A gazetteer CSV with the columns of ``geodata/data/places.csv``; the committed one
        by default.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``id``, ``name``, ``name_hy``, ``name_az``, ``kind``, ``admin``, ``source``
        and point geometry, one row per place in file order.

    Raises
    ------
    GeodataError
        If the file is missing or a row is malformed; the message lists every problem as
        ``file:row:column: reason``.
    """
    return _read_places(Path(path) if path is not None else PLACES_PATH).copy()
