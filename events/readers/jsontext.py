"""Turn the values of JSON records into text columns, a chunk of records at a time."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandas as pd

from events.readers._compat import import_pyarrow
from events.readers.mapping import as_text_column

pa, pc, _ = import_pyarrow()


class TextColumns:
    """Text columns of chosen keys of records, built a chunk of records at a time.

    Parameters
    ----------
    column_of
        The column a key feeds (by its name as written), or None to only note the key.
    """

    def __init__(self, column_of: Callable[[str], str | None]) -> None:
        self._column_of = column_of
        self._sizes: list[int] = []
        self._parts: dict[str, dict[int, pa.Array | pa.ChunkedArray]] = {}
        # the key read for each column: the first spelling met (files keep one throughout)
        self._spelt: dict[str, str] = {}
        self.keys: set[str] = set()

    def add(self, records: Iterable[dict]) -> None:
        """Turn one chunk of records (dicts) into text and keep the text only."""
        records = [record if isinstance(record, dict) else {} for record in records]
        chunk = len(self._sizes)
        self._sizes.append(len(records))
        keys = set().union(*records) - self.keys
        self.keys |= keys
        for key in sorted(keys, key=str):
            column = self._column_of(key)
            if column is not None:
                self._spelt.setdefault(column, key)
        for column, key in self._spelt.items():
            parts = self._parts.setdefault(column, {})
            values = [record.get(key) for record in records]
            text = _arrow_text(values)
            if text is not None:
                parts[chunk] = text

    def add_arrow(self, fields: dict[str, pa.ChunkedArray], count: int) -> bool:
        """Take one chunk of records Arrow has parsed into text, as :meth:`add` does.

        Parameters
        ----------
        fields
            The records' values by key, as Arrow parsed them (null where a record lacks
            the key).
        count
            How many records.

        Returns
        -------
        bool
            False, with nothing taken, when some column holds values other than text,
            whole numbers or lists of text, or two keys feed one column: then read the
            records as Python values instead.
        """
        spelt = dict(self._spelt)
        for key in sorted(set(fields) - self.keys, key=str):
            column = self._column_of(key)
            if column is not None and column in spelt:
                return False  # which spelling is read depends on the order items come in
            if column is not None:
                spelt[column] = key
        texts = {}
        for column, key in spelt.items():
            if key not in fields:
                continue
            try:
                texts[column] = plain_text(fields[key])
            except TypeError:
                return False
        chunk = len(self._sizes)
        self._sizes.append(count)
        self._spelt = spelt
        self.keys |= set(fields)
        for column, text in texts.items():
            if text is not None:
                self._parts.setdefault(column, {})[chunk] = text
        return True

    def frame(self, index: pd.Index) -> pd.DataFrame:
        """Return every column found, "" where a record lacks the key, indexed by ``index``."""
        columns = {}
        for column, parts in self._parts.items():
            pieces = []
            for chunk, size in enumerate(self._sizes):
                piece = parts[chunk] if chunk in parts else pa.array([""] * size, pa.large_string())
                pieces.extend(piece.chunks if isinstance(piece, pa.ChunkedArray) else [piece])
            text = pa.chunked_array(pieces, type=pa.large_string())
            columns[column] = pd.Series(text, index=index, dtype="str")
        return pd.DataFrame(columns, index=index)


def _arrow_text(values: list) -> pa.Array | None:
    """Return JSON values as Arrow text, as :func:`as_text_column` writes them; None if all null.

    Text, whole numbers and lists of text (the usual properties) are converted by Arrow in
    one step; anything else (decimals, mixed types, nested values) goes through
    :func:`as_text_column`.
    """
    try:
        return plain_text(pa.array(values))
    except (pa.ArrowInvalid, TypeError, OverflowError):
        series = as_text_column(pd.Series(values, dtype=object))
        return pa.array(series.to_numpy(dtype=object), type=pa.large_string())


def plain_text(array: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray | None:
    """Text of JSON values Arrow holds as text, whole numbers or lists of text ("" for null).

    Parameters
    ----------
    array
        The values, as :func:`pyarrow.array` or Arrow's JSON parser made them.

    Returns
    -------
    pyarrow.Array or None
        Large text, as :func:`~events.readers.mapping.as_text_column` writes the values;
        None when every value is null.

    Raises
    ------
    TypeError
        For values of any other type: convert those value by value.
    """
    kind = array.type
    if pa.types.is_null(kind):
        return None
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        text = array
    elif pa.types.is_integer(kind):
        text = pc.cast(array, pa.string())
    elif (
        pa.types.is_list(kind)
        and pa.types.is_string(kind.value_type)
        and not pc.list_flatten(array).null_count
    ):
        text = pc.binary_join(array, " | ")
    else:
        raise TypeError(f"JSON values of Arrow type {kind} are not converted in one step")
    return pc.fill_null(text, "").cast(pa.large_string())
