"""Dated control zones: the controller at known places on known dates, tiling, and the lines."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import Point

from geodata import control_area_by_day, control_at, load_settlements
from geodata.build import control as build_control
from geodata.build import control_sources
from geodata.build.settlements import district_shapes

DATA_DIR = Path(build_control.DATA_DIR)
AREA_CRS = "EPSG:6933"
ALL_DAYS = pd.date_range("2020-09-26", "2020-12-01", freq="D").date
TOLERANCE_KM2 = 0.5


@pytest.fixture(scope="module")
def places() -> dict[str, Point]:
    table = pd.read_csv(DATA_DIR / "places.csv")
    return {row.id: Point(row.lon, row.lat) for row in table.itertuples()}


def _controller(point: Point, day: object) -> str | None:
    zones = control_at(day)
    holding = zones[zones.contains(point)]
    assert len(holding) <= 1, f"{len(holding)} zones overlap at {point} on {day}"
    return None if holding.empty else holding.iloc[0]["controller"]


def _area_km2(geometry: shapely.Geometry) -> float:
    return float(gpd.GeoSeries([geometry], crs="EPSG:4326").to_crs(AREA_CRS).area.iloc[0] / 1e6)


def _day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.fixture(scope="module")
def study_area() -> shapely.Geometry:
    districts = gpd.read_file(DATA_DIR / "districts.geojson")
    seven = districts[districts["id"].isin(build_control.SEVEN_DISTRICTS)]
    nkao = gpd.read_file(DATA_DIR / "karabakh.geojson")
    return shapely.union_all([*seven.geometry, *nkao.geometry])


# --- known places on known dates ---------------------------------------------------------------


@pytest.mark.parametrize("place", ["stepanakert", "martuni", "martakert"])
def test_towns_held_by_armenian_forces_throughout(places, place):
    held = {day: _controller(places[place], day) for day in ALL_DAYS}
    assert set(held.values()) == {"armenian"}, {d: c for d, c in held.items() if c != "armenian"}


def test_horadiz_town_azerbaijani_throughout(places):
    assert {_controller(places["horadiz_town"], day) for day in ALL_DAYS} == {"azerbaijani"}


@pytest.mark.parametrize(
    ("place", "capture_day"),
    [
        ("fuzuli", "2020-10-17"),
        ("shusha", "2020-11-08"),
        ("hadrut", "2020-10-09"),
        ("jabrayil", "2020-10-04"),
        ("zangilan", "2020-10-20"),
        ("qubadli", "2020-10-25"),
        ("sugovushan", "2020-10-03"),
        ("talish", "2020-10-03"),
        ("horadiz_village", "2020-09-27"),
        ("aghdam", "2020-11-20"),
        ("kalbajar", "2020-11-25"),
    ],
)
def test_armenian_until_capture_or_handover_then_azerbaijani(places, place, capture_day):
    capture = _day(capture_day)
    before = {_controller(places[place], day) for day in ALL_DAYS if day < capture}
    after = {_controller(places[place], day) for day in ALL_DAYS if day >= capture}
    assert before == {"armenian"}
    assert after == {"azerbaijani"}


def test_a_settlement_zone_is_armenian_held_the_day_before_its_claim_and_not_after():
    placed = load_settlements().query("placed")
    content = json.loads((DATA_DIR / "control_zones.geojson").read_text(encoding="utf-8"))
    without = content["provenance"]["settlements_without_cell"]
    assert set(without) <= set(placed["id"])
    # A placed settlement moves no ground only for a reason the build names: a claim never
    # confirmed, a point inside the peacekeeping zone or outside the Armenian side of 1994.
    never = set(placed.loc[placed["never_confirmed"], "id"])
    for settlement, reason in without.items():
        assert settlement in never or "peacekeeping zone" in reason or "1994" in reason, reason
    assert len(without) <= 0.15 * len(placed), without
    zones = gpd.read_file(DATA_DIR / "control_zones.geojson")
    checked = 0
    for row in placed.itertuples():
        if row.id in without:
            continue
        cell = shapely.union_all(zones[zones["settlement"] == row.id].geometry)
        assert not cell.is_empty, row.id
        # A few points lie just outside their coarse district outline, so outside their cell.
        point = row.geometry if cell.contains(row.geometry) else cell.representative_point()
        changed = (row.handover_on if pd.notna(row.handover_on) else row.claimed_on).date()
        assert _controller(point, changed - dt.timedelta(days=1)) == "armenian", row.id
        after = [day for day in ALL_DAYS if day >= changed]
        assert {_controller(point, day) for day in after} == {"azerbaijani"}, row.id
        on_the_day = control_at(changed)
        holding = on_the_day[on_the_day.contains(point)].iloc[0]
        unconfirmed = pd.isna(row.confirmed_on) or row.confirmed_on.date() > changed
        assert holding["contested"] == (unconfirmed and pd.isna(row.handover_on)), row.id
        checked += 1
    assert checked >= 50


def test_lachin_district_handed_over_except_the_corridor(places):
    corridor_layer = gpd.read_file(DATA_DIR / "lachin_corridor.geojson")
    corridor = shapely.union_all(corridor_layer[corridor_layer["part"] == "corridor"].geometry)
    districts = gpd.read_file(DATA_DIR / "districts.geojson")
    lachin_district = districts[districts["id"] == "lachin"].geometry.iloc[0]
    outside = lachin_district.difference(corridor.buffer(0.01))
    # The corridor cuts the district in two: one point in each side, away from the cells of the
    # villages claimed during the war (they change hands on their claim dates).
    zones = gpd.read_file(DATA_DIR / "control_zones.geojson")
    handover = shapely.union_all(zones[zones["change"] == "lachin_handover"].geometry)
    sides = sorted(shapely.get_parts(outside), key=lambda part: part.area)[-2:]
    for point in (side.intersection(handover).representative_point() for side in sides):
        assert _controller(point, "2020-11-30") == "armenian"
        assert _controller(point, "2020-12-01") == "azerbaijani"

    berdzor = places["lachin"]
    assert corridor.contains(berdzor)
    for day in ("2020-11-10", "2020-12-01"):
        zones = control_at(day)
        holding = zones[zones.contains(berdzor)].iloc[0]
        assert holding["controller"] == "armenian"
        assert holding["peacekeeping"]


# --- the zones as a whole ----------------------------------------------------------------------


def test_zones_tile_the_study_area_every_day(study_area):
    study_km2 = _area_km2(study_area)
    for day in ALL_DAYS:
        zones = control_at(day)
        union = shapely.union_all(zones.geometry)
        overlap_km2 = zones.to_crs(AREA_CRS).area.sum() / 1e6 - _area_km2(union)
        gap_km2 = _area_km2(study_area.difference(union))
        outside_km2 = _area_km2(union.difference(study_area))
        assert overlap_km2 <= TOLERANCE_KM2, (day, overlap_km2)
        assert gap_km2 <= TOLERANCE_KM2, (day, gap_km2, study_km2)
        assert outside_km2 <= TOLERANCE_KM2, (day, outside_km2)
        assert set(zones["controller"]) <= {"armenian", "azerbaijani"}


def test_armenian_held_area_before_the_war():
    areas = control_area_by_day()
    first = areas.iloc[0]
    assert first["date"] == pd.Timestamp("2020-09-26")
    assert 11_400 <= first["armenian_km2"] <= 11_900


def test_armenian_held_area_never_grows():
    areas = control_area_by_day()
    assert len(areas) == len(ALL_DAYS)
    assert (areas["armenian_km2"].diff().dropna() <= 0).all()
    assert areas["armenian_km2"].iloc[-1] < areas["armenian_km2"].iloc[0]
    total = areas["armenian_km2"] + areas["azerbaijani_km2"]
    assert total.max() - total.min() <= 1.0


def test_armenian_held_land_of_one_day_lies_within_the_day_before():
    previous = None
    for day in ALL_DAYS:
        zones = control_at(day)
        held = shapely.union_all(zones[zones["controller"] == "armenian"].geometry)
        if previous is not None:
            assert _area_km2(held.difference(previous)) <= TOLERANCE_KM2, day
        previous = held


def test_peacekeeping_zone(places):
    zone = gpd.read_file(DATA_DIR / "peacekeeping_zone.geojson")
    geometry = shapely.union_all(zone.geometry)
    assert 2_500 <= _area_km2(geometry) <= 3_500
    assert geometry.contains(places["stepanakert"])
    assert not geometry.contains(places["shusha"])

    last_day = control_at("2020-12-01")
    held = shapely.union_all(last_day[last_day["controller"] == "armenian"].geometry)
    assert _area_km2(held.symmetric_difference(geometry)) <= TOLERANCE_KM2
    flagged = control_at("2020-11-10")
    assert _area_km2(shapely.union_all(flagged[flagged["peacekeeping"]].geometry)) == (
        pytest.approx(_area_km2(geometry), abs=TOLERANCE_KM2)
    )
    assert not control_at("2020-11-09")["peacekeeping"].any()


def test_peacekeeping_zone_is_one_piece_joining_stepanakert_to_berdzor(places):
    geometry = shapely.union_all(gpd.read_file(DATA_DIR / "peacekeeping_zone.geojson").geometry)
    assert geometry.geom_type == "Polygon", "stray pockets: the zone should be one piece"
    assert geometry.contains(places["lachin"])


def test_contact_lines_lie_on_zone_edges():
    line_1994 = shapely.union_all(gpd.read_file(DATA_DIR / "contact_line_1994.geojson").geometry)
    line_2020 = shapely.union_all(gpd.read_file(DATA_DIR / "contact_line_2020.geojson").geometry)
    for line, day in ((line_1994, "2020-09-26"), (line_2020, "2020-11-10")):
        zones = control_at(day)
        held = shapely.union_all(zones[zones["controller"] == "armenian"].geometry)
        assert held.boundary.buffer(0.001).contains(line), day
    # The 1994 line ran for about 200 km, from the Murovdag ridge to the Araks near Horadiz.
    km = gpd.GeoSeries([line_1994], crs="EPSG:4326").to_crs("EPSG:32638").length.iloc[0] / 1000
    assert 180 <= km <= 300
    azerbaijan = gpd.read_file(DATA_DIR / "countries.geojson").query("name == 'Azerbaijan'")
    border = shapely.union_all(azerbaijan.geometry).boundary.buffer(0.0005)
    for line in (line_1994, line_2020):
        assert line.intersection(border).length < 0.01 * line.length


def test_every_layer_carries_provenance():
    for name in ("control_zones", "contact_line_1994", "contact_line_2020", "peacekeeping_zone"):
        content = json.loads((DATA_DIR / f"{name}.geojson").read_text(encoding="utf-8"))
        provenance = content["provenance"]
        for key in ("source", "version", "licence", "attribution", "method", "accuracy"):
            assert provenance.get(key), (name, key)


def test_every_zone_has_sources_and_says_how_it_was_drawn():
    for day in ("2020-09-26", "2020-11-10", "2020-12-01"):
        for zone in control_at(day).itertuples():
            assert zone.sources and all(s.startswith("http") for s in zone.sources), zone.id
            assert zone.precision, zone.id


def test_zone_dates_follow_the_event_record():
    events_csv = build_control.EVENTS_CSV
    if not events_csv.exists():
        pytest.skip("the event record is not there yet")
    changes = control_sources.read_changes(build_control.SOURCES_DIR / "changes.csv")
    control_sources.date_changes(changes, events_csv)
    zones = gpd.read_file(DATA_DIR / "control_zones.geojson")
    for change in changes:
        rows = zones[(zones["change"] == change.change) & (zones["controller"] == "azerbaijani")]
        assert not rows.empty, change.change
        row = rows.iloc[0]
        assert pd.Timestamp(row["valid_from"]) == pd.Timestamp(change.date), change.change
        assert bool(row["contested"]) == change.contested, change.change
        if change.contested:
            assert "contested" in row["precision"]


# --- the runtime API ---------------------------------------------------------------------------


def test_control_at_accepts_dates_in_several_forms():
    expected = list(control_at(dt.date(2020, 10, 17))["id"])
    for value in ("2020-10-17", dt.datetime(2020, 10, 17, 15, 30), pd.Timestamp("2020-10-17")):
        assert list(control_at(value)["id"]) == expected
    zones = control_at("2020-10-17")
    assert zones.crs.to_epsg() == 4326
    for column in ("controller", "valid_from", "valid_to", "precision", "sources", "geometry"):
        assert column in zones.columns


@pytest.mark.parametrize("value", ["2020-09-25", "2020-12-02", dt.date(1994, 5, 12)])
def test_control_at_outside_the_range_names_the_range(value):
    with pytest.raises(ValueError, match=r"2020-09-26\.\.2020-12-01"):
        control_at(value)


def test_control_at_rejects_what_is_not_a_date():
    with pytest.raises(ValueError, match="not a date"):
        control_at("yesterday")


def test_control_at_returns_a_frame_the_caller_may_change():
    first = control_at("2020-10-01")
    first["controller"] = "changed"
    assert "changed" not in set(control_at("2020-10-01")["controller"])


# --- the build ---------------------------------------------------------------------------------


def _without_record_text(path: Path) -> dict:
    """Return the file's content minus the source lists copied from the event record.

    The record's editors may extend those lists without changing any date or shape.
    """
    content = json.loads(path.read_text(encoding="utf-8"))
    content["provenance"].pop("source")
    for feature in content["features"]:
        feature["properties"].pop("sources")
    return content


def test_build_reproduces_the_committed_files(tmp_path):
    for name in ("districts", "karabakh", "lachin_corridor", "countries"):
        shutil.copy(DATA_DIR / f"{name}.geojson", tmp_path)
    build_control.build(tmp_path)
    for name in ("control_zones", "contact_line_1994", "contact_line_2020", "peacekeeping_zone"):
        built, committed = tmp_path / f"{name}.geojson", DATA_DIR / f"{name}.geojson"
        assert _without_record_text(built) == _without_record_text(committed), (
            f"{name}: stale, run `python -m geodata.build.control`"
        )
    first = (tmp_path / "control_zones.geojson").read_bytes()
    build_control.build(tmp_path)
    assert (tmp_path / "control_zones.geojson").read_bytes() == first


def test_build_reports_a_bad_source_value_with_file_row_and_column(tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(build_control.SOURCES_DIR, sources)
    changes = sources / "changes.csv"
    lines = changes.read_text(encoding="utf-8").splitlines()
    row = next(i for i, line in enumerate(lines) if ",fuzuli_rest," in line)
    # Every change is dated by the record now; a date written in place of its events is the
    # only way a change can carry a date of its own.
    lines[row] = lines[row].replace(",nk2020-0118,,", ",,2020-11-9x,")
    changes.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(build_control.ControlBuildError, match=rf"changes\.csv:{row + 1}:date"):
        build_control.compute(DATA_DIR, sources_dir=sources)


def test_build_refuses_an_event_the_record_does_not_hold(tmp_path):
    sources = tmp_path / "sources"
    shutil.copytree(build_control.SOURCES_DIR, sources)
    changes = sources / "changes.csv"
    text = changes.read_text(encoding="utf-8").replace("nk2020-0082", "nk2020-9999")
    changes.write_text(text, encoding="utf-8")
    with pytest.raises(build_control.ControlBuildError, match="nk2020-9999"):
        build_control.compute(DATA_DIR, sources_dir=sources)


@pytest.mark.parametrize(
    ("file_name", "old", "new", "message"),
    [
        ("changes.csv", "qubadli | jabrayil", "qubadli | jebrail", "district"),
        (
            "advance_areas.csv",
            "shusha_town,2,46.775,39.745",
            "shusha_town,2,46.775,39.790",
            "simple",
        ),
        ("changes.csv", "nk2020-0082,,", "nk2020-0082,2020-11-08,", "either event_ids"),
        ("changes.csv", "nk2020-0082", "nk2020-0082,2020-11-08", "not a readable CSV"),
    ],
)
def test_build_refuses_bad_shapes_and_names(tmp_path, file_name, old, new, message):
    sources = tmp_path / "sources"
    shutil.copytree(build_control.SOURCES_DIR, sources)
    path = sources / file_name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(build_control.ControlBuildError, match=message):
        build_control.compute(DATA_DIR, sources_dir=sources)


def test_command_line_reports_missing_layers_without_traceback(tmp_path, capsys):
    assert build_control.main(["--out-dir", str(tmp_path)]) == 1
    error = capsys.readouterr().err
    assert "districts.geojson" in error and "Traceback" not in error
    assert not list(tmp_path.iterdir())


# --- the settlement record against the 1994 line -----------------------------------------------

OUTSIDE_1994 = build_control.SOURCES_DIR / "outside_1994.csv"


def test_every_placed_settlement_was_armenian_held_on_26_september():
    # Every row carries a claim of 2020 (the day of the handover for a handed-over place), so by
    # that claim the settlement was Armenian-held on the eve of the war: its point lies on the
    # Armenian side of the 1994 line, or the exceptions table says why not, with sources.
    listed = pd.read_csv(OUTSIDE_1994, dtype=str, keep_default_na=False)
    for row in listed.itertuples():
        assert row.reason.strip(), row.id
        assert row.sources.startswith(("http://", "https://")), row.id
    placed = load_settlements().query("placed")
    assert (placed["claimed_on"].dt.year == 2020).all()
    zones = control_at("2020-09-26")
    held = shapely.union_all(zones[zones["controller"] == "armenian"].geometry)
    metric_held = gpd.GeoSeries([held], crs="EPSG:4326").to_crs("EPSG:32638").iloc[0]
    outside = {}
    for row in placed.itertuples():
        if not held.contains(row.geometry):
            point = gpd.GeoSeries([row.geometry], crs="EPSG:4326").to_crs("EPSG:32638").iloc[0]
            outside[row.id] = f"{metric_held.distance(point) / 1000:.1f} km outside"
    assert set(outside) == set(listed["id"]), outside


def _record_with_gervand_at_alkhanli(tmp_path: Path) -> Path:
    """Copy the record with Gervand moved to Alkhanli, Azerbaijani-held from January 1994."""
    record = tmp_path / "settlements.csv"
    text = (DATA_DIR / "settlements.csv").read_text(encoding="utf-8")
    assert ",Fuzuli,39.63222,47.22694," in text
    record.write_text(text.replace(",Fuzuli,39.63222,47.22694,", ",Fuzuli,39.60000,47.38667,"))
    return record


def test_build_refuses_a_settlement_outside_the_1994_line_unless_listed(tmp_path):
    record = _record_with_gervand_at_alkhanli(tmp_path)
    line = 1 + next(
        number
        for number, text in enumerate(record.read_text(encoding="utf-8").splitlines())
        if text.startswith("fuzuli-gervand,")
    )
    with pytest.raises(
        build_control.ControlBuildError,
        match=rf"settlements\.csv:{line}:lat/lon: fuzuli-gervand \(Gervand, claimed on 2020-09-27",
    ):
        build_control.compute(DATA_DIR, settlements_csv=record)
    sources = tmp_path / "sources"
    shutil.copytree(build_control.SOURCES_DIR, sources)
    reason = "the claim concerns the heights beside the village"
    (sources / "outside_1994.csv").write_text(
        f"id,reason,sources\nfuzuli-gervand,{reason},https://example.org/a | https://example.org/b\n",
        encoding="utf-8",
    )
    result = build_control.compute(DATA_DIR, sources_dir=sources, settlements_csv=record)
    assert reason in result.without_cell["fuzuli-gervand"]
    assert "https://example.org/b" in result.without_cell["fuzuli-gervand"]
    assert "fuzuli-gervand" not in {cell.settlement for cell in result.cells}


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("fuzuli-gervand,heights beside the village,", r"outside_1994\.csv:2:sources"),
        ("fuzuli-gervand,,https://example.org/a", r"outside_1994\.csv:2:reason"),
        ("fuzuli-nowhere,heights,https://example.org/a", "fuzuli-nowhere: not a placed"),
        ("fuzuli-city,heights,https://example.org/a", "fuzuli-city lies on the Armenian side"),
    ],
)
def test_build_refuses_a_bad_exception(tmp_path, row, message):
    sources = tmp_path / "sources"
    shutil.copytree(build_control.SOURCES_DIR, sources)
    (sources / "outside_1994.csv").write_text(f"id,reason,sources\n{row}\n", encoding="utf-8")
    with pytest.raises(build_control.ControlBuildError, match=message):
        build_control.compute(DATA_DIR, sources_dir=sources)


# --- the figures quoted in geodata/SOURCES.md --------------------------------------------------

SOURCES_MD = DATA_DIR.parent / "SOURCES.md"


def _table_rows(first_cells: set[str]) -> dict[str, list[str]]:
    """Return the rows of SOURCES.md's markdown tables whose first cell is in ``first_cells``."""
    rows = {}
    for line in SOURCES_MD.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[0] in first_cells:
            assert cells[0] not in rows, f"SOURCES.md: two rows for {cells[0]}"
            rows[cells[0]] = cells
    return rows


def _number(text: str) -> float:
    return float(text.replace(",", "").removesuffix("%").strip())


def test_sources_md_district_table_matches_the_zones():
    # The table of km2 held on 26 September and dated by cells, per district, is typed by hand:
    # it once gave Tartar 1,915 km2 held (the whole Tartar unit added to the former Mardakert
    # district's 1,576) and the map said otherwise.
    districts = district_shapes(gpd.read_file(DATA_DIR / "districts.geojson").to_crs("EPSG:4326"))
    rows = _table_rows({*districts, "all"})
    settlements = load_settlements()
    zones = gpd.read_file(DATA_DIR / "control_zones.geojson")
    first_day = control_at("2020-09-26")
    held = shapely.union_all(first_day[first_day["controller"] == "armenian"].geometry)
    cells = zones[zones["settlement"] != ""].dissolve("settlement").geometry
    shapes = {**districts, "all": None}
    for name, row in rows.items():
        shape = shapes[name]
        record = settlements if shape is None else settlements[settlements["district"] == name]
        own_cells = cells[cells.index.isin(record["id"])]
        held_here = held if shape is None else shapely.intersection(held, shape)
        held_km2 = _area_km2(held_here)
        cells_km2 = _area_km2(shapely.union_all(own_cells.values)) if len(own_cells) else 0.0
        expected = [len(record), int(record["placed"].sum()), len(own_cells), held_km2, cells_km2]
        for quoted, computed in zip(row[1:6], expected, strict=True):
            assert abs(_number(quoted) - computed) <= 1.0, (name, row, expected)
        assert abs(_number(row[6]) - 100 * cells_km2 / held_km2) <= 0.1, (name, row)
    assert set(rows) >= {"Fuzuli", "Tartar", "Kalbajar", "all"}


def test_sources_md_area_by_day_matches_control_area_by_day():
    areas = control_area_by_day().set_index("date")
    days = {day.isoformat() for day in ALL_DAYS}
    rows = _table_rows(days)
    assert "2020-09-26" in rows and "2020-12-01" in rows
    for day, row in rows.items():
        computed = areas.loc[pd.Timestamp(day)]
        assert abs(_number(row[1]) - computed["armenian_km2"]) <= 1.0, (day, row)
        assert abs(_number(row[2]) - computed["azerbaijani_km2"]) <= 1.0, (day, row)
