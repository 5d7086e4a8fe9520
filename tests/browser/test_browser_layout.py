"""The map's boxes leave the war's area free, in Chromium, in the app and the standalone map.

Measured at a laptop's, a tablet's and a phone's size: each box's rectangle against the
rectangle of the war's area and its key places as the map projects them.
"""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import assert_clean
from test_browser_app import FRAME, open_page, wait_for_map_day

import events
import geodata
from dashboard.export.interactive import interactive_html
from dashboard.state import ViewState
from dashboard.webmap.build import WAR_AREA

pytestmark = pytest.mark.browser

SIZES = [(1440, 900), (800, 900), (390, 844)]
VIEWS = {
    "cumulative-2020-11-09": ("date=2020-11-09&mode=cumulative", {"mode": "cumulative"}),
    "day-2020-10-20": ("date=2020-10-20", {}),
}
# Places of the war that must never sit under a box: Nakhchivan city in the west to Aghdam in
# the east, Kalbajar in the north to Zangilan on the Iranian border.
KEY_PLACES = (
    "nakhchivan_city",
    "kalbajar",
    "aghdam",
    "stepanakert",
    "shusha",
    "lachin",
    "zangilan",
)
# Every box on the map (zoom, layers, legend, chips, timeline, scale, credits) and the war's
# area and places as the map projects them, in the map window's pixels.
MEASURE_JS = """([w, area, places]) => {
  const map = w.kdTime.map;
  const origin = map.getContainer().getBoundingClientRect();
  const at = (lat, lon) => {
    const p = map.latLngToContainerPoint([lat, lon]);
    return {x: p.x + origin.left, y: p.y + origin.top};
  };
  const nw = at(area[1][0], area[0][1]), se = at(area[0][0], area[1][1]);
  const boxes = [...w.document.querySelectorAll('.leaflet-control-container .leaflet-control')]
    .map((node) => ({name: node.className.split(' ').filter((c) => c.startsWith('kd-')
                       || c.startsWith('leaflet-control-')).join(' ') || node.className,
                     rect: node.getBoundingClientRect(), open: node.open}))
    .filter((box) => box.rect.width >= 1 && box.rect.height >= 1)
    .map((box) => ({name: box.name, open: box.open, left: box.rect.left, top: box.rect.top,
                    right: box.rect.right, bottom: box.rect.bottom}));
  return {boxes, zoom: map.getZoom(),
          map: {left: origin.left, top: origin.top, right: origin.right, bottom: origin.bottom},
          area: {left: nw.x, top: nw.y, right: se.x, bottom: se.y},
          places: Object.fromEntries(Object.entries(places).map(([k, p]) => [k, at(p[0], p[1])]))};
}"""


def _overlap(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and (b["top"] < a["bottom"])
    )


def _key_places() -> dict[str, tuple[float, float]]:
    places = geodata.load_places().set_index("id").loc[list(KEY_PLACES)]
    return {
        place: (round(point.y, 5), round(point.x, 5))
        for place, point in zip(places.index, places.geometry, strict=True)
    }


def measure(page: object, window: str) -> dict:
    area = [list(corner) for corner in WAR_AREA]
    return page.evaluate(
        f"([area, places]) => ({MEASURE_JS})([{window}, area, places])", [area, _key_places()]
    )


def assert_area_free(found: dict) -> None:
    """Fail if a box covers the war's area or a key place, or the area leaves the map."""
    area, frame = found["area"], found["map"]
    for box in found["boxes"]:
        assert not _overlap(box, area), f"{box['name']} covers the war's area: {box} {area}"
        for place, point in found["places"].items():
            inside = box["left"] <= point["x"] <= box["right"] and (
                box["top"] <= point["y"] <= box["bottom"]
            )
            assert not inside, f"{box['name']} covers {place}"
    assert frame["left"] <= area["left"] and area["right"] <= frame["right"], (area, frame)
    assert frame["top"] <= area["top"] and area["bottom"] <= frame["bottom"], (area, frame)
    # The boxes do not cover one another either (the chips, the legend, the layers).
    boxes = found["boxes"]
    for i, one in enumerate(boxes):
        for other in boxes[i + 1 :]:
            assert not _overlap(one, other), (one, other)


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_no_box_covers_the_war_at_the_default_view(
    app_url, page_factory, artifacts_dir, size, view
):
    width, height = size
    query, mode = VIEWS[view]
    day = dt.date.fromisoformat(query.split("date=")[1][:10])
    page = page_factory({"width": width, "height": height})
    open_page(page, f"{app_url}/?{query}")
    wait_for_map_day(page, day, **mode)
    # The off-map chip comes once the day's events are drawn; the view is fitted after it.
    page.wait_for_timeout(400)
    found = measure(page, f"document.querySelector('{FRAME}').contentWindow")
    names = " ".join(box["name"] for box in found["boxes"])
    for expected in ("kd-timeline", "kd-legend", "kd-changes", "leaflet-control-zoom"):
        assert expected in names, f"no {expected} on the map: {names}"
    assert not any(box["open"] for box in found["boxes"] if "kd-chip" in box["name"])
    assert_area_free(found)
    # The war fills the map: at zoom 8 it is 340 px wide, which even a phone's map allows.
    assert found["zoom"] >= 8, f"zoom {found['zoom']}: the war's area is shown small"
    print(size, view, "zoom", found["zoom"], "area", found["area"])
    page.screenshot(path=str(artifacts_dir / f"layout-{view}-{width}x{height}.png"))
    assert_clean(page)


def test_the_view_stays_where_the_reader_puts_it(app_url, page_factory):
    page = page_factory({"width": 1440, "height": 900})
    day = dt.date(2020, 10, 20)
    open_page(page, f"{app_url}/?date={day.isoformat()}")
    wait_for_map_day(page, day)
    frame = page.frame_locator(FRAME)
    zoom_in = frame.get_by_role("button", name="Zoom in")
    zoom_in.click()
    page.wait_for_function(
        f"() => document.querySelector('{FRAME}').contentWindow.kdTime.map.getZoom() === 9"
    )
    # A box the reader opens covers the map by their choice; the map does not run from it.
    frame.locator(".kd-changes > summary").click()
    page.wait_for_timeout(300)
    assert (
        page.evaluate(f"() => document.querySelector('{FRAME}').contentWindow.kdTime.map.getZoom()")
        == 9
    )
    assert frame.locator(".kd-changes").evaluate("(node) => node.open")
    assert_clean(page)


@pytest.mark.parametrize("size", [(1440, 900), (390, 844)], ids=["1440x900", "390x844"])
def test_the_standalone_map_leaves_the_war_free_too(page_factory, tmp_path, artifacts_dir, size):
    width, height = size
    html_file = tmp_path / "map.html"
    state = ViewState(date=dt.date(2020, 11, 9), mode="cumulative")
    html_file.write_text(interactive_html(state, events.load_events()), encoding="utf-8")
    page = page_factory({"width": width, "height": height})
    page.goto(html_file.as_uri())
    page.wait_for_function(
        "() => window.kdTime && window.kdTime.drawn && window.kdTime.drawn.markers > 0",
        timeout=30_000,
    )
    page.wait_for_timeout(400)
    found = measure(page, "window")
    names = " ".join(box["name"] for box in found["boxes"])
    assert "kd-title" in names and "kd-legend" in names
    assert_area_free(found)
    page.screenshot(path=str(artifacts_dir / f"layout-standalone-{width}x{height}.png"))
    assert_clean(page)
