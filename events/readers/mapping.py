"""Helpers the readers share to map an input file's columns onto our schema."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd

from events.schema import Problem


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
    date_layouts: str = "YYYY-MM-DD"


def parse_dates(values: pd.Series, formats: tuple[str, ...]) -> pd.Series:
    """Parse text dates trying each layout in turn; return ISO text, or the input where none fit.

    Unparseable values are passed through unchanged so that the check reports them as they
    were written.
    """
    # Event files repeat the same few hundred dates: parse each distinct text once.
    codes, distinct = pd.factorize(values.astype(str).str.strip(), use_na_sentinel=False)
    text = pd.Series(distinct, dtype=object)
    parsed = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    for layout in formats:
        missing = parsed.isna()
        if not missing.any():
            break
        parsed[missing] = pd.to_datetime(text[missing], format=layout, errors="coerce")
    iso = parsed.dt.strftime("%Y-%m-%d").where(parsed.notna(), text).to_numpy(dtype=object)
    return pd.Series(iso[codes], index=values.index, dtype=str)


def text_column(frame: pd.DataFrame, name: str) -> pd.Series:
    """The stripped text of column ``name``, or empty strings where the file lacks it.

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
            int(row), column, f"unknown {dataset} {column} {value!r}: expected one of {allowed}"
        )
        for row, value in values[bad].items()
    )
    return mapped.fillna("")
