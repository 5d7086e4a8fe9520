"""The event loader: our CSV schema, validation of every kind of problem, the date index."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import events
from events import validate_cli
from events.loader import _load_curated, read_events
from events.schema import COLUMNS, OUTPUT_COLUMNS, Problem

GOOD_ROW = {
    "id": "t-0001",
    "date": "2020-10-04",
    "time": "06:30+04:00",
    "date_precision": "day",
    "title": "Shelling reported",
    "description": "A test row.",
    "kind": "strike",
    "place": "",
    "lat": "40.68",
    "lon": "46.36",
    "location_precision": "town",
    "status": "claimed",
    "claimed_by": "Azerbaijan",
    "denied_by": "Armenia",
    "actors": "Armenia | Azerbaijan",
    "fatalities": "1",
    "fatalities_source": "https://www.bbc.com/news/world-europe-54407097",
    "sources": "https://www.bbc.com/news/world-europe-54407097 | https://www.rferl.org/a/x.html",
}


def write_rows(path: Path, rows: list[dict[str, str]], columns=COLUMNS) -> Path:
    """Write rows in our CSV schema (missing fields empty)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows([{column: row.get(column, "") for column in columns} for row in rows])
    return path


def row(**changes: str) -> dict[str, str]:
    return {**GOOD_ROW, **changes}


def test_vocabularies_are_the_agreed_ones() -> None:
    assert events.KINDS == (
        "fighting",
        "capture",
        "strike",
        "ceasefire",
        "diplomacy",
        "political",
        "humanitarian",
        "peacekeeping",
        "other",
    )
    assert events.STATUSES == ("confirmed", "claimed", "disputed")
    assert events.LOCATION_PRECISIONS == ("exact", "town", "district", "region")


def test_our_csv_loads_into_typed_sorted_geodataframe(tmp_path: Path) -> None:
    path = write_rows(
        tmp_path / "ours.csv",
        [
            row(id="t-2", date="2020-10-17", time="", fatalities="", fatalities_source=""),
            row(id="t-1", date="2020-09-27", status="confirmed", claimed_by=""),
        ],
    )
    loaded = events.load_events(path)
    assert list(loaded.columns) == list(OUTPUT_COLUMNS)
    assert loaded.crs.to_epsg() == 4326
    assert list(loaded["id"]) == ["t-1", "t-2"]
    assert pd.api.types.is_datetime64_any_dtype(loaded["date"])
    first = loaded.iloc[0]
    assert first["sources"] == [
        "https://www.bbc.com/news/world-europe-54407097",
        "https://www.rferl.org/a/x.html",
    ]
    assert first["actors"] == ["Armenia", "Azerbaijan"]
    assert first["claimed_by"] == []
    assert first["fatalities"] == 1.0
    assert np.isnan(loaded.iloc[1]["fatalities"])
    assert (first.geometry.x, first.geometry.y) == (46.36, 40.68)
    assert first["time"] == "06:30+04:00"
    assert first["origin"] == "ours.csv"


BAD_ROWS = [
    (row(kind="battle"), "kind", "unknown kind 'battle'"),
    (row(status="rumour"), "status", "unknown status 'rumour'"),
    (row(location_precision="street"), "location_precision", "unknown location_precision"),
    (row(date_precision="week"), "date_precision", "unknown date_precision"),
    (row(date="2020-02-30"), "date", "unparseable date '2020-02-30'"),
    (row(date="04/10/2020"), "date", "unparseable date"),
    (row(date="2999-01-01"), "date", "outside the accepted range"),
    (row(date=""), "date", "missing date"),
    (row(time="6pm"), "time", "not HH:MM with an offset"),
    (row(lat="91.5"), "lat", "lat 91.5 is outside -90 to 90"),
    (row(lon="-181"), "lon", "lon -181 is outside -180 to 180"),
    (row(lat="north"), "lat", "lat 'north' is not a number"),
    (row(lat=""), "lat", "missing lat (lon is given)"),
    (row(lat="", lon=""), "place", "no place and no lat/lon"),
    (row(sources=""), "sources", "missing source"),
    (row(sources="ftp://example.org/x"), "sources", "'ftp://example.org/x' is not an http(s) URL"),
    (row(sources="Reuters"), "sources", "'Reuters' is not an http(s) URL"),
    (row(title=""), "title", "missing title"),
    (row(id=""), "id", "missing id"),
    (row(fatalities="2.5"), "fatalities", "not a whole number"),
    (row(fatalities_source=""), "fatalities_source", "without fatalities_source"),
    (row(claimed_by=""), "claimed_by", "status claimed needs claimed_by"),
]


@pytest.mark.parametrize(("bad", "column", "reason"), BAD_ROWS)
def test_each_problem_is_reported_with_row_column_reason(
    tmp_path: Path, bad: dict[str, str], column: str, reason: str
) -> None:
    path = write_rows(tmp_path / "bad.csv", [row(id="t-ok"), {**bad, "id": bad["id"] and "t-bad"}])
    with pytest.raises(events.EventDataError) as caught:
        events.load_events(path)
    problems = caught.value.problems
    assert any(p.row == 3 and p.column == column and reason in p.reason for p in problems), problems
    assert f"bad.csv:3:{column}: " in str(caught.value)
    report = events.validate_file(path)
    assert report.rows_read == 2 and report.rows_kept == 1
    assert any(p.row == 3 and p.column == column for p in report.problems)


def test_duplicate_ids_name_the_first_row(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "dup.csv", [row(), row(), row(id="t-9"), row()])
    report = events.validate_file(path)
    assert [(p.row, p.column) for p in report.problems] == [(3, "id"), (5, "id")]
    assert "duplicate id 't-0001' (first used in row 2)" in report.problems[0].reason


def test_all_problems_are_listed_and_nothing_is_half_loaded(tmp_path: Path) -> None:
    path = write_rows(
        tmp_path / "many.csv",
        [row(id="a"), row(id="b", kind="x"), row(id="c"), row(id="d", date="soon", lat="99")],
    )
    with pytest.raises(events.EventDataError) as caught:
        events.load_events(path)
    message = str(caught.value)
    assert message.splitlines()[0].startswith("many.csv: 3 problems found")
    assert "many.csv:3:kind: " in message
    assert "many.csv:5:date: " in message and "many.csv:5:lat: " in message


def test_missing_column_is_named(tmp_path: Path) -> None:
    columns = [column for column in COLUMNS if column != "lat"]
    path = write_rows(tmp_path / "nolat.csv", [row()], columns=columns)
    with pytest.raises(events.EventDataError, match="missing column 'lat'"):
        events.load_events(path)


def test_html_payload_is_kept_as_text(tmp_path: Path) -> None:
    payload = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
    path = write_rows(tmp_path / "html.csv", [row(title=payload, description=payload)])
    loaded = events.load_events(path)
    assert loaded.iloc[0]["title"] == payload
    assert loaded.iloc[0]["description"] == payload


def test_windows_1252_is_read_and_said(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "excel.csv", [row(), row(id="t-2", title="Tértér")])
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))
    loaded, report = read_events(path)
    assert report.ok and loaded["title"].tolist()[-1] == "Tértér"
    assert report.encoding.startswith("Windows-1252")
    assert "encoding: Windows-1252" in report.format_text()


def test_wrong_encoding_names_the_line(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "latin.csv", [row(), row(id="t-2", title="Tərtər")])
    # 0x81 is neither UTF-8 on its own nor a Windows-1252 character
    path.write_bytes(path.read_text(encoding="utf-8").replace("ə", "\x81").encode("latin-1"))
    report = events.validate_file(path)
    assert report.rows_read == 0
    (problem,) = report.problems
    assert problem.row is None
    assert "not UTF-8" in problem.reason and "line 3" in problem.reason


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"<!DOCTYPE html><html><body>Sign in</body></html>", "looks like HTML"),
        (b"PK\x03\x04\x14\x00\x06\x00rest-of-a-workbook", "ZIP archive"),
        (b"just a sentence without columns\nand another\n", "neither CSV nor GeoJSON"),
        (b"", "the file is empty"),
        (b"alpha,beta\n1,2\n", "CSV columns not recognised (alpha, beta)"),
    ],
)
def test_files_that_are_not_event_data_get_a_clear_message(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "upload.csv"
    path.write_bytes(content)
    with pytest.raises(
        events.EventDataError, match=expected.replace("(", r"\(").replace(")", r"\)")
    ):
        events.load_events(path)


def test_missing_file_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    report = events.validate_file(tmp_path / "absent.csv")
    assert not report.ok
    assert "no such file" in report.problems[0].reason


def test_validate_command_exit_codes_and_output(tmp_path: Path, capsys) -> None:
    parser = argparse.ArgumentParser()
    validate_cli.add_arguments(parser)
    good = write_rows(tmp_path / "good.csv", [row()])
    assert validate_cli.main(parser.parse_args([str(good)])) == 0
    output = capsys.readouterr().out
    assert "rows read: 1; kept: 1" in output and "problems: none" in output
    bad = write_rows(tmp_path / "bad.csv", [row(), row(id="t-2", kind="battle")])
    assert validate_cli.main(parser.parse_args([str(bad), "--format", "csv"])) == 1
    error = capsys.readouterr().err
    assert "bad.csv:3:kind: unknown kind 'battle'" in error
    assert "Traceback" not in error


def test_problem_is_a_row_column_reason_tuple() -> None:
    row_number, column, reason = Problem(4, "kind", "unknown kind")
    assert (row_number, column, reason) == (4, "kind", "unknown kind")


# --- the date index -------------------------------------------------------------------------


def _synthetic(count: int, seed: int = 7) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    days = pd.Timestamp("2020-09-27") + pd.to_timedelta(rng.integers(0, 66, count), unit="D")
    return pd.DataFrame({"id": [f"s{i}" for i in range(count)], "date": days})


def test_index_queries_match_a_full_scan() -> None:
    frame = _synthetic(5_000)
    index = events.EventIndex(frame)
    dates = frame["date"]
    for day in ("2020-09-27", "2020-10-10", dt.date(2020, 11, 9), pd.Timestamp("2020-12-01")):
        stamp = pd.Timestamp(day)
        assert set(index.on(day)["id"]) == set(frame.loc[dates == stamp, "id"])
        assert set(index.until(day)["id"]) == set(frame.loc[dates <= stamp, "id"])
    chosen = index.between("2020-10-01", "2020-10-20")
    expected = frame.loc[(dates >= "2020-10-01") & (dates <= "2020-10-20"), "id"]
    assert set(chosen["id"]) == set(expected)
    assert chosen["date"].is_monotonic_increasing
    assert len(index.on("2021-01-01")) == 0
    assert index.first_day == dates.min().date() and index.last_day == dates.max().date()


def test_index_rejects_bad_days() -> None:
    index = events.EventIndex(_synthetic(10))
    with pytest.raises(ValueError, match="not a date"):
        index.on("yesterday")
    with pytest.raises(ValueError, match="before start"):
        index.between("2020-11-01", "2020-10-01")


# --- the curated record ---------------------------------------------------------------------


def test_curated_record_loads_cached_with_both_place_names() -> None:
    before = _load_curated.cache_info().hits
    record = events.load_events()
    again = events.load_events()
    assert _load_curated.cache_info().hits > before
    assert record is not again and record.equals(again)
    assert len(record) >= 100 and record["id"].is_unique
    assert (record["origin"] == "curated").all()
    names = dict(zip(record["place"], record["place_name"], strict=True))
    if "shusha" in names:
        assert names["shusha"] == "Shusha/Shushi"
    if "stepanakert" in names:
        assert names["stepanakert"] == "Stepanakert/Khankendi"
    assert all(record["sources"].str.len() > 0)


def test_curated_queries_use_the_record() -> None:
    record = events.load_events()
    day = record["date"].iloc[len(record) // 2]
    assert list(events.on(day)["id"]) == list(record.loc[record["date"] == day, "id"])
    assert len(events.until(day)) == int((record["date"] <= day).sum())
    assert len(events.between(record["date"].min(), record["date"].max())) == len(record)


def test_place_ids_resolve_through_the_gazetteer(tmp_path: Path) -> None:
    path = write_rows(
        tmp_path / "places.csv",
        [
            row(id="p-1", place="shusha", lat="", lon=""),
            row(id="p-2", place="tartar", lat="", lon=""),
            row(id="p-3", place="atlantis", lat="", lon=""),
        ],
    )
    loaded, report = read_events(path)
    assert [(p.row, p.column) for p in report.problems] == [(4, "place")]
    assert "unknown place id 'atlantis'" in report.problems[0].reason
    by_id = loaded.set_index("id")
    assert by_id.loc["p-1", "place_name"] == "Shusha/Shushi"
    assert by_id.loc["p-2", "place_name"] == "Tartar"
    shusha = by_id.loc["p-1", "geometry"]
    assert abs(shusha.y - 39.76) < 0.05 and abs(shusha.x - 46.75) < 0.05


def test_a_row_with_too_many_fields_names_its_line(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "ragged.csv", [row()])
    path.write_text(path.read_text() + "t-2,2020-10-05,extra,,,,,,,,,,,,,,,,,,\n")
    with pytest.raises(events.EventDataError, match=r"not readable as CSV: .*line 3"):
        events.load_events(path)


def test_karabakh_dashboard_validate_end_to_end(tmp_path: Path) -> None:
    bad = write_rows(tmp_path / "bad.csv", [row(), row(id="t-2", date="2020-10-32")])
    command = [sys.executable, "-m", "dashboard.cli", "validate"]
    result = subprocess.run([*command, str(bad)], capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "bad.csv:3:date: unparseable date '2020-10-32'" in result.stderr
    assert "Traceback" not in result.stderr
    missing = subprocess.run(
        [*command, str(tmp_path / "absent.csv")], capture_output=True, text=True, check=False
    )
    assert missing.returncode == 1 and "no such file" in missing.stderr
    curated = subprocess.run(
        [*command, str(events.schema.CURATED_PATH)], capture_output=True, text=True, check=False
    )
    assert curated.returncode == 0, curated.stderr
    assert "problems: none" in curated.stdout


def test_our_csv_takes_a_place_or_coordinates_not_both(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "both.csv", [row(place="shusha")])
    report = events.validate_file(path)
    assert [(p.row, p.column) for p in report.problems] == [(2, "lat")]
    assert "lat/lon given with a place" in report.problems[0].reason


def test_windows_line_endings_and_a_byte_order_mark_are_read(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "excel.csv", [row(), row(id="t-2")])
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n").replace("\n", "\r\n")
    path.write_bytes(text.encode("utf-8-sig"))
    loaded = events.load_events(path)
    assert list(loaded["id"]) == ["t-0001", "t-2"]
    assert loaded.iloc[0]["sources"][-1] == "https://www.rferl.org/a/x.html"
