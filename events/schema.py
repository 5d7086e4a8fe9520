"""The event schema: column order, fixed vocabularies, limits and the error raised on bad input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import NamedTuple

from geodata import periods

#: Columns of the curated CSV (events/data/events.csv), in file order.
COLUMNS = (
    "id",
    "date",
    "time",
    "date_precision",
    "title",
    "description",
    "kind",
    "place",
    "lat",
    "lon",
    "location_precision",
    "status",
    "claimed_by",
    "denied_by",
    "actors",
    "fatalities",
    "fatalities_source",
    "sources",
)

#: Columns holding several values separated by :data:`MULTI_SEPARATOR`.
MULTI_VALUED = ("claimed_by", "denied_by", "actors", "sources")
MULTI_SEPARATOR = " | "

KINDS = (
    "fighting",
    "capture",
    "strike",
    "ceasefire",
    "diplomacy",
    "political",
    "humanitarian",
    "peacekeeping",
    # an event no kind above fits, or one whose file gives nothing to place it by
    "other",
)
STATUSES = ("confirmed", "claimed", "disputed")
LOCATION_PRECISIONS = ("exact", "town", "district", "region")
DATE_PRECISIONS = ("day", "approximate")

#: Actor names of the curated record; external formats keep their own actor names.
ACTORS = (
    "Azerbaijan",
    "Armenia",
    "Artsakh",
    "Russia",
    "Turkey",
    "Iran",
    "France",
    "United States",
    "OSCE Minsk Group",
    "ICRC",
    "United Nations",
)

#: Columns of the loaded GeoDataFrame, in order (``geometry`` last).
OUTPUT_COLUMNS = (
    "id",
    "date",
    "time",
    "date_precision",
    "title",
    "description",
    "kind",
    "place",
    "place_name",
    "location_precision",
    "status",
    "claimed_by",
    "denied_by",
    "actors",
    "fatalities",
    "fatalities_source",
    "sources",
    "origin",
    "geometry",
)

#: The period the curated record covers: the war, the ceasefire and its aftermath.
RECORD_PERIOD = (periods.WAR_START, periods.AFTERMATH_END)
#: Dates accepted from other files: anything from 1900 to today.
EARLIEST_DATE = dt.date(1900, 1, 1)

CURATED_PATH = Path(__file__).resolve().parent / "data" / "events.csv"

#: Upload limits of the dashboard (the command line has none).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_UPLOAD_ROWS = 500_000

#: Format names accepted by ``format=`` and ``--format``.
FORMATS = ("csv", "acled", "ucdp", "geojson", "timemap", "table")


class Problem(NamedTuple):
    """One problem found in an input file.

    ``row`` is 1-based and counts the header line as row 1 (so the first data row is row 2);
    in a CSV without a header the first data row is row 1; in GeoJSON it is the feature's
    position, from 1. ``row`` is None for a problem with the whole file.
    """

    row: int | None
    column: str
    reason: str


#: Longest value quoted in a problem message: a 1 MB URL must not travel whole to the page.
SHOWN_CHARACTERS = 80


def cut(value: object, limit: int = SHOWN_CHARACTERS) -> str:
    """``value`` as text, cut to ``limit`` characters with a note of how long it was.

    Parameters
    ----------
    value
        Any value from a file, quoted in a message.
    limit
        Characters kept.

    Returns
    -------
    str
        The text itself when short enough, else its start and "… (N characters)".
    """
    text = str(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text):,} characters)"


def format_problem(source: str, problem: Problem) -> str:
    """Render a problem as ``file:row:column: reason`` (row and column left out when absent)."""
    parts = [cut(source)]
    if problem.row is not None:
        parts.append(str(problem.row))
    if problem.column:
        parts.append(problem.column)
    return ":".join(parts) + ": " + problem.reason


class EventDataError(ValueError):
    """Event input that cannot be loaded; the message lists every problem found.

    Parameters
    ----------
    source
        The file name (or upload name) the problems refer to.
    problems
        Every problem, each rendered as ``file:row:column: reason``.
    message
        The text to show instead of the list (e.g. a whole report with its first problems);
        None lists every problem.
    """

    def __init__(self, source: str, problems: list[Problem], message: str | None = None) -> None:
        self.source = source
        self.problems = list(problems)
        if message is None:
            count = len(self.problems)
            header = f"{cut(source)}: {count} problem{'s' if count != 1 else ''} found"
            if any(problem.row is not None for problem in self.problems):
                header += " (rows counted from 1, the header line being row 1)"
            lines = [header + ":"] + [format_problem(source, problem) for problem in self.problems]
            message = "\n".join(lines)
        super().__init__(message)
