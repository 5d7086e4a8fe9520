"""Control-zone figures: control_at warm and cold, the daily areas, and the zone build."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import pandas as pd

from benchmarks.harness import Measurement, benchmark, time_ms
from geodata import control
from geodata.build import control as build_control
from geodata.control import control_area_by_day, control_at

_DAYS = [day.date() for day in pd.date_range(control.FIRST_DAY, control.LAST_DAY, freq="D")]

_COLD_SNIPPET = (
    "import time; start = time.perf_counter(); from geodata import control_at; "
    "control_at('2020-10-17'); print((time.perf_counter() - start) * 1000)"
)


def _uncached_control_at(day: dt.date) -> gpd.GeoDataFrame:
    """Do what control_at would do with no cache: read the file and filter it on every call."""
    zones = gpd.read_file(control.CONTROL_ZONES_PATH)
    stamp = day.isoformat()
    return zones[(zones["valid_from"] <= stamp) & (zones["valid_to"] >= stamp)]


@benchmark("control_at, warm (one day)", area="control")
def control_at_warm() -> Measurement:
    for day in _DAYS:
        control_at(day)
    days = iter(_DAYS * 10)
    return Measurement(
        samples=time_ms(lambda: control_at(next(days)), repeat=len(_DAYS), warmup=1),
        baseline=time_ms(lambda: _uncached_control_at(dt.date(2020, 10, 17)), repeat=5),
        baseline_label="read the GeoJSON and filter, per call",
        target=3.0,
        note=f"median over the {len(_DAYS)} days; zones file "
        f"{control.CONTROL_ZONES_PATH.stat().st_size / 1e3:.0f} kB",
    )


@benchmark("control_at, first call in a fresh process", area="control")
def control_at_cold() -> Measurement:
    samples = []
    for _ in range(3):
        output = subprocess.run(
            [sys.executable, "-c", _COLD_SNIPPET], check=True, capture_output=True, text=True
        ).stdout
        samples.append(float(output.strip().splitlines()[-1]))
    return Measurement(
        samples=samples, note="imports geopandas, reads the zones file, filters one day"
    )


@benchmark("control_area_by_day, warm", area="control")
def area_by_day_warm() -> Measurement:
    control_area_by_day()
    return Measurement(
        samples=time_ms(control_area_by_day, repeat=20),
        target=3.0,
        note="67 days x 2 sides, precomputed areas summed once, then copied",
    )


@benchmark("build control zones (compute + write)", area="control")
def build_zones() -> Measurement:
    samples = []
    with tempfile.TemporaryDirectory() as folder:
        out_dir = Path(folder)
        for name in ("districts", "karabakh", "lachin_corridor", "countries"):
            shutil.copy(build_control.DATA_DIR / f"{name}.geojson", out_dir)
        for _ in range(3):
            start = time.perf_counter()
            build_control.build(out_dir)
            samples.append(time.perf_counter() - start)
    return Measurement(samples=samples, unit="s", note="maintainer step, run by geodata.build")
