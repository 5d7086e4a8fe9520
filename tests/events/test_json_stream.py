"""JSON event files read as a stream: features and records a chunk at a time, never whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import events
from events.loader import read_events
from events.readers import jsonshape, jsonstream


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch) -> None:
    """Three items a chunk, so that a few features already cross several chunks."""
    monkeypatch.setattr(jsonstream, "CHUNK_ITEMS", 3)


def point(number: int, **properties: object) -> dict:
    geometry = {"type": "Point", "coordinates": [46.7 + number / 100, 39.8]}
    base = {"id": f"s-{number}", "date": f"2020-10-{number + 1:02d}", "title": f"Event {number}"}
    return {"type": "Feature", "geometry": geometry, "properties": {**base, **properties}}


def collection(features: list[dict], **members: object) -> str:
    return json.dumps({"type": "FeatureCollection", "features": features, **members})


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_collection_across_chunks(tmp_path: Path) -> None:
    features = [point(number, kind="strike", sources=["Outlet"]) for number in range(10)]
    features[4]["geometry"] = {"type": "LineString", "coordinates": [[46.7, 39.8], [46.8, 39.9]]}
    # a property only the last chunk has, and one feature named only by its own id
    features[9]["properties"]["fatalities"] = 2
    features[9]["properties"]["fatalities_source"] = "Outlet"
    del features[7]["properties"]["id"]
    features[7]["id"] = 77
    loaded, report = read_events(write(tmp_path / "many.geojson", collection(features)))
    assert report.rows_read == 10 and report.rows_kept == 9
    assert [(problem.row, problem.column) for problem in report.problems] == [(5, "geometry")]
    by_id = loaded.set_index("id")
    assert "77" in by_id.index and "s-4" not in by_id.index
    assert by_id.loc["s-9", "fatalities"] == 2 and by_id["fatalities"].isna().sum() == 8
    assert by_id.loc["s-2", "geometry"].x == pytest.approx(46.72)
    assert list(loaded["date"].dt.day) == sorted(loaded["date"].dt.day)


def test_truncated_collection_keeps_whole_features_and_names_the_cut(tmp_path: Path) -> None:
    text = collection([point(number) for number in range(10)])
    cut_at = text.index('"s-7"')  # inside the eighth feature
    loaded, report = read_events(write(tmp_path / "cut.geojson", text[:cut_at]))
    assert report.rows_kept == 7 and ids(loaded) == [f"s-{number}" for number in range(7)]
    (problem,) = report.problems
    assert problem.row == 8 and "cut off after feature 7" in problem.reason
    assert "cut.geojson:8:" in "\n".join(report.problem_lines())


def test_truncated_before_the_first_feature_is_refused(tmp_path: Path) -> None:
    text = collection([point(1)])
    with pytest.raises(events.EventDataError, match="first feature is whole") as caught:
        events.load_events(write(tmp_path / "stub.geojson", text[:60]))
    assert str(caught.value).startswith("stub.geojson:")


def test_broken_feature_is_named(tmp_path: Path) -> None:
    text = collection([point(number) for number in range(8)])
    broken = text.replace('"s-5",', '"s-5",,')
    with pytest.raises(events.EventDataError, match="not valid JSON in feature 6") as caught:
        events.load_events(write(tmp_path / "broken.geojson", broken))
    assert "broken.geojson:6:" in str(caught.value)


def test_depth_bomb_in_a_later_feature_is_refused_before_parsing(tmp_path: Path) -> None:
    features = [point(number) for number in range(7)]
    features[6]["properties"]["x"] = json.loads("[" * 200 + "]" * 200)
    with pytest.raises(events.EventDataError, match=r"nested 20\d levels deep") as caught:
        events.load_events(write(tmp_path / "bomb.geojson", collection(features)))
    assert str(caught.value).startswith("bomb.geojson:")


@pytest.mark.parametrize("piece", [1, 2, 5, 64])
def test_crs_member_after_the_features_with_text_not_ascii(
    monkeypatch, tmp_path: Path, piece: int
) -> None:
    """Members are placed right wherever a scan piece ends, in characters, not bytes."""
    monkeypatch.setattr(jsonshape, "_SCAN_CHARACTERS", piece)
    features = [point(number, title='Şuşa/Շուշի ["]{') for number in range(4)]
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
    envelope = {"type": "FeatureCollection", "name": "Tərtər", "features": features, "crs": crs}
    text = json.dumps(envelope, ensure_ascii=False, indent=1)
    loaded, report = read_events(write(tmp_path / "ogr.geojson", text))
    assert report.ok and report.rows_kept == 4 and any("CRS84" in note for note in report.notes)
    assert set(loaded["title"]) == {'Şuşa/Շուշի ["]{'}
    crs["properties"]["name"] = "urn:ogc:def:crs:EPSG::3857"
    text = json.dumps(envelope, ensure_ascii=False)
    with pytest.raises(events.EventDataError, match="ogr2ogr -t_srs EPSG:4326"):
        events.load_events(write(tmp_path / "mercator.geojson", text))


@pytest.mark.parametrize("piece", [1, 3, 7, 64])
def test_top_level_members_are_placed_across_pieces(monkeypatch, piece: int) -> None:
    monkeypatch.setattr(jsonshape, "_SCAN_CHARACTERS", piece)
    value = {"a\\": "ü]\\", "b": [1, {"c": "}"}], "d": 2, "é": {"f": ['\\"[']}, "g": []}
    text = json.dumps(value, ensure_ascii=False)
    spans = jsonshape.scan_json(text).members
    assert [json.loads(text[start:stop]) for start, stop in spans] == [
        value["b"],
        value["é"],
        value["g"],
    ]


def test_timemap_records_stream_and_a_cut_is_named(tmp_path: Path) -> None:
    records = [
        {"date": "2020-10-04", "latitude": "39.8", "longitude": f"46.{n}", "location": "Tartar"}
        for n in range(8)
    ]
    text = json.dumps(records)
    _, report = read_events(write(tmp_path / "tm.json", text[: text.index('"46.6"')]))
    assert report.rows_kept == 6 and report.problems[0].row == 7
    assert "cut off after record 6" in report.problems[0].reason
    records[4] = ["not", "a", "record"]
    with pytest.raises(events.EventDataError, match="not a list of records") as caught:
        events.load_events(write(tmp_path / "mixed.json", json.dumps(records)))
    assert "mixed.json:5:" in str(caught.value)


def ids(loaded) -> list[str]:
    return sorted(loaded["id"])
