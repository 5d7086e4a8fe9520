"""Foundation figures: import time of each package and cold start of the app."""

from __future__ import annotations

import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from benchmarks.harness import Measurement, benchmark, fresh_process_ms
from tests.support.appserver import start_app, stop_app

_IMPORT_SNIPPET = (
    "import time; start = time.perf_counter(); import {module}; "
    "print((time.perf_counter() - start) * 1000)"
)


def _import_benchmark(module: str, note: str) -> Measurement:
    return Measurement(
        samples=fresh_process_ms(_IMPORT_SNIPPET.format(module=module)),
        baseline=fresh_process_ms(_IMPORT_SNIPPET.format(module="json")),
        baseline_label="import json",
        note=note,
    )


@benchmark("import geodata", area="foundation")
def import_geodata() -> Measurement:
    return _import_benchmark("geodata", "lazy: the geospatial stack loads on first use")


@benchmark("import events", area="foundation")
def import_events() -> Measurement:
    return _import_benchmark("events", "lazy: pandas loads on first use")


@benchmark("import dashboard.cli", area="foundation")
def import_cli() -> Measurement:
    return _import_benchmark("dashboard.cli", "what every karabakh-dashboard command pays")


def _cold_start_s(command: list[str] | None) -> float:
    start = time.perf_counter()
    url, proc = start_app(log_name="bench-cold-start", command=command)
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
        return time.perf_counter() - start
    finally:
        stop_app(proc)


@benchmark("app cold start to first page served", area="foundation")
def app_cold_start() -> Measurement:
    with tempfile.TemporaryDirectory() as folder:
        empty_app = Path(folder) / "empty_app.py"
        empty_app.write_text("import streamlit as st\nst.write('hello')\n")
        baseline_command = [
            sys.executable, "-m", "streamlit", "run", str(empty_app), "--server.port", "{port}",
        ]  # fmt: skip
        samples, baseline = [], []
        for _ in range(3):
            samples.append(_cold_start_s(None))
            baseline.append(_cold_start_s(baseline_command))
    return Measurement(
        samples=samples,
        unit="s",
        baseline=baseline,
        baseline_label="streamlit run of a one-line app",
        note="process start until the health check passes and / is served",
    )
