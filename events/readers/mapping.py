"""Helpers the readers share to map an input file's columns onto our schema."""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from events.schema import EventDataError, Problem, cut

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


#: Deepest JSON nesting read: a GeoJSON point with list-valued properties needs about 6.
MAX_JSON_DEPTH = 32
#: At most one JSON object or array per this many bytes: event data has far fewer, and
#: each costs 60 to 200 bytes once parsed, so a file of empty brackets would balloon.
_BYTES_PER_CONTAINER = 20
_SCAN_CHARACTERS = 1 << 20
_QUOTE = ord('"')
_NOT_STRUCTURE = bytes(sorted(set(range(256)) - set(b'"[]{}')))
_STEP = np.zeros(256, dtype=np.int8)
_STEP[list(b"[{")] = 1
_STEP[list(b"]}")] = -1


def _json_shape(text: str) -> tuple[int, int]:
    """Measure the deepest nesting and count objects and arrays, without parsing.

    The text is scanned in pieces of :data:`_SCAN_CHARACTERS` with numpy, so the scan costs a
    few megabytes and a fraction of a parse whatever the file's size. Escaped backslashes and
    quotes are dropped first; every quote left then opens or closes a string, and brackets
    between an opening and a closing quote do not count.
    """
    depth = deepest = containers = 0
    inside = 0  # 1 when the previous piece ended inside a string
    pending = b""  # a backslash whose escaped character starts the next piece
    for start in range(0, len(text), _SCAN_CHARACTERS):
        raw = pending + text[start : start + _SCAN_CHARACTERS].encode()
        odd = (len(raw) - len(raw.rstrip(b"\\"))) % 2
        pending = b"\\" if odd else b""
        raw = raw[: len(raw) - odd].replace(b"\\\\", b"").replace(b'\\"', b"")
        # only quotes and brackets matter: bytes.translate keeps them at C speed
        codes = np.frombuffer(raw.translate(None, _NOT_STRUCTURE), dtype=np.uint8)
        if not len(codes):
            continue
        quotes = np.cumsum(codes == _QUOTE, dtype=np.int64)
        quotes += inside
        steps = np.where(quotes & 1, 0, _STEP[codes]).astype(np.int32)
        inside = int(quotes[-1] & 1)
        levels = np.cumsum(steps, dtype=np.int32)
        levels += depth
        deepest = max(deepest, int(levels.max()))
        depth = int(levels[-1])
        containers += int(np.count_nonzero(steps > 0))
    return deepest, containers


def load_json(text: str, name: str) -> object:
    """Parse JSON text after bounding its nesting and its count of objects and arrays.

    Deep nesting makes Python's parser recurse until it fails, and thousands of nested
    arrays per feature make it build millions of objects: both are refused before parsing,
    so that an upload costs a few times its size in memory, not gigabytes.

    Parameters
    ----------
    text
        The decoded file.
    name
        File name for messages.

    Returns
    -------
    object
        The parsed JSON value.

    Raises
    ------
    EventDataError
        For JSON nested too deeply, with too many objects for its size, or not valid.
    """
    depth, containers = _json_shape(text)
    if depth > MAX_JSON_DEPTH:
        raise EventDataError(
            name,
            [
                Problem(
                    None,
                    "",
                    f"JSON nested {depth:,} levels deep (at most {MAX_JSON_DEPTH} are read):"
                    " event data is a list of flat records or a GeoJSON FeatureCollection",
                )
            ],
        )
    if containers > max(1000, len(text) // _BYTES_PER_CONTAINER):
        raise EventDataError(
            name,
            [
                Problem(
                    None,
                    "",
                    f"{containers:,} JSON objects and arrays in {len(text):,} characters is"
                    " not event data (too many to read safely): give a FeatureCollection of"
                    " points or a list of records",
                )
            ],
        )
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise EventDataError(
            name,
            [
                Problem(
                    None,
                    "",
                    f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}",
                )
            ],
        ) from None
    except RecursionError:
        # only reachable when the interpreter's stack is already deep
        raise EventDataError(name, [Problem(None, "", "JSON nested too deeply to read")]) from None


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
