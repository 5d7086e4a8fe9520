"""The web map's GeoJSON features: boundaries and control zones, styled for Leaflet."""

from __future__ import annotations

import functools
import html

import geopandas as gpd
import pandas as pd
from folium.utilities import camelize
from jinja2.utils import htmlsafe_json_dumps

import geodata
from dashboard import style, text
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
