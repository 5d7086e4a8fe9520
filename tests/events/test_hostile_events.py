"""Hostile and degenerate event files stay harmless: clear one-line errors, bounded output.

Covers the surfaces in events/ and the command line: ``read_events``, ``validate``,
``snapshot --events`` and ``run --events`` (through Streamlit's AppTest).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import events
from dashboard.cli import main as cli_main
from events.loader import read_events
from events.schema import COLUMNS, MAX_VALUE_CHARACTERS

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"
OUR_HEADER = ",".join(COLUMNS)
GOOD_ROW = (
    "h-1,2020-10-04,,day,A title,,strike,,39.82,46.75,town,confirmed,,,Armenia,,,"
    "https://example.org/one"
)
ACLED_HEADER = "event_id_cnty,event_date,event_type,location,latitude,longitude,source"


def deep_geojson(depth: int, features: int = 1) -> str:
    nested = "[" * depth + "]" * depth
    feature = (
        '{"type": "Feature", "geometry": {"type": "Point", "coordinates": [46.7, 39.8]},'
        f' "properties": {{"date": "2020-10-04", "title": "t", "x": {nested}}}}}'
    )
    return '{"type": "FeatureCollection", "features": [' + ",".join([feature] * features) + "]}"


def validate(capsys, *args: str) -> tuple[int, str]:
    code = cli_main(["validate", *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize("depth", [40, 5_000, 200_000])
def test_deep_nesting_is_refused_naming_the_file(tmp_path: Path, capsys, depth: int) -> None:
    path = tmp_path / "deep.geojson"
    path.write_text(deep_geojson(depth))
    with pytest.raises(events.EventDataError, match="nested") as caught:
        events.load_events(path)
    assert str(caught.value).startswith("deep.geojson:")
    code, output = validate(capsys, str(path))
    assert code == 1 and "deep.geojson" in output and "Traceback" not in output
    # the collection, the feature and its properties hold the nested value
    assert f"nested {depth + 4:,} levels deep" in output


def test_a_flood_of_empty_arrays_is_refused_before_parsing(tmp_path: Path) -> None:
    junk = ",".join(["[]"] * 200_000)
    text = deep_geojson(1)[:-1] + f', "junk": [{junk}]}}'
    path = tmp_path / "flood.geojson"
    path.write_text(text)
    with pytest.raises(events.EventDataError, match="not event data"):
        events.load_events(path)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("ours.csv", OUR_HEADER + "\n"),
        ("acled.csv", ACLED_HEADER + "\r\n"),
        ("records.json", "[]"),
    ],
)
def test_header_only_files_say_nothing_was_loaded(tmp_path, capsys, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    code, output = validate(capsys, str(path))
    assert code == 1
    assert "nothing was loaded" in output and "problems: none" not in output
    with pytest.raises(events.EventDataError, match="no data rows"):
        events.load_events(path)


def test_echoed_values_are_cut(tmp_path: Path, capsys) -> None:
    huge = "ftp://" + "x" * 1_000_000
    rows = [
        GOOD_ROW.replace("h-1", f"h-{n}").replace("https://example.org/one", huge) for n in range(5)
    ]
    path = tmp_path / "urls.csv"
    path.write_text("\n".join([OUR_HEADER, *rows]) + "\n")
    _, report = read_events(path)
    assert report.problems and all(len(problem.reason) < 300 for problem in report.problems)
    assert "(1,000,006 characters)" in report.problems[0].reason
    code, output = validate(capsys, str(path), "--max-problems", "3")
    assert code == 1 and len(output) < 3_000 and "... and 2 more" in output


def test_a_value_over_the_limit_rejects_its_row_once(tmp_path: Path) -> None:
    over = "x" * (MAX_VALUE_CHARACTERS + 1)
    path = tmp_path / "long.csv"
    rows = [
        "id,event_date,event_type,location,latitude,longitude,source,notes",
        f"a-1,04-10-2020,Battles,Place,39.8,46.7,{over},",
        f"a-2,04-10-2020,Battles,Place,39.8,46.7,Outlet,{over}",
        "a-3,04-10-2020,Battles,Place,39.8,46.7,Outlet,fine",
        f"a-4,04-10-2020,Battles,Place,39.8,46.7,Outlet,{over[:-1]}",
    ]
    path.write_text("\n".join(rows) + "\n")
    events_read, report = read_events(path, format="table")
    assert list(events_read["id"]) == ["a-3", "a-4"]  # at the limit is still read
    assert [(problem.row, problem.column) for problem in report.problems] == [
        (2, "source"),
        (3, "notes"),
    ]
    reason = report.problems[0].reason
    assert f"({MAX_VALUE_CHARACTERS + 1:,} characters)" in reason and len(reason) < 300
    assert "over the limit of 65,536 characters" in reason


def test_nul_and_control_bytes_are_stripped_and_said(tmp_path: Path) -> None:
    path = tmp_path / "control.csv"
    row = GOOD_ROW.replace("A title", "A\x00 ti\x1b[31mtle\x07")
    path.write_bytes(f"{OUR_HEADER}\n{row}\n".encode())
    loaded, report = read_events(path)
    assert report.ok and loaded.iloc[0]["title"] == "A ti[31mtle"
    assert "3 NUL or control characters removed" in report.encoding


def test_snapshot_says_how_many_rows_were_rejected(tmp_path: Path, capsys) -> None:
    path = tmp_path / "acled.csv"
    path.write_text(
        ACLED_HEADER + "\nX1,2020-10-04,Battles,Tartar,40.34,46.93,Outlet\n"
        "X2,2020-10-04,Battles,Tartar,not-a-number,46.93,Outlet\n"
    )
    out = tmp_path / "a.geojson"
    code = cli_main(["snapshot", "--date", "2020-10-04", "--events", str(path), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 0 and out.exists()
    assert "acled.csv: loaded 1 of 2 rows; 1 rejected" in err


def test_snapshot_refuses_a_header_only_file(tmp_path: Path, capsys) -> None:
    path = tmp_path / "empty.csv"
    path.write_text(ACLED_HEADER + "\n")
    out = tmp_path / "a.png"
    code = cli_main(["snapshot", "--date", "2020-10-04", "--events", str(path), "--out", str(out)])
    assert code == 2 and "nothing was loaded" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("header.csv", OUR_HEADER + "\n", "nothing was loaded"),
        ("onebad.csv", f"{OUR_HEADER}\n{GOOD_ROW}\n{GOOD_ROW.replace('h-1', 'h-2')[:-30]}\n", "h"),
    ],
)
def test_run_with_events_shows_an_error_not_a_traceback(
    monkeypatch, tmp_path: Path, name: str, text: str, expected: str
) -> None:
    path = tmp_path / name
    path.write_text(text)
    monkeypatch.setattr(sys, "argv", [str(APP), "--events", str(path)])
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.run()
    assert not app.exception
    assert "could not be read" in app.error[0].value
    assert name in app.code[0].value and expected in app.code[0].value


def test_deep_json_array_is_refused_as_records(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text(json.dumps([{"date": "2020-10-04"}])[:-1] + "," + "[" * 10_000 + "]" * 10_001)
    with pytest.raises(events.EventDataError, match="nested"):
        events.load_events(path)


def _shape(value: object, depth: int = 0) -> tuple[int, int]:
    """Deepest nesting and count of objects and arrays of a parsed JSON value."""
    if not isinstance(value, list | dict):
        return depth, 0
    items = value.values() if isinstance(value, dict) else value
    inner = [_shape(item, depth + 1) for item in items]
    return max([depth + 1] + [d for d, _ in inner]), 1 + sum(c for _, c in inner)


@pytest.mark.parametrize("piece", [1, 2, 3, 7, 64])
def test_json_is_measured_right_across_pieces(monkeypatch, piece: int) -> None:
    """Brackets and escaped quotes inside strings never count, wherever a piece ends."""
    from events.readers import jsonshape

    monkeypatch.setattr(jsonshape, "_SCAN_CHARACTERS", piece)
    tricky = ['a[b{\\"', "\\\\", '"]]', "}", 1, None, "x" * 40]
    value = {
        "k[\\": [tricky, {"a": [[], {}], 'b"{': [[["[", "]"]]]}],
        "deep": [[[[{"z": "]]]]"}]]]],
    }
    assert jsonshape.scan_json(json.dumps(value))[:2] == _shape(value)


def test_missing_pyarrow_is_a_clear_error(monkeypatch) -> None:
    from events.readers import _compat

    _compat.has_pyarrow.cache_clear()
    monkeypatch.setattr(_compat.importlib.util, "find_spec", lambda name: None)
    try:
        with pytest.raises(ImportError, match="pip install 'pyarrow"):
            _compat.require_pyarrow()
    finally:
        _compat.has_pyarrow.cache_clear()
