"""Load the curated event record or an analyst's file (our CSV, ACLED, UCDP GED, GeoJSON)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import BinaryIO

import geopandas as gpd

from events.allocation import share_freed_memory
from events.normalise import finalise
from events.readers import MappedEvents, read_mapped
from events.readers.detect import decode, detect_format, read_source
from events.report import ValidationReport
from events.schema import CURATED_PATH, FORMATS, EventDataError, Problem


def _is_curated(source: object) -> bool:
    return isinstance(source, str | Path) and Path(source).resolve() == CURATED_PATH


def read_events(
    source: str | Path | bytes | BinaryIO,
    format: str | None = None,
    name: str | None = None,
    max_bytes: int | None = None,
    max_rows: int | None = None,
) -> tuple[gpd.GeoDataFrame, ValidationReport]:
    """Read any supported event file; return the good rows and a report of everything found.

    Unlike :func:`load_events` this does not raise for problems in rows: the caller decides
    (the dashboard shows the report; ``load_events`` raises).

    Parameters
    ----------
    source
        A path, bytes, or a binary file object (a Streamlit upload).
    format
        One of :data:`events.schema.FORMATS`; None detects it from the content.
    name
        Name used in messages (default: the file's name).
    max_bytes, max_rows
        Limits (the dashboard's upload limits); None for none.

    Returns
    -------
    tuple
        The events kept (see :func:`load_events` for the columns) and the
        :class:`~events.report.ValidationReport`.

    Raises
    ------
    EventDataError
        For problems with the whole file: unreadable, wrong encoding, not CSV or GeoJSON,
        unknown format, a missing required column, over a limit.
    """
    if format is not None and format not in FORMATS:
        raise ValueError(f"unknown format {format!r}: use one of {', '.join(FORMATS)} or None")
    share_freed_memory()
    curated = _is_curated(source)
    data, name = read_source(source, name, max_bytes)
    text, encoding = decode(data, name)
    del data  # the text replaces the bytes: an upload is held once, not twice
    format = format or detect_format(text, name)
    # handed over in a list the reader empties, so that it can let go of the text once read
    holder = [text]
    del text
    mapped = read_mapped(holder, name, format, curated)
    rows_read = len(mapped.frame) + mapped.rows_merged
    if max_rows is not None and rows_read > max_rows:
        raise EventDataError(
            name,
            [Problem(None, "", f"{rows_read:,} rows is more than the limit of {max_rows:,} rows")],
        )
    events, problems = finalise(mapped, "curated" if curated else name)
    if not rows_read:
        problems.insert(0, Problem(None, "", _NOTHING_TO_LOAD))
    report = _report(name, mapped, rows_read, events, problems)
    report.encoding = encoding
    return events, report


_NOTHING_TO_LOAD = (
    "no data rows: the file has a header but no events under it, so nothing was loaded"
)


def _report(
    name: str,
    mapped: MappedEvents,
    rows_read: int,
    events: gpd.GeoDataFrame,
    problems: list[Problem],
) -> ValidationReport:
    dates = events["date"]
    return ValidationReport(
        source=name,
        format=mapped.format,
        details=mapped.details,
        date_style=mapped.date_style,
        notes=mapped.notes,
        rows_read=rows_read,
        rows_kept=len(events),
        rows_merged=mapped.rows_merged,
        date_min=dates.min().date() if len(events) else None,
        date_max=dates.max().date() if len(events) else None,
        kinds=events["kind"].value_counts().to_dict(),
        columns_mapped=mapped.columns_mapped,
        columns_ignored=mapped.columns_ignored,
        problems=problems,
        strict=mapped.strict,
    )


@functools.lru_cache(maxsize=2)
def _load_curated(path: str, modified_ns: int, size: int) -> gpd.GeoDataFrame:
    """Load the curated record once per version of the file (``modified_ns``, ``size``)."""
    return _load_checked(path, None)


def _load_checked(source: str | Path, format: str | None) -> gpd.GeoDataFrame:
    events, report = read_events(source, format)
    if not report.usable:
        raise EventDataError(report.source, report.problems)
    return events


def load_events(path: str | Path | None = None, format: str | None = None) -> gpd.GeoDataFrame:
    """Load events as a GeoDataFrame (EPSG:4326) sorted by date.

    Parameters
    ----------
    path
        An event file; None for the curated record (events/data/events.csv), which is
        cached until the file changes.
    format
        "csv" (our schema), "acled", "ucdp" or "geojson"; None detects it.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns id, date (datetime64), time, date_precision, title, description, kind, place,
        place_name ("Shusha/Shushi"), location_precision, status, claimed_by, denied_by,
        actors and sources (lists of str, shared between rows with the same text: treat them
        as read-only), fatalities (float, NaN if unknown),
        fatalities_source, origin ("curated" or the file's name), geometry (points).

    Raises
    ------
    EventDataError
        Listing every problem as ``file:row:column: reason``: for our own CSV any problem
        (nothing is half-loaded); for ACLED, UCDP GED and GeoJSON, problems with the whole
        file or no row usable (otherwise bad rows are dropped: see
        :func:`read_events` or ``karabakh-dashboard validate`` for the list).
    """
    if path is None or _is_curated(path):
        if not CURATED_PATH.is_file():
            raise EventDataError(
                CURATED_PATH.name,
                [Problem(None, "", f"the curated record {CURATED_PATH} is missing: restore it")],
            )
        stat = CURATED_PATH.stat()
        return _load_curated(str(CURATED_PATH), stat.st_mtime_ns, stat.st_size).copy()
    return _load_checked(path, format)
