"""A view and its URL: query parameters read through a table of field parsers, and written back."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from urllib.parse import urlencode

from dashboard import timeline
from dashboard.state import (
    LAYERS,
    MAX_ZOOM,
    MIN_ZOOM,
    MODES,
    QUERY_MAX_CHARS,
    TILES,
    WINDOW_DAYS_MAX,
    MapView,
    ViewState,
)
from dashboard.text import echo
from events import KINDS, STATUSES


@dataclasses.dataclass(frozen=True)
class _Context:
    """What a parser checks a value against: the timeline's days and the record's actors."""

    first: dt.date
    last: dt.date
    known_actors: frozenset[str] | None


#: A parser reads one parameter's text; it returns the view's fields it sets and the
#: notices for what it ignored.
Parsed = tuple[dict[str, object], list[str]]
Parser = Callable[[str, _Context], Parsed]
_WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")


def split_names(text: str) -> list[str]:
    """Split comma-separated names, dropping blanks: ``"a, b,,c"`` gives ``["a", "b", "c"]``."""
    return [part.strip() for part in text.split(",") if part.strip()]


def choose_known(text: str, allowed: tuple[str, ...]) -> tuple[tuple[str, ...], list[str]]:
    """Return the names of ``text`` found in ``allowed`` (in its order) and the unknown ones.

    The canonical order makes equal views give equal URLs.
    """
    names = split_names(text)
    unknown = [name for name in names if name not in allowed]
    return tuple(name for name in allowed if name in names), unknown


def _date(text: str, context: _Context) -> Parsed:
    first, last = context.first, context.last
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        return {}, [
            f"Ignored date={echo(text)}: expected a date like 2020-10-05; showing {first:%d %B %Y}."
        ]
    if not first <= day <= last:
        return {}, [
            f"Ignored date={echo(text)}: outside the timeline ({first:%d %B %Y} to "
            f"{last:%d %B %Y}); showing {first:%d %B %Y}."
        ]
    return {"date": day}, []


def _one_of(field: str, allowed: tuple[str, ...], name: str) -> Parser:
    def parse(text: str, context: _Context) -> Parsed:
        if text in allowed:
            return {field: text}, []
        return {}, [f"Ignored {name}={echo(text)}: choose one of {', '.join(allowed)}."]

    return parse


def _window(text: str, context: _Context) -> Parsed:
    # Plain ASCII digits only: "²".isdigit() is true, but int("²") fails.
    if _WHOLE_NUMBER.fullmatch(text) and 1 <= int(text) <= WINDOW_DAYS_MAX:
        return {"window_days": int(text)}, []
    return {}, [
        f"Ignored window={echo(text)}: expected a number of days from 1 to {WINDOW_DAYS_MAX}."
    ]


def _names(field: str, allowed: tuple[str, ...]) -> Parser:
    def parse(text: str, context: _Context) -> Parsed:
        chosen, unknown = choose_known(text, allowed)
        notices = []
        if unknown:
            notices.append(
                f"Ignored unknown {field} {', '.join(map(echo, unknown[:5]))}: "
                f"valid values are {', '.join(allowed)}."
            )
        # Only unknown names: keep the default rather than show nothing.
        return ({field: chosen} if chosen or not unknown else {}), notices

    return parse


def _actors(text: str, context: _Context) -> Parsed:
    names = split_names(text)
    if context.known_actors is None:
        return {"actors": tuple(names)}, []
    unknown = [name for name in names if name not in context.known_actors]
    notices = []
    if unknown:
        notices.append(
            f"Ignored unknown actors {', '.join(map(echo, unknown[:5]))}: "
            "they do not occur in the record."
        )
    return {"actors": tuple(name for name in names if name in context.known_actors)}, notices


def _query(text: str, context: _Context) -> Parsed:
    notices = []
    if len(text) > QUERY_MAX_CHARS:
        notices.append(f"Shortened the search text to {QUERY_MAX_CHARS} characters.")
    return {"query": text[:QUERY_MAX_CHARS]}, notices


def _extended(text: str, context: _Context) -> Parsed:
    if text in ("0", "1"):
        return {"extended": text == "1"}, []
    return {}, [f"Ignored extended={echo(text)}: expected 0 or 1."]


def _zoom(text: str, context: _Context) -> Parsed:
    if _WHOLE_NUMBER.fullmatch(text) and MIN_ZOOM <= int(text) <= MAX_ZOOM:
        return {"_zoom": int(text)}, []
    return {}, [f"Ignored zoom={echo(text)}: expected a zoom level from {MIN_ZOOM} to {MAX_ZOOM}."]


def _coordinate(name: str, limit: float) -> Parser:
    def parse(text: str, context: _Context) -> Parsed:
        try:
            value = float(text)
        except ValueError:
            value = float("nan")
        if -limit <= value <= limit:
            return {f"_{name}": round(value, 5)}, []
        return {}, [f"Ignored {name}={echo(text)}: expected a number from -{limit:g} to {limit:g}."]

    return parse


#: One parser per query parameter, in the order their notices are shown.
PARSERS: dict[str, Parser] = {
    "date": _date,
    "mode": _one_of("mode", MODES, "mode"),
    "window": _window,
    "kinds": _names("kinds", KINDS),
    "statuses": _names("statuses", STATUSES),
    "layers": _names("layers", LAYERS),
    "actors": _actors,
    "q": _query,
    "tiles": _one_of("tiles", TILES, "tiles"),
    "extended": _extended,
    "zoom": _zoom,
    "lat": _coordinate("lat", 90.0),
    "lon": _coordinate("lon", 180.0),
}


def read_view(
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
        ``urllib.parse.parse_qs``, counts as its last element). Unknown names are ignored.
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
    first, last = date_range or (timeline.WAR_START, timeline.AFTERMATH_END)
    context = _Context(first, last, None if known_actors is None else frozenset(known_actors))
    fields: dict[str, object] = {}
    notices: list[str] = []
    for name, parse in PARSERS.items():
        if name in params:
            parsed, said = parse(_last(params[name]), context)
            fields.update(parsed)
            notices += said
    where = [fields.pop(f"_{name}", None) for name in ("zoom", "lat", "lon")]
    if all(value is not None for value in where):
        zoom, lat, lon = where
        fields["map_view"] = MapView(int(zoom), float(lat), float(lon))  # type: ignore[arg-type]
    elif any(value is not None for value in where):
        notices.append("Ignored the map's view: zoom, lat and lon go together.")
    state = dataclasses.replace(ViewState(date=first), **fields)
    if state.date > timeline.CEASEFIRE_IN_FORCE and not state.extended:
        # A date after the ceasefire only exists on the extended timeline.
        state = dataclasses.replace(state, extended=True)
    return state, notices


def view_params(state: ViewState) -> dict[str, str]:
    """Return the query parameters that restore ``state`` (defaults left out).

    The date is always included, so that a shared link names the day it shows.
    """
    default = ViewState()
    params = {"date": state.date.isoformat()}
    if state.mode != default.mode:
        params["mode"] = state.mode
    if state.mode == "window" or state.window_days != default.window_days:
        params["window"] = str(state.window_days)
    for name in ("kinds", "statuses", "actors", "layers"):
        value = getattr(state, name)
        if value != getattr(default, name):
            params[name] = ",".join(value)
    if state.query:
        params["q"] = state.query
    if state.tiles != default.tiles:
        params["tiles"] = state.tiles
    if state.extended:
        params["extended"] = "1"
    if state.map_view is not None:
        params["zoom"] = str(state.map_view.zoom)
        params["lat"] = f"{state.map_view.lat:.4f}"
        params["lon"] = f"{state.map_view.lon:.4f}"
    return params


def permalink(state: ViewState, base_url: str) -> str:
    """Return ``base_url`` with the query string that restores ``state``."""
    return f"{base_url.split('?', 1)[0]}?{urlencode(view_params(state))}"


def _last(value: str | list[str]) -> str:
    if isinstance(value, list | tuple):
        return str(value[-1]) if value else ""
    return str(value)
