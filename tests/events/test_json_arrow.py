"""GeoJSON parsed by Arrow in one step reads exactly as item by item, or is left to that read."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from events.loader import read_events
from events.readers import geojson, jsonarrow, jsonshape, jsonstream

ROOT = Path(__file__).resolve().parents[2]


def point(number: int, **properties: object) -> dict:
    geometry = {"type": "Point", "coordinates": [46.7 + number / 100, 39.8]}
    base = {"id": f"s-{number}", "date": f"2020-10-{number % 28 + 1:02d}", "title": f"E {number}"}
    return {"type": "Feature", "geometry": geometry, "properties": {**base, **properties}}


def collection(features: list, **members: object) -> str:
    return json.dumps({"type": "FeatureCollection", "features": features, **members})


def with_extra(text: str, extra: str) -> str:
    """Add raw JSON text after the first feature's title (what json.dumps does not write)."""
    return text.replace('"E 1"', '"E 1", ' + extra, 1)


def geometry(coordinates: object, kind: str = "Point") -> dict:
    return {"type": kind, "coordinates": coordinates}


ONE = collection([point(1)])
#: name -> (file text, whether Arrow's parse is used)
CASES = {
    "plain": (
        collection([point(n, kind="strike", sources=["A", "B"], fatalities=n) for n in range(40)]),
        True,
    ),
    # date-times Arrow would turn into timestamps; one met only after the first items
    "date_times": (
        collection([point(n, date=f"2020-10-04T0{n}:30:00+04:00") for n in range(9)]),
        True,
    ),
    "date_after_first_items": (
        collection(
            [point(n) for n in range(jsonstream._FIRST_ITEMS + 5)]
            + [point(2, description="2020-10-05T06:30:00+04:00")]
        ),
        True,
    ),
    "crs_and_text_not_ascii": (
        collection(
            [point(1, title='Şuşa/Shushi ["]{ \\', description="a\u2028b")],
            crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        ),
        True,
    ),
    "features_member_first": (
        '{"features": ' + json.dumps([point(1)]) + ', "type": "FeatureCollection"}',
        True,
    ),
    "whole_and_three_coordinates": (
        collection([{**point(1), "geometry": geometry([46, 39, 200])}, point(2)]),
        True,
    ),
    "feature_ids": (collection([{**point(1, id=""), "id": 7}, {**point(2, id=""), "id": 8}]), True),
    "null_and_missing_properties": (
        collection(
            [
                {**point(1), "properties": None},
                {"type": "Feature", "geometry": geometry([46.7, 39.8])},
            ]
        ),
        True,
    ),
    "ucdp_ged": (
        collection(
            [
                {
                    "type": "Feature",
                    "geometry": geometry([46.7, 39.8]),
                    "properties": {
                        "id": 5,
                        "date_start": "2020-10-04 00:00:00.000",
                        "type_of_violence": 1,
                        "side_a": "A",
                        "side_b": "B",
                        "event_clarity": 2,
                        "source_office": "X",
                        "where_prec": 1,
                        "best": 3,
                    },
                }
            ]
        ),
        True,
    ),
    # left to the item-by-item read, which describes each of these
    "decimals_booleans_objects": (
        collection(
            [point(1, fatalities=2.0, status=True, title={"en": "x"}), point(2, fatalities=2.5)]
        ),
        False,
    ),
    "lists_with_nulls_and_empty": (
        collection([point(1, sources=["A", None]), point(2, sources=[])]),
        False,
    ),
    "one_coordinate_only": (
        collection([{**point(1), "geometry": geometry([46])}, point(2)]),
        False,
    ),
    "null_geometry": (collection([point(1), {**point(2), "geometry": None}]), False),
    "a_line": (
        collection([point(1), {**point(2), "geometry": geometry([[1, 2], [3, 4]], "LineString")}]),
        False,
    ),
    "coordinates_as_text": (
        collection([{**point(1), "geometry": geometry(["46.7", "39.8"])}]),
        False,
    ),
    "null_before_a_number": (
        collection([{**point(1), "geometry": geometry([None, 39])}, point(2)]),
        False,
    ),
    "text_and_number_in_one_field": (
        collection([point(1, fatalities=2), point(2, fatalities="3")]),
        False,
    ),
    "feature_ids_of_two_types": (
        collection([{**point(1), "id": 7}, {**point(2), "id": "x"}]),
        False,
    ),
    "a_null_feature": (collection([point(1), None]), False),
    "a_number_among_features": (collection([point(1), 5]), False),
    "no_features": (collection([]), False),
    "nan": (with_extra(ONE, '"x": NaN'), False),
    "infinity": (with_extra(ONE, '"x": -Infinity'), False),
    "integer_over_64_bits": (with_extra(ONE, '"x": 123456789012345678901234567890'), False),
    "repeated_key": (with_extra(ONE, '"title": "again"'), False),
    "lone_surrogate": (with_extra(ONE, '"x": "\\ud800"'), False),
    "tab_inside_text": (with_extra(ONE, '"x": "a\tb"'), False),
    "truncated": (collection([point(n) for n in range(10)])[:-300], False),
    "text_after_the_document": (ONE + " x", False),
    "two_documents": (ONE + collection([point(2)]), False),
}


def not_plain(document: jsonstream.JsonStream) -> Iterator:
    raise jsonarrow.NotPlain("the item-by-item read asked for")
    yield


def outcome(path: Path) -> tuple:
    """Events and report of a read, or the error's message."""
    try:
        loaded, report = read_events(path)
    except Exception as error:  # both reads must fail alike
        return (type(error).__name__, str(error))
    cells = loaded.astype({"geometry": str}).astype(str)
    return (dict(loaded.dtypes), cells.values.tolist(), report.problem_lines(), vars(report))


@pytest.mark.parametrize("case", CASES)
def test_arrow_reads_as_the_item_by_item_read_or_leaves_the_file_to_it(
    monkeypatch, tmp_path: Path, case: str
) -> None:
    text, arrow_used = CASES[case]
    path = tmp_path / f"{case}.geojson"
    path.write_text(text, encoding="utf-8")
    taken = []
    arrow_features = geojson._arrow_features

    def spy(document: jsonstream.JsonStream) -> geojson._Features:
        taken.append(arrow_features(document))  # NotPlain goes on to the caller
        return taken[-1]

    monkeypatch.setattr(geojson, "_arrow_features", spy)
    in_one_step = outcome(path)
    assert bool(taken) is arrow_used
    monkeypatch.setattr(jsonstream.JsonStream, "arrow_parts", not_plain)
    assert in_one_step == outcome(path)


def test_a_malformed_array_from_arrow_is_never_read() -> None:
    """Arrow 26 builds list offsets past their values for a null before a number."""
    text = collection([{**point(1), "geometry": geometry([None, 39])}, point(2)])
    document = jsonstream.stream_json(text, "null.geojson", "features")
    try:
        parts = list(document.arrow_parts())
    except jsonarrow.NotPlain:
        return
    # a pyarrow with the bug fixed: then the values must be right
    expected = [feature["geometry"] for feature in json.loads(text)["features"]]
    assert [item["geometry"] for part in parts for item in part.to_pylist()] == expected


def test_parts_are_cut_between_features(monkeypatch) -> None:
    """Long lists go to Arrow in parts cut after a feature, wherever the scan pieces end."""
    monkeypatch.setattr(jsonarrow, "_PART_CHARACTERS", 300)
    monkeypatch.setattr(jsonshape, "_SCAN_CHARACTERS", 97)
    features = [point(n, title='a "quoted" ],{ title', sources=["x", "y"]) for n in range(60)]
    text = json.dumps({"type": "FeatureCollection", "features": features}, indent=1)
    document = jsonstream.stream_json(text, "parts.geojson", "features")
    parts = list(document.arrow_parts())
    assert len(parts) > 5
    items = [item for part in parts for item in part.to_pylist()]
    assert [item["properties"]["title"] for item in items] == [
        feature["properties"]["title"] for feature in features
    ]
    assert [item["properties"]["sources"] for item in items] == [["x", "y"]] * 60


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("points.geojson", ONE),
        ("records.json", '[{"date": "2020-10-04", "latitude": "39.8", "longitude": "46.7"}]'),
    ],
)
def test_json_without_pyarrow_is_one_clear_error(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    script = (
        "import sys\n"
        "sys.modules['pyarrow'] = None  # as if it were not installed\n"
        "from events.loader import read_events\n"
        "try:\n"
        "    read_events(sys.argv[1])\n"
        "except ImportError as error:\n"
        "    print(error)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert "reading event files needs pyarrow" in result.stdout
    assert "pip install 'pyarrow" in result.stdout and not result.stderr.strip()
