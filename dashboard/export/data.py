"""The data of a view as files: GeoJSON and CSV of the events shown and the day's zones."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re

import geopandas as gpd
import numpy as np
import pandas as pd

from dashboard import text, timeline, urlstate
from dashboard.export.formats import FormatName
from dashboard.state import ViewState, select_events
from events.schema import COLUMNS, MULTI_SEPARATOR, MULTI_VALUED

#: Columns of the events exported: the record's own, in its order, then the place's two
#: names and the event's age in days at the selected date.
EVENT_COLUMNS = (*COLUMNS, "place_name", "age_days")
ZONE_COLUMNS = ("controller", "valid_from", "valid_to", "precision", "sources")
_NOT_EXPORTED = ("geometry",)
#: Cells of text that begin with these are guarded in CSV exports (see spreadsheet_safe).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_GUARD = "'"
_CONTROL_BYTES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Zone sources are lists like the event columns that hold several values.
_LIST_COLUMNS = (*MULTI_VALUED, "sources")


def data_bytes(
    state: ViewState, events: gpd.GeoDataFrame, fmt: FormatName, *, base_url: str
) -> bytes:
    """Return the events the view shows and the day's control zones as ``geojson`` or ``csv``."""
    selected = select_events(events, state)
    zones = control_zones(state)
    if fmt == "geojson":
        return geojson_bytes(state, selected, zones, base_url=base_url)
    return csv_bytes(selected, zones)


def control_zones(state: ViewState) -> gpd.GeoDataFrame:
    """Return the control zones the view shows: none if the layer is off or the day has none."""
    import geodata

    if "control_zones" not in state.layers or not timeline.has_control_zones(state.date):
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
        "view": {**urlstate.view_params(state), "permalink": urlstate.permalink(state, base_url)},
        "attribution": [*geodata.attribution(), text.events_attribution(selected)],
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
        midnight = timestamp == timestamp.normalize()
        return timestamp.date().isoformat() if midnight else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float | np.floating) and math.isnan(value):
        return None
    # numpy scalars as plain Python numbers and booleans.
    return value.item() if isinstance(value, np.generic) else value


def _csv_cell(value: object) -> str:
    if isinstance(value, list | tuple | np.ndarray):
        return spreadsheet_safe(MULTI_SEPARATOR.join(str(item) for item in value))
    value = _json_value(value)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int | float):
        return str(value)
    return spreadsheet_safe(str(value))


def spreadsheet_safe(text: str) -> str:
    """Return text that a spreadsheet shows as text, never runs as a formula.

    A cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is what
    spreadsheets read as a formula (OWASP's "CSV injection"); it gets a leading ``'``, which
    they show as text and our reader removes again (:data:`FORMULA_GUARD`). Numbers are
    written as numbers and are never guarded. Line breaks are written as line feeds (the CSV
    quotes them) and NUL and other control bytes are dropped.
    """
    text = _CONTROL_BYTES.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return FORMULA_GUARD + text if text.startswith(FORMULA_STARTS) else text
