"""The real dashboard in Chromium: markers for a date, keyboard scrubbing, play, many sessions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import assert_clean

import events
import geodata
from dashboard import style
from dashboard.state import ViewState, select_events

pytestmark = pytest.mark.browser

FRAME = 'iframe[title="streamlit_folium.st_folium"]'
# Markers in the events layer currently on the map (the last dated group swapped in), or
# null while the map is not ready.
EVENT_MARKERS_JS = """() => {
  const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  const w = frame && frame.contentWindow;
  if (!w || !w.map || !w.feature_group) return null;
  const groups = w.feature_group.filter((group) => w.map.hasLayer(group));
  if (!groups.length) return null;
  const events = groups[groups.length - 1];
  if (events.kdBefore) return -1;
  return events.getLayers().filter((l) => l instanceof w.L.CircleMarker).length;
}"""
TAG_EVENTS_JS = """() => {
  const w = document.querySelector('iframe[title="streamlit_folium.st_folium"]').contentWindow;
  for (const group of w.feature_group || []) group.kdBefore = true;
}"""
MAP_SUMMARY_JS = """() => {
  const w = document.querySelector('iframe[title="streamlit_folium.st_folium"]').contentWindow;
  let polygons = 0, lines = 0, circles = 0;
  for (const layer of Object.values(w.map._layers)) {
    if (layer instanceof w.L.Polygon) polygons += 1;
    else if (layer instanceof w.L.Polyline) lines += 1;
    else if (layer instanceof w.L.CircleMarker) circles += 1;
  }
  const overlays = [...w.document.querySelectorAll('.leaflet-control-layers-overlays label')]
    .map((label) => label.textContent.trim());
  return {polygons, lines, circles, overlays,
          attribution: w.document.querySelector('.leaflet-control-attribution').textContent};
}"""


# What each dated layer draws (name in the layer control -> features drawn), and its day.
DATED_LAYERS_JS = """() => {
  const w = document.querySelector('iframe[title="streamlit_folium.st_folium"]').contentWindow;
  if (!w.kdDatedLayers || !w.layer_control) return null;
  const drawn = {};
  for (const entry of w.layer_control._layers) {
    if (w.kdDatedLayers.layers.includes(entry.layer)) {
      drawn[entry.name] = entry.layer.getLayers().length;
    }
  }
  return {day: w.kdDatedLayers.day, drawn};
}"""


def expected_markers(day: dt.date, **view: object) -> int:
    return len(select_events(events.load_events(), ViewState(date=day, **view)))


def open_page(page: object, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    wait_for_map(page)


def wait_for_map(page: object) -> None:
    page.wait_for_selector(FRAME, timeout=60_000)
    page.wait_for_function(f"({EVENT_MARKERS_JS})() !== null", timeout=60_000)


def wait_for_day(page: object, day: dt.date, **view: object) -> None:
    """Wait until the page names the day and its map shows that day's markers.

    Layers tagged by :func:`step_with_key` do not count, so a day with as many events as
    the one before cannot pass before its own layer arrives.
    """
    page.wait_for_selector(f'h3:has-text("{day:%d %B %Y}")', timeout=60_000)
    count = expected_markers(day, **view)
    page.wait_for_function(f"({EVENT_MARKERS_JS})() === {count}", timeout=60_000)


def step_with_key(page: object, key: str) -> None:
    """Press a key on the date slider, the events layer on the map tagged as the old one."""
    page.evaluate(TAG_EVENTS_JS)
    focus_slider(page)
    page.keyboard.press(key)


def mark_iframe(page: object) -> None:
    """Leave a flag in the map's window: a reloaded iframe would lose it."""
    page.evaluate(
        "() => { document.querySelector('iframe[title=\"streamlit_folium.st_folium\"]')"
        ".contentWindow.kdProbe = 'still here'; }"
    )


def iframe_kept(page: object) -> bool:
    return page.evaluate(
        "() => document.querySelector('iframe[title=\"streamlit_folium.st_folium\"]')"
        ".contentWindow.kdProbe === 'still here'"
    )


def focus_slider(page: object) -> None:
    page.locator('input[type="range"][aria-label="Date"]').focus()


def test_map_renders_layers_and_the_days_markers(app_url, browser_page, artifacts_dir: Path):
    page = browser_page
    day = dt.date(2020, 10, 4)
    open_page(page, f"{app_url}/?date={day.isoformat()}")
    wait_for_day(page, day)
    assert expected_markers(day) >= 2
    # The boundary layers arrive by fetch from the app's static files.
    page.wait_for_function(f"({MAP_SUMMARY_JS})().polygons > 20", timeout=60_000)
    summary = page.evaluate(MAP_SUMMARY_JS)
    assert summary["polygons"] > 20, "countries, districts and control zones are drawn"
    assert summary["lines"] >= 1, "the 1994 line of contact is drawn"
    assert "Countries" in summary["overlays"]
    assert "Who held what (selected day)" in summary["overlays"]
    assert "OpenStreetMap contributors" in summary["attribution"]
    assert "Events: project record" in summary["attribution"]
    page.wait_for_load_state("networkidle")
    page.screenshot(path=artifacts_dir / "dashboard-2020-10-04.png", full_page=True)
    assert_clean(page)


def test_after_the_ceasefire_the_corridors_and_peacekeepers_appear(
    app_url, browser_page, artifacts_dir: Path
):
    page = browser_page
    day = dt.date(2020, 11, 12)
    open_page(page, f"{app_url}/?date={day.isoformat()}&mode=cumulative")
    wait_for_day(page, day, mode="cumulative")
    overlays = page.evaluate(MAP_SUMMARY_JS)["overlays"]
    assert "Lachin corridor (from 10 Nov)" in overlays
    assert "Russian peacekeeping zone (from 10 Nov)" in overlays
    assert page.locator("text=Ceasefire in force").count() >= 1
    page.wait_for_load_state("networkidle")
    page.screenshot(path=artifacts_dir / "dashboard-2020-11-12-cumulative.png", full_page=True)
    assert_clean(page)


def test_keyboard_scrubbing_updates_markers_without_reloading_the_map(
    app_url, browser_page, artifacts_dir: Path
):
    page = browser_page
    start = dt.date(2020, 10, 1)
    open_page(page, f"{app_url}/?date={start.isoformat()}")
    wait_for_day(page, start)
    mark_iframe(page)
    for step in range(1, 5):
        step_with_key(page, "ArrowRight")
        wait_for_day(page, start + dt.timedelta(days=step))
        assert iframe_kept(page), f"the map reloaded on step {step}"
    step_with_key(page, "ArrowLeft")
    wait_for_day(page, start + dt.timedelta(days=3))
    assert iframe_kept(page)
    assert "date=2020-10-04" in page.url
    page.screenshot(path=artifacts_dir / "dashboard-scrubbed.png", full_page=True)
    assert_clean(page)


def test_scrubbing_redraws_the_dated_layers_of_each_day(app_url, browser_page):
    page = browser_page
    layers = "countries,control_zones,lachin_corridor,peacekeeping_zone"
    start = dt.date(2020, 11, 8)
    open_page(page, f"{app_url}/?date={start.isoformat()}&layers={layers}")
    mark_iframe(page)
    for step in range(3):
        day = start + dt.timedelta(days=step)
        if step:
            step_with_key(page, "ArrowRight")
        wait_for_day(page, day)
        zones = len(geodata.control_at(day))
        after_ceasefire = day >= dt.date(2020, 11, 10)
        page.wait_for_function(
            f"""() => {{
              const state = ({DATED_LAYERS_JS})();
              return state && state.day === "{day.isoformat()}"
                && state.drawn["{style.LAYER_LABELS["control_zones"]}"] === {zones}
                && (state.drawn["{style.LAYER_LABELS["lachin_corridor"]}"] > 0)
                   === {str(after_ceasefire).lower()};
            }}""",
            timeout=60_000,
        )
        drawn = page.evaluate(DATED_LAYERS_JS)["drawn"]
        assert (drawn[style.LAYER_LABELS["peacekeeping_zone"]] > 0) is after_ceasefire
    assert iframe_kept(page), "the map reloaded while the dated layers changed"
    assert_clean(page)


def test_a_layer_switched_off_on_the_map_stays_off_while_scrubbing(app_url, browser_page):
    page = browser_page
    start = dt.date(2020, 10, 8)
    open_page(page, f"{app_url}/?date={start.isoformat()}")
    wait_for_day(page, start)
    zones = style.LAYER_LABELS["control_zones"]
    on_map = f"""() => {{
      const w = document.querySelector('{FRAME}').contentWindow;
      const entry = w.layer_control._layers.find((item) => item.name === "{zones}");
      return w.map.hasLayer(entry.layer);
    }}"""
    assert page.evaluate(on_map)
    frame = page.frame_locator(FRAME)
    frame.locator(".leaflet-control-layers").hover()
    frame.get_by_text(zones).click()
    assert not page.evaluate(on_map)
    for step in (1, 2):
        step_with_key(page, "ArrowRight")
        wait_for_day(page, start + dt.timedelta(days=step))
        assert not page.evaluate(on_map), f"the zones came back on step {step}"
    assert_clean(page)


def test_play_advances_the_days_and_pause_stops(app_url, browser_page):
    page = browser_page
    start = dt.date(2020, 10, 10)
    open_page(page, f"{app_url}/?date={start.isoformat()}")
    wait_for_day(page, start)
    mark_iframe(page)
    page.get_by_role("button", name="Play").click()
    wait_for_day(page, start + dt.timedelta(days=2))
    page.get_by_role("button", name="Pause").click()
    page.wait_for_selector('button:has-text("Play")', timeout=60_000)
    stopped_at = page.url.split("date=")[1][:10]
    page.wait_for_timeout(2500)
    assert page.url.split("date=")[1][:10] == stopped_at
    assert iframe_kept(page)
    assert_clean(page)


def test_ten_sessions_scrubbing_at_once_each_see_their_own_day(
    app_url, page_factory, artifacts_dir: Path
):
    starts = [dt.date(2020, 9, 27) + dt.timedelta(days=4 * index) for index in range(10)]
    steps = [index % 4 + 1 for index in range(10)]
    pages = [page_factory() for _ in starts]
    for page, start in zip(pages, starts, strict=True):
        page.goto(f"{app_url}/?date={start.isoformat()}", wait_until="domcontentloaded")
    for page, start in zip(pages, starts, strict=True):
        wait_for_map(page)
        wait_for_day(page, start)
    # Interleave the key presses so that the sessions rerun at the same time.
    for step in range(max(steps)):
        for page, count in zip(pages, steps, strict=True):
            if step < count:
                step_with_key(page, "ArrowRight")
    for index, (page, start, count) in enumerate(zip(pages, starts, steps, strict=True)):
        day = start + dt.timedelta(days=count)
        wait_for_day(page, day)
        assert f"date={day.isoformat()}" in page.url
        if index == 0:
            page.screenshot(path=artifacts_dir / "dashboard-session-0.png")
        assert_clean(page)
