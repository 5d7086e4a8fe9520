"""Each session's base map, kept between reruns so the map is never reloaded while scrubbing."""

from __future__ import annotations

import folium
import streamlit as st

from dashboard.state import Tiles
from dashboard.webmap.build import build_base_map


def session_base_map(layers: tuple[str, ...], tiles: Tiles) -> tuple[folium.Map, bool]:
    """Return this session's base map for these layers and tiles, and whether it is new.

    Building and rendering the base map is the costly part of a rerun, so each session
    keeps its own (a map object is not safe to share between sessions: ``st_folium`` adds
    the day's groups and the layer control to the map it is given).

    Notes
    -----
    ``st_folium`` gives no way to take back what it added to a map, and the base map's
    script is the component's identity: were the additions left in, the map would change
    on every rerun and reload in the browser. So this is the one place that edits folium's
    private ``_children``: it removes every child the map did not have when it was built.
    """
    cached = st.session_state.get("base_map")
    if cached is None or cached[0] != (layers, tiles):
        # Started without static file serving (plain `streamlit run dashboard/app.py`), the
        # map carries Leaflet and its data itself: slower reruns, but it still works.
        served = bool(st.get_option("server.enableStaticServing"))
        folium_map = build_base_map(layers, tiles, inline=not served, served_data=served)
        st.session_state.base_map = ((layers, tiles), folium_map, list(folium_map._children))
        return folium_map, True
    _, folium_map, base_children = cached
    for name in list(folium_map._children):
        if name not in base_children:
            del folium_map._children[name]
    return folium_map, False
