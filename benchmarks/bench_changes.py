"""What changed hands: building the engine's change data, and the box's redraw in the browser."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path

import events
from benchmarks.harness import Measurement, benchmark, time_ms
from dashboard import changes
from dashboard.export.interactive import interactive_html
from dashboard.state import ViewState
from dashboard.webmap import timedata
from tests.support.appserver import launch_chromium

# A step of the war (Zangilan district claimed), and the widest window on the day with the
# most changes (146 settlements confirmed).
_STEP_DAY = dt.date(2020, 10, 20)
_DAY = dt.date(2020, 11, 10)
_WINDOW = 44
_UPDATE_JS = """([mode, window, repeat]) => {
  kdTime.configure({mode: mode, window: window});
  const samples = [];
  for (let i = 0; i < repeat; i++) {
    kdChanges.drawnKey = null;  // redraw the outlines too, as a step to a new day does
    const start = performance.now();
    kdChanges.update();
    samples.push(performance.now() - start);
  }
  return {samples: samples, pieces: kdChanges.pieces.length, places: kdChanges.places.length};
}"""


def _clear_caches() -> None:
    timedata.changes_payload.cache_clear()
    changes._zones.cache_clear()
    changes._states.cache_clear()


def _payload() -> None:
    _clear_caches()
    timedata.changes_payload()


@benchmark("changes: the engine's change data, every day (Python)", area="changes")
def payload_build() -> Measurement:
    samples = time_ms(_payload, repeat=3, warmup=1)
    size = len(json.dumps(timedata.changes_payload(), ensure_ascii=False, separators=(",", ":")))
    return Measurement(
        samples=samples,
        target=5000,
        note=f"26 Sep to 1 Dec compared day by day; once per process; {size / 1e3:.1f} kB of "
        "JSON in the map's settings",
    )


def _box_samples(state: ViewState, mode: str, window: int) -> dict:
    """Time the box's update (line, list and outlines) in the published map, in Chromium."""
    with tempfile.TemporaryDirectory() as folder:
        page_file = Path(folder) / "map.html"
        page_file.write_text(interactive_html(state, events.load_events()), encoding="utf-8")
        with launch_chromium() as browser:
            page = browser.new_page(viewport={"width": 1440, "height": 900})
            page.goto(page_file.as_uri())
            page.wait_for_function("() => window.kdChanges && window.kdChanges.drawnKey")
            result = page.evaluate(_UPDATE_JS, [mode, window, 30])
            page.close()
    result["samples"] = result["samples"][5:]
    return result


@benchmark("changes: the change box's redraw on a step (browser)", area="changes")
def box_step() -> Measurement:
    result = _box_samples(ViewState(date=_STEP_DAY), "day", 1)
    return Measurement(
        samples=result["samples"],
        target=16.0,
        note=f"{_STEP_DAY}, day mode: {result['pieces']} pieces of land outlined, "
        f"{result['places']} settlements listed; line, box and outlines, in the engine's frame",
    )


@benchmark("changes: the change box's redraw, 44-day window (browser)", area="changes")
def box_window() -> Measurement:
    result = _box_samples(ViewState(date=_DAY, extended=True), "window", _WINDOW)
    return Measurement(
        samples=result["samples"],
        target=50.0,
        note=f"{_DAY}, {_WINDOW}-day window (the most): {result['pieces']} pieces of land "
        f"outlined, {result['places']} settlements listed",
    )
