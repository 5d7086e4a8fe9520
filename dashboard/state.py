"""What the reader is looking at: the view (date, mode, filters, layers) and its filters."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Literal, get_args

import numpy as np
import pandas as pd

import geodata
from dashboard import timeline
from dashboard.style import LAYER_ORDER
from events import KINDS, STATUSES

Mode = Literal["day", "cumulative", "window"]
Tiles = Literal["vector", "osm", "carto"]
NameOrder = Literal["common", "hy", "az"]

MODES: tuple[Mode, ...] = get_args(Mode)
MODE_LABELS: dict[Mode, str] = {
    "day": "Events of the day",
    "cumulative": "All events up to the day (older faded)",
    "window": "A window of days",
}
TILES: tuple[Tiles, ...] = get_args(Tiles)
TILE_LABELS: dict[Tiles, str] = {
    "vector": "Offline vector basemap",
    "osm": "OpenStreetMap tiles (online)",
    "carto": "CARTO light tiles (online)",
}
NAME_ORDERS: tuple[NameOrder, ...] = get_args(NameOrder)
NAME_ORDER_LABELS: dict[NameOrder, str] = {
    "common": "English/common name first",
    "hy": "Armenian name first",
    "az": "Azerbaijani name first",
}
#: Layers the maps draw from the others, not from a geodata file: the land that changed
#: hands since the previous day or window (see :mod:`dashboard.changes`).
DERIVED_LAYERS = ("changes",)
#: Every map layer, bottom to top (``geodata.LAYER_ORDER``), then the derived ones.
LAYERS = LAYER_ORDER + DERIVED_LAYERS
WINDOW_DAYS_MAX = 44
QUERY_MAX_CHARS = 200
MIN_ZOOM = 6
MAX_ZOOM = 14


@dataclasses.dataclass(frozen=True)
class MapView:
    """Where the map looks: zoom level and centre (latitude, longitude)."""

    zoom: int
    lat: float
    lon: float


@dataclasses.dataclass(frozen=True)
class Filters:
    """Which events the reader asked for, whatever their date.

    Parameters
    ----------
    kinds, statuses : tuple of str
        The event kinds and statuses shown.
    actors : tuple of str
        Events involving any of these actors; empty means every actor.
    query : str
        Free-text search in title, description and place, by any of the place's names,
        regardless of case and diacritics (see :func:`geodata.search_terms`).
    """

    kinds: tuple[str, ...] = KINDS
    statuses: tuple[str, ...] = STATUSES
    actors: tuple[str, ...] = ()
    query: str = ""

    def mask(self, events: pd.DataFrame) -> np.ndarray:
        """Return a boolean array: which rows of ``events`` pass the filters."""
        mask = np.ones(len(events), dtype=bool)
        if set(self.kinds) != set(KINDS):
            mask &= events["kind"].isin(self.kinds).to_numpy()
        if set(self.statuses) != set(STATUSES):
            mask &= events["status"].isin(self.statuses).to_numpy()
        if self.actors:
            wanted = set(self.actors)
            mask &= np.fromiter(
                (not wanted.isdisjoint(actors) for actors in events["actors"]),
                dtype=bool,
                count=len(events),
            )
        if self.query:
            mask &= _matches(events, self.query)
        return mask

    def apply(self, events: pd.DataFrame) -> pd.DataFrame:
        """Return the rows of ``events`` that pass the filters."""
        return events[self.mask(events)]

    def describe(self) -> list[str]:
        """Return one phrase per active filter, e.g. ``["kinds: capture", 'search: "Lachin"']``.

        The page's count line and the images' filter line both say what is filtered with
        these phrases; an empty list means nothing is.
        """
        parts = []
        if set(self.kinds) != set(KINDS):
            parts.append("kinds: " + (", ".join(self.kinds) or "none"))
        if set(self.statuses) != set(STATUSES):
            parts.append("status: " + (", ".join(self.statuses) or "none"))
        if self.actors:
            parts.append("actors: " + ", ".join(self.actors))
        if self.query:
            parts.append(f'search: "{self.query}"')
        return parts


@dataclasses.dataclass(frozen=True)
class ViewState:
    """One view of the dashboard: everything a shared link must restore.

    Parameters
    ----------
    date : datetime.date
        The selected day.
    mode : {"day", "cumulative", "window"}
        ``"day"`` (events of that day), ``"cumulative"`` (all events up to it, older ones
        faded) or ``"window"`` (the last ``window_days`` days up to it).
    window_days : int
        Width of the window in ``"window"`` mode, 1 to 44.
    kinds, statuses, actors : tuple of str
        Filters (see :class:`Filters`); an empty ``actors`` tuple means every actor.
    query : str
        Free-text search in title, description and place (case-insensitive).
    layers : tuple of str
        Visible map layers, from :data:`LAYERS`.
    tiles : {"vector", "osm", "carto"}
        Base layer: ``"vector"`` (offline) or an online tile set.
    extended : bool
        Whether the timeline runs on to 1 December 2020 (the handovers) instead of stopping
        at 10 November.
    names : {"common", "hy", "az"}
        Which of a place's names the map's labels put first: the English/common form, the
        Armenian or the Azerbaijani one (the other follows, "Shusha/Shushi").
    map_view : MapView, optional
        The map's zoom and centre; the whole region when None.
    """

    date: dt.date = timeline.WAR_START
    mode: Mode = "day"
    window_days: int = 7
    kinds: tuple[str, ...] = KINDS
    statuses: tuple[str, ...] = STATUSES
    actors: tuple[str, ...] = ()
    query: str = ""
    layers: tuple[str, ...] = LAYERS
    tiles: Tiles = "vector"
    extended: bool = False
    names: NameOrder = "common"
    map_view: MapView | None = None

    @property
    def filters(self) -> Filters:
        """The view's filters."""
        return Filters(self.kinds, self.statuses, self.actors, self.query)

    def date_label(self) -> str:
        """Return "Day N of 44" during the war, "Ceasefire in force" from 10 November."""
        return timeline.date_label(self.date)

    def first_day_shown(self) -> dt.date | None:
        """Return the earliest event date the mode includes (None: from the beginning)."""
        if self.mode == "day":
            return self.date
        if self.mode == "window":
            return self.date - dt.timedelta(days=self.window_days - 1)
        return None

    def describe_mode(self) -> str:
        """Return which events the mode shows, e.g. "events of the last 7 days"."""
        if self.mode == "window":
            return f"events of the last {self.window_days} days"
        return {
            "day": "events of the day",
            "cumulative": "all events up to the day, older faded",
        }[self.mode]


def _matches(events: pd.DataFrame, query: str) -> np.ndarray:
    """Return which events mention ``query`` or any other name of the place it names.

    Text and query are folded alike (case and diacritics erased), and an event's place
    counts by all of its names, so "Şuşa", "Shushi" and "Shusha" find the same events.
    """
    terms = geodata.search_terms(query)
    if not terms:
        return np.ones(len(events), dtype=bool)
    spellings = geodata.place_spellings()
    places = events["place"] if "place" in events else pd.Series("", index=events.index)
    names = places.map(
        lambda place: " | ".join(spellings.get(place, ())) if isinstance(place, str) else ""
    )
    text = (
        events["title"].fillna("")
        + " | "
        + events["description"].fillna("")
        + " | "
        + events["place_name"].fillna("")
        + " | "
        + names.fillna("")
    )
    folded = [geodata.fold(value) for value in text]
    return np.fromiter(
        (any(term in value for term in terms) for value in folded), dtype=bool, count=len(folded)
    )


def select_events(events_gdf: pd.DataFrame, state: ViewState) -> pd.DataFrame:
    """Return the events the view shows: the mode's dates, then the filters.

    Parameters
    ----------
    events_gdf : GeoDataFrame
        Events as returned by ``events.load_events`` (sorted by ``date``).
    state : ViewState
        The view.

    Returns
    -------
    GeoDataFrame
        The selected rows (same columns) plus ``age_days``: whole days between the event
        and the selected day (0 for the day itself), used to fade older events.
    """
    dates = events_gdf["date"].to_numpy(dtype="datetime64[D]")
    end = np.datetime64(state.date, "D")
    first = state.first_day_shown()
    # The record is sorted by date: slice with a binary search, then filter the slice.
    stop = int(np.searchsorted(dates, end, side="right"))
    start = 0 if first is None else int(np.searchsorted(dates, np.datetime64(first, "D")))
    selected = events_gdf.iloc[start:stop]
    mask = state.filters.mask(selected)
    result = selected[mask].copy()
    result["age_days"] = (end - dates[start:stop][mask]).astype(int)
    return result
