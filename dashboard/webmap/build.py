"""The folium map: the base map that never changes with the date, and the day's layers.

The split matters for streamlit-folium: the base map is hashed into the component's
identity, so it must not change while the reader scrubs. It holds every boundary and line,
and also the dated layers (control zones, the post-ceasefire layers) with all their
versions, each feature valid from one date to another: the browser loads them once and
shows those of the selected day. What is sent on each slider step is small: the day's
events as a feature group that the component swaps in place, and the day itself.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path

import folium
import pandas as pd

import geodata
from dashboard import style, text
from dashboard.state import LAYERS, Tiles, ViewState, select_events
from dashboard.timeline import DATED_LAYERS
from dashboard.webmap import assets
from dashboard.webmap.elements import Attribution, DatedLayers, GeoJsonLayer, SelectedDay
from dashboard.webmap.features import event_features, feature_collection_json, layer_json

MAP_BOUNDS = ((38.35, 44.75), (40.85, 47.75))  # Nakhchivan to Barda, Yerevan to the Araks
MAP_CENTER = (39.6, 46.25)
MAP_ZOOM = 8
MAP_HEIGHT = 640

TILE_SOURCES = {
    "osm": (
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
    ),
    "carto": (
        "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png",
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> '
        'contributors &copy; <a href="https://carto.com/attributions">CARTO</a>',
    ),
}
_MAP_CSS = Path(__file__).resolve().parent / "map.css"


@functools.cache
def _map_css() -> str:
    return f"<style>\n{_MAP_CSS.read_text(encoding='utf-8')}</style>"


def build_base_map(
    layers: Iterable[str] = LAYERS,
    tiles: Tiles = "vector",
    inline: bool = False,
    served_data: bool = False,
) -> folium.Map:
    """Return the map with every layer but the events: what never changes with the date.

    Parameters
    ----------
    layers : iterable of str
        Layers shown when the map opens; the others are in the layer control, unticked.
        Dated layers (control zones, post-ceasefire layers) hold every version of their
        features and draw those of the day set by :func:`build_day_layers`.
    tiles : {"vector", "osm", "carto"}
        ``"vector"`` draws no tiles (offline: the countries layer is the basemap);
        ``"osm"`` or ``"carto"`` add that online tile layer with its attribution.
    inline : bool
        Embed Leaflet as ``data:`` URIs instead of the app's local URLs.
    served_data : bool
        Let the browser fetch the layers' data from the app's static files instead of
        embedding them (the app: the page script stays small); ``False`` for a standalone
        file.

    Returns
    -------
    folium.Map
        A map whose only script and stylesheet are the local Leaflet 1.9.3.
    """
    shown = set(layers)
    folium_map = folium.Map(
        location=MAP_CENTER,
        zoom_start=MAP_ZOOM,
        tiles=None,
        control_scale=True,
        min_zoom=6,
        max_zoom=14,
    )
    assets.use_local_leaflet(folium_map, inline=inline)
    folium_map.get_root().header.add_child(folium.Element(_map_css()))
    if tiles in TILE_SOURCES:
        url, attribution = TILE_SOURCES[tiles]
        folium.TileLayer(url, attr=attribution, name=tiles, control=False).add_to(folium_map)
    available = set(geodata.layer_names())
    # Leaflet's default prefix carries a national flag: replaced by the plain name, so that
    # the map of a war shows no side's symbol.
    Attribution(text.map_credits(name for name in LAYERS if name in available)).add_to(folium_map)
    DatedLayers().add_to(folium_map)
    for name in LAYERS:
        if name not in available:
            continue
        # Over online tiles the countries are outlines only, so the tiles show through.
        outline_only = name == "countries" and tiles in TILE_SOURCES
        _base_layer(name, show=name in shown, outline_only=outline_only, served=served_data).add_to(
            folium_map
        )
    folium_map.fit_bounds(MAP_BOUNDS)
    return folium_map


def build_day_layers(state: ViewState, selected: pd.DataFrame) -> list[folium.FeatureGroup]:
    """Return what a slider step sends to the map: the day's events, and the day itself.

    Parameters
    ----------
    state : ViewState
        The view (date, mode).
    selected : GeoDataFrame
        The events to draw, as from :func:`dashboard.state.select_events`.

    Returns
    -------
    list of folium.FeatureGroup
        The events layer, carrying the :class:`SelectedDay` that the base map's dated
        layers follow.
    """
    events_group = GeoJsonLayer(
        feature_collection_json(event_features(selected, state.mode)), name="Events"
    )
    SelectedDay(state.date).add_to(events_group)
    return [events_group]


def build_full_map(state: ViewState, events: pd.DataFrame) -> folium.Map:
    """Return one map with the static and the dated layers, and a layer control.

    For the standalone HTML export: render it with ``get_root().render()`` and pass the
    page through :func:`dashboard.webmap.assets.inline_assets` to make it work offline.
    """
    folium_map = build_base_map(state.layers, state.tiles)
    for group in build_day_layers(state, select_events(events, state)):
        group.add_to(folium_map)
    folium.LayerControl(collapsed=False).add_to(folium_map)
    return folium_map


def _base_layer(
    name: str, show: bool, outline_only: bool = False, served: bool = False
) -> GeoJsonLayer:
    """Return the layer in its own pane, below the events (400), in the order of ``LAYERS``."""
    url = _served_layer_url(name, outline_only) if served else None
    return GeoJsonLayer(
        None if url else layer_json(name, outline_only),
        name=style.LAYER_LABELS.get(name, name),
        show=show,
        data_url=url,
        pane=f"kd-{name}",
        z_index=300 + 5 * LAYERS.index(name),
        dated=name in DATED_LAYERS,
    )


@functools.cache
def _served_layer_url(name: str, outline_only: bool) -> str | None:
    """URL of the layer's data file, or None where the package folder is read-only."""
    try:
        return assets.publish_json(name, layer_json(name, outline_only))
    except OSError:
        return None
