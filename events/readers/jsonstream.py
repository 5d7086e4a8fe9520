"""Stream the one large list of a JSON document item by item, once its shape is bounded."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import ijson

from events.readers import jsonarrow
from events.readers._compat import import_pyarrow
from events.readers.jsonshape import JsonShape, check_shape, parse_whole, refuse, scan_json
from events.schema import Problem, cut

pa, _, _ = import_pyarrow()

#: Items parsed before they are turned into text columns: only this many are ever held as
#: Python objects, so a 40 MB upload costs a few times its size, not ten.
CHUNK_ITEMS = 2_000
#: Characters handed to the parser at a time.
_READ_CHARACTERS = 1 << 20
#: Items parsed one by one to learn which fields hold dates before Arrow parses them all.
_FIRST_ITEMS = 200


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
                raise refuse(
                    self._name,
                    f"not valid JSON: the file ends before its first {item} is whole (a"
                    " truncated download?): download or export it again",
                ) from None
            if not (reader.at_end and self._open_at_end):
                # the parser's message goes on with an excerpt over several lines
                reason = str(error).strip().splitlines()[0] if str(error).strip() else "broken"
                raise refuse(
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
    check_shape(shape, text, name)
    stripped = len(text) - len(text.lstrip())
    if text[stripped : stripped + 1] == "[":
        # trailing text after the array is refused by the parser
        return JsonStream([], True, text, (stripped, None), name, shape.open_at_end)
    span = _member_span(text, shape, member) if text[stripped : stripped + 1] == "{" else None
    if span is None:
        return JsonStream(parse_whole(text, name), False, text, (0, 0), name, 0)
    start, stop = span
    # the members around the array, parsed whole: a truncated file ends inside the array
    rest = text[:start] + "[]" + (text[stop:] if stop is not None else "}")
    return JsonStream(
        parse_whole(rest, name),
        True,
        text,
        span,
        name,
        shape.open_at_end,
        _member=member,
        _item_ends=shape.item_ends,
    )
