"""Any export of a view: the format's renderer chosen from the formats table, then the file."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd

from dashboard import timeline
from dashboard.export.files import atomic_write, check_writable, format_of
from dashboard.export.formats import ANIMATION_FORMATS, FORMATS, ExportError, FormatName
from dashboard.state import ViewState

if TYPE_CHECKING:
    from dashboard.export.frame import Frame

ProgressCallback = Callable[[float, str], None]


def render_bytes(
    state: ViewState,
    events: gpd.GeoDataFrame,
    fmt: FormatName,
    *,
    frame: Frame | None = None,
    fps: float = 2.0,
    progress: ProgressCallback | None = None,
    base_url: str | None = None,
) -> bytes:
    """Return the export of the view in ``fmt``.

    Parameters
    ----------
    state : ViewState
        The view: date, mode, filters, layers. For ``gif`` and ``mp4`` its date is ignored
        and every day of the timeline becomes a frame (to 1 December if ``extended``).
    events : GeoDataFrame
        The event record (curated or the user's own).
    fmt : str
        One of :data:`~dashboard.export.formats.FORMATS`.
    frame : Frame, optional
        Size, resolution, extent and permalink base of images and animations.
    fps : float
        Frames per second of an animation.
    progress : callable, optional
        Called as ``progress(fraction_done, message)`` during long work.
    base_url : str, optional
        Address of the dashboard for the permalink, replacing the frame's.

    Returns
    -------
    bytes
        The file's content.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    # matplotlib loads with the first export, not when the dashboard starts.
    from dashboard.export import data
    from dashboard.export.animation import DEFAULT_ANIMATION_FRAME, render_animation
    from dashboard.export.frame import Frame, SnapshotError
    from dashboard.export.image import render_image
    from dashboard.export.interactive import interactive_html

    kind = FORMATS[fmt].kind
    frame = frame or (DEFAULT_ANIMATION_FRAME if kind == "animation" else Frame())
    if base_url is not None:
        frame = dataclasses.replace(frame, base_url=base_url)
    try:
        if kind == "image":
            return render_image(state, events, fmt, frame)
        if kind == "animation":
            return render_animation(state, events, fmt, frame=frame, fps=fps, progress=progress)
        if kind == "map":
            return interactive_html(state, events).encode("utf-8")
        return data.data_bytes(state, events, fmt, base_url=frame.base_url)
    except SnapshotError as error:
        raise ExportError(str(error)) from error


def export_view(
    state: ViewState,
    events: gpd.GeoDataFrame,
    path: str | Path,
    *,
    frame: Frame | None = None,
    fps: float = 2.0,
    progress: ProgressCallback | None = None,
) -> Path:
    """Write the view to ``path``, in the format its extension names, atomically.

    See :func:`render_bytes` for the parameters. The folder is checked before rendering.

    Returns
    -------
    pathlib.Path
        The written file.
    """
    fmt = format_of(path)
    check_writable(path)
    data = render_bytes(state, events, fmt, frame=frame, fps=fps, progress=progress)
    return atomic_write(path, data)


def file_name(state: ViewState, fmt: FormatName) -> str:
    """Return a descriptive default file name, e.g. ``karabakh-2020-11-08-day.png``."""
    if fmt in ANIMATION_FORMATS:
        first, last = timeline.WAR_START, timeline.last_day(state.extended)
        return f"karabakh-{first.isoformat()}-to-{last.isoformat()}-{state.mode}.{fmt}"
    return f"karabakh-{state.date.isoformat()}-{state.mode}.{fmt}"
