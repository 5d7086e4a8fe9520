"""Read a CSV in our own schema: the curated record or an analyst's file written like it."""

from __future__ import annotations

import re

import pandas as pd

from events.readers.mapping import MappedEvents
from events.readers.table import read_table, require_columns
from events.schema import COLUMNS, RECORD_PERIOD


def read_own_csv(text: str, name: str, curated: bool = False) -> MappedEvents:
    """Map a CSV in our schema (events/README.md) to itself, strictly.

    Parameters
    ----------
    text
        The decoded CSV.
    name
        File name for messages.
    curated
        True for the curated record: its actors must come from the fixed list and its dates
        from the war's period.

    Returns
    -------
    MappedEvents
        Every row; any problem rejects the whole file (``strict``).
    """
    table = read_table(text, name)
    frame = table.frame
    require_columns(frame, COLUMNS, name, "our CSV schema (events/README.md)")
    return MappedEvents(
        frame=_without_formula_guards(frame[list(COLUMNS)]),
        format="csv",
        details="curated record (our schema)" if curated else "CSV in our schema",
        columns_mapped={column: column for column in COLUMNS},
        columns_ignored=[column for column in frame.columns if column not in COLUMNS],
        strict=True,
        url_sources=True,
        actor_vocabulary=curated,
        period=RECORD_PERIOD if curated else None,
        date_layouts="YYYY-MM-DD",
        notes=table.notes,
    )


# The dashboard's CSV export writes a text cell that a spreadsheet would run as a formula
# with a leading apostrophe (dashboard.export.data.spreadsheet_safe); read it back as written.
_FORMULA_GUARD = re.compile(r"^'(?=[=+\-@\t])")


def _without_formula_guards(frame: pd.DataFrame) -> pd.DataFrame:
    """Remove the apostrophe that guards a formula-like text cell, so exports round-trip."""
    frame = frame.copy(deep=False)
    for column in frame.columns:
        values = frame[column]
        if not (values.dtype == object or pd.api.types.is_string_dtype(values)):
            continue
        # Only the few guarded cells are rewritten: the look-ahead sends a regex replace
        # through Python strings, a copy of every cell (a large file's largest allocation).
        guarded = values.str.startswith("'", na=False)
        if guarded.any():
            unguarded = values[guarded].str.replace(_FORMULA_GUARD, "", regex=True)
            frame[column] = values.mask(guarded, unguarded)
    return frame
