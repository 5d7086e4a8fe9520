"""External formats: ACLED (both layouts), UCDP GED (with and without header), GeoJSON.

Every fixture is written here by the test, in the published column layouts, with invented rows;
no ACLED or UCDP data is used.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

import events
from events.loader import read_events
from events.readers.detect import UCDP_COLUMNS, detect_format

ACLED_OLD = [
    "data_id",
    "iso",
    "event_id_cnty",
    "event_id_no_cnty",
    "event_date",
    "year",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "timestamp",
    "iso3",
]
ACLED_NEW = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]


def acled_row(**fields: str) -> dict[str, str]:
    base = {
        "data_id": "1",
        "iso": "31",
        "event_id_cnty": "TST1",
        "event_id_no_cnty": "1",
        "event_date": "2020-10-04",
        "year": "2020",
        "time_precision": "1",
        "disorder_type": "Political violence",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "actor1": "Test Forces A",
        "assoc_actor_1": "",
        "inter1": "1",
        "actor2": "Civilians (Testland)",
        "assoc_actor_2": "",
        "inter2": "7",
        "interaction": "17",
        "civilian_targeting": "",
        "region": "Caucasus and Central Asia",
        "country": "Testland",
        "admin1": "North",
        "location": "Ganja",
        "latitude": "40.6828",
        "longitude": "46.3606",
        "geo_precision": "1",
        "source": "Outlet One; Outlet Two",
        "source_scale": "National",
        "notes": "Invented note for a test.",
        "fatalities": "1",
        "tags": "",
        "timestamp": "1600000000",
        "iso3": "TST",
    }
    return {**base, **fields}


def write_csv(
    path: Path, columns: list[str], rows: list[dict[str, str]], header: bool = True
) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if header:
        writer.writerow(columns)
    writer.writerows([[row.get(column, "") for column in columns] for row in rows])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


# --- ACLED ----------------------------------------------------------------------------------


def test_acled_old_layout_numeric_inter_and_two_date_layouts(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "acled_old.csv",
        ACLED_OLD,
        [
            acled_row(),
            acled_row(
                event_id_cnty="TST2",
                event_date="17-10-2020",
                event_type="Battles",
                sub_event_type="Armed clash",
                inter2="2",
                time_precision="2",
                geo_precision="3",
                fatalities="",
            ),
        ],
    )
    loaded, report = read_events(path)
    assert report.format == "acled" and "before March 2023" in report.details
    assert report.date_range == (dt.date(2020, 10, 4), dt.date(2020, 10, 17))
    assert report.rows_read == report.rows_kept == 2 and report.ok
    first, second = loaded.iloc[0], loaded.iloc[1]
    assert first["id"] == "acled:TST1" and str(first["date"].date()) == "2020-10-04"
    assert first["kind"] == "strike" and first["location_precision"] == "town"
    assert first["date_precision"] == "day"
    assert first["sources"] == ["Outlet One", "Outlet Two"]
    # ACLED coded the event from the outlets' reports: ACLED claims it, the outlets are sources
    assert first["status"] == "claimed" and first["claimed_by"] == ["ACLED"]
    assert first["actors"] == ["Test Forces A", "Civilians (Testland)"]
    assert first["fatalities"] == 1 and first["fatalities_source"] == "ACLED TST1"
    assert "State forces; Civilians" in first["description"]
    assert first["place_name"] == "Ganja" and first["title"].endswith("in Ganja")
    assert (round(first.geometry.y, 4), round(first.geometry.x, 4)) == (40.6828, 46.3606)
    assert str(second["date"].date()) == "2020-10-17"
    assert second["kind"] == "fighting" and second["date_precision"] == "approximate"
    assert second["location_precision"] == "region"
    assert "Rebel group" in second["description"]
    assert report.columns_mapped["event_date"] == "date"
    assert "iso3" in report.columns_ignored and "event_id_no_cnty" in report.columns_ignored


def test_acled_new_layout_labels_and_spelt_out_dates(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "acled_new.csv",
        ACLED_NEW,
        [
            acled_row(
                event_date="31 October 2020",
                inter1="State forces",
                inter2="Civilians",
                civilian_targeting="Civilian targeting",
                assoc_actor_1="Helper One; Helper Two",
            ),
            acled_row(
                event_id_cnty="TST3",
                event_date="10 November 2020",
                event_type="Strategic developments",
                sub_event_type="Agreement",
                notes="Invented: the parties agreed a ceasefire.",
            ),
        ],
    )
    assert detect_format(path.read_text(), path.name) == "acled"
    loaded = events.load_events(path)
    first, second = loaded.iloc[0], loaded.iloc[1]
    assert str(first["date"].date()) == "2020-10-31"
    assert first["actors"] == ["Test Forces A", "Helper One", "Helper Two", "Civilians (Testland)"]
    assert "civilian targeting" in first["description"]
    assert second["kind"] == "ceasefire"


@pytest.mark.parametrize(
    ("event_type", "sub_event_type", "kind"),
    [
        ("Battles", "Armed clash", "fighting"),
        ("Battles", "Non-state actor overtakes territory", "capture"),
        ("Battles", "Government regains territory", "capture"),
        ("Explosions/Remote violence", "Air/drone strike", "strike"),
        ("Violence against civilians", "Attack", "strike"),
        ("Violence against civilians", "Abduction/forced disappearance", "humanitarian"),
        ("Protests", "Peaceful protest", "political"),
        ("Riots", "Violent demonstration", "political"),
        ("Strategic developments", "Agreement", "diplomacy"),
        ("Strategic developments", "Non-violent transfer of territory", "capture"),
        ("Strategic developments", "Looting/property destruction", "humanitarian"),
        # ACLED's own "other" is not a protest: it stays other rather than political
        ("Strategic developments", "Other", "other"),
        ("Battles", "", "fighting"),
    ],
)
def test_acled_event_types_map_to_our_kinds(
    tmp_path: Path, event_type: str, sub_event_type: str, kind: str
) -> None:
    path = write_csv(
        tmp_path / "kinds.csv",
        ACLED_NEW,
        [acled_row(event_type=event_type, sub_event_type=sub_event_type)],
    )
    assert events.load_events(path).iloc[0]["kind"] == kind


def test_acled_bad_rows_are_rejected_with_reasons_and_the_rest_kept(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "acled_mixed.csv",
        ACLED_NEW,
        [
            acled_row(),
            acled_row(event_id_cnty="TST2", event_date="the fifth of October"),
            acled_row(event_id_cnty="TST3", geo_precision="9"),
            acled_row(event_id_cnty="TST4", event_type="Parade", sub_event_type="March"),
            acled_row(event_id_cnty="TST5", latitude="140"),
            acled_row(event_id_cnty="TST6", source=""),
            acled_row(event_id_cnty="TST1"),
        ],
    )
    loaded = events.load_events(path)
    assert list(loaded["id"]) == ["acled:TST1"]
    report = events.validate_file(path)
    assert report.rows_read == 7 and report.rows_kept == 1 and report.rows_rejected == 6
    found = {(problem.row, problem.column) for problem in report.problems}
    # problems name the ACLED column the user can find in the file
    expected = {
        (3, "event_date"),
        (4, "geo_precision"),
        (5, "event_type"),
        (6, "latitude"),
        (7, "source"),
        (8, "event_id_cnty"),
    }
    assert expected <= found
    # an unknown code is reported once, not again as an empty field of ours
    assert (4, "location_precision") not in found and (5, "kind") not in found
    assert "unparseable date 'the fifth of October'" in report.format_text()


def test_acled_without_coordinates_is_refused_by_name(tmp_path: Path) -> None:
    columns = [column for column in ACLED_NEW if column not in ("latitude", "longitude")]
    path = write_csv(tmp_path / "nocoords.csv", columns, [acled_row()])
    with pytest.raises(events.EventDataError) as caught:
        events.load_events(path)
    assert "missing column 'latitude'" in str(caught.value)
    assert "missing column 'longitude'" in str(caught.value)


def test_semicolon_separated_acled_is_read(tmp_path: Path) -> None:
    path = tmp_path / "semicolons.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(ACLED_NEW)
    writer.writerow([acled_row(source="Outlet One").get(column, "") for column in ACLED_NEW])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    assert events.load_events(path).iloc[0]["sources"] == ["Outlet One"]


# --- UCDP GED -------------------------------------------------------------------------------


def ucdp_row(**fields: str) -> dict[str, str]:
    base = {column: "" for column in UCDP_COLUMNS}
    base.update(
        id="900001",
        relid="TST-1",
        year="2020",
        type_of_violence="1",
        conflict_name="Testland: Territory",
        dyad_name="Government of Testland - Forces of Otherland",
        side_a="Government of Testland",
        side_b="Forces of Otherland",
        source_article='"Outlet One,2020-10-05,Invented headline"',
        source_office="Outlet One;Outlet Two",
        where_prec="2",
        where_coordinates="Martuni town",
        where_description="near the town",
        latitude="39.7939",
        longitude="47.1142",
        date_prec="1",
        date_start="2020-10-05 00:00:00.000",
        date_end="2020-10-05 00:00:00.000",
        best="12",
        low="10",
        high="15",
    )
    return {**base, **fields}


UCDP_ROWS = [
    ucdp_row(),
    ucdp_row(
        id="900002",
        type_of_violence="3",
        where_prec="4",
        date_prec="3",
        date_start="2020-10-10 00:00:00.000",
        date_end="2020-10-16 00:00:00.000",
        source_article="",
    ),
]


@pytest.mark.parametrize("header", [True, False], ids=["with header", "without header"])
def test_ucdp_ged_with_and_without_header(tmp_path: Path, header: bool) -> None:
    path = write_csv(tmp_path / "ged.csv", UCDP_COLUMNS, UCDP_ROWS, header=header)
    assert detect_format(path.read_text(), path.name) == "ucdp"
    loaded, report = read_events(path)
    assert report.ok and report.rows_kept == 2
    assert ("without a header" in report.details) is not header
    first, second = loaded.iloc[0], loaded.iloc[1]
    assert first["id"] == "ucdp:900001" and str(first["date"].date()) == "2020-10-05"
    assert first["kind"] == "fighting" and first["location_precision"] == "town"
    assert first["date_precision"] == "day"
    assert first["fatalities"] == 12
    assert "low 10, high 15" in first["fatalities_source"]
    assert first["actors"] == ["Government of Testland", "Forces of Otherland"]
    # UCDP coded the event; the news offices it read are sources, not claimants
    assert first["claimed_by"] == ["UCDP GED"] and "Outlet One" in first["sources"][0]
    assert first["place_name"] == "Martuni town"
    assert second["kind"] == "strike" and second["location_precision"] == "region"
    assert second["date_precision"] == "approximate"
    assert "Between 2020-10-10 and 2020-10-16" in second["description"]
    assert second["sources"] == ["Outlet One", "Outlet Two"]


def test_ucdp_without_header_needs_the_full_column_set(tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_text("900001,TST-1,2020\n", encoding="utf-8")
    with pytest.raises(events.EventDataError, match="must have the 49 columns"):
        events.load_events(path, format="ucdp")


def test_ucdp_unknown_codes_reject_only_their_rows(tmp_path: Path) -> None:
    rows = [*UCDP_ROWS, ucdp_row(id="900003", where_prec="8"), ucdp_row(id="900004", date_prec="x")]
    path = write_csv(tmp_path / "ged_bad.csv", UCDP_COLUMNS, rows)
    report = events.validate_file(path)
    assert report.rows_kept == 2
    assert [(p.row, p.column) for p in report.problems] == [(4, "where_prec"), (5, "date_prec")]


# --- GeoJSON --------------------------------------------------------------------------------


def feature(geometry: dict | None, **properties: object) -> dict:
    base = {
        "date": "2020-10-08",
        "title": "Invented event",
        "kind": "strike",
        "sources": ["https://www.example.org/report"],
    }
    return {"type": "Feature", "geometry": geometry, "properties": {**base, **properties}}


def point(lon: float, lat: float) -> dict:
    return {"type": "Point", "coordinates": [lon, lat]}


def write_geojson(path: Path, features: list[dict]) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    return path


def test_geojson_points_with_dates(tmp_path: Path) -> None:
    path = write_geojson(
        tmp_path / "mine.geojson",
        [
            feature(point(46.75, 39.76), id="g-1", status="confirmed", actors=["A", "B"], colour=1),
            feature(point(46.36, 40.68), date="2020-10-11T02:15:00+04:00", place_name="Ganja"),
            feature({"type": "LineString", "coordinates": [[46, 39], [47, 40]]}),
            feature(None),
            feature(point(46.0, 40.0), kind="parade"),
        ],
    )
    loaded, report = read_events(path)
    assert report.format == "geojson" and report.rows_read == 5 and report.rows_kept == 2
    found = {(problem.row, problem.column) for problem in report.problems}
    assert found == {(3, "geometry"), (4, "geometry"), (5, "kind")}
    assert report.columns_ignored == ["colour"]
    assert report.columns_mapped["title"] == "title" and report.columns_mapped["date"] == "date"
    by_id = loaded.set_index("id")
    assert by_id.loc["g-1", "actors"] == ["A", "B"]
    assert by_id.loc["g-1", "status"] == "confirmed"
    second = by_id.loc["feature-2"]
    assert str(second["date"].date()) == "2020-10-11" and second["time"] == "02:15+04:00"
    assert second["status"] == "claimed" and second["claimed_by"] == ["mine.geojson"]
    assert second["place_name"] == "Ganja"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"type": "FeatureCollection", "features": [', "not valid JSON"),
        ('{"type": "Feature", "geometry": null}', "not a GeoJSON FeatureCollection"),
        ("[1, 2, 3]", "not a list of records"),
        (
            '{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": null,'
            ' "properties": {"title": "x"}}]}',
            "no date property",
        ),
    ],
)
def test_broken_geojson_gets_a_clear_message(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "broken.geojson"
    path.write_text(text)
    with pytest.raises(events.EventDataError, match=expected):
        events.load_events(path)


def test_geojson_export_of_our_events_reads_back_the_same(tmp_path: Path) -> None:
    acled = write_csv(
        tmp_path / "acled.csv", ACLED_NEW, [acled_row(), acled_row(event_id_cnty="T9")]
    )
    original = events.load_events(acled)
    exported = original.drop(columns=["origin"]).assign(
        date=original["date"].dt.strftime("%Y-%m-%d")
    )
    geojson = tmp_path / "exported.geojson"
    geojson.write_text(exported.to_json())
    again = events.load_events(geojson).drop(columns=["origin"])
    assert len(again) == len(original)
    for column in ("id", "date", "kind", "status", "title", "sources", "actors", "place_name"):
        assert list(again[column]) == list(original[column]), column
    assert again.geometry.equals(original.geometry)


# --- detection and encodings ----------------------------------------------------------------


def test_format_can_be_forced_and_a_mismatch_is_explained(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "acled.csv", ACLED_NEW, [acled_row()])
    assert len(events.load_events(path, format="acled")) == 1
    with pytest.raises(events.EventDataError, match="missing column 'date_start'"):
        events.load_events(path, format="ucdp")
    with pytest.raises(ValueError, match="unknown format 'xlsx'"):
        events.load_events(path, format="xlsx")


def test_utf16_with_byte_order_mark_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "utf16.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t")
    writer.writerow(ACLED_NEW)
    writer.writerow([acled_row(location="Tərtər").get(column, "") for column in ACLED_NEW])
    path.write_bytes(buffer.getvalue().encode("utf-16"))
    assert events.load_events(path).iloc[0]["place_name"] == "Tərtər"


def test_sources_may_be_names_but_never_script_links(tmp_path: Path) -> None:
    path = write_geojson(
        tmp_path / "links.geojson",
        [
            feature(point(46.75, 39.76), sources="Outlet One | https://www.example.org/a"),
            feature(point(46.75, 39.76), sources=["javascript:alert(1)"]),
            feature(point(46.75, 39.76), sources=[]),
        ],
    )
    loaded, report = read_events(path)
    assert loaded.iloc[0]["sources"] == ["Outlet One", "https://www.example.org/a"]
    assert [(p.row, p.column) for p in report.problems] == [(2, "sources"), (3, "sources")]
    assert "'javascript:alert(1)' is not an http(s) URL" in report.problems[0].reason
