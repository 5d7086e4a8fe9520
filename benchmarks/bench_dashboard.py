"""Dashboard figures: slider step, server time of a rerun, page open, readers per replica."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from benchmarks.harness import Measurement, benchmark
from tests.support.appserver import launch_chromium, start_app, stop_app

ROOT = Path(__file__).resolve().parents[1]
BASELINE_APP = Path(__file__).resolve().parent / "dashboard_baseline_app.py"
STEPS = 10
START = dt.date(2020, 10, 5)
FRAME = 'iframe[title="streamlit_folium.st_folium"]'
# Event markers on the map (circle markers with a popup), whichever way they were added;
# markers tagged as drawn before the step do not count, and while any is left, nor the rest.
_EVENT_MARKERS_JS = """() => {
  const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  const w = frame && frame.contentWindow;
  if (!w || !w.map || !w.L) return null;
  let count = 0;
  for (const layer of Object.values(w.map._layers)) {
    if (layer instanceof w.L.CircleMarker && layer.feature && layer.feature.properties.popup) {
      if (layer.kdBefore) return -1;
      count += 1;
    }
  }
  return count;
}"""
_TAG_MARKERS_JS = """() => {
  const w = document.querySelector('iframe[title="streamlit_folium.st_folium"]').contentWindow;
  for (const layer of Object.values(w.map._layers)) layer.kdBefore = true;
}"""


def write_synthetic_events(path: Path, count: int, seed: int = 2020) -> Path:
    """Write ``count`` made-up events in our CSV schema, spread over the 44 days.

    The events lie at random within about 15 km of the gazetteer's places of the region;
    they exist only to measure speed, and their titles say so.
    """
    from events.schema import COLUMNS

    with (ROOT / "geodata" / "data" / "places.csv").open(encoding="utf-8") as handle:
        places = [
            place
            for place in csv.DictReader(handle)
            if 38 < float(place["lat"]) < 41 and 44 < float(place["lon"]) < 48
        ]
    rng = random.Random(seed)
    kinds = ("fighting", "capture", "strike", "ceasefire", "diplomacy", "humanitarian")
    rows = []
    for number in range(1, count + 1):
        place = rng.choice(places)
        status = rng.choice(("confirmed", "claimed", "disputed"))
        rows.append(
            {
                "id": f"synthetic-{number:06d}",
                "date": (dt.date(2020, 9, 27) + dt.timedelta(days=rng.randrange(44))).isoformat(),
                "time": "",
                "date_precision": "day",
                "title": f"Synthetic benchmark event {number}",
                "description": "Made-up event for performance measurement only.",
                "kind": rng.choice(kinds),
                "place": "",
                "lat": f"{float(place['lat']) + rng.uniform(-0.15, 0.15):.5f}",
                "lon": f"{float(place['lon']) + rng.uniform(-0.15, 0.15):.5f}",
                "location_precision": "exact",
                "status": status,
                "claimed_by": "Armenia" if status != "confirmed" else "",
                "denied_by": "Azerbaijan" if status == "disputed" else "",
                "actors": "Armenia | Azerbaijan",
                "fatalities": "",
                "fatalities_source": "",
                "sources": "https://example.org/synthetic",
            }
        )
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _expected_counts(events_path: Path | None, days: list[dt.date]) -> dict[dt.date, int]:
    import events
    from dashboard.state import ViewState, select_events

    record = events.load_events(events_path)
    return {day: len(select_events(record, ViewState(date=day))) for day in days}


@contextmanager
def _dashboard(events_path: Path | None) -> Iterator[str]:
    extra = ["--events", str(events_path)] if events_path else None
    url, proc = start_app(extra_args=extra, log_name="bench-dashboard")
    try:
        yield url
    finally:
        stop_app(proc)


@contextmanager
def _baseline(events_path: Path | None) -> Iterator[str]:
    """Start the baseline app from a folder whose static/ is the dashboard's (Leaflet)."""
    from dashboard.webmap import assets

    assets.ensure_vendor_assets()
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / BASELINE_APP.name
        shutil.copy(BASELINE_APP, script)
        (Path(folder) / "static").symlink_to(assets.STATIC_DIR)
        command = [
            sys.executable, "-m", "streamlit", "run", str(script), "--server.port", "{port}",
            "--server.enableStaticServing", "true", "--browser.gatherUsageStats", "false",
        ]  # fmt: skip
        if events_path:
            command += ["--", "--events", str(events_path)]
        url, proc = start_app(command=command, log_name="bench-baseline")
        try:
            yield url
        finally:
            stop_app(proc)


def _wait_for_markers(page: object, count: int) -> None:
    page.wait_for_function(f"({_EVENT_MARKERS_JS})() === {count}", timeout=60_000, polling=5)


def _open_ms(page: object, url: str, count: int) -> float:
    """Milliseconds from navigation to the day's markers drawn on the map."""
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_selector(FRAME, timeout=60_000)
    _wait_for_markers(page, count)
    return (time.perf_counter() - start) * 1000


# Resolves when the page's main thread has been idle twice in a row: nothing left to draw.
_IDLE_JS = """() => new Promise((done) => {
  const idle = (then) => requestIdleCallback(then, {timeout: 5000});
  idle(() => idle(() => done()));
})"""


class _Runs:
    """The script runs a page's server has started and finished, read off its WebSocket."""

    def __init__(self, page: object) -> None:
        self.started = self.finished = 0
        page.on("websocket", lambda socket: socket.on("framereceived", self._count))

    def _count(self, payload: bytes | str) -> None:
        # Run boundaries are small messages; the large ones (elements) need no parsing.
        if isinstance(payload, bytes) and len(payload) < 2048:
            from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

            kind = ForwardMsg.FromString(payload).WhichOneof("type")
            self.started += kind == "new_session"
            self.finished += kind == "script_finished"

    def settle(self, page: object) -> None:
        """Wait until every run has finished and the browser has drawn its result."""
        deadline = time.monotonic() + 60
        while not self.started or self.finished < self.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the page's script runs did not finish within 60 s")
            page.wait_for_timeout(10)
        page.evaluate(_IDLE_JS)


def _scrub_ms(url: str, counts: dict[dt.date, int]) -> list[float]:
    """Milliseconds from ArrowRight on the slider until the map shows the next day's markers.

    Each step starts from a page at rest (the previous rerun finished and drawn), so that a
    sample is one step, not the end of the one before.
    """
    days = sorted(counts)
    with launch_chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        runs = _Runs(page)
        _open_ms(page, f"{url}/?date={days[0].isoformat()}", counts[days[0]])
        samples = []
        for day in days[1:]:
            runs.settle(page)
            page.locator('input[type="range"][aria-label="Date"]').focus()
            page.evaluate(_TAG_MARKERS_JS)
            start = time.perf_counter()
            page.keyboard.press("ArrowRight")
            _wait_for_markers(page, counts[day])
            samples.append((time.perf_counter() - start) * 1000)
        return samples


def _slider_measurement(events_path: Path | None, target: float, note: str) -> Measurement:
    days = [START + dt.timedelta(days=step) for step in range(STEPS + 1)]
    counts = _expected_counts(events_path, days)
    with _dashboard(events_path) as url:
        samples = _scrub_ms(url, counts)
    with _baseline(events_path) as url:
        baseline = _scrub_ms(url, counts)
    return Measurement(
        samples=samples,
        baseline=baseline,
        baseline_label="all layers redrawn on the base map each step",
        target=target,
        note=f"{note}; {_load()}",
    )


def _load() -> str:
    """Return the machine's load when measured: browser figures scale with it on 2 shared cores."""
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"


@benchmark("dashboard: slider step to map updated (curated record)", area="dashboard")
def slider_step_curated() -> Measurement:
    return _slider_measurement(
        None, 150, f"Chromium, ArrowRight, {STEPS} steps from {START:%d %b}, day mode"
    )


@benchmark("dashboard: slider step to map updated (20,000 events)", area="dashboard")
def slider_step_synthetic() -> Measurement:
    with tempfile.TemporaryDirectory() as folder:
        path = write_synthetic_events(Path(folder) / "synthetic.csv", 20_000)
        return _slider_measurement(
            path, 600, f"synthetic record, about 450 markers a day, {STEPS} steps"
        )


@benchmark("dashboard: server time of a rerun after a slider step", area="dashboard")
def server_rerun() -> Measurement:
    days = [START + dt.timedelta(days=step % 30) for step in range(1, 3 * STEPS + 1)]
    with _dashboard(None) as url:
        opening, step = _browser_messages(url)
        samples = _rerun_ms(url, opening, step, days)
    return Measurement(
        samples=samples[STEPS:],
        target=50,
        note="the running app, from the browser's slider-step message to the end of the day "
        "view's rerun, replayed over a WebSocket with no browser competing for the CPU; "
        f"{_load()}",
    )


def _browser_messages(url: str) -> tuple[bytes, bytes]:
    """Return the messages Chromium sends to open the page and to step the slider once.

    Replayed by :func:`_rerun_ms`, they carry the widget states exactly as the page sends
    them, with the day view's fragment named, so the server does what a slider step asks.
    """
    from streamlit.proto.BackMsg_pb2 import BackMsg

    counts = _expected_counts(None, [START, START + dt.timedelta(days=1)])
    sent: list[bytes] = []
    with launch_chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.on(
            "websocket", lambda socket: socket.on("framesent", lambda frame: sent.append(frame))
        )
        _open_ms(page, f"{url}/?date={START.isoformat()}", counts[START])
        opening = sent[0]
        sent.clear()
        page.locator('input[type="range"][aria-label="Date"]').focus()
        page.keyboard.press("ArrowRight")
        _wait_for_markers(page, counts[START + dt.timedelta(days=1)])
    reruns = [
        frame for frame in sent if BackMsg.FromString(frame).WhichOneof("type") == "rerun_script"
    ]
    if not reruns or not BackMsg.FromString(reruns[0]).rerun_script.fragment_id:
        raise RuntimeError("the slider step did not send a rerun of the day view")
    return opening, reruns[0]


def _rerun_ms(url: str, opening: bytes, step: bytes, days: list[dt.date]) -> list[float]:
    """Milliseconds from sending a slider step for each day to the end of its rerun."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from websockets.sync.client import connect

    with connect(
        url.replace("http://", "ws://") + "/_stcore/stream",
        subprotocols=["streamlit"],
        max_size=None,
    ) as socket:
        socket.send(opening)
        _until_finished(socket, START)
        samples = []
        for day in days:
            message = BackMsg.FromString(step)
            rerun = message.rerun_script
            del rerun.cached_message_hashes[:]
            for widget in rerun.widget_states.widgets:
                if widget.id.endswith("-w_date"):
                    midnight = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
                    widget.double_array_value.data[:] = [midnight.timestamp() * 1e6]
            begin = time.perf_counter()
            socket.send(message.SerializeToString())
            _until_finished(socket, day)
            samples.append((time.perf_counter() - begin) * 1000)
    return samples


def _until_finished(socket: object, day: dt.date) -> None:
    """Read the server's messages to the end of a run; check the map was sent ``day``."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    map_day = None
    while True:
        message = ForwardMsg.FromString(socket.recv(timeout=60))
        kind = message.WhichOneof("type")
        if kind == "script_finished":
            break
        if kind == "delta" and message.delta.new_element.WhichOneof("type") == (
            "component_instance"
        ):
            map_day = json.loads(message.delta.new_element.component_instance.json_args)
    if map_day is None or f'setDay("{day.isoformat()}")' not in map_day["feature_group"]:
        raise RuntimeError(f"the rerun for {day} did not send the map of that day")


@benchmark("dashboard: page open to finished map", area="dashboard")
def page_open() -> Measurement:
    counts = _expected_counts(None, [START])
    samples = []
    with _dashboard(None) as url, launch_chromium() as browser:
        warm = browser.new_page()
        _open_ms(warm, f"{url}/?date={START.isoformat()}", counts[START])
        warm.close()
        for _ in range(5):
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            samples.append(_open_ms(page, f"{url}/?date={START.isoformat()}", counts[START]) / 1000)
            context.close()
    return Measurement(
        samples=samples,
        unit="s",
        target=4,
        note=f"new browser context each time, until the day's markers are drawn; {_load()}",
    )


# --- many readers on one replica --------------------------------------------------------------

#: Readers on one app process at each level of the ramp (the measured browser among them).
READER_LEVELS = (1, 4, 8, 12, 16, 24, 32)
#: A step slower than this, at the median, is where a replica is full.
STEP_BUDGET_MS = 400
#: Seconds between the steps of each other reader: Play's default speed, one day a second.
READER_PACE_S = 1.0
_RAMP_BUDGET_S = 150
_LOAD_STEPS = 10


class _PacedReader(threading.Thread):
    """A reader on a raw WebSocket: opens the page as Chromium does, then steps a day a second.

    It sends the browser's own messages (see :func:`_browser_messages`), so the server does
    for it what it does for a reader scrubbing in Chromium, without a browser on this
    machine competing with the server for the two cores.
    """

    def __init__(self, url: str, opening: bytes, step: bytes, offset: int) -> None:
        super().__init__(daemon=True)
        self.url, self.opening, self.step, self.offset = url, opening, step, offset
        self.opened = threading.Event()
        self.stopping = threading.Event()
        self.error: BaseException | None = None
        #: (when the step ended, milliseconds from sending it to the end of its run)
        self.steps: list[tuple[float, float]] = []

    def run(self) -> None:
        from websockets.sync.client import connect

        try:
            with connect(
                self.url.replace("http://", "ws://") + "/_stcore/stream",
                subprotocols=["streamlit"],
                max_size=None,
            ) as socket:
                socket.send(self.opening)
                _until_finished(socket, START)
                self.opened.set()
                number = self.offset
                while not self.stopping.wait(READER_PACE_S):
                    number += 1
                    day = START + dt.timedelta(days=1 + number % 30)
                    begin = time.perf_counter()
                    socket.send(_step_to(self.step, day))
                    _until_finished(socket, day)
                    end = time.perf_counter()
                    self.steps.append((end, (end - begin) * 1000))
        except BaseException as error:
            self.error = error
            self.opened.set()


def _step_to(step: bytes, day: dt.date) -> bytes:
    """Return the browser's slider-step message, carrying ``day`` instead of its own day."""
    from streamlit.proto.BackMsg_pb2 import BackMsg

    message = BackMsg.FromString(step)
    del message.rerun_script.cached_message_hashes[:]
    for widget in message.rerun_script.widget_states.widgets:
        if widget.id.endswith("-w_date"):
            midnight = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
            widget.double_array_value.data[:] = [midnight.timestamp() * 1e6]
    return message.SerializeToString()


def _rss_mb(group: int) -> float:
    """Resident memory of a process group (the launcher and its Streamlit server), in MB."""
    total_kb = 0
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            stat = (status.parent / "stat").read_text()
            if int(stat.rsplit(")", 1)[1].split()[2]) != group:
                continue
            for line in status.read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total_kb += int(line.split()[1])
        except (OSError, ValueError, IndexError):
            continue  # the process ended while being read
    return total_kb / 1024


@dataclass
class _Level:
    readers: int
    steps_ms: list[float]
    rss_mb: float
    server_ms: list[float]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.steps_ms)


@functools.cache
def _reader_ramp() -> tuple[float, list[_Level]]:
    """Add readers to one replica until the browser's median step passes the budget.

    Returns the replica's memory with no reader and the figures of each level reached.
    """
    days = [START + dt.timedelta(days=step) for step in range(_LOAD_STEPS + 1)]
    counts = _expected_counts(None, days)
    url, proc = start_app(log_name="bench-readers")
    readers: list[_PacedReader] = []
    levels: list[_Level] = []
    began = time.monotonic()
    try:
        idle = _rss_mb(proc.pid)
        opening, step = _browser_messages(url)
        for level in READER_LEVELS:
            while len(readers) < level - 1:
                reader = _PacedReader(url, opening, step, offset=len(readers))
                reader.start()
                reader.opened.wait(120)
                if reader.error is not None:
                    raise RuntimeError(f"a reader failed: {reader.error}") from reader.error
                readers.append(reader)
            window_start = time.perf_counter()
            samples = _scrub_ms(url, counts)
            server = [ms for reader in readers for end, ms in reader.steps if end > window_start]
            levels.append(_Level(level, samples, _rss_mb(proc.pid), server))
            failed = [reader.error for reader in readers if reader.error is not None]
            if failed:
                raise RuntimeError(f"a reader failed: {failed[0]}") from failed[0]
            # Past the budget, one more level shows how fast the step then degrades.
            over = [level for level in levels if level.median_ms > STEP_BUDGET_MS]
            if len(over) > 1 or time.monotonic() - began > _RAMP_BUDGET_S:
                break
    finally:
        for reader in readers:
            reader.stopping.set()
        for reader in readers:
            reader.join(timeout=30)
        stop_app(proc)
    return idle, levels


def _ramp_note(levels: list[_Level]) -> str:
    """Each level's median step in the browser, and the other readers' reruns on the server."""
    steps = ", ".join(
        f"{level.readers}: {level.median_ms:.0f} ms"
        + (f" (server {statistics.median(level.server_ms):.0f} ms)" if level.server_ms else "")
        for level in levels
    )
    return f"readers on the replica: median step (server rerun) {steps}; {_load()}"


def _capacity(levels: list[_Level]) -> _Level | None:
    """Return the last level before the first whose median step is over the budget."""
    within = None
    for level in levels:
        if level.median_ms > STEP_BUDGET_MS:
            break
        within = level
    return within


@benchmark("serving: readers per replica with the median step under 400 ms", area="dashboard")
def readers_per_replica() -> Measurement:
    _, levels = _reader_ramp()
    capacity = _capacity(levels)
    # Within budget at the last level: the ramp stopped (levels or time) before the limit.
    at_least = "at least: the ramp ended first; " if capacity is levels[-1] else ""
    return Measurement(
        samples=[capacity.readers if capacity else 0],
        unit="readers",
        note=f"{at_least}one browser scrubbing (ArrowRight), each other reader stepping a "
        f"day every {READER_PACE_S:g} s on its own session; {_ramp_note(levels)}",
    )


@benchmark("serving: slider step with a replica's readers", area="dashboard")
def step_at_capacity() -> Measurement:
    _, levels = _reader_ramp()
    level = _capacity(levels) or levels[0]
    return Measurement(
        samples=level.steps_ms,
        target=STEP_BUDGET_MS,
        note=f"{level.readers} readers on one app process, as in the line above",
    )


@benchmark("serving: memory per replica (RSS)", area="dashboard")
def memory_per_replica() -> Measurement:
    idle, levels = _reader_ramp()
    level = _capacity(levels) or levels[0]
    # The first reader loads what every session shares (record, layers); the rest add their own.
    first, last = levels[0], levels[-1]
    extra = (
        f", about {(last.rss_mb - first.rss_mb) / (last.readers - first.readers):.0f} MB more "
        "for each further reader"
        if last.readers > first.readers
        else ""
    )
    return Measurement(
        samples=[level.rss_mb],
        unit="MB",
        note=f"launcher and Streamlit server with {level.readers} reader(s); {idle:.0f} MB with "
        f"none, {first.rss_mb:.0f} MB with one{extra}",
    )
