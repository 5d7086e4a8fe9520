"""The dashboard page: a map of the 2020 Nagorno-Karabakh war and a timeline to scrub through it."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys

import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

import events
import geodata
from dashboard import style
from dashboard.page import panels
from dashboard.page.bridge import map_bridge
from dashboard.page.downloads import render_downloads
from dashboard.page.upload import PROBLEMS_SHOWN, show_report, upload_panel
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
from dashboard.webmap import assets, timemap
from dashboard.webmap import build as mapview

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
        return events.load_events(), None
    kept, report = events.read_events(path)
    if report.rows_kept == 0 or (report.strict and report.problems):
        raise events.EventDataError(report.format_text(limit=PROBLEMS_SHOWN))
    return kept, report


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
    uploaded, upload_key = upload_panel(record)
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
        notices=notices,
    )


def _clamp_to_range() -> None:
    """After the timeline shrinks back to 10 November, keep the date inside it."""
    if not st.session_state.w_extended and st.session_state.w_date > CEASEFIRE_IN_FORCE:
        st.session_state.w_date = CEASEFIRE_IN_FORCE
        st.session_state.goto = (CEASEFIRE_IN_FORCE, st.session_state.get("goto", (0, 0))[1] + 1)


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
    state = _state_from_widgets()
    config = _engine_settings(dataset_key, record, state, first, last)

    st.markdown(panels.LEGEND_CSS, unsafe_allow_html=True)
    map_column, side_column = st.columns([0.63, 0.37], gap="medium")
    with map_column:
        base_map, first_render = _session_map(state, (first, last))
        st_folium(
            base_map,
            render=first_render,
            key="map",
            height=mapview.MAP_HEIGHT,
            use_container_width=True,
            returned_objects=[],
            feature_group_to_add=[_dataset_delivery(dataset_key, record)],
        )
        if "control_zones" in state.layers:
            st.caption("Control zones are drawn for 26 September to 1 December 2020 only.")
    with side_column:
        # Only this part follows the map's day, once the reader settles on one: the map
        # itself moves through time in the browser and is never redrawn from here.
        st.fragment(_follow)(dataset_key, record, config, last)
    st.markdown(panels.legend_html(), unsafe_allow_html=True)
    with st.expander("Sources of the map data"):
        st.markdown("\n".join(f"- {line}" for line in geodata.attribution()))
        st.markdown(f"- {mapview.EVENTS_ATTRIBUTION}")


@st.cache_data(show_spinner=False, max_entries=8)
def _dataset_url(dataset_key: str, served: bool, _record: pd.DataFrame) -> str | None:
    """Serve a shared record (curated, or the file given with ``--events``) as one file.

    The browser caches it; every session of the server reads the same file.
    """
    if not served:
        return None
    try:
        return assets.publish_json("events", timemap.payload_json(_record))
    except OSError:
        return None


@st.cache_data(show_spinner=False, max_entries=8)
def _payload_text(dataset_key: str, _record: pd.DataFrame) -> str:
    return timemap.payload_json(_record)


def _dataset_delivery(dataset_key: str, record: pd.DataFrame) -> timemap.DatasetDelivery:
    """The events for the map: a shared file for a shared record, else written in the page.

    A session's upload is never written to disk, so it travels inside the page.
    """
    served = bool(st.get_option("server.enableStaticServing"))
    url = None if dataset_key.startswith("upload") else _dataset_url(dataset_key, served, record)
    if url is not None:
        return timemap.DatasetDelivery(dataset_key, url=url)
    return timemap.DatasetDelivery(dataset_key, payload_text=_payload_text(dataset_key, record))


@st.cache_data(show_spinner=False, max_entries=64)
def _filter_mask(
    dataset_key: str,
    _record: pd.DataFrame,
    filters: tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], str],
) -> str | None:
    kinds, statuses, actors, query = filters
    view = ViewState(kinds=kinds, statuses=statuses, actors=actors, query=query)
    return timemap.filter_mask(_record, mapview.filters_keep(_record, view))


def _engine_settings(
    dataset_key: str, record: pd.DataFrame, state: ViewState, first: dt.date, last: dt.date
) -> dict:
    """What the map's engine applies from the page: filters, mode, layers, tiles, range."""
    filters = (state.kinds, state.statuses, state.actors, state.query)
    config = {
        "mask": _filter_mask(dataset_key, record, filters),
        "mode": state.mode,
        "window": state.window_days,
        "layers": list(state.layers),
        "tiles": state.tiles,
        "first": first.isoformat(),
        "last": last.isoformat(),
    }
    goto = st.session_state.get("goto")
    if goto is not None:
        config["goto"] = {"day": goto[0].isoformat(), "nonce": goto[1]}
    return config


def _take_view() -> None:
    """Adopt the view the map reports: the settled day, and layers toggled on the map."""
    view = st.session_state.map_bridge.get("view") if "map_bridge" in st.session_state else None
    if not view:
        return
    session = st.session_state
    try:
        session.w_date = dt.date.fromisoformat(str(view["day"]))
    except (KeyError, ValueError):
        return
    layers = [name for name in LAYERS if name in view.get("layers", [])]
    if layers != list(session.w_layers):
        session.w_layers = layers
        session.layers_from_map = True


def _follow(dataset_key: str, record: pd.DataFrame, config: dict, last: dt.date) -> None:
    """The panels of the settled day: its name, counts, the list, the charts, the URL."""
    map_bridge(config, on_view=_take_view)
    if st.session_state.pop("layers_from_map", False):
        # The sidebar shows the layers too: redraw it (rare: a toggle in the map's control).
        st.rerun(scope="app")
    state = _state_from_widgets()
    if st.query_params.to_dict() != state.to_query_params():
        st.query_params.from_dict(state.to_query_params())
    selected = select_events(record, state)
    day_events = (
        selected
        if state.mode == "day"
        else select_events(record, dataclasses.replace(state, mode="day"))
    )
    st.subheader(f"{state.date:%d %B %Y} · {state.date_label()}", anchor=False)
    st.markdown(panels.counts_text(state, len(selected), len(record)))
    st.markdown(panels.day_list_html(day_events), unsafe_allow_html=True)
    filters = (state.kinds, state.statuses, state.actors, state.query)
    for spec in _chart_specs(dataset_key, record, filters, last):
        st.vega_lite_chart(panels.with_selected_day(spec, state.date.isoformat()), width="stretch")
    st.markdown(panels.areas_caption_html(), unsafe_allow_html=True)
    if st.session_state.get("w_exports"):
        st.subheader("Export this view", anchor=False)
        render_downloads(state, record)


def _session_map(state: ViewState, timeline: tuple[dt.date, dt.date]) -> tuple[folium.Map, bool]:
    """Return this session's map of the whole war, and whether it is new.

    The map is built once per session and its script never changes afterwards, so
    streamlit-folium never reloads it: the day, filters, mode, layers and tiles chosen
    later reach the map's engine through the bridge, and the events through the group
    streamlit-folium swaps in place. (A map object is not shared between sessions:
    st_folium adds that group to the map it is given; it is taken out again before each
    use, so that the map's script, the component's identity, stays the same.)
    """
    cached = st.session_state.get("base_map")
    if cached is None:
        # Started without static file serving (plain `streamlit run dashboard/app.py`), the
        # map carries Leaflet and its data itself: slower, but it still works.
        served = bool(st.get_option("server.enableStaticServing"))
        folium_map = mapview.build_map(
            state, timemap.EventsLayer(), timeline, inline=not served, served_data=served
        )
        st.session_state.base_map = (folium_map, list(folium_map._children))
        return folium_map, True
    folium_map, base_children = cached
    for name in list(folium_map._children):
        if name not in base_children:
            del folium_map._children[name]
    return folium_map, False


main()
