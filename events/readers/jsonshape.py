"""Bound JSON text's shape before it is parsed: nesting depth, count of containers, places."""

from __future__ import annotations

import json
from typing import NamedTuple

import numpy as np

from events.schema import EventDataError, Problem

#: Deepest JSON nesting read: a GeoJSON point with list-valued properties needs about 6.
MAX_JSON_DEPTH = 32
#: At most one JSON object or array per this many bytes: event data has far fewer, and
#: each costs 60 to 200 bytes once parsed, so a file of empty brackets would balloon.
_BYTES_PER_CONTAINER = 20
_SCAN_CHARACTERS = 1 << 20
#: The end of a scan piece searched for the last item's place (see :func:`_character_after`).
_TAIL_BYTES = 1 << 16
#: Top-level members whose place is noted (GeoJSON has a handful; more are not looked at).
_MAX_MEMBERS = 64
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


def refuse(name: str, reason: str, row: int | None = None) -> EventDataError:
    """Return the error refusing JSON file ``name`` for ``reason`` (at item ``row`` if given).

    The error is returned, not raised, so that callers ``raise ... from None`` and the user
    sees one line instead of the parser's traceback.
    """
    return EventDataError(name, [Problem(row, "", reason)])


def check_shape(shape: JsonShape, text: str, name: str) -> None:
    """Refuse deep nesting and floods of brackets before anything is parsed.

    Parameters
    ----------
    shape
        What :func:`scan_json` found in ``text``.
    text
        The decoded text.
    name
        File name for messages.

    Raises
    ------
    EventDataError
        For JSON nested deeper than :data:`MAX_JSON_DEPTH`, or with too many objects and
        arrays for its size.
    """
    if shape.deepest > MAX_JSON_DEPTH:
        raise refuse(
            name,
            f"JSON nested {shape.deepest:,} levels deep (at most {MAX_JSON_DEPTH} are read):"
            " event data is a list of flat records or a GeoJSON FeatureCollection",
        )
    if shape.containers > max(1000, len(text) // _BYTES_PER_CONTAINER):
        raise refuse(
            name,
            f"{shape.containers:,} JSON objects and arrays in {len(text):,} characters is"
            " not event data (too many to read safely): give a FeatureCollection of"
            " points or a list of records",
        )


def parse_whole(text: str, name: str) -> object:
    """Parse JSON text whole, refusing invalid text in one line (call :func:`check_shape` first).

    Raises
    ------
    EventDataError
        For text that is not valid JSON, saying where it breaks.
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise refuse(
            name, f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    except RecursionError:
        # only reachable when the interpreter's stack is already deep
        raise refuse(name, "JSON nested too deeply to read") from None
