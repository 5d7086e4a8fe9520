"""Read JSON event files safely: bound their shape, then stream the list of events."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

import ijson
import numpy as np
import pandas as pd

from events.readers import jsonarrow
from events.readers._compat import import_pyarrow
from events.readers.mapping import as_text_column
from events.schema import EventDataError, Problem, cut

pa, pc, _ = import_pyarrow()

#: Deepest JSON nesting read: a GeoJSON point with list-valued properties needs about 6.
MAX_JSON_DEPTH = 32
#: At most one JSON object or array per this many bytes: event data has far fewer, and
#: each costs 60 to 200 bytes once parsed, so a file of empty brackets would balloon.
_BYTES_PER_CONTAINER = 20
_SCAN_CHARACTERS = 1 << 20
#: The end of a scan piece searched for the last item's place (see :func:`_character_after`).
_TAIL_BYTES = 1 << 16
#: Items parsed before they are turned into text columns: only this many are ever held as
#: Python objects, so a 40 MB upload costs a few times its size, not ten.
CHUNK_ITEMS = 2_000
#: Top-level members whose place is noted (GeoJSON has a handful; more are not looked at).
_MAX_MEMBERS = 64
#: Characters handed to the parser at a time.
_READ_CHARACTERS = 1 << 20
#: Items parsed one by one to learn which fields hold dates before Arrow parses them all.
_FIRST_ITEMS = 200
_QUOTE = ord('"')
#: The level inside a top-level member's value (the top-level object itself is level 1).
_MEMBER_LEVEL = 2
_NOT_STRUCTURE = bytes(sorted(set(range(256)) - set(b'"[]{}')))
_IS_STRUCTURE = np.zeros(256, dtype=bool)
_IS_STRUCTURE[list(b'"[]{}')] = True
_STEP = np.zeros(256, dtype=np.int8)
_STEP[list(b"[{")] = 1
_STEP[list(b"]}")] = -1


class JsonShape(NamedTuple):
    """What a scan of JSON text found without parsing it.

    Parameters
    ----------
    deepest
        The deepest nesting of objects and arrays.
    containers
        How many objects and arrays there are.
    open_at_end
        Objects and arrays still open where the text ends (a truncated file when above 0).
    members
        For a top-level object: the character span ``(start, stop)`` of each member value
        that is an object or array (``stop`` past its closing bracket, or None when the text
        ends inside it), at most :data:`_MAX_MEMBERS`.
    item_ends
        Places where the text may be cut between two items of a list: for each scan piece,
        the character after the last object or array closed inside a top-level member's
        list (or inside the top-level list).
    """

    deepest: int
    containers: int
    open_at_end: int
    members: list[tuple[int, int | None]]
    item_ends: list[int]


def _piece_bytes(piece: str, pending: bytes) -> tuple[bytes, bytes]:
    """Encode a piece, blanking escaped backslashes and quotes (the length stays the same).

    A backslash ending the piece escapes the next piece's first character: it is held back
    and returned as the next ``pending``.
    """
    raw = pending + piece.encode()
    odd = (len(raw) - len(raw.rstrip(b"\\"))) % 2
    raw = raw[: len(raw) - odd]
    if b"\\" in raw:  # most pieces have no escapes: two copies of a megabyte saved
        raw = raw.replace(b"\\\\", b"  ").replace(b'\\"', b"  ")
    return raw, b"\\" if odd else b""


def scan_json(text: str) -> JsonShape:
    """Measure nesting, count objects and arrays, and place the top-level members.

    The text is scanned in pieces of :data:`_SCAN_CHARACTERS` with numpy, so the scan costs a
    few megabytes and a fraction of a parse whatever the file's size. Escaped backslashes and
    quotes are blanked first; every quote left then opens or closes a string, and brackets
    between an opening and a closing quote do not count.
    """
    depth = deepest = containers = 0
    inside = 0  # 1 when the previous piece ended inside a string
    pending = b""
    members: list[tuple[int, int | None]] = []
    item_ends: list[int] = []
    top_is_object: bool | None = None
    for start in range(0, len(text), _SCAN_CHARACTERS):
        piece = text[start : start + _SCAN_CHARACTERS]
        offset = start - len(pending)  # the held-back backslash is the previous character
        raw, pending = _piece_bytes(piece, pending)
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
        if top_is_object is None and steps.any():
            top_is_object = bool(codes[np.flatnonzero(steps)[0]] == ord("{"))
        if top_is_object and len(members) <= _MAX_MEMBERS:
            _place_members(raw, piece, offset, steps, levels, members)
        closed = np.flatnonzero((steps < 0) & (levels == _MEMBER_LEVEL - (not top_is_object)))
        if len(closed):
            item_ends.append(_character_after(raw, piece, offset, len(codes), int(closed[-1])))
        deepest = max(deepest, int(levels.max()))
        depth = int(levels[-1])
        containers += int(np.count_nonzero(steps > 0))
    return JsonShape(deepest, containers, depth, members, item_ends)


def _character_after(raw: bytes, piece: str, offset: int, count: int, index: int) -> int:
    """Return the position after structure character ``index`` (of ``count`` in the piece).

    Only the piece's end is searched when the character is there (the usual case), so the
    whole piece is not indexed again.
    """
    tail = raw[-_TAIL_BYTES:]
    positions = np.flatnonzero(_IS_STRUCTURE[np.frombuffer(tail, dtype=np.uint8)])
    first = count - len(positions)
    if index >= first:
        byte = len(raw) - len(tail) + int(positions[index - first])
    else:
        byte = int(np.flatnonzero(_IS_STRUCTURE[np.frombuffer(raw, dtype=np.uint8)])[index])
    return offset + 1 + (byte if piece.isascii() else len(raw[:byte].decode()))


def _place_members(
    raw: bytes,
    piece: str,
    offset: int,
    steps: np.ndarray,
    levels: np.ndarray,
    members: list[tuple[int, int | None]],
) -> None:
    """Add the spans of containers opened or closed at the top level in this piece."""
    opened = (steps > 0) & (levels == _MEMBER_LEVEL)
    closed = (steps < 0) & (levels == _MEMBER_LEVEL - 1)
    if not (opened.any() or closed.any()):
        return  # most pieces: inside one member
    positions = np.flatnonzero(_IS_STRUCTURE[np.frombuffer(raw, dtype=np.uint8)])
    ascii_only = piece.isascii()

    def character(index: int) -> int:
        byte = int(positions[index])
        return offset + (byte if ascii_only else len(raw[:byte].decode()))

    for index in np.flatnonzero(opened | closed):
        if opened[index]:
            members.append((character(index), None))
        elif members and members[-1][1] is None:
            members[-1] = (members[-1][0], character(index) + 1)


def _refuse(name: str, reason: str, row: int | None = None) -> EventDataError:
    return EventDataError(name, [Problem(row, "", reason)])


def _check_shape(shape: JsonShape, text: str, name: str) -> None:
    """Refuse deep nesting and floods of brackets before anything is parsed."""
    if shape.deepest > MAX_JSON_DEPTH:
        raise _refuse(
            name,
            f"JSON nested {shape.deepest:,} levels deep (at most {MAX_JSON_DEPTH} are read):"
            " event data is a list of flat records or a GeoJSON FeatureCollection",
        )
    if shape.containers > max(1000, len(text) // _BYTES_PER_CONTAINER):
        raise _refuse(
            name,
            f"{shape.containers:,} JSON objects and arrays in {len(text):,} characters is"
            " not event data (too many to read safely): give a FeatureCollection of"
            " points or a list of records",
        )


def _parse_whole(text: str, name: str) -> object:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise _refuse(
            name, f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    except RecursionError:
        # only reachable when the interpreter's stack is already deep
        raise _refuse(name, "JSON nested too deeply to read") from None


def load_json(text: str, name: str) -> object:
    """Parse small JSON text whole, after bounding its nesting and its count of containers.

    Deep nesting makes Python's parser recurse until it fails, and thousands of nested
    arrays make it build millions of objects: both are refused before parsing.

    Parameters
    ----------
    text
        The decoded text.
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
    _check_shape(scan_json(text), text, name)
    return _parse_whole(text, name)


class _Utf8Reader:
    """A file-like view of ``text[start:stop]`` as UTF-8, encoded a piece at a time."""

    def __init__(self, text: str, start: int, stop: int) -> None:
        self.text, self.position, self.stop = text, start, stop

    def read(self, size: int = -1) -> bytes:
        end = self.stop if size < 0 else min(self.stop, self.position + size)
        piece = self.text[self.position : end]
        self.position = end
        return piece.encode()

    @property
    def at_end(self) -> bool:
        return self.position >= self.stop


@dataclass
class JsonStream:
    """A JSON document whose one large array is read item by item.

    Parameters
    ----------
    top
        The top-level value, with the streamed array left empty (``[]`` for a top-level
        array; for an object, its members with the streamed member's value ``[]``).
    streamed
        Whether ``chunks`` streams an array (False when the document has no such array:
        ``top`` is then the whole value).
    truncated
        Set while reading when the text ends inside the array: the position (from 1) of the
        item it ends in.
    """

    top: object
    streamed: bool
    _text: str
    _span: tuple[int, int | None]
    _name: str
    _open_at_end: int
    truncated: int | None = None
    _member: str = ""
    _item_ends: list[int] = field(default_factory=list)
    _read: int = field(default=0, init=False)

    def arrow_parts(self) -> Iterator[pa.ChunkedArray]:
        """Yield the array's items parsed by Arrow, a few megabytes of them at a time.

        For a top-level object whose array holds objects whose fields keep one type each
        (the usual GeoJSON), this is several times faster than :meth:`chunks` and makes no
        Python object per item.

        Yields
        ------
        pyarrow.ChunkedArray
            The objects of one part of the array, a field per key.

        Raises
        ------
        events.readers.jsonarrow.NotPlain
            When the array is not plain enough for Arrow (see
            :func:`events.readers.jsonarrow.read_items`), possibly after some parts: read
            it with :meth:`chunks` instead, which checks and describes every item.
        """
        start, stop = self._span
        if not (self.streamed and self._member) or self._open_at_end or stop is None:
            raise jsonarrow.NotPlain("not a whole array in a top-level object")
        reader = _Utf8Reader(self._text, start, stop)
        items = ijson.items(reader, "item", use_float=True, buf_size=1 << 16)
        try:
            first = list(itertools.islice(items, _FIRST_ITEMS))
        except ijson.JSONError:
            raise jsonarrow.NotPlain("broken JSON among the first items") from None
        yield from jsonarrow.read_items(self._text, (start, stop), self._item_ends, first)

    def chunks(self, item: str, size: int | None = None) -> Iterator[list]:
        """Yield the array's items, ``size`` at a time, as Python values.

        Parameters
        ----------
        item
            What an item is called in messages ("feature", "record").
        size
            Items per chunk (default :data:`CHUNK_ITEMS`).

        Raises
        ------
        EventDataError
            For text that is not valid JSON, naming the item (from 1) where it breaks.
        """
        if not self.streamed:
            return
        size = size or CHUNK_ITEMS
        start, stop = self._span
        reader = _Utf8Reader(self._text, start, len(self._text) if stop is None else stop)
        items = ijson.items(reader, "item", use_float=True, buf_size=_READ_CHARACTERS)
        chunk: list = []
        try:
            for value in items:
                chunk.append(value)
                if len(chunk) == size:
                    self._read += len(chunk)
                    yield chunk
                    chunk = []
        except ijson.JSONError as error:
            position = self._read + len(chunk) + 1
            if position == 1 and reader.at_end:
                raise _refuse(
                    self._name,
                    f"not valid JSON: the file ends before its first {item} is whole (a"
                    " truncated download?): download or export it again",
                ) from None
            if not (reader.at_end and self._open_at_end):
                # the parser's message goes on with an excerpt over several lines
                reason = str(error).strip().splitlines()[0] if str(error).strip() else "broken"
                raise _refuse(
                    self._name,
                    f"not valid JSON in {item} {position:,}: {cut(reason, 120)}; fix the file"
                    " there, or export it again",
                    position,
                ) from None
            self.truncated = position  # the items before it are whole: they are read
        if chunk:
            self._read += len(chunk)
            yield chunk

    def truncation(self, item: str) -> list[Problem]:
        """Return the problem to report if the text ends inside the array (after :meth:`chunks`)."""
        if not self.truncated:
            return []
        whole = self.truncated - 1
        return [
            Problem(
                self.truncated,
                "",
                f"the file is cut off after {item} {whole:,} (a truncated download?): the"
                f" {whole:,} whole {item}s before it are read; download or export it again for"
                " the rest",
            )
        ]


def _member_span(text: str, shape: JsonShape, member: str) -> tuple[int, int | None] | None:
    """Return the span of the top-level member ``member`` if its value is an array."""
    key = re.compile(rf'"{re.escape(member)}"\s*:\s*\Z')
    for start, stop in shape.members:
        if text[start] == "[" and key.search(text, max(0, start - 200), start):
            return start, stop
    return None


def stream_json(text: str, name: str, member: str) -> JsonStream:
    """Bound the JSON's shape, then stream its top-level array or the array ``member``.

    Only one chunk of items is held as Python objects at a time (see :meth:`JsonStream.chunks`);
    the rest of the document is parsed whole. A document without such an array is parsed
    whole, which the shape checks keep small.

    Parameters
    ----------
    text
        The decoded text.
    name
        File name for messages.
    member
        The member of a top-level object that holds the list (GeoJSON's "features").

    Returns
    -------
    JsonStream
        The document, its array still to be read.

    Raises
    ------
    EventDataError
        For JSON nested too deeply, with too many objects for its size, or not valid
        outside the array.
    """
    shape = scan_json(text)
    _check_shape(shape, text, name)
    stripped = len(text) - len(text.lstrip())
    if text[stripped : stripped + 1] == "[":
        # trailing text after the array is refused by the parser
        return JsonStream([], True, text, (stripped, None), name, shape.open_at_end)
    span = _member_span(text, shape, member) if text[stripped : stripped + 1] == "{" else None
    if span is None:
        return JsonStream(_parse_whole(text, name), False, text, (0, 0), name, 0)
    start, stop = span
    # the members around the array, parsed whole: a truncated file ends inside the array
    rest = text[:start] + "[]" + (text[stop:] if stop is not None else "}")
    return JsonStream(
        _parse_whole(rest, name),
        True,
        text,
        span,
        name,
        shape.open_at_end,
        _member=member,
        _item_ends=shape.item_ends,
    )


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
