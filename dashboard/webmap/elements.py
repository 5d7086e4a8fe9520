"""The web map's elements: one class per thing drawn on a folium map, folium's own pattern.

Each element renders its script from a template; a script longer than a few lines lives in
a ``.js`` file beside this module, read once and loaded by its element.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
from pathlib import Path

import folium
from branca.element import Element, MacroElement
from folium.template import Template

_HERE = Path(__file__).resolve().parent


@functools.cache
def script_text(name: str) -> str:
    """Return the JavaScript file ``name`` that lives beside this module."""
    return (_HERE / name).read_text(encoding="utf-8")


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
        missing means open): the layer holds them all and draws those valid on the day set
        by :class:`SelectedDay` (needs :class:`DatedLayers` on the map).
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
        {%- if this.dated %}
        window.kdDatedLayers.add({{ this.get_name() }}, {{ this.data_json or "null" }});
        {%- endif %}
        {%- if this.data_url %}
        fetch({{ this.data_url|tojson }})
            .then(function (response) { return response.json(); })
            .then(function (data) {
                {%- if this.dated %}
                window.kdDatedLayers.add({{ this.get_name() }}, data);
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
    ) -> None:
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

    def render(self, **kwargs: object) -> None:
        """Add the layer's script to the page as text (see the class notes for why)."""
        script = self._template.module.script(self, kwargs)
        self.get_root().script.add_child(_Text(script), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class DatedLayers(MacroElement):
    """The map's register of dated layers, which draws the features valid on a given day.

    Its script is ``dated_layers.js``: a layer changes only on the days one of its features
    starts or ends; on the other days setting the day costs a comparison of dates.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this.script }}
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "DatedLayers"
        self.script = script_text("dated_layers.js")


class SelectedDay(MacroElement):
    """Sets the day whose features the map's dated layers draw (see :class:`DatedLayers`)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        if (window.kdDatedLayers) { window.kdDatedLayers.setDay({{ this.day|tojson }}); }
        {% endmacro %}
        """
    )

    def __init__(self, day: dt.date) -> None:
        super().__init__()
        self._name = "SelectedDay"
        self.day = day.isoformat()


class Attribution(MacroElement):
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

    def __init__(self, credits: list[str]) -> None:
        super().__init__()
        self._name = "Attribution"
        self.credits = [html.escape(credit) for credit in credits]


class _Text(Element):
    """A piece of a page that is already rendered: output as is, never parsed as a template."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: object) -> str:
        """Return the text as it is."""
        return self.text
