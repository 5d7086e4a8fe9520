"""Export the current view to a file, the format chosen by the extension, written atomically."""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import datetime as dt
import io
import json
import math
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import geopandas as gpd
import numpy as np
import pandas as pd

from dashboard.state import ViewState, select_events
from events.schema import COLUMNS, MULTI_SEPARATOR, MULTI_VALUED

if TYPE_CHECKING:
    from dashboard.export.figure import Frame
    from dashboard.export.interactive import MapView

#: Every format, by file extension: static images, the interactive map, data, animations.
FORMATS = ("png", "svg", "pdf", "html", "geojson", "csv", "gif", "mp4")
ANIMATION_FORMATS = ("gif", "mp4")
MEDIA_TYPES = {
    "png": "image/png",
    "svg": "image/svg+xml",
    "pdf": "application/pdf",
    "html": "text/html",
    "geojson": "application/geo+json",
    "csv": "text/csv",
    "gif": "image/gif",
    "mp4": "video/mp4",
}
#: Columns of the events exported: the record's own, in its order, then the place's two
#: names and the event's age in days at the selected date.
EVENT_COLUMNS = (*COLUMNS, "place_name", "age_days")
ZONE_COLUMNS = ("controller", "valid_from", "valid_to", "precision", "sources")
# Columns the dashboard adds to the record for its own display (escaped HTML snippets).
_NOT_EXPORTED = ("geometry", "popup_html", "tooltip_html")
# Zone sources are lists like the event columns that hold several values.
_LIST_COLUMNS = (*MULTI_VALUED, "sources")

ProgressCallback = Callable[[float, str], None]


class ExportError(ValueError):
    """Raised when an export cannot be made as asked; the message says what to change."""


def format_of(path: str | Path) -> str:
    """Return the export format named by the extension of ``path``.

    Raises
    ------
    ExportError
        If the extension is missing or not one of :data:`FORMATS`.
    """
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix == "json":
        suffix = "geojson"
    if suffix not in FORMATS:
        raise ExportError(
            f"cannot tell the format of {str(path)!r} from its extension: end the file name "
            f"with one of {', '.join('.' + name for name in FORMATS)}"
        )
    return suffix


def check_writable(path: str | Path) -> Path:
    """Return ``path`` as a Path after checking its folder exists and accepts new files.

    Checked before any rendering, so a long animation is not drawn for nothing.
    """
    target = Path(path).expanduser()
    folder = target.parent
    if target.is_dir():
        raise ExportError(f"{str(target)!r} is a folder: give a file name such as map.png")
    if not folder.is_dir():
        raise ExportError(
            f"cannot write {str(target)!r}: the folder {str(folder)!r} does not exist"
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(
            f"cannot write {str(target)!r}: no permission to create files in {str(folder)!r}"
        )
    if target.exists() and not os.access(target, os.W_OK):
        raise ExportError(f"cannot replace {str(target)!r}: the file is read-only")
    return target


def atomic_write(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    A reader (or a crash) never sees a half-written file: either the old file stays
    untouched or the new one is complete. The temporary file is removed on any failure.

    Returns
    -------
    pathlib.Path
        The written path.

    Raises
    ------
    ExportError
        If the file cannot be written (the message names the file and the reason).
    """
    target = check_writable(path)
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".part", dir=target.parent
        )
    except OSError as error:
        raise ExportError(f"cannot write {str(target)!r}: {error.strerror}") from error
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        # mkstemp makes the file private (0600); give it the mode of the file it replaces,
        # or the usual mode of a new document.
        mode = target.stat().st_mode & 0o7777 if target.exists() else 0o644
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise ExportError(f"cannot write {str(target)!r}: {error.strerror}") from error
        raise
    return target


def render_bytes(
    state: ViewState,
    events: gpd.GeoDataFrame,
    fmt: str,
    *,
    frame: Frame | None = None,
    fps: float = 2.0,
    progress: ProgressCallback | None = None,
    base_url: str | None = None,
    view: MapView | None = None,
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
        One of :data:`FORMATS`.
    frame : Frame, optional
        Size, resolution, extent and permalink base of images and animations.
    fps : float
        Frames per second of an animation.
    progress : callable, optional
        Called as ``progress(fraction_done, message)`` during long work.
    base_url : str, optional
        Address of the dashboard for the permalink, replacing the frame's.
    view : MapView, optional
        Zoom and centre an interactive map (``html``) opens on.

    Returns
    -------
    bytes
        The file's content.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    # matplotlib loads with the first export, not when the dashboard starts.
    from dashboard.export.animation import DEFAULT_ANIMATION_FRAME, render_animation
    from dashboard.export.figure import IMAGE_FORMATS, Frame, SnapshotError, render_image

    frame = frame or (DEFAULT_ANIMATION_FRAME if fmt in ANIMATION_FORMATS else Frame())
    if base_url is not None:
        frame = dataclasses.replace(frame, base_url=base_url)
    try:
        if fmt in IMAGE_FORMATS:
            return render_image(state, events, fmt, frame)
        if fmt in ANIMATION_FORMATS:
            return render_animation(state, events, fmt, frame=frame, fps=fps, progress=progress)
        if fmt == "html":
            return html_bytes(state, events, view)
        selected = select_events(events, state)
        zones = _control_zones(state)
        if fmt == "geojson":
            return geojson_bytes(state, selected, zones, base_url=frame.base_url)
        return csv_bytes(selected, zones)
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
    view: MapView | None = None,
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
    data = render_bytes(state, events, fmt, frame=frame, fps=fps, progress=progress, view=view)
    return atomic_write(path, data)


def file_name(state: ViewState, fmt: str) -> str:
    """Return a descriptive default file name, e.g. ``karabakh-2020-11-08-day.png``."""
    if fmt in ANIMATION_FORMATS:
        end = "2020-12-01" if state.extended else "2020-11-10"
        return f"karabakh-2020-09-27-to-{end}-{state.mode}.{fmt}"
    return f"karabakh-{state.date.isoformat()}-{state.mode}.{fmt}"


def html_bytes(state: ViewState, events: gpd.GeoDataFrame, view: MapView | None = None) -> bytes:
    """Return the standalone interactive map of the whole war, opening on the view."""
    from dashboard.export.interactive import interactive_html

    return interactive_html(state, events, view).encode("utf-8")


def _control_zones(state: ViewState) -> gpd.GeoDataFrame:
    import geodata
    from dashboard.webmap.build import has_control_zones

    if "control_zones" not in state.layers or not has_control_zones(state.date):
        return gpd.GeoDataFrame({"controller": []}, geometry=[], crs="EPSG:4326")
    return geodata.control_at(state.date)


def geojson_bytes(
    state: ViewState,
    selected: gpd.GeoDataFrame,
    zones: gpd.GeoDataFrame,
    *,
    base_url: str,
) -> bytes:
    """Return a FeatureCollection of the events shown and the control zones of the day.

    Each feature's ``layer`` property is ``"event"`` or ``"control_zone"``; events and
    zones keep every field they have (multi-valued fields as lists). Foreign members
    ``view`` (the view's parameters and permalink) and ``attribution`` say what the file
    shows and where it comes from.
    """
    import geodata
    from dashboard.export.figure import events_attribution

    features = [
        _feature("event", row, _event_columns(selected), skip=("lat", "lon"))
        for row in _records(selected, _event_columns(selected))
    ]
    features += [
        _feature("control_zone", row, _zone_columns(zones))
        for row in _records(zones, _zone_columns(zones))
    ]
    collection = {
        "type": "FeatureCollection",
        "view": {**state.to_query_params(), "permalink": state.permalink(base_url)},
        "attribution": [*geodata.attribution(), events_attribution(selected)],
        "features": features,
    }
    return json.dumps(collection, ensure_ascii=False, indent=1).encode("utf-8")


def csv_bytes(selected: gpd.GeoDataFrame, zones: gpd.GeoDataFrame) -> bytes:
    """Return the events shown and the day's control zones as one CSV table.

    Columns: ``layer`` (``event`` or ``control_zone``), the event fields (those of
    :data:`EVENT_COLUMNS` first), the zone fields not already named, and ``wkt`` (the
    geometry as Well-Known Text, EPSG:4326). Multi-valued fields are joined with
    ``" | "`` as in the curated record.
    """
    event_columns, zone_columns = _event_columns(selected), _zone_columns(zones)
    header = ["layer", *dict.fromkeys((*event_columns, *zone_columns)), "wkt"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n")
    writer.writeheader()
    for layer, table, columns in (
        ("event", selected, event_columns),
        ("control_zone", zones, zone_columns),
    ):
        for row in _records(table, columns):
            cells = {"layer": layer, "wkt": row["geometry"].wkt if row["geometry"] else ""}
            for column in columns:
                cells[column] = _csv_cell(row.get(column))
            writer.writerow(cells)
    return buffer.getvalue().encode("utf-8")


def _event_columns(selected: gpd.GeoDataFrame) -> tuple[str, ...]:
    extra = [
        column
        for column in selected.columns
        if column not in EVENT_COLUMNS and column not in _NOT_EXPORTED
    ]
    return (*EVENT_COLUMNS, *extra)


def _zone_columns(zones: gpd.GeoDataFrame) -> tuple[str, ...]:
    extra = [
        column for column in zones.columns if column not in ZONE_COLUMNS and column != "geometry"
    ]
    return (*ZONE_COLUMNS, *extra)


def _records(table: gpd.GeoDataFrame, columns: tuple[str, ...]) -> list[dict[str, object]]:
    if table.empty:
        return []
    table = table.copy()
    if "lat" in columns and "lat" not in table.columns:
        table["lat"] = table.geometry.y
        table["lon"] = table.geometry.x
    present = [column for column in columns if column in table.columns]
    return [
        {**{column: row[column] for column in present}, "geometry": row.geometry}
        for _, row in table.iterrows()
    ]


def _feature(
    layer: str, row: dict[str, object], columns: tuple[str, ...], skip: tuple[str, ...] = ()
) -> dict[str, object]:
    properties: dict[str, object] = {"layer": layer}
    for column in columns:
        if column in skip or column not in row:
            continue
        value = row[column]
        if isinstance(value, list | tuple | np.ndarray) or column in _LIST_COLUMNS:
            properties[column] = _list_value(value)
        else:
            properties[column] = _json_value(value)
    geometry = row["geometry"]
    return {
        "type": "Feature",
        "geometry": None if geometry is None else geometry.__geo_interface__,
        "properties": properties,
    }


def _list_value(value: object) -> list[str]:
    if isinstance(value, list | tuple | np.ndarray):
        return [str(item) for item in value]
    if value is None or (isinstance(value, float) and math.isnan(value)) or value == "":
        return []
    return [part.strip() for part in str(value).split("|") if part.strip()]


def _json_value(value: object) -> object:
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, dt.datetime):
        timestamp = pd.Timestamp(value)
        return (
            timestamp.date().isoformat()
            if timestamp == timestamp.normalize()
            else value.isoformat()
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


def _csv_cell(value: object) -> str:
    if isinstance(value, list | tuple | np.ndarray):
        return MULTI_SEPARATOR.join(str(item) for item in value)
    value = _json_value(value)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
