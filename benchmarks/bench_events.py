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


def _load_seconds(path: Path, repeat: int = LOAD_REPEAT) -> list[float]:
    from events.loader import read_events

    samples = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        _, report = read_events(path)
        samples.append(time.perf_counter() - start)
        if report.rows_kept != EVENT_COUNT:
            raise RuntimeError(f"{path.name}: {report.rows_kept} rows kept, not {EVENT_COUNT}")
    return samples


def _bare_read_seconds(path: Path, repeat: int = LOAD_REPEAT) -> list[float]:
    samples = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        pd.read_csv(path, dtype=str, keep_default_na=False)
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
