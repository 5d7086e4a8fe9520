"""The folium map: static base layers, and the layers of a selected day sent on their own.

The split matters for streamlit-folium: the base map is hashed into the component's
identity, so it must not change while the reader scrubs. It holds every boundary and line,
and also the dated layers (control zones, the post-ceasefire layers) with all their
versions, each feature valid from one date to another: the browser loads them once and
shows those of the selected day. What is sent on each slider step is small: the day's
events as a feature group that the component swaps in place, and the day itself.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import html
from collections.abc import Iterable

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
from branca.element import MacroElement
from folium.template import Template
from jinja2.utils import htmlsafe_json_dumps

import geodata
from dashboard import style
from dashboard.state import (
    CEASEFIRE_IN_FORCE,
    DATED_LAYERS,
    LAYERS,
    POST_CEASEFIRE_LAYERS,
    ViewState,
    select_events,
)
from dashboard.webmap import assets, timemap
from dashboard.webmap.timemap import EventsLayer

MAP_BOUNDS = ((38.35, 44.75), (40.85, 47.75))  # Nakhchivan to Barda, Yerevan to the Araks
MAP_CENTER = (39.6, 46.25)
MAP_ZOOM = 8
MAP_HEIGHT = 640
EVENT_RADIUS = style.EVENT_RADIUS
EVENTS_ATTRIBUTION = "Events: project record, sources listed in each popup"

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


class GeoJsonLayer(folium.FeatureGroup):
    """A GeoJSON layer whose data arrive as ready JSON text, styled feature by feature.

    Every feature carries ``properties.style`` (Leaflet path options; ``radius`` for points,
    drawn as circle markers) and optionally ``tooltip`` and ``popup``, HTML escaped on the
    server. It is a feature group, so streamlit-folium can swap it in place as the date
    changes.

    Why not ``folium.GeoJson``: folium serialises the data on every render and then
    compiles each element's rendered script as a Jinja template. For boundary layers of a
    few megabytes, on every Streamlit rerun, that alone exceeded the time budget of a
    slider step. Here the data are serialised once by the caller and the script is added
    to the page as plain text.

    Parameters
    ----------
    data_json : str or None
        A GeoJSON FeatureCollection, as from :func:`feature_collection_json`.
    name : str
        Name in the layer control.
    show, control : bool
        As for any folium layer.
    data_url : str, optional
        Where the browser fetches the FeatureCollection instead (``data_json`` None): keeps
        large static layers out of the page script that the app sends on every rerun.
    pane, z_index : str and int, optional
        A map pane of its own, stacked at ``z_index`` (Leaflet's overlays are at 400).
        Fetched layers arrive in any order; their panes keep them stacked as intended.
    dated : bool
        Features carry ``properties.valid_from`` and ``valid_to`` (ISO dates, inclusive;
        missing means open): the map's time engine holds them all and draws those valid on
        the selected day.
    key : str, optional
        The layer's name for the time engine (``window.kdTime``), which shows, hides and
        reports layers by it; needed for a dated layer.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {%- if this.pane %}
        if (!{{ this._parent.get_name() }}.getPane({{ this.pane|tojson }})) {
            {{ this._parent.get_name() }}.createPane({{ this.pane|tojson }}).style.zIndex =
                {{ this.z_index|tojson }};
        }
        {%- endif %}
        var {{ this.get_name() }} = L.geoJson(
            {%- if this.dated %}null{% else %}{{ this.data_json or "null" }}{% endif %}, {
            {%- if this.pane %}
            pane: {{ this.pane|tojson }},
            {%- endif %}
            pointToLayer: function (feature, latlng) {
                return L.circleMarker(latlng, {{ this.marker_options|tojson }});
            },
            style: function (feature) { return feature.properties.style; },
            onEachFeature: function (feature, layer) {
                var p = feature.properties;
                if (p.tooltip) { layer.bindTooltip(p.tooltip, {sticky: true}); }
                if (p.popup) { layer.bindPopup(p.popup, {maxWidth: 380}); }
            },
        });
        {%- if this.key %}
        window.kdTime.registerLayer({{ this.key|tojson }}, {{ this.get_name() }},
            {{ this.dated|tojson }});
        {%- endif %}
        {%- if this.dated and not this.data_url %}
        window.kdTime.setDatedFeatures({{ this.key|tojson }}, {{ this.data_json or "null" }});
        {%- endif %}
        {%- if this.data_url %}
        fetch({{ this.data_url|tojson }})
            .then(function (response) { return response.json(); })
            .then(function (data) {
                {%- if this.dated %}
                window.kdTime.setDatedFeatures({{ this.key|tojson }}, data);
                {%- else %}
                {{ this.get_name() }}.addData(data);
                {%- endif %}
            });
        {%- endif %}
        {%- if this.show %}
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {%- endif %}
        {% endmacro %}
        """
    )

    def __init__(
        self,
        data_json: str | None,
        name: str,
        show: bool = True,
        control: bool = True,
        data_url: str | None = None,
        pane: str | None = None,
        z_index: int = 400,
        dated: bool = False,
        key: str | None = None,
    ):
        super().__init__(name=name, overlay=True, control=control, show=show)
        # Keep FeatureGroup's variable names: streamlit-folium refers to the groups it
        # swaps in as feature_group_<id>.
        self._name = "FeatureGroup"
        self.data_json = data_json
        self.data_url = data_url
        self.pane = pane
        self.z_index = z_index
        self.marker_options = {"pane": pane} if pane else {}
        self.dated = dated
        self.key = key

    def render(self, **kwargs) -> None:
        """Add the layer's script to the page as text (see the class notes for why)."""
        script = self._template.module.script(self, kwargs)
        self.get_root().script.add_child(timemap.RawScript(script), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


def feature_collection_json(features: list[dict]) -> str:
    """Serialise features as a FeatureCollection that is safe inside a ``<script>``."""
    return str(htmlsafe_json_dumps({"type": "FeatureCollection", "features": features}))


_MAP_CSS = """<style>
.leaflet-container.leaflet-container { background: #dde6ec; font: 13px/1.4 system-ui, sans-serif; }
.leaflet-popup-content { font-size: 13px; line-height: 1.4; max-height: 420px; overflow-y: auto; }
.leaflet-popup-content h4 { margin: 0 0 4px; font-size: 14px; }
.leaflet-popup-content p { margin: 0 0 6px; }
.leaflet-popup-content .meta { color: #555; }
.leaflet-popup-content ul { margin: 2px 0 0; padding-left: 18px; }
.leaflet-tooltip { font-size: 12px; }
/* Credits fold to one line; pointing at them shows them all. */
.leaflet-control-attribution { max-width: 70vw; font-size: 10px; white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis; }
.leaflet-control-attribution:hover { white-space: normal; }
</style>"""


def build_map(
    state: ViewState,
    events: EventsLayer,
    timeline: tuple[dt.date, dt.date],
    inline: bool = False,
    served_data: bool = False,
    title: tuple[str, str] | None = None,
    view: tuple[int, float, float] | None = None,
    layer_urls: dict[str, str] | None = None,
    address_bar: bool = False,
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
        The events the engine draws from (a served URL, or the data itself).
    timeline : (date, date)
        First and last day of the timeline.
    inline : bool
        Embed Leaflet and the engine's scripts as ``data:`` URIs instead of the app's URLs.
    served_data : bool
        Let the browser fetch the layers' data from the app's static files instead of
        embedding them (the app: the page script stays small); ``False`` for a standalone
        file.
    title : (str, str), optional
        A title and a subtitle shown on the map (a map that stands alone).
    view : (int, float, float), optional
        Zoom, latitude and longitude the map opens on; the whole region when None.
    layer_urls : dict, optional
        Where the browser fetches each layer's data (a published folder's own files).
    address_bar : bool
        Keep the view in the page's address and open on the view an address names (a
        published page; in the app, the page's URL belongs to Streamlit).

    Returns
    -------
    folium.Map
        A map whose only scripts and stylesheets are Leaflet 1.9.3 and the engine's own.
    """
    shown = set(state.layers)
    zoom, lat, lon = view or (MAP_ZOOM, *MAP_CENTER)
    folium_map = folium.Map(
        location=(lat, lon),
        zoom_start=zoom,
        tiles=None,
        control_scale=True,
        min_zoom=6,
        max_zoom=14,
    )
    assets.use_local_leaflet(folium_map, inline=inline)
    folium_map.get_root().header.add_child(folium.Element(_MAP_CSS))
    first, last = timeline
    config = timemap.engine_config(
        state.date, first, last, state.mode, state.window_days, state.tiles
    )
    timemap.TimeEngine(config, assets.asset_links([timemap.ENGINE_JS], inline)).add_to(folium_map)
    tile_layers = {
        name: folium.TileLayer(url, attr=attribution, name=name, control=False, show=False)
        for name, (url, attribution) in TILE_SOURCES.items()
    }
    for layer in tile_layers.values():
        layer.add_to(folium_map)
    timemap.TileSwitch(tile_layers, state.tiles).add_to(folium_map)
    available = set(geodata.layer_names())
    # Leaflet's default prefix carries a national flag: replaced by the plain name, so that
    # the map of a war shows no side's symbol.
    _Attribution(map_attribution(name for name in LAYERS if name in available)).add_to(folium_map)
    for name in LAYERS:
        if name in available:
            url = (layer_urls or {}).get(name)
            layer = _base_layer(name, show=name in shown, served=served_data, url=url)
            layer.add_to(folium_map)
    events.add_to(folium_map)
    timemap.TimelineControl(
        assets.asset_links([timemap.CONTROL_JS], inline),
        assets.asset_links([timemap.CONTROLS_CSS], inline),
    ).add_to(folium_map)
    folium.LayerControl(collapsed=True).add_to(folium_map)
    if title is not None:
        timemap.MapTitle(*title, assets.asset_links([timemap.LEGEND_JS], inline)).add_to(folium_map)
    timemap.MapLegend(assets.asset_links([timemap.LEGEND_JS], inline), sorted(available)).add_to(
        folium_map
    )
    if view is None:
        folium_map.fit_bounds(MAP_BOUNDS)
    if address_bar:
        # After the map has its first view, so that an address's own view wins.
        timemap.AddressBar(assets.asset_links([timemap.ADDRESS_JS], inline)).add_to(folium_map)
    return folium_map


def available_layers() -> list[str]:
    """Return the geodata layers the map draws, in drawing order."""
    available = set(geodata.layer_names())
    return [name for name in LAYERS if name in available]


def layer_json(name: str) -> str:
    """Return a layer's features with style, tooltip and dates, as the map reads them."""
    return _layer_json(name)


def filters_keep(record: pd.DataFrame, state: ViewState) -> np.ndarray:
    """Return one flag per event of the record: whether the view's filters keep it.

    The dates are the engine's business; this applies the filters alone (kind, status,
    actors, text), over the whole record.
    """
    everything = dataclasses.replace(state, mode="cumulative", date=dt.date.max)
    kept = select_events(record.reset_index(drop=True), everything)
    flags = np.zeros(len(record), dtype=bool)
    flags[kept.index.to_numpy()] = True
    return flags


def has_control_zones(day: dt.date) -> bool:
    """Return whether ``geodata.control_at`` covers ``day`` (26 September to 1 December 2020).

    Uploaded event files may reach beyond those dates; the map then shows no zones.
    """
    from geodata.control import FIRST_DAY, LAST_DAY

    return FIRST_DAY <= day <= LAST_DAY


def event_opacity(age_days: np.ndarray, mode: str) -> np.ndarray:
    """Return the opacity of each event: 1 for the selected day, fading with age."""
    if mode == "day":
        return np.ones(len(age_days))
    return np.clip(1.0 - np.asarray(age_days) / style.FADE_DAYS, style.FADE_FLOOR, 1.0)


def map_attribution(layer_names: Iterable[str]) -> list[str]:
    """Return the short credits of the given geodata layers and of the events, deduplicated.

    The full provenance of each layer (``geodata.provenance``) is long; on the map each
    source is named once, without the "via <package>" detail, which the page lists in full.
    """
    credits: list[str] = []
    for name in layer_names:
        text = geodata.provenance(name).get("attribution") or ""
        for part in text.split(";"):
            credit = part.split(", via ")[0].strip()
            if credit and credit not in credits:
                credits.append(credit)
    credits.append(EVENTS_ATTRIBUTION)
    return credits


class _Attribution(MacroElement):
    """Credits in the map's attribution control, after a plain "Leaflet" prefix."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.setPrefix(
            '<a href="https://leafletjs.com" target="_blank" rel="noopener">Leaflet</a>'
        );
        {%- for credit in this.credits %}
        {{ this._parent.get_name() }}.attributionControl.addAttribution({{ credit|tojson }});
        {%- endfor %}
        {% endmacro %}
        """
    )

    def __init__(self, credits: list[str]):
        super().__init__()
        self._name = "Attribution"
        self.credits = [html.escape(credit) for credit in credits]


def _base_layer(
    name: str, show: bool, served: bool = False, url: str | None = None
) -> GeoJsonLayer:
    """The layer in its own pane, below the events (400), in the order of ``LAYERS``."""
    if url is None and served:
        url = _served_layer_url(name)
    return GeoJsonLayer(
        None if url else _layer_json(name),
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
        return assets.publish_json(name, _layer_json(name))
    except OSError:
        return None


@functools.cache
def _layer_json(name: str) -> str:
    """The layer's features with style, tooltip and dates, serialised once per process.

    The post-ceasefire layers are valid from 10 November 2020; each control zone from its
    own ``valid_from`` to ``valid_to``.
    """
    if name == "control_zones":
        return feature_collection_json(_control_zone_features(geodata.load_layer(name)))
    features = _boundary_features(name)
    if name in POST_CEASEFIRE_LAYERS:
        for feature in features:
            feature["properties"]["valid_from"] = CEASEFIRE_IN_FORCE.isoformat()
    return feature_collection_json(features)


def _boundary_features(name: str) -> list[dict]:
    layer = geodata.load_layer(name)
    layer_style = _leaflet_style(style.LAYER_STYLES.get(name, {}))
    features = []
    for row, geometry in zip(
        layer.drop(columns="geometry").to_dict("records"), layer.geometry, strict=True
    ):
        if geometry is None or geometry.is_empty:
            continue
        feature_style = layer_style
        if row.get("part") == "route":
            feature_style = {**layer_style, "fillOpacity": 0.0, "weight": 3}
        elif row.get("part") == "point":
            feature_style = {**layer_style, "radius": 5, "fillOpacity": 0.9}
        properties = {"style": feature_style}
        label = _both_names(row)
        if label:
            properties["tooltip"] = html.escape(label)
        features.append(
            {"type": "Feature", "geometry": geometry.__geo_interface__, "properties": properties}
        )
    return features


def _control_zone_features(control: gpd.GeoDataFrame) -> list[dict]:
    """Styled features of control zones, each with the dates it holds (inclusive).

    Zones are filled in their controller's colour; approximate ones have a dashed outline
    and say "approximate" in their tooltip and popup.
    """
    base = _leaflet_style(style.LAYER_STYLES["control_zones"])
    features = []
    for row, geometry in zip(
        control.drop(columns="geometry").to_dict("records"), control.geometry, strict=True
    ):
        if geometry is None or geometry.is_empty:
            continue
        controller = str(row.get("controller", ""))
        colour = style.CONTROLLER_COLOURS.get(controller, "#888888")
        precision = _text(row.get("precision"))
        approximate = bool(row.get("approximate", precision != "exact"))
        label = style.CONTROLLER_LABELS.get(controller, controller)
        if _text(row.get("label")):
            label = f"{row['label']}: {label[0].lower()}{label[1:]}"
        if approximate:
            label += " (approximate)"
        features.append(
            {
                "type": "Feature",
                "geometry": geometry.__geo_interface__,
                "properties": {
                    "style": {
                        **base,
                        "color": colour,
                        "fillColor": colour,
                        "dashArray": "4 4" if approximate else None,
                    },
                    "id": html.escape(str(row.get("id", ""))),
                    "tooltip": html.escape(label),
                    "popup": _zone_popup(label, row),
                    "valid_from": _iso_day(row.get("valid_from")),
                    "valid_to": _iso_day(row.get("valid_to")),
                },
            }
        )
    return features


def _iso_day(value: object) -> str | None:
    return None if value is None or pd.isna(value) else str(value)[:10]


def _text(value: object) -> str:
    """Return a text cell as str; missing values (None, NaN) as ''."""
    return value if isinstance(value, str) else ""


def source_links(urls: Iterable[object]) -> list[str]:
    """Return an escaped link per source, named by its site; non-web text is not linked.

    Two sources on the same site are numbered ("en.wikipedia.org 1", "... 2"), and each
    link shows its full address on hover, so that a reader can tell them apart.
    """
    texts = [str(url).strip() for url in urls if isinstance(url, str) and url.strip()]
    sites = [_site(text) for text in texts]
    seen: dict[str, int] = {}
    links = []
    for text, site in zip(texts, sites, strict=True):
        if site is None:
            links.append(html.escape(text))
            continue
        seen[site] = seen.get(site, 0) + 1
        label = f"{site} {seen[site]}" if sites.count(site) > 1 else site
        address = html.escape(text, quote=True)
        links.append(
            f'<a href="{address}" title="{address}" target="_blank" '
            f'rel="noopener noreferrer">{html.escape(label)}</a>'
        )
    return links


def _site(text: str) -> str | None:
    if not text.lower().startswith(("http://", "https://")):
        return None
    return text.split("/")[2].removeprefix("www.")


def _zone_popup(label: str, row: dict) -> str:
    escape = html.escape
    parts = [f"<h4>{escape(label)}</h4>"]
    valid_from, valid_to = row.get("valid_from"), row.get("valid_to")
    if valid_from is not None:
        parts.append(f"<p class='meta'>From {escape(str(valid_from)[:10])}")
        if valid_to is not None and pd.notna(valid_to):
            parts[-1] += f" to {escape(str(valid_to)[:10])}"
        parts[-1] += "</p>"
    sources = row.get("sources")
    if isinstance(sources, str):
        sources = [part for part in sources.split(" | ") if part]
    if sources:
        links = "".join(f"<li>{link}</li>" for link in source_links(sources))
        parts.append(f"<p><b>Sources</b></p><ul>{links}</ul>")
    return "".join(parts)


def _both_names(row: dict) -> str:
    names = []
    for key in ("name", "name_hy", "name_az"):
        value = row.get(key)
        if isinstance(value, str) and value and value not in names:
            names.append(value)
    return "/".join(names)


def _leaflet_style(options: dict[str, object]) -> dict[str, object]:
    """Translate folium-style snake_case path options into Leaflet's camelCase."""
    return {
        "".join(
            part if i == 0 else part.capitalize() for i, part in enumerate(key.split("_"))
        ): value
        for key, value in options.items()
    }
