"""The data the map's time engine is given: its settings, the legend, the events, the filters."""

from __future__ import annotations

import base64
import datetime as dt
import functools
import json
from collections.abc import Sequence
from typing import Any

import folium
import numpy as np
import pandas as pd

import geodata
from dashboard import changes, style, text
from dashboard.stacks import COORD_DECIMALS
from dashboard.state import LAYERS, NAME_ORDERS
from dashboard.timeline import CEASEFIRE_IN_FORCE, POST_CEASEFIRE_LAYERS, WAR_START
from dashboard.webmap.features import leaflet_style, settlement_legend
from geodata.control import FIRST_DAY as FIRST_ZONE_DAY
from geodata.control import LAST_DAY as LAST_ZONE_DAY

MONTHS = [dt.date(2020, month, 1).strftime("%B") for month in range(1, 13)]
_TEXT_COLUMNS = ("id", "title", "description", "place_name", "time", "fatalities_source")
_LIST_COLUMNS = ("claimed_by", "denied_by", "actors", "sources")


def engine_config(
    day: dt.date,
    first: dt.date,
    last: dt.date,
    mode: str = "day",
    window_days: int = 7,
    tiles: str = "vector",
    names: str = "common",
) -> dict[str, Any]:
    """Return the engine's settings: range, opening view, and the styles of markers.

    Parameters
    ----------
    day : datetime.date
        The day the map opens on.
    first, last : datetime.date
        The timeline's range (uploaded files may widen it).
    mode : str
        ``"day"``, ``"cumulative"`` or ``"window"``.
    window_days : int
        Width of the window in ``"window"`` mode.
    tiles : str
        ``"vector"`` or the name of an online tile set.
    names : {"common", "hy", "az"}
        The order of place names the map opens with (labels and event texts).

    Returns
    -------
    dict
        JSON-serialisable settings for :class:`TimeEngine`.
    """
    return {
        "first": first.isoformat(),
        "last": last.isoformat(),
        "day": min(last, max(first, day)).isoformat(),
        "mode": mode,
        "window": window_days,
        "tiles": tiles,
        "names": names,
        "months": MONTHS,
        "radius": style.EVENT_RADIUS,
        "fade": {"days": style.FADE_DAYS, "floor": style.FADE_FLOOR},
        "kinds": {
            kind: {"colour": colour, "label": style.KIND_LABELS.get(kind, kind)}
            for kind, colour in style.KIND_COLOURS.items()
        },
        "statuses": style.STATUS_STYLES,
        "page_layers": list(LAYERS),
        "changes": changes_payload(),
    }


_LINE_LAYERS = frozenset({"rivers", "contact_line_1994", "contact_line_2020"})


def legend_config(layer_names: Sequence[str]) -> dict[str, Any]:
    """Return what the map's legend lists: event kinds and statuses, and each layer's key.

    Parameters
    ----------
    layer_names : sequence of str
        The geodata layers the map has; the legend shows those switched on and existing
        on the selected day (the post-ceasefire layers from 10 November 2020).

    Returns
    -------
    dict
        ``kinds`` and ``statuses`` (label and drawing style) and ``layers`` (key, dates,
        and entries with a label, a shape and Leaflet path options).
    """
    layers = []
    for name in LAYERS:
        if name not in layer_names:
            continue
        options = _leaflet_options(style.LAYER_STYLES.get(name, {}))
        label = style.LAYER_LABELS.get(name, name)
        shape = "line" if name in _LINE_LAYERS else "area"
        entries = [{"label": label, "shape": shape, "style": options}]
        if name == "control_zones":
            entries = [
                {
                    "label": style.CONTROLLER_LABELS[controller],
                    "shape": "area",
                    "style": {**options, "color": colour, "fillColor": colour},
                }
                for controller, colour in style.CONTROLLER_COLOURS.items()
            ] + [
                {
                    "label": "Approximate zone (dashed outline)",
                    "shape": "area",
                    "style": {"color": "#555555", "weight": 1.5, "dashArray": "4 4"},
                }
            ]
        layers.append(
            {
                "key": name,
                "from": CEASEFIRE_IN_FORCE.isoformat() if name in POST_CEASEFIRE_LAYERS else None,
                "entries": entries,
            }
        )
    layers.append({"key": "settlements", "from": None, "entries": settlement_legend()})
    layers.append(
        {
            "key": "changes",
            "from": None,
            "entries": [
                {
                    "label": style.LAYER_LABELS["changes"],
                    "shape": "area",
                    "style": {**leaflet_style(style.LAYER_STYLES["changes"]), "fillOpacity": 0.15},
                }
            ],
        }
    )
    return {
        "kinds": [
            {"label": style.KIND_LABELS.get(kind, kind), "colour": colour}
            for kind, colour in style.KIND_COLOURS.items()
        ],
        "statuses": list(style.STATUS_STYLES.values()),
        "layers": layers,
    }


def _leaflet_options(options: dict[str, object]) -> dict[str, object]:
    """Folium's snake_case path options as Leaflet's camelCase."""
    return {folium.utilities.camelize(key): value for key, value in options.items()}


def events_payload(record: pd.DataFrame) -> dict[str, Any]:
    """Return the record as the columns the engine draws from, in the record's order.

    The record is sorted by date (as ``events.load_events`` returns it); the engine relies
    on that to find a day's events by binary search. Text stays raw: the browser writes it
    with ``textContent``, never as HTML.

    Parameters
    ----------
    record : GeoDataFrame
        Events as from ``events.load_events``.

    Returns
    -------
    dict
        ``first`` (ISO day of day number 0), ``day`` (day numbers), ``lat``, ``lon``,
        ``kind`` and ``status`` (indices into ``kinds`` and ``statuses``), the text columns
        and the list columns.
    """
    dates = record["date"].to_numpy(dtype="datetime64[D]")
    if len(dates) and (np.diff(dates.astype(np.int64)) < 0).any():
        raise ValueError("events_payload needs the record sorted by date, as load_events returns")
    first = dates.min() if len(dates) else np.datetime64(WAR_START, "D")
    kinds = sorted(set(record["kind"]) | set(style.KIND_COLOURS))
    statuses = sorted(set(record["status"]) | set(style.STATUS_STYLES))
    points = record.geometry
    payload: dict[str, Any] = {
        "first": str(first),
        "day": (dates - first).astype(int).tolist(),
        "lat": np.round(points.y.to_numpy(), COORD_DECIMALS).tolist(),
        "lon": np.round(points.x.to_numpy(), COORD_DECIMALS).tolist(),
        "kinds": kinds,
        "statuses": statuses,
        "kind": [kinds.index(kind) for kind in record["kind"]],
        "status": [statuses.index(status) for status in record["status"]],
        "approx": (record["date_precision"] == "approximate").astype(int).tolist(),
    }
    for column in _TEXT_COLUMNS:
        values = record[column] if column in record else pd.Series([""] * len(record))
        payload["place" if column == "place_name" else column] = [
            value if isinstance(value, str) else "" for value in values
        ]
    payload["place_in"] = _place_in_orders(record, payload["place"])
    for column in _LIST_COLUMNS:
        values = record[column] if column in record else [[]] * len(record)
        payload[column] = [list(value) if _is_list(value) else [] for value in values]
    fatalities = record["fatalities"] if "fatalities" in record else [None] * len(record)
    payload["fatalities"] = [None if pd.isna(value) else int(value) for value in fatalities]
    return payload


def _place_in_orders(record: pd.DataFrame, places: list[str]) -> dict[str, dict[str, str]]:
    """Return, for each order of names but the common one, how it writes the events' places.

    Keyed by the place as the common order writes it: ``{"az": {"Stepanakert/Khankendi":
    "Xankəndi/Stepanakert", ...}, "hy": {...}}``. Only places that differ travel, once each
    however many events they have, so a large file costs a few entries and a file of events
    at no gazetteer place none. (No two gazetteer places share a common name.)
    """
    found: dict[str, dict[str, str]] = {}
    for order in NAME_ORDERS:
        if order == "common":
            continue
        names = text.event_place_names(record, order).tolist() if len(record) else []
        table: dict[str, str] = {}
        for name, common in zip(names, places, strict=True):
            if name and name != common:
                table.setdefault(common, name)
        found[order] = table
    return found


def payload_json(record: pd.DataFrame) -> str:
    """Serialise :func:`events_payload` compactly (served as a file or written in a page)."""
    return json.dumps(events_payload(record), ensure_ascii=False, separators=(",", ":"))


def filter_mask(record: pd.DataFrame, kept: Sequence[bool] | np.ndarray) -> str | None:
    """Return which events of the record pass the filters, as the engine reads it.

    Parameters
    ----------
    record : DataFrame
        The record the engine holds.
    kept : array of bool
        One flag per row of ``record``, True where the view's filters keep the event.

    Returns
    -------
    str or None
        A little-endian bit set in base64 (20,000 events: about 3.4 KB), or None when every
        event is kept.
    """
    flags = np.asarray(kept, dtype=bool)
    if len(flags) != len(record):
        raise ValueError(f"filter_mask: {len(flags)} flags for {len(record)} events")
    if flags.all():
        return None
    return base64.b64encode(np.packbits(flags, bitorder="little").tobytes()).decode("ascii")


def _is_list(value: object) -> bool:
    return isinstance(value, list | tuple | np.ndarray)


@functools.cache
def changes_payload() -> dict[str, Any]:
    """Return what changed hands each day, for the map's change box and highlight.

    Per day (only days with a change), the pieces of land and the settlements whose state
    changed since the day before, as ``[index, state before, state after]``; the browser
    adds the days of a window up itself. Zones are named by their piece key (each control
    zone feature carries it as ``piece``), with their area in km² (EPSG:6933, as the
    km²-per-day chart).

    Returns
    -------
    dict
        ``states`` and ``kinds`` (:mod:`dashboard.changes`), ``labels`` (kind: words),
        ``pieces`` and ``km2`` (one per piece), ``places`` (both names), ``days``
        (ISO day: ``{"z": [...], "s": [...]}``).
    """
    found = {}
    day = FIRST_ZONE_DAY
    while day < LAST_ZONE_DAY:
        day += dt.timedelta(days=1)
        found[day] = changes.changes_between(day - dt.timedelta(days=1), day)
    # Settlements numbered in the record's order: the browser lists them in that order, as
    # dashboard.text does.
    changed = {place for day_changes in found.values() for place in day_changes.settlements["id"]}
    record = geodata.load_settlements()
    record = record[record["id"].isin(changed)]
    places = {place: index for index, place in enumerate(record["id"])}
    names = [text.both_names(row) for row in record.to_dict("records")]
    pieces: dict[str, int] = {}
    km2: list[float] = []
    state_index = {state: index for index, state in enumerate(changes.STATES)}
    days: dict[str, dict[str, list[list[int]]]] = {}
    for day, day_changes in found.items():
        if day_changes.empty:
            continue
        entry: dict[str, list[list[int]]] = {"z": [], "s": []}
        for piece, before, after, area in day_changes.zones[
            ["piece", "before", "after", "area_km2"]
        ].itertuples(index=False):
            if piece not in pieces:
                pieces[piece] = len(km2)
                km2.append(round(float(area), 2))
            entry["z"].append([pieces[piece], state_index[before], state_index[after]])
        for place, before, after in day_changes.settlements[["id", "before", "after"]].itertuples(
            index=False
        ):
            entry["s"].append([places[place], state_index[before], state_index[after]])
        days[day.isoformat()] = entry
    return {
        "states": list(changes.STATES),
        "kinds": list(changes.CHANGES),
        "labels": text.CHANGE_LABELS,
        "pieces": list(pieces),
        "km2": km2,
        "places": names,
        "days": days,
    }
