"""The control build's overlays: on a 1 m grid, polygons only, slivers dropped, areas in km²."""

from __future__ import annotations

import geopandas as gpd
import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

# 1e-5 degree is about 1 m: every overlay runs on this grid so that pieces share exact edges and
# the written coordinates are the same on every run.
GRID = 1e-5
AREA_CRS = "EPSG:6933"
MIN_PIECE_KM2 = 0.01


def area_km2(geometry: BaseGeometry) -> float:
    """Return the area of a lon/lat geometry in km² (equal-area EPSG:6933)."""
    return float(gpd.GeoSeries([geometry], crs="EPSG:4326").to_crs(AREA_CRS).area.iloc[0] / 1e6)


def polygonal(geometry: BaseGeometry) -> BaseGeometry:
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


def difference(a: BaseGeometry, b: BaseGeometry) -> BaseGeometry:
    """Return ``a`` minus ``b`` on the grid, as polygons without slivers."""
    return polygonal(shapely.difference(a, b, grid_size=GRID))


def intersection(a: BaseGeometry, b: BaseGeometry) -> BaseGeometry:
    """Return the part ``a`` and ``b`` share on the grid, as polygons without slivers."""
    return polygonal(shapely.intersection(a, b, grid_size=GRID))
