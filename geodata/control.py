"""Who held what on a given day: dated control zones and the area each side held, day by day."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from geodata import periods

CONTROL_ZONES_PATH = Path(__file__).resolve().parent / "data" / "control_zones.geojson"
FIRST_DAY = periods.ZONES_FIRST_DAY
LAST_DAY = periods.AFTERMATH_END
CONTROLLERS = ("armenian", "azerbaijani")

_COLUMNS = [
    "id",
    "label",
    "controller",
    "valid_from",
    "valid_to",
    "precision",
    "approximate",
    "contested",
    "peacekeeping",
    "change",
    "settlement",
    "event_ids",
    "sources",
    "area_km2",
    "geometry",
]


def _as_day(value: object) -> dt.date:
    """Read a date given as ``datetime.date``, ``datetime``, pandas/numpy timestamp or ISO text."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, pd.Timestamp | np.datetime64):
        return pd.Timestamp(value).date()
    if isinstance(value, str):
        try:
            return pd.Timestamp(value.strip()).date()
        except ValueError:
            pass
    raise ValueError(
        f"{value!r} is not a date: give a datetime.date, a datetime or text like '2020-10-17' "
        f"between {FIRST_DAY} and {LAST_DAY}"
    )


def _checked_day(value: object) -> dt.date:
    day = _as_day(value)
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(
            f"no control zones for {day}: they cover {FIRST_DAY}..{LAST_DAY} "
            "(26 September 2020, the eve of the war, to 1 December 2020, the last handover)"
        )
    return day


@functools.cache
def _all_zones() -> gpd.GeoDataFrame:
    if not CONTROL_ZONES_PATH.exists():
        raise FileNotFoundError(
            f"{CONTROL_ZONES_PATH} is missing: rebuild it with `python -m geodata.build.control`"
        )
    zones = gpd.read_file(CONTROL_ZONES_PATH).to_crs("EPSG:4326")
    zones["valid_from"] = pd.to_datetime(zones["valid_from"])
    zones["valid_to"] = pd.to_datetime(zones["valid_to"])
    zones["sources"] = [
        [part.strip() for part in text.split("|") if part.strip()] for text in zones["sources"]
    ]
    for flag in ("approximate", "contested", "peacekeeping"):
        zones[flag] = zones[flag].astype(bool)
    return zones[_COLUMNS]


@functools.cache
def _zones_on(day: dt.date) -> gpd.GeoDataFrame:
    zones = _all_zones()
    stamp = pd.Timestamp(day)
    held = (zones["valid_from"] <= stamp) & (zones["valid_to"] >= stamp)
    return zones[held].reset_index(drop=True)


def control_at(date: object) -> gpd.GeoDataFrame:
    """Return the control zones in force on ``date``.

    The zones of one day tile the study area (the former Nagorno-Karabakh Autonomous Oblast and
    the seven districts around it) without overlap. Most are approximate: ``precision`` says
    how each was drawn, ``contested`` marks a capture claimed by one side and not (yet)
    confirmed by the other or by independent reporting (the zone starts on the day of the
    claim). Where a settlement of the settlement record is placed, the land nearest to it
    changes hands on that settlement's own claim or handover date.

    Parameters
    ----------
    date
        A ``datetime.date``, ``datetime``, ``pandas.Timestamp`` or ISO text such as
        ``"2020-10-17"``, from 2020-09-26 (eve of the war) to 2020-12-01 (last handover).

    Returns
    -------
    geopandas.GeoDataFrame
        EPSG:4326, one row per zone: ``id``, ``label``, ``controller`` ("armenian" for the
        forces of Armenia and the self-declared Nagorno-Karabakh Republic, or "azerbaijani"),
        ``valid_from``, ``valid_to`` (inclusive), ``precision``, ``approximate``,
        ``contested``, ``peacekeeping`` (True for the Armenian-held zone under Russian
        peacekeepers from 10 November), ``change`` (the advance area or district change),
        ``settlement`` (for a settlement's cell: its id in ``load_settlements()``, else
        empty), ``event_ids``, ``sources`` (list of URLs), ``area_km2`` (EPSG:6933) and
        ``geometry``.

    Raises
    ------
    ValueError
        If ``date`` is not a date or lies outside 2020-09-26..2020-12-01.
    """
    # The cached frame is shared between calls: hand out a copy the caller may change.
    return _zones_on(_checked_day(date)).copy()


@functools.cache
def _area_by_day() -> pd.DataFrame:
    zones = _all_zones()
    days = pd.date_range(FIRST_DAY, LAST_DAY, freq="D")
    table = {"date": days}
    for controller in CONTROLLERS:
        own = zones[zones["controller"] == controller]
        table[f"{controller}_km2"] = [
            round(float(own.loc[(own.valid_from <= day) & (own.valid_to >= day)].area_km2.sum()), 1)
            for day in days
        ]
    return pd.DataFrame(table)


def control_area_by_day() -> pd.DataFrame:
    """Return the area held by each side on every day from 2020-09-26 to 2020-12-01.

    Areas are summed from the zones' ``area_km2`` (measured in the equal-area EPSG:6933 at
    build time), so they share the zones' approximation.

    Returns
    -------
    pandas.DataFrame
        Columns ``date`` (datetime64), ``armenian_km2`` and ``azerbaijani_km2``, one row per
        day.
    """
    return _area_by_day().copy()
