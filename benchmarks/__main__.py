"""Run every benchmark module and print one table; exit 1 if a figure misses its target."""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import sys
import time
import traceback
from pathlib import Path

from benchmarks.harness import REGISTRY, format_table

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("-k", default="", help="run only benchmarks whose name contains this")
    parser.add_argument(
        "--area",
        default=os.environ.get("BENCH_AREA", ""),
        help="run only this area's benchmarks (dashboard, events, control, ...); also read "
        "from BENCH_AREA, so that `make bench BENCH_AREA=dashboard` works",
    )
    args = parser.parse_args()

    # Benchmarks call the app's cached functions outside a Streamlit run, which makes
    # Streamlit warn once per call that there is no script context; that is expected here.
    # A filter, not a level: Streamlit resets its loggers' levels when it reads its config.
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda record: "missing ScriptRunContext" not in record.getMessage()
    )
    for path in sorted(HERE.glob("bench_*.py")):
        importlib.import_module(f"benchmarks.{path.stem}")

    failures = []
    for bench in REGISTRY:
        if args.k not in bench.name or args.area not in ("", bench.area):
            continue
        print(f"running {bench.name} ...", file=sys.stderr, flush=True)
        start = time.monotonic()
        try:
            bench.results.append(bench.measure())
        except Exception:
            failures.append(bench.name)
            traceback.print_exc()
        print(f"  {time.monotonic() - start:.0f} s", file=sys.stderr, flush=True)

    ran = [bench for bench in REGISTRY if bench.results]
    print(format_table(ran))
    results_dir = HERE / "results"
    results_dir.mkdir(exist_ok=True)
    (results_dir / "latest.json").write_text(
        json.dumps(
            [
                {
                    "name": bench.name,
                    "median": result.median,
                    "unit": result.unit,
                    "samples": result.samples,
                    "baseline": result.baseline,
                    "ratio": result.ratio,
                    "target": result.target,
                    "floor": result.floor,
                }
                for bench in ran
                for result in bench.results
            ],
            indent=2,
        )
    )
    missed = [bench.name for bench in ran for result in bench.results if result.met is False]
    if failures:
        print(f"benchmarks that failed to run: {', '.join(failures)}", file=sys.stderr)
    if missed:
        print(f"figures over their target: {', '.join(missed)}", file=sys.stderr)
    return 1 if failures or missed else 0


if __name__ == "__main__":
    sys.exit(main())
