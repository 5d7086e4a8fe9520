"""Place names on the web map: which places are labelled, in what order of names, by priority.

The browser places the labels (``labels.js``): most important first, each where it
overlaps no label already placed, again after every pan and zoom, so that a zoomed-out
map names the countries and the main towns and a zoomed-in map names the villages too.
"""

from __future__ import annotations

import functools
from pathlib import Path

from branca.element import MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template
from jinja2.utils import htmlsafe_json_dumps

import geodata
from dashboard.export.frame import LABELLED_PLACES
from dashboard.state import NAME_ORDERS, NameOrder

HERE = Path(__file__).resolve().parent
LABELS_JS = HERE / "labels.js"
# Not "labels.css": folium keys scripts and stylesheets alike by file stem.
LABELS_CSS = HERE / "place_names.css"

#: Label classes, most important first: a class's labels are placed before the next's, and
#: none is shown below its least zoom.
RANKS = ("country", "region", "city", "town", "village")
MIN_ZOOM = {"country": 0, "region": 6, "city": 7, "town": 8, "village": 10}
_RANK_OF_KIND = {
    "capital": "city",
    "city": "city",
    "town": "town",
    "village": "village",
    "site": "village",
    "bridge": "village",
}

#: Where the names of countries and regions sit: a point placed by hand well inside the
#: outline of the layer that names it (tests check that each lies inside), clear of the
#: towns of the war.
AREA_LABELS = (
    ("countries", "Armenia", "country", 39.78, 45.30),
    ("countries", "Azerbaijan", "country", 40.15, 48.00),
    ("countries", "Iran", "country", 38.55, 46.60),
    ("countries", "Georgia", "country", 41.55, 44.90),
    ("countries", "Turkey", "country", 39.90, 43.30),
    ("countries", "Russia", "country", 42.60, 46.90),
    ("karabakh", "Nagorno-Karabakh Autonomous Oblast (1923-1991)", "region", 40.08, 46.52),
    ("nakhchivan", "Nakhchivan Autonomous Republic", "region", 39.45, 45.15),
)
# The short forms the map writes for the regions' long official names.
_SHORT = {
    "Nagorno-Karabakh Autonomous Oblast (1923-1991)": "Nagorno-Karabakh (former NKAO)",
    "Nakhchivan Autonomous Republic": "Nakhchivan",
}
# The regions' short Azerbaijani names, first in the "az" order: the layers' ``name_az``
# (Dağlıq Qarabağ Muxtar Vilayəti, Naxçıvan Muxtar Respublikası) without the status.
_SHORT_AZ = {
    "Nagorno-Karabakh Autonomous Oblast (1923-1991)": "Dağlıq Qarabağ/Nagorno-Karabakh",
    "Nakhchivan Autonomous Republic": "Naxçıvan/Nakhchivan",
}


@functools.cache
def label_points() -> list[dict]:
    """Return every label of the map, most important first.

    Each label has ``id``, ``lat``, ``lon``, ``rank`` (one of :data:`RANKS`), ``min_zoom``
    and ``text``: the label in each name order of :data:`dashboard.state.NAME_ORDERS`.
    Countries and capitals are written with their common English name only, in every
    order: they are exonyms, not contested names. The regions lead with their Azerbaijani
    name in the "az" order.
    """
    labels = []
    for layer, name, rank, lat, lon in AREA_LABELS:
        text = dict.fromkeys(NAME_ORDERS, _SHORT.get(name, name))
        if name in _SHORT_AZ:
            text["az"] = _SHORT_AZ[name]
        labels.append(_label(f"{layer}:{name}", lat, lon, rank, text))
    places = geodata.load_places()
    key = {place: number for number, place in enumerate(LABELLED_PLACES)}
    rows = sorted(
        places.itertuples(),
        key=lambda row: (
            RANKS.index(_RANK_OF_KIND[row.kind]),
            key.get(row.id, len(key)),
        ),
    )
    for row in rows:
        text = {order: geodata.place_label(row.id, order) for order in NAME_ORDERS}
        rank = _RANK_OF_KIND[row.kind]
        labels.append(_label(row.id, row.geometry.y, row.geometry.x, rank, text))
    return labels


def _label(label_id: str, lat: float, lon: float, rank: str, text: dict) -> dict:
    return {
        "id": label_id,
        "lat": round(lat, 5),
        "lon": round(lon, 5),
        "rank": rank,
        "min_zoom": MIN_ZOOM[rank],
        "text": text,
    }


class PlaceLabels(JSCSSMixin, MacroElement):
    """The place names on the map (``labels.js``, in the engine's script bundle), without overlap.

    The labels follow the engine's ``names`` setting (``kdTime.configure({names: ...})``),
    so the page changes the order of names without rebuilding the map.

    Parameters
    ----------
    names : {"common", "hy", "az"}
        The name order the map opens with.
    styles : list of (name, url)
        Where the browser gets ``place_names.css``.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        new KdPlaceLabels(window.kdTime, {{ this.labels_json }}, {{ this.names|tojson }})
            .addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, names: NameOrder, styles: list[tuple[str, str]]):
        super().__init__()
        self._name = "PlaceLabels"
        self.labels_json = htmlsafe_json_dumps(label_points())
        self.names = names
        self.default_css = styles
