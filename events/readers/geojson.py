"""Read a GeoJSON FeatureCollection of dated points into our event schema."""

from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd

from events.readers.acled import DATE_LAYOUTS
from events.readers.mapping import MappedEvents, parse_dates
from events.schema import COLUMNS, EventDataError, Problem

#: Properties accepted as the event date, in order of preference.
DATE_PROPERTIES = ("date", "event_date", "date_start")
#: Other property names accepted for our fields (our own names always win).
ALIASES = {"title": ("name",), "place_name": ("location", "place_label")}
_ALIAS_NAMES = tuple(alias for aliases in ALIASES.values() for alias in aliases)
_ISO_DATETIME = (
    r"^(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[T ](?P<clock>\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(?P<offset>Z|[+-]\d{2}:\d{2})?)?$"
)
_DEFAULTS = {"date_precision": "day", "location_precision": "exact"}


def _fail(name: str, reason: str) -> EventDataError:
    return EventDataError(name, [Problem(None, "", reason)])


def _as_text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, list):
        return " | ".join(_as_text(item) for item in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _date_parts(values: pd.Series) -> pd.DataFrame:
    """Date, clock time and offset of ISO date-times (NaN where not ISO), each text read once."""
    codes, distinct = pd.factorize(values.str.strip(), use_na_sentinel=False)
    parts = pd.Series(distinct, dtype=object).str.extract(_ISO_DATETIME)
    return pd.DataFrame(
        {column: parts[column].to_numpy(dtype=object)[codes] for column in parts},
        index=values.index,
    )


def _text_column(values: pd.Series) -> pd.Series:
    """A property column as text; whole numbers without ".0", lists joined with " | "."""
    kind = pd.api.types.infer_dtype(values, skipna=True)
    if kind in ("string", "empty"):
        return values.fillna("").astype(str)
    if kind in ("integer", "floating", "mixed-integer-float"):
        numbers = pd.to_numeric(values)
        whole = numbers.notna() & (numbers % 1 == 0)
        text = numbers.astype(str).where(numbers.notna(), "")
        return text.mask(whole, numbers[whole].astype("int64").astype(str))
    return pd.Series([_cell_text(value) for value in values], index=values.index, dtype=object)


def _cell_text(value: object) -> str:
    """One property as text, with a fast path for the common list of strings."""
    if isinstance(value, list):
        try:
            return " | ".join(value)
        except TypeError:
            return _as_text(value)
    return value if isinstance(value, str) else _as_text(value)


def _features(text: str, name: str) -> list:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise _fail(
            name, f"not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    kind = data.get("type") if isinstance(data, dict) else type(data).__name__
    if kind != "FeatureCollection" or not isinstance(data.get("features"), list):
        raise _fail(
            name,
            f"this is JSON but not a GeoJSON FeatureCollection (its type is {kind!r}): "
            "give a FeatureCollection of Point features with a date property",
        )
    return data["features"]


def _points(features: list, index: pd.Index, problems: list[Problem]) -> pd.DataFrame:
    """Longitude and latitude of each Point feature; any other feature gets a problem."""
    lons, lats, others = [], [], []
    for position, feature in enumerate(features):
        try:
            geometry = feature["geometry"]
            if geometry["type"] == "Point":
                lon, lat = geometry["coordinates"][:2]
                lons.append(lon)
                lats.append(lat)
                continue
        except (KeyError, TypeError, ValueError):
            pass  # described below, with the other features that are not points
        others.append(position)
        lons.append(None)
        lats.append(None)
    for position in others:
        feature = features[position]
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        kind = geometry.get("type") if isinstance(geometry, dict) else None
        reason = (
            "feature has no geometry: give a Point"
            if geometry is None
            else f"geometry is {kind!r}: only Point features with two coordinates are events"
            " on the map"
        )
        problems.append(Problem(int(index[position]), "geometry", reason))
    # numbers stay numbers; the checks turn them into text and report anything else
    return pd.DataFrame({"lat": _numbers(lats), "lon": _numbers(lons)}, index=index)


def _numbers(values: list) -> np.ndarray:
    try:
        return np.array(values, dtype=float)
    except (TypeError, ValueError):
        return np.array(values, dtype=object)


def read_geojson(text: str, name: str) -> MappedEvents:
    """Map a GeoJSON FeatureCollection of points to our columns.

    Properties named like our columns are taken as they are (lists are joined); the date
    comes from ``date`` (or ``event_date``, ``date_start``), ISO date-times giving the time
    too. Rows are numbered by feature position, from 1.

    Parameters
    ----------
    text
        The decoded JSON.
    name
        File name for messages and for ``claimed_by`` when no status is given.
    """
    features = _features(text, name)
    index = pd.RangeIndex(1, len(features) + 1)
    records = [
        feature.get("properties") or {} if isinstance(feature, dict) else {} for feature in features
    ]
    keys = set().union(*records)
    used = [
        key
        for key in dict.fromkeys((*DATE_PROPERTIES, *COLUMNS, "place_name", *_ALIAS_NAMES))
        if key in keys
    ]
    # only the properties we map are turned into text columns; the rest are just listed
    properties = pd.DataFrame(
        {
            key: _text_column(pd.Series([record.get(key) for record in records], dtype=object))
            for key in used
        }
    ).set_axis(index)
    date_property = next((key for key in DATE_PROPERTIES if key in properties), None)
    if date_property is None:
        raise _fail(
            name,
            "no date property: give each feature a 'date' property"
            " (YYYY-MM-DD or an ISO date-time)",
        )
    problems: list[Problem] = []
    mapped = pd.DataFrame(index=index)
    columns_mapped: dict[str, str] = {date_property: "date", "geometry": "lat, lon"}
    for column in (*COLUMNS, "place_name"):
        if column in ("lat", "lon"):
            continue
        for key in (column, *ALIASES.get(column, ())):
            if key in properties and key != date_property and column not in mapped:
                mapped[column] = properties[key]
                columns_mapped[key] = column
    parts = _date_parts(properties[date_property])
    mapped["date"] = parts["date"].fillna(parse_dates(properties[date_property], DATE_LAYOUTS))
    clock = (parts["clock"] + parts["offset"].replace("Z", "+00:00")).fillna("")
    mapped["time"] = (
        mapped["time"].where(mapped["time"].ne(""), clock) if "time" in mapped else clock
    )
    for column, default in _DEFAULTS.items():
        given = mapped[column] if column in mapped else pd.Series("", index=index)
        mapped[column] = given.where(given.ne(""), default)
    status = mapped["status"] if "status" in mapped else pd.Series("", index=index)
    claimed_by = mapped["claimed_by"] if "claimed_by" in mapped else pd.Series("", index=index)
    mapped["claimed_by"] = claimed_by.where(status.ne("") | claimed_by.ne(""), name)
    mapped["status"] = status.where(status.ne(""), "claimed")
    points = _points(features, index, problems)
    mapped["lat"], mapped["lon"] = points["lat"], points["lon"]
    ids = mapped["id"].str.strip() if "id" in mapped else pd.Series("", index=index)
    unnamed = ids.eq("")
    if unnamed.any():
        fallback = pd.Series(
            [
                _as_text(features[row - 1].get("id")) if isinstance(features[row - 1], dict) else ""
                for row in index[unnamed]
            ],
            index=index[unnamed],
        )
        ids[unnamed] = fallback.where(fallback.ne(""), "feature-" + fallback.index.astype(str))
    mapped["id"] = ids
    return MappedEvents(
        frame=mapped,
        format="geojson",
        details="GeoJSON FeatureCollection of points",
        columns_mapped=columns_mapped,
        columns_ignored=sorted(keys - set(columns_mapped)),
        problems=problems,
        date_layouts="YYYY-MM-DD, an ISO date-time, DD-MM-YYYY or '31 December 2020'",
    )
