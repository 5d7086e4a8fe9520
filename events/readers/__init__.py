"""Readers of event files, one module per format family, behind one dispatcher.

Each reader turns decoded text into :class:`~events.readers.mapping.MappedEvents`; the
checks common to every format live in :mod:`events.normalise`. Reader modules are imported
only when their format is read, so that ``import events`` stays cheap.
"""

from __future__ import annotations

import importlib

from events.readers.mapping import MappedEvents

#: The module and function reading each format of :data:`events.schema.FORMATS`.
_READERS = {
    "csv": ("events.readers.ours", "read_own_csv"),
    "acled": ("events.readers.acled", "read_acled"),
    "ucdp": ("events.readers.ucdp", "read_ucdp"),
    "geojson": ("events.readers.geojson", "read_geojson"),
    "timemap": ("events.readers.records", "read_timemap"),
    "table": ("events.readers.records", "read_generic_csv"),
}


def read_mapped(text: str, name: str, format: str, curated: bool = False) -> MappedEvents:
    """Read decoded ``text`` in ``format`` and map it to our columns.

    Parameters
    ----------
    text
        The decoded file.
    name
        File name for messages.
    format
        One of :data:`events.schema.FORMATS` (already detected or given).
    curated
        True for the curated record (read strictly, with its fixed actors and period).

    Returns
    -------
    MappedEvents
        The rows mapped to our columns, with the problems the reader found.
    """
    module_name, function_name = _READERS[format]
    read = getattr(importlib.import_module(module_name), function_name)
    if format == "csv":
        return read(text, name, curated=curated)
    return read(text, name)
