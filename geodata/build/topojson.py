"""Decode TopoJSON topologies into shapely geometries (used by the maintainer build only)."""

from __future__ import annotations

from typing import Any

from shapely.geometry import LineString, MultiPolygon, Point, Polygon, shape
from shapely.geometry.base import BaseGeometry


def _decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Return every arc as absolute lon/lat pairs, undoing quantisation and delta encoding."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(x), float(y)) for x, y, *_ in arc])
            continue
        (scale_x, scale_y), (shift_x, shift_y) = transform["scale"], transform["translate"]
        x = y = 0
        points = []
        for dx, dy, *_ in arc:
            x += dx
            y += dy
            points.append((x * scale_x + shift_x, y * scale_y + shift_y))
        arcs.append(points)
    return arcs


def _ring(
    arc_indices: list[int], arcs: list[list[tuple[float, float]]]
) -> list[tuple[float, float]]:
    """Join arcs into one ring; a negative index ``~i`` means arc ``i`` walked backwards."""
    points: list[tuple[float, float]] = []
    for index in arc_indices:
        arc = arcs[~index][::-1] if index < 0 else arcs[index]
        # Consecutive arcs share their junction point: keep it once.
        points.extend(arc[1:] if points else arc)
    return points


def _geometry(obj: dict[str, Any], arcs: list[list[tuple[float, float]]]) -> BaseGeometry | None:
    kind = obj.get("type")
    if kind == "Polygon":
        return Polygon(_ring(obj["arcs"][0], arcs), [_ring(r, arcs) for r in obj["arcs"][1:]])
    if kind == "MultiPolygon":
        return MultiPolygon(
            [
                Polygon(_ring(rings[0], arcs), [_ring(r, arcs) for r in rings[1:]])
                for rings in obj["arcs"]
            ]
        )
    if kind == "LineString":
        return LineString(_ring(obj["arcs"], arcs))
    if kind == "Point":
        return Point(obj["coordinates"])
    if kind is None:
        return None
    return shape({"type": kind, "coordinates": obj.get("coordinates", [])})


def features(topology: dict[str, Any], object_name: str) -> list[dict[str, Any]]:
    """Return the features of one object of a TopoJSON topology.

    Parameters
    ----------
    topology : dict
        A parsed TopoJSON ``Topology``.
    object_name : str
        Key under ``topology["objects"]``, e.g. ``"countries"``.

    Returns
    -------
    list of dict
        One dict per geometry with ``id``, ``properties`` and a shapely ``geometry``
        (None for TopoJSON null geometries).
    """
    if topology.get("type") != "Topology" or object_name not in topology.get("objects", {}):
        raise ValueError(
            f"not a TopoJSON topology with object {object_name!r}: check the package version"
        )
    arcs = _decode_arcs(topology)
    collection = topology["objects"][object_name]
    members = (
        collection["geometries"] if collection["type"] == "GeometryCollection" else [collection]
    )
    return [
        {
            "id": member.get("id"),
            "properties": dict(member.get("properties") or {}),
            "geometry": _geometry(member, arcs),
        }
        for member in members
    ]
