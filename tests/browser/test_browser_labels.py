"""Place names on the live map: labelled at every zoom without overlap, names in either order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import assert_clean
from test_browser_app import FRAME, iframe_kept, mark_iframe, open_page, wait_for_map_day

import events
from dashboard.export.interactive import interactive_html
from dashboard.state import ViewState

pytestmark = pytest.mark.browser

DAY = dt.date(2020, 11, 8)
# The labels shown in the map's window: text, rank and box on screen.
LABELS_JS = f"""() => {{
  const w = document.querySelector('{FRAME}').contentWindow;
  return [...w.document.querySelectorAll('.kd-label')]
    .filter((node) => node.style.display === 'block')
    .map((node) => {{
      const r = node.getBoundingClientRect();
      const label = w.kdLabels.items.find((item) => item.node === node).label;
      return {{text: node.textContent, rank: node.dataset.rank, lat: label.lat, lon: label.lon,
               x0: r.left, y0: r.top, x1: r.right, y1: r.bottom,
               events: w.getComputedStyle(node).pointerEvents}};
    }});
}}"""


def labels_at(page: object, zoom: int, lat: float = 39.75, lon: float = 46.55) -> list[dict]:
    page.evaluate(
        f"() => document.querySelector('{FRAME}').contentWindow.kdTime.map"
        f".setView([{lat}, {lon}], {zoom}, {{animate: false}})"
    )
    page.wait_for_function(
        f"() => document.querySelector('{FRAME}').contentWindow.kdTime.map.getZoom() === {zoom}"
    )
    page.wait_for_timeout(150)
    return page.evaluate(LABELS_JS)


def assert_no_overlap(labels: list[dict]) -> None:
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            apart = a["x1"] <= b["x0"] or b["x1"] <= a["x0"] or a["y1"] <= b["y0"]
            assert apart or b["y1"] <= a["y0"], (a["text"], b["text"])


def test_the_map_names_places_more_as_it_zooms_in_and_never_overlaps(
    app_url, page_factory, artifacts_dir: Path
):
    page = page_factory({"width": 1440, "height": 900})
    open_page(page, f"{app_url}/?date={DAY.isoformat()}")
    wait_for_map_day(page, DAY)
    counts, near = {}, {}
    texts: set[str] = set()
    for zoom in (6, 7, 8, 9, 10, 11):
        shown = labels_at(page, zoom, 39.8, 46.75)
        counts[zoom] = len(shown)
        # Around Stepanakert and Shusha, inside the view at every zoom tried.
        near[zoom] = {
            label["text"]
            for label in shown
            if 39.73 <= label["lat"] <= 39.9 and 46.7 <= label["lon"] <= 46.85
        }
        texts |= {label["text"] for label in shown}
        assert_no_overlap(shown)
        assert all(label["events"] == "none" for label in shown)
    print("labels shown per zoom:", counts, "near Stepanakert:", near)
    for name in (
        "Shusha/Shushi",
        "Stepanakert/Khankendi",
        "Lachin/Berdzor",
        "Nakhchivan",
        "Armenia",
        "Azerbaijan",
    ):
        assert name in texts, name
    assert counts[6] < counts[8]
    assert len(near[7]) < len(near[9]) < len(near[11])
    assert near[7] <= near[9] <= near[11]
    # A label never takes a click: the marker under Stepanakert's name opens on a click.
    labels_at(page, 8)
    page.screenshot(path=str(artifacts_dir / "labels-1440x900.png"))
    assert_clean(page)


def test_names_az_puts_the_azerbaijani_form_first_without_reloading_the_map(app_url, page_factory):
    page = page_factory({"width": 1440, "height": 900})
    open_page(page, f"{app_url}/?date={DAY.isoformat()}")
    wait_for_map_day(page, DAY)
    assert "Stepanakert/Khankendi" in {label["text"] for label in labels_at(page, 10)}
    mark_iframe(page)
    page.get_by_text("Azerbaijani name first").click()
    page.wait_for_function(
        f"() => [...document.querySelector('{FRAME}').contentWindow.document"
        ".querySelectorAll('.kd-label')].some((n) => n.textContent === 'Xankəndi/Stepanakert')",
        timeout=30_000,
    )
    page.wait_for_function("() => window.location.search.includes('names=az')", timeout=30_000)
    assert iframe_kept(page)
    texts = {label["text"] for label in labels_at(page, 10)}
    assert "Xankəndi/Stepanakert" in texts
    assert "Stepanakert/Khankendi" not in texts
    assert_clean(page)


@pytest.mark.parametrize("size", [(1440, 900), (800, 900), (390, 844)])
def test_the_labelled_map_at_each_screen_size(app_url, page_factory, artifacts_dir, size):
    width, height = size
    page = page_factory({"width": width, "height": height})
    open_page(page, f"{app_url}/?date={DAY.isoformat()}&names=hy")
    wait_for_map_day(page, DAY)
    page.wait_for_timeout(300)
    shown = page.evaluate(LABELS_JS)
    assert shown, "no label on the map"
    assert_no_overlap(shown)
    assert any(label["text"] == "Shushi/Şuşa" for label in labels_at(page, 9)) or width < 500
    # Below 1000 px the sidebar folds and the map takes the page's width; wider, the
    # filters stay open beside it.
    frame_width, folded = page.evaluate(
        """() => [document.querySelector('iframe[title="streamlit_folium.st_folium"]')
                    .getBoundingClientRect().width,
                  document.querySelector('[data-testid="stSidebar"]').dataset.collapsed]"""
    )
    if width < 1000:
        assert folded == "true"
        assert frame_width >= width - 60, f"the map is {frame_width} px of {width}"
    else:
        assert folded == "false"
    page.screenshot(path=str(artifacts_dir / f"labels-{width}x{height}.png"), full_page=False)
    assert_clean(page)


def test_event_texts_follow_the_order_of_names_as_the_labels_do(page_factory, tmp_path):
    html_file = tmp_path / "map.html"
    state = ViewState(date=dt.date(2020, 11, 9), mode="cumulative", names="az")
    html_file.write_text(interactive_html(state, events.load_events()), encoding="utf-8")
    page = page_factory({"width": 1440, "height": 900})
    page.goto(html_file.as_uri())
    page.wait_for_function("() => window.kdTime && window.kdTime.dataset", timeout=30_000)
    tooltip, popup, labels = page.evaluate(
        """() => { const t = window.kdTime;
          const i = t.dataset.place.indexOf('Stepanakert/Khankendi');
          return [t.tooltipFor(i).textContent, t.popupFor(i).textContent,
                  [...document.querySelectorAll('.kd-label')].map((n) => n.textContent)]; }"""
    )
    assert "Xankəndi/Stepanakert" in tooltip and "Xankəndi/Stepanakert" in popup
    assert "Stepanakert/Khankendi" not in tooltip + popup
    assert "Stepanakert/Khankendi" not in labels
    # Back to the common order, as the page's choice would set it: no reload.
    page.evaluate("() => window.kdTime.configure({names: 'common'})")
    tooltip = page.evaluate(
        """() => { const t = window.kdTime;
          return t.tooltipFor(t.dataset.place.indexOf('Stepanakert/Khankendi')).textContent; }"""
    )
    assert "Stepanakert/Khankendi" in tooltip
    assert_clean(page)
