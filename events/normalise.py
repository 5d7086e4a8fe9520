"""Check rows already mapped to our schema and turn the good ones into a GeoDataFrame."""

from __future__ import annotations

import datetime as dt
import functools
import itertools

import geopandas as gpd
import numpy as np
import pandas as pd

from events.problems import Collector, as_reported
from events.readers.mapping import MappedEvents
from events.schema import (
    ACTORS,
    COLUMNS,
    DATE_PRECISIONS,
    EARLIEST_DATE,
    KINDS,
    LOCATION_PRECISIONS,
    MULTI_VALUED,
    OUTPUT_COLUMNS,
    STATUSES,
    Problem,
)

_TIME_PATTERN = r"^(?:[01]\d|2[0-3]):[0-5]\d[+-](?:0\d|1[0-4]):[0-5]\d$"
_URL_PATTERN = r"^https?://[^\s/?#]+\.[^\s/?#]+\S*$"
#: Sources may be outlet names in external formats, but never links of another scheme.
_UNSAFE_LINK_PATTERN = r"(?i)^\s*(?:javascript|data|vbscript|file|ftp):"
_VOCABULARIES = {
    "date_precision": DATE_PRECISIONS,
    "kind": KINDS,
    "status": STATUSES,
    "location_precision": LOCATION_PRECISIONS,
}


def split_multi(values: pd.Series) -> pd.Series:
    """Split `` | ``-separated text into lists of stripped, non-empty strings.

    Rows holding the same text share one list object; treat the lists as read-only.
    """
    # Split each distinct text once: event files repeat the same actors and outlets a lot.
    # Python strings first: factorising Arrow text would copy every distinct value once more
    # before the loop below makes the Python strings anyway.
    codes, distinct = pd.factorize(values.astype(str).to_numpy(dtype=object), use_na_sentinel=False)
    parsed = np.empty(len(distinct), dtype=object)
    for position, text in enumerate(distinct):
        if "|" not in text:
            # one value: strip() returns the text itself when there is nothing to strip
            parsed[position] = [value] if (value := text.strip()) else []
            continue
        parsed[position] = [item.strip() for item in text.split("|") if item.strip()]
    # Rows with the same text share one list: the lists are read-only values.
    return pd.Series(parsed[codes], index=values.index, dtype=object)


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
    repeated = ids.duplicated(keep="first") & ids.ne("")
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


def _coordinate(frame: pd.DataFrame, column: str, limit: float, found: Collector) -> pd.Series:
    text = frame[column]
    values = pd.to_numeric(text, errors="coerce")
    found.add(values.isna() & text.ne(""), column, f"{column} {{value!r}} is not a number", text)
    outside = values.notna() & ((values < -limit) | (values > limit) | ~np.isfinite(values))
    found.add(outside, column, f"{column} {{value}} is outside -{limit:g} to {limit:g}", text)
    return values.where(~outside)


def _check_places(frame: pd.DataFrame, mapped: MappedEvents, found: Collector) -> pd.DataFrame:
    """Resolve coordinates (explicit lat/lon first, else the gazetteer) and place names.

    Our CSV takes either a place or coordinates, as the codebook says; other formats may
    name a place beside their own coordinates, which then win.
    """
    lat = _coordinate(frame, "lat", 90, found)
    lon = _coordinate(frame, "lon", 180, found)
    lat_given, lon_given = frame["lat"].ne(""), frame["lon"].ne("")
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


def _explode(lists: pd.Series) -> pd.Series:
    """One row per item of each list, indexed by its row, holding the same string objects.

    ``Series.explode`` would turn the items into a new Arrow text column: a copy of every
    value, which for a file of 1 MB values is the largest allocation of the whole read.
    """
    lengths = np.fromiter((len(items) for items in lists), dtype=np.int64, count=len(lists))
    items = np.empty(int(lengths.sum()), dtype=object)
    items[:] = list(itertools.chain.from_iterable(lists))
    return pd.Series(items, index=np.repeat(lists.index.to_numpy(), lengths), dtype=object)


def _check_lists(
    frame: pd.DataFrame, mapped: MappedEvents, found: Collector
) -> dict[str, pd.Series]:
    lists = {column: split_multi(frame[column]) for column in MULTI_VALUED}
    found.add(
        lists["sources"].str.len().eq(0),
        "sources",
        "missing source: give at least one source"
        + (" URL (http or https)" if mapped.url_sources else ""),
    )
    exploded = _explode(lists["sources"])
    distinct = pd.Series(exploded.unique(), dtype=object)
    if mapped.url_sources:
        valid = set(distinct[distinct.str.match(_URL_PATTERN)])
    else:
        valid = set(distinct[~distinct.str.match(_UNSAFE_LINK_PATTERN)])
    if len(valid) < len(distinct):
        bad = exploded[~exploded.isin(valid)]
        first_bad = bad[~bad.index.duplicated()]
        mask = frame.index.isin(first_bad.index)
        found.add(
            mask,
            "sources",
            "source {value!r} is not an http(s) URL",
            first_bad.reindex(frame.index),
        )
    if mapped.actor_vocabulary:
        exploded = _explode(lists["actors"])
        bad = exploded[~exploded.isin(ACTORS)]
        first_bad = bad[~bad.index.duplicated()]
        found.add(
            frame.index.isin(first_bad.index),
            "actors",
            "unknown actor {value!r}: use one of "
            + ", ".join(ACTORS)
            + " (or add the name to ACTORS in events/schema.py)",
            first_bad.reindex(frame.index),
        )
    no_claimant = lists["claimed_by"].str.len().eq(0)
    found.add(
        frame["status"].eq("claimed") & no_claimant,
        "claimed_by",
        "status claimed needs claimed_by: who made the claim",
    )
    found.add(
        frame["status"].eq("disputed") & no_claimant & lists["denied_by"].str.len().eq(0),
        "claimed_by",
        "status disputed needs claimed_by or denied_by: whose accounts contradict each other",
    )
    return lists


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


def _kept_in_order(frame: pd.DataFrame, dates: pd.Series, rejected: np.ndarray) -> np.ndarray:
    """Positions of the rows kept, sorted by date, time and id (ties in file order).

    The rows are then taken once, in this order: selecting and then sorting would hold two
    copies of every column at once, the largest allocation of a read.
    """
    kept = np.flatnonzero(~rejected)
    # codes in each column's sort order: no Python string is made for the sort
    codes = [
        pd.factorize(column.iloc[kept], sort=True, use_na_sentinel=False)[0]
        for column in (frame["id"], frame["time"], dates)
    ]
    order = np.lexsort(codes)  # stable; the last key sorts first
    return kept[order]


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
    """
    # columns are replaced, never changed in place: a shallow copy shares the reader's data
    frame = mapped.frame.copy(deep=False)
    for column in (*COLUMNS, "place_name"):
        if column not in frame:
            frame[column] = ""
    for column in frame.columns:
        # readers may hand over numbers (GeoJSON coordinates): empty text where missing
        if not pd.api.types.is_string_dtype(frame[column]):
            values = frame[column]
            frame[column] = values.astype(object).where(values.notna(), "")
    frame = frame.fillna("").astype(str)
    # Multi-valued columns are stripped item by item when split; descriptions stay as written.
    for column in frame.columns.difference(["description", *MULTI_VALUED]):
        frame[column] = _stripped(frame[column])
    found = Collector(frame.index)
    found.problems.extend(mapped.problems)
    _check_ids(frame, found)
    dates = _check_dates(frame, mapped, found)
    _check_vocabularies(frame, found)
    located = _check_places(frame, mapped, found)
    lists = _check_lists(frame, mapped, found)
    fatalities = _check_fatalities(frame, found)

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
    geometry = gpd.points_from_xy(located["lon"].to_numpy()[rows], located["lat"].to_numpy()[rows])
    del frame, lists, located, dates, fatalities
    # Each column is taken in order and let go of before the next: the kept rows are copied
    # once, and the checked columns and the events are never held whole at the same time.
    taken = {}
    for column in list(columns):
        taken[column] = columns.pop(column).take(rows).reset_index(drop=True)
    taken["origin"] = origin
    events = gpd.GeoDataFrame(pd.DataFrame(taken, copy=False), geometry=geometry, crs="EPSG:4326")
    problems = as_reported(found.problems, mapped)
    # Plain object labels: geopandas slices frames with pyarrow-string labels twice as slowly.
    events.columns = pd.Index(OUTPUT_COLUMNS, dtype=object)
    return events, problems
