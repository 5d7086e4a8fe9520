"""The time engine's elements: the engine, its date control, legend, title and data delivery.

The browser holds the whole war: every event of the record (as columns sorted by day, see
:mod:`dashboard.webmap.timedata`) and every version of every dated layer. Changing the day
redraws only what changed, with no request to the server; the page hears of the day only
once the reader settles on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import folium
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template
from jinja2.utils import htmlsafe_json_dumps

from dashboard import style
from dashboard.state import LAYERS
from dashboard.timeline import CEASEFIRE_IN_FORCE, KEY_DATES, SPEEDS, WAR_START
from dashboard.webmap import timedata
from dashboard.webmap.elements import RawText
from dashboard.webmap.features import leaflet_style

HERE = Path(__file__).resolve().parent
ENGINE_JS = HERE / "time_engine.js"
CONTROL_JS = HERE / "timeline_control.js"
LEGEND_JS = HERE / "legend.js"
ADDRESS_JS = HERE / "address.js"
OFFMAP_JS = HERE / "offmap.js"
CHANGES_JS = HERE / "changes.js"
DEFAULT_VIEW_JS = HERE / "default_view.js"
CONTROLS_CSS = HERE / "controls.css"


class TimeEngine(JSCSSMixin, MacroElement):
    """The map's time engine (``time_engine.js``), created as ``window.kdTime``.

    It must be added to the map before the layers that register with it.

    Parameters
    ----------
    config : dict
        From :func:`engine_config`: the timeline's range, the opening day, mode and window,
        the marker styles, the layers and tiles shown.
    scripts : list of (name, url)
        Where the browser gets the engine's script, bundled with those of the elements
        below (a served URL or a ``data:`` URI; see ``assets.script_bundle``).
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
    """The date control on the map (``timeline_control.js``) driving ``window.kdTime``.

    This element and those below load no script of their own: theirs come in the engine's
    bundle (:class:`TimeEngine`).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.kdTimeline = new KdTimeline(window.kdTime, {{ this.options_json }})
            .addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, styles: list[tuple[str, str]]):
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
        self.default_css = styles


class AddressBar(MacroElement):
    """Keeps a published map's view in its address, and opens on the view an address names."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        kdFollowAddress(window.kdTime, {{ this.layers_json }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "AddressBar"
        self.layers_json = htmlsafe_json_dumps(list(LAYERS))


class OffMapEvents(MacroElement):
    """Lists the day's events outside the map's view, with arrows (``offmap.js``)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        new KdOffMap(window.kdTime).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "OffMapEvents"


class ChangesBox(MacroElement):
    """What changed hands since the previous day or window: hatched land and a box (changes.js).

    The changes themselves are in the engine's settings (:func:`timedata.changes_payload`);
    it draws into the layer the engine knows as ``changes`` (added to the map before this
    element), which the engine shows and hides like the page's other layers (and keeps in
    a shared link); the box shows while the layer does.

    Its script is in the engine's bundle (see ``build_map``).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.kdChanges = new KdChanges(window.kdTime, {{ this.options_json }})
            .addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "ChangesBox"
        self.options_json = htmlsafe_json_dumps(
            {"style": leaflet_style(style.LAYER_STYLES["changes"]), "hatch": style.CHANGE_HATCH}
        )


class DefaultView(MacroElement):
    """Opens the map on ``bounds`` in the part its boxes leave free (``default_view.js``).

    Leaflet's own ``fitBounds`` would centre the area on the whole map, under the legend,
    the chips and the timeline; this fits it beside them, and again when the map changes
    size or a box comes, until the reader moves the map. Add it after every control.

    Parameters
    ----------
    bounds : ((float, float), (float, float))
        South-west and north-east corners (latitude, longitude) of what must stay in view.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        window.kdDefaultView = new KdDefaultView(window.kdTime, {{ this.bounds_json }}).start();
        {% endmacro %}
        """
    )

    def __init__(self, bounds: tuple[tuple[float, float], tuple[float, float]]):
        super().__init__()
        self._name = "DefaultView"
        self.bounds_json = htmlsafe_json_dumps([list(corner) for corner in bounds])


class MapLegend(MacroElement):
    """The legend on the map (``legend.js``): what is drawn on the selected day, foldable."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        new KdLegend(window.kdTime, {{ this.legend_json }}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, layer_names: Sequence[str]):
        super().__init__()
        self._name = "MapLegend"
        self.legend_json = htmlsafe_json_dumps(timedata.legend_config(layer_names))


class MapTitle(MacroElement):
    """A title box on the map, for a map that stands alone (``legend.js``)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        new KdTitle({{ this.title|tojson }}, {{ this.subtitle|tojson }})
            .addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, title: str, subtitle: str):
        super().__init__()
        self._name = "MapTitle"
        self.title = title
        self.subtitle = subtitle


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
        self.get_root().script.add_child(RawText(script), name=self.get_name())


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
        self.get_root().script.add_child(RawText(script), name=self.get_name())


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


def _script_safe(json_text: str) -> str:
    """Make JSON text safe inside a ``<script>`` (as Jinja's ``htmlsafe_json_dumps`` does)."""
    return (
        json_text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("'", "\\u0027")
    )
