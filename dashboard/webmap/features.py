"""The web map's GeoJSON features: boundaries and control zones, styled for Leaflet."""

from __future__ import annotations

import datetime as dt
import functools
import html

import geopandas as gpd
import pandas as pd
from folium.utilities import camelize
from jinja2.utils import htmlsafe_json_dumps

import geodata
from dashboard import changes, style, text
from dashboard.style import MarkerStyle, PathStyle
from dashboard.timeline import CEASEFIRE_IN_FORCE, POST_CEASEFIRE_LAYERS


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
def layer_json(name: str) -> str:
    """Return the layer's features with style, tooltip and dates, serialised once per process.

    The post-ceasefire layers are valid from 10 November 2020; each control zone from its
    own ``valid_from`` to ``valid_to``.
    """
    if name == "control_zones":
        return feature_collection_json(control_zone_features(geodata.load_layer(name)))
    features = boundary_features(name)
    if name in POST_CEASEFIRE_LAYERS:
        for feature in features:
            feature["properties"]["valid_from"] = CEASEFIRE_IN_FORCE.isoformat()
    return feature_collection_json(features)


def boundary_features(name: str) -> list[dict]:
    """Return the features of a geodata layer, each with its style and its names as tooltip.

    A corridor's road is a line over its area; a point (Shusha's centre) a small disc.
    """
    layer = geodata.load_layer(name)
    layer_style = PathStyle(**style.LAYER_STYLES.get(name, {}))
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
        label = text.every_name(row)
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
                    "piece": html.escape(changes.zone_piece(row)),
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


#: How a settlement is drawn on a day: held by Armenian forces, claimed taken by Azerbaijan
#: (not yet confirmed by the other side or independent reporting), confirmed taken, handed
#: over under the statement. Colours are the control zones' (style.CONTROLLER_COLOURS).
_SETTLEMENT_STATES = {
    "held": ("Held by Armenian forces (not claimed yet)", "armenian", None, 0.95),
    "claimed": ("Claimed taken by Azerbaijan, not confirmed", "azerbaijani", "2 2", 0.35),
    "confirmed": ("Taken by Azerbaijani forces (confirmed)", "azerbaijani", None, 0.95),
    "handed_over": ("Handed over to Azerbaijan under the statement", "azerbaijani", None, 0.95),
}


def settlement_legend() -> list[dict]:
    """Return the legend's entries for the settlements: one per state a place can be in."""
    return [
        {
            "label": f"Settlement: {label[0].lower()}{label[1:]}",
            "shape": "dot",
            "style": {
                "color": "#555555",
                "weight": 1,
                "dashArray": dash,
                "fillColor": style.CONTROLLER_COLOURS[controller],
                "fillOpacity": fill,
            },
        }
        for state, (label, controller, dash, fill) in _SETTLEMENT_STATES.items()
        if state != "handed_over"
    ]


@functools.cache
def settlements_json() -> str:
    """Return the placed settlements as dated features: one version per state it passes through.

    A settlement is held until the day it was claimed taken, claimed until the claim was
    confirmed (for good, if it never was), then taken; a place handed over under the
    statement changes on its handover day. Each version carries its dates, so the map's
    time engine shows the state of the selected day.
    """
    features = []
    settlements = geodata.load_settlements()
    for row, point in zip(
        settlements.drop(columns="geometry").to_dict("records"),
        settlements.geometry,
        strict=True,
    ):
        if point is None or point.is_empty:
            continue
        for state, start, end in changes.settlement_periods(row):
            features.append(_settlement_feature(row, point, state, start, end))
    return feature_collection_json(features)


def _settlement_feature(
    row: dict, point: object, state: str, start: dt.date | None, end: dt.date | None
) -> dict:
    label, controller, dash, fill = _SETTLEMENT_STATES[state]
    colour = style.CONTROLLER_COLOURS[controller]
    names = text.both_names({"name": row.get("name"), "name_hy": row.get("name_hy"),
                             "name_az": row.get("name_az")})  # fmt: skip
    return {
        "type": "Feature",
        "geometry": point.__geo_interface__,
        "properties": {
            # Small, white-rimmed: a place, not an event (events are larger, dark-rimmed).
            "style": {
                "radius": 3.5,
                "color": "#ffffff",
                "weight": 1,
                "dashArray": dash,
                "fillColor": colour,
                "fillOpacity": fill,
            },
            "tooltip": html.escape(f"{names}: {label[0].lower()}{label[1:]}"),
            "popup": text.settlement_popup(names, label, row),
            "valid_from": start.isoformat() if start else None,
            "valid_to": end.isoformat() if end else None,
        },
    }
