"""The control zones' sources: hand-drawn points and dated changes, dated by the event record.

Read as plain CSV (geodata does not import events); every bad value is reported with its
file, row and column.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from shapely.geometry.base import BaseGeometry

PACKAGE_DIR = Path(__file__).resolve().parents[1]
SOURCES_DIR = PACKAGE_DIR / "_sources" / "control"
DATA_DIR = PACKAGE_DIR / "data"
EVENTS_CSV = PACKAGE_DIR.parent / "events" / "data" / "events.csv"
# Every hand-drawn vertex lies in this box (min_lon, min_lat, max_lon, max_lat).
_CAUCASUS = (44.0, 38.0, 48.5, 41.5)
STATEMENT_URL = "http://kremlin.ru/events/president/news/64384"


class ControlBuildError(ValueError):
    """A source file of the control zones is missing or holds a bad value."""


@dataclass
class Change:
    """One dated change of control, read from ``changes.csv``."""

    order: int
    change: str
    label: str
    kind: str
    event_ids: tuple[str, ...]
    date: dt.date | None
    areas: tuple[str, ...]
    districts: tuple[str, ...]
    precision: str
    extra_sources: tuple[str, ...]
    sources: tuple[str, ...] = ()
    contested: bool = False
    claim_note: str = ""
    region: BaseGeometry | None = field(default=None, repr=False)


CHANGE_COLUMNS = [
    "order",
    "change",
    "label",
    "kind",
    "event_ids",
    "date",
    "areas",
    "districts",
    "precision",
    "extra_sources",
]


# --- reading the sources ---------------------------------------------------------------------


def read_csv(path: Path, columns: Iterable[str]) -> pd.DataFrame:
    """Return a source CSV as text cells, after checking it has ``columns``."""
    if not path.exists():
        raise ControlBuildError(f"{path}: file not found; it is part of the control-zone sources")
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError) as error:
        raise ControlBuildError(f"{path}: not a readable CSV file ({error})") from None
    missing = [column for column in columns if column not in table.columns]
    if missing:
        raise ControlBuildError(f"{path}: missing column(s) {', '.join(missing)}")
    return table


def parse_date(text: str, path: Path, row: int, column: str) -> dt.date:
    """Return ``text`` as a date, or stop naming the file, row and column."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ControlBuildError(
            f"{path}:{row}:{column}: {text!r} is not a date; write it as YYYY-MM-DD"
        ) from None


def parse_float(text: str, path: Path, row: int, column: str) -> float:
    """Return ``text`` as a number, or stop naming the file, row and column."""
    try:
        return float(text)
    except ValueError:
        raise ControlBuildError(f"{path}:{row}:{column}: {text!r} is not a number") from None


def split_list(text: str) -> tuple[str, ...]:
    """Return the non-empty items of a ``|``-separated cell."""
    return tuple(part.strip() for part in text.split("|") if part.strip())


def read_points(path: Path, key: str | None) -> dict[str, list[tuple[float, float]]]:
    """Read ``seq,lon,lat,source`` vertices, grouped by ``key`` (one group if ``key`` is None)."""
    columns = ["seq", "lon", "lat", "source"] + ([key] if key else [])
    table = read_csv(path, columns)
    groups: dict[str, list[tuple[int, float, float]]] = {}
    for index, row in table.iterrows():
        line = int(index) + 2  # header is line 1
        lon = parse_float(row["lon"], path, line, "lon")
        lat = parse_float(row["lat"], path, line, "lat")
        if not (_CAUCASUS[0] <= lon <= _CAUCASUS[2] and _CAUCASUS[1] <= lat <= _CAUCASUS[3]):
            raise ControlBuildError(
                f"{path}:{line}:lon/lat: ({lon}, {lat}) lies outside the South Caucasus; "
                "check the order (lon first, then lat)"
            )
        if not row["source"].strip():
            raise ControlBuildError(f"{path}:{line}:source: every vertex needs its source")
        seq = int(parse_float(row["seq"], path, line, "seq"))
        groups.setdefault(row[key] if key else "", []).append((seq, lon, lat))
    return {name: [(lon, lat) for _, lon, lat in sorted(points)] for name, points in groups.items()}


def read_changes(path: Path) -> list[Change]:
    """Return the dated changes of ``changes.csv``, each checked field by field."""
    table = read_csv(path, CHANGE_COLUMNS)
    changes = []
    for index, row in table.iterrows():
        line = int(index) + 2
        if row["kind"] not in ("capture", "handover"):
            raise ControlBuildError(f"{path}:{line}:kind: {row['kind']!r}; use capture|handover")
        event_ids = split_list(row["event_ids"])
        if bool(event_ids) == bool(row["date"].strip()):
            raise ControlBuildError(
                f"{path}:{line}:date: give either event_ids (the record dates the change) or a "
                "date (only for a change the record has no event for), not both or neither"
            )
        changes.append(
            Change(
                order=int(parse_float(row["order"], path, line, "order")),
                change=row["change"],
                label=row["label"],
                kind=row["kind"],
                event_ids=event_ids,
                date=None if event_ids else parse_date(row["date"], path, line, "date"),
                areas=split_list(row["areas"]),
                districts=split_list(row["districts"]),
                precision=row["precision"],
                extra_sources=split_list(row["extra_sources"]),
            )
        )
    return sorted(changes, key=lambda change: change.order)


# --- dates from the event record -------------------------------------------------------------


def date_changes(changes: list[Change], events_csv: Path) -> None:
    """Take each change's date, sources and claim status from the events it names in the record.

    The earliest of a change's events gives its date: for a capture that one side claimed and
    the other denied, this is the claim's date, and the change is marked contested. A change
    without events keeps the date written in ``changes.csv``.
    """
    needed = {event_id for change in changes for event_id in change.event_ids}
    events = pd.DataFrame(columns=["id"])
    if needed:
        if not events_csv.exists():
            raise ControlBuildError(
                f"{events_csv}: not found; the control zones take their dates from the record"
            )
        events = read_csv(
            events_csv, ["id", "date", "status", "claimed_by", "denied_by", "sources"]
        )
    by_id = {row["id"]: row for _, row in events.iterrows()}
    for change in changes:
        missing = [event_id for event_id in change.event_ids if event_id not in by_id]
        if missing:
            raise ControlBuildError(
                f"{events_csv}: change {change.change!r} names event(s) {', '.join(missing)} "
                "that the record does not hold; fix event_ids in changes.csv"
            )
        rows = sorted((by_id[event_id] for event_id in change.event_ids), key=lambda r: r["date"])
        sources = [source for row in rows for source in split_list(row["sources"])]
        change.sources = tuple(dict.fromkeys([*sources, *change.extra_sources]))
        if not rows:
            continue
        first = rows[0]
        change.date = dt.date.fromisoformat(first["date"])
        claimed_by = first.get("claimed_by", "").strip()
        denied_by = first.get("denied_by", "").strip()
        change.contested = first.get("status", "") in ("claimed", "disputed") or bool(denied_by)
        if change.contested:
            denial = f", denied by {denied_by}" if denied_by else ""
            change.claim_note = (
                f"contested: dated by the claim of {claimed_by or 'one side'} "
                f"({first['id']}, {first['status']}{denial})"
            )
