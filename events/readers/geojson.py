"""Read a GeoJSON FeatureCollection of dated points into our event schema."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from events.readers._compat import import_pyarrow
from events.readers.dates import parse_dates
from events.readers.detect import UCDP_COLUMNS
from events.readers.jsonarrow import NotPlain
from events.readers.jsonstream import JsonStream, stream_json
from events.readers.jsontext import TextColumns, plain_text
from events.readers.mapping import MappedEvents, as_text_column
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
#: Properties taken as text; any others are only listed in the report as ignored.
_READ_PROPERTIES = frozenset(
    (*DATE_PROPERTIES, *COLUMNS, "place_name", *_ALIAS_NAMES, *UCDP_COLUMNS)
)
_ISO_DATETIME = (
    r"^(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[T ](?P<clock>\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(?P<offset>Z|[+-]\d{2}:\d{2})?)?$"
)
#: Coordinates of a chunk's points as one table: two dimensions, two (or three) columns.
_TABLE = 2
_DEFAULTS = {"date_precision": "day", "location_precision": "exact"}
pa, pc, _ = import_pyarrow()


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


def _collection(text: str, name: str) -> tuple[JsonStream, list[str]]:
    document = stream_json(text, name, "features")
    data = document.top
    kind = data.get("type") if isinstance(data, dict) else type(data).__name__
    if kind != "FeatureCollection" or not document.streamed:
        raise _fail(
            name,
            f"this is JSON but not a GeoJSON FeatureCollection (its type is {cut(kind)!r}): "
            "give a FeatureCollection of Point features with a date property",
        )
    notes = [note] if (note := _check_crs(data, name)) else []
    return document, notes


def _point(feature: dict, row: int, problems: list[Problem]) -> tuple[object, object]:
    """Longitude and latitude of a Point feature; any other feature gets a problem."""
    geometry = feature.get("geometry")
    try:
        if geometry["type"] == "Point":
            lon, lat = geometry["coordinates"][:2]
            return lon, lat
    except (KeyError, TypeError, ValueError):
        pass  # described below, as every feature that is not a point
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    reason = (
        "feature has no geometry: give a Point"
        if geometry is None
        else f"geometry is {cut(kind)!r}: only Point features with two coordinates are events"
        " on the map"
    )
    problems.append(Problem(row, "geometry", reason))
    return None, None


def _numbers(values: list) -> np.ndarray:
    try:
        return np.array(values, dtype=float)
    except (TypeError, ValueError):
        return np.array(values, dtype=object)


def _chunk_points(
    features: list[dict], before: int, problems: list[Problem]
) -> tuple[np.ndarray, np.ndarray]:
    """Longitudes and latitudes of a chunk of features that follow ``before`` others."""
    geometries = [feature.get("geometry") for feature in features]
    try:
        # the common case in one step: every feature a Point with numeric coordinates
        if all(geometry["type"] == "Point" for geometry in geometries):
            xy = np.array([geometry["coordinates"] for geometry in geometries], dtype=float)
            if xy.ndim == _TABLE and xy.shape[1] >= _TABLE:
                return xy[:, 0], xy[:, 1]
    except (KeyError, TypeError, ValueError):
        pass  # some feature is not a plain point: each is looked at below
    points = [_point(feature, before + row, problems) for row, feature in enumerate(features, 1)]
    # numbers stay numbers; the checks turn them into text and report anything else
    return _numbers([lon for lon, _ in points]), _numbers([lat for _, lat in points])


class _Features(NamedTuple):
    """The features' properties as text, their points and their own ids, by feature."""

    properties: pd.DataFrame
    keys: set[str]
    points: pd.DataFrame
    feature_ids: pd.Series


def _arrow_points(geometry: pa.ChunkedArray | None) -> tuple[np.ndarray, np.ndarray] | None:
    """Return longitudes and latitudes if every geometry is a Point with two numbers."""
    if geometry is None or not pa.types.is_struct(geometry.type) or geometry.null_count:
        return None
    parts = dict(zip(geometry.type.names, geometry.flatten(), strict=True))
    kinds, coordinates = parts.get("type"), parts.get("coordinates")
    numeric = coordinates is not None and (
        pa.types.is_list(coordinates.type)
        and (
            pa.types.is_integer(coordinates.type.value_type)
            or pa.types.is_floating(coordinates.type.value_type)
        )
    )
    if not numeric or kinds is None or not pa.types.is_string(kinds.type) or kinds.null_count:
        return None
    if not pc.all(pc.equal(kinds, "Point")).as_py() or coordinates.null_count:
        return None
    if pc.min(pc.list_value_length(coordinates)).as_py() < _TABLE:
        return None
    lon, lat = pc.list_element(coordinates, 0), pc.list_element(coordinates, 1)
    if lon.null_count or lat.null_count:
        return None
    as_numbers = {"zero_copy_only": False}
    return lon.to_numpy(**as_numbers).astype(float), lat.to_numpy(**as_numbers).astype(float)


def _arrow_features(document: JsonStream) -> _Features:
    """Take the features Arrow parses into columns, a part at a time, if each is plain.

    Plain: a Point with two numbers, properties in an object, values of the types
    :meth:`TextColumns.add_arrow` converts.

    Raises
    ------
    events.readers.jsonarrow.NotPlain
        For any other file: read it feature by feature (:func:`_read_features`), which
        describes each feature that is not a point.
    """
    columns = TextColumns(lambda key: key if key in _READ_PROPERTIES else None)
    lons: list[np.ndarray] = []
    lats: list[np.ndarray] = []
    ids: list[pa.ChunkedArray | pa.Array] = []
    for items in document.arrow_parts():
        fields = dict(zip(items.type.names, items.flatten(), strict=True))
        points = _arrow_points(fields.get("geometry"))
        properties = fields.get("properties")
        if properties is not None and pa.types.is_struct(properties.type):
            by_key = dict(zip(properties.type.names, properties.flatten(), strict=True))
        elif properties is None or pa.types.is_null(properties.type):
            by_key = {}
        else:
            raise NotPlain("properties that are not objects")
        if points is None or not columns.add_arrow(by_key, len(items)):
            raise NotPlain("features that are not plain points with plain properties")
        try:
            own_ids = plain_text(fields["id"]) if "id" in fields else None
        except TypeError:
            raise NotPlain("feature ids that are not text or whole numbers") from None
        ids.append(pa.array([""] * len(items)) if own_ids is None else own_ids)
        lons.append(points[0])
        lats.append(points[1])
        del items, fields, properties, by_key
    count = sum(len(part) for part in lons)
    index = pd.RangeIndex(1, count + 1)
    frame = pd.DataFrame({"lat": np.concatenate(lats), "lon": np.concatenate(lons)}, index=index)
    chunks = [chunk for part in ids for chunk in getattr(part, "chunks", [part])]
    own = pa.chunked_array([chunk.cast(pa.large_string()) for chunk in chunks])
    return _Features(
        columns.frame(index), columns.keys, frame, pd.Series(own, index=index, dtype="str")
    )


def _read_features(document: JsonStream, problems: list[Problem]) -> _Features:
    """Take the features into columns: all at once by Arrow, else a chunk at a time.

    Read a chunk at a time, no feature outlives its chunk as Python values.
    """
    try:
        return _arrow_features(document)
    except NotPlain:
        pass  # read feature by feature: every feature checked and described
    columns = TextColumns(lambda key: key if key in _READ_PROPERTIES else None)
    lons: list[np.ndarray] = []
    lats: list[np.ndarray] = []
    feature_ids: list[pd.Series] = []
    count = 0
    for chunk in document.chunks("feature"):
        features = [feature if isinstance(feature, dict) else {} for feature in chunk]
        lon, lat = _chunk_points(features, count, problems)
        lons.append(lon)
        lats.append(lat)
        columns.add(feature.get("properties") for feature in features)
        ids = pd.Series([feature.get("id") for feature in features], dtype=object)
        feature_ids.append(as_text_column(ids))
        count += len(features)
        # the parser builds the next chunk while these names hold this one: let it go first
        del chunk, features
    problems.extend(document.truncation("feature"))
    index = pd.RangeIndex(1, count + 1)
    points = pd.DataFrame(
        {
            "lat": np.concatenate(lats) if lats else np.array([], dtype=float),
            "lon": np.concatenate(lons) if lons else np.array([], dtype=float),
        },
        index=index,
    )
    ids = pd.concat(feature_ids, ignore_index=True) if feature_ids else pd.Series([], dtype="str")
    return _Features(columns.frame(index), columns.keys, points, ids.set_axis(index))


def _is_ucdp(keys: set[str]) -> bool:
    return "date_start" in keys and bool(keys & {"type_of_violence", "where_prec", "side_a"})


def _as_ucdp(
    properties: pd.DataFrame, points: pd.DataFrame, name: str, notes: list[str]
) -> MappedEvents:
    """UCDP GED's own GeoJSON: its properties mapped as its CSV columns are."""
    frame = properties[[key for key in UCDP_COLUMNS if key in properties]].copy()
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
    document, notes = _collection(text, name)
    del text  # the stream holds it while the features are read, and no longer
    problems: list[Problem] = []
    features = _read_features(document, problems)
    del document  # the text goes (unless the caller holds it) and the parser's buffers
    index, keys, properties = features.points.index, features.keys, features.properties
    if _is_ucdp(keys):
        mapped = _as_ucdp(properties, features.points, name, notes)
        mapped.problems.extend(problems)
        return mapped
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
    mapped["lat"], mapped["lon"] = features.points["lat"], features.points["lon"]
    mapped["id"] = _ids(mapped, features.feature_ids)
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


def _ids(mapped: pd.DataFrame, feature_ids: pd.Series) -> pd.Series:
    """Return the ``id`` property, else the feature's own id, else "feature-N"."""
    ids = mapped["id"].str.strip() if "id" in mapped else pd.Series("", index=mapped.index)
    unnamed = ids.eq("")
    if unnamed.any():
        fallback = feature_ids[unnamed].str.strip()
        ids[unnamed] = fallback.where(fallback.ne(""), "feature-" + fallback.index.astype(str))
    return ids
