"""Read an event file's bytes, decode them and tell which format they are in."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import BinaryIO, NamedTuple

from events.schema import FORMATS, EventDataError, Problem, cut

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
_UTF16_SAMPLE = 4
_MIN_COLUMNS = 2
_SHOWN_COLUMNS = 8
#: Control characters other than tab, line feed and carriage return.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def file_error(name: str, reason: str, column: str = "") -> EventDataError:
    """Return the error for a problem with the whole file (no row), naming the file."""
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
            raise file_error(name, f"no such file: {path}")
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise file_error(name, _too_large(size, max_bytes))
        return path.read_bytes(), name
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
    else:
        data = source.read(max_bytes + 1 if max_bytes is not None else -1)
        name = name or getattr(source, "name", None)
    name = name or "<events>"
    if max_bytes is not None and len(data) > max_bytes:
        raise file_error(name, _too_large(len(data), max_bytes))
    return data, name


def _too_large(size: int, max_bytes: int) -> str:
    return (
        f"the file is larger than the limit of {max_bytes / 2**20:g} MB"
        f" ({size / 2**20:.1f} MB or more): split it by date or region, or use the command line"
    )


class Decoded(NamedTuple):
    """A file's text and how it was decoded.

    Parameters
    ----------
    text
        The decoded text, with NUL and other control characters (all but tab, line feed and
        carriage return) removed.
    encoding
        The encoding read and anything done to the text, for the report.
    """

    text: str
    encoding: str


def _utf16_without_bom(head: bytes) -> str | None:
    """Name "utf-16-le" or "utf-16-be" when every other byte of ``head`` is NUL."""
    # ASCII written as UTF-16 without a byte-order mark: a NUL beside each character
    if len(head) < _UTF16_SAMPLE:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _decode_text(data: bytes, name: str) -> tuple[str, str]:
    """Return the text and the encoding's name for the report; see :func:`decode`."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16 (with a byte-order mark)"
        except UnicodeDecodeError as error:
            raise file_error(
                name, f"broken UTF-16 text at byte {error.start}: {_EXPORT_ADVICE}"
            ) from None
    head = data[:4096]
    # a stray NUL in a text is stripped below; many are UTF-16 or a binary file
    if head.count(0) > len(head) // 100:
        utf16 = _utf16_without_bom(head)
        if utf16 is None:
            raise file_error(
                name, f"this is a binary file, not CSV or GeoJSON text: {_EXPORT_ADVICE}"
            )
        try:
            return data.decode(utf16), f"{utf16.upper()} without a byte-order mark"
        except UnicodeDecodeError as error:
            raise file_error(
                name,
                f"this looks like {utf16.upper()} without a byte-order mark, but byte"
                f" {error.start} cannot be decoded: {_EXPORT_ADVICE}",
            ) from None
    try:
        return data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    try:
        # Excel's "CSV" on Western Windows: every byte but five is a character.
        return data.decode("cp1252"), (
            "Windows-1252 (not valid UTF-8: read as Excel's Western encoding; check accented"
            " names, and save as 'CSV UTF-8' to be sure)"
        )
    except UnicodeDecodeError:
        line = data[: utf8_error.start].count(b"\n") + 1
        byte = data[utf8_error.start]
        raise file_error(
            name,
            f"not UTF-8 text: byte 0x{byte:02X} on line {line} cannot be decoded, nor read as"
            " Windows-1252: save the file as UTF-8, e.g. 'CSV UTF-8' in Excel",
        ) from None


def decode(data: bytes, name: str) -> Decoded:
    """Decode UTF-8, UTF-16 (with or without a byte-order mark) or Windows-1252 text.

    Windows-1252 is tried when the bytes are not UTF-8: Excel on Western Windows writes it,
    and the report says so. NUL and control characters are removed from the text: they
    have no meaning in an event file and would travel into pages and exports.

    Parameters
    ----------
    data
        The file's bytes.
    name
        File name for messages.

    Returns
    -------
    Decoded
        The text and the encoding found.

    Raises
    ------
    EventDataError
        For a binary file (spreadsheet, archive, image) or bytes in no encoding we read,
        naming the line of the first byte that cannot be decoded.
    """
    for signature, what in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise file_error(name, f"this is {what}, not CSV or GeoJSON: {_EXPORT_ADVICE}")
    text, encoding = _decode_text(data, name)
    if _CONTROL.search(text):
        before = len(text)
        text = _CONTROL.sub("", text)
        removed = before - len(text)
        encoding += f"; {removed:,} NUL or control character{'s' if removed != 1 else ''} removed"
    return Decoded(text, encoding)


def _first_line(text: str) -> str:
    # find() rather than split(): no copy of the rest of a large file
    head = text[:4096]
    start = len(head) - len(head.lstrip("\ufeff\r\n"))
    end = text.find("\n", start)
    return text[start : end if end >= 0 else len(text)].rstrip("\r")


def delimiter_of(text: str) -> str:
    """Return the delimiter of a CSV text: comma, semicolon or tab, whichever line 1 has most."""
    line = _first_line(text)
    counts = {delimiter: line.count(delimiter) for delimiter in (",", ";", "\t")}
    return max(counts, key=counts.get)


def header_fields(text: str) -> list[str]:
    """Split the first line of a CSV text into fields, stripped and lower-cased."""
    line = _first_line(text)
    fields = next(csv.reader([line], delimiter=delimiter_of(text)), [])
    return [field.strip().lower() for field in fields]


def _is_table(columns: set[str]) -> bool:
    """Tell whether CSV ``columns`` have a date and coordinates under common names."""
    from events.readers.records import find_column

    return all(find_column(columns, role) for role in ("date", "lat", "lon"))


def detect_format(text: str, name: str) -> str:
    """Tell which of :data:`events.schema.FORMATS` a decoded text is in.

    Parameters
    ----------
    text
        The decoded file.
    name
        File name for messages.

    Returns
    -------
    str
        The format's name.

    Raises
    ------
    EventDataError
        For an empty file, HTML or XML, a text that is not delimited, or CSV columns that
        match no known format.
    """
    stripped = text.lstrip()
    if not stripped:
        raise file_error(name, "the file is empty")
    if stripped[0] in "{[":
        # a JSON array holds records (TimeMap and the like); GeoJSON is an object
        return "timemap" if stripped[0] == "[" else "geojson"
    if stripped[0] == "<":
        raise file_error(
            name,
            f"this looks like HTML or XML (it starts with {cut(stripped[:30])!r}), not CSV or"
            f" GeoJSON: {_EXPORT_ADVICE}",
        )
    fields = header_fields(text)
    columns = set(fields)
    if len(fields) < _MIN_COLUMNS:
        raise file_error(
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
    if _is_table(columns):
        return "table"
    shown = ", ".join(cut(field, 40) for field in fields[:_SHOWN_COLUMNS])
    shown += ", ..." if len(fields) > _SHOWN_COLUMNS else ""
    raise file_error(
        name,
        f"CSV columns not recognised ({shown}): expected ACLED (event_id_cnty, event_date,"
        " event_type, ...), UCDP GED (id, date_start, where_prec, ...), our own schema (id,"
        " date, kind, ...) or a table with date, latitude and longitude columns; give the"
        " format explicitly if it is one of " + ", ".join(FORMATS),
    )
