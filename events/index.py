"""Date queries on events through a sorted date index: one day, up to a day, between two days."""

from __future__ import annotations

import datetime as dt
import functools

import geopandas as gpd
import numpy as np
import pandas as pd

from events.loader import load_events
from events.schema import CURATED_PATH

DayLike = str | dt.date | pd.Timestamp | np.datetime64


def _day(value: DayLike, what: str = "day") -> np.datetime64:
    """Turn a date, a Timestamp or 'YYYY-MM-DD' into a numpy day, or raise ValueError."""
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        stamp = pd.NaT
    if pd.isna(stamp):
        raise ValueError(f"{what} {value!r} is not a date: give a date or 'YYYY-MM-DD'")
    return np.datetime64(stamp.date(), "D")


class EventIndex:
    """Events sorted by date, with day queries answered by binary search (no full scan).

    Parameters
    ----------
    events
        A GeoDataFrame with a datetime64 ``date`` column, such as :func:`events.load_events`
        returns; it is sorted by date if it is not already.

    Notes
    -----
    Query results are slices of the indexed frame (pandas copy-on-write keeps the index
    intact if a caller modifies them).
    """

    def __init__(self, events: gpd.GeoDataFrame) -> None:
        if "date" not in events:
            raise ValueError("events have no 'date' column: load them with events.load_events")
        dates = pd.to_datetime(events["date"])
        if dates.isna().any():
            raise ValueError("some events have no date: an index needs a date on every event")
        if not dates.is_monotonic_increasing:
            order = np.argsort(dates.to_numpy(), kind="stable")
            events = events.iloc[order]
            dates = dates.iloc[order]
        self.events = events.reset_index(drop=True)
        # Column labels as plain objects: geopandas slices a frame whose labels are pyarrow
        # strings (pandas 3's default) about twice as slowly.
        self.events.columns = pd.Index(list(self.events.columns), dtype=object)
        self._days = dates.to_numpy().astype("datetime64[D]")

    def __len__(self) -> int:
        """Return the number of events."""
        return len(self.events)

    @property
    def first_day(self) -> dt.date | None:
        """The earliest event date (None when empty)."""
        return self._days[0].astype(dt.date) if len(self._days) else None

    @property
    def last_day(self) -> dt.date | None:
        """The latest event date (None when empty)."""
        return self._days[-1].astype(dt.date) if len(self._days) else None

    def on(self, day: DayLike) -> gpd.GeoDataFrame:
        """Events dated ``day``."""
        target = _day(day)
        start = self._days.searchsorted(target, side="left")
        end = self._days.searchsorted(target, side="right")
        return self.events.iloc[start:end]

    def until(self, day: DayLike) -> gpd.GeoDataFrame:
        """Events dated on or before ``day`` (what has happened by the end of that day)."""
        return self.events.iloc[: self._days.searchsorted(_day(day), side="right")]

    def between(self, start: DayLike, end: DayLike) -> gpd.GeoDataFrame:
        """Events dated from ``start`` to ``end``, both included."""
        first, last = _day(start, "start"), _day(end, "end")
        if last < first:
            raise ValueError(f"end {end!r} is before start {start!r}")
        lower = self._days.searchsorted(first, side="left")
        upper = self._days.searchsorted(last, side="right")
        return self.events.iloc[lower:upper]


@functools.lru_cache(maxsize=2)
def _curated_index(modified_ns: int, size: int) -> EventIndex:
    return EventIndex(load_events())


def _index() -> EventIndex:
    if not CURATED_PATH.is_file():
        load_events()  # raises the loader's message about the missing record
    stat = CURATED_PATH.stat()
    return _curated_index(stat.st_mtime_ns, stat.st_size)


def on(day: DayLike) -> gpd.GeoDataFrame:
    """Events of the curated record dated ``day``."""
    return _index().on(day)


def until(day: DayLike) -> gpd.GeoDataFrame:
    """Events of the curated record dated on or before ``day``."""
    return _index().until(day)


def between(start: DayLike, end: DayLike) -> gpd.GeoDataFrame:
    """Events of the curated record dated from ``start`` to ``end``, both included."""
    return _index().between(start, end)
