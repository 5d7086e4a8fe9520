"""Geometry helpers shared by the geodata tests: one feature or place, areas and metres."""

from __future__ import annotations

import geopandas
import shapely

import geodata

EQUAL_AREA = "EPSG:6933"
METRIC = "EPSG:32638"
#: The boundary layers the build writes and the map draws (rivers and zones aside).
BOUNDARY_LAYERS = (
    "countries",
    "districts",
    "nakhchivan",
    "karabakh",
    "shusha",
    "lachin_corridor",
    "nakhchivan_corridor",
)


def km2(geometry: shapely.Geometry) -> float:
    """Return the area of a WGS84 geometry in km², on an equal-area projection."""
    return float(geopandas.GeoSeries([geometry], crs="EPSG:4326").to_crs(EQUAL_AREA).area[0] / 1e6)


def metric(geometry: shapely.Geometry) -> shapely.Geometry:
    """Return a WGS84 geometry in metres (UTM 38N), for distances and buffers."""
    return geopandas.GeoSeries([geometry], crs="EPSG:4326").to_crs(METRIC).iloc[0]


def one(layer: str, **where: object) -> shapely.Geometry:
    """Return the geometry of the one feature of ``layer`` with the given column values."""
    frame = geodata.load_layer(layer)
    for column, value in where.items():
        frame = frame[frame[column] == value]
    assert len(frame) == 1, f"expected one {layer} feature with {where}, found {len(frame)}"
    return frame.geometry.iloc[0]


def place(place_id: str) -> shapely.Geometry:
    """Return a gazetteer place's point."""
    places = geodata.load_places().set_index("id")
    return places.loc[place_id, "geometry"]
