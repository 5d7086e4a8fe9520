"""The files analysts really have: one synthetic fixture per variant seen in real exports.

Every fixture is written here with invented rows in the published layouts (ACLED's terms do
not allow passing its data on); each test names the rows that must be kept.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import events
from events.loader import read_events
from events.readers.detect import UCDP_COLUMNS

ACLED = ["event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "actor2"]
ACLED += ["location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities"]


def acled(**fields: str) -> dict[str, str]:
    base = {
        "event_id_cnty": "SYN1",
        "event_date": "2020-10-04",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Force A",
        "actor2": "Force B",
        "location": "Tartar",
        "latitude": "40.34",
        "longitude": "46.93",
        "geo_precision": "1",
        "source": "Outlet One",
        "notes": "Invented.",
        "fatalities": "0",
    }
    return {**base, **fields}


def csv_text(columns: list[str], rows: list[dict[str, str]], newline: str = "\n") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerow(columns)
    writer.writerows([[row.get(column, "") for column in columns] for row in rows])
    return buffer.getvalue()


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def ids(loaded) -> list[str]:
    return sorted(loaded["id"])


# --- date styles ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "expected", "style"),
    [
        (["9-May-20", "28-Apr-20"], ["2020-05-09", "2020-04-28"], "month name, two-digit"),
        (["31-12-19", "01-02-20"], ["2019-12-31", "2020-02-01"], "above 12 (31)"),
        (["14/08/2020 00:00:00", "02/09/2020 00:00:00"], ["2020-08-14", "2020-09-02"], "day first"),
        (["01-January-2015", "15-March-2015"], ["2015-01-01", "2015-03-15"], "month name"),
        (["2020-10-04T00:00:00", "2020-10-05T13:20:00Z"], ["2020-10-04", "2020-10-05"], "ISO"),
        # nothing above 12: ACLED writes the day first, and the report says that decided it
        (["05/02/2020", "06/02/2020"], ["2020-02-05", "2020-02-06"], "ACLED writes days first"),
    ],
    ids=["excel-month-name", "two-digit-year", "slash-with-clock", "long-month", "iso-t", "ambig"],
)
def test_acled_date_styles(tmp_path: Path, written: list[str], expected: list[str], style: str):
    rows = [acled(event_id_cnty=f"SYN{n}", event_date=day) for n, day in enumerate(written)]
    loaded, report = read_events(write(tmp_path / "acled.csv", csv_text(ACLED, rows)))
    assert report.ok and report.rows_kept == len(written)
    assert sorted(loaded["date"].dt.strftime("%Y-%m-%d")) == sorted(expected)
    assert style in report.date_style
    assert f"dates written: {report.date_style}" in report.format_text()


UCDP_HEADER = ["id", "date_start", "date_end", "type_of_violence", "where_prec", "side_a"]
UCDP_HEADER += ["side_b", "latitude", "longitude", "where_coordinates", "source_office"]
UCDP_HEADER += ["source_article", "event_clarity", "best", "low", "high"]


def ucdp(**fields: str) -> dict[str, str]:
    base = {
        "id": "500",
        "date_start": "2020-10-04",
        "date_end": "2020-10-04",
        "type_of_violence": "1",
        "where_prec": "1",
        "side_a": "Government of A",
        "side_b": "Government of B",
        "latitude": "39.75",
        "longitude": "46.75",
        "where_coordinates": "Stepanakert town",
        "source_office": "Outlet One",
        "source_article": "",
        "event_clarity": "1",
        "best": "2",
        "low": "1",
        "high": "3",
    }
    return {**base, **fields}


def test_ucdp_after_excel_mixes_two_clock_styles_month_first(tmp_path: Path) -> None:
    rows = [
        ucdp(id="1", date_start="1/22/2014 12:00:00 AM", date_end="1/22/2014 12:00:00 AM"),
        ucdp(id="2", date_start="05/02/2014 00:00", date_end="05/02/2014 00:00"),
    ]
    loaded, report = read_events(write(tmp_path / "ged.csv", csv_text(UCDP_HEADER, rows)))
    assert report.ok and ids(loaded) == ["ucdp:1", "ucdp:2"]
    dates = dict(zip(loaded["id"], loaded["date"].dt.strftime("%Y-%m-%d"), strict=True))
    # 22 can only be a day, so the whole file is month-first: 05/02 is the 2nd of May
    assert dates == {"ucdp:1": "2014-01-22", "ucdp:2": "2014-05-02"}
    assert "month first" in report.date_style and "(22)" in report.date_style


# --- HDX, layouts ---------------------------------------------------------------------------


def test_hdx_hashtag_row_is_skipped_not_rejected(tmp_path: Path) -> None:
    hashtags = {column: f"#{column.replace('_', '+')}" for column in ACLED}
    text = csv_text(ACLED, [hashtags, acled(), acled(event_id_cnty="SYN2")])
    loaded, report = read_events(write(tmp_path / "hdx.csv", text))
    assert report.ok and ids(loaded) == ["acled:SYN1", "acled:SYN2"]
    assert report.rows_read == 2 and any("HXL" in note for note in report.notes)


OLD_UPPER = ["GWNO", "EVENT_ID_CNTY", "EVENT_ID_NO_CNTY", "EVENT_DATE", "YEAR"]
OLD_UPPER += ["TIME_PRECISION", "EVENT_TYPE", "ACTOR1", "ALLY_ACTOR_1", "INTER1", "ACTOR2"]
OLD_UPPER += ["ALLY_ACTOR_2", "INTER2", "INTERACTION", "COUNTRY", "ADMIN1", "LOCATION"]
OLD_UPPER += ["LATITUDE", "LONGITUDE", "GEO_PRECISION", "SOURCE", "NOTES", "FATALITIES"]


@pytest.mark.parametrize(
    ("event_type", "kind"),
    [
        ("Battle-No change of territory", "fighting"),
        ("Battle-Government regains territory", "capture"),
        ("Battle-Non-state actor overtakes territory", "capture"),
        ("Non-violent transfer of territory", "capture"),
        ("Riots/Protests", "political"),
        ("Remote violence", "strike"),
        ("Violence against civilians", "strike"),
        ("Headquarters or base established", "fighting"),
        ("Strategic development", "political"),
    ],
)
def test_acled_uppercase_layout_before_2019(tmp_path: Path, event_type: str, kind: str) -> None:
    row = {
        "GWNO": "373",
        "EVENT_ID_CNTY": "AZE1",
        "EVENT_DATE": "28-Apr-16",
        "EVENT_TYPE": event_type,
        "ACTOR1": "Force A",
        "ALLY_ACTOR_1": "Militia C",
        "INTER1": "1",
        "ACTOR2": "Force B",
        "INTER2": "1",
        "LOCATION": "Talish",
        "LATITUDE": "40.14",
        "LONGITUDE": "46.65",
        "GEO_PRECISION": "1",
        "SOURCE": "Outlet One",
        "NOTES": "First line of the note,\nsecond line after a break.",
        "FATALITIES": "3",
    }
    loaded, report = read_events(write(tmp_path / "old.csv", csv_text(OLD_UPPER, [row])))
    assert report.ok and ids(loaded) == ["acled:AZE1"]
    event = loaded.iloc[0]
    assert event["kind"] == kind and str(event["date"].date()) == "2016-04-28"
    assert event["actors"] == ["Force A", "Militia C", "Force B"]
    assert "second line" in event["description"] and "UPPERCASE" in report.details


def test_acled_monadic_rows_merge_into_one_event(tmp_path: Path) -> None:
    columns = [c for c in ACLED if c != "actor2"] + ["inter1"]
    rows = [
        acled(actor1="Force A", inter1="State forces"),
        acled(actor1="Force B", inter1="State forces"),
        acled(event_id_cnty="SYN2", actor1="Force A", inter1="State forces"),
    ]
    loaded, report = read_events(write(tmp_path / "monadic.csv", csv_text(columns, rows)))
    assert report.ok and ids(loaded) == ["acled:SYN1", "acled:SYN2"]
    merged = loaded.set_index("id").loc["acled:SYN1"]
    assert merged["actors"] == ["Force A", "Force B"]
    assert report.rows_read == 3 and report.rows_merged == 1 and report.rows_rejected == 0
    assert "monadic" in report.details and "merged into another row: 1" in report.format_text()


def test_columns_in_any_order_with_extras_and_a_pandas_index(tmp_path: Path) -> None:
    columns = ["", "extra_one", *reversed(ACLED), "extra_two"]
    rows = [{"": str(n), **acled(event_id_cnty=f"SYN{n}"), "extra_one": "x"} for n in range(3)]
    loaded, report = read_events(write(tmp_path / "pandas.csv", csv_text(columns, rows)))
    assert report.ok and ids(loaded) == ["acled:SYN0", "acled:SYN1", "acled:SYN2"]
    assert any("row numbers" in note for note in report.notes)
    assert {"extra_one", "extra_two"} <= set(report.columns_ignored)


def test_r_row_names_without_a_header_cell(tmp_path: Path) -> None:
    body = csv_text(ACLED, [acled(), acled(event_id_cnty="SYN2")]).splitlines()
    # R's write.table: the header has no cell for the row names the rows start with
    text = "\n".join([body[0]] + [f'"{n}",{line}' for n, line in enumerate(body[1:], 1)]) + "\n"
    loaded, report = read_events(write(tmp_path / "r.csv", text))
    assert report.ok and ids(loaded) == ["acled:SYN1", "acled:SYN2"]


def test_crlf_and_a_truncated_last_line(tmp_path: Path) -> None:
    rows = [acled(), acled(event_id_cnty="SYN2"), acled(event_id_cnty="SYN3")]
    text = csv_text(ACLED, rows, newline="\r\n")
    text = text[: text.rindex("Tartar")]  # cut mid-row, as an interrupted download is
    loaded, report = read_events(write(tmp_path / "cut.csv", text))
    assert ids(loaded) == ["acled:SYN1", "acled:SYN2"]
    assert report.rows_rejected == 1 and {p.row for p in report.problems} == {4}


# --- encodings ------------------------------------------------------------------------------


def test_windows_1252_from_excel(tmp_path: Path) -> None:
    text = csv_text(ACLED, [acled(location="Agdam", notes="Café – 5 km")])
    loaded, report = read_events(write(tmp_path / "excel.csv", text, "cp1252"))
    assert report.ok and loaded.iloc[0]["description"].startswith("Café – 5 km")
    assert report.encoding.startswith("Windows-1252")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_byte_order_mark(tmp_path: Path, encoding: str) -> None:
    text = csv_text(ACLED, [acled(location="Tərtər")])
    loaded, report = read_events(write(tmp_path / "u16.csv", text, encoding))
    assert report.ok and loaded.iloc[0]["place_name"] == "Tərtər"
    assert report.encoding == f"{encoding.upper()} without a byte-order mark"


# --- GeoJSON from elsewhere -----------------------------------------------------------------


def collection(features: list[dict], **members: object) -> str:
    return json.dumps({"type": "FeatureCollection", **members, "features": features})


def point_feature(lon: float, lat: float, **properties: object) -> dict:
    geometry = {"type": "Point", "coordinates": [lon, lat]}
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def test_ogr2ogr_output_with_a_crs_member(tmp_path: Path) -> None:
    crs = {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}
    text = collection(
        [point_feature(46.75, 39.76, id="o-1", date="2020/10/04", title="T", kind="strike")],
        name="layer",
        crs=crs,
    )
    loaded, report = read_events(write(tmp_path / "ogr.geojson", text))
    assert ids(loaded) == ["o-1"] and any("CRS84" in note for note in report.notes)
    projected = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}}
    text = collection([point_feature(5_200_000, 4_800_000, date="2020-10-04")], crs=projected)
    with pytest.raises(events.EventDataError, match="ogr2ogr -t_srs EPSG:4326"):
        events.load_events(write(tmp_path / "mercator.geojson", text))


def test_ucdp_ged_geojson_is_read_as_ucdp(tmp_path: Path) -> None:
    properties = {k: v for k, v in ucdp().items() if k not in ("latitude", "longitude")}
    properties |= {"id": 12345, "date_start": "2020-10-04 00:00:00.000", "best": 2}
    text = collection([point_feature(46.75, 39.75, **properties)])
    loaded, report = read_events(write(tmp_path / "ged.geojson", text))
    assert report.ok and ids(loaded) == ["ucdp:12345"] and "UCDP GED" in report.details
    assert str(loaded.iloc[0]["date"].date()) == "2020-10-04"


def test_features_without_kind_title_or_source_get_stated_defaults(tmp_path: Path) -> None:
    features = [
        point_feature(46.75, 39.76, date="2020-10-04", name="Shelling of the market"),
        point_feature(46.36, 40.68, date="2020-10-11", location="Ganja", type="Air strike"),
        point_feature(46.90, 40.30, date="2020-10-12"),
    ]
    loaded, report = read_events(write(tmp_path / "plain.geojson", collection(features)))
    assert report.ok and report.rows_kept == 3
    by_id = loaded.set_index("id")
    assert by_id.loc["feature-1", "kind"] == "strike"  # from the words of the name
    assert by_id.loc["feature-2", "title"] == "Ganja" and by_id.loc["feature-2", "kind"] == "strike"
    assert by_id.loc["feature-3", "sources"] == ["plain.geojson"]
    # nothing to go on: no kind is made up, and the report says which one was given
    assert by_id.loc["feature-3", "kind"] == "other"
    text = report.format_text()
    assert "no kind in 3 rows" in text and "the file's name given" in text
    assert "1 with nothing to go on given 'other'" in text
    assert "kinds: strike 2, other 1" in text


def test_geojson_date_times_with_and_without_offset(tmp_path: Path) -> None:
    features = [
        point_feature(46.75, 39.76, id="a", date="2020-10-11T02:15:00+04:00", title="T"),
        point_feature(46.75, 39.76, id="b", date="2020-10-12T09:00:00", title="T"),
        point_feature(46.75, 39.76, id="c", date="2020-10-13T09:00:00Z", title="T"),
    ]
    loaded, report = read_events(write(tmp_path / "times.geojson", collection(features)))
    assert report.ok
    times = dict(zip(loaded["id"], loaded["time"], strict=True))
    # a clock without an offset names no moment: the day is kept, the time left out
    assert times == {"a": "02:15+04:00", "b": "", "c": "09:00+00:00"}


# --- TimeMap JSON and generic CSV -----------------------------------------------------------


def test_timemap_json_array_of_records(tmp_path: Path) -> None:
    records = [
        {
            "id": "tm-1",
            "date": "10/04/2020",
            "time": "14:00",
            "latitude": "39.76",
            "longitude": "46.75",
            "location": "Stepanakert/Khankendi",
            "description": "Shelling reported in the city centre.",
            "sources": ["src-1", "src-2"],
        },
        {
            "id": "tm-2",
            "date": "10/15/2020",
            "latitude": "40.68",
            "longitude": "46.36",
            "location": "Ganja",
            "description": "Missile strike on a residential block.",
            "sources": ["src-3"],
        },
    ]
    loaded, report = read_events(write(tmp_path / "timemap.json", json.dumps(records)))
    assert report.format == "timemap" and report.ok and ids(loaded) == ["tm-1", "tm-2"]
    assert loaded.set_index("id").loc["tm-1", "sources"] == ["src-1", "src-2"]
    assert "month first" in report.date_style
    assert report.columns_mapped["location"] == "place_name"


def test_a_generic_csv_row_with_nothing_to_go_on_is_other_and_the_report_says_so(
    tmp_path: Path,
) -> None:
    text = "date,lat,lon,type,text\n2020-10-04,39.76,46.75,,Something happened\n"
    text += "2020-10-05,40.68,46.36,Other,A meeting of residents\n"
    text += "2020-10-06,40.68,46.36,,Drone strike on the bridge\n"
    loaded, report = read_events(write(tmp_path / "plain.csv", text))
    assert report.ok and report.rows_kept == 3
    assert list(loaded.sort_values("date")["kind"]) == ["other", "other", "strike"]
    text = report.format_text()
    assert "1 with nothing to go on given 'other'" in text, "the type 'Other' is the file's own"
    assert "kinds: other 2, strike 1" in text


def test_generic_csv_with_date_coordinates_and_text(tmp_path: Path) -> None:
    text = "date,lat,lon,text,source\n2020-10-04,39.76,46.75,Drone strike,Outlet One\n"
    text += "2020-10-05,40.68,46.36,Protest in the square,Outlet Two\n"
    loaded, report = read_events(write(tmp_path / "sheet.csv", text))
    assert report.format == "table" and report.ok and report.rows_kept == 2
    assert sorted(loaded["kind"]) == ["political", "strike"]
    assert report.columns_mapped == {
        "date": "date",
        "lat": "lat",
        "lon": "lon",
        "text": "description",
        "source": "sources",
    }


# --- UCDP and ACLED semantics ---------------------------------------------------------------


def test_ucdp_clarity_gives_the_status_and_offices_stay_sources(tmp_path: Path) -> None:
    rows = [
        ucdp(id="1", event_clarity="1"),
        ucdp(id="2", event_clarity="2"),
        ucdp(id="3", source_office="", source_article=""),
    ]
    loaded, report = read_events(write(tmp_path / "ged.csv", csv_text(UCDP_HEADER, rows)))
    assert report.ok and ids(loaded) == ["ucdp:1", "ucdp:2", "ucdp:3"]
    by_id = loaded.set_index("id")
    assert by_id.loc["ucdp:1", "status"] == "confirmed" and by_id.loc["ucdp:1", "claimed_by"] == []
    assert by_id.loc["ucdp:2", "status"] == "disputed"
    assert by_id.loc["ucdp:2", "claimed_by"] == ["UCDP GED"]
    assert by_id.loc["ucdp:1", "sources"] == ["Outlet One"]
    assert by_id.loc["ucdp:3", "sources"] == ["UCDP GED event 3"]


def test_ucdp_full_column_set_still_detected(tmp_path: Path) -> None:
    text = csv_text(UCDP_COLUMNS, [ucdp(date_start="2020-10-04 00:00:00.000")])
    loaded, report = read_events(write(tmp_path / "ged.csv", text))
    assert report.format == "ucdp" and ids(loaded) == ["ucdp:500"]


def test_acled_outlets_are_sources_not_claimants(tmp_path: Path) -> None:
    loaded, _ = read_events(write(tmp_path / "a.csv", csv_text(ACLED, [acled()])))
    assert loaded.iloc[0]["claimed_by"] == ["ACLED"]
    assert loaded.iloc[0]["sources"] == ["Outlet One"]
