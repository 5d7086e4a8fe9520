"""The folium map of the whole war: every layer, the events, and the time engine that moves it.

streamlit-folium hashes the map's script into the component's identity, so the app's map
must never change once shown: it holds every boundary and line, every version of the dated
layers (control zones, the post-ceasefire layers) and, through the time engine, every event.
The browser draws the selected day; the page only tells the engine what the reader chose.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from pathlib import Path

import folium

import geodata
from dashboard import style, text
from dashboard.state import LAYERS, MAX_ZOOM, MIN_ZOOM, ViewState
from dashboard.timeline import DATED_LAYERS
from dashboard.webmap import assets, labels, timedata, timemap
from dashboard.webmap.elements import Attribution, GeoJsonLayer
from dashboard.webmap.features import layer_json, settlements_json
from dashboard.webmap.timemap import EventsLayer

# The war's area, which the opening view keeps clear of the map's boxes: west to east,
# Nakhchivan city (45.41 E) to Aghdam and Barda (47.13 E); south to north, the Araks on the
# Iranian border (Ordubad 38.91 N, Julfa 38.96 N) to Kalbajar (40.11 N) and Martakert/Aghdara
# (40.21 N), with a few kilometres to spare.
WAR_AREA = ((38.85, 45.33), (40.25, 47.2))
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


@dataclasses.dataclass(frozen=True)
class MapOptions:
    """How a map is delivered: in the app, as one standalone file, or as a published folder.

    Parameters
    ----------
    inline : bool
        Embed Leaflet and the engine's scripts as ``data:`` URIs instead of the app's URLs.
    served_data : bool
        Let the browser fetch the layers' data from the app's static files instead of
        embedding them (the app: the page script stays small).
    title : (str, str), optional
        A title and a subtitle shown on the map (a map that stands alone).
    view : (int, float, float), optional
        Zoom, latitude and longitude the map opens on; the whole region when None.
    layer_urls : dict, optional
        Where the browser fetches each layer's data (a published folder's own files).
    address_bar : bool
        Keep the view in the page's address and open on the view an address names (a
        published page; in the app, the page's URL belongs to Streamlit).
    """

    inline: bool = False
    served_data: bool = False
    title: tuple[str, str] | None = None
    view: tuple[int, float, float] | None = None
    layer_urls: dict[str, str] | None = None
    address_bar: bool = False


@functools.cache
def _map_css() -> str:
    return f"<style>\n{_MAP_CSS.read_text(encoding='utf-8')}</style>"


def build_map(
    state: ViewState,
    events: EventsLayer,
    timeline: tuple[dt.date, dt.date],
    options: MapOptions | None = None,
) -> folium.Map:
    """Return the map of the whole war: every layer, the events, the time engine, the timeline.

    The map opens on ``state`` (day, mode, window, layers shown, tiles); from then on the
    browser moves through time by itself (see :mod:`dashboard.webmap.timemap`). The app
    builds it once per session, so streamlit-folium never reloads it; later choices of the
    page reach the engine through the page's bridge instead.

    Parameters
    ----------
    state : ViewState
        The view the map opens on.
    events : EventsLayer
        The events the engine draws from (a served URL, the data itself, or none yet).
    timeline : (date, date)
        First and last day of the timeline.
    options : MapOptions, optional
        How the map is delivered (see :class:`MapOptions`); the app's by default.

    Returns
    -------
    folium.Map
        A map whose only scripts and stylesheets are Leaflet 1.9.3 and the engine's own.
    """
    options = options or MapOptions()
    zoom, lat, lon = options.view or (MAP_ZOOM, *MAP_CENTER)
    folium_map = folium.Map(
        location=(lat, lon),
        zoom_start=zoom,
        tiles=None,
        control_scale=True,
        min_zoom=MIN_ZOOM,
        max_zoom=MAX_ZOOM,
    )
    assets.use_local_leaflet(folium_map, inline=options.inline)
    folium_map.get_root().header.add_child(folium.Element(_map_css()))
    links = functools.partial(assets.asset_links, inline=options.inline)
    config = timedata.engine_config(
        state.date,
        *timeline,
        mode=state.mode,
        window_days=state.window_days,
        tiles=state.tiles,
        names=state.names,
    )
    scripts = [timemap.ENGINE_JS, labels.LABELS_JS, timemap.CONTROL_JS, timemap.LEGEND_JS]
    scripts += [timemap.OFFMAP_JS, timemap.CHANGES_JS, timemap.DEFAULT_VIEW_JS]
    scripts += [timemap.ADDRESS_JS] if options.address_bar else []
    # The engine's and its controls' scripts in one file, loaded with the engine: the
    # elements that use them load nothing of their own.
    bundle = assets.script_bundle(scripts, inline=options.inline, name="map")
    timemap.TimeEngine(config, bundle).add_to(folium_map)
    tile_layers = {
        name: folium.TileLayer(url, attr=attribution, name=name, control=False, show=False)
        for name, (url, attribution) in TILE_SOURCES.items()
    }
    for layer in tile_layers.values():
        layer.add_to(folium_map)
    timemap.TileSwitch(tile_layers, state.tiles).add_to(folium_map)
    names = available_layers()
    # Leaflet's default prefix carries a national flag: replaced by the plain name, so that
    # the map of a war shows no side's symbol.
    Attribution(text.map_credits(names)).add_to(folium_map)
    for name in names:
        url = options.layer_urls.get(name) if options.layer_urls else None
        _base_layer(name, name in state.layers, options.served_data, url).add_to(folium_map)
    labels.PlaceLabels(state.names, links([labels.LABELS_CSS])).add_to(folium_map)
    _settlements_layer(options).add_to(folium_map)
    # The land that changed hands, over the zones and lines, under the settlements (395)
    # and the events: an empty layer the change box fills (added last, under the title).
    GeoJsonLayer(
        None,
        name=style.LAYER_LABELS["changes"],
        show="changes" in state.layers,
        pane="kd-changes",
        z_index=390,
        key="changes",
    ).add_to(folium_map)
    events.add_to(folium_map)
    timemap.TimelineControl(links([timemap.CONTROLS_CSS])).add_to(folium_map)
    folium.LayerControl(collapsed=True).add_to(folium_map)
    if options.title is not None:
        timemap.MapTitle(*options.title).add_to(folium_map)
    timemap.MapLegend(names).add_to(folium_map)
    # The one-line chips in the strip along the top (KdTime.Chip): the change chip, which
    # every day has, then the off-map chip, which comes and goes below it.
    timemap.ChangesBox().add_to(folium_map)
    timemap.OffMapEvents().add_to(folium_map)
    if options.view is None:
        timemap.DefaultView(WAR_AREA).add_to(folium_map)
    if options.address_bar:
        # After the map has its first view, so that an address's own view wins.
        timemap.AddressBar().add_to(folium_map)
    return folium_map


SETTLEMENTS_LABEL = "Settlements: claimed, confirmed, held (by day)"


def _settlements_layer(options: MapOptions) -> GeoJsonLayer:
    """Return the settlements of the record as a dated layer, just below the events."""
    url = (options.layer_urls or {}).get("settlements")
    if url is None and options.served_data:
        try:
            url = assets.publish_json("settlements", settlements_json())
        except OSError:
            url = None
    return GeoJsonLayer(
        None if url else settlements_json(),
        name=SETTLEMENTS_LABEL,
        data_url=url,
        pane="kd-settlements",
        z_index=395,
        dated=True,
        key="settlements",
    )


def available_layers() -> list[str]:
    """Return the geodata layers the map draws, in drawing order."""
    available = set(geodata.layer_names())
    return [name for name in LAYERS if name in available]


def _base_layer(name: str, show: bool, served: bool, url: str | None) -> GeoJsonLayer:
    """Return the layer in its own pane, below the events (400), in the order of ``LAYERS``."""
    if url is None and served:
        url = _served_layer_url(name)
    return GeoJsonLayer(
        None if url else layer_json(name),
        name=style.LAYER_LABELS.get(name, name),
        show=show,
        data_url=url,
        pane=f"kd-{name}",
        z_index=300 + 5 * LAYERS.index(name),
        dated=name in DATED_LAYERS,
        key=name,
    )


@functools.cache
def _served_layer_url(name: str) -> str | None:
    """URL of the layer's data file, or None where the package folder is read-only."""
    try:
        return assets.publish_json(name, layer_json(name))
    except OSError:
        return None
