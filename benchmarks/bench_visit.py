"""A reader's visit: `make run`, then the page in a browser, to its skeleton and to a drawn map."""

from __future__ import annotations

import functools
import statistics
import time
from dataclasses import dataclass

from benchmarks.bench_dashboard import FRAME, PROBE_JS, VIEWPORT, _expected, _load
from benchmarks.harness import Measurement, benchmark
from dashboard.timeline import WAR_START
from tests.support.appserver import launch_chromium, start_app, stop_app

FIRST_RUNS = 3
WARM_RUNS = 5
#: The page's title, the first thing of the skeleton a reader sees.
TITLE = "Nagorno-Karabakh 2020"
VISIT_TIMEOUT_MS = 120_000


@dataclass(frozen=True)
class Visit:
    """Seconds from navigation to what a reader sees, and the server's start before it."""

    contentful: float  # the browser's first contentful paint (anything at all)
    skeleton: float  # the page's title painted
    drawn: float  # the day's markers and every layer shown, painted in the map
    startup: float | None = None  # the launcher's start to the server answering health


def _visit(browser: object, url: str, markers: int) -> Visit:
    """Open ``url`` in a new browser context (an empty cache); time it in the page itself."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        context.add_init_script(path=str(PROBE_JS))
        context.add_init_script(script=f"kdBench.watchVisit({markers}, {TITLE!r});")
        page = context.new_page()
        page.goto(url, wait_until="commit")
        frame = page.wait_for_selector(FRAME, timeout=VISIT_TIMEOUT_MS).content_frame()
        frame.wait_for_function("kdBench.visit.drawn !== null", timeout=VISIT_TIMEOUT_MS)
        page.wait_for_function("kdBench.visit.skeleton !== null", timeout=VISIT_TIMEOUT_MS)
        drawn = frame.evaluate("kdBench.visit.drawn")
        origin, seen = page.evaluate("[performance.timeOrigin, kdBench.visit]")
        return Visit(
            contentful=(seen["contentful"] - origin) / 1000,
            skeleton=(seen["skeleton"] - origin) / 1000,
            drawn=(drawn - origin) / 1000,
        )
    finally:
        context.close()


def _opening_markers() -> int:
    """Return the markers of the day the page opens on with no query (the war's first day)."""
    return _expected(None, [WAR_START])[WAR_START].markers


@functools.cache
def _first_visits() -> list[Visit]:
    """Start the app as ``make run`` does, open the page once, stop it; ``FIRST_RUNS`` times."""
    markers = _opening_markers()
    visits = []
    with launch_chromium() as browser:
        for _ in range(FIRST_RUNS):
            began = time.perf_counter()
            url, proc = start_app(log_name="bench-first-visit")
            startup = time.perf_counter() - began
            try:
                visit = _visit(browser, url, markers)
            finally:
                stop_app(proc)
            visits.append(Visit(visit.contentful, visit.skeleton, visit.drawn, startup))
    return visits


@functools.cache
def _warm_visits() -> list[Visit]:
    """On one server, visited once already, open the page ``WARM_RUNS`` times."""
    markers = _opening_markers()
    url, proc = start_app(log_name="bench-warm-visit")
    try:
        with launch_chromium() as browser:
            _visit(browser, url, markers)
            return [_visit(browser, url, markers) for _ in range(WARM_RUNS)]
    finally:
        stop_app(proc)


def _median(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s"


@benchmark("visit: first visit after `make run`, to a drawn map", area="visit")
def first_visit_drawn() -> Measurement:
    visits = _first_visits()
    return Measurement(
        samples=[visit.drawn for visit in visits],
        unit="s",
        target=4,
        note=f"a fresh server each run, opened once it answers health (start to health median "
        f"{_median([visit.startup for visit in visits])}); navigation to the frame after the "
        "day's markers and every layer shown are painted; new browser context (empty cache); "
        f"{_load()}",
    )


@benchmark("visit: first visit after `make run`, to the page's skeleton", area="visit")
def first_visit_skeleton() -> Measurement:
    visits = _first_visits()
    return Measurement(
        samples=[visit.skeleton for visit in visits],
        unit="s",
        note=f"navigation to the page's title painted; first contentful paint (Streamlit's own "
        f"front end) median {_median([visit.contentful for visit in visits])}; {_load()}",
    )


@benchmark("visit: warm visit, to a drawn map", area="visit")
def warm_visit_drawn() -> Measurement:
    visits = _warm_visits()
    return Measurement(
        samples=[visit.drawn for visit in visits],
        unit="s",
        target=2,
        note="a server visited once already; each visit a new browser context (empty cache), "
        f"navigation to the frame after the day's markers and every layer shown are painted; "
        f"{_load()}",
    )


@benchmark("visit: warm visit, to the page's skeleton", area="visit")
def warm_visit_skeleton() -> Measurement:
    visits = _warm_visits()
    return Measurement(
        samples=[visit.skeleton for visit in visits],
        unit="s",
        note=f"navigation to the page's title painted; first contentful paint median "
        f"{_median([visit.contentful for visit in visits])}; {_load()}",
    )
