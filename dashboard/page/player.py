"""The timeline player: the day, the slider, previous and next, play and pause, and the speed."""

from __future__ import annotations

import datetime as dt
import time

import streamlit as st

from dashboard import timeline

#: Seconds between two days while playing, by the label of the speed.
SPEEDS = {"0.5 day/s": 2.0, "1 day/s": 1.0, "2 days/s": 0.5, "4 days/s": 0.25}


def _step(days: int, first: dt.date, last: dt.date) -> None:
    st.session_state.w_date = min(last, max(first, st.session_state.w_date + dt.timedelta(days)))


def _toggle_play() -> None:
    st.session_state.playing = not st.session_state.playing


def play_interval() -> float | None:
    """Return the seconds between two days while playing, or None when paused."""
    return SPEEDS[st.session_state.w_speed] if st.session_state.playing else None


def draw_player(first: dt.date, last: dt.date) -> None:
    """Draw the player's row: the day and its label, the slider and the buttons."""
    label_column, previous, slider, following, play, speed = st.columns(
        [1.4, 0.55, 6, 0.55, 1.25, 1.25], vertical_alignment="bottom"
    )
    day = st.session_state.w_date
    label_column.markdown(
        f"<div style='font-size:1.25rem;font-weight:700'>{day:%d %b %Y}</div>"
        f"<div>{timeline.date_label(day)}</div>",
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


def advance_if_due(interval: float | None, last: dt.date) -> None:
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
