"""Event figures: date queries on 100,000 events and loading 100,000 events in each CSV format."""

from __future__ import annotations

import functools
import gc
import json
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from benchmarks.harness import Measurement, benchmark, time_ms

EVENT_COUNT = 100_000
QUERY_TARGET_MS = 2.0
LOAD_TARGET_S = 3.0
#: Loads are repeated 5 times: on a shared machine single runs vary by a factor of 2 or more.
LOAD_REPEAT = 5
# Removed when the interpreter exits.
_TEMPORARY = tempfile.TemporaryDirectory(prefix="bench-events-")
_FOLDER = Path(_TEMPORARY.name)
_DAYS = pd.date_range("2020-09-27", "2020-12-01", freq="D")
_QUERY_DAYS = [day.date() for day in _DAYS[::3]]


def _pick(rng: np.random.Generator, choices: list[str], count: int) -> np.ndarray:
    return np.asarray(choices, dtype=object)[rng.integers(0, len(choices), count)]


@functools.cache
def _columns() -> dict[str, np.ndarray]:
    """Shared synthetic values: dates, coordinates, kinds, outlets, actors (seeded, varied)."""
    rng = np.random.default_rng(2020)
    count = EVENT_COUNT
    outlets = [f"https://news{number}.example.org/story/{number * 7}" for number in range(400)]
    first, second = _pick(rng, outlets, count), _pick(rng, outlets, count)
    return {
        "number": np.arange(count),
        "date": _DAYS[rng.integers(0, len(_DAYS), count)].strftime("%Y-%m-%d").to_numpy(),
        "lat": np.round(39.0 + rng.random(count) * 1.8, 5).astype(str),
        "lon": np.round(45.8 + rng.random(count) * 2.2, 5).astype(str),
        "kind": _pick(rng, ["fighting", "capture", "strike", "humanitarian"], count),
        "sources": np.where(rng.random(count) < 0.5, first, first + " | " + second),
        "actors": _pick(
            rng, ["Azerbaijan | Armenia", "Azerbaijan | Artsakh", "Armenia", "Azerbaijan"], count
        ),
        "fatalities": rng.integers(0, 20, count).astype(str),
    }


@functools.cache
def _our_csv() -> Path:
    values = _columns()
    count = EVENT_COUNT
    frame = pd.DataFrame(
        {
            "id": [f"syn-{number:06d}" for number in values["number"]],
            "date": values["date"],
            "time": "",
            "date_precision": "day",
            "title": [f"Synthetic event {number}" for number in values["number"]],
            "description": "A synthetic event for the benchmark.",
            "kind": values["kind"],
            "place": "",
            "lat": values["lat"],
            "lon": values["lon"],
            "location_precision": "town",
            "status": "claimed",
            "claimed_by": values["actors"],
            "denied_by": "",
            "actors": values["actors"],
            "fatalities": values["fatalities"],
            "fatalities_source": values["sources"],
            "sources": values["sources"],
        },
        index=range(count),
    )
    path = _FOLDER / "ours.csv"
    frame.to_csv(path, index=False)
    return path


@functools.cache
def _acled_csv() -> Path:
    values = _columns()
    dates = pd.to_datetime(values["date"]).strftime("%d %B %Y")
    frame = pd.DataFrame(
        {
            "event_id_cnty": [f"SYN{number}" for number in values["number"]],
            "event_date": dates,
            "year": "2020",
            "time_precision": "1",
            "disorder_type": "Political violence",
            "event_type": "Explosions/Remote violence",
            "sub_event_type": "Shelling/artillery/missile attack",
            "actor1": "Synthetic Forces A",
            "assoc_actor_1": "",
            "inter1": "State forces",
            "actor2": "Civilians (Synthetic)",
            "assoc_actor_2": "",
            "inter2": "Civilians",
            "interaction": "State forces-Civilians",
            "civilian_targeting": "Civilian targeting",
            "country": "Synthetic",
            "location": [f"Place {number % 900}" for number in values["number"]],
            "latitude": values["lat"],
            "longitude": values["lon"],
            "geo_precision": "1",
            "source": "Outlet One; Outlet Two",
            "notes": [f"Synthetic note {number}." for number in values["number"]],
            "fatalities": values["fatalities"],
            "tags": "",
        }
    )
    path = _FOLDER / "acled.csv"
    frame.to_csv(path, index=False)
    return path


@functools.cache
def _ucdp_csv() -> Path:
    from events.readers.detect import UCDP_COLUMNS

    values = _columns()
    frame = pd.DataFrame({column: "" for column in UCDP_COLUMNS}, index=range(EVENT_COUNT))
    frame["id"] = values["number"] + 1
    frame["type_of_violence"] = np.where(values["number"] % 3 == 0, "3", "1")
    frame["dyad_name"] = "Synthetic side A - Synthetic side B"
    frame["side_a"], frame["side_b"] = "Synthetic side A", "Synthetic side B"
    frame["source_article"] = "Outlet One,2020-10-05,Synthetic headline"
    frame["source_office"] = "Outlet One;Outlet Two"
    frame["where_prec"], frame["date_prec"] = "2", "1"
    frame["where_coordinates"] = [f"Place {number % 900}" for number in values["number"]]
    frame["latitude"], frame["longitude"] = values["lat"], values["lon"]
    frame["date_start"] = values["date"] + " 00:00:00.000"
    frame["date_end"] = frame["date_start"]
    frame["best"], frame["low"], frame["high"] = values["fatalities"], "0", "30"
    path = _FOLDER / "ged.csv"
    frame.to_csv(path, index=False, header=False)
    return path


@functools.cache
def _geojson() -> Path:
    values = _columns()
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
            "properties": {
                "id": f"syn-{number}",
                "date": date,
                "title": f"Synthetic event {number}",
                "kind": kind,
                "status": "confirmed",
                "actors": actors.split(" | "),
                "fatalities": int(fatalities),
                "fatalities_source": sources.split(" | ")[0],
                "sources": sources.split(" | "),
            },
        }
        for number, date, lat, lon, kind, actors, fatalities, sources in zip(
            values["number"],
            values["date"],
            values["lat"],
            values["lon"],
            values["kind"],
            values["actors"],
            values["fatalities"],
            values["sources"],
            strict=True,
        )
    ]
    path = _FOLDER / "events.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


@functools.cache
def _index():
    import events

    return events.EventIndex(events.load_events(_our_csv()))


def _query_measurement(query: str) -> Measurement:
    index = _index()
    frame = index.events
    dates = frame["date"]

    def indexed() -> None:
        for day in _QUERY_DAYS:
            if query == "between":
                index.between(day, day + pd.Timedelta(days=6))
            else:
                getattr(index, query)(day)

    def scanned() -> None:
        for day in _QUERY_DAYS:
            stamp = pd.Timestamp(day)
            if query == "on":
                frame[dates == stamp]
            elif query == "until":
                frame[dates <= stamp]
            else:
                frame[(dates >= stamp) & (dates <= stamp + pd.Timedelta(days=6))]

    per_call = len(_QUERY_DAYS)
    return Measurement(
        samples=[sample / per_call for sample in time_ms(indexed, repeat=9)],
        baseline=[sample / per_call for sample in time_ms(scanned, repeat=5)],
        baseline_label="boolean mask over every row",
        target=QUERY_TARGET_MS,
        note=f"{EVENT_COUNT:,} synthetic events; ms per query, over {per_call} days",
    )


@benchmark("events: EventIndex.on(day), 100k events", area="events")
def query_on() -> Measurement:
    return _query_measurement("on")


@benchmark("events: EventIndex.until(day), 100k events", area="events")
def query_until() -> Measurement:
    return _query_measurement("until")


@benchmark("events: EventIndex.between(7 days), 100k events", area="events")
def query_between() -> Measurement:
    return _query_measurement("between")


def _load_seconds(path: Path, repeat: int = LOAD_REPEAT, kept: int = EVENT_COUNT) -> list[float]:
    from events.loader import read_events

    samples = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        _, report = read_events(path)
        samples.append(time.perf_counter() - start)
        if report.rows_kept != kept:
            raise RuntimeError(f"{path.name}: {report.rows_kept} rows kept, not {kept}")
    return samples


def _bare_read_seconds(
    path: Path, repeat: int = LOAD_REPEAT, encoding: str = "utf-8"
) -> list[float]:
    samples = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)
        samples.append(time.perf_counter() - start)
    return samples


def _csv_load(path: Path, note: str) -> Measurement:
    """Load time of a CSV event file against reading the same file with pandas alone."""
    return Measurement(
        samples=_load_seconds(path),
        unit="s",
        baseline=_bare_read_seconds(path),
        baseline_label="pandas.read_csv alone",
        target=LOAD_TARGET_S,
        note=note,
    )


@benchmark("events: load 100k events, our CSV", area="events")
def load_ours() -> Measurement:
    return _csv_load(
        _our_csv(), "detect, parse, validate every field, build points (events.loader.read_events)"
    )


@benchmark("events: load 100k events, ACLED CSV", area="events")
def load_acled() -> Measurement:
    return _csv_load(
        _acled_csv(), "2023 layout, dates as '31 December 2020', labels for inter1/inter2"
    )


@benchmark("events: load 100k events, UCDP GED without header", area="events")
def load_ucdp() -> Measurement:
    return _csv_load(_ucdp_csv(), "49 columns, GED 20.1+ order")


@benchmark("events: load 100k events, GeoJSON", area="events")
def load_geojson() -> Measurement:
    path = _geojson()
    baseline = []
    for _ in range(LOAD_REPEAT):
        gc.collect()
        start = time.perf_counter()
        json.loads(path.read_text())
        baseline.append(time.perf_counter() - start)
    return Measurement(
        samples=_load_seconds(path),
        unit="s",
        baseline=baseline,
        baseline_label="json.loads alone",
        target=LOAD_TARGET_S,
        note=f"{path.stat().st_size / 2**20:.0f} MB FeatureCollection of points",
    )


@benchmark("events: upload 100k ACLED rows to a drawn page", area="events")
def upload_to_page() -> Measurement:
    import sys

    from streamlit.testing.v1 import AppTest

    app_path = str(Path(__file__).resolve().parents[1] / "dashboard" / "app.py")
    data = _acled_csv().read_bytes()
    samples, baseline = [], []
    arguments = sys.argv
    sys.argv = [app_path]  # the page reads its own options from the command line
    try:
        for _ in range(3):
            app = AppTest.from_file(app_path, default_timeout=600)
            app.query_params["date"] = "2020-10-04"
            start = time.perf_counter()
            app.run()
            baseline.append(time.perf_counter() - start)
            app.file_uploader(key="upload_file").set_value(("acled.csv", data, "text/csv"))
            start = time.perf_counter()
            app.run()
            samples.append(time.perf_counter() - start)
            if app.exception or not app.success:
                raise RuntimeError("the upload did not load: " + str(app.exception))
    finally:
        sys.argv = arguments
    return Measurement(
        samples=samples,
        unit="s",
        baseline=baseline,
        baseline_label="a run of the page without upload (warm caches)",
        note="AppTest run after the upload: read, check, render popups, draw the day",
    )


# --- the variants analysts' files come in (issue 17): 100,000 rows of each ------------------

#: Variant loads are repeated 3 times: there are many of them and each runs about a second.
VARIANT_REPEAT = 3


@functools.cache
def _acled_uppercase_monadic() -> Path:
    """ACLED before 2019 as HDX serves it: UPPERCASE, monadic, HXL row, Excel dates, cp1252."""
    values = _columns()
    events_count = EVENT_COUNT // 2
    numbers = np.repeat(np.arange(events_count), 2)
    dates = pd.to_datetime(values["date"][::2]).strftime("%-d-%b-%y").to_numpy()
    frame = pd.DataFrame(
        {
            "GWNO": "373",
            "EVENT_ID_CNTY": [f"AZE{number}" for number in numbers],
            "EVENT_DATE": np.repeat(dates, 2),
            "EVENT_TYPE": "Battle-No change of territory",
            "ACTOR1": np.tile(["Synthetic Forces A", "Synthetic Forces B"], events_count),
            "ALLY_ACTOR_1": "",
            "INTER1": "State forces",
            "LOCATION": [f"Tärtär {number % 900}" for number in numbers],
            "LATITUDE": np.repeat(values["lat"][::2], 2),
            "LONGITUDE": np.repeat(values["lon"][::2], 2),
            "GEO_PRECISION": "1",
            "SOURCE": "Outlet One",
            "NOTES": "Synthetic note,\nover two lines.",
            "FATALITIES": "0",
        }
    )
    hashtags = pd.DataFrame([{column: f"#{column.lower()}" for column in frame}])
    path = _FOLDER / "acled_old_monadic.csv"
    pd.concat([hashtags, frame]).to_csv(path, index=False, encoding="cp1252")
    return path


@functools.cache
def _ucdp_after_excel() -> Path:
    """UCDP GED re-saved by Excel: US month-first dates, two clock styles in one column."""
    values = _columns()
    stamps = pd.to_datetime(values["date"])
    long_form = stamps.strftime("%-m/%-d/%Y 12:00:00 AM").to_numpy()
    short_form = stamps.strftime("%m/%d/%Y 00:00").to_numpy()
    dates = np.where(values["number"] % 2 == 0, long_form, short_form)
    frame = pd.DataFrame(
        {
            "id": values["number"] + 1,
            "date_start": dates,
            "date_end": dates,
            "type_of_violence": "1",
            "where_prec": "1",
            "side_a": "Synthetic side A",
            "side_b": "Synthetic side B",
            "latitude": values["lat"],
            "longitude": values["lon"],
            "where_coordinates": [f"Place {number % 900}" for number in values["number"]],
            "source_office": np.where(values["number"] % 5 == 0, "", "Outlet One"),
            "event_clarity": np.where(values["number"] % 4 == 0, "2", "1"),
            "best": values["fatalities"],
        }
    )
    path = _FOLDER / "ged_excel.csv"
    frame.to_csv(path, index=False)
    return path


@functools.cache
def _timemap_json() -> Path:
    values = _columns()
    records = [
        {
            "id": f"tm-{number}",
            "date": pd.Timestamp(date).strftime("%m/%d/%Y"),
            "latitude": lat,
            "longitude": lon,
            "location": f"Place {number % 900}",
            "description": f"Shelling reported near place {number % 900}.",
            "sources": [f"src-{number % 400}"],
        }
        for number, date, lat, lon in zip(
            values["number"], values["date"], values["lat"], values["lon"], strict=True
        )
    ]
    path = _FOLDER / "timemap.json"
    path.write_text(json.dumps(records))
    return path


@functools.cache
def _generic_csv() -> Path:
    values = _columns()
    frame = pd.DataFrame(
        {
            "date": values["date"],
            "lat": values["lat"],
            "lon": values["lon"],
            "text": [f"Drone strike reported near place {n % 900}." for n in values["number"]],
            "source": values["sources"],
        }
    )
    path = _FOLDER / "generic.csv"
    frame.to_csv(path)  # with pandas' index column, as analysts' notebooks write it
    return path


@functools.cache
def _plain_geojson() -> Path:
    """Points with a date-time and a name only: kinds, titles and sources come by default."""
    values = _columns()
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
            "properties": {"date": f"{date}T06:30:00+04:00", "name": f"Clash near {n % 900}"},
        }
        for n, date, lat, lon in zip(
            values["number"], values["date"], values["lat"], values["lon"], strict=True
        )
    ]
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
    path = _FOLDER / "plain.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "crs": crs, "features": features}))
    return path


def _json_seconds(path: Path, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        json.loads(path.read_text())
        samples.append(time.perf_counter() - start)
    return samples


def _variant_load(
    path: Path, note: str, kept: int = EVENT_COUNT, encoding: str = "utf-8"
) -> Measurement:
    """Load time of a variant, against parsing the same file alone (a load-independent ratio)."""
    is_json = path.suffix in (".json", ".geojson")
    return Measurement(
        samples=_load_seconds(path, repeat=VARIANT_REPEAT, kept=kept),
        unit="s",
        baseline=(
            _json_seconds(path, VARIANT_REPEAT)
            if is_json
            else _bare_read_seconds(path, repeat=VARIANT_REPEAT, encoding=encoding)
        ),
        baseline_label="json.loads alone" if is_json else "pandas.read_csv alone",
        target=LOAD_TARGET_S,
        note=f"{note}; {path.stat().st_size / 2**20:.0f} MB",
    )


@benchmark("events: load 100k rows, ACLED UPPERCASE monadic HDX cp1252", area="events")
def load_acled_old_monadic() -> Measurement:
    return _variant_load(
        _acled_uppercase_monadic(),
        "HXL row, '9-May-20' dates, two rows per event merged (50,000 events)",
        kept=EVENT_COUNT // 2,
        encoding="cp1252",
    )


@benchmark("events: load 100k rows, UCDP GED after Excel", area="events")
def load_ucdp_excel() -> Measurement:
    return _variant_load(_ucdp_after_excel(), "month-first dates in two clock styles, clarity")


@benchmark("events: load 100k records, TimeMap JSON", area="events")
def load_timemap() -> Measurement:
    return _variant_load(_timemap_json(), "coordinates as strings, sources as lists")


@benchmark("events: load 100k rows, generic CSV", area="events")
def load_generic() -> Measurement:
    return _variant_load(_generic_csv(), "index column, kinds from words")


@benchmark("events: load 100k features, GeoJSON without kind/title/source", area="events")
def load_plain_geojson() -> Measurement:
    return _variant_load(_plain_geojson(), "crs member, ISO date-times, defaults stated")


# --- peak memory of the worst inputs ----------------------------------------------------------

#: An upload may cost at most this many times its size in memory while it is read.
MEMORY_TARGET_RATIO = 4.0
_MEMORY_REPEAT = 3
_PEAK_GROWTH = """
import re, sys
from pathlib import Path
import events
from events.loader import read_events

def resident(field):
    status = Path("/proc/self/status").read_text()
    return int(re.search(field + r":\\s+(\\d+) kB", status).group(1)) * 1024

read_events(sys.argv[2])  # imports and caches first: only the read of the file is measured
Path("/proc/self/clear_refs").write_text("5")  # reset the peak (VmHWM) to the current size
before = resident("VmRSS")
try:
    read_events(sys.argv[1])
except events.EventDataError:
    pass
print(resident("VmHWM") - before)
"""


@functools.cache
def _deep_geojson() -> Path:
    """Write the finding's upload: 900-deep nesting in each of 20,000 features (38 MB)."""
    nested = "[" * 900 + "]" * 900
    feature = (
        '{"type":"Feature","geometry":{"type":"Point","coordinates":[46.7,39.8]},'
        f'"properties":{{"date":"2020-10-04","title":"t","x":{nested}}}}}'
    )
    path = _FOLDER / "deep.geojson"
    path.write_text(
        '{"type":"FeatureCollection","features":[' + ",".join([feature] * 20_000) + "]}"
    )
    return path


@functools.cache
def _array_flood() -> Path:
    """Millions of empty arrays under one feature: shallow, but each costs 56 bytes parsed."""
    flood = ",".join(["[]"] * 10_000_000)
    path = _FOLDER / "flood.geojson"
    path.write_text(
        '{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Point",'
        '"coordinates":[46.7,39.8]},"properties":{"date":"2020-10-04","x":[' + flood + "]}}]}"
    )
    return path


@functools.cache
def _long_urls() -> Path:
    """40 rows of our CSV each with a 1 MB source that is not a URL."""
    header = "id,date,time,date_precision,title,description,kind,place,lat,lon,"
    header += "location_precision,status,claimed_by,denied_by,actors,fatalities,"
    header += "fatalities_source,sources\n"
    rows = [
        f"u-{n},2020-10-04,,day,T,,strike,,39.8,46.7,town,confirmed,,,Armenia,,,"
        f"ftp://{'x' * 2**20}\n"
        for n in range(40)
    ]
    path = _FOLDER / "urls.csv"
    path.write_text(header + "".join(rows))
    return path


def _peak_ratio(path: Path, note: str) -> Measurement:
    import subprocess
    import sys

    small = _FOLDER / "small.csv"
    with _our_csv().open() as full:
        small.write_text(full.readline() + full.readline())
    size = path.stat().st_size
    samples = []
    for _ in range(_MEMORY_REPEAT):
        output = subprocess.run(
            [sys.executable, "-c", _PEAK_GROWTH, str(path), str(small)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        samples.append(float(output.strip().splitlines()[-1]) / size)
    return Measurement(
        samples=samples,
        unit="x size",
        target=MEMORY_TARGET_RATIO,
        note=f"{note}; {size / 2**20:.1f} MB file; peak resident growth (VmHWM) / file size",
    )


@benchmark("events: peak memory, 900-deep GeoJSON x 20,000 features", area="events")
def memory_deep() -> Measurement:
    return _peak_ratio(_deep_geojson(), "refused before parsing")


@benchmark("events: peak memory, 10 million empty JSON arrays", area="events")
def memory_flood() -> Measurement:
    return _peak_ratio(_array_flood(), "refused before parsing")


@benchmark("events: peak memory, 40 sources of 1 MB in our CSV", area="events")
def memory_long_urls() -> Measurement:
    return _peak_ratio(_long_urls(), "every row rejected, values cut in messages")


@benchmark("events: peak memory, 100k-feature GeoJSON (valid)", area="events")
def memory_valid_geojson() -> Measurement:
    return _peak_ratio(_geojson(), "a legitimate upload, for comparison")


@benchmark("events: peak memory, 100k-feature GeoJSON without kind/title/source", area="events")
def memory_plain_geojson() -> Measurement:
    return _peak_ratio(_plain_geojson(), "160 bytes a feature: the events are most of what is held")


@benchmark("events: peak memory, 100k-record TimeMap JSON", area="events")
def memory_timemap() -> Measurement:
    return _peak_ratio(_timemap_json(), "streamed like GeoJSON; 180 bytes a record")
