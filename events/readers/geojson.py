"""Read a GeoJSON FeatureCollection of dated points into our event schema."""

from __future__ import annotations

import numpy as np
import pandas as pd

from events.readers.dates import parse_dates
from events.readers.detect import UCDP_COLUMNS
from events.readers.mapping import MappedEvents, as_text, as_text_column, load_json
from events.readers.records import fill_defaults
from events.readers.ucdp import map_ucdp
from events.schema import COLUMNS, EventDataError, Problem, cut

#: Properties accepted as the event date, in order of preference.
DATE_PROPERTIES = ("date", "event_date", "date_start", "datetime")
#: Other property names accepted for our fields (our own names always win).
ALIASES = {
    "title": ("name",),
    "place_name": ("location", "place_label"),
    "kind_hint": ("type", "category", "event_type", "sub_event_type"),
    "description": ("notes",),
    "sources": ("source",),
}
_ALIAS_NAMES = tuple(alias for aliases in ALIASES.values() for alias in aliases)
_ISO_DATETIME = (
    r"^(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[T ](?P<clock>\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(?P<offset>Z|[+-]\d{2}:\d{2})?)?$"
)
_DEFAULTS = {"date_precision": "day", "location_precision": "exact"}


def _fail(name: str, reason: str) -> EventDataError:
    return EventDataError(name, [Problem(None, "", reason)])


def _date_parts(values: pd.Series) -> pd.DataFrame:
    """Date, clock time and offset of ISO date-times (NaN where not ISO), each text read once."""
    codes, distinct = pd.factorize(values.str.strip(), use_na_sentinel=False)
    parts = pd.Series(distinct, dtype=object).str.extract(_ISO_DATETIME)
    return pd.DataFrame(
        {column: parts[column].to_numpy(dtype=object)[codes] for column in parts},
        index=values.index,
    )


#: CRS names meaning longitude and latitude on WGS 84, as ogr2ogr and others write them.
_WGS84_NAMES = ("crs84", "4326", "wgs84", "wgs 84")


def _check_crs(data: dict, name: str) -> str:
    """Accept a ``crs`` member (older GeoJSON, ogr2ogr) only when it is WGS 84 lon/lat."""
    crs = data.get("crs")
    if crs is None:
        return ""
    crs_name = crs.get("properties", {}).get("name", "") if isinstance(crs, dict) else ""
    crs_name = crs_name if isinstance(crs_name, str) else ""
    if any(marker in crs_name.lower().replace(":", "") for marker in _WGS84_NAMES):
        return f"crs member {cut(crs_name)} (WGS 84 longitude/latitude) accepted"
    raise _fail(
        name,
        f"coordinates are in {cut(crs_name or 'an unnamed CRS')!r}, not WGS 84 longitude and"
        " latitude: reproject, e.g. `ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson`",
    )


def _features(text: str, name: str) -> tuple[list, list[str]]:
    data = load_json(text, name)
    kind = data.get("type") if isinstance(data, dict) else type(data).__name__
    if kind != "FeatureCollection" or not isinstance(data.get("features"), list):
        raise _fail(
            name,
            f"this is JSON but not a GeoJSON FeatureCollection (its type is {cut(kind)!r}): "
            "give a FeatureCollection of Point features with a date property",
        )
    notes = [note] if (note := _check_crs(data, name)) else []
    return data["features"], notes


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


def _properties(records: list[dict], index: pd.Index, wanted: list[str]) -> pd.DataFrame:
    """Return the properties in ``wanted`` as text columns (the others are only listed)."""
    return pd.DataFrame(
        {
            key: as_text_column(pd.Series([record.get(key) for record in records], dtype=object))
            for key in wanted
        }
    ).set_axis(index)


def _is_ucdp(keys: set[str]) -> bool:
    return "date_start" in keys and bool(keys & {"type_of_violence", "where_prec", "side_a"})


def _as_ucdp(
    records: list[dict], points: pd.DataFrame, name: str, notes: list[str]
) -> MappedEvents:
    """UCDP GED's own GeoJSON: its properties mapped as its CSV columns are."""
    keys = set().union(*records)
    frame = _properties(records, points.index, [key for key in UCDP_COLUMNS if key in keys])
    for column, axis in (("latitude", "lat"), ("longitude", "lon")):
        if column not in frame:
            frame[column] = points[axis].astype(object).where(points[axis].notna(), "").astype(str)
    return map_ucdp(frame, name, "UCDP GED as GeoJSON (properties read as GED columns)", notes)


def _dates_and_times(values: pd.Series, mapped: pd.DataFrame) -> str:
    """Fill ``date`` and ``time`` from the date property; return the date style found."""
    parts = _date_parts(values)
    clock = parts["clock"].fillna("").astype(str)
    offset = parts["offset"].fillna("").astype(str).replace("Z", "+00:00")
    # a clock without an offset names no moment: the day is kept, the time left out
    times = (clock + offset).where(clock.ne("") & offset.ne(""), "")
    if "time" in mapped:
        mapped["time"] = mapped["time"].where(mapped["time"].ne(""), times)
    else:
        mapped["time"] = times
    style = parse_dates(values, day_first_default=True, origin="GeoJSON")
    mapped["date"] = style.dates
    return style.description


def read_geojson(text: str, name: str) -> MappedEvents:
    """Map a GeoJSON FeatureCollection of points to our columns.

    Properties named like our columns are taken as they are (lists are joined); the date
    comes from ``date`` (or ``event_date``, ``date_start``, ``datetime``), ISO date-times
    with an offset giving the time too. UCDP GED's GeoJSON is read as UCDP GED. Missing
    kinds, titles and sources get defaults the report states. Rows are numbered by feature
    position, from 1.

    Parameters
    ----------
    text
        The decoded JSON.
    name
        File name for messages and for ``claimed_by`` when no status is given.

    Returns
    -------
    MappedEvents
        Rows mapped to our columns.
    """
    features, notes = _features(text, name)
    index = pd.RangeIndex(1, len(features) + 1)
    records = [
        feature.get("properties") or {} if isinstance(feature, dict) else {} for feature in features
    ]
    keys = set().union(*records)
    problems: list[Problem] = []
    points = _points(features, index, problems)
    if _is_ucdp(keys):
        mapped = _as_ucdp(records, points, name, notes)
        mapped.problems.extend(problems)
        return mapped
    used = [
        key
        for key in dict.fromkeys((*DATE_PROPERTIES, *COLUMNS, "place_name", *_ALIAS_NAMES))
        if key in keys
    ]
    properties = _properties(records, index, used)
    date_property = next((key for key in DATE_PROPERTIES if key in properties), None)
    if date_property is None:
        raise _fail(
            name,
            "no date property: give each feature a 'date' property"
            " (YYYY-MM-DD or an ISO date-time)",
        )
    mapped = pd.DataFrame(index=index)
    columns_mapped: dict[str, str] = {date_property: "date", "geometry": "lat, lon"}
    for column in (*COLUMNS, "place_name", "kind_hint"):
        if column in ("lat", "lon"):
            continue  # the geometry gives them
        for key in (column, *ALIASES.get(column, ())):
            if key in properties and key != date_property and column not in mapped:
                mapped[column] = properties[key]
                columns_mapped[key] = column.removesuffix("_hint")
    date_style = _dates_and_times(properties[date_property], mapped)
    for column, default in _DEFAULTS.items():
        given = mapped[column] if column in mapped else pd.Series("", index=index)
        mapped[column] = given.where(given.ne(""), default)
    fill_defaults(mapped, name, notes)
    mapped["lat"], mapped["lon"] = points["lat"], points["lon"]
    mapped["id"] = _ids(mapped, features, index)
    return MappedEvents(
        frame=mapped,
        format="geojson",
        details="GeoJSON FeatureCollection of points",
        columns_mapped=columns_mapped,
        columns_ignored=sorted(keys - set(columns_mapped)),
        problems=problems,
        date_style=date_style,
        notes=notes,
    )


def _ids(mapped: pd.DataFrame, features: list, index: pd.Index) -> pd.Series:
    """Return the ``id`` property, else the feature's own id, else "feature-N"."""
    ids = mapped["id"].str.strip() if "id" in mapped else pd.Series("", index=index)
    unnamed = ids.eq("")
    if unnamed.any():
        fallback = pd.Series(
            [
                as_text(features[row - 1].get("id")) if isinstance(features[row - 1], dict) else ""
                for row in index[unnamed]
            ],
            index=index[unnamed],
        )
        ids[unnamed] = fallback.where(fallback.ne(""), "feature-" + fallback.index.astype(str))
    return ids
