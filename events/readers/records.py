"""Read generic records: a CSV with date and coordinates, or a TimeMap-style JSON array."""

from __future__ import annotations

import pandas as pd

from events.readers.acled import EVENT_KINDS, SUB_EVENT_KINDS
from events.readers.dates import parse_dates
from events.readers.jsonstream import TextColumns, stream_json
from events.readers.mapping import MappedEvents, text_column
from events.readers.table import read_table
from events.schema import KINDS, EventDataError, Problem

#: Column names accepted for each of our fields, in order of preference (lower case).
ROLES = {
    "id": ("id", "event_id", "uid", "identifier"),
    "date": ("date", "event_date", "date_start", "datetime", "day", "timestamp"),
    "lat": ("latitude", "lat", "y"),
    "lon": ("longitude", "lon", "lng", "long", "x"),
    "title": ("title", "name", "headline", "event"),
    "place_name": ("location", "place_name", "place", "locality", "settlement", "city"),
    "description": ("description", "notes", "summary", "text", "details"),
    "sources": ("sources", "source", "source_url", "url", "link", "links"),
    "kind": ("kind",),
    "kind_hint": ("type", "category", "event_type", "sub_event_type"),
    "fatalities": ("fatalities", "deaths", "killed"),
}
#: Words that give a kind when a file names none of ours (checked in this order).
KIND_WORDS = {
    "ceasefire": r"cease-?fire|truce",
    "capture": r"captur|took control|taken control|liberat|seiz|overt[ao]ok",
    "strike": r"shell|strike|drone|missile|rocket|artillery|bomb|explos|cluster",
    "humanitarian": r"civilian|refugee|displac|hospital|humanitarian|evacuat|prisoner",
    "diplomacy": r"talks|negotiat|agreement|minsk|summit|foreign minister",
    "peacekeeping": r"peacekeep",
    "political": r"protest|rally|parliament|president|resign",
    "fighting": r"clash|battle|fight|attack|offensive|firefight|combat",
}
_ROLE_NAMES = frozenset(name for names in ROLES.values() for name in names)
#: The kind given when neither a kind column nor the words say one: no kind is invented.
DEFAULT_KIND = "other"


def find_column(columns: set[str] | pd.Index, role: str) -> str | None:
    """Return the first of the names accepted for ``role`` (:data:`ROLES`) in ``columns``."""
    return next((name for name in ROLES[role] if name in columns), None)


def guess_kinds(given: pd.Series, text: pd.Series) -> tuple[pd.Series, int]:
    """Our kind for each row, from a kind or type value, else from words, else the default.

    Parameters
    ----------
    given
        A kind, type or category as the file writes it ("" where none).
    text
        Title and description, searched for words that name a kind.

    Returns
    -------
    tuple
        The kinds and the number of rows given :data:`DEFAULT_KIND` for want of anything.
    """
    lower = given.str.strip().str.lower()
    kinds = lower.where(lower.isin(KINDS)).fillna(lower.map(SUB_EVENT_KINDS))
    kinds = kinds.fillna(lower.map(EVENT_KINDS))
    words = (given + " " + text).str.lower()
    for kind, pattern in KIND_WORDS.items():
        kinds = kinds.mask(kinds.isna() & words.str.contains(pattern, regex=True), kind)
    defaulted = int(kinds.isna().sum())
    return kinds.fillna(DEFAULT_KIND), defaulted


def fill_defaults(mapped: pd.DataFrame, name: str, notes: list[str]) -> None:
    """Give rows without kind, title, source or claimant a stated default, in place.

    A file that names none of these still loads; each default used is written in ``notes``
    for the report, so nobody mistakes it for the file's own word.
    """
    blank = pd.Series("", index=mapped.index)
    description = mapped.get("description", blank)
    place = mapped.get("place_name", blank)
    title = mapped.get("title", blank)
    missing = title.eq("")
    if missing.any():
        fallback = place.where(place.ne(""), description.str.slice(0, 80))
        fallback = fallback.where(fallback.ne(""), "Untitled event")
        mapped["title"] = title = title.where(~missing, fallback)
        notes.append(
            f"title missing in {missing.sum():,} rows: the location, the description's start"
            " or 'Untitled event' used"
        )
    # a kind the file gives in our own column is checked as given; others are mapped
    kind = mapped.get("kind", blank)
    unknown = kind.eq("")
    if unknown.any():
        hint = mapped.pop("kind_hint") if "kind_hint" in mapped else blank
        guessed, defaulted = guess_kinds(hint[unknown], (title + " " + description)[unknown])
        mapped["kind"] = kind.where(~unknown, guessed)
        notes.append(
            f"no kind in {unknown.sum():,} rows: mapped from the type or the words of title"
            f" and description; {defaulted:,} with nothing to go on given '{DEFAULT_KIND}':"
            " give a kind column or property to say otherwise"
        )
    if "sources" not in mapped:
        mapped["sources"] = name
        notes.append("no source column: the file's name given as every row's source")
    status = mapped.get("status", blank)
    claimed_by = mapped.get("claimed_by", blank)
    unclaimed = status.eq("") & claimed_by.eq("")
    mapped["claimed_by"] = claimed_by.where(~unclaimed, name)
    mapped["status"] = status.where(status.ne(""), "claimed")
    if unclaimed.any():
        notes.append(
            f"no status in {unclaimed.sum():,} rows: loaded as claimed, claimed by the file"
        )


def map_records(frame: pd.DataFrame, name: str, details: str, notes: list[str]) -> MappedEvents:
    """Map columns found under common names (see :data:`ROLES`) to ours, with defaults.

    Parameters
    ----------
    frame
        Text columns with lower-case names, indexed by row number.
    name
        File name for messages, sources and claimants given by default.
    details
        The layout found, for the report.
    notes
        Layout notes so far; the defaults used are added.

    Returns
    -------
    MappedEvents
        Rows mapped to our columns; the mapping is stated in the report.
    """
    chosen = {role: find_column(frame.columns, role) for role in ROLES}
    for role in ("date", "lat", "lon"):
        if chosen[role] is None:
            accepted = ", ".join(ROLES[role])
            raise EventDataError(
                name, [Problem(None, role, f"no {role} column: name one of {accepted}")]
            )
    mapped = pd.DataFrame(
        {role: text_column(frame, column) for role, column in chosen.items() if column},
        index=frame.index,
    )
    dates = parse_dates(mapped["date"], day_first_default=True, origin="a generic file")
    mapped["date"] = dates.dates
    ids = mapped.get("id", pd.Series("", index=frame.index))
    mapped["id"] = ids.where(
        ids.ne(""), "row-" + frame.index.astype(str).to_series(index=frame.index)
    )
    if "sources" in mapped:
        mapped["sources"] = mapped["sources"].str.replace(";", "|", regex=False)
    fill_defaults(mapped, name, notes)
    if "fatalities" in mapped:
        mapped["fatalities_source"] = (name + " row " + frame.index.astype(str)).where(
            mapped["fatalities"].ne(""), ""
        )
    mapped["location_precision"] = "exact"
    mapped["date_precision"] = "day"
    columns_mapped = {
        column: role.removesuffix("_hint") for role, column in chosen.items() if column
    }
    return MappedEvents(
        frame=mapped,
        format="table",
        details=details,
        columns_mapped=columns_mapped,
        columns_ignored=[column for column in frame.columns if column not in columns_mapped],
        date_style=dates.description,
        notes=notes,
    )


def read_generic_csv(text: str, name: str) -> MappedEvents:
    """Map a CSV with date, latitude and longitude columns (named as in :data:`ROLES`).

    Parameters
    ----------
    text
        The decoded CSV.
    name
        File name for messages.

    Returns
    -------
    MappedEvents
        Rows mapped with the columns and defaults the report states.
    """
    table = read_table(text, name)
    return map_records(table.frame, name, "table with date and coordinates", table.notes)


def read_timemap(text: str, name: str) -> MappedEvents:
    """Map a JSON array of records (the TimeMap format of open-source investigators).

    Each record has ``date``, ``latitude`` and ``longitude`` (often as strings),
    ``location``, ``description`` and ``sources``; other names of :data:`ROLES` are accepted.

    Parameters
    ----------
    text
        The decoded JSON.
    name
        File name for messages.

    Returns
    -------
    MappedEvents
        Rows numbered by record position from 1.
    """
    document = stream_json(text, name, "records")
    if not isinstance(document.top, list):
        raise _not_records(name)
    columns = TextColumns(
        lambda key: lower if (lower := key.strip().lower()) in _ROLE_NAMES else None
    )
    count = 0
    for chunk in document.chunks("record"):
        for position, record in enumerate(chunk, count + 1):
            if not isinstance(record, dict):
                raise _not_records(name, position)
        columns.add(chunk)
        count += len(chunk)
    index = pd.RangeIndex(1, count + 1)
    frame = columns.frame(index)
    if not count:
        # an empty list: the loader reports that nothing was there to load
        frame = pd.DataFrame({column: [] for column in ("date", "latitude", "longitude")})
        mapped = map_records(frame.astype(object), name, "JSON array of records (empty)", [])
        mapped.format = "timemap"
        return mapped
    mapped = map_records(frame, name, "JSON array of records (TimeMap layout)", [])
    mapped.format = "timemap"
    mapped.problems.extend(document.truncation("record"))
    used = set(mapped.columns_mapped)
    mapped.columns_ignored = sorted({key.strip().lower() for key in columns.keys} - used)
    return mapped


def _not_records(name: str, position: int | None = None) -> EventDataError:
    return EventDataError(
        name,
        [
            Problem(
                position,
                "",
                "this JSON array is not a list of records: give objects with date,"
                " latitude and longitude, or a GeoJSON FeatureCollection",
            )
        ],
    )
