"""The web map's elements: one class per thing drawn on a folium map, folium's own pattern.

Each element renders its script from a template; a script longer than a few lines lives in
a ``.js`` file beside this module, loaded by its element (the time engine's elements are in
:mod:`dashboard.webmap.timemap`).
"""

from __future__ import annotations

import html

import folium
from branca.element import Element, MacroElement
from folium.template import Template


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
    show : bool
        Whether the layer is on when the map opens.
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
        *,
        show: bool = True,
        data_url: str | None = None,
        pane: str | None = None,
        z_index: int = 400,
        dated: bool = False,
        key: str | None = None,
    ) -> None:
        super().__init__(name=name, overlay=True, control=True, show=show)
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

    def render(self, **kwargs: object) -> None:
        """Add the layer's script to the page as text (see the class notes for why)."""
        script = self._template.module.script(self, kwargs)
        self.get_root().script.add_child(RawText(script), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


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


class RawText(Element):
    """A piece of a page that is already rendered: output as is, never parsed as a template."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: object) -> str:
        """Return the text as it is."""
        return self.text
