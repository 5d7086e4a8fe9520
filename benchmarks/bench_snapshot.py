"""Snapshot figures: a warm PNG, the 45-frame GIF and MP4, the standalone HTML's time and size."""

from __future__ import annotations

import datetime as dt
import statistics
import time

from benchmarks.harness import Measurement, benchmark, time_ms
from dashboard.export import image as snapshot
from dashboard.export.render import render_bytes
from dashboard.state import ViewState
from dashboard.timeline import WAR_START

_SHUSHA_FALLS = dt.date(2020, 11, 8)


def _events():
    import events

    return events.load_events()


@benchmark("snapshot PNG 1600x1100, warm", area="snapshot")
def png_warm() -> Measurement:
    record = _events()
    days = [WAR_START + dt.timedelta(days=offset) for offset in range(45)]
    cycle = iter(days * 2)

    def first_png() -> None:
        # A new figure: boundaries, labels and legend built again (geodata stays cached).
        snapshot.renderer_for.cache_clear()
        render_bytes(ViewState(date=_SHUSHA_FALLS), record, "png")

    return Measurement(
        samples=time_ms(
            lambda: render_bytes(ViewState(date=next(cycle), mode="cumulative"), record, "png"),
            repeat=9,
        ),
        baseline=time_ms(first_png, repeat=3, warmup=0),
        baseline_label="first PNG of a figure",
        target=1000,
        note="a different date each run, all events up to the day; default 150 dpi",
    )


def _animation_seconds(fmt: str, repeat: int) -> tuple[list[float], float]:
    """Wall-clock seconds of each run, and the median CPU seconds of this process."""
    record = _events()
    state = ViewState(mode="cumulative")
    render_bytes(ViewState(date=_SHUSHA_FALLS), record, "png")  # imports and data loaded
    samples, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        render_bytes(state, record, fmt)
        samples.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return samples, statistics.median(cpu)


@benchmark("snapshot GIF, 45 frames 1200x825", area="snapshot")
def gif_timeline() -> Measurement:
    samples, cpu = _animation_seconds("gif", repeat=3)
    return Measurement(
        samples=samples,
        unit="s",
        target=20,
        note=f"27 Sep to 10 Nov, one frame per day, events up to the day; {cpu:.1f} s CPU",
    )


@benchmark("snapshot MP4, 45 frames 1200x825", area="snapshot")
def mp4_timeline() -> Measurement:
    samples, cpu = _animation_seconds("mp4", repeat=2)
    return Measurement(
        samples=samples,
        unit="s",
        note=f"H.264 through imageio-ffmpeg; {cpu:.1f} s CPU here (ffmpeg runs apart)",
    )


@benchmark("snapshot HTML, standalone", area="snapshot")
def html_time() -> Measurement:
    record = _events()
    state = ViewState(date=_SHUSHA_FALLS, mode="cumulative")
    size_mb = len(render_bytes(state, record, "html")) / 1e6
    return Measurement(
        samples=time_ms(lambda: render_bytes(state, record, "html"), repeat=7),
        target=500,
        note=f"8 Nov, all events to the day, Leaflet inlined: {size_mb:.2f} MB",
    )


@benchmark("snapshot HTML size", area="snapshot")
def html_size() -> Measurement:
    record = _events()
    sizes = [
        len(render_bytes(ViewState(date=day, mode="cumulative"), record, "html")) / 1e6
        for day in (WAR_START, _SHUSHA_FALLS, dt.date(2020, 11, 10))
    ]
    return Measurement(
        samples=sizes,
        unit="MB",
        target=2,
        note="27 Sep, 8 Nov, 10 Nov; all events up to the day",
    )
