"""Check an event file and report what was understood and every problem, without raising."""

from __future__ import annotations

from pathlib import Path

from events.loader import read_events
from events.report import ValidationReport
from events.schema import EventDataError

__all__ = ["ValidationReport", "validate_file"]


def validate_file(path: str | Path, format: str | None = None) -> ValidationReport:
    """Read an event file and report on it; problems are returned, never raised.

    Parameters
    ----------
    path
        Our CSV, an ACLED or UCDP GED CSV, or a GeoJSON FeatureCollection.
    format
        "csv", "acled", "ucdp" or "geojson"; None detects it from the content.

    Returns
    -------
    ValidationReport
        Rows read and kept, date range, kinds, columns mapped and ignored, and every problem
        as (row, column, reason). A problem with the whole file (unreadable, wrong encoding,
        not CSV or GeoJSON, a missing column) is reported with row None and nothing read.
    """
    try:
        _, report = read_events(path, format)
    except EventDataError as error:
        return ValidationReport(source=error.source, format=format or "", problems=error.problems)
    return report
