"""The dashboard upload: an analyst's file replaces or extends the record for one session."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import events
from events.loader import read_events
from events.schema import MAX_UPLOAD_ROWS

ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "inter1",
    "actor2",
    "inter2",
    "country",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
    "tags",
]
HTML_PAYLOAD = '<script>alert("x")</script><img src="http://198.51.100.7/p.png">'


def acled_bytes(rows: list[dict[str, str]]) -> bytes:
    """Return a small ACLED-layout CSV with invented rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(ACLED_COLUMNS)
    for number, fields in enumerate(rows, start=1):
        row = {
            "event_id_cnty": f"UPL{number}",
            "event_date": "2020-10-0" + str(min(number, 9)),
            "year": "2020",
            "time_precision": "1",
            "disorder_type": "Political violence",
            "event_type": "Explosions/Remote violence",
            "sub_event_type": "Shelling/artillery/missile attack",
            "actor1": "Test Forces A",
            "inter1": "1",
            "actor2": "Civilians (Testland)",
            "inter2": "7",
            "country": "Testland",
            "location": "Tartar",
            "latitude": "40.34",
            "longitude": "46.93",
            "geo_precision": "1",
            "source": "Outlet One",
            "notes": "Invented note.",
            "fatalities": "0",
            "tags": "",
            **fields,
        }
        writer.writerow([row[column] for column in ACLED_COLUMNS])
    return buffer.getvalue().encode("utf-8")


def _panel_script(base_path: str) -> None:
    """Draw the upload panel in a page of its own; print what it returned."""
    import streamlit as st

    import events
    from dashboard.page.upload import upload_panel

    def prepare(chosen):
        st.session_state["prepared"] = st.session_state.get("prepared", 0) + 1
        return chosen.assign(rendered=True)

    base = events.load_events(base_path) if base_path else None
    shown, key = upload_panel(base, prepare)
    st.text(f"shown: {'none' if shown is None else len(shown)}; key: {key or 'none'}")
    st.text(f"prepared: {st.session_state.get('prepared', 0)} times")
    if shown is not None:
        st.text("ids: " + ",".join(shown["id"]))


def panel(base_path: str = "") -> AppTest:
    app = AppTest.from_function(_panel_script, args=(base_path,), default_timeout=60)
    return app.run()


def upload(app: AppTest, name: str, content: bytes, mime: str = "text/csv") -> AppTest:
    app.file_uploader(key="upload_file").set_value((name, content, mime))
    return app.run()


def page_text(app: AppTest) -> str:
    """Every text-bearing element of the page, as the user would read it."""
    parts = [element.value for element in app.text]
    for kind in (
        app.success,
        app.error,
        app.warning,
        app.info,
        app.code,
        app.markdown,
        app.caption,
    ):
        parts.extend(str(element.value) for element in kind)
    return "\n".join(parts)


def test_acled_upload_replaces_the_record_for_the_session() -> None:
    curated_before = events.schema.CURATED_PATH.read_bytes()
    app = panel()
    assert not app.exception
    assert "shown: none" in page_text(app)
    upload(app, "acled_small.csv", acled_bytes([{}, {}, {"event_id_cnty": ""}]))
    assert not app.exception
    text = page_text(app)
    assert "shown: 2; key: upload:" in text
    assert "ids: acled:UPL1,acled:UPL2" in text
    assert "Loaded 2 of 3 rows from acled\\_small\\.csv" in app.success[0].value
    assert "1 rows rejected" in app.warning[0].value
    assert "acled_small.csv:4:event_id_cnty: missing id" in app.code[0].value
    assert events.schema.CURATED_PATH.read_bytes() == curated_before


def test_upload_adds_to_a_record_and_skips_clashing_ids(tmp_path: Path) -> None:
    base_file = tmp_path / "base.csv"
    base_file.write_bytes(acled_bytes([{"event_id_cnty": "BASE1"}, {"event_id_cnty": "UPL2"}]))
    app = panel(str(base_file))
    app.radio(key="upload_mode").set_value("add")
    upload(app, "more.csv", acled_bytes([{}, {}, {}]))
    assert not app.exception
    text = page_text(app)
    assert "shown: 4;" in text
    assert "ids: acled:BASE1,acled:UPL1,acled:UPL2,acled:UPL3" in text
    assert "1 uploaded events share an id with the record" in app.info[0].value
    app.run()
    assert "1 uploaded events share an id with the record" in app.info[0].value
    assert "prepared: 1 times" in page_text(app)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "page.csv",
            b"<!DOCTYPE html><html>" + HTML_PAYLOAD.encode() + b"</html>",
            "looks like HTML",
        ),
        (
            "latin.csv",
            acled_bytes([{"location": "Tartar"}]).replace(b"Tartar", b"T\x81rt\x81r"),
            "not UTF-8",
        ),
        ("sheet.csv", b"PK\x03\x04" + bytes(200), "ZIP archive"),
        (
            "nocoords.csv",
            b"event_id_cnty,event_date,event_type\nX1,2020-10-01,Battles\n",
            "missing column 'latitude'",
        ),
        (
            "weird.geojson",
            b'{"type": "Topology", "objects": {}}',
            "not a GeoJSON FeatureCollection",
        ),
    ],
)
def test_bad_files_get_a_message_not_a_crash(name: str, content: bytes, expected: str) -> None:
    app = panel()
    upload(app, name, content)
    assert not app.exception
    assert "shown: none" in page_text(app)
    assert app.error, "an error box is shown"
    assert expected in app.code[0].value
    rendered = [element.value for element in (*app.markdown, *app.error, *app.success)]
    assert not any("<script>" in value or "<img" in value for value in rendered)


def test_html_in_file_name_and_fields_is_never_markup() -> None:
    app = panel()
    name = '<b onmouseover="x">[link](http://198.51.100.7)</b>.csv'
    upload(app, name, acled_bytes([{"notes": HTML_PAYLOAD, "location": HTML_PAYLOAD}]))
    assert not app.exception
    message = app.success[0].value
    # every character Markdown would act on is backslash-escaped, so it shows as typed
    assert not re.search(r"(?<!\\)[<>\[\]()]", message.split(" (ACLED")[0])
    assert "\\<b onmouseover" in message


def test_our_schema_with_a_problem_loads_nothing() -> None:
    header = ",".join(events.schema.COLUMNS)
    good = (
        "u1,2020-10-01,,day,Title,,strike,,40.3,46.9,town,confirmed,,,,,,https://www.example.org/a"
    )
    bad = good.replace("u1", "u2").replace("strike", "battle")
    app = panel()
    upload(app, "ours.csv", f"{header}\n{good}\n{bad}\n".encode())
    assert not app.exception
    assert "shown: none" in page_text(app)
    assert "Nothing loaded" in app.error[0].value
    assert not app.success, "one message: not 'Loaded 1 of 2 rows' beside 'Nothing loaded'"
    assert "ours.csv:3:kind: unknown kind 'battle'" in app.code[0].value
    assert "format: csv" in app.code[1].value


def test_geojson_upload_is_detected() -> None:
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [46.75, 39.76]},
                "properties": {
                    "date": "2020-11-08",
                    "title": "Invented",
                    "kind": "capture",
                    "sources": "Outlet One",
                },
            }
        ],
    }
    app = panel()
    upload(app, "mine.geojson", json.dumps(collection).encode(), "application/geo+json")
    assert "shown: 1;" in page_text(app)


def test_limits_are_refused_with_the_limit_in_the_message() -> None:
    data = acled_bytes([{}, {}, {}])
    with pytest.raises(events.EventDataError, match="larger than the limit of"):
        read_events(data, name="big.csv", max_bytes=100)
    with pytest.raises(events.EventDataError, match="3 rows is more than the limit of 2 rows"):
        read_events(data, name="long.csv", max_rows=2)
    assert MAX_UPLOAD_ROWS == 500_000


def test_upload_over_the_size_limit_is_refused_on_the_page() -> None:
    app = panel()
    oversized = acled_bytes([{}]) + b"," * (50 * 2**20)
    upload(app, "huge.csv", oversized)
    assert not app.exception
    assert "larger than the limit of 50 MB" in app.code[0].value


# --- the real page --------------------------------------------------------------------------


def test_the_page_hands_the_map_an_uploaded_acled_file(monkeypatch) -> None:
    from test_app import dataset, engine_titles, map_args, map_reports, run_app

    day = dt.date(2020, 10, 4)
    app = map_reports(run_app(monkeypatch, date=day.isoformat()))
    curated_that_day = len(engine_titles(app, day))
    rows = [
        {"event_date": day.isoformat(), "notes": HTML_PAYLOAD},
        {"event_date": day.isoformat()},
        {"event_date": day.isoformat()},
    ]
    upload(app, "acled_page.csv", acled_bytes(rows))
    assert not app.exception, [exception.message for exception in app.exception]
    assert len(engine_titles(app, day)) == 3
    assert "Shelling/artillery/missile attack in Tartar" in " ".join(dataset(app)["title"])
    # The upload travels inside the page (never written to disk), as data that cannot end
    # the script; the browser writes it with textContent.
    delivery = map_args(app)["feature_group"]
    assert "setDataset(" in delivery and "<script>" not in delivery
    assert any(HTML_PAYLOAD in text for text in dataset(app)["description"])
    app.radio(key="upload_mode").set_value("add").run()
    assert not app.exception
    assert len(engine_titles(app, day)) == curated_that_day + 3


def bare_geojson(day: dt.date) -> bytes:
    """Return a feature collection of the kind analysts share: no kind, title or source."""
    features = [
        ({"location": "Invented crossroads", "description": "Residents met at the school"}),
        ({"location": "Invented bridge", "description": "A missile strike was reported"}),
    ]
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [46.75 + number / 10, 39.8]},
                "properties": {"date": day.isoformat(), **properties},
            }
            for number, properties in enumerate(features)
        ],
    }
    return json.dumps(collection).encode()


def test_a_bare_geojson_event_is_other_on_the_map_the_list_and_the_filter(monkeypatch) -> None:
    from test_app import dataset, engine_titles, map_reports, opening, run_app

    day = dt.date(2020, 10, 4)
    app = map_reports(run_app(monkeypatch, date=day.isoformat()))
    upload(app, "bare.geojson", bare_geojson(day), "application/geo+json")
    assert not app.exception, [exception.message for exception in app.exception]
    held = dataset(app)
    kinds = [held["kinds"][index] for index in held["kind"]]
    assert dict(zip(held["title"], kinds, strict=True)) == {
        "Invented crossroads": "other",
        "Invented bridge": "strike",
    }
    assert "1 with nothing to go on given 'other'" in page_text(app)
    assert opening(app)["kinds"]["other"] == {"colour": "#BBBBBB", "label": "Other or not stated"}
    day_list = " ".join(block.value for block in app.markdown if "kd-events" in block.value)
    assert "border-left-color:#BBBBBB'>" in day_list and "Invented crossroads" in day_list
    assert "Other or not stated" in app.button_group(key="w_kinds").options
    bars = json.loads(app.get("vega_lite_chart")[0].proto.spec)
    bars = next(layer for layer in bars["layer"] if layer["mark"]["type"] == "bar")
    scale = bars["encoding"]["color"]["scale"]
    assert dict(zip(scale["domain"], scale["range"], strict=True))["other"] == "#BBBBBB"
    charted = {row["kind"] for row in bars["data"]["values"]}
    assert charted == {"other", "strike"}

    app.button_group(key="w_kinds").set_value(["other"]).run()
    assert not app.exception
    assert engine_titles(app, day) == ["Invented crossroads"]
    assert app.query_params["kinds"] == "other"
    counts = " ".join(block.value for block in app.markdown if "Showing" in block.value)
    assert "Showing **1** of 2 events" in counts and "kinds\\: other" in counts


def test_the_timeline_follows_the_uploaded_dates(monkeypatch) -> None:
    from test_app import engine_settings, engine_titles, map_reports, run_app

    app = map_reports(run_app(monkeypatch))
    rows = [{"event_date": "2021-03-15"}, {"event_date": "2021-03-16"}]
    upload(app, "later.csv", acled_bytes(rows))
    assert not app.exception
    assert engine_settings(app)["last"] == "2021-03-16"
    app.session_state["w_date"] = dt.date(2021, 3, 15)
    app.run()
    assert len(engine_titles(app, dt.date(2021, 3, 15))) == 1


# --- in the browser -------------------------------------------------------------------------


@pytest.mark.browser
def test_browser_upload_of_an_acled_file_shows_its_events_in_this_session_only(
    app_url, page_factory, tmp_path: Path, artifacts_dir: Path
) -> None:
    from conftest import assert_clean

    from tests.browser.test_browser_app import (
        ENGINE_JS,
        expected_markers,
        open_page,
        wait_for_map_day,
    )

    day = dt.date(2020, 10, 4)
    curated = expected_markers(day)
    count = curated + 2  # differs from the curated day's markers, so the swap is visible
    rows = [{"event_date": day.isoformat(), "notes": HTML_PAYLOAD} for _ in range(count)]
    acled_file = tmp_path / "acled_browser.csv"
    acled_file.write_bytes(acled_bytes(rows))
    uploader, bystander = page_factory(), page_factory()
    for page in (uploader, bystander):
        open_page(page, f"{app_url}/?date={day.isoformat()}")
        wait_for_map_day(page, day)
    uploader.evaluate(
        "() => { document.querySelector('iframe[title=\"streamlit_folium.st_folium\"]')"
        ".contentWindow.kdProbe = 1; }"
    )

    uploader.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        str(acled_file)
    )
    loaded = f"Loaded {count} of {count} rows from acled_browser.csv"
    uploader.get_by_text(loaded).wait_for(timeout=60_000)
    uploader.wait_for_function(
        f"() => ({ENGINE_JS})() && ({ENGINE_JS})().onMap === {count}", timeout=60_000
    )
    popups = uploader.evaluate(
        """() => {
          const t = document.querySelector('iframe[title="streamlit_folium.st_folium"]')
            .contentWindow.kdTime;
          return t.eventsLayer.getLayers().map((marker) => {
            const popup = t.popupFor(marker.kdIndex);
            return {text: popup.textContent, scripts: popup.querySelectorAll('script').length};
          });
        }"""
    )
    assert len(popups) == count and all("Tartar" in popup["text"] for popup in popups)
    assert all(popup["scripts"] == 0 for popup in popups)
    assert any("<script>" in popup["text"] for popup in popups), "shown as text, not markup"
    assert uploader.evaluate(
        "() => document.querySelector('iframe[title=\"streamlit_folium.st_folium\"]')"
        ".contentWindow.kdProbe === 1"
    ), "the upload reloaded the map"
    uploader.screenshot(path=str(artifacts_dir / "upload_acled.png"), full_page=True)

    assert bystander.evaluate(ENGINE_JS)["onMap"] == curated
    bystander.reload(wait_until="domcontentloaded")
    bystander.wait_for_function(
        f"() => ({ENGINE_JS})() && ({ENGINE_JS})().onMap === {curated}", timeout=60_000
    )
    assert_clean(uploader)
    assert_clean(bystander)


@pytest.mark.browser
def test_browser_upload_of_a_bare_geojson_draws_other_in_grey_with_its_legend_entry(
    app_url, page_factory, tmp_path: Path, artifacts_dir: Path
) -> None:
    from conftest import assert_clean

    from tests.browser.test_browser_app import ENGINE_JS, open_page, wait_for_map_day

    day = dt.date(2020, 10, 4)
    bare = tmp_path / "bare.geojson"
    bare.write_bytes(bare_geojson(day))
    page = page_factory({"width": 1440, "height": 900})
    # close on the two events, so that the screenshot shows them beside the legend
    open_page(page, f"{app_url}/?date={day.isoformat()}&zoom=11&lat=39.8&lon=46.8")
    wait_for_map_day(page, day)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(bare))
    page.get_by_text("Loaded 2 of 2 rows from bare.geojson").wait_for(timeout=60_000)
    page.wait_for_function(f"() => ({ENGINE_JS})() && ({ENGINE_JS})().onMap === 2", timeout=60_000)
    drawn = page.evaluate(
        """() => {
          const w = document.querySelector('iframe[title="streamlit_folium.st_folium"]')
            .contentWindow;
          const t = w.kdTime;
          const legend = [...w.document.querySelectorAll('.kd-legend li')].map((item) => ({
            text: item.textContent.trim(),
            fill: item.querySelector('svg path, svg circle')?.getAttribute('fill') || null,
          }));
          return {
            markers: t.eventsLayer.getLayers().map((marker) => ({
              fill: marker.options.fillColor,
              popup: t.popupFor(marker.kdIndex).textContent,
            })),
            legend,
          };
        }"""
    )
    grey = {marker["fill"] for marker in drawn["markers"] if "crossroads" in marker["popup"]}
    assert grey == {"#BBBBBB"}
    assert "Other or not stated" in " ".join(marker["popup"] for marker in drawn["markers"])
    (entry,) = [item for item in drawn["legend"] if item["text"] == "Other or not stated"]
    assert entry["fill"] == "#BBBBBB"
    page.frame_locator('iframe[title="streamlit_folium.st_folium"]').locator(
        ".kd-legend summary"
    ).click()
    page.wait_for_timeout(500)
    page.screenshot(path=str(artifacts_dir / "upload_bare_other.png"), full_page=True)
    assert_clean(page)
