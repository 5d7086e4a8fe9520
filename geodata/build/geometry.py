"""Geometry helpers of the build: metric projection, tiling units into outlines, features."""

from __future__ import annotations

from typing import Any

import numpy as np
import pyproj
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping
from shapely.geometry.base import BaseGeometry

# Coverage simplification, in metres north-south (applied in degrees, see simplify_coverage):
# below the width of a village, far below what a map of the region shows, and it keeps all
# committed geodata well under 3 MB.
SIMPLIFY_TOLERANCE_M = 120.0
METRES_PER_DEGREE = 111_320.0
# Written coordinates: 5 decimals is about 1 m, far below the simplification tolerance, and
# coarse rounding could make a polygon touch itself.
COORDINATE_DECIMALS = 5
METRIC_CRS = "EPSG:32638"


class GeodataBuildError(RuntimeError):
    """A source package is missing, altered, or no longer has the expected content."""


def to_metric(geometry: BaseGeometry) -> BaseGeometry:
    """Return ``geometry`` from lon/lat to UTM zone 38N metres."""
    transformer = pyproj.Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True)
    return shapely.transform(geometry, lambda xy: np.column_stack(transformer.transform(*xy.T)))


def to_lonlat(geometry: BaseGeometry) -> BaseGeometry:
    """Return ``geometry`` from UTM zone 38N metres to lon/lat."""
    transformer = pyproj.Transformer.from_crs(METRIC_CRS, "EPSG:4326", always_xy=True)
    return shapely.transform(geometry, lambda xy: np.column_stack(transformer.transform(*xy.T)))


def polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """Keep only the polygon parts of an overlay result (overlays can leave stray lines)."""
    if isinstance(geometry, Polygon | MultiPolygon):
        return geometry
    polygons = [g for g in getattr(geometry, "geoms", []) if isinstance(g, Polygon | MultiPolygon)]
    return shapely.union_all(polygons) if polygons else Polygon()


def partition(whole: BaseGeometry, units: dict[str, BaseGeometry]) -> dict[str, BaseGeometry]:
    """Fit units from one source exactly into an outline from another.

    Natural Earth's units and the OpenStreetMap outline disagree by up to a few km along the
    borders. Each unit is clipped to the outline; each gap between the clipped units and the
    outline goes to the nearest unit (Voronoi cells of points along the unit boundaries).
    :func:`tile` then makes the shared edges exact.
    """
    clipped = {slug: polygonal(geometry.intersection(whole)) for slug, geometry in units.items()}
    gaps = polygonal(whole.difference(shapely.union_all(list(clipped.values()))))
    near_gaps = gaps.buffer(0.05)
    seeds: dict[tuple[float, float], str] = {}
    for slug in sorted(clipped):
        boundary = clipped[slug].boundary.intersection(near_gaps)
        for x, y in shapely.get_coordinates(shapely.segmentize(boundary, 0.002)):
            seeds.setdefault((round(x, 6), round(y, 6)), slug)
    labelled = dict(clipped)
    if seeds:
        points = shapely.MultiPoint(list(seeds))
        cells = shapely.voronoi_polygons(points, extend_to=near_gaps.envelope, ordered=True)
        by_slug: dict[str, list[BaseGeometry]] = {}
        for cell, slug in zip(cells.geoms, seeds.values(), strict=True):
            by_slug.setdefault(slug, []).append(cell)
        for slug, slug_cells in by_slug.items():
            share = polygonal(shapely.union_all(slug_cells).intersection(gaps))
            labelled[slug] = shapely.union_all([labelled[slug], share])
    return labelled


def tile(groups: list[tuple[BaseGeometry, dict[str, BaseGeometry]]]) -> dict[str, BaseGeometry]:
    """Rebuild all pieces from one noded set of edges, so that neighbours share edges exactly.

    Each group is an outline with the pieces meant to fill it. A face of the noded edges goes to
    the piece that contains it, else (a sliver left by floating-point overlay) to the nearest
    piece of the outline that contains it; faces outside every outline are dropped.
    """
    edges = shapely.union_all(
        [outline.boundary for outline, _ in groups]
        + [piece.boundary for _, pieces in groups for piece in pieces.values()]
    )
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(edges)))
    trees = []
    for outline, pieces in groups:
        slugs = sorted(pieces)
        trees.append((outline, slugs, shapely.STRtree([pieces[slug] for slug in slugs])))
    tiles: dict[str, list[BaseGeometry]] = {}
    for face in faces:
        inside = face.representative_point()
        for outline, slugs, tree in trees:
            if not outline.contains(inside):
                continue
            hits = tree.query(inside, predicate="within")
            index = min(hits) if len(hits) else tree.nearest(inside)
            tiles.setdefault(slugs[index], []).append(face)
            break
    return {slug: shapely.coverage_union_all(faces) for slug, faces in sorted(tiles.items())}


def simplify_coverage(pieces: dict[str, BaseGeometry]) -> dict[str, BaseGeometry]:
    """Simplify polygons that tile the region together, so shared borders stay shared.

    Done in degrees: a reprojection round trip can move a shared vertex differently in its two
    polygons and break the coverage. The tolerance in degrees is the metric one converted at
    the equator's metres per degree of latitude.
    """
    names = sorted(pieces)
    simplified = shapely.coverage_simplify(
        [pieces[name] for name in names], SIMPLIFY_TOLERANCE_M / METRES_PER_DEGREE
    )
    return dict(zip(names, simplified, strict=True))


def to_feature(properties: dict[str, Any], geometry: BaseGeometry) -> dict[str, Any]:
    """Return a GeoJSON feature, rings oriented and coordinates rounded, checked valid."""
    if geometry.geom_type.endswith("Polygon"):
        geometry = shapely.orient_polygons(geometry)  # RFC 7946: exterior rings anticlockwise
    mapped = rounded_mapping(geometry)
    if not shapely.geometry.shape(mapped).is_valid:
        raise GeodataBuildError(
            f"feature {properties.get('name')!r} is invalid after rounding to "
            f"{COORDINATE_DECIMALS} decimals: raise COORDINATE_DECIMALS"
        )
    return {"type": "Feature", "properties": properties, "geometry": mapped}


def rounded_mapping(geometry: BaseGeometry) -> dict[str, Any]:
    """Return the GeoJSON geometry of ``geometry`` with coordinates rounded."""

    def walk(value: Any) -> Any:
        if isinstance(value, float):
            return round(value, COORDINATE_DECIMALS)
        if isinstance(value, tuple | list):
            return [walk(item) for item in value]
        return value

    mapped = mapping(geometry)
    return {"type": mapped["type"], "coordinates": walk(mapped["coordinates"])}
