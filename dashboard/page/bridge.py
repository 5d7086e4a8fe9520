"""The page's bridge to the map's time engine: the view settles in Python, choices reach the map."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

_SCRIPT = Path(__file__).with_name("bridge.js")
_COMPONENT = st.components.v2.component(
    "karabakh_map_bridge", js=_SCRIPT.read_text(encoding="utf-8")
)


def map_bridge(
    config: dict[str, Any], key: str = "map_bridge", on_view: Callable[[], None] | None = None
) -> dict[str, Any] | None:
    """Pass the page's choices to the map's engine; return the view the reader settled on.

    Parameters
    ----------
    config : dict
        What the engine applies when it changes: ``dataset_url``, ``mask``, ``mode``,
        ``window``, ``layers``, ``tiles``, ``first``/``last`` and an optional ``goto``
        (``{"day": ISO, "nonce": int}``) that moves the map to a day.
    key : str
        The component's key.
    on_view : callable, optional
        Called when the map reports a new view, before the rerun.

    Returns
    -------
    dict or None
        The last view reported (``day``, ``zoom``, ``lat``, ``lon``, ``layers``), or None
        before the map has reported one.
    """
    result = _COMPONENT(
        key=key,
        data={"config": config},
        default={"view": None},
        on_view_change=on_view or _ignore,
        height=0,
    )
    return result.view


def _ignore() -> None:
    """Do nothing: the rerun that follows reads the component's state."""
