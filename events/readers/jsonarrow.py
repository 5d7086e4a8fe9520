"""Parse a JSON document's list of objects with Arrow's JSON parser: in C++, no dict an item."""

from __future__ import annotations

import json

from events.readers._compat import import_pyarrow

pa, pc, pj = import_pyarrow()

#: Whole numbers from this magnitude on do not fit the 64-bit integers the item-by-item parser
#: takes: it refuses them, so these files are left to it.
_LARGEST_INTEGER = 2.0**63
#: Arrow's parser reads at most this many bytes at once, here one document (its reading
#: options hold a 32-bit size).
_MAX_BYTES = 2**31 - 2


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


def _parse(data: bytes, member: str, text_paths: set[tuple[str, ...]]) -> pa.Table:
    """Parse one JSON object; fields of the items of ``member`` at ``text_paths`` stay text."""
    schema = None
    if text_paths:
        item = pa.struct(_as_text(text_paths))
        schema = pa.schema([pa.field(member, pa.list_(item))])
    return pj.read_json(
        pa.BufferReader(data),
        # one block, one thread: the document is one row, and the machine's cores are shared
        read_options=pj.ReadOptions(use_threads=False, block_size=len(data) + 1),
        parse_options=pj.ParseOptions(explicit_schema=schema),
    )


def _numbers_as_streamed(values: pa.Array) -> bool:
    """Whether no decimal is NaN, infinite or a whole number too large for 64 bits.

    Arrow reads ``NaN`` and oversized integers, which the item-by-item parser refuses as not
    valid JSON: such files are left to that parser and its message.
    """
    kind = values.type
    if pa.types.is_struct(kind):
        return all(_numbers_as_streamed(values.field(index)) for index in range(kind.num_fields))
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return _numbers_as_streamed(pc.list_flatten(values))
    if pa.types.is_floating(kind) and values.null_count < len(values):
        if pc.any(pc.is_nan(values)).as_py():
            return False
        return pc.max(pc.abs(values)).as_py() < _LARGEST_INTEGER
    return True


def read_items(text: str, member: str, first_items: list) -> pa.StructArray | None:
    """Parse a JSON object whose member ``member`` is a list of objects; return the objects.

    Arrow's parser reads the document in C++ without making a Python object per item,
    several times faster than the item-by-item parser. It takes only the plain case: every
    item an object, each field of one type throughout. Anything else (a field that is text
    in one item and a number in another, an item that is not an object, ``NaN``, a broken
    document) gives None, and the caller reads the list item by item, with that parser's
    checks and messages.

    Text that Arrow would take for a date or date-time is kept as text, as written: the
    fields it does that to are learnt from ``first_items`` first, so that the document is
    parsed once (twice when such a field only comes later).

    Parameters
    ----------
    text
        The decoded document, already checked for nesting depth and count of containers.
    member
        The top-level member that holds the list ("features").
    first_items
        The list's first items as Python values (a few hundred).

    Returns
    -------
    pyarrow.StructArray or None
        One element per item, a field per key met in any item (null where an item lacks
        it).
    """
    if not first_items or not all(isinstance(item, dict) for item in first_items):
        return None
    try:
        data = text.encode()
    except UnicodeEncodeError:
        return None  # a lone surrogate: the item-by-item parser names the item
    if len(data) > _MAX_BYTES:
        return None
    try:
        sample = "\n".join(json.dumps(item) for item in first_items).encode()
        text_paths = _date_like(pj.read_json(pa.BufferReader(sample)).schema)
        table = _parse(data, member, text_paths)
        items = _items(table, member)
        if items is not None and (later := _date_like(items.type)):
            # date-like text first met after the first items: parse again, that text kept too
            del table, items
            table = _parse(data, member, text_paths | later)
            items = _items(table, member)
        if items is None or _date_like(items.type) or not _numbers_as_streamed(items):
            return None
    except pa.ArrowException:
        return None
    return items


def _items(table: pa.Table, member: str) -> pa.StructArray | None:
    """Return the objects of the one row's list ``member`` (None if not what was parsed)."""
    if len(table) != 1 or member not in table.column_names:
        return None  # a second document after the first, or no such member
    column = table.column(member)
    if not pa.types.is_list(column.type) or not pa.types.is_struct(column.type.value_type):
        return None
    # Arrow's JSON parser has built malformed arrays (pyarrow 26: a null before a number in
    # a list): every offset and length is checked before anything is read through them
    column.validate(full=True)
    items = pc.list_flatten(column).combine_chunks()
    if items.null_count:
        return None  # a null among the items: the item-by-item path describes it
    return items
