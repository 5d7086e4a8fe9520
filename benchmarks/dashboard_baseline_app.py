"""Benchmark baseline: the dashboard's map with every layer drawn on the base map each step.

This is how a folium map in Streamlit is usually written. Any change of the day changes the
base map, so streamlit-folium reloads its iframe on every step; ``make bench`` compares the
dashboard's slider step (dated layers swapped in place) against it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

import streamlit as st
from streamlit_folium import st_folium

import events
from dashboard import text
from dashboard.state import ViewState, select_events
from dashboard.timeline import CEASEFIRE_IN_FORCE, WAR_START
from dashboard.webmap import build as mapview


@st.cache_resource
def _record(path: str | None):
    return text.with_event_text(events.load_events(path))


def main() -> None:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--events", default=None)
    options, _ = parser.parse_known_args(sys.argv[1:])
    record = _record(options.events)
    if "w_date" not in st.session_state:
        day = st.query_params.get("date", WAR_START.isoformat())
        st.session_state.w_date = dt.date.fromisoformat(day)
    st.slider("Date", WAR_START, CEASEFIRE_IN_FORCE, step=dt.timedelta(days=1), key="w_date")
    state = ViewState(date=st.session_state.w_date)
    st.query_params["date"] = state.date.isoformat()
    selected = select_events(record, state)
    folium_map = mapview.build_base_map(state.layers, state.tiles)
    for group in mapview.build_day_layers(state, selected):
        group.add_to(folium_map)
    st.subheader(f"{state.date:%d %B %Y}")
    st_folium(
        folium_map, key="map", height=mapview.MAP_HEIGHT, use_container_width=True,
        returned_objects=[],
    )  # fmt: skip
    st.markdown(f"Showing **{len(selected)}** events.")


main()
