"""The real dashboard in Chromium: the map moves through time by itself; the page follows."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from pathlib import Path

import pytest
from conftest import assert_clean

import events
import geodata
from dashboard.stacks import place_counts, place_keys
from dashboard.state import ViewState, select_events

pytestmark = pytest.mark.browser

FRAME = 'iframe[title="streamlit_folium.st_folium"]'
# The time engine's settling delay (SETTLE_MS in dashboard/webmap/time_engine.js).
SETTLE_MS = 180
# The map's engine state, or null until it holds the events: its last drawn day and count.
ENGINE_JS = """() => {
  const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
  const w = frame && frame.contentWindow;
  if (!w || !w.kdTime || !w.kdTime.dataset) return null;
  const t = w.kdTime;
  const drawnIn = (key) => t.layers[key] ? t.layers[key].layer.getLayers().length : null;
  return {seq: t.drawn.seq, day: t.drawn.day, markers: t.drawn.markers, mode: t.mode,
          playing: t.playing, zones: drawnIn("control_zones"),
          corridor: drawnIn("lachin_corridor"), zoom: t.map.getZoom(),
          onMap: t.eventsLayer.getLayers().length,
          faded: t.eventsLayer.getLayers().filter((m) => m.options.opacity < 1).length};
}"""
MAP_SUMMARY_JS = """() => {
  const w = document.querySelector('iframe[title="streamlit_folium.st_folium"]').contentWindow;
  let polygons = 0, lines = 0;
  for (const layer of Object.values(w.map._layers)) {
    if (layer instanceof w.L.Polygon) polygons += 1;
    else if (layer instanceof w.L.Polyline) lines += 1;
  }
  const overlays = [...w.document.querySelectorAll('.leaflet-control-layers-overlays label')]
    .map((label) => label.textContent.trim());
  return {polygons, lines, overlays,
          legend: w.document.querySelector('.kd-legend').textContent,
          attribution: w.document.querySelector('.leaflet-control-attribution').textContent};
}"""


class Reruns:
    """The script runs a page asks its server for, read off the page's WebSocket."""

    def __init__(self, page: object) -> None:
        self.count = 0
        page.on("websocket", lambda socket: socket.on("framesent", self._count))

    def _count(self, payload: bytes | str) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg

        if isinstance(payload, bytes):
            self.count += BackMsg.FromString(payload).WhichOneof("type") == "rerun_script"


def _wait_for_reruns(page: object, reruns: Reruns, count: int) -> None:
    """Give the reruns already asked for a moment to leave the page (they follow a settle)."""
    for _ in range(30):
        if reruns.count >= count:
            return
        page.wait_for_timeout(100)


def expected_markers(day: dt.date, **view: object) -> int:
    return len(select_events(events.load_events(), ViewState(date=day, **view)))


def engine(page: object) -> dict | None:
    return page.evaluate(ENGINE_JS)


def open_page(page: object, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    page.wait_for_selector(FRAME, timeout=60_000)
    page.wait_for_function(f"({ENGINE_JS})() !== null", timeout=60_000)


def wait_for_map_day(page: object, day: dt.date, **view: object) -> dict:
    """Wait until the map has drawn ``day`` with that day's markers; return the engine state."""
    count = expected_markers(day, **view)
    page.wait_for_function(
        f"""() => {{ const s = ({ENGINE_JS})();
          return s && s.day === "{day.isoformat()}" && s.markers === {count}
            && s.onMap === {count}; }}""",
        timeout=30_000,
    )
    return engine(page)


def wait_for_page_day(page: object, day: dt.date) -> None:
    """Wait until the page beside the map (heading, URL) shows the settled ``day``."""
    heading = f"{day.day} {day:%B %Y} ·"
    page.wait_for_function(
        f"() => [...document.querySelectorAll('h3')].some("
        f"(h) => h.textContent.startsWith('{heading}'))",
        timeout=30_000,
    )
    page.wait_for_function(
        f"() => window.location.search.includes('date={day.isoformat()}')", timeout=30_000
    )


def mark_iframe(page: object) -> None:
    """Leave a flag in the map's window: a reloaded iframe would lose it."""
    page.evaluate(f"() => {{ document.querySelector('{FRAME}').contentWindow.kdProbe = 1; }}")


def iframe_kept(page: object) -> bool:
    return page.evaluate(f"() => document.querySelector('{FRAME}').contentWindow.kdProbe === 1")


def date_control(page: object) -> object:
    return page.frame_locator(FRAME).locator('input[aria-label="Date"]')


def test_the_map_opens_on_the_day_with_its_markers_layers_and_legend(
    app_url, page_factory, artifacts_dir: Path
):
    page = page_factory({"width": 1440, "height": 900})
    day = dt.date(2020, 10, 4)
    open_page(page, f"{app_url}/?date={day.isoformat()}")
    wait_for_map_day(page, day)
    wait_for_page_day(page, day)
    assert expected_markers(day) >= 2
    page.wait_for_function(f"({MAP_SUMMARY_JS})().polygons > 20", timeout=30_000)
    summary = page.evaluate(MAP_SUMMARY_JS)
    assert summary["lines"] >= 1, "the 1994 line of contact is drawn"
    assert {"Countries", "Who held what (selected day)", "Events"} <= set(summary["overlays"])
    assert "Held by Armenian forces" in summary["legend"]
    assert "Other or not stated" in summary["legend"], "every kind is keyed, other included"
    assert "Lachin corridor" not in summary["legend"], "no corridor before 10 November"
    assert "OpenStreetMap contributors" in summary["attribution"]
    control = date_control(page)
    assert control.get_attribute("aria-valuetext") == "4 October 2020, day 8 of 44"
    page.wait_for_load_state("networkidle")
    page.screenshot(path=artifacts_dir / "dashboard-2020-10-04-1440.png")
    assert_clean(page)


def test_keyboard_steps_redraw_in_the_browser_and_the_page_follows_once_settled(
    app_url, browser_page, artifacts_dir: Path
):
    page = browser_page
    reruns = Reruns(page)
    start = dt.date(2020, 10, 1)
    open_page(page, f"{app_url}/?date={start.isoformat()}")
    wait_for_map_day(page, start)
    wait_for_page_day(page, start)
    page.wait_for_timeout(600)
    mark_iframe(page)
    before = reruns.count
    page.evaluate(
        f"""() => {{ const w = document.querySelector('{FRAME}').contentWindow;
          w.kdDays = []; w.kdSettles = [];
          w.kdTime.on("day", (d) => w.kdDays.push([d.day, d.markers, performance.now()]));
          w.kdTime.on("settle", () => {{ w.kdSettles.push(performance.now()); }}); }}"""
    )
    control = date_control(page)
    control.focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")
    last = start + dt.timedelta(days=4)
    wait_for_map_day(page, last)
    days = page.evaluate(f"() => document.querySelector('{FRAME}').contentWindow.kdDays")
    assert [day[:2] for day in days] == [
        [
            (start + dt.timedelta(days=step)).isoformat(),
            expected_markers(start + dt.timedelta(days=step)),
        ]
        for step in range(1, 5)
    ], "each step drew its own day's markers"
    # Stepping faster than the reader settles asks nothing of the server. On a loaded machine
    # a key can come later than the settling delay; that pause is a settle, and only it
    # costs a rerun.
    gaps = [later[2] - earlier[2] for earlier, later in pairwise(days)]
    # Settles while stepping, not the reader's final settle on the last day (which may
    # already have come by now).
    settled_at = page.evaluate(f"() => document.querySelector('{FRAME}').contentWindow.kdSettles")
    settles = sum(moment < days[-1][2] for moment in settled_at)
    assert sum(gap > SETTLE_MS + 40 for gap in gaps) <= settles
    assert settles <= sum(gap > SETTLE_MS - 40 for gap in gaps)
    _wait_for_reruns(page, reruns, before + settles)
    assert reruns.count == before + settles, "a rerun for a step the reader did not settle on"
    wait_for_page_day(page, last)
    assert reruns.count == before + settles + 1, "one rerun when the reader settles"
    control.press("ArrowLeft")
    wait_for_map_day(page, last - dt.timedelta(days=1))
    wait_for_page_day(page, last - dt.timedelta(days=1))
    assert iframe_kept(page), "the map reloaded"
    page.screenshot(path=artifacts_dir / "dashboard-scrubbed.png", full_page=True)
    assert_clean(page)


def test_the_dated_layers_follow_the_day(app_url, browser_page):
    page = browser_page
    layers = "countries,control_zones,lachin_corridor,peacekeeping_zone"
    start = dt.date(2020, 11, 8)
    open_page(page, f"{app_url}/?date={start.isoformat()}&layers={layers}")
    control = date_control(page)
    for step in range(3):
        day = start + dt.timedelta(days=step)
        if step:
            control.press("ArrowRight")
        state = wait_for_map_day(page, day)
        page.wait_for_function(
            f"() => ({ENGINE_JS})().zones === {len(geodata.control_at(day))}", timeout=30_000
        )
        state = engine(page)
        assert (state["corridor"] > 0) is (day >= dt.date(2020, 11, 10)), day
    assert_clean(page)


# The control zones drawn: their ids in stacking order (bottom first), their places in the
# record, and how many are the very layers tagged before the step (kept, not rebuilt).
DRAWN_ZONES_JS = """() => {
  const w = document.querySelector('iframe[title="streamlit_folium.st_folium"]').contentWindow;
  const entry = w.kdTime.layers.control_zones;
  const layers = entry.layer.getLayers();
  const stacked = layers.map((layer) => [...layer._path.parentNode.children].indexOf(layer._path));
  const order = layers.map((layer, n) => [stacked[n], layer]).sort((a, b) => a[0] - b[0]);
  const result = {
    ids: order.map(([, layer]) => layer.feature.properties.id),
    places: order.map(([, layer]) => entry.features.indexOf(layer.feature)),
    kept: layers.filter((layer) => layer.kdTagged).length,
  };
  layers.forEach((layer) => { layer.kdTagged = true; });
  return result;
}"""


def test_a_step_redraws_only_the_zones_that_change_in_the_record_order(app_url, browser_page):
    page = browser_page
    day = dt.date(2020, 10, 8)
    open_page(page, f"{app_url}/?date={day.isoformat()}&layers=countries,control_zones")
    wait_for_map_day(page, day)
    page.evaluate(DRAWN_ZONES_JS)
    control = date_control(page)
    # Forward over days when zones change hands, then back: zones end and come back.
    for step in [1] * 8 + [-1] * 5:
        control.press("ArrowRight" if step > 0 else "ArrowLeft")
        previous, day = day, day + dt.timedelta(days=step)
        wait_for_map_day(page, day)
        drawn = page.evaluate(DRAWN_ZONES_JS)
        expected = set(geodata.control_at(day)["id"])
        assert sorted(drawn["ids"]) == sorted(expected), day
        assert drawn["places"] == sorted(drawn["places"]), f"zones out of order on {day}"
        # The zones of both days stay the same layers on the map.
        assert drawn["kept"] == len(expected & set(geodata.control_at(previous)["id"])), day
    assert_clean(page)


def test_play_draws_every_day_in_order_and_pause_keeps_focus(app_url, browser_page):
    page = browser_page
    start = dt.date(2020, 10, 10)
    open_page(page, f"{app_url}/?date={start.isoformat()}")
    wait_for_map_day(page, start)
    frame = page.frame_locator(FRAME)
    frame.locator("select.kd-tl-speed").select_option("10")
    page.evaluate(
        f"""() => {{ const w = document.querySelector('{FRAME}').contentWindow;
          w.kdDays = []; w.kdTime.on("day", (d) => w.kdDays.push(d.day)); }}"""
    )
    play = frame.get_by_role("button", name="Play")
    play.focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"() => document.querySelector('{FRAME}').contentWindow.kdDays.length >= 8",
        timeout=30_000,
    )
    # Focus stays on the button, so Enter pauses again.
    page.keyboard.press("Enter")
    assert frame.get_by_role("button", name="Play").count() == 1
    days = page.evaluate(f"() => document.querySelector('{FRAME}').contentWindow.kdDays")
    expected = [(start + dt.timedelta(days=n)).isoformat() for n in range(1, len(days) + 1)]
    assert days == expected, "every day drawn, in order, none skipped"
    stopped = dt.date.fromisoformat(days[-1])
    wait_for_page_day(page, stopped)
    page.wait_for_timeout(800)
    assert engine(page)["day"] == stopped.isoformat()
    assert_clean(page)


def test_j_k_and_p_work_from_anywhere_on_the_page(app_url, browser_page):
    page = browser_page
    start = dt.date(2020, 10, 20)
    open_page(page, f"{app_url}/?date={start.isoformat()}")
    wait_for_map_day(page, start)
    page.locator("h1").click()
    page.keyboard.press("k")
    page.keyboard.press("k")
    wait_for_map_day(page, start + dt.timedelta(days=2))
    page.keyboard.press("j")
    wait_for_map_day(page, start + dt.timedelta(days=1))
    page.keyboard.press("p")
    page.wait_for_function(f"() => ({ENGINE_JS})().playing", timeout=30_000)
    page.keyboard.press("p")
    page.wait_for_function(f"() => !({ENGINE_JS})().playing", timeout=30_000)
    assert_clean(page)


def test_a_url_restores_the_mode_and_cumulative_markers_fade(app_url, browser_page):
    page = browser_page
    day = dt.date(2020, 11, 9)
    open_page(page, f"{app_url}/?date={day.isoformat()}&mode=cumulative")
    state = wait_for_map_day(page, day, mode="cumulative")
    assert state["mode"] == "cumulative"
    assert state["faded"] > 0, "older events are drawn faded"
    assert_clean(page)


def test_a_sidebar_choice_changes_the_map_without_reloading_it(app_url, browser_page):
    page = browser_page
    day = dt.date(2020, 10, 27)
    open_page(page, f"{app_url}/?date={day.isoformat()}")
    wait_for_map_day(page, day)
    mark_iframe(page)
    page.evaluate(
        f"() => document.querySelector('{FRAME}')"
        ".contentWindow.kdTime.map.setView([39.8, 46.8], 10)"
    )
    page.get_by_text("All events up to the day (older faded)").click()
    wait_for_map_day(page, day, mode="cumulative")
    assert iframe_kept(page), "a sidebar choice reloaded the map"
    assert engine(page)["zoom"] == 10, "a sidebar choice reset the zoom"
    page.wait_for_function("() => window.location.search.includes('zoom=10')", timeout=30_000)
    # The address restores that view in a new page.
    again = page.context.new_page()
    open_page(again, page.url)
    again.wait_for_function(f"() => ({ENGINE_JS})().zoom === 10", timeout=30_000)
    center = again.evaluate(
        f"() => document.querySelector('{FRAME}').contentWindow.kdTime.map.getCenter()"
    )
    assert abs(center["lat"] - 39.8) < 0.01 and abs(center["lng"] - 46.8) < 0.01
    again.close()
    assert_clean(page)


def test_a_layer_switched_off_on_the_map_stays_off_and_reaches_the_url(app_url, browser_page):
    page = browser_page
    start = dt.date(2020, 10, 8)
    open_page(page, f"{app_url}/?date={start.isoformat()}")
    wait_for_map_day(page, start)
    on_map = f"""() => {{
      const t = document.querySelector('{FRAME}').contentWindow.kdTime;
      return t.map.hasLayer(t.layers.control_zones.layer);
    }}"""
    assert page.evaluate(on_map)
    frame = page.frame_locator(FRAME)
    frame.locator(".leaflet-control-layers").hover()
    frame.get_by_text("Who held what (selected day)").click()
    assert not page.evaluate(on_map)
    page.wait_for_function(
        "() => window.location.search.includes('layers=') "
        "&& !window.location.search.includes('control_zones')",
        timeout=30_000,
    )
    control = date_control(page)
    for step in (1, 2):
        control.press("ArrowRight")
        wait_for_map_day(page, start + dt.timedelta(days=step))
        assert not page.evaluate(on_map), f"the zones came back on step {step}"
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
        page.wait_for_function(f"({ENGINE_JS})() !== null", timeout=90_000)
        wait_for_map_day(page, start)
    for step in range(max(steps)):
        for page, count in zip(pages, steps, strict=True):
            if step < count:
                date_control(page).press("ArrowRight")
    for index, (page, start, count) in enumerate(zip(pages, starts, steps, strict=True)):
        day = start + dt.timedelta(days=count)
        wait_for_map_day(page, day)
        wait_for_page_day(page, day)
        if index == 0:
            page.screenshot(path=artifacts_dir / "dashboard-session-0.png")
        assert_clean(page)


def test_events_that_share_a_place_show_a_count_and_list_on_click(app_url, browser_page):
    page = browser_page
    day = dt.date(2020, 11, 9)
    open_page(page, f"{app_url}/?date={day.isoformat()}&mode=cumulative")
    wait_for_map_day(page, day, mode="cumulative")
    stacks = page.evaluate(
        f"""() => {{ const t = document.querySelector('{FRAME}').contentWindow.kdTime;
          return Object.values(t.places).filter((p) => p.length > 1).map((p) => p.length); }}"""
    )
    assert stacks, "the curated record has several events at Stepanakert/Khankendi"
    # The images group events by the same places (dashboard/stacks.py): the same counts.
    engine = page.evaluate(
        f"""() => {{ const t = document.querySelector('{FRAME}').contentWindow.kdTime;
          return Object.fromEntries(Object.entries(t.places).map(([k, p]) => [k, p.length])); }}"""
    )
    shown = select_events(events.load_events(), ViewState(date=day, mode="cumulative"))
    assert engine == place_counts(place_keys(shown.geometry.y, shown.geometry.x)).to_dict()
    frame = page.frame_locator(FRAME)
    badges = frame.locator(".kd-stack")
    assert badges.count() == len(stacks)
    assert sorted(int(text) for text in badges.all_inner_texts()) == sorted(stacks)
    biggest = max(stacks)
    page.evaluate(
        f"() => void document.querySelector('{FRAME}').contentWindow.kdTime.map"
        ".setView([39.815, 46.752], 11)"
    )
    frame.locator(".kd-stack", has_text=str(biggest)).first.click()
    assert frame.locator(".kd-place-event").count() == biggest
    frame.locator(".kd-place-event summary").first.click()
    frame.locator(".kd-place-event .kd-popup h4").first.wait_for(timeout=30_000)
    assert frame.locator(".kd-place-event .kd-popup h4").count() == 1
    assert_clean(page)


def test_events_outside_the_view_are_listed_with_an_arrow(app_url, browser_page, artifacts_dir):
    page = browser_page
    day = dt.date(2020, 10, 9)
    record = events.load_events()
    moscow = select_events(record, ViewState(date=day))
    moscow = moscow[moscow["place_name"].fillna("").str.contains("Moscow")]
    assert len(moscow), "the record has the Moscow talks of 9 October"
    open_page(page, f"{app_url}/?date={day.isoformat()}")
    wait_for_map_day(page, day)
    box = page.frame_locator(FRAME).locator(".kd-offmap")
    # A chip that counts them; opened, it lists each place with its arrow.
    summary = box.locator(":scope > summary")
    summary.wait_for(timeout=30_000)
    assert summary.inner_text().endswith("outside this view")
    assert not box.get_by_text("Moscow").is_visible()
    summary.click()
    box.get_by_text("Moscow").wait_for(timeout=30_000)
    page.locator(FRAME).screenshot(path=artifacts_dir / "dashboard-offmap.png")
    box.get_by_role("button").filter(has_text="Moscow").click()
    page.frame_locator(FRAME).locator(".leaflet-popup-content h4").first.wait_for(timeout=30_000)
    assert_clean(page)


def test_a_click_on_an_event_in_the_day_list_shows_it_on_the_map(app_url, browser_page):
    page = browser_page
    day = dt.date(2020, 10, 4)
    open_page(page, f"{app_url}/?date={day.isoformat()}")
    wait_for_map_day(page, day)
    wait_for_page_day(page, day)
    chosen = select_events(events.load_events(), ViewState(date=day)).iloc[-1]
    page.locator(f'a.kd-show[data-event="{chosen["id"]}"]').click()
    popup = page.frame_locator(FRAME).locator(".leaflet-popup-content")
    popup.first.wait_for(timeout=30_000)
    assert chosen["title"] in popup.first.inner_text()
    page.wait_for_function(f"() => ({ENGINE_JS})().zoom >= 10", timeout=30_000)
    assert_clean(page)


def test_a_click_on_the_events_chart_takes_the_map_and_the_page_to_that_day(app_url, browser_page):
    page = browser_page
    start = dt.date(2020, 9, 27)
    open_page(page, f"{app_url}/?date={start.isoformat()}")
    wait_for_map_day(page, start)
    wait_for_page_day(page, start)
    chart = page.locator('[data-testid="stVegaLiteChart"]').first
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    # About two thirds along the time axis: a day of late October with bars.
    for fraction in (0.66, 0.6, 0.7, 0.55, 0.75):
        page.mouse.click(box["x"] + box["width"] * fraction, box["y"] + box["height"] * 0.6)
        page.wait_for_timeout(1500)
        if engine(page)["day"] != start.isoformat():
            break
    day = dt.date.fromisoformat(engine(page)["day"])
    assert day > start + dt.timedelta(days=10), "the map went to the day clicked"
    wait_for_map_day(page, day)
    wait_for_page_day(page, day)
    assert_clean(page)
