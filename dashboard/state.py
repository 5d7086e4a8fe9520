"""What the reader is looking at (date, mode, filters, layers) and its round trip via the URL."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping
from urllib.parse import urlencode

import numpy as np
import pandas as pd

from events import KINDS, STATUSES
from geodata.periods import AFTERMATH_END, CEASEFIRE_IN_FORCE, WAR_DAYS, WAR_START

MODES = ("day", "cumulative", "window")
MODE_LABELS = {
    "day": "Events of the day",
    "cumulative": "All events up to the day (older faded)",
    "window": "A window of days",
}
TILES = ("vector", "osm", "carto")
TILE_LABELS = {
    "vector": "Offline vector basemap",
    "osm": "OpenStreetMap tiles (online)",
    "carto": "CARTO light tiles (online)",
}
LAYERS = (
    "countries",
    "districts",
    "rivers",
    "karabakh",
    "nakhchivan",
    "shusha",
    "contact_line_1994",
    "control_zones",
    "contact_line_2020",
    "peacekeeping_zone",
    "lachin_corridor",
    "nakhchivan_corridor",
)
# Layers that exist only from the statement of 9/10 November 2020.
POST_CEASEFIRE_LAYERS = frozenset(
    {"contact_line_2020", "peacekeeping_zone", "lachin_corridor", "nakhchivan_corridor"}
)
# Layers whose features depend on the selected date: in the base map with every version, each
# feature drawn on the days it is valid (dashboard.webmap.build.DatedLayers).
DATED_LAYERS = POST_CEASEFIRE_LAYERS | {"control_zones"}
WINDOW_DAYS_MAX = 44
QUERY_MAX_CHARS = 200


@dataclasses.dataclass(frozen=True)
class ViewState:
    """One view of the dashboard: everything a shared link must restore.

    Parameters
    ----------
    date : datetime.date
        The selected day.
    mode : str
        ``"day"`` (events of that day), ``"cumulative"`` (all events up to it, older ones
        faded) or ``"window"`` (the last ``window_days`` days up to it).
    window_days : int
        Width of the window in ``"window"`` mode, 1 to 44.
    kinds, statuses, actors : tuple of str
        Filters; an empty ``actors`` tuple means every actor.
    query : str
        Free-text search in title, description and place (case-insensitive).
    layers : tuple of str
        Visible map layers, from :data:`LAYERS`.
    tiles : str
        Base layer: ``"vector"`` (offline) or an online tile set (``"osm"``, ``"carto"``).
    extended : bool
        Whether the timeline runs on to 1 December 2020 (the handovers) instead of stopping
        at 10 November.
    """

    date: dt.date = WAR_START
    mode: str = "day"
    window_days: int = 7
    kinds: tuple[str, ...] = KINDS
    statuses: tuple[str, ...] = STATUSES
    actors: tuple[str, ...] = ()
    query: str = ""
    layers: tuple[str, ...] = LAYERS
    tiles: str = "vector"
    extended: bool = False

    @classmethod
    def from_query_params(
        cls,
        params: Mapping[str, str | list[str]],
        *,
        date_range: tuple[dt.date, dt.date] | None = None,
        known_actors: Iterable[str] | None = None,
    ) -> tuple[ViewState, list[str]]:
        """Read a view from URL query parameters, falling back to defaults for bad values.

        Parameters
        ----------
        params : mapping
            ``st.query_params`` or any mapping of names to strings (a list value, as from
            ``urllib.parse.parse_qs``, counts as its last element).
        date_range : (date, date), optional
            First and last day the timeline offers (default 27 September to 1 December 2020;
            uploaded data may widen it).
        known_actors : iterable of str, optional
            Actor names the record contains; others are dropped with a notice.

        Returns
        -------
        (ViewState, list of str)
            The view, and one plain-language notice per value that was not understood, so
            the page can say what it ignored instead of failing.
        """
        first, last = date_range or (WAR_START, AFTERMATH_END)
        notices: list[str] = []
        values = {name: _last(value) for name, value in params.items()}
        default = cls(date=first)
        fields: dict[str, object] = {}

        if "date" in values:
            day = _parse_date(values["date"])
            if day is None:
                notices.append(
                    f"Ignored date={values['date']!r}: expected a date like 2020-10-05; "
                    f"showing {first:%d %B %Y}."
                )
            elif not first <= day <= last:
                notices.append(
                    f"Ignored date={values['date']!r}: outside the timeline "
                    f"({first:%d %B %Y} to {last:%d %B %Y}); showing {first:%d %B %Y}."
                )
            else:
                fields["date"] = day

        if "mode" in values:
            if values["mode"] in MODES:
                fields["mode"] = values["mode"]
            else:
                notices.append(
                    f"Ignored mode={values['mode']!r}: choose one of {', '.join(MODES)}."
                )

        if "window" in values:
            text = values["window"]
            if text.isdigit() and 1 <= int(text) <= WINDOW_DAYS_MAX:
                fields["window_days"] = int(text)
            else:
                notices.append(
                    f"Ignored window={text!r}: expected a number of days from 1 to "
                    f"{WINDOW_DAYS_MAX}."
                )

        for name, field_name, allowed in (
            ("kinds", "kinds", KINDS),
            ("statuses", "statuses", STATUSES),
            ("layers", "layers", LAYERS),
        ):
            if name in values:
                chosen, unknown = _split_known(values[name], allowed)
                if unknown:
                    notices.append(
                        f"Ignored unknown {name} {', '.join(map(repr, unknown))}: "
                        f"valid values are {', '.join(allowed)}."
                    )
                if chosen or not unknown:
                    fields[field_name] = chosen

        if "actors" in values:
            names = _split(values["actors"])
            if known_actors is not None:
                allowed_actors = set(known_actors)
                unknown = [name for name in names if name not in allowed_actors]
                if unknown:
                    notices.append(
                        f"Ignored unknown actors {', '.join(map(repr, unknown))}: "
                        "they do not occur in the record."
                    )
                names = [name for name in names if name in allowed_actors]
            fields["actors"] = tuple(names)

        if "q" in values:
            fields["query"] = values["q"][:QUERY_MAX_CHARS]
            if len(values["q"]) > QUERY_MAX_CHARS:
                notices.append(f"Shortened the search text to {QUERY_MAX_CHARS} characters.")

        if "tiles" in values:
            if values["tiles"] in TILES:
                fields["tiles"] = values["tiles"]
            else:
                notices.append(
                    f"Ignored tiles={values['tiles']!r}: choose one of {', '.join(TILES)}."
                )

        if "extended" in values:
            if values["extended"] in ("0", "1"):
                fields["extended"] = values["extended"] == "1"
            else:
                notices.append(f"Ignored extended={values['extended']!r}: expected 0 or 1.")

        state = dataclasses.replace(default, **fields)
        if state.date > CEASEFIRE_IN_FORCE and not state.extended:
            # A date after the ceasefire only exists on the extended timeline.
            state = dataclasses.replace(state, extended=True)
        return state, notices

    def to_query_params(self) -> dict[str, str]:
        """Return the query parameters that restore this view (defaults left out).

        The date is always included, so that a shared link names the day it shows.
        """
        default = ViewState()
        params = {"date": self.date.isoformat()}
        if self.mode != default.mode:
            params["mode"] = self.mode
        if self.mode == "window" or self.window_days != default.window_days:
            params["window"] = str(self.window_days)
        for name in ("kinds", "statuses", "actors", "layers"):
            value = getattr(self, name)
            if value != getattr(default, name):
                params[name] = ",".join(value)
        if self.query:
            params["q"] = self.query
        if self.tiles != default.tiles:
            params["tiles"] = self.tiles
        if self.extended:
            params["extended"] = "1"
        return params

    def permalink(self, base_url: str) -> str:
        """Return ``base_url`` with the query string that restores this view."""
        return f"{base_url.split('?', 1)[0]}?{urlencode(self.to_query_params())}"

    def date_label(self) -> str:
        """Return "Day N of 44" during the war, "Ceasefire in force" from 10 November."""
        if self.date >= CEASEFIRE_IN_FORCE:
            return "Ceasefire in force"
        if self.date < WAR_START:
            return "Before the war"
        return f"Day {(self.date - WAR_START).days + 1} of {WAR_DAYS}"

    def first_day_shown(self) -> dt.date | None:
        """Return the earliest event date the mode includes (None: from the beginning)."""
        if self.mode == "day":
            return self.date
        if self.mode == "window":
            return self.date - dt.timedelta(days=self.window_days - 1)
        return None


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
    mask = np.ones(len(selected), dtype=bool)
    if set(state.kinds) != set(KINDS):
        mask &= selected["kind"].isin(state.kinds).to_numpy()
    if set(state.statuses) != set(STATUSES):
        mask &= selected["status"].isin(state.statuses).to_numpy()
    if state.actors:
        wanted = set(state.actors)
        mask &= np.fromiter(
            (not wanted.isdisjoint(actors) for actors in selected["actors"]),
            dtype=bool,
            count=len(selected),
        )
    if state.query:
        text = (
            selected["title"].fillna("")
            + " "
            + selected["description"].fillna("")
            + " "
            + selected["place_name"].fillna("")
        )
        mask &= text.str.contains(state.query, case=False, regex=False).to_numpy()
    result = selected[mask].copy()
    result["age_days"] = (end - dates[start:stop][mask]).astype(int)
    return result


def _last(value: str | list[str]) -> str:
    if isinstance(value, list | tuple):
        return str(value[-1]) if value else ""
    return str(value)


def _parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def _split_known(text: str, allowed: tuple[str, ...]) -> tuple[tuple[str, ...], list[str]]:
    names = _split(text)
    unknown = [name for name in names if name not in allowed]
    # Keep the canonical order so that equal views give equal URLs.
    return tuple(name for name in allowed if name in names), unknown
