"""Geodata figures: loading every committed layer cold and from the cache."""

from __future__ import annotations

import time

from benchmarks.harness import Measurement, benchmark, fresh_process_ms

# Imports happen before the clock starts: the figure is the loading, not the geospatial stack.
_COLD_SNIPPET = """
import json, time
import geopandas, shapely
from geodata import layers
start = time.perf_counter()
{body}
print((time.perf_counter() - start) * 1000)
"""
_LOAD_ALL = "for name in layers.layer_names():\n    layers.load_layer(name)"
_PARSE_ALL = (
    "for name in layers.layer_names():\n"
    "    json.loads((layers.DATA_DIR / f'{name}.geojson').read_text(encoding='utf-8'))"
)


@benchmark("load every geodata layer, cold", area="geodata")
def load_all_layers_cold() -> Measurement:
    from geodata import layers

    total_kib = sum(p.stat().st_size for p in layers.DATA_DIR.glob("*.geojson")) / 1024
    return Measurement(
        samples=fresh_process_ms(_COLD_SNIPPET.format(body=_LOAD_ALL)),
        baseline=fresh_process_ms(_COLD_SNIPPET.format(body=_PARSE_ALL)),
        baseline_label="json.loads of the same files",
        target=300.0,
        note=f"{len(layers.layer_names())} layers, {total_kib:.0f} KiB on disk; "
        "fresh interpreter, imports excluded",
    )


@benchmark("load every geodata layer, cached", area="geodata")
def load_all_layers_cached() -> Measurement:
    from geodata import layers

    for name in layers.layer_names():
        layers.load_layer(name)
    samples = []
    for _ in range(20):
        start = time.perf_counter()
        for name in layers.layer_names():
            layers.load_layer(name)
        samples.append((time.perf_counter() - start) * 1000)
    return Measurement(samples=samples, note="copies of the cached frames")
