"""The sidebar's widgets and the view they hold: mode, filters, layers, tiles, exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from dashboard import style, timeline
from dashboard.state import (
    LAYERS,
    MODE_LABELS,
    MODES,
    TILE_LABELS,
    TILES,
    WINDOW_DAYS_MAX,
    ViewState,
)
from dashboard.urlstate import read_view


def initialise_from_url(date_range: tuple[dt.date, dt.date], known_actors: Iterable[str]) -> None:
    """On a session's first run, put the view the URL describes into the widgets."""
    if "w_date" in st.session_state:
        return
    state, notices = read_view(
        st.query_params.to_dict(), date_range=date_range, known_actors=known_actors
    )
    st.session_state.update(
        w_date=state.date,
        w_mode=state.mode,
        w_window=state.window_days,
        w_kinds=list(state.kinds),
        w_statuses=list(state.statuses),
        w_actors=list(state.actors),
        w_query=state.query,
        w_layers=list(state.layers),
        w_tiles=state.tiles,
        w_extended=state.extended,
        w_view=state.map_view,
        notices=notices,
    )


def _clamp_to_range() -> None:
    """After the timeline shrinks back to 10 November, keep the date inside it, on the map too."""
    if not st.session_state.w_extended and st.session_state.w_date > timeline.CEASEFIRE_IN_FORCE:
        st.session_state.w_date = timeline.CEASEFIRE_IN_FORCE
        go_to_day(timeline.CEASEFIRE_IN_FORCE)


def go_to_day(day: dt.date) -> None:
    """Move the map to ``day``: the page's bridge hands the engine this command once."""
    _, nonce = st.session_state.get("goto", (day, 0))
    st.session_state.goto = (day, nonce + 1)


def draw_sidebar(sidebar: DeltaGenerator, actors: list[str], available_layers: set[str]) -> None:
    """Draw the view's widgets: mode, filters, layers, base layer and the export switch."""
    sidebar.header("View")
    sidebar.radio("Show", MODES, format_func=MODE_LABELS.get, key="w_mode")
    if st.session_state.w_mode == "window":
        sidebar.number_input("Window (days)", 1, WINDOW_DAYS_MAX, step=1, key="w_window")
    sidebar.checkbox(
        "Extend the timeline to 1 December (handovers)", key="w_extended", on_change=_clamp_to_range
    )
    sidebar.header("Filters")
    sidebar.pills(
        "Kind",
        list(style.KIND_COLOURS),
        selection_mode="multi",
        format_func=style.KIND_LABELS.get,
        key="w_kinds",
    )
    sidebar.pills(
        "Status",
        list(style.STATUS_STYLES),
        selection_mode="multi",
        format_func=lambda name: style.STATUS_STYLES[name]["label"],
        key="w_statuses",
    )
    sidebar.multiselect("Actor (any of)", actors, key="w_actors", placeholder="All actors")
    sidebar.text_input("Search title, description, place", key="w_query", max_chars=200)
    sidebar.header("Map")
    sidebar.pills(
        "Layers",
        [name for name in LAYERS if name in available_layers],
        selection_mode="multi",
        format_func=style.LAYER_LABELS.get,
        key="w_layers",
    )
    sidebar.radio("Base layer", TILES, format_func=TILE_LABELS.get, key="w_tiles")
    if st.session_state.w_tiles != "vector":
        sidebar.caption("Online tiles need an internet connection; the vector basemap does not.")
    sidebar.header("Export")
    # Off by default: the buttons are redrawn each time the reader settles on a day.
    sidebar.toggle(
        "Show the download buttons",
        key="w_exports",
        help="Image (PNG, SVG, PDF), interactive map, data (GeoJSON, CSV) and animation of "
        "the view on screen, below the map",
    )


def state_from_widgets() -> ViewState:
    """Return the view the widgets hold, in canonical order (equal views, equal URLs)."""
    session = st.session_state
    return ViewState(
        date=session.w_date,
        mode=session.w_mode,
        window_days=int(session.w_window),
        kinds=tuple(kind for kind in style.KIND_COLOURS if kind in session.w_kinds),
        statuses=tuple(name for name in style.STATUS_STYLES if name in session.w_statuses),
        actors=tuple(sorted(session.w_actors)),
        query=session.w_query.strip(),
        layers=tuple(name for name in LAYERS if name in session.w_layers),
        tiles=session.w_tiles,
        extended=bool(session.w_extended),
        map_view=session.get("w_view"),
    )
