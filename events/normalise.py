"""Check rows already mapped to our schema and turn the good ones into a GeoDataFrame."""

from __future__ import annotations

import datetime as dt
import functools

import geopandas as gpd
import numpy as np
import pandas as pd

from events.multivalued import check_lists
from events.problems import Collector, as_reported
from events.readers._compat import import_pyarrow
from events.readers.mapping import MappedEvents
from events.schema import (
    COLUMNS,
    DATE_PRECISIONS,
    EARLIEST_DATE,
    KINDS,
    LOCATION_PRECISIONS,
    MAX_VALUE_CHARACTERS,
    MULTI_VALUED,
    OUTPUT_COLUMNS,
    SHOWN_CHARACTERS,
    STATUSES,
    Problem,
)

_TIME_PATTERN = r"^(?:[01]\d|2[0-3]):[0-5]\d[+-](?:0\d|1[0-4]):[0-5]\d$"
_COORDINATES = ("lat", "lon")
_VOCABULARIES = {
    "date_precision": DATE_PRECISIONS,
    "kind": KINDS,
    "status": STATUSES,
    "location_precision": LOCATION_PRECISIONS,
}


@functools.lru_cache(maxsize=1)
def _gazetteer() -> pd.DataFrame:
    """Gazetteer coordinates and display names, indexed by place id."""
    import geodata

    places = geodata.load_places()
    # The record's texts name places in the English order ("Stepanakert/Khankendi").
    display = [geodata.place_label(place) for place in places["id"]]
    return pd.DataFrame(
        {
            "lat": places.geometry.y.to_numpy(),
            "lon": places.geometry.x.to_numpy(),
            "place_name": display,
        },
        index=places["id"].astype(str).to_numpy(),
    )


def _check_ids(frame: pd.DataFrame, found: Collector) -> None:
    ids = frame["id"]
    found.add(ids.eq(""), "id", "missing id: every event needs a unique id")
    repeated = _seen_before(ids) & ids.ne("").to_numpy(dtype=bool)
    if repeated.any():
        firsts = ~ids.duplicated(keep="first")
        first_rows = pd.Series(frame.index[firsts], index=ids[firsts].to_numpy())
        first = ids.map(first_rows).fillna(0).astype(int).astype(str)
        found.add(
            repeated,
            "id",
            "duplicate id {value}",
            "'" + ids + "' (first used in row " + first + ")",
        )


def _seen_before(values: pd.Series) -> np.ndarray:
    """Whether each value occurs in an earlier row (``duplicated(keep="first")``).

    Found by a stable sort, in which a repeated value follows its first occurrence: a hash
    of every distinct text (what ``duplicated`` builds) costs eight times the column.
    """
    pa, pc, _ = import_pyarrow()
    text = pa.array(values)
    order = pc.sort_indices(text)
    ordered = pc.take(text, order)
    same = pc.equal(ordered[1:], ordered[:-1]).to_numpy(zero_copy_only=False)
    seen = np.zeros(len(values), dtype=bool)
    seen[order.to_numpy()[1:][same]] = True
    return seen


def _check_dates(frame: pd.DataFrame, mapped: MappedEvents, found: Collector) -> pd.Series:
    period = mapped.period or (EARLIEST_DATE, dt.date.today())
    text = frame["date"]
    dates = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    found.add(text.eq(""), "date", f"missing date: write it as {mapped.date_layouts}")
    found.add(
        dates.isna() & text.ne(""),
        "date",
        f"unparseable date {{value!r}}: write it as {mapped.date_layouts}",
        text,
    )
    start, end = (pd.Timestamp(day) for day in period)
    outside = dates.notna() & ((dates < start) | (dates > end))
    found.add(
        outside,
        "date",
        f"date {{value}} is outside the accepted range {period[0]} to {period[1]}",
        text,
    )
    time = frame["time"]
    bad_time = time.ne("") & ~time.str.match(_TIME_PATTERN)
    found.add(
        bad_time,
        "time",
        "time {value!r} is not HH:MM with an offset, e.g. 14:30+04:00",
        time,
    )
    return dates


def _check_vocabularies(frame: pd.DataFrame, found: Collector) -> None:
    for column, allowed in _VOCABULARIES.items():
        values = frame[column]
        choices = ", ".join(allowed)
        found.add(values.eq(""), column, f"missing {column}: use one of {choices}")
        unknown = values.ne("") & ~values.isin(allowed)
        found.add(unknown, column, f"unknown {column} {{value!r}}: use one of {choices}", values)
    found.add(frame["title"].eq(""), "title", "missing title")


def _coordinate(
    frame: pd.DataFrame, column: str, limit: float, found: Collector
) -> tuple[pd.Series, pd.Series]:
    """Return the coordinate in ``column`` (NaN where missing or bad) and whether given.

    The column holds text, or numbers where the reader had them (as text they would cost
    three times as much, only to be parsed back here).
    """
    given = frame[column]
    if pd.api.types.is_numeric_dtype(given):
        values = given.astype(float)
        is_given = values.notna()
    else:
        values = pd.to_numeric(given, errors="coerce")
        is_given = given.ne("")
        found.add(values.isna() & is_given, column, f"{column} {{value!r}} is not a number", given)
    outside = values.notna() & ((values < -limit) | (values > limit) | ~np.isfinite(values))
    found.add(outside, column, f"{column} {{value}} is outside -{limit:g} to {limit:g}", given)
    return values.where(~outside), is_given


def _check_places(frame: pd.DataFrame, mapped: MappedEvents, found: Collector) -> pd.DataFrame:
    """Resolve coordinates (explicit lat/lon first, else the gazetteer) and place names.

    Our CSV takes either a place or coordinates, as the codebook says; other formats may
    name a place beside their own coordinates, which then win.
    """
    lat, lat_given = _coordinate(frame, "lat", 90, found)
    lon, lon_given = _coordinate(frame, "lon", 180, found)
    found.add(lat_given & ~lon_given, "lon", "missing lon (lat is given): give both or neither")
    found.add(lon_given & ~lat_given, "lat", "missing lat (lon is given): give both or neither")
    place = frame["place"]
    named = place.ne("")
    place_name = frame["place_name"].copy()
    if named.any():
        gazetteer = _gazetteer()
        known = place.isin(gazetteer.index)
        found.add(
            named & ~known,
            "place",
            "unknown place id {value!r}: use an id from geodata/data/places.csv,"
            " or leave place empty and give lat/lon",
            place,
        )
        if mapped.strict:
            found.add(
                named & (lat_given | lon_given),
                "lat",
                "lat/lon given with a place: leave them empty, the gazetteer gives the place's"
                " coordinates (or leave place empty to use lat/lon)",
            )
        resolved = named & known
        from_gazetteer = resolved & ~(lat_given & lon_given)
        lat = lat.where(~from_gazetteer, place.map(gazetteer["lat"]))
        lon = lon.where(~from_gazetteer, place.map(gazetteer["lon"]))
        place_name = place_name.where(~resolved, place.map(gazetteer["place_name"]))
    found.add(
        ~named & ~lat_given & ~lon_given,
        "place",
        "no place and no lat/lon: give a gazetteer id in place, or both lat and lon",
    )
    return pd.DataFrame({"lat": lat, "lon": lon, "place_name": place_name.fillna("")})


def _check_fatalities(frame: pd.DataFrame, found: Collector) -> pd.Series:
    text = frame["fatalities"]
    values = pd.to_numeric(text, errors="coerce")
    bad = text.ne("") & (values.isna() | (values < 0) | (values % 1 != 0))
    found.add(bad, "fatalities", "fatalities {value!r} is not a whole number >= 0", text)
    found.add(
        text.ne("") & frame["fatalities_source"].eq(""),
        "fatalities_source",
        "fatalities given without fatalities_source: say which source reports the figure",
    )
    return values.where(~bad)


def _stripped(values: pd.Series) -> pd.Series:
    """Strip the text of a column, copying it only when some value has space at an end."""
    ends = values.str[:1].str.isspace() | values.str[-1:].str.isspace()
    return values.str.strip() if ends.any() else values


def _drop_long_values(frame: pd.DataFrame, found: Collector) -> set[tuple[int, str]]:
    """Report and empty every value over :data:`MAX_VALUE_CHARACTERS`; return their cells.

    A megabyte in one cell is no event data; checking it would copy it several times, so
    its row is rejected here, quoting only its start, and the checks see an empty cell.
    """
    too_long: set[tuple[int, str]] = set()
    for column in frame.columns:
        values = frame[column]
        if not pd.api.types.is_string_dtype(values):
            continue  # coordinates given as numbers
        lengths = values.str.len()
        long = lengths.gt(MAX_VALUE_CHARACTERS).to_numpy(dtype=bool)
        if not long.any():
            continue
        rows = frame.index[long]
        starts = values[long].str.slice(0, SHOWN_CHARACTERS).to_numpy(dtype=object)
        found.problems.extend(
            Problem(
                int(row),
                column,
                f"value {start + '…'!r} ({length:,} characters) is over the limit of"
                f" {MAX_VALUE_CHARACTERS:,} characters a field: shorten it, or split it into"
                " several values",
            )
            for row, start, length in zip(rows, starts, lengths[long], strict=True)
        )
        frame[column] = values.mask(long, "")
        too_long.update((int(row), column) for row in rows)
    return too_long


def _kept_in_order(frame: pd.DataFrame, dates: pd.Series, rejected: np.ndarray) -> np.ndarray:
    """Positions of the rows kept, sorted by date, time and id (ties in file order).

    The rows are then taken once, in this order: selecting and then sorting would hold two
    copies of every column at once, the largest allocation of a read.
    """
    pa, pc, _ = import_pyarrow()
    kept = np.flatnonzero(~rejected)
    every_row = len(kept) == len(rejected)

    def key(values: pd.Series | np.ndarray) -> pa.Array | pa.ChunkedArray:
        column = pa.array(values)
        return column if every_row else pc.take(column, kept)  # no copy when none rejected

    # Arrow sorts the text itself (stably): no Python string, and no hash of every value
    keys = pa.table(
        {"date": key(dates.to_numpy()), "time": key(frame["time"]), "id": key(frame["id"])}
    )
    order = pc.sort_indices(keys, sort_keys=[(key, "ascending") for key in keys.column_names])
    return kept[order.to_numpy()]


def finalise(mapped: MappedEvents, origin: str) -> tuple[gpd.GeoDataFrame, list[Problem]]:
    """Check every row and build the GeoDataFrame of the rows without problems.

    Parameters
    ----------
    mapped
        The reader's output.
    origin
        Written to the ``origin`` column ("curated" or the uploaded file's name), so events
        from several files can be told apart after they are combined.

    Returns
    -------
    tuple
        The events (EPSG:4326, sorted by date, time and id) and every problem found, sorted
        by row. Rows with a problem are not in the GeoDataFrame.

    Notes
    -----
    ``mapped.frame`` is emptied (no rows, no columns) once the rows are checked, so
    that the reader's text and the events are not held whole at the same time: count the
    rows read before calling.
    """
    # columns are replaced, never changed in place: a shallow copy shares the reader's data
    frame = mapped.frame.copy(deep=False)
    # the columns a file lacks share one empty column: each would cost 8 bytes a row
    empty = pd.Series("", index=frame.index, dtype=str)
    for column in (*COLUMNS, "place_name"):
        if column not in frame:
            frame[column] = empty
    for column in frame.columns:
        values = frame[column]
        if column in _COORDINATES and pd.api.types.is_numeric_dtype(values):
            continue  # coordinates a reader gives as numbers (GeoJSON) stay numbers
        if not pd.api.types.is_string_dtype(values):
            # other numbers become text, empty where missing
            values = values.astype(object).where(values.notna(), "")
        frame[column] = values.fillna("").astype(str)
    found = Collector(frame.index)
    found.problems.extend(mapped.problems)
    too_long = _drop_long_values(frame, found)
    reported = len(found.problems)
    # Multi-valued columns are stripped item by item when split; descriptions stay as written.
    for column in frame.columns.difference(["description", *MULTI_VALUED]):
        if pd.api.types.is_string_dtype(frame[column]):
            frame[column] = _stripped(frame[column])
    _check_ids(frame, found)
    dates = _check_dates(frame, mapped, found)
    _check_vocabularies(frame, found)
    located = _check_places(frame, mapped, found)
    lists = check_lists(frame, mapped, found)
    fatalities = _check_fatalities(frame, found)

    if too_long:
        # an emptied value would also be reported as missing: its length is the problem
        found.problems[reported:] = [
            problem
            for problem in found.problems[reported:]
            if (problem.row, problem.column) not in too_long
        ]
    rejected = frame.index.isin({problem.row for problem in found.problems})
    rows = _kept_in_order(frame, dates, rejected)
    columns = {
        "id": frame["id"],
        "date": dates,
        "time": frame["time"],
        "date_precision": frame["date_precision"],
        "title": frame["title"],
        "description": frame["description"],
        "kind": frame["kind"],
        "place": frame["place"],
        "place_name": located["place_name"],
        "location_precision": frame["location_precision"],
        "status": frame["status"],
        "claimed_by": lists["claimed_by"],
        "denied_by": lists["denied_by"],
        "actors": lists["actors"],
        "fatalities": fatalities.astype(float),
        "fatalities_source": frame["fatalities_source"],
        "sources": lists["sources"],
    }
    lon, lat = located["lon"].to_numpy()[rows], located["lat"].to_numpy()[rows]
    del frame, lists, located, dates, fatalities
    # The reader's columns go too (its row count stays in the report): each checked column is
    # then the last holder of its data, let go of as soon as its rows are taken.
    # (not a slice: a slice of an Arrow column keeps the whole column's buffers)
    mapped.frame = pd.DataFrame(index=mapped.frame.index[:0])
    # Each column is taken in order and let go of before the next: the kept rows are copied
    # once, and the checked columns and the events are never held whole at the same time.
    taken = {}
    no_text = pd.Series("", index=pd.RangeIndex(len(rows)), dtype=str)
    for column in list(columns):
        values = columns.pop(column)
        if pd.api.types.is_string_dtype(values) and not values.str.len().any():
            taken[column] = no_text  # shared: pandas copies a column before changing it
            continue
        taken[column] = values.take(rows).reset_index(drop=True)
    taken["origin"] = origin
    # the points last: a shapely point costs more than the text of a row
    geometry = gpd.points_from_xy(lon, lat)
    # copy=False: geopandas copies a plain DataFrame given to it unless told not to
    events = gpd.GeoDataFrame(
        pd.DataFrame(taken, copy=False), geometry=geometry, crs="EPSG:4326", copy=False
    )
    problems = as_reported(found.problems, mapped)
    # Plain object labels: geopandas slices frames with pyarrow-string labels twice as slowly.
    events.columns = pd.Index(OUTPUT_COLUMNS, dtype=object)
    return events, problems
