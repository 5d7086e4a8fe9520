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


def read_mapped(
    text: str | list[str], name: str, format: str, curated: bool = False
) -> MappedEvents:
    """Read decoded ``text`` in ``format`` and map it to our columns.

    Parameters
    ----------
    text
        The decoded file, or a list holding it, which is emptied: the reader then holds
        the only reference and lets go of the text once it is read (a JSON file is no longer
        needed once streamed into columns), so the text and the mapped rows are not held
        whole at the same time.
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
    # popped in the call, not into a name of this frame, which would hold it to the end
    if format == "csv":
        return read(text.pop() if isinstance(text, list) else text, name, curated=curated)
    return read(text.pop() if isinstance(text, list) else text, name)
