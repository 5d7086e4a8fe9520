"""Parse a JSON document's list of objects with Arrow's JSON parser: in C++, no dict an item."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from events.readers._compat import import_pyarrow

pa, pc, pj = import_pyarrow()

#: Whole numbers from this magnitude on do not fit the 64-bit integers the item-by-item parser
#: takes: it refuses them, so these files are left to it.
_LARGEST_INTEGER = 2.0**63
#: The list is handed to Arrow in parts of at least this many characters of whole items,
#: each parsed and taken into columns before the next: only one part is ever held in
#: Arrow's working form.
_PART_CHARACTERS = 1 << 20
_PART_START, _PART_END = b'{"i":[', b"]}"
#: JSON's white space and the comma between two items.
_SEPARATOR = re.compile(r"[ \t\n\r]*,")


class NotPlain(ValueError):
    """The list is not plain enough for Arrow: read it item by item instead."""


def _parts(text: str, span: tuple[int, int], item_ends: list[int]) -> list[tuple[int, int]]:
    """Cut the list's inside at item ends (and their commas) into parts of whole items."""
    start, stop = span
    parts = []
    begin = start + 1
    for end in item_ends:
        if end - begin < _PART_CHARACTERS or not begin < end < stop:
            continue
        separator = _SEPARATOR.match(text, end, stop)
        if separator:
            parts.append((begin, end))
            begin = separator.end()
    parts.append((begin, stop - 1))
    return parts


def _date_like(kind: pa.DataType) -> set[tuple[str, ...]]:
    """Paths of the fields (and fields of object fields) Arrow took for date-times."""
    found = set()
    for field in kind:
        if pa.types.is_timestamp(field.type) or pa.types.is_date(field.type):
            found.add((field.name,))
        elif pa.types.is_struct(field.type):
            found |= {(field.name, *path) for path in _date_like(field.type)}
    return found


def _as_text(paths: set[tuple[str, ...]]) -> list[pa.Field]:
    """Fields of a partial schema that makes Arrow keep the fields at ``paths`` as text."""
    fields = []
    for name in sorted({path[0] for path in paths}):
        inner = {path[1:] for path in paths if path[0] == name and len(path) > 1}
        fields.append(pa.field(name, pa.struct(_as_text(inner)) if inner else pa.string()))
    return fields


def _parse(data: bytes, text_paths: set[tuple[str, ...]]) -> pa.ChunkedArray:
    """Parse one part's items; fields at ``text_paths`` are kept as text."""
    schema = None
    if text_paths:
        schema = pa.schema([pa.field("i", pa.list_(pa.struct(_as_text(text_paths))))])
    table = pj.read_json(
        pa.BufferReader(data),
        # one block, one thread: the part is one row, and the machine's cores are shared
        read_options=pj.ReadOptions(use_threads=False, block_size=len(data) + 1),
        parse_options=pj.ParseOptions(explicit_schema=schema),
        # the system's allocator gives a part's working memory back when it is freed (the
        # default one kept it: the peak of a 39 MB file was 10 MB higher than streamed)
        memory_pool=pa.system_memory_pool(),
    )
    if len(table) != 1 or table.column_names != ["i"]:
        raise NotPlain("not one list")
    column = table.column("i")
    if not pa.types.is_list(column.type) or not pa.types.is_struct(column.type.value_type):
        raise NotPlain("not a list of objects")
    # Arrow's JSON parser has built malformed arrays (pyarrow 26: a null before a number in
    # a list): every offset and length is checked before anything is read through them
    column.validate(full=True)
    items = pc.list_flatten(column)
    if items.null_count:
        raise NotPlain("a null among the items")
    return items


def _numbers_as_streamed(values: pa.ChunkedArray) -> bool:
    """Whether no decimal is NaN, infinite or a whole number too large for 64 bits.

    Arrow reads ``NaN`` and oversized integers, which the item-by-item parser refuses as not
    valid JSON: such files are left to that parser and its message.
    """
    kind = values.type
    if pa.types.is_struct(kind):
        return all(_numbers_as_streamed(field) for field in values.flatten())
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return _numbers_as_streamed(pc.list_flatten(values))
    if pa.types.is_floating(kind) and values.null_count < len(values):
        if pc.any(pc.is_nan(values)).as_py():
            return False
        return pc.max(pc.abs(values)).as_py() < _LARGEST_INTEGER
    return True


def read_items(
    text: str, span: tuple[int, int], item_ends: list[int], first_items: list
) -> Iterator[pa.ChunkedArray]:
    """Parse a JSON list of objects with Arrow, a part at a time; yield each part's objects.

    Arrow's parser reads the list in C++ without making a Python object per item, several
    times faster than the item-by-item parser. It takes only the plain case: every item an
    object, each field of one type throughout a part. Anything else (a field that is text
    in one item and a number in another, an item that is not an object, ``NaN``, broken
    JSON) raises :class:`NotPlain`, and the caller reads the list item by item, with that
    parser's checks and messages.

    Text that Arrow would take for a date or date-time is kept as text, as written: the
    fields it does that to are learnt from ``first_items``, so that a part is parsed once
    (twice when such a field first comes in it).

    Parameters
    ----------
    text
        The decoded document, already checked for nesting depth and count of containers.
    span
        Where the list is: ``text[start]`` is its opening bracket, ``stop`` is past its
        closing bracket.
    item_ends
        Places after an item of the list where it may be cut (others are ignored).
    first_items
        The list's first items as Python values (a few hundred).

    Yields
    ------
    pyarrow.ChunkedArray
        One element per item of a part, a field per key met in any of its items (null
        where an item lacks it).

    Raises
    ------
    NotPlain
        When the list is not plain enough: read it item by item.
    """
    if not first_items or not all(isinstance(item, dict) for item in first_items):
        raise NotPlain("the first items are not all objects")
    try:
        sample = "\n".join(json.dumps(item) for item in first_items).encode()
        text_paths = _date_like(pj.read_json(pa.BufferReader(sample)).schema)
        for start, stop in _parts(text, span, item_ends):
            data = _PART_START + text[start:stop].encode() + _PART_END
            items = _parse(data, text_paths)
            if later := _date_like(items.type):
                # date-like text first met in this part: parse it again, that text kept too
                text_paths |= later
                del items
                items = _parse(data, text_paths)
            del data
            if _date_like(items.type) or not _numbers_as_streamed(items):
                raise NotPlain("date-times or numbers the item-by-item parser reads otherwise")
            yield items
            del items
            # Arrow's allocator keeps freed pages for reuse: a part's working memory goes
            # back to the system before the next part, and before the events are built
            pa.default_memory_pool().release_unused()
    except (pa.ArrowException, UnicodeEncodeError) as error:
        # UnicodeEncodeError: a lone surrogate, which the item-by-item parser names
        raise NotPlain(str(error)) from None
