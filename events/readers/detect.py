"""Read an event file's bytes, decode them and tell which format they are in."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from events.schema import FORMATS, EventDataError, Problem

#: UCDP GED's column order (releases 20.1 and later), for files published without a header.
UCDP_COLUMNS = [
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_a",
    "side_b_dset_id",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
    "gwnoa",
    "gwnob",
]

_BINARY_SIGNATURES = {
    b"PK\x03\x04": "a ZIP archive (an Excel .xlsx workbook or a zipped download?)",
    b"\xd0\xcf\x11\xe0": "an old Excel (.xls) workbook",
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x1f\x8b": "a gzip archive",
}
_EXPORT_ADVICE = "export the data as CSV (UTF-8) or GeoJSON"


def _fail(name: str, reason: str, column: str = "") -> EventDataError:
    return EventDataError(name, [Problem(None, column, reason)])


def read_source(
    source: str | Path | bytes | BinaryIO, name: str | None = None, max_bytes: int | None = None
) -> tuple[bytes, str]:
    """Return the raw bytes of ``source`` and the name to report problems under.

    Parameters
    ----------
    source
        A path, the bytes themselves, or a binary file object (such as a Streamlit upload).
    name
        Name used in messages; defaults to the file's name.
    max_bytes
        Refuse anything larger (the dashboard's upload limit); None for no limit.
    """
    if isinstance(source, str | Path):
        path = Path(source)
        name = name or path.name
        if not path.is_file():
            raise _fail(name, f"no such file: {path}")
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise _fail(name, _too_large(size, max_bytes))
        return path.read_bytes(), name
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
    else:
        data = source.read(max_bytes + 1 if max_bytes is not None else -1)
        name = name or getattr(source, "name", None)
    name = name or "<events>"
    if max_bytes is not None and len(data) > max_bytes:
        raise _fail(name, _too_large(len(data), max_bytes))
    return data, name


def _too_large(size: int, max_bytes: int) -> str:
    return (
        f"the file is larger than the limit of {max_bytes / 2**20:g} MB"
        f" ({size / 2**20:.1f} MB or more): split it by date or region, or use the command line"
    )


def decode(data: bytes, name: str) -> str:
    """Decode UTF-8 (with or without a byte-order mark) or BOM-marked UTF-16 text.

    Raises
    ------
    EventDataError
        For a binary file (spreadsheet, archive, image) or text in another encoding, naming
        the line of the first byte that cannot be decoded.
    """
    for signature, what in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise _fail(name, f"this is {what}, not CSV or GeoJSON: {_EXPORT_ADVICE}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise _fail(
                name, f"broken UTF-16 text at byte {error.start}: {_EXPORT_ADVICE}"
            ) from None
    if b"\x00" in data[:4096]:
        raise _fail(name, f"this is a binary file, not CSV or GeoJSON text: {_EXPORT_ADVICE}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start]
        raise _fail(
            name,
            f"not UTF-8 text: byte 0x{byte:02X} on line {line} cannot be decoded"
            " (probably Windows-1252 or Latin-1): save the file as UTF-8, e.g. 'CSV UTF-8' in"
            " Excel",
        ) from None


def _first_line(text: str) -> str:
    # find() rather than split(): no copy of the rest of a large file
    head = text[:4096]
    start = len(head) - len(head.lstrip("\ufeff\r\n"))
    end = text.find("\n", start)
    return text[start : end if end >= 0 else len(text)].rstrip("\r")


def delimiter_of(text: str) -> str:
    """The delimiter of a CSV text: comma, semicolon or tab, whichever its first line has most."""
    line = _first_line(text)
    counts = {delimiter: line.count(delimiter) for delimiter in (",", ";", "\t")}
    return max(counts, key=counts.get)


def header_fields(text: str) -> list[str]:
    """The first line of a CSV text split into fields, stripped and lower-cased."""
    line = _first_line(text)
    fields = next(csv.reader([line], delimiter=delimiter_of(text)), [])
    return [field.strip().lower() for field in fields]


def detect_format(text: str, name: str) -> str:
    """Tell which of :data:`events.schema.FORMATS` a decoded text is in.

    Raises
    ------
    EventDataError
        For an empty file, HTML or XML, a text that is not delimited, or CSV columns that
        match no known format.
    """
    stripped = text.lstrip()
    if not stripped:
        raise _fail(name, "the file is empty")
    if stripped[0] in "{[":
        return "geojson"
    if stripped[0] == "<":
        raise _fail(
            name,
            f"this looks like HTML or XML (it starts with {stripped[:30]!r}), not CSV or"
            f" GeoJSON: {_EXPORT_ADVICE}",
        )
    fields = header_fields(text)
    columns = set(fields)
    if len(fields) < 2:
        raise _fail(
            name,
            "this is neither CSV nor GeoJSON: its first line has no comma, semicolon or tab"
            " separating columns",
        )
    if "event_id_cnty" in columns or {"event_date", "event_type"} <= columns:
        return "acled"
    if {"date_start", "where_prec"} <= columns or {"date_start", "side_a"} <= columns:
        return "ucdp"
    if {"id", "date", "kind"} <= columns:
        return "csv"
    if len(fields) == len(UCDP_COLUMNS) and fields[0].isdigit():
        return "ucdp"
    shown = ", ".join(fields[:8]) + (", ..." if len(fields) > 8 else "")
    raise _fail(
        name,
        f"CSV columns not recognised ({shown}): expected ACLED (event_id_cnty, event_date,"
        " event_type, ...), UCDP GED (id, date_start, where_prec, ...) or our own schema (id,"
        " date, kind, ...); give the format explicitly if it is one of " + ", ".join(FORMATS),
    )


def read_table(text: str, name: str, header: bool = True) -> pd.DataFrame:
    """Parse CSV text into a frame of strings indexed by row number.

    With a header the first data row is row 2 (the header is row 1); without one it is row 1.
    Column names are stripped and lower-cased.

    Raises
    ------
    EventDataError
        When the CSV structure is broken (e.g. a row with more fields than the header).
    """
    options = {
        "sep": delimiter_of(text),
        "dtype": str,
        "keep_default_na": False,
        "header": 0 if header else None,
    }
    try:
        # pyarrow's multi-threaded parser reads large exports about twice as fast
        frame = pd.read_csv(io.StringIO(text), engine="pyarrow", **options)
    except (pd.errors.ParserError, ValueError):
        # the C parser's message names the line: worth a second read on this error path
        try:
            frame = pd.read_csv(
                io.StringIO(text), engine="c", na_filter=False, index_col=False, **options
            )
        except (pd.errors.ParserError, csv.Error, ValueError) as error:
            raise _fail(name, f"not readable as CSV: {error}") from None
    if header:
        frame.columns = [str(column).strip().lower() for column in frame.columns]
    frame.index = pd.RangeIndex(2 if header else 1, len(frame) + (2 if header else 1))
    return frame


def require_columns(frame: pd.DataFrame, columns: tuple[str, ...], name: str, what: str) -> None:
    """Raise one problem per column of ``columns`` missing from ``frame``."""
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise EventDataError(
            name,
            [
                Problem(None, column, f"missing column {column!r}: {what} needs it")
                for column in missing
            ],
        )
