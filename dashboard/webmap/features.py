"""The web map's GeoJSON features: boundaries, control zones and events, styled for Leaflet."""

from __future__ import annotations

import functools
import html

import geopandas as gpd
import numpy as np
import pandas as pd
from folium.utilities import camelize
from jinja2.utils import htmlsafe_json_dumps

import geodata
from dashboard import style, text
from dashboard.style import MarkerStyle, PathStyle
from dashboard.timeline import CEASEFIRE_IN_FORCE, POST_CEASEFIRE_LAYERS

# Above this many events, markers are grouped on a grid so the map stays responsive; the
# page states how many events each grouped marker holds.
MAX_MARKERS = 2500
GRID_DEGREES = 0.1


def feature_collection_json(features: list[dict]) -> str:
    """Serialise features as a FeatureCollection that is safe inside a ``<script>``."""
    return str(htmlsafe_json_dumps({"type": "FeatureCollection", "features": features}))


def leaflet_style(options: PathStyle) -> dict[str, object]:
    """Return path options with Leaflet's camelCase names (``fill_color`` -> ``fillColor``)."""
    return {camelize(key): value for key, value in options.items()}


def leaflet_marker(marker: MarkerStyle) -> dict[str, object]:
    """Return an event marker as Leaflet circle-marker options."""
    return {
        "color": marker["rim"],
        "weight": marker["weight"],
        "dashArray": marker["dash_array"],
        "fillColor": marker["fill"],
        "fillOpacity": marker["fill_opacity"],
        "opacity": marker["opacity"],
        "radius": marker["radius"],
    }


@functools.cache
def layer_json(name: str, outline_only: bool) -> str:
    """Return the layer's features with style, tooltip and dates, serialised once per process.

    The post-ceasefire layers are valid from 10 November 2020; each control zone from its
    own ``valid_from`` to ``valid_to``.
    """
    if name == "control_zones":
        return feature_collection_json(control_zone_features(geodata.load_layer(name)))
    features = boundary_features(name, outline_only)
    if name in POST_CEASEFIRE_LAYERS:
        for feature in features:
            feature["properties"]["valid_from"] = CEASEFIRE_IN_FORCE.isoformat()
    return feature_collection_json(features)


def boundary_features(name: str, outline_only: bool = False) -> list[dict]:
    """Return the features of a geodata layer, each with its style and its names as tooltip.

    A corridor's road is a line over its area; a point (Shusha's centre) a small disc.
    """
    layer = geodata.load_layer(name)
    layer_style = PathStyle(**style.LAYER_STYLES.get(name, {}))
    if outline_only:
        layer_style["fill_opacity"] = 0.0
    by_part = {
        None: leaflet_style(layer_style),
        "route": leaflet_style(style.route_style(layer_style)),
        "point": leaflet_style({**layer_style, "radius": 5, "fill_opacity": 0.9}),
    }
    features = []
    for row, geometry in zip(
        layer.drop(columns="geometry").to_dict("records"), layer.geometry, strict=True
    ):
        if geometry is None or geometry.is_empty:
            continue
        part = row.get("part")
        properties: dict[str, object] = {"style": by_part.get(part, by_part[None])}
        label = text.both_names(row)
        if label:
            properties["tooltip"] = html.escape(label)
        features.append(
            {"type": "Feature", "geometry": geometry.__geo_interface__, "properties": properties}
        )
    return features


def control_zone_features(control: gpd.GeoDataFrame) -> list[dict]:
    """Return styled features of control zones, each with the dates it holds (inclusive).

    Zones are filled in their controller's colour; approximate ones have a dashed outline
    and say "approximate" in their tooltip and popup.
    """
    features = []
    for row, geometry in zip(
        control.drop(columns="geometry").to_dict("records"), control.geometry, strict=True
    ):
        if geometry is None or geometry.is_empty:
            continue
        label = text.zone_label(row)
        zone_style = style.zone_style(str(row.get("controller", "")), style.is_approximate(row))
        features.append(
            {
                "type": "Feature",
                "geometry": geometry.__geo_interface__,
                "properties": {
                    "style": leaflet_style(zone_style),
                    "id": html.escape(str(row.get("id", ""))),
                    "tooltip": html.escape(label),
                    "popup": text.zone_popup(label, row),
                    "valid_from": _iso_day(row.get("valid_from")),
                    "valid_to": _iso_day(row.get("valid_to")),
                },
            }
        )
    return features


def _iso_day(value: object) -> str | None:
    return None if value is None or pd.isna(value) else str(value)[:10]


def event_features(selected: pd.DataFrame, mode: str) -> list[dict]:
    """Return the selected events as features: one marker each, or per grid cell if many."""
    if len(selected) > MAX_MARKERS:
        return _grouped_event_features(selected, mode)
    return _event_features(selected, mode)


def _event_features(selected: pd.DataFrame, mode: str) -> list[dict]:
    if not len(selected):
        return []
    if "popup_html" in selected:
        popups, tooltips = selected["popup_html"].tolist(), selected["tooltip_html"].tolist()
    else:
        rows = text.event_rows(selected)
        popups = [text.event_popup(row) for row in rows]
        tooltips = [text.event_tooltip(row) for row in rows]
    opacity = style.event_opacity(selected["age_days"].to_numpy(), mode)
    features = []
    for kind, status, point, popup, tooltip, alpha in zip(
        selected["kind"],
        selected["status"],
        selected.geometry,
        popups,
        tooltips,
        opacity,
        strict=True,
    ):
        if point is None or point.is_empty:
            continue
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [round(point.x, 5), round(point.y, 5)],
                },
                "properties": {
                    "style": leaflet_marker(style.marker_style(kind, status, float(alpha))),
                    "popup": popup,
                    "tooltip": tooltip,
                },
            }
        )
    return features


def _grouped_event_features(selected: pd.DataFrame, mode: str) -> list[dict]:
    points = selected.geometry
    frame = pd.DataFrame(
        {
            "cell_x": np.floor(points.x.to_numpy() / GRID_DEGREES),
            "cell_y": np.floor(points.y.to_numpy() / GRID_DEGREES),
            "x": points.x.to_numpy(),
            "y": points.y.to_numpy(),
            "kind": selected["kind"].to_numpy(),
            "age_days": selected["age_days"].to_numpy(),
        }
    ).dropna(subset=["x", "y"])
    cells = frame.groupby(["cell_x", "cell_y"]).agg(
        x=("x", "mean"), y=("y", "mean"), age_days=("age_days", "min"), count=("x", "size")
    )
    by_kind = frame.groupby(["cell_x", "cell_y", "kind"]).size().unstack(fill_value=0)
    by_kind = by_kind.loc[cells.index]
    dominant = by_kind.idxmax(axis=1).to_numpy()
    alphas = style.event_opacity(cells["age_days"].to_numpy(), mode)
    kind_names = [html.escape(style.KIND_LABELS.get(k, k).lower()) for k in by_kind.columns]
    features = []
    for (x, y, count), kind, alpha, kind_counts in zip(
        cells[["x", "y", "count"]].itertuples(index=False),
        dominant,
        alphas,
        by_kind.to_numpy(),
        strict=True,
    ):
        summary = ", ".join(
            f"{n} {name}" for n, name in zip(kind_counts, kind_names, strict=True) if n
        )
        marker = leaflet_marker(style.marker_style(str(kind), "confirmed", float(alpha)))
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(x, 5), round(y, 5)]},
                "properties": {
                    "style": {**marker, "radius": float(min(28, 5 + 2.2 * np.sqrt(count)))},
                    "tooltip": f"{count} events in this area",
                    "popup": f"<h4>{count} events in this area</h4><p>{summary}</p>"
                    "<p class='meta'>Zoom in or narrow the filters to see them one by one.</p>",
                },
            }
        )
    return features


def marker_count(selected: pd.DataFrame) -> int:
    """Return how many markers the events layer draws: one per event, or per grid cell."""
    if len(selected) <= MAX_MARKERS:
        return len(selected)
    cells = np.floor(np.column_stack([selected.geometry.x, selected.geometry.y]) / GRID_DEGREES)
    return len(np.unique(cells[~np.isnan(cells).any(axis=1)], axis=0))
