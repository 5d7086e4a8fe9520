"""Each session's map of the whole war, built once and never reloaded while the reader explores."""

from __future__ import annotations

import datetime as dt

import folium
import streamlit as st

from dashboard.state import ViewState
from dashboard.webmap.build import MapOptions, build_map
from dashboard.webmap.timemap import EventsLayer


def session_map(state: ViewState, timeline: tuple[dt.date, dt.date]) -> tuple[folium.Map, bool]:
    """Return this session's map, opening on ``state``, and whether it is new.

    The map is built once per session and its script never changes afterwards, so
    streamlit-folium never reloads it: the day, filters, mode, layers and tiles chosen
    later reach the map's engine through the page's bridge (:mod:`dashboard.page.bridge`),
    and the events through the group streamlit-folium swaps in place.

    Notes
    -----
    A map object is not shared between sessions: ``st_folium`` adds that group to the map
    it is given and gives no way to take it back, and the map's script is the component's
    identity: were the addition left in, the map would change on every rerun and reload in
    the browser. So this is the one place that edits folium's private ``_children``: it
    removes every child the map did not have when it was built.
    """
    cached = st.session_state.get("base_map")
    if cached is None:
        # Started without static file serving (plain `streamlit run dashboard/app.py`), the
        # map carries Leaflet and its data itself: a larger page, but it still works.
        served = bool(st.get_option("server.enableStaticServing"))
        where = state.map_view
        view = None if where is None else (where.zoom, where.lat, where.lon)
        options = MapOptions(inline=not served, served_data=served, view=view)
        folium_map = build_map(state, EventsLayer(), timeline, options)
        st.session_state.base_map = (folium_map, list(folium_map._children))
        return folium_map, True
    folium_map, base_children = cached
    for name in list(folium_map._children):
        if name not in base_children:
            del folium_map._children[name]
    return folium_map, False
