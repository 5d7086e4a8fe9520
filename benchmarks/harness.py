"""A small benchmark harness: register measurements, run them, print one table of medians."""

from __future__ import annotations

import gc
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Measurement:
    """Samples of one figure, with an optional baseline measured in the same run.

    Parameters
    ----------
    samples
        One value per repetition, in ``unit``.
    unit
        "ms", "s", "MB", ... (the table prints it as is).
    baseline
        Samples of the baseline the issue names (same unit), measured in the same run, so
        the table can state the ratio ``median(samples) / median(baseline)``.
    baseline_label
        What the baseline is, printed in the table.
    target
        The figure's budget: the median must be at most this (same unit).
    floor
        For a figure that must also not fall short (a rate): the median must be at least
        this (same unit).
    note
        Anything a reader needs to interpret the figure (data size, conditions).
    """

    samples: list[float]
    unit: str = "ms"
    baseline: list[float] | None = None
    baseline_label: str = ""
    target: float | None = None
    floor: float | None = None
    note: str = ""

    @property
    def median(self) -> float:
        """The median of the samples."""
        return statistics.median(self.samples)

    @property
    def ratio(self) -> float | None:
        """The median over the baseline's median, or None without a baseline."""
        if not self.baseline:
            return None
        return self.median / statistics.median(self.baseline)

    @property
    def met(self) -> bool | None:
        """Whether the median is within the target and floor (None without either)."""
        if self.target is None and self.floor is None:
            return None
        return (self.target is None or self.median <= self.target) and (
            self.floor is None or self.median >= self.floor
        )


@dataclass
class Benchmark:
    """A registered benchmark: a name, the area it belongs to and the function that measures."""

    name: str
    area: str
    measure: Callable[[], Measurement]
    results: list[Measurement] = field(default_factory=list)


REGISTRY: list[Benchmark] = []


def benchmark(name: str, area: str = "") -> Callable[[Callable[[], Measurement]], Callable]:
    """Register a function returning a :class:`Measurement` under ``name``.

    Benchmarks live in ``benchmarks/bench_<area>.py``; ``python -m benchmarks`` imports
    every such module, runs each registered function once and prints the table.
    """

    def register(measure: Callable[[], Measurement]) -> Callable[[], Measurement]:
        module_area = measure.__module__.rsplit(".", 1)[-1].removeprefix("bench_")
        REGISTRY.append(Benchmark(name=name, area=area or module_area, measure=measure))
        return measure

    return register


def time_ms(function: Callable[[], object], repeat: int = 7, warmup: int = 1) -> list[float]:
    """Call ``function`` ``warmup`` times, then time ``repeat`` calls; return milliseconds.

    The garbage collector is run before each timed call so a collection triggered by
    earlier work does not land in a sample.
    """
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def fresh_process_ms(code: str, repeat: int = 5) -> list[float]:
    """Run ``code`` in a fresh interpreter ``repeat`` times; return the figure it prints.

    ``code`` times what it measures itself and prints milliseconds as its last line, so
    interpreter start-up and any set-up it does before starting the clock are left out.
    """
    samples = []
    for _ in range(repeat):
        output = subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True
        ).stdout
        samples.append(float(output.strip().splitlines()[-1]))
    return samples


def format_table(benchmarks: list[Benchmark]) -> str:
    """Render results as a fixed-width table: one row per figure."""
    header = ("benchmark", "median", "unit", "runs", "baseline", "ratio", "target", "ok", "note")
    rows = [header]
    for bench in benchmarks:
        for result in bench.results:
            baseline = (
                f"{statistics.median(result.baseline):.4g} ({result.baseline_label})"
                if result.baseline
                else ""
            )
            ratio = f"{result.ratio:.2f}x" if result.ratio is not None else ""
            target = f"<= {result.target:g}" if result.target is not None else ""
            if result.floor is not None:
                target = f"{result.floor:g} to {result.target:g}" if target else ""
                target = target or f">= {result.floor:g}"
            ok = {None: "", True: "yes", False: "NO"}[result.met]
            rows.append(
                (
                    bench.name,
                    f"{result.median:.4g}",
                    result.unit,
                    str(len(result.samples)),
                    baseline,
                    ratio,
                    target,
                    ok,
                    result.note,
                )
            )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)
