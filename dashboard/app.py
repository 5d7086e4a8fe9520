"""The dashboard page: a map of the 2020 Nagorno-Karabakh war and a timeline to scrub through it."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
import time

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

import events
import geodata
from dashboard import mapview, panels, style
from dashboard.exports_ui import render_downloads
from dashboard.state import (
    AFTERMATH_END,
    CEASEFIRE_IN_FORCE,
    LAYERS,
    MODE_LABELS,
    MODES,
    TILE_LABELS,
    TILES,
    WAR_START,
    WINDOW_DAYS_MAX,
    ViewState,
    select_events,
)
from dashboard.upload import PROBLEMS_SHOWN, show_report, upload_panel

SPEEDS = {"0.5 day/s": 2.0, "1 day/s": 1.0, "2 days/s": 0.5, "4 days/s": 0.25}
CURATED = "curated"

INTRO = (
    "On 27 September 2020 full-scale fighting broke out along the line of contact in and "
    "around Nagorno-Karabakh (Artsakh to Armenians), each side accusing the other of "
    "starting it; Azerbaijan's forces advanced into the seven surrounding districts that "
    "Armenian forces had held since 1994. Forty-four days later, after Azerbaijan took "
    "Shusha/Shushi, a statement signed by the leaders of Armenia, Azerbaijan and Russia on "
    "9/10 November ended the fighting, brought in Russian peacekeepers and handed Aghdam, "
    "Kalbajar and Lachin/Berdzor districts to Azerbaijan by 1 December. Scrub the timeline "
    "to see each day's events, who held what, and the lines the ceasefire drew. Every event "
    "names its sources; claims are shown as claims, with who made them and who denied them. "
    "Zones and lines are approximate where the record is coarse, and say so."
)


def _script_options() -> argparse.Namespace:
    """Read the options passed after ``--`` by ``karabakh-dashboard run``."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--events", default=None)
    options, _ = parser.parse_known_args(sys.argv[1:])
    return options


@st.cache_resource(show_spinner="Loading the event record…")
def _record_and_report(path: str | None) -> tuple[pd.DataFrame, events.ValidationReport | None]:
    """The event record with popups rendered, shared read-only by every session.

    For a file given with ``--events`` the validation report comes too, so the page can say
    which rows of an ACLED, UCDP GED or GeoJSON file were rejected instead of dropping them
    silently; a file in our own schema with any problem raises, as the curated record does.
    """
    if path is None:
        return mapview.prepare_events(events.load_events()), None
    kept, report = events.read_events(path)
    if not report.usable:
        raise report.error(limit=PROBLEMS_SHOWN)
    return mapview.prepare_events(kept), report


@st.cache_data(show_spinner=False, max_entries=8)
def _actors(dataset_key: str, _record: pd.DataFrame) -> list[str]:
    """Actor names occurring in the record, for the filter and for checking links."""
    return sorted({actor for actors in _record["actors"] for actor in actors})


@st.cache_data(show_spinner=False)
def _areas_by_day() -> pd.DataFrame:
    return geodata.control_area_by_day()


@st.cache_data(show_spinner=False, max_entries=64)
def _chart_specs(
    dataset_key: str,
    _record: pd.DataFrame,
    filters: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str],
    last: dt.date,
) -> list[str]:
    """Vega-Lite specs of events per day (filters applied) and km² held by each side.

    ``filters`` is (kinds, statuses, actors, query): plain values, cheap to hash per rerun.
    """
    kinds, statuses, actors, query = filters
    everything = ViewState(
        date=last, mode="cumulative", kinds=kinds, statuses=statuses, actors=actors, query=query
    )
    chosen = select_events(_record, everything)
    per_day = (
        chosen.assign(date=chosen["date"].dt.strftime("%Y-%m-%d"))
        .groupby(["date", "kind"], as_index=False)
        .size()
        .rename(columns={"size": "count"})
    )
    areas = _areas_by_day()
    areas = areas[pd.to_datetime(areas["date"]).dt.date <= last]
    return panels.timeline_chart_specs(per_day, areas)


def _dataset() -> tuple[str, pd.DataFrame, tuple[dt.date, dt.date] | None]:
    """Return the key, the record of this session and the dates a user-given file spans.

    The record (curated, or the file given with ``--events``) is shared; an upload replaces
    or extends it for this session only.
    """
    options = _script_options()
    try:
        record, report = _record_and_report(options.events)
    except events.EventDataError as error:
        st.error("The event file given with --events could not be read. Fix it and restart:")
        st.code(str(error), language=None)
        st.stop()
    uploaded, upload_key = upload_panel(record, mapview.prepare_events)
    if uploaded is None:
        if report is None:
            return CURATED, record, None
        show_report(report, st.sidebar)
        return f"file:{options.events}", record, report.date_range
    return upload_key, uploaded, (uploaded["date"].min().date(), uploaded["date"].max().date())


def _timeline_range(
    record: pd.DataFrame, extended: bool, uploaded_span: tuple[dt.date, dt.date] | None
) -> tuple[dt.date, dt.date]:
    first, last = WAR_START, AFTERMATH_END if extended else CEASEFIRE_IN_FORCE
    if uploaded_span is not None:
        first, last = min(first, uploaded_span[0]), max(last, uploaded_span[1])
    return first, last


def _initialise_from_url(
    dataset_key: str, record: pd.DataFrame, uploaded_span: tuple[dt.date, dt.date] | None
) -> None:
    """On a session's first run, put the state the URL describes into the widgets."""
    if "w_date" in st.session_state:
        return
    state, notices = ViewState.from_query_params(
        st.query_params.to_dict(),
        date_range=_timeline_range(record, True, uploaded_span),
        known_actors=_actors(dataset_key, record),
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
        w_speed="1 day/s",
        playing=False,
        notices=notices,
    )


def _step(days: int, first: dt.date, last: dt.date) -> None:
    st.session_state.w_date = min(last, max(first, st.session_state.w_date + dt.timedelta(days)))


def _toggle_play() -> None:
    st.session_state.playing = not st.session_state.playing


def _clamp_to_range() -> None:
    """After the timeline shrinks back to 10 November, keep the date inside it."""
    if not st.session_state.w_extended and st.session_state.w_date > CEASEFIRE_IN_FORCE:
        st.session_state.w_date = CEASEFIRE_IN_FORCE


def _sidebar(sidebar, actors: list[str], available_layers: set[str]) -> None:
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
        format_func=lambda name: str(style.STATUS_STYLES[name]["label"]),
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
    # Off by default: the buttons would otherwise be redrawn on every step of the timeline.
    sidebar.toggle(
        "Show the download buttons",
        key="w_exports",
        help="Image (PNG, SVG, PDF), interactive map, data (GeoJSON, CSV) and animation of "
        "the view on screen, below the map",
    )


def _state_from_widgets() -> ViewState:
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
    )


def _timeline(first: dt.date, last: dt.date) -> None:
    label_column, previous, slider, following, play, speed = st.columns(
        [1.4, 0.55, 6, 0.55, 1.25, 1.25], vertical_alignment="bottom"
    )
    day = st.session_state.w_date
    label_column.markdown(
        f"<div style='font-size:1.25rem;font-weight:700'>{day:%d %b %Y}</div>"
        f"<div>{ViewState(date=day).date_label()}</div>",
        unsafe_allow_html=True,
    )
    previous.button(
        "",
        icon=":material/skip_previous:",
        key="w_previous",
        help="Previous day (J)",
        on_click=_step,
        args=(-1, first, last),
        shortcut="J",
    )
    slider.slider(
        "Date",
        min_value=first,
        max_value=last,
        step=dt.timedelta(days=1),
        format="D MMM YYYY",
        key="w_date",
        label_visibility="collapsed",
        help="Drag, or focus and use the arrow keys",
    )
    following.button(
        "",
        icon=":material/skip_next:",
        key="w_next",
        help="Next day (K)",
        on_click=_step,
        args=(1, first, last),
        shortcut="K",
    )
    playing = st.session_state.playing
    play.button(
        "Pause" if playing else "Play",
        icon=":material/pause:" if playing else ":material/play_arrow:",
        key="w_play",
        help="Play or pause the timeline (P)",
        on_click=_toggle_play,
        type="primary" if playing else "secondary",
        shortcut="P",
    )
    speed.selectbox("Speed", list(SPEEDS), key="w_speed", label_visibility="collapsed")


def _advance_if_due(interval: float | None, last: dt.date) -> None:
    """While playing, move one day on when the play interval has passed since the last move.

    The day view is a fragment rerun every ``interval`` seconds while playing; a rerun caused
    by the reader (a click, a key) inside the interval does not move the date.
    """
    session = st.session_state
    now = time.monotonic()
    if interval is None or now - session.get("last_advance", 0.0) < 0.8 * interval:
        return
    session.last_advance = now
    if session.w_date >= last:
        session.playing = False
    else:
        session.w_date += dt.timedelta(days=1)


def main() -> None:
    """Draw the page."""
    st.set_page_config(
        page_title="Karabakh 2020: map and timeline of the 44-day war",
        layout="wide",
        initial_sidebar_state="expanded",
    )
    # View and filters first in the sidebar; the upload panel (drawn while the record is
    # loaded) goes below them.
    controls = st.sidebar.container()
    dataset_key, record, uploaded_span = _dataset()
    _initialise_from_url(dataset_key, record, uploaded_span)

    st.title("Nagorno-Karabakh 2020: the 44-day war, day by day", anchor=False)
    st.markdown(INTRO)
    for notice in st.session_state.notices:
        st.warning(notice, icon="⚠️")

    _sidebar(controls, _actors(dataset_key, record), set(geodata.layer_names()))
    first, last = _timeline_range(record, st.session_state.w_extended, uploaded_span)
    st.session_state.w_date = min(last, max(first, st.session_state.w_date))
    # Only the day view reruns when the date changes (slider, buttons, play): the rest of
    # the page is not rebuilt, on the server or in the browser.
    interval = SPEEDS[st.session_state.w_speed] if st.session_state.playing else None
    st.markdown(panels.LEGEND_CSS, unsafe_allow_html=True)
    st.fragment(_day_view, run_every=interval)(dataset_key, record, first, last, interval)
    # The legend does not change with the day: outside the fragment, it is not redrawn.
    st.markdown(panels.legend_html(), unsafe_allow_html=True)
    with st.expander("Sources of the map data"):
        st.markdown("\n".join(f"- {line}" for line in geodata.attribution()))
        st.markdown(f"- {mapview.EVENTS_ATTRIBUTION}")


def _day_view(
    dataset_key: str,
    record: pd.DataFrame,
    first: dt.date,
    last: dt.date,
    interval: float | None,
) -> None:
    """The timeline, the map and the panels of the selected day."""
    _advance_if_due(interval, last)
    wanted = SPEEDS[st.session_state.w_speed] if st.session_state.playing else None
    if wanted != interval:
        # Play, pause or a new speed: the timer is set when the page runs in full.
        st.rerun(scope="app")
    _timeline(first, last)
    state = _state_from_widgets()
    if st.query_params.to_dict() != state.to_query_params():
        st.query_params.from_dict(state.to_query_params())

    selected = select_events(record, state)
    day_events = (
        selected
        if state.mode == "day"
        else select_events(record, dataclasses.replace(state, mode="day"))
    )
    groups = mapview.build_day_layers(state, selected)

    map_column, side_column = st.columns([0.63, 0.37], gap="medium")
    with map_column:
        base_map, first_render = _session_base_map(state.layers, state.tiles)
        st_folium(
            base_map,
            render=first_render,
            key="map",
            height=mapview.MAP_HEIGHT,
            use_container_width=True,
            returned_objects=[],
            feature_group_to_add=groups,
            layer_control=folium.LayerControl(collapsed=True),
        )
        st.markdown(
            panels.counts_text(state, len(selected), len(record), mapview.marker_count(selected))
        )
        if "control_zones" in state.layers and not mapview.has_control_zones(state.date):
            st.caption("Control zones are drawn for 26 September to 1 December 2020 only.")
    with side_column:
        st.subheader(f"{state.date:%d %B %Y} · {state.date_label()}")
        st.markdown(panels.day_list_html(day_events), unsafe_allow_html=True)
        filters = (state.kinds, state.statuses, state.actors, state.query)
        for spec in _chart_specs(dataset_key, record, filters, last):
            st.vega_lite_chart(
                panels.with_selected_day(spec, state.date.isoformat()), width="stretch"
            )
        st.markdown(panels.areas_caption_html(), unsafe_allow_html=True)
    if st.session_state.get("w_exports"):
        st.subheader("Export this view", anchor=False)
        render_downloads(state, record)


def _session_base_map(layers: tuple[str, ...], tiles: str) -> tuple[folium.Map, bool]:
    """Return this session's base map for these layers and tiles, and whether it is new.

    Building and rendering the base map is the costly part of a rerun, so each session
    keeps its own (a map object is not safe to share between sessions: st_folium adds the
    day's groups and the layer control to the map it is given). Those additions are taken
    out again before each use, so the base map, whose script is the component's identity,
    stays the same and the map is never reloaded while scrubbing.
    """
    cached = st.session_state.get("base_map")
    if cached is None or cached[0] != (layers, tiles):
        # Started without static file serving (plain `streamlit run dashboard/app.py`), the
        # map carries Leaflet and its data itself: slower reruns, but it still works.
        served = bool(st.get_option("server.enableStaticServing"))
        folium_map = mapview.build_base_map(layers, tiles, inline=not served, served_data=served)
        st.session_state.base_map = ((layers, tiles), folium_map, list(folium_map._children))
        return folium_map, True
    _, folium_map, base_children = cached
    for name in list(folium_map._children):
        if name not in base_children:
            del folium_map._children[name]
    return folium_map, False


main()
