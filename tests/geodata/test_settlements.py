"""The settlement record: layout, sources, dates, the merge of its parts and the loader."""

from __future__ import annotations

import csv
import datetime as dt
import shutil

import pandas as pd
import pytest

from geodata import load_settlements
from geodata.build import settlement_rows
from geodata.build import settlements as build_settlements
from geodata.layers import GeodataError

RECORD = build_settlements.OUTPUT
WAR_START, LAST_WAR_DAY = dt.date(2020, 9, 27), dt.date(2020, 11, 9)
HANDOVERS = {dt.date(2020, 11, 20), dt.date(2020, 11, 25), dt.date(2020, 12, 1)}


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with RECORD.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def _urls(cell: str) -> list[str]:
    return [part for part in cell.split(" | ") if part]


# --- layout ------------------------------------------------------------------------------------


def test_layout_header_order_and_line_ends(rows):
    raw = RECORD.read_bytes()
    assert b"\r" not in raw
    header = raw.decode("utf-8").split("\n", 1)[0]
    assert tuple(header.split(",")) == build_settlements.COLUMNS
    keys = [(row["district"], row["id"]) for row in rows]
    assert keys == sorted(keys)
    assert len({row["id"] for row in rows}) == len(rows)
    assert len(rows) >= 300, "about 300 settlements were announced"


def test_districts_and_kinds_are_from_the_codebook(rows):
    for row in rows:
        assert row["district"] in build_settlements.DISTRICT_UNITS, row["id"]
        assert row["id"].startswith(row["district"].lower() + "-"), row["id"]
        assert row["kind"] in settlement_rows.KINDS, row["id"]


# --- sources and dates -------------------------------------------------------------------------


def test_every_settlement_is_sourced(rows):
    for row in rows:
        claims = _urls(row["claim_sources"])
        assert claims and row["claimed_by"], row["id"]
        for column in settlement_rows.SOURCE_COLUMNS:
            for url in _urls(row[column]):
                assert url.startswith(("http://", "https://")) and " " not in url, (row["id"], url)
        if row["confirmed_on"] not in ("", "never"):
            assert row["confirmed_by"] and _urls(row["confirm_sources"]), row["id"]
        assert bool(row["denied_by"]) == bool(row["deny_sources"]), row["id"]
        assert bool(row["handover_on"]) == bool(row["handover_sources"]), row["id"]


def test_every_settlement_is_placed_with_its_source_or_says_why_not(rows):
    for row in rows:
        if row["lat"]:
            assert row["coord_source"] and not row["unplaced_reason"], row["id"]
            assert 38.8 <= float(row["lat"]) <= 40.6 and 45.5 <= float(row["lon"]) <= 47.6
        else:
            assert not row["lon"] and not row["coord_source"], row["id"]
            assert len(row["unplaced_reason"]) > 20, row["id"]


def test_claim_dates_lie_in_the_war_or_the_handover_period(rows):
    for row in rows:
        claimed = dt.date.fromisoformat(row["claimed_on"])
        if claimed > LAST_WAR_DAY:
            assert claimed in HANDOVERS, row["id"]
            assert row["claimed_by"].startswith("Trilateral statement"), row["id"]
        else:
            assert claimed >= WAR_START, row["id"]
        if row["handover_on"]:
            assert dt.date.fromisoformat(row["handover_on"]) in HANDOVERS
            assert row["handover_on"] == row["claimed_on"], row["id"]
        if row["confirmed_on"] not in ("", "never"):
            assert WAR_START <= dt.date.fromisoformat(row["confirmed_on"]) <= max(HANDOVERS)


def test_karin_tak_is_one_row_with_both_accounts(rows):
    karin_tak = [row for row in rows if "Karin Tak" in (row["name_hy"], row["name"])]
    assert [row["id"] for row in karin_tak] == ["shusha-dashalty"]
    row = karin_tak[0]
    assert row["claimed_on"] == "2020-11-09" and row["denied_by"] and row["confirmed_on"]
    assert "nk2020-0084" in row["notes"]


# --- the build ---------------------------------------------------------------------------------


def test_build_reproduces_the_committed_record(tmp_path):
    out = tmp_path / "settlements.csv"
    report = build_settlements.build(out)
    assert out.read_bytes() == RECORD.read_bytes(), (
        "stale: run `python -m geodata.build.settlements`"
    )
    assert report.rows == len(pd.read_csv(RECORD))
    assert all(
        km <= build_settlements.DISTRICT_TOLERANCE_KM for km in report.outside_district_km.values()
    )


def _copy_sources(tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(build_settlements.SOURCES_DIR, sources)
    return sources


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            ",2020-10-17,Azerbaijan: President Ilham Aliyev,https://",
            ",2020-10-17,Azerbaijan: President Ilham Aliyev,www.",
            "claim_sources",
        ),
        (",2020-10-17,Azerbaijan", ",2020-12-17,Azerbaijan", "claimed_on"),
        (",2020-10-17,Azerbaijan", ",2020-09-20,Azerbaijan", "claimed_on"),
    ],
)
def test_build_refuses_a_bad_value_naming_file_settlement_and_field(tmp_path, old, new, message):
    sources = _copy_sources(tmp_path)
    path = sources / "south.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    out = tmp_path / "out.csv"
    with pytest.raises(
        build_settlements.SettlementBuildError, match=rf"south\.csv: .*field {message}"
    ):
        build_settlements.build(out, sources)
    assert not out.exists()


def test_build_refuses_a_settlement_in_both_parts(tmp_path):
    sources = _copy_sources(tmp_path)
    north = (sources / "north.csv").read_text(encoding="utf-8").splitlines()
    south = sources / "south.csv"
    south.write_text(south.read_text(encoding="utf-8") + north[-1] + "\n", encoding="utf-8")
    with pytest.raises(build_settlements.SettlementBuildError, match=r"also in south\.csv"):
        build_settlements.merge(sources)


def test_build_refuses_a_point_far_outside_its_district(tmp_path, rows):
    sources = _copy_sources(tmp_path)
    coordinates = sources / "coordinates.csv"
    # Any Fuzuli village still unplaced: the record gains coordinates over time.
    unplaced = next(row["id"] for row in rows if row["district"] == "Fuzuli" and not row["lat"])
    with coordinates.open("a", encoding="utf-8") as stream:
        # A Fuzuli district village put at Stepanakert/Khankendi: a wrong match.
        stream.write(f"{unplaced},39.8177,46.7528,https://example.org/wrong,\n")
    with pytest.raises(build_settlements.SettlementBuildError, match="outside its district"):
        build_settlements.merge(sources)


def test_command_line_reports_an_error_in_one_line(tmp_path, capsys):
    sources = _copy_sources(tmp_path)
    (sources / "north.csv").unlink()
    out = tmp_path / "out.csv"
    assert build_settlements.main(["--out", str(out), "--sources", str(sources)]) == 1
    error = capsys.readouterr().err
    assert "north.csv" in error and "Traceback" not in error and error.count("\n") == 1
    assert not out.exists()


# --- the loader --------------------------------------------------------------------------------


def test_load_settlements_returns_points_and_keeps_the_unplaced(rows):
    frame = load_settlements()
    assert len(frame) == len(rows)
    assert frame.crs.to_epsg() == 4326
    placed = frame[frame["placed"]]
    assert set(placed.geom_type) == {"Point"}
    assert frame.loc[~frame["placed"], "geometry"].isna().all()
    assert (frame.loc[~frame["placed"], "unplaced_reason"] != "").all()
    assert frame["claimed_on"].notna().all()
    assert frame["claimed_on"].min() >= pd.Timestamp(WAR_START)
    shusha = frame.set_index("id").loc["shusha-city"]
    assert shusha["claimed_on"] == pd.Timestamp("2020-11-08")
    assert isinstance(shusha["claim_sources"], list) and shusha["claim_sources"]
    assert frame["never_confirmed"].sum() == sum(row["confirmed_on"] == "never" for row in rows)


def test_load_settlements_returns_a_copy():
    first = load_settlements()
    first["name"] = "changed"
    assert "changed" not in set(load_settlements()["name"])


def test_load_settlements_names_file_row_and_column_of_a_bad_value(tmp_path):
    text = RECORD.read_text(encoding="utf-8").replace(",2020-10-17,", ",2020-10-32,", 1)
    path = tmp_path / "settlements.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GeodataError, match=r"settlements\.csv:\d+:claimed_on"):
        load_settlements(path)
    with pytest.raises(GeodataError, match="not found"):
        load_settlements(tmp_path / "missing.csv")
