"""Download buttons for the current view: one per format, the animation rendered on request."""

from __future__ import annotations

import dataclasses
import os
import threading
from collections import OrderedDict
from collections.abc import Callable

import geopandas as gpd
import streamlit as st

from dashboard import launch, timeline
from dashboard.export.formats import ANIMATION_FORMATS, FORMATS, STILL_FORMATS, ExportError
from dashboard.export.interactive import (
    PUBLIC_MAP_ENV,
    embed_snippet,
    publish_command,
)
from dashboard.export.render import file_name, render_bytes
from dashboard.state import ViewState

_CACHE_SIZE = 24
_ANIMATION_KEY = "snapshot_animation"


class _BytesCache:
    """A small thread-safe LRU of rendered files, shared by the sessions of this server.

    Streamlit runs a deferred download in its own thread; the cache makes a second click on
    the same view, in any session, cost nothing.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: OrderedDict[tuple, bytes] = OrderedDict()
        self.lock = threading.Lock()

    def get_or_make(self, key: tuple, make: Callable[[], bytes]) -> bytes:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        data = make()
        with self.lock:
            self.items[key] = data
            while len(self.items) > self.size:
                self.items.popitem(last=False)
        return data


_CACHE = _BytesCache(_CACHE_SIZE)


def events_fingerprint(events: gpd.GeoDataFrame) -> tuple:
    """Return a cheap key telling event records apart (curated, or a session's upload).

    Constant time, so computing it on every rerun costs nothing; the record objects the
    app keeps are cached, so the same object means the same data.
    """
    if events.empty:
        return (id(events), 0)
    ids = events["id"]
    return (id(events), len(events), str(ids.iloc[0]), str(ids.iloc[-1]))


def render_downloads(state: ViewState, events: gpd.GeoDataFrame) -> None:
    """Show one download button per format for ``state``, and the animation on request.

    Still formats are generated when their button is clicked (Streamlit's deferred
    download), never on a rerun; the animation is drawn only when the reader asks for it,
    with a progress bar, and kept for this view until the view's filters change.

    Parameters
    ----------
    state : ViewState
        The view on screen.
    events : GeoDataFrame
        The events the page shows (curated or uploaded for this session).
    """
    fingerprint = events_fingerprint(events)
    # The permalink printed on images points at the host's public address where one is set
    # (behind a proxy the app may see another), else at the address this reader is using.
    base_url = launch.public_url() or st.context.url or None
    columns = st.columns(3)
    for index, fmt in enumerate(STILL_FORMATS):
        with columns[index % 3]:
            st.download_button(
                FORMATS[fmt].label,
                data=_deferred(state, events, fingerprint, fmt, base_url),
                file_name=file_name(state, fmt),
                mime=FORMATS[fmt].media_type,
                key=f"download_{fmt}",
                help=FORMATS[fmt].help,
                on_click="ignore",
                width="stretch",
            )
    _render_animation_controls(state, events, fingerprint, base_url)
    _render_publishing(state)


def _render_publishing(state: ViewState) -> None:
    """Say how to publish this view as a static folder, and the ``<iframe>`` that embeds it."""
    with st.expander("Publish and embed this map (any static web host)"):
        st.markdown(
            "The interactive map of the whole war, as a folder of plain files that any web "
            "host or CDN serves to any number of readers, with no Python running. Write it "
            "with this command, put the folder online, then embed it in an article:"
        )
        st.code(publish_command(state), language="bash")
        public = os.environ.get(PUBLIC_MAP_ENV) or "https://your.site/karabakh-map"
        st.code(embed_snippet(public, state), language="html")
        st.caption(f"Set {PUBLIC_MAP_ENV} to the folder's public address to see it in the snippet.")


def _deferred(
    state: ViewState,
    events: gpd.GeoDataFrame,
    fingerprint: tuple,
    fmt: str,
    base_url: str | None,
) -> Callable[[], bytes]:
    if fmt != "html":
        # Only the interactive map opens on the reader's zoom and centre.
        state = dataclasses.replace(state, map_view=None)

    def make() -> bytes:
        return _CACHE.get_or_make(
            (state, fingerprint, fmt, base_url),
            lambda: render_bytes(state, events, fmt, base_url=base_url),
        )

    return make


def _render_animation_controls(
    state: ViewState, events: gpd.GeoDataFrame, fingerprint: tuple, base_url: str | None
) -> None:
    st.markdown("**The whole timeline, one frame per day**")
    left, middle, right = st.columns([1, 1, 2])
    with left:
        fmt = st.radio(
            "Animation format",
            ANIMATION_FORMATS,
            format_func=lambda name: FORMATS[name].label,
            horizontal=True,
            key="animation_format",
        )
    with middle:
        fps = st.select_slider(
            "Days per second", options=[0.5, 1, 2, 4, 8], value=2, key="animation_fps"
        )
    # Every frame has its own date: the animation depends on the rest of the view only.
    timeline_state = dataclasses.replace(state, date=timeline.WAR_START)
    key = (timeline_state, fingerprint, fmt, float(fps), base_url)
    stored = st.session_state.get(_ANIMATION_KEY)
    with right:
        first, last = timeline.WAR_START, timeline.last_day(state.extended)
        if st.button(
            f"Render the animation ({first.day} {first:%B} to {last.day} {last:%B})",
            key="animation_render",
            help="Takes about 15 seconds; the filters and layers of this view apply.",
        ):
            stored = _render_animation(timeline_state, events, fmt, float(fps), key, base_url)
        if stored is not None and stored[0] == key:
            st.download_button(
                f"Download the {FORMATS[fmt].label}",
                data=stored[1],
                file_name=file_name(timeline_state, fmt),
                mime=FORMATS[fmt].media_type,
                key="download_animation",
                on_click="ignore",
            )


def _render_animation(
    state: ViewState,
    events: gpd.GeoDataFrame,
    fmt: str,
    fps: float,
    key: tuple,
    base_url: str | None,
) -> tuple[tuple, bytes] | None:
    bar = st.progress(0.0, text="Drawing the first frame")
    try:
        data = _CACHE.get_or_make(
            key,
            lambda: render_bytes(
                state,
                events,
                fmt,
                fps=fps,
                base_url=base_url,
                progress=lambda done, text: bar.progress(done, text),
            ),
        )
    except ExportError as error:
        bar.empty()
        st.error(f"The animation could not be made: {error}")
        return None
    bar.empty()
    stored = (key, data)
    st.session_state[_ANIMATION_KEY] = stored
    return stored
