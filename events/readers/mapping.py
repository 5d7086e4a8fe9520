"""Helpers the readers share to map an input file's columns onto our schema."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import pandas as pd

from events.schema import Problem, cut

_ANY_DATE = (
    "YYYY-MM-DD (also read: DD-MM-YYYY, MM/DD/YYYY, '9-May-20', '4 October 2020', ISO date-times)"
)


@dataclass
class MappedEvents:
    """Rows of one input file mapped to our columns, before checking.

    Parameters
    ----------
    frame
        One row per input row, every column of :data:`events.schema.COLUMNS` as text plus
        ``place_name`` (a location name for rows without a gazetteer ``place``); the index
        holds the row number used in problem reports.
    format
        Which reader produced it ("csv", "acled", "ucdp", "geojson").
    details
        What the reader recognised, for the report (e.g. which ACLED layout).
    columns_mapped
        Input column (or property) -> the field of ours it feeds.
    columns_ignored
        Input columns not used.
    problems
        Problems the reader already found in individual rows (e.g. an unknown date layout).
    strict
        Our own format: any problem rejects the whole file. External formats reject only
        the rows with problems.
    url_sources
        Whether every source must be an http(s) URL (our CSV) or may also be an outlet's
        name (ACLED, UCDP GED, GeoJSON); links of any other scheme are refused either way.
    actor_vocabulary
        Whether actors must come from :data:`events.schema.ACTORS`.
    period
        First and last date accepted (inclusive); None for 1900-01-01 to today.
    date_layouts
        How dates may be written in this format, for the message about one that is not.
    date_style
        The date style found and, for numeric dates, the order chosen and why.
    notes
        What the reader did to the layout or assumed (a hashtag row skipped, defaults
        given), for the report.
    rows_merged
        Input rows folded into another row of the same event (ACLED's monadic exports).
    """

    frame: pd.DataFrame
    format: str
    details: str
    columns_mapped: dict[str, str]
    columns_ignored: list[str]
    problems: list[Problem] = field(default_factory=list)
    strict: bool = False
    url_sources: bool = False
    actor_vocabulary: bool = False
    period: tuple[dt.date, dt.date] | None = None
    date_layouts: str = _ANY_DATE
    date_style: str = ""
    notes: list[str] = field(default_factory=list)
    rows_merged: int = 0


def text_column(frame: pd.DataFrame, name: str) -> pd.Series:
    """Return the stripped text of column ``name``, or empty strings where the file lacks it.

    Optional columns of an external format may be absent; mapping code then reads them as
    empty instead of testing for each one.
    """
    if name in frame:
        return frame[name].str.strip()
    return pd.Series("", index=frame.index)


def map_codes(
    dataset: str,
    values: pd.Series,
    codes: dict[str, str],
    column: str,
    problems: list[Problem],
) -> pd.Series:
    """Map a coded column of ``dataset`` (e.g. ACLED's geo_precision) through ``codes``.

    Every non-empty value that is not a known code becomes a problem naming the column and
    the codes allowed; its cell maps to "".
    """
    mapped = values.map(codes)
    bad = mapped.isna() & values.ne("")
    allowed = ", ".join(codes)
    problems.extend(
        Problem(
            int(row),
            column,
            f"unknown {dataset} {column} {cut(value)!r}: expected one of {allowed}",
        )
        for row, value in values[bad].items()
    )
    return mapped.fillna("")


def as_text(value: object) -> str:
    """Turn one JSON value into text: empty for null, lists joined, whole floats as integers."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, list):
        return " | ".join(as_text(item) for item in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def as_text_column(values: pd.Series) -> pd.Series:
    """Turn a column of JSON values into text: whole numbers without ".0", lists joined."""
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind in ("string", "empty"):
        return values.fillna("").astype(str)
    if kind in ("integer", "floating", "mixed-integer-float"):
        numbers = pd.to_numeric(values)
        whole = numbers.notna() & (numbers % 1 == 0)
        text = numbers.astype(str).where(numbers.notna(), "")
        return text.mask(whole, numbers[whole].astype("int64").astype(str))
    return pd.Series([_cell_text(value) for value in values], index=values.index, dtype=object)


def _cell_text(value: object) -> str:
    """One property as text, with a fast path for the common list of strings."""
    if isinstance(value, list):
        try:
            return " | ".join(value)
        except TypeError:
            return as_text(value)
    return value if isinstance(value, str) else as_text(value)
