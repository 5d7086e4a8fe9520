"""A reader's visit: `make run`, then the page in a browser, to its skeleton and to a drawn map."""

from __future__ import annotations

import contextlib
import functools
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from benchmarks.bench_dashboard import (
    FRAME,
    PROBE_JS,
    VIEWPORT,
    _baseline_root,
    _expected,
    _load,
)
from benchmarks.harness import Measurement, benchmark
from dashboard.launch import STREAMLIT_FLAGS
from dashboard.timeline import WAR_START
from dashboard.webmap import assets
from tests.support.appserver import launch_chromium, start_app, stop_app

FIRST_RUNS = 3
# The dashboard before the server prepared anything (main when issue 14's first visit was
# taken up): its first visit is run from git history as the first visit's baseline.
BASELINE_COMMIT = "660e5c3336d3fea0608b103996c16f036f114f97"
BASELINE_LABEL = "before preparing at start-up (660e5c3)"
# Main before the panel beside the map waited for the map's first report: its warm visits
# are the warm figures' baseline, taken in the same run as theirs.
WARM_BASELINE_COMMIT = "a44334760d1210f94a5707592a2e8a0dc191b92b"
WARM_BASELINE_LABEL = "main before the panel waited for the map (a443347)"
WARM_RUNS = 7
#: The page's title, the first thing of the skeleton a reader sees.
TITLE = "Nagorno-Karabakh 2020"
VISIT_TIMEOUT_MS = 120_000
#: Waits in the map's frame until it is drawn; returns that moment, in ms since the epoch.
DrawnAt = Callable[[object], float]


@dataclass(frozen=True)
class Visit:
    """Seconds from navigation to what a reader sees, and the server's start before it."""

    contentful: float  # the browser's first contentful paint (anything at all)
    skeleton: float  # the page's title painted
    drawn: float  # the day's markers and every layer shown, painted in the map
    startup: float | None = None  # the launcher's start to the server answering health
    frame: float | None = None  # the map's frame added to the page


def _visit(browser: object, url: str, markers: int, drawn_at: DrawnAt | None = None) -> Visit:
    """Open ``url`` in a new browser context (an empty cache); time it in the page itself.

    ``drawn_at`` waits in the map's frame until it is drawn and returns that moment (ms
    since the epoch); by default the dashboard's engine reports it (``markers`` drawn).
    """
    context = browser.new_context(viewport=VIEWPORT)
    try:
        context.add_init_script(path=str(PROBE_JS))
        context.add_init_script(script=f"kdBench.watchVisit({markers}, {TITLE!r});")
        page = context.new_page()
        page.goto(url, wait_until="commit")
        frame = page.wait_for_selector(FRAME, timeout=VISIT_TIMEOUT_MS).content_frame()
        drawn = (drawn_at or _engine_drawn)(frame)
        page.wait_for_function("kdBench.visit.skeleton !== null", timeout=VISIT_TIMEOUT_MS)
        origin, seen = page.evaluate("[performance.timeOrigin, kdBench.visit]")
        return Visit(
            contentful=(seen["contentful"] - origin) / 1000,
            skeleton=(seen["skeleton"] - origin) / 1000,
            drawn=(drawn - origin) / 1000,
            frame=(seen["frame"] - origin) / 1000,
        )
    finally:
        context.close()


def _engine_drawn(frame: object) -> float:
    """Wait for the dashboard's engine to draw the day; return when it painted it."""
    frame.wait_for_function("kdBench.visit.drawn !== null", timeout=VISIT_TIMEOUT_MS)
    return frame.evaluate("kdBench.visit.drawn")


def _bare_map_loaded(frame: object) -> float:
    """Wait for a bare Leaflet map to load; return the moment it was seen loaded."""
    # Polled from here (a few ms late at most): the bare map has no engine to watch.
    frame.wait_for_function("window.map && window.map._loaded", timeout=VISIT_TIMEOUT_MS, polling=5)
    return frame.evaluate("performance.timeOrigin + performance.now()")


def _opening_markers() -> int:
    """Return the markers of the day the page opens on with no query (the war's first day)."""
    return _expected(None, [WAR_START])[WAR_START].markers


@functools.cache
def _first_visits(commit: str | None = None) -> list[Visit]:
    """Start the app as ``make run`` does, open the page once, stop it; ``FIRST_RUNS`` times.

    With ``commit``, the app of that commit (extracted from git history), after one untimed
    run that writes its static files, as this worktree's own runs find them written.
    """
    markers = _opening_markers()
    start = functools.partial(start_app, log_name="bench-first-visit")
    if commit is not None:
        root = _baseline_root(commit)
        if root is None:
            return []
        start = functools.partial(
            start_app,
            log_name="bench-first-visit-baseline",
            command=[sys.executable, "-m", "dashboard.cli", "run", "--port", "{port}"],
            cwd=root,
            env={"PYTHONPATH": str(root)},
        )
    visits = []
    with launch_chromium() as browser:
        for run in range(FIRST_RUNS + (commit is not None)):
            began = time.perf_counter()
            url, proc = start()
            startup = time.perf_counter() - began
            try:
                visit = _visit(browser, url, markers)
            finally:
                stop_app(proc)
            if commit is None or run:
                visits.append(replace(visit, startup=startup))
    return visits


def _median(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} s"


@benchmark("visit: first visit after `make run`, to a drawn map", area="visit")
def first_visit_drawn() -> Measurement:
    visits, before = _first_visits(), _first_visits(BASELINE_COMMIT)
    baseline_note = (
        f"; baseline start to health median {_median([visit.startup for visit in before])}"
        if before
        else f"; no baseline: commit {BASELINE_COMMIT[:7]} is not in this clone"
    )
    return Measurement(
        samples=[visit.drawn for visit in visits],
        unit="s",
        baseline=[visit.drawn for visit in before] or None,
        baseline_label=BASELINE_LABEL,
        target=4,
        note=f"a fresh server each run, opened once it answers health (start to health median "
        f"{_median([visit.startup for visit in visits])}{baseline_note}); navigation to the "
        "frame after the day's markers and every layer shown are painted; new browser context "
        f"(empty cache); {_load()}",
    )


@benchmark("visit: first visit after `make run`, to the page's skeleton", area="visit")
def first_visit_skeleton() -> Measurement:
    visits, before = _first_visits(), _first_visits(BASELINE_COMMIT)
    return Measurement(
        samples=[visit.skeleton for visit in visits],
        unit="s",
        baseline=[visit.skeleton for visit in before] or None,
        baseline_label=BASELINE_LABEL,
        note=f"navigation to the page's title painted; first contentful paint (Streamlit's own "
        f"front end) median {_median([visit.contentful for visit in visits])}; {_load()}",
    )


@functools.cache
def _warm_rounds() -> dict[str, list[Visit]]:
    """Warm visits of the dashboard, of its baseline and of the bound page, taken in turn.

    Three servers, each visited once first; then ``WARM_RUNS`` rounds of one visit to each,
    so that the machine's load (five engineers share two cores) weighs alike on all three.
    Keys: ``"app"``, ``"baseline"`` (absent when its commit is not in this clone), ``"bound"``.
    """
    markers = _opening_markers()
    with contextlib.ExitStack() as servers:
        urls = {"app": servers.enter_context(_server(log_name="bench-warm-visit"))}
        root = _baseline_root(WARM_BASELINE_COMMIT)
        if root is not None:
            urls["baseline"] = servers.enter_context(
                _server(
                    log_name="bench-warm-visit-baseline",
                    command=[sys.executable, "-m", "dashboard.cli", "run", "--port", "{port}"],
                    cwd=root,
                    env={"PYTHONPATH": str(root)},
                )
            )
        urls["bound"] = servers.enter_context(_bound_server())
        with launch_chromium() as browser:
            visit = {
                "app": functools.partial(_visit, browser, markers=markers),
                "baseline": functools.partial(_visit, browser, markers=markers),
                "bound": functools.partial(_visit, browser, markers=-1, drawn_at=_bare_map_loaded),
            }
            for name, url in urls.items():
                visit[name](url)
            rounds = [
                {name: visit[name](url) for name, url in urls.items()} for _ in range(WARM_RUNS)
            ]
    return {name: [one[name] for one in rounds] for name in urls}


@contextlib.contextmanager
def _server(**start: object) -> Iterator[str]:
    url, proc = start_app(**start)
    try:
        yield url
    finally:
        stop_app(proc)


def _warm_note(visits: list[Visit]) -> str:
    return (
        f"map's frame added to the page median {_median([visit.frame for visit in visits])}, "
        f"title painted {_median([visit.skeleton for visit in visits])}"
    )


@benchmark("visit: warm visit, to a drawn map", area="visit")
def warm_visit_drawn() -> Measurement:
    rounds = _warm_rounds()
    before = rounds.get("baseline", [])
    return Measurement(
        samples=[visit.drawn for visit in rounds["app"]],
        unit="s",
        baseline=[visit.drawn for visit in before] or None,
        baseline_label=WARM_BASELINE_LABEL,
        target=2,
        note="a server visited once already; each visit a new browser context (empty cache), "
        "navigation to the frame after the day's markers and every layer shown are painted; "
        f"{_warm_note(rounds['app'])}"
        + (f"; baseline: {_warm_note(before)}" if before else "")
        + f"; the bound page in the same rounds: map loaded median "
        f"{_median([visit.drawn for visit in rounds['bound']])}; {_load()}",
    )


@benchmark("visit: warm visit, to the page's skeleton", area="visit")
def warm_visit_skeleton() -> Measurement:
    rounds = _warm_rounds()
    before = rounds.get("baseline", [])
    return Measurement(
        samples=[visit.skeleton for visit in rounds["app"]],
        unit="s",
        baseline=[visit.skeleton for visit in before] or None,
        baseline_label=WARM_BASELINE_LABEL,
        note=f"navigation to the page's title painted; first contentful paint median "
        f"{_median([visit.contentful for visit in rounds['app']])}; {_load()}",
    )


# ---- what bounds a visit: Streamlit's own front end, and streamlit-folium's -----------------

#: The least a page of Streamlit can be: its title, and a map of streamlit-folium with
#: Leaflet alone (served as the dashboard serves it), no layer, no engine.
_BOUND_APP = f"""
import folium
import streamlit as st
from streamlit_folium import st_folium
from dashboard.webmap import assets

st.title({TITLE!r})
bare = folium.Map(location=(39.6, 46.25), zoom_start=8, tiles=None)
st_folium(assets.use_local_leaflet(bare), height=640, returned_objects=[])
"""


@contextlib.contextmanager
def _bound_server() -> Iterator[str]:
    """Serve the least app (static files as the dashboard serves them); yield its URL."""
    folder = Path(tempfile.mkdtemp(prefix="kd-bound-"))
    try:
        script = folder / "bound.py"
        script.write_text(_BOUND_APP, encoding="utf-8")
        # Streamlit serves the static folder beside the script: the dashboard's, with Leaflet.
        (folder / "static").symlink_to(assets.STATIC_DIR, target_is_directory=True)
        flags = [part for name, value in STREAMLIT_FLAGS.items() for part in (f"--{name}", value)]
        with _server(
            log_name="bench-bound",
            command=[sys.executable, "-m", "streamlit", "run", str(script),
                     "--server.port", "{port}", *flags],
        ) as url:  # fmt: skip
            yield url
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@benchmark("visit: bound, the least Streamlit page with a streamlit-folium map", area="visit")
def bound_visit() -> Measurement:
    visits = _warm_rounds()["bound"]
    return Measurement(
        samples=[visit.drawn for visit in visits],
        unit="s",
        note="warm visits of a page holding only a title and a Leaflet map of streamlit-folium "
        "(no layer, no engine), same server settings, taken in turn with the warm visits: "
        f"navigation to the map loaded; {_warm_note(visits)}; what no change to the "
        f"dashboard can go below on this machine; {_load()}",
    )
