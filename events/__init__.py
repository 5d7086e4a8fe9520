"""The dated record of the 2020 Nagorno-Karabakh war and loaders for analysts' event formats.

The public names are imported lazily so that ``import events`` stays cheap; pandas and
geopandas load on first use.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "KINDS": "events.schema",
    "STATUSES": "events.schema",
    "LOCATION_PRECISIONS": "events.schema",
    "EventDataError": "events.schema",
    "load_events": "events.loader",
    "read_events": "events.loader",
    "EventIndex": "events.index",
    "on": "events.index",
    "until": "events.index",
    "between": "events.index",
    "validate_file": "events.validate",
    "ValidationReport": "events.validate",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'events' has no attribute {name!r}")
    return getattr(importlib.import_module(module_name), name)
