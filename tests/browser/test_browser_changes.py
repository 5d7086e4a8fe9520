"""What changed hands, in Chromium: the box and the hatched land follow each step of the map."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import assert_clean
from test_browser_app import (
    FRAME,
    date_control,
    iframe_kept,
    mark_iframe,
    open_page,
    wait_for_map_day,
)

import events
from dashboard import changes, text
from dashboard.export.interactive import interactive_html
from dashboard.state import ViewState

pytestmark = pytest.mark.browser

DAY = dt.date(2020, 10, 20)
ONE_DAY = dt.timedelta(days=1)
# What the change box shows and draws, read in the map's window.
BOX_JS = """(w) => {
  const c = w.kdChanges;
  const root = w.document.querySelector('.kd-changes');
  const paths = [...w.document.querySelectorAll('.leaflet-kd-changes-pane path')];
  const box = root.getBoundingClientRect();
  return {line: c.line, km2: c.km2, pieces: c.pieces, places: c.places,
          shown: root.style.display !== 'none', open: root.open,
          summary: root.querySelector(':scope > summary').textContent,
          body: root.querySelector('.kd-ch-body').textContent,
          box: {left: box.left, right: box.right, top: box.top, bottom: box.bottom},
          paths: paths.length,
          hatched: paths.filter((p) => p.getAttribute('fill') === 'url(#kd-change-hatch)').length,
          drawn: paths.filter((p) => p.getBoundingClientRect().width > 0).length,
          layerOn: c.engine.map.hasLayer(c.layer)};
}"""


def box(page: object) -> dict:
    return page.evaluate(f"() => ({BOX_JS})(document.querySelector('{FRAME}').contentWindow)")


def expected(since: dt.date, day: dt.date) -> changes.Changes:
    return changes.changes_between(since, day)


def assert_box_tells(state: dict, found: changes.Changes) -> None:
    assert state["line"] == text.change_line(found)
    assert state["km2"] == pytest.approx(sum(found.km2.values()), abs=0.05)
    assert sorted(state["pieces"]) == sorted(found.zones["piece"])
    assert sorted(state["places"]) == sorted(found.settlements["names"])
    assert state["shown"] and state["layerOn"]
    # Each piece of land is outlined, hatched and on screen.
    assert state["paths"] >= len(found.zones) > 0
    assert state["hatched"] == state["paths"] and state["drawn"] == state["paths"]


def test_a_step_to_20_october_tells_and_outlines_what_changed_hands(
    app_url, page_factory, artifacts_dir: Path
):
    page = page_factory({"width": 1440, "height": 900})
    start = DAY - ONE_DAY
    open_page(page, f"{app_url}/?date={start.isoformat()}")
    wait_for_map_day(page, start)
    page.wait_for_function(f"() => document.querySelector('{FRAME}').contentWindow.kdChanges")
    # Record the box's line as each day is drawn: it is rewritten in the same frame.
    page.evaluate(
        f"""() => {{ const w = document.querySelector('{FRAME}').contentWindow;
          w.kdLines = []; w.kdTime.on("day", (d) => w.kdLines.push([d.day, w.kdChanges.line]));
        }}"""
    )
    control = date_control(page)
    control.focus()
    page.keyboard.press("ArrowRight")
    wait_for_map_day(page, DAY)
    found = expected(start, DAY)
    page.wait_for_function(
        f"() => ({BOX_JS})(document.querySelector('{FRAME}').contentWindow).drawn > 0",
        timeout=30_000,
    )
    state = box(page)
    assert_box_tells(state, found)
    km2 = text.km2_text(found.km2["claimed"])
    assert state["line"].startswith(f"Since 19 October: {km2} claimed taken by Azerbaijan · ")
    assert state["summary"] == f"Since 19 October: {km2}, 24 settlements"
    # A one-line chip until the reader opens it: open, it would cover the map's west side.
    assert not state["open"], "folded at first"
    assert state["box"]["bottom"] - state["box"]["top"] < 30
    page.frame_locator(FRAME).locator(".kd-changes > summary").click()
    assert box(page)["open"]
    assert "Zangilan/Kovsakan" in state["body"]
    page.screenshot(path=artifacts_dir / "changes-2020-10-20-1440.png")
    page.keyboard.press("ArrowRight")
    wait_for_map_day(page, DAY + ONE_DAY)
    lines = page.evaluate(f"() => document.querySelector('{FRAME}').contentWindow.kdLines")
    assert lines == [
        [DAY.isoformat(), text.change_line(found)],
        [(DAY + ONE_DAY).isoformat(), text.change_line(expected(DAY, DAY + ONE_DAY))],
    ]
    assert_box_tells(box(page), expected(DAY, DAY + ONE_DAY))
    assert_clean(page)


def test_a_window_adds_its_days_up_and_the_layer_switches_off_and_stays_off(app_url, browser_page):
    page = browser_page
    open_page(page, f"{app_url}/?date={DAY.isoformat()}&mode=window&window=7")
    wait_for_map_day(page, DAY, mode="window", window_days=7)
    page.wait_for_function(
        f"() => ({BOX_JS})(document.querySelector('{FRAME}').contentWindow).drawn > 0",
        timeout=30_000,
    )
    found = expected(DAY - dt.timedelta(days=7), DAY)
    assert_box_tells(box(page), found)
    assert text.change_line(found).startswith("Since 13 October: ")
    mark_iframe(page)
    frame = page.frame_locator(FRAME)
    frame.locator(".leaflet-control-layers").hover()
    frame.locator(".leaflet-control-layers-overlays").get_by_text(
        "Changed hands since the previous day or window"
    ).click()
    page.wait_for_function(
        "() => window.location.search.includes('layers=') "
        "&& !window.location.search.includes('changes')",
        timeout=30_000,
    )
    assert iframe_kept(page), "the map reloaded"
    state = box(page)
    assert not state["shown"] and not state["layerOn"] and state["paths"] == 0
    date_control(page).press("ArrowRight")
    wait_for_map_day(page, DAY + ONE_DAY, mode="window", window_days=7)
    state = box(page)
    assert not state["shown"] and state["paths"] == 0, "the outlines came back on a step"
    assert_clean(page)


def test_the_published_map_folds_the_box_on_a_phone(page_factory, tmp_path, artifacts_dir):
    html_file = tmp_path / "map.html"
    html_file.write_text(
        interactive_html(ViewState(date=DAY), events.load_events()), encoding="utf-8"
    )
    page = page_factory({"width": 390, "height": 844})
    page.goto(html_file.as_uri())
    page.wait_for_function("() => window.kdChanges && window.kdChanges.drawnKey", timeout=30_000)
    read = f"() => ({BOX_JS})(window)"
    state = page.evaluate(read)
    assert_box_tells(state, expected(DAY - ONE_DAY, DAY))
    assert not state["open"], "folded on a narrow map"
    assert state["box"]["left"] >= 0 and state["box"]["right"] <= 390
    assert state["box"]["bottom"] - state["box"]["top"] < 60
    page.screenshot(path=artifacts_dir / "changes-2020-10-20-390-folded.png")
    page.locator(".kd-changes > summary").click()
    state = page.evaluate(read)
    assert state["open"]
    # 24 places: six listed, the rest behind "and 18 more".
    more = page.locator(".kd-ch-more > summary")
    assert more.text_content() == "and 18 more"
    assert not page.locator(".kd-ch-more .kd-ch-names").is_visible()
    more.click()
    assert page.locator(".kd-ch-more .kd-ch-names").is_visible()
    assert state["box"]["right"] <= 390 and state["box"]["bottom"] <= 844 * 0.55
    page.screenshot(path=artifacts_dir / "changes-2020-10-20-390-open.png")
    assert_clean(page)
