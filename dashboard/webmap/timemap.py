"""The map's time engine, its date control, legend and title, and the data they are given.

The browser holds the whole war: every event of the record (as columns sorted by day) and
every version of every dated layer. Changing the day redraws only what changed, with no
request to the server; the page hears of the day only once the reader settles on it.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import folium
import numpy as np
import pandas as pd
from branca.element import Element, MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template
from jinja2.utils import htmlsafe_json_dumps

from dashboard import style
from dashboard.state import CEASEFIRE_IN_FORCE, LAYERS, POST_CEASEFIRE_LAYERS, WAR_START
from dashboard.timeline import KEY_DATES, SPEEDS

HERE = Path(__file__).resolve().parent
ENGINE_JS = HERE / "time_engine.js"
CONTROL_JS = HERE / "timeline_control.js"
LEGEND_JS = HERE / "legend.js"
ADDRESS_JS = HERE / "address.js"
CONTROLS_CSS = HERE / "controls.css"
MONTHS = [dt.date(2020, month, 1).strftime("%B") for month in range(1, 13)]
_TEXT_COLUMNS = ("id", "title", "description", "place_name", "time", "fatalities_source")
_LIST_COLUMNS = ("claimed_by", "denied_by", "actors", "sources")


class RawScript(Element):
    """A piece of a page that is already rendered: output as is, never parsed as a template."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:
        """Return the text unchanged."""
        return self.text


class TimeEngine(JSCSSMixin, MacroElement):
    """The map's time engine (``time_engine.js``), created as ``window.kdTime``.

    It must be added to the map before the layers that register with it.

    Parameters
    ----------
    config : dict
        From :func:`engine_config`: the timeline's range, the opening day, mode and window,
        the marker styles, the layers and tiles shown.
    scripts : list of (name, url)
        Where the browser gets the engine's script (a served URL or a ``data:`` URI).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.kdTime = new KdTime({{ this._parent.get_name() }}, {{ this.config_json }});
        {% endmacro %}
        """
    )

    def __init__(self, config: dict[str, Any], scripts: list[tuple[str, str]]):
        super().__init__()
        self._name = "TimeEngine"
        self.config_json = htmlsafe_json_dumps(config)
        self.default_js = scripts


class TimelineControl(JSCSSMixin, MacroElement):
    """The date control on the map (``timeline_control.js``) driving ``window.kdTime``."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.kdTimeline = new KdTimeline(window.kdTime, {{ this.options_json }})
            .addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, scripts: list[tuple[str, str]], styles: list[tuple[str, str]]):
        super().__init__()
        self._name = "TimelineControl"
        self.options_json = htmlsafe_json_dumps(
            {
                "speeds": [
                    {"label": label, "days_per_second": speed} for label, speed in SPEEDS.items()
                ],
                "key_dates": [{"day": day.isoformat(), "label": label} for day, label in KEY_DATES],
                "war_start": WAR_START.isoformat(),
                "ceasefire": CEASEFIRE_IN_FORCE.isoformat(),
            }
        )
        self.default_js = scripts
        self.default_css = styles


class AddressBar(JSCSSMixin, MacroElement):
    """Keeps a published map's view in its address, and opens on the view an address names."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        kdFollowAddress(window.kdTime, {{ this.layers_json }});
        {% endmacro %}
        """
    )

    def __init__(self, scripts: list[tuple[str, str]]):
        super().__init__()
        self._name = "AddressBar"
        self.layers_json = htmlsafe_json_dumps(list(LAYERS))
        self.default_js = scripts


class MapLegend(JSCSSMixin, MacroElement):
    """The legend on the map (``legend.js``): what is drawn on the selected day, foldable."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        new KdLegend(window.kdTime, {{ this.legend_json }}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, scripts: list[tuple[str, str]], layer_names: Sequence[str]):
        super().__init__()
        self._name = "MapLegend"
        self.legend_json = htmlsafe_json_dumps(legend_config(layer_names))
        self.default_js = scripts


class MapTitle(JSCSSMixin, MacroElement):
    """A title box on the map, for a map that stands alone (``legend.js``)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        new KdTitle({{ this.title|tojson }}, {{ this.subtitle|tojson }})
            .addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, title: str, subtitle: str, scripts: list[tuple[str, str]]):
        super().__init__()
        self._name = "MapTitle"
        self.title = title
        self.subtitle = subtitle
        self.default_js = scripts


class EventsLayer(folium.FeatureGroup):
    """The events layer: the engine draws into it the events of the view on the day.

    It hands the engine its events, as a URL the browser fetches (the app: the file is
    cached by the browser and shared by sessions) or as data written into the page (a
    standalone file).

    Parameters
    ----------
    url : str, optional
        Where the browser fetches the payload of :func:`events_payload`.
    payload : dict, optional
        The payload itself.
    mask : str or None
        :func:`filter_mask` of the view's filters; None shows every event.
    show : bool
        Whether the layer is on when the map opens.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.featureGroup();
        window.kdTime.setEventsLayer({{ this.get_name() }});
        {%- if this.show %}
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {%- endif %}
        window.kdTime.configure({mask: {{ this.mask_json }}});
        {%- if this.url %}
        window.kdTime.loadDataset({{ this.url|tojson }});
        {%- elif this.payload_json != "null" %}
        window.kdTime.setDataset({{ this.payload_json }}, "inline");
        {%- endif %}
        {% endmacro %}
        """
    )

    def __init__(
        self,
        url: str | None = None,
        payload: dict | None = None,
        mask: str | None = None,
        show: bool = True,
    ):
        super().__init__(name="Events", overlay=True, control=True, show=show)
        self._name = "EventsLayer"
        self.url = url
        self.payload_json = htmlsafe_json_dumps(payload) if payload is not None else "null"
        self.mask_json = htmlsafe_json_dumps(mask)

    def render(self, **kwargs) -> None:
        """Add the script as plain text (folium's Layer.render would add a second ``addTo``)."""
        script = self._template.module.script(self, kwargs)
        self.get_root().script.add_child(RawScript(script), name=self.get_name())


class DatasetDelivery(folium.FeatureGroup):
    """Hands the app's map a new set of events without reloading the map.

    streamlit-folium runs the script of the groups it is given (``feature_group_to_add``)
    inside the map whenever they change, and this group's script gives the engine its
    events: a URL to fetch (a record shared by every session) or the data itself (a
    session's upload, which is never written to disk). The group itself stays empty.

    Parameters
    ----------
    key : str
        Names the dataset; the engine ignores a dataset it already holds.
    url : str, optional
        Where the browser fetches the payload of :func:`events_payload`.
    payload_text : str, optional
        :func:`payload_json` of the events, written into the script.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.featureGroup();
        {%- if this.url %}
        window.kdTime.loadDataset({{ this.url|tojson }});
        {%- else %}
        window.kdTime.setDataset({{ this.payload_text }}, {{ this.key|tojson }});
        {%- endif %}
        {% endmacro %}
        """
    )

    def __init__(self, key: str, url: str | None = None, payload_text: str | None = None):
        super().__init__(name="Dataset", control=False)
        # streamlit-folium names the groups it swaps in after FeatureGroup's variable names.
        self._name = "FeatureGroup"
        self.key = key
        self.url = url
        self.payload_text = _script_safe(payload_text or "null")

    def render(self, **kwargs) -> None:
        """Add the script as plain text: the payload must not be parsed as a template."""
        script = self._template.module.script(self, kwargs)
        self.get_root().script.add_child(RawScript(script), name=self.get_name())


class TileSwitch(MacroElement):
    """Registers the map's online tile layers with the engine, which shows one or none."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {%- for name, layer in this.layers %}
        window.kdTime.registerTiles({{ name|tojson }}, {{ layer.get_name() }});
        {%- endfor %}
        window.kdTime.setTiles({{ this.shown|tojson }});
        {% endmacro %}
        """
    )

    def __init__(self, layers: dict[str, folium.TileLayer], shown: str):
        super().__init__()
        self._name = "TileSwitch"
        # Names are read when the script is written: streamlit-folium renames the elements.
        self.layers = list(layers.items())
        self.shown = shown


def engine_config(
    day: dt.date,
    first: dt.date,
    last: dt.date,
    mode: str = "day",
    window_days: int = 7,
    tiles: str = "vector",
) -> dict[str, Any]:
    """Return the engine's settings: range, opening view, and the styles of markers.

    Parameters
    ----------
    day : datetime.date
        The day the map opens on.
    first, last : datetime.date
        The timeline's range (uploaded files may widen it).
    mode : str
        ``"day"``, ``"cumulative"`` or ``"window"``.
    window_days : int
        Width of the window in ``"window"`` mode.
    tiles : str
        ``"vector"`` or the name of an online tile set.

    Returns
    -------
    dict
        JSON-serialisable settings for :class:`TimeEngine`.
    """
    return {
        "first": first.isoformat(),
        "last": last.isoformat(),
        "day": min(last, max(first, day)).isoformat(),
        "mode": mode,
        "window": window_days,
        "tiles": tiles,
        "months": MONTHS,
        "radius": style.EVENT_RADIUS,
        "fade": {"days": style.FADE_DAYS, "floor": style.FADE_FLOOR},
        "kinds": {
            kind: {"colour": colour, "label": style.KIND_LABELS.get(kind, kind)}
            for kind, colour in style.KIND_COLOURS.items()
        },
        "statuses": style.STATUS_STYLES,
    }


_LINE_LAYERS = frozenset({"rivers", "contact_line_1994", "contact_line_2020"})


def legend_config(layer_names: Sequence[str]) -> dict[str, Any]:
    """Return what the map's legend lists: event kinds and statuses, and each layer's key.

    Parameters
    ----------
    layer_names : sequence of str
        The geodata layers the map has; the legend shows those switched on and existing
        on the selected day (the post-ceasefire layers from 10 November 2020).

    Returns
    -------
    dict
        ``kinds`` and ``statuses`` (label and drawing style) and ``layers`` (key, dates,
        and entries with a label, a shape and Leaflet path options).
    """
    layers = []
    for name in LAYERS:
        if name not in layer_names:
            continue
        options = _leaflet_options(style.LAYER_STYLES.get(name, {}))
        label = style.LAYER_LABELS.get(name, name)
        shape = "line" if name in _LINE_LAYERS else "area"
        entries = [{"label": label, "shape": shape, "style": options}]
        if name == "control_zones":
            entries = [
                {
                    "label": style.CONTROLLER_LABELS[controller],
                    "shape": "area",
                    "style": {**options, "color": colour, "fillColor": colour},
                }
                for controller, colour in style.CONTROLLER_COLOURS.items()
            ] + [
                {
                    "label": "Approximate zone (dashed outline)",
                    "shape": "area",
                    "style": {"color": "#555555", "weight": 1.5, "dashArray": "4 4"},
                }
            ]
        layers.append(
            {
                "key": name,
                "from": CEASEFIRE_IN_FORCE.isoformat() if name in POST_CEASEFIRE_LAYERS else None,
                "entries": entries,
            }
        )
    return {
        "kinds": [
            {"label": style.KIND_LABELS.get(kind, kind), "colour": colour}
            for kind, colour in style.KIND_COLOURS.items()
        ],
        "statuses": list(style.STATUS_STYLES.values()),
        "layers": layers,
    }


def _leaflet_options(options: dict[str, object]) -> dict[str, object]:
    """folium's snake_case path options as Leaflet's camelCase."""
    return {folium.utilities.camelize(key): value for key, value in options.items()}


def events_payload(record: pd.DataFrame) -> dict[str, Any]:
    """Return the record as the columns the engine draws from, in the record's order.

    The record is sorted by date (as ``events.load_events`` returns it); the engine relies
    on that to find a day's events by binary search. Text stays raw: the browser writes it
    with ``textContent``, never as HTML.

    Parameters
    ----------
    record : GeoDataFrame
        Events as from ``events.load_events``.

    Returns
    -------
    dict
        ``first`` (ISO day of day number 0), ``day`` (day numbers), ``lat``, ``lon``,
        ``kind`` and ``status`` (indices into ``kinds`` and ``statuses``), the text columns
        and the list columns.
    """
    dates = record["date"].to_numpy(dtype="datetime64[D]")
    if len(dates) and (np.diff(dates.astype(np.int64)) < 0).any():
        raise ValueError("events_payload needs the record sorted by date, as load_events returns")
    first = dates.min() if len(dates) else np.datetime64(WAR_START, "D")
    kinds = sorted(set(record["kind"]) | set(style.KIND_COLOURS))
    statuses = sorted(set(record["status"]) | set(style.STATUS_STYLES))
    points = record.geometry
    payload: dict[str, Any] = {
        "first": str(first),
        "day": (dates - first).astype(int).tolist(),
        "lat": np.round(points.y.to_numpy(), 5).tolist(),
        "lon": np.round(points.x.to_numpy(), 5).tolist(),
        "kinds": kinds,
        "statuses": statuses,
        "kind": [kinds.index(kind) for kind in record["kind"]],
        "status": [statuses.index(status) for status in record["status"]],
        "approx": (record["date_precision"] == "approximate").astype(int).tolist(),
    }
    for column in _TEXT_COLUMNS:
        values = record[column] if column in record else pd.Series([""] * len(record))
        payload["place" if column == "place_name" else column] = [
            value if isinstance(value, str) else "" for value in values
        ]
    for column in _LIST_COLUMNS:
        values = record[column] if column in record else [[]] * len(record)
        payload[column] = [list(value) if _is_list(value) else [] for value in values]
    fatalities = record["fatalities"] if "fatalities" in record else [None] * len(record)
    payload["fatalities"] = [None if pd.isna(value) else int(value) for value in fatalities]
    return payload


def payload_json(record: pd.DataFrame) -> str:
    """Serialise :func:`events_payload` compactly (served as a file or written in a page)."""
    return json.dumps(events_payload(record), ensure_ascii=False, separators=(",", ":"))


def filter_mask(record: pd.DataFrame, kept: Sequence[bool] | np.ndarray) -> str | None:
    """Return which events of the record pass the filters, as the engine reads it.

    Parameters
    ----------
    record : DataFrame
        The record the engine holds.
    kept : array of bool
        One flag per row of ``record``, True where the view's filters keep the event.

    Returns
    -------
    str or None
        A little-endian bit set in base64 (20,000 events: about 3.4 KB), or None when every
        event is kept.
    """
    flags = np.asarray(kept, dtype=bool)
    if len(flags) != len(record):
        raise ValueError(f"filter_mask: {len(flags)} flags for {len(record)} events")
    if flags.all():
        return None
    return base64.b64encode(np.packbits(flags, bitorder="little").tobytes()).decode("ascii")


def _script_safe(json_text: str) -> str:
    """Make JSON text safe inside a ``<script>`` (as Jinja's ``htmlsafe_json_dumps`` does)."""
    return (
        json_text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("'", "\\u0027")
    )


def _is_list(value: object) -> bool:
    return isinstance(value, list | tuple | np.ndarray)
