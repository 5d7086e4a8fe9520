"""Parse a decoded CSV into a frame of text cells, fixing the layouts real exports have."""

from __future__ import annotations

import csv
import io
import warnings
from typing import NamedTuple

import pandas as pd

from events.readers._compat import require_pyarrow
from events.readers.detect import delimiter_of, file_error, header_fields
from events.schema import EventDataError, Problem, cut


class Table(NamedTuple):
    """A parsed CSV and what was done to its layout.

    Parameters
    ----------
    frame
        Text cells indexed by the row number used in problem reports.
    notes
        Layout fixes made while reading (an index column dropped, a hashtag row skipped, a
        short last line), for the report.
    """

    frame: pd.DataFrame
    notes: list[str]


_INDEX_NAMES = ("", "unnamed: 0", "...1")


class _EncodedText(io.RawIOBase):
    """A binary file view of ``text`` as UTF-8, encoded a piece at a time when read.

    pyarrow reads a file in blocks, so only a block of the encoded text exists at a time:
    encoding the whole text first would hold the file a second time during the parse.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self._text, self._position = text, 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            piece = self._text[self._position :]
        else:
            piece = self._text[self._position : self._position + size]
            if not piece.isascii():
                # a character takes up to 4 bytes: never return more than ``size``
                piece = piece[: max(1, size // 4)]
        self._position += len(piece)
        return piece.encode("utf-8")

    def readinto(self, buffer: memoryview) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _parse(text: str, name: str, options: dict, notes: list[str]) -> pd.DataFrame:
    require_pyarrow()
    try:
        # pyarrow's multi-threaded parser reads large exports about twice as fast
        return pd.read_csv(_EncodedText(text), engine="pyarrow", encoding="utf-8", **options)
    except (pd.errors.ParserError, ValueError):
        pass
    # Bytes, not a StringIO: a StringIO holds 4 bytes per character, and pandas would
    # encode it again; a BytesIO shares the encoded buffer.
    data = text.encode("utf-8")
    # The C parser names the line of a broken row, and reads a short last line (a truncated
    # download) as empty cells, which the checks then report: worth a second read.
    fields = header_fields(text)
    second = next(csv.reader([_line(text, 1)], delimiter=options["sep"]), [])
    if options["header"] == 0 and len(second) == len(fields) + 1:
        # R's write.table: row names in a first column that has no header
        options = {**options, "header": None, "skiprows": 1, "names": ["", *fields]}
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", pd.errors.ParserWarning)
            frame = pd.read_csv(
                io.BytesIO(data),
                engine="c",
                encoding="utf-8",
                na_filter=False,
                index_col=False,
                **options,
            )
    except (pd.errors.ParserError, csv.Error, ValueError) as error:
        raise file_error(name, f"not readable as CSV: {cut(str(error), 200)}") from None
    if any(issubclass(warning.category, pd.errors.ParserWarning) for warning in caught):
        notes.append("some rows have more cells than the header: the cells past it are ignored")
    return frame


def _line(text: str, number: int) -> str:
    """Line ``number`` (from 0) of the first 64 KB, without its line break."""
    lines = text[:65536].splitlines()
    return lines[number] if number < len(lines) else ""


def _drop_index_column(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    first = str(frame.columns[0]).strip().lower() if len(frame.columns) else "x"
    if first in _INDEX_NAMES and len(frame.columns) > 1:
        notes.append("a first column without a name (row numbers from pandas or R) ignored")
        return frame.iloc[:, 1:]
    return frame


def _drop_hashtag_row(frame: pd.DataFrame, notes: list[str]) -> pd.DataFrame:
    """Skip HXL's second header row (``#date+occurred``, ``#geo+lat``) in HDX downloads."""
    if not len(frame):
        return frame
    first = frame.iloc[0].astype(str).str.strip()
    given = first[first.ne("")]
    if len(given) and given.str.startswith("#").all():
        notes.append("HXL hashtag row (row 2, from the Humanitarian Data Exchange) skipped")
        return frame.iloc[1:]
    return frame


def read_table(text: str, name: str, header: bool = True) -> Table:
    """Parse CSV text into a frame of strings indexed by row number.

    With a header the first data row is row 2 (the header is row 1); without one it is row 1.
    Column names are stripped and lower-cased; a leading unnamed index column (pandas, R) and
    an HXL hashtag row (HDX) are dropped, and the report says so.

    Parameters
    ----------
    text
        The decoded CSV.
    name
        File name for messages.
    header
        Whether the first line names the columns.

    Returns
    -------
    Table
        The frame and the layout notes.

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
    notes: list[str] = []
    frame = _parse(text, name, options, notes)
    frame.index = pd.RangeIndex(2 if header else 1, len(frame) + (2 if header else 1))
    if header:
        frame.columns = [str(column).strip().lower() for column in frame.columns]
        frame = _drop_index_column(frame, notes)
        frame = _drop_hashtag_row(frame, notes)
    return Table(frame, notes)


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
