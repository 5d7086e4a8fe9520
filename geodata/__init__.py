"""Geography of the 2020 Nagorno-Karabakh war: boundaries, gazetteer and dated control zones.

The public functions are imported lazily so that ``import geodata`` stays cheap; the heavy
geospatial stack (geopandas, shapely, pyproj) loads on first use.
"""

from __future__ import annotations

import importlib
from typing import Any

#: The layers, bottom to top: the order in which the maps stack them and list them. Context
#: first (countries, districts, rivers), then the conflict's boundaries, the zones of the
#: selected day and, on top, the lines and areas of the statement of 9/10 November 2020.
LAYER_ORDER = (
    "countries",
    "districts",
    "rivers",
    "karabakh",
    "nakhchivan",
    "shusha",
    "contact_line_1994",
    "control_zones",
    "contact_line_2020",
    "peacekeeping_zone",
    "lachin_corridor",
    "nakhchivan_corridor",
)

_EXPORTS = {
    "layer_names": "geodata.layers",
    "load_layer": "geodata.layers",
    "load_places": "geodata.layers",
    "load_settlements": "geodata.settlements",
    "provenance": "geodata.layers",
    "attribution": "geodata.layers",
    "fold": "geodata.names",
    "is_exonym": "geodata.names",
    "ordered_names": "geodata.names",
    "english_spelling": "geodata.names",
    "place_label": "geodata.names",
    "place_labels": "geodata.names",
    "same_name": "geodata.names",
    "place_spellings": "geodata.names",
    "search_terms": "geodata.names",
    "control_at": "geodata.control",
    "control_area_by_day": "geodata.control",
}

__all__ = ["LAYER_ORDER", *sorted(_EXPORTS)]


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'geodata' has no attribute {name!r}")
    return getattr(importlib.import_module(module_name), name)
