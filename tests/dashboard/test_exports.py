"""Exports of a view: standalone HTML in Chromium, GeoJSON/CSV round trips, atomic writes, UI."""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import datetime as dt
import functools
import http.server
import io
import json
import re
import stat
import threading

import geopandas as gpd
import pytest
import shapely
from playwright.sync_api import expect
from shapely.geometry import shape

import events
import geodata
from dashboard import files
from dashboard.export import render as exports
from dashboard.export.files import format_of
from dashboard.export.formats import ExportError
from dashboard.export.render import export_view, render_bytes
from dashboard.state import MapView, ViewState, select_events

SHUSHA_FALLS = dt.date(2020, 11, 8)
# Three days around the fall of Shusha: enough events to count, few enough to check each.
VIEW = ViewState(date=SHUSHA_FALLS, mode="window", window_days=3)
MAX_HTML_BYTES = 3 * 1024 * 1024


@pytest.fixture(scope="module")
def record():
    return events.load_events()


@pytest.fixture(scope="module")
def shown(record):
    selected = select_events(record, VIEW)
    assert len(selected) >= 3, "the record should hold several events from 6 to 8 November"
    return selected


def test_format_comes_from_the_extension():
    assert format_of("a/b/war.GIF") == "gif"
    assert format_of("events.json") == "geojson"
    with pytest.raises(ExportError, match=r"\.png"):
        format_of("map.jpeg")


# --- standalone HTML ---------------------------------------------------------------------------


def test_html_is_standalone_and_small(record, tmp_path):
    path = export_view(VIEW, record, tmp_path / "shusha.html")
    html = path.read_text(encoding="utf-8")
    assert len(html.encode()) <= MAX_HTML_BYTES
    external = re.findall(r"<(?:script|link|img)\b[^>]*(?:src|href)=\"(?:https?:)?//[^\"]+", html)
    assert external == []
    for part in ("new KdTime(", "new KdTimeline(", "new KdLegend(", "new KdTitle("):
        assert part in html


def test_html_carries_text_from_the_data_as_data_not_markup(record, tmp_path):
    hostile = record.copy()
    index = select_events(hostile, VIEW).index[0]
    hostile.loc[index, "title"] = '<img src=x onerror="alert(1)"></script>'
    html = render_bytes(VIEW, hostile, "html").decode()
    # The events travel as JSON, where "<" is written \u003c: nothing can end the script.
    assert "<img src=x" not in html
    assert "\\u003cimg src=x" in html


# What the standalone map's engine has drawn, or null before it holds the events.
STANDALONE_ENGINE_JS = """() => {
  const t = window.kdTime;
  if (!t || !t.dataset) return null;
  return {day: t.drawn.day, markers: t.drawn.markers, onMap: t.eventsLayer.getLayers().length,
          zones: t.layers.control_zones.layer.getLayers().length, zoom: t.map.getZoom()};
}"""


def _located(selected):
    return selected[~selected.geometry.is_empty & selected.geometry.notna()]


@pytest.mark.browser
def test_the_html_export_moves_through_the_war_offline(
    record, shown, tmp_path, browser_page, artifacts_dir
):
    page = browser_page
    path = export_view(VIEW, record, tmp_path / "shusha.html")
    page.goto(path.as_uri())
    page.wait_for_function(f"({STANDALONE_ENGINE_JS})() !== null", timeout=30_000)
    state = page.evaluate(STANDALONE_ENGINE_JS)
    assert state["day"] == VIEW.date.isoformat()
    assert state["markers"] == state["onMap"] == len(_located(shown))
    assert state["zones"] == len(geodata.control_at(VIEW.date))
    assert "Nagorno-Karabakh 2020" in page.locator(".kd-title").inner_text()
    assert "Held by Azerbaijani forces" in page.locator(".kd-legend").inner_text()
    assert "Natural Earth" in page.locator(".leaflet-control-attribution").inner_text()
    page.screenshot(path=str(artifacts_dir / "export-html-shusha.png"))

    # Its own timeline moves it, a day at a time, with no server.
    page.locator('input[aria-label="Date"]').press("ArrowRight")
    following = VIEW.date + dt.timedelta(days=1)
    count = len(_located(select_events(record, dataclasses.replace(VIEW, date=following))))
    page.wait_for_function(
        f"() => ({STANDALONE_ENGINE_JS})().day === '{following.isoformat()}'", timeout=10_000
    )
    assert page.evaluate(STANDALONE_ENGINE_JS)["onMap"] == count

    # A popup opens on a click and shows the event's own title.
    point = page.evaluate(
        """() => {
        const marker = window.kdTime.eventsLayer.getLayers()[0];
        const at = window.kdTime.map.latLngToContainerPoint(marker.getLatLng());
        const box = window.kdTime.map.getContainer().getBoundingClientRect();
        return {x: box.left + at.x, y: box.top + at.y};
    }"""
    )
    page.mouse.click(point["x"], point["y"])
    popup = page.wait_for_selector(".leaflet-popup-content", timeout=5000)
    assert any(title in popup.inner_text() for title in record["title"])

    # The layer control hides the events.
    page.locator(".leaflet-control-layers").hover()
    page.locator(".leaflet-control-layers-overlays label", has_text="Events").click()
    assert page.evaluate("() => window.kdTime.map.hasLayer(window.kdTime.eventsLayer)") is False


@pytest.mark.browser
def test_hostile_text_in_the_html_export_is_shown_as_text(record, tmp_path, browser_page):
    page = browser_page
    hostile = record.copy()
    index = select_events(hostile, VIEW).index[0]
    payload = '<img src=x onerror="window.kdPwned=1">'
    hostile.loc[index, "title"] = payload
    path = tmp_path / "hostile.html"
    path.write_bytes(render_bytes(VIEW, hostile, "html"))
    page.goto(path.as_uri())
    page.wait_for_function(f"({STANDALONE_ENGINE_JS})() !== null", timeout=30_000)
    page.evaluate(
        """(title) => {
        const t = window.kdTime;
        const marker = t.eventsLayer.getLayers().find((m) => t.dataset.title[m.kdIndex] === title);
        marker.fire("click", {latlng: marker.getLatLng()}, true);
    }""",
        payload,
    )
    page.wait_for_selector(".leaflet-popup-content h4", timeout=5000)
    # Its place may hold other events: the popup then lists them; open the hostile one.
    listed = page.locator(".kd-place-event summary", has_text=payload)
    if listed.count():
        listed.first.click()
        page.wait_for_selector(".kd-place-event .kd-popup h4", timeout=5000)
    titles = page.locator(".leaflet-popup-content .kd-popup h4").all_inner_texts()
    assert payload in titles
    assert page.locator(".leaflet-popup-content img").count() == 0
    assert page.evaluate("() => window.kdPwned") is None


@pytest.mark.browser
def test_the_published_folder_works_from_a_plain_static_server(record, tmp_path, browser_page):
    from dashboard.export.interactive import publish

    folder = publish(tmp_path / "site", VIEW, record)
    assert (folder / "index.html").is_file() and (folder / "data" / "events.json").is_file()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        page = browser_page
        day = dt.date(2020, 11, 10)
        port = server.server_address[1]
        page.goto(f"http://127.0.0.1:{port}/index.html?date={day}&zoom=9&lat=39.8&lon=46.75")
        page.wait_for_function(f"({STANDALONE_ENGINE_JS})() !== null", timeout=30_000)
        page.wait_for_function(
            f"() => ({STANDALONE_ENGINE_JS})().day === '{day.isoformat()}'", timeout=10_000
        )
        state = page.evaluate(STANDALONE_ENGINE_JS)
        assert state["zoom"] == 9
        count = len(_located(select_events(record, dataclasses.replace(VIEW, date=day))))
        assert state["onMap"] == count
        page.locator('input[aria-label="Date"]').press("ArrowLeft")
        page.wait_for_function(
            "() => window.location.search.includes('date=2020-11-09')", timeout=10_000
        )
    finally:
        server.shutdown()
        server.server_close()


# --- GeoJSON and CSV round trips ---------------------------------------------------------------


def test_geojson_round_trips_the_events_and_zones(record, shown, tmp_path):
    path = export_view(VIEW, record, tmp_path / "shusha.geojson")
    collection = json.loads(path.read_text(encoding="utf-8"))
    assert collection["view"]["date"] == "2020-11-08"
    assert "date=2020-11-08" in collection["view"]["permalink"]
    assert collection["attribution"][:-1] == list(geodata.attribution())
    assert collection["attribution"][-1].startswith("Events: karabakh-dashboard record")
    features = collection["features"]
    event_features = [f for f in features if f["properties"]["layer"] == "event"]
    zone_features = [f for f in features if f["properties"]["layer"] == "control_zone"]

    assert [f["properties"]["id"] for f in event_features] == shown["id"].tolist()
    for feature, row in zip(event_features, shown.itertuples(), strict=True):
        properties = feature["properties"]
        assert properties["date"] == row.date.date().isoformat()
        for column in ("title", "description", "kind", "status", "place", "place_name"):
            assert properties[column] == getattr(row, column), column
        for column in ("sources", "claimed_by", "denied_by", "actors"):
            assert properties[column] == list(getattr(row, column)), column
        assert shape(feature["geometry"]).equals_exact(row.geometry, 1e-9)

    zones = geodata.control_at(SHUSHA_FALLS)
    assert len(zone_features) == len(zones)
    for feature, row in zip(zone_features, zones.itertuples(), strict=True):
        assert set(zones.columns) - {"geometry"} <= set(feature["properties"])
        assert feature["properties"]["controller"] == row.controller
        assert feature["properties"]["sources"] == list(row.sources)
        assert shape(feature["geometry"]).symmetric_difference(row.geometry).area < 1e-9

    # Any GIS reads it.
    assert len(gpd.read_file(path)) == len(features)


def test_csv_round_trips_the_events_and_zones(record, shown, tmp_path):
    path = export_view(VIEW, record, tmp_path / "shusha.csv")
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    event_rows = [row for row in rows if row["layer"] == "event"]
    zone_rows = [row for row in rows if row["layer"] == "control_zone"]

    assert [row["id"] for row in event_rows] == shown["id"].tolist()
    for row, event in zip(event_rows, shown.itertuples(), strict=True):
        assert row["date"] == event.date.date().isoformat()
        assert row["title"] == event.title
        assert row["sources"].split(" | ") == list(event.sources)
        assert float(row["lat"]) == pytest.approx(event.geometry.y)
        assert float(row["lon"]) == pytest.approx(event.geometry.x)
        assert shapely.from_wkt(row["wkt"]).equals_exact(event.geometry, 1e-9)

    zones = geodata.control_at(SHUSHA_FALLS)
    assert set(zones.columns) - {"geometry"} <= set(rows[0])
    assert [row["controller"] for row in zone_rows] == zones["controller"].tolist()
    assert [row["sources"].split(" | ") for row in zone_rows] == [
        list(sources) for sources in zones["sources"]
    ]
    for row, zone in zip(zone_rows, zones.geometry, strict=True):
        assert shapely.from_wkt(row["wkt"]).symmetric_difference(zone).area < 1e-9


# --- atomic writes -----------------------------------------------------------------------------


def test_a_failed_write_leaves_the_old_file_intact_and_no_temporary(record, tmp_path, monkeypatch):
    target = tmp_path / "shusha.csv"
    target.write_text("the old file\n")

    def broken_fsync(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", broken_fsync)
    with pytest.raises(ExportError, match="No space left"):
        export_view(VIEW, record, target)
    assert target.read_text() == "the old file\n"
    assert [path.name for path in tmp_path.iterdir()] == ["shusha.csv"]


def test_a_failed_render_leaves_no_file(record, tmp_path, monkeypatch):
    def broken_render(*args: object, **kwargs: object) -> bytes:
        raise ExportError("the renderer failed")

    monkeypatch.setattr(exports, "render_bytes", broken_render)
    with pytest.raises(ExportError):
        export_view(VIEW, record, tmp_path / "shusha.png")
    assert list(tmp_path.iterdir()) == []


def test_a_replaced_file_is_complete_and_keeps_its_mode(record, tmp_path):
    target = tmp_path / "shusha.geojson"
    target.write_text("old")
    target.chmod(0o640)
    export_view(VIEW, record, target)
    assert json.loads(target.read_text())["type"] == "FeatureCollection"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [path.name for path in tmp_path.iterdir()] == ["shusha.geojson"]


def test_unwritable_paths_are_refused_before_rendering(record, tmp_path, monkeypatch):
    monkeypatch.setattr(exports, "render_bytes", lambda *a, **k: pytest.fail("rendered"))
    with pytest.raises(ExportError, match="does not exist"):
        export_view(VIEW, record, tmp_path / "no" / "such" / "map.png")
    (tmp_path / "folder.png").mkdir()
    with pytest.raises(ExportError, match="is a folder"):
        export_view(VIEW, record, tmp_path / "folder.png")


# --- the download buttons ----------------------------------------------------------------------


def _downloads_app() -> None:
    import datetime as dt

    import events
    from dashboard.page.downloads import render_downloads
    from dashboard.state import ViewState

    render_downloads(ViewState(date=dt.date(2020, 11, 8)), events.load_events(), "curated")


def test_download_buttons_and_the_animation_on_request():
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_function(_downloads_app, default_timeout=120)
    app.run()
    assert not app.exception
    assert len(app.get("download_button")) == 6
    assert "snapshot_animation" not in app.session_state  # nothing drawn on a plain rerun
    app.button(key="animation_render").click().run()
    assert not app.exception
    _key, data = app.session_state["snapshot_animation"]
    assert data.startswith(b"GIF8")
    assert len(app.get("download_button")) == 7


@pytest.mark.browser
def test_the_dashboard_serves_the_png_of_its_view(app_url, browser_page, tmp_path):
    from PIL import Image

    page = browser_page
    page.goto(f"{app_url}/?date=2020-11-08&mode=cumulative", timeout=60_000)
    switch = page.get_by_role("switch", name="Show the download buttons")
    switch.wait_for(timeout=60_000)
    # A rerun still running from the page's first load can undo a click on the switch:
    # click until the switch stays on.
    for _ in range(5):
        if switch.is_checked():
            break
        page.get_by_text("Show the download buttons").click()
        with contextlib.suppress(AssertionError):
            expect(switch).to_be_checked(timeout=5_000)
    expect(switch).to_be_checked()
    button = page.get_by_role("button", name="PNG image")
    button.wait_for(timeout=60_000)
    with page.expect_download(timeout=60_000) as download:
        button.click()
    assert download.value.suggested_filename == "karabakh-2020-11-08-cumulative.png"
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert Image.open(path).size == (1600, 1100)


def test_the_publish_command_shown_on_the_page_writes_that_view(record):
    import argparse
    import shlex

    from dashboard.export import publish_cli
    from dashboard.export.cli import view_from_args
    from dashboard.export.interactive import embed_snippet, publish_command

    state = ViewState(
        date=SHUSHA_FALLS,
        mode="window",
        window_days=3,
        kinds=("capture", "strike"),
        actors=("Russia",),
        query="Shusha's <road>",
        layers=("countries", "control_zones"),
        map_view=MapView(10, 39.7583, 46.7486),
    )
    parser = argparse.ArgumentParser()
    publish_cli.add_arguments(parser)
    words = shlex.split(publish_command(state))
    assert words[:2] == ["karabakh-dashboard", "publish"]
    assert view_from_args(parser.parse_args(words[2:]), record) == state
    snippet = embed_snippet('https://example.org/map"><script>', state)
    assert "<script>" not in snippet
    assert 'src="https://example.org/map&quot;&gt;&lt;script&gt;/index.html?date=2020-11-08"' in (
        snippet
    )


def test_csv_cells_that_a_spreadsheet_would_run_are_guarded_and_read_back(record, tmp_path):
    hostile = record.copy()
    index = select_events(hostile, VIEW).index[0]
    formulas = ["=1+2", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\x00@x\r"]
    hostile.loc[index, "title"] = formulas[0]
    hostile.loc[index, "description"] = formulas[1]
    hostile.at[index, "actors"] = formulas[2:4]
    hostile.loc[index, "place_name"] = formulas[4]
    hostile.loc[index, "fatalities_source"] = formulas[5]
    rows = list(csv.DictReader(io.StringIO(render_bytes(VIEW, hostile, "csv").decode())))
    row = next(row for row in rows if row.get("description") == "'" + formulas[1])
    assert row["title"] == "'=1+2"
    assert row["actors"] == "'-2+3 | @SUM(A1)"
    assert row["place_name"] == "'\tx"
    assert row["fatalities_source"] == "'@x\n", "control bytes dropped, then guarded"
    from dashboard.export import data

    for name, value in row.items():
        assert not value.startswith(data.FORMULA_STARTS), (name, value)
    # Numbers stay numbers: a negative longitude is not text.
    assert data.spreadsheet_safe("-3") == "'-3"
    assert data._csv_cell(-46.75) == "-46.75"


def test_an_mp4_export_killed_mid_way_leaves_nothing_behind(tmp_path, monkeypatch):
    import subprocess
    import sys
    import tempfile

    from dashboard.export import animation

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], check=True,
                          capture_output=True, text=True).stdout.strip()  # fmt: skip
    stale = tmp_path / f"karabakh-mp4-{gone}-abc"
    stale.mkdir()
    (stale / "timeline.mp4").write_bytes(b"half")
    mine = tmp_path / f"karabakh-mp4-{__import__('os').getpid()}-def"
    mine.mkdir()
    animation._remove_stale_folders()
    assert not stale.exists(), "the folder of a process that is gone is removed"
    assert mine.exists(), "a running export's folder is left alone"


def test_a_csv_export_reads_back_through_our_own_reader_unchanged(record, tmp_path):
    hostile = record.copy()
    index = select_events(hostile, VIEW).index[0]
    hostile.loc[index, "title"] = "=HYPERLINK(1)"
    hostile.at[index, "actors"] = ["-Armenia", "@Azerbaijan"]
    text = render_bytes(VIEW, hostile, "csv").decode()
    rows = [row for row in csv.DictReader(io.StringIO(text)) if row["layer"] == "event"]
    for row in rows:
        if row["place"]:
            # The export writes the gazetteer's coordinates; the record keeps the place alone.
            row["lat"] = row["lon"] = ""
    path = tmp_path / "back.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    back, _report = events.read_events(path)
    chosen = back[back["id"] == hostile.loc[index, "id"]].iloc[0]
    assert chosen["title"] == "=HYPERLINK(1)"
    assert list(chosen["actors"]) == ["-Armenia", "@Azerbaijan"]


def test_an_event_of_kind_other_keeps_its_kind_and_key_in_every_export(record, tmp_path):
    other = record.copy()
    index = select_events(other, VIEW).index[0]
    other.loc[index, "kind"] = "other"
    chosen = other.loc[index, "id"]
    geojson = json.loads(render_bytes(VIEW, other, "geojson"))
    kinds = {f["properties"]["id"]: f["properties"].get("kind") for f in geojson["features"]}
    assert kinds[chosen] == "other"
    path = tmp_path / "other.geojson"
    path.write_text(json.dumps(geojson), encoding="utf-8")
    back, _report = events.read_events(path)  # the zones' polygons are no events: left out
    assert back.set_index("id").loc[chosen, "kind"] == "other"
    text = render_bytes(VIEW, other, "csv").decode()
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(text)) if row["layer"] == "event"}
    assert rows[chosen]["kind"] == "other"
    # the standalone map and the published folder key it like every kind
    page = render_bytes(VIEW, other, "html").decode()
    assert '"Other or not stated"' in page and '"#BBBBBB"' in page
    from dashboard.export.interactive import publish

    folder = publish(tmp_path / "site", VIEW, other)
    assert '"Other or not stated"' in (folder / "index.html").read_text(encoding="utf-8")
    assert '"other"' in (folder / "data" / "events.json").read_text(encoding="utf-8")
