"""The dashboard page: a map of the 2020 Nagorno-Karabakh war and a timeline to scrub through it."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

import events
import geodata
from dashboard import text, timeline
from dashboard.page import mapfeed, panels, shared
from dashboard.page.basemap import session_map
from dashboard.page.bridge import map_bridge
from dashboard.page.downloads import render_downloads
from dashboard.page.sidebar import (
    draw_sidebar,
    go_to_day,
    initialise_from_url,
    state_from_widgets,
)
from dashboard.page.upload import show_report, upload_panel
from dashboard.state import DERIVED_LAYERS, ViewState, select_events
from dashboard.urlstate import view_params
from dashboard.webmap.build import MAP_HEIGHT

CURATED = "curated"

SUMMARY = (
    "Move the timeline on the map through the 44 days of fighting (27 September to "
    "9 November 2020) and the handovers that followed: each day's events, who held what, and "
    "the lines the ceasefire drew. Every event names its sources; claims are shown as claims."
)
INTRO = (
    "On 27 September 2020 full-scale fighting broke out along the line of contact in and "
    "around Nagorno-Karabakh (Artsakh to Armenians), each side accusing the other of "
    "starting it; Azerbaijan's forces advanced into the seven surrounding districts that "
    "Armenian forces had held since 1994. Forty-four days later, after Azerbaijan took "
    "Shusha/Shushi, a statement signed by the leaders of Armenia, Azerbaijan and Russia on "
    "9/10 November ended the fighting, brought in Russian peacekeepers and handed Aghdam, "
    "Kalbajar and Lachin/Berdzor districts to Azerbaijan by 1 December. Claims are shown "
    "with who made them and who denied them. Zones and lines are approximate where the "
    "record is coarse, and say so."
)


def _script_options() -> argparse.Namespace:
    """Read the options passed after ``--`` by ``karabakh-dashboard run``."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--events", default=None)
    options, _ = parser.parse_known_args(sys.argv[1:])
    return options


@st.cache_data(show_spinner=False, max_entries=8)
def _actors(dataset_key: str, _record: pd.DataFrame) -> list[str]:
    """Actor names occurring in the record, for the filter and for checking links."""
    return sorted({actor for actors in _record["actors"] for actor in actors})


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
    areas = shared.areas_by_day()
    areas = areas[pd.to_datetime(areas["date"]).dt.date <= last]
    return panels.timeline_chart_specs(per_day, areas)


def _dataset(complete: bool) -> tuple[str, pd.DataFrame, tuple[dt.date, dt.date] | None]:
    """Return the key, the record of this session and the dates a user-given file spans.

    The record (curated, or the file given with ``--events``) is shared; an upload replaces
    or extends it for this session only. The upload panel is drawn once the page is
    ``complete`` (nothing can have been uploaded before).
    """
    options = _script_options()
    try:
        record, report = shared.record_and_report(options.events)
    except events.EventDataError as error:
        st.error("The event file given with --events could not be read. Fix it and restart:")
        st.code(str(error), language=None)
        st.stop()
    uploaded, upload_key = upload_panel(record) if complete else (None, None)
    if uploaded is None:
        if report is None:
            return CURATED, record, None
        show_report(report, st.sidebar)
        return f"file:{options.events}", record, report.date_range
    return upload_key, uploaded, (uploaded["date"].min().date(), uploaded["date"].max().date())


def main() -> None:
    """Draw the page."""
    st.set_page_config(
        page_title="Karabakh 2020: map and timeline of the 44-day war",
        layout="wide",
        initial_sidebar_state="auto",
    )
    # The page's skeleton before any work: the reader sees the title at once, and the map's
    # place is shaded (PAGE_CSS) until the map is drawn in it.
    st.title("Nagorno-Karabakh 2020: the 44-day war, day by day", anchor=False)
    st.caption(SUMMARY)
    st.html(panels.PAGE_CSS)
    notices = st.container()
    # The session's first run draws the title, the map and the day's heading only: every
    # other element drawn before the map's frame delayed it (a warm visit drew its map
    # about 1.5 s later on a loaded machine, benchmarks/bench_visit.py). The map's first
    # report completes the page (_follow).
    complete = st.session_state.get("page_complete", False)
    # View and filters first in the sidebar; the upload panel (drawn while the record is
    # loaded) goes below them.
    controls = st.sidebar.container()
    dataset_key, record, uploaded_span = _dataset(complete)
    initialise_from_url(timeline.timeline_range(True, uploaded_span), _actors(dataset_key, record))
    for notice in st.session_state.notices:
        notices.warning(text.markdown_literal(notice), icon="⚠️")

    span = timeline.timeline_range(st.session_state.w_extended, uploaded_span)
    st.session_state.w_date = min(span[1], max(span[0], st.session_state.w_date))
    state = state_from_widgets()

    map_column, side_column = st.columns([0.63, 0.37], gap="medium")
    with map_column:
        base_map, first_render = session_map(state, span)
        st_folium(
            base_map,
            render=first_render,
            key="map",
            height=MAP_HEIGHT,
            use_container_width=True,
            returned_objects=[],
            feature_group_to_add=[mapfeed.dataset_delivery(dataset_key, record)],
        )
        if "control_zones" in state.layers:
            st.caption("Control zones are drawn for 26 September to 1 December 2020 only.")
    with side_column:
        # Only this part follows the map's day, once the reader settles on one: the map
        # moves through time in the browser and is never redrawn from here.
        st.fragment(_follow)(dataset_key, record, span)
    if not complete:
        controls.caption(panels.WAITING_TEXT)
        return
    # The view's widgets go into their place at the sidebar's top: they hold their values
    # in the session state, read above.
    draw_sidebar(controls, _actors(dataset_key, record), {*geodata.layer_names(), *DERIVED_LAYERS})
    with st.expander("About the war and this map"):
        st.markdown(INTRO)
    with st.expander("Sources of the map data"):
        st.markdown("\n".join(f"- {line}" for line in geodata.attribution()))
        st.markdown(f"- {text.EVENTS_ATTRIBUTION}")


def _go_to_picked_day() -> None:
    """Move the page and the map to the day clicked on the events chart."""
    day = panels.picked_day(st.session_state.get("events_chart"))
    if day is not None and day != st.session_state.w_date:
        st.session_state.w_date = day
        go_to_day(day)


def _follow(dataset_key: str, record: pd.DataFrame, span: tuple[dt.date, dt.date]) -> None:
    """Draw the panels of the settled day: its name, counts, the list, the charts, the URL.

    Until the map first reports its view (it has drawn the day), only the day's name and a
    placeholder line: the browser draws the map first. The report completes the page.
    """
    settings = mapfeed.engine_settings(dataset_key, record, state_from_widgets(), span)
    reported = map_bridge(settings, on_view=mapfeed.take_view)
    first_report = reported is not None and not st.session_state.get("page_complete", False)
    if first_report:
        st.session_state.page_complete = True
    if st.session_state.pop("layers_from_map", False) or first_report:
        # The sidebar shows the layers too: redraw it (rare: a toggle in the map's control),
        # or draw the rest of the page once, after the map.
        st.rerun(scope="app")
    state = state_from_widgets()
    params = view_params(state)
    if st.query_params.to_dict() != params:
        st.query_params.from_dict(params)
    st.subheader(f"{state.date.day} {state.date:%B %Y} · {state.date_label()}", anchor=False)
    if reported is None:
        # On a warm visit the list's Markdown and the charts' Vega library took the browser
        # about 1.4 s before the map's frame was even created (benchmarks/bench_visit.py).
        st.caption(panels.WAITING_TEXT)
        return
    selected = select_events(record, state)
    day_events = (
        selected
        if state.mode == "day"
        else select_events(record, dataclasses.replace(state, mode="day"))
    )
    if "changes" in state.layers:
        st.caption(panels.changes_text(state))
    st.markdown(panels.counts_text(state, len(selected), len(record)))
    st.markdown(panels.day_list_html(day_events), unsafe_allow_html=True)
    filters = (state.kinds, state.statuses, state.actors, state.query)
    for index, spec in enumerate(_chart_specs(dataset_key, record, filters, span[1])):
        chart = panels.with_selected_day(spec, state.date.isoformat())
        if index:
            st.vega_lite_chart(chart, width="stretch")
            continue
        # A click on a day of the events chart takes the map and the page to that day.
        st.vega_lite_chart(
            chart,
            width="stretch",
            key="events_chart",
            on_select=_go_to_picked_day,
            selection_mode=panels.PICKED_DAY,
        )
    st.markdown(panels.areas_caption_html(), unsafe_allow_html=True)
    if st.session_state.get("w_exports"):
        st.subheader("Export this view", anchor=False)
        render_downloads(state, record, mapfeed.content_digest(dataset_key, record))


main()
