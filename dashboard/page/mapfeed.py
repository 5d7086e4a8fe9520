"""What the page hands the map's engine (events, filters, view settings) and takes back."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.state import LAYERS, Filters, MapView, ViewState
from dashboard.webmap import assets, timedata
from dashboard.webmap.timemap import DatasetDelivery


@st.cache_data(show_spinner=False, max_entries=8)
def _dataset_url(dataset_key: str, served: bool, _record: pd.DataFrame) -> str | None:
    """Serve a shared record (curated, or the file given with ``--events``) as one file.

    The browser caches it, and every session of the server reads the same file.
    """
    if not served:
        return None
    try:
        return assets.publish_json("events", timedata.payload_json(_record))
    except OSError:
        return None


@st.cache_data(show_spinner=False, max_entries=8)
def _payload_text(dataset_key: str, _record: pd.DataFrame) -> str:
    return timedata.payload_json(_record)


@st.cache_data(show_spinner=False, max_entries=64)
def _filter_mask(dataset_key: str, _record: pd.DataFrame, filters: Filters) -> str | None:
    return timedata.filter_mask(_record, filters.mask(_record))


def dataset_delivery(dataset_key: str, record: pd.DataFrame) -> DatasetDelivery:
    """Return the events for the map: a shared file for a shared record, else in the page.

    A session's upload is never written to disk, so it travels inside the page.
    """
    served = bool(st.get_option("server.enableStaticServing"))
    shared = not dataset_key.startswith("upload")
    url = _dataset_url(dataset_key, served, record) if shared else None
    if url is not None:
        return DatasetDelivery(dataset_key, url=url)
    return DatasetDelivery(dataset_key, payload_text=_payload_text(dataset_key, record))


def engine_settings(
    dataset_key: str, record: pd.DataFrame, state: ViewState, timeline: tuple[dt.date, dt.date]
) -> dict:
    """Return what the map's engine applies from the page: filters, mode, layers, tiles, range.

    The filters arrive as a mask over the record computed here, so their rules have one
    home (:class:`dashboard.state.Filters`); a pending ``goto`` moves the map to a day.
    """
    settings = {
        "mask": _filter_mask(dataset_key, record, state.filters),
        "mode": state.mode,
        "window": state.window_days,
        "layers": list(state.layers),
        "tiles": state.tiles,
        "first": timeline[0].isoformat(),
        "last": timeline[1].isoformat(),
    }
    goto = st.session_state.get("goto")
    if goto is not None:
        settings["goto"] = {"day": goto[0].isoformat(), "nonce": goto[1]}
    return settings


def take_view() -> None:
    """Adopt the view the map reports: the day the reader settled on, and layers toggled."""
    bridge = st.session_state.get("map_bridge")
    view = bridge.get("view") if bridge else None
    if not view:
        return
    session = st.session_state
    try:
        session.w_date = dt.date.fromisoformat(str(view["day"]))
        session.w_view = MapView(int(view["zoom"]), float(view["lat"]), float(view["lon"]))
    except (KeyError, TypeError, ValueError):
        return
    layers = [name for name in LAYERS if name in view.get("layers", [])]
    if layers != list(session.w_layers):
        session.w_layers = layers
        session.layers_from_map = True
