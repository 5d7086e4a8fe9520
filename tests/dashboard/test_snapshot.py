"""Static snapshots and animations: size, content, colours where they belong, bad input."""

from __future__ import annotations

import builtins
import dataclasses
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET

import geopandas as gpd
import imageio_ffmpeg
import numpy as np
import pytest
from matplotlib.collections import PathCollection
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from PIL import Image

import events
import geodata
from dashboard import style
from dashboard.cli import main as cli_main
from dashboard.export import figure
from dashboard.export.animation import render_animation
from dashboard.export.frame import LEGEND_PANEL, TO_MERCATOR, Frame
from dashboard.export.image import render_image, renderer_for
from dashboard.export.legend import draw_legend
from dashboard.stacks import place_counts, place_keys
from dashboard.state import ViewState, select_events
from dashboard.style import CONTROLLER_COLOURS, KIND_COLOURS, LAYER_STYLES
from dashboard.text import image_titles as title_lines
from dashboard.timeline import timeline_days
from dashboard.webmap.labels import label_points

SHUSHA_FALLS = dt.date(2020, 11, 8)
SMALL = Frame(width=900, height=620, dpi=90)
# Zoomed on Stepanakert and Shusha (about 15 pixels per km): Shusha's zone is a few km wide.
CLOSE_UP = Frame(width=900, height=620, dpi=90, bbox=(46.5, 39.65, 47.0, 39.95))
# Only the land and the zones: no boundary line or shaded area between a sample and a zone.
ZONES_ONLY = ("countries", "control_zones")


@pytest.fixture(scope="module")
def record():
    return events.load_events()


def _place(place_id: str) -> tuple[float, float]:
    places = geodata.load_places().set_index("id")
    return places.loc[place_id].geometry.x, places.loc[place_id].geometry.y


def _png(state: ViewState, record, frame: Frame = SMALL) -> np.ndarray:
    return np.asarray(
        Image.open(io.BytesIO(render_image(state, record, "png", frame))).convert("RGB")
    )


def _sample(image: np.ndarray, frame: Frame, layers, lon: float, lat: float, dx=0, dy=0):
    """Median colour of a 3x3 patch at a point (offset in pixels), as floats 0-255."""
    column, row = renderer_for(frame, tuple(layers)).pixel_at(lon, lat)
    patch = image[row + dy - 1 : row + dy + 2, column + dx - 1 : column + dx + 2].reshape(-1, 3)
    return np.median(patch, axis=0)


def _blend(colour: str, alpha: float, under: np.ndarray) -> np.ndarray:
    return np.array(to_rgb(colour)) * 255 * alpha + under * (1 - alpha)


def _closest(sample: np.ndarray, candidates: dict[str, np.ndarray]) -> str:
    return min(candidates, key=lambda name: np.linalg.norm(sample - candidates[name]))


def test_day_label_matches_the_dashboard():
    assert title_lines(ViewState(date=SHUSHA_FALLS))[1] == "Day 43 of 44: 8 November 2020"
    assert title_lines(ViewState(date=dt.date(2020, 9, 27)))[1] == "Day 1 of 44: 27 September 2020"
    assert (
        title_lines(ViewState(date=dt.date(2020, 11, 10)))[1]
        == "Ceasefire in force: 10 November 2020"
    )


@pytest.mark.parametrize("size", [(900, 620, 90), (1280, 720, 120)])
def test_png_has_the_requested_size_and_is_not_blank(record, size):
    width, height, dpi = size
    frame = Frame(width=width, height=height, dpi=dpi)
    image = _png(ViewState(date=SHUSHA_FALLS), record, frame)
    assert image.shape == (height, width, 3)
    assert len(np.unique(image.reshape(-1, 3), axis=0)) > 200
    # The map panel is drawn, not white: land, zones and boundaries fill most of it.
    renderer = renderer_for(frame, ViewState().layers)
    left, top = renderer.pixel_at(45.5, 40.6)
    right, bottom = renderer.pixel_at(47.5, 38.9)
    panel = image[top:bottom, left:right]
    assert (panel.min(axis=2) < 235).mean() > 0.5


def test_zone_colours_at_shusha_and_stepanakert(record):
    """On 8 November Shusha is in the Azerbaijani zone, Stepanakert in the Armenian one."""
    land = np.array(to_rgb(LAYER_STYLES["countries"]["fill_color"])) * 255
    alpha = LAYER_STYLES["control_zones"]["fill_opacity"]
    expected = {name: _blend(colour, alpha, land) for name, colour in CONTROLLER_COLOURS.items()}
    expected["no zone"] = land
    for day, shusha_holder in ((dt.date(2020, 11, 1), "armenian"), (SHUSHA_FALLS, "azerbaijani")):
        state = ViewState(date=day, kinds=(), layers=ZONES_ONLY)
        image = _png(state, record, CLOSE_UP)
        # Down-left of the place: clear of its label (up-right) and of its square.
        at_shusha = _sample(image, CLOSE_UP, ZONES_ONLY, *_place("shusha"), dx=-6, dy=6)
        at_stepanakert = _sample(image, CLOSE_UP, ZONES_ONLY, *_place("stepanakert"), dx=-6, dy=6)
        assert _closest(at_shusha, expected) == shusha_holder, (day, at_shusha)
        assert _closest(at_stepanakert, expected) == "armenian", (day, at_stepanakert)


def test_event_marker_colour_at_stepanakert(record):
    """A strike on Stepanakert is drawn in the strike colour at Stepanakert, only that day."""
    strikes = record[(record["place"] == "stepanakert") & (record["kind"] == "strike")]
    strikes = strikes[strikes["status"] == "confirmed"]
    assert len(strikes), "the record should hold confirmed strikes on Stepanakert"
    day = strikes["date"].iloc[0].date()
    layers = ("countries",)
    with_strike = ViewState(date=day, kinds=("strike",), statuses=("confirmed",), layers=layers)
    without = dataclasses.replace(with_strike, kinds=())
    # Left of centre: inside the 7 px marker, off the place's square and label.
    stepanakert = _place("stepanakert")
    at_marker = _sample(_png(with_strike, record), SMALL, layers, *stepanakert, dx=-4, dy=2)
    under = _sample(_png(without, record), SMALL, layers, *stepanakert, dx=-4, dy=2)
    strike = _blend(KIND_COLOURS["strike"], 0.9, under)
    assert np.linalg.norm(at_marker - strike) < 40, (at_marker, strike)
    assert np.linalg.norm(under - strike) > 80


def test_svg_and_pdf_have_the_size_and_the_content(record):
    state = ViewState(date=SHUSHA_FALLS)
    frame = Frame(width=1000, height=700, dpi=100)
    svg = render_image(state, record, "svg", frame).decode()
    root = ET.fromstring(svg)
    assert root.get("width") == "720pt" and root.get("height") == "504pt"
    assert "Day 43 of 44: 8 November 2020" in svg
    assert "date=2020-11-08" in svg  # the permalink in the margin
    for colour in CONTROLLER_COLOURS.values():
        assert colour.lower() in svg.lower()
    # Wrapped text is split into lines: join the SVG's texts to compare whole sentences.
    texts = " ".join(
        " ".join("".join(element.itertext()).split())
        for element in root.iter("{http://www.w3.org/2000/svg}text")
    )
    assert "Map data: " + " · ".join(geodata.attribution()) in texts
    assert "Events: karabakh-dashboard record" in texts
    pdf = render_image(state, record, "pdf", frame)
    assert pdf.startswith(b"%PDF")
    box = re.search(rb"/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert box and (float(box.group(1)), float(box.group(2))) == (720.0, 504.0)
    assert len(pdf) > 20_000


def test_gif_has_one_frame_per_day(record):
    frame = Frame(width=480, height=330, dpi=45)
    gif = render_animation(ViewState(mode="cumulative"), record, "gif", frame=frame, fps=4)
    image = Image.open(io.BytesIO(gif))
    assert image.n_frames == 45 == len(timeline_days())
    assert image.size == (480, 330)
    assert image.info["duration"] == 250
    # Frames differ: the war moves.
    image.seek(0)
    first = np.asarray(image.convert("RGB"))
    image.seek(44)
    last = np.asarray(image.convert("RGB"))
    assert (np.abs(first.astype(int) - last.astype(int)).max(axis=2) > 30).mean() > 0.005


def test_extended_animation_runs_to_the_first_of_december(record, tmp_path):
    frame = Frame(width=400, height=300, dpi=40)
    state = ViewState(extended=True, layers=ZONES_ONLY)
    mp4 = render_animation(state, record, "mp4", frame=frame, fps=8)
    path = tmp_path / "war.mp4"
    path.write_bytes(mp4)
    frames, _ = imageio_ffmpeg.count_frames_and_secs(str(path))
    assert frames == len(timeline_days(extended=True)) == 66


def test_animation_frames_match_a_full_render(record):
    """The fast (blitted) frame path draws what a full render draws."""
    frame = Frame(width=600, height=420, dpi=60)
    state = ViewState(date=SHUSHA_FALLS, mode="cumulative")
    renderer = renderer_for(frame, tuple(state.layers))
    with renderer.lock:
        renderer.draw(state, record)
        fast = renderer.rgb()
        buffer = io.BytesIO()
        renderer.save(buffer, "png")
    full = np.asarray(Image.open(buffer).convert("RGB"))
    differs = np.abs(fast.astype(int) - full.astype(int)).max(axis=2) > 40
    assert differs.mean() < 0.01


# --- the command line: every bad input is a message and a non-zero exit -----------------------


def _run(capsys, *args: str) -> tuple[int, str]:
    code = cli_main(["snapshot", *args])
    captured = capsys.readouterr()
    return code, captured.err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--date", "2020-12-25", "--out", "{tmp}/a.png"], "outside the data's range"),
        (["--date", "banana", "--out", "{tmp}/a.png"], "is not a date"),
        (["--date", "2020-11-08", "--out", "{tmp}/a.bmp"], "cannot tell the format"),
        (["--date", "2020-11-08", "--out", "{tmp}/a"], "cannot tell the format"),
        (["--date", "2020-11-08", "--layers", "roads", "--out", "{tmp}/a.png"], "unknown 'roads'"),
        (["--date", "2020-11-08", "--kinds", "riot", "--out", "{tmp}/a.png"], "unknown 'riot'"),
        (["--date", "2020-11-08", "--out", "{tmp}/missing/a.png"], "does not exist"),
        (["--date", "2020-11-08", "--out", "/proc/a.png"], "a.png"),
        (["--date", "2020-11-08", "--bbox", "47,40,46,39", "--out", "{tmp}/a.png"], "not a box"),
        (["--date", "2020-11-08", "--bbox", "1,2,3", "--out", "{tmp}/a.png"], "four numbers"),
        (["--date", "2020-11-08", "--width", "5", "--out", "{tmp}/a.png"], "--width 5"),
        (["--date", "2020-11-08", "--out", "{tmp}/war.gif"], "leave out --date"),
        (["--out", "{tmp}/a.png"], "--date is required"),
        (["--out", "{tmp}/war.gif", "--fps", "0"], "--fps 0"),
        (["--date", "2020-11-08", "--events", "{tmp}/none.csv", "--out", "{tmp}/a.png"], "no such"),
    ],
)
def test_bad_input_is_a_message_and_an_exit_code(capsys, tmp_path, args, message):
    code, err = _run(capsys, *(arg.replace("{tmp}", str(tmp_path)) for arg in args))
    assert code != 0
    assert message in err
    assert "Traceback" not in err
    assert not [path for path in tmp_path.iterdir() if path.suffix != ".csv"]


def test_bad_event_file_names_file_row_and_column(capsys, tmp_path):
    bad = tmp_path / "bad.csv"
    header = ",".join(
        events.load_events().columns.intersection(
            ["id", "date", "title", "kind", "lat", "lon", "status", "sources"]
        )
    )
    bad.write_text(f"{header}\nx1,2020-13-45,Title,fighting,39.8,46.7,confirmed,https://a.b\n")
    code, err = _run(
        capsys, "--date", "2020-11-08", "--events", str(bad), "--out", str(tmp_path / "a.png")
    )
    assert code != 0
    assert "bad.csv" in err and "date" in err
    assert not (tmp_path / "a.png").exists()


def test_cli_writes_a_png_of_the_requested_size(capsys, tmp_path):
    out = tmp_path / "shusha.png"
    code = cli_main(
        [
            "snapshot",
            "--date",
            "2020-11-08",
            "--out",
            str(out),
            "--width",
            "800",
            "--height",
            "600",
            "--dpi",
            "80",
            "--bbox",
            "46.0,39.3,47.3,40.2",
            "--kinds",
            "capture,strike",
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert Image.open(out).size == (800, 600)
    assert [path.name for path in tmp_path.iterdir()] == ["shusha.png"]


def test_cli_draws_the_users_own_event_file(capsys, tmp_path):
    own = tmp_path / "mine.csv"
    own.write_text(
        "id,date,time,date_precision,title,description,kind,place,lat,lon,location_precision,"
        "status,claimed_by,denied_by,actors,fatalities,fatalities_source,sources\n"
        "mine-1,2020-10-04,,day,Own event one,,strike,,39.82,46.75,town,confirmed,,,"
        "Armenia,,,https://example.org/one\n"
        "mine-2,2020-10-04,,day,Own event two,,fighting,,39.60,47.10,town,claimed,"
        "Azerbaijan,,Azerbaijan,,,https://example.org/two\n"
        "mine-3,2020-10-05,,day,Another day,,fighting,,39.60,47.10,town,confirmed,,,"
        "Azerbaijan,,,https://example.org/three\n"
    )
    out = tmp_path / "mine.geojson"
    code = cli_main(["snapshot", "--date", "2020-10-04", "--events", str(own), "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    features = json.loads(out.read_text())["features"]
    ids = [f["properties"]["id"] for f in features if f["properties"]["layer"] == "event"]
    assert ids == ["mine-1", "mine-2"]
    credit = json.loads(out.read_text())["attribution"][-1]
    assert "mine.csv" in credit and "karabakh-dashboard record" not in credit


def test_the_date_range_follows_the_users_event_file(capsys, tmp_path):
    """Dates of the user's file are valid; control zones exist only for late 2020."""
    own = tmp_path / "later.csv"
    own.write_text(
        "id,date,time,date_precision,title,description,kind,place,lat,lon,location_precision,"
        "status,claimed_by,denied_by,actors,fatalities,fatalities_source,sources\n"
        "later-1,2021-05-12,,day,Border standoff,,fighting,,39.45,45.95,town,confirmed,,,"
        "Armenia | Azerbaijan,,,https://example.org/later\n"
    )
    out = tmp_path / "later.svg"
    code = cli_main(["snapshot", "--date", "2021-05-12", "--events", str(own), "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    svg = out.read_text()
    assert "No control zones on this date" in svg
    assert "Showing 1 event" in svg
    code, err = _run(
        capsys, "--date", "2021-06-01", "--events", str(own), "--out", str(tmp_path / "x.png")
    )
    assert code != 0 and "2020-09-26 to 2021-05-12" in err


def _svg_texts(svg: bytes) -> str:
    root = ET.fromstring(svg.decode())
    return " ".join(
        " ".join("".join(element.itertext()).split())
        for element in root.iter("{http://www.w3.org/2000/svg}text")
    )


def test_the_image_legend_lists_what_the_day_shows(record):
    frame = Frame(width=1000, height=700, dpi=100)
    corridor = style.LAYER_LABELS["lachin_corridor"]
    before = _svg_texts(render_image(ViewState(date=dt.date(2020, 10, 1)), record, "svg", frame))
    after = _svg_texts(render_image(ViewState(date=dt.date(2020, 11, 12)), record, "svg", frame))
    assert corridor not in before
    assert corridor in after
    # The same renderer, back to a day of the war, drops the line again.
    again = _svg_texts(render_image(ViewState(date=dt.date(2020, 10, 2)), record, "svg", frame))
    assert corridor not in again


def test_the_image_legend_keys_every_kind_other_included_in_its_colour():
    axes = Figure().add_subplot()
    draw_legend(axes, layers=())
    legend = axes.get_legend()
    keys = {
        text.get_text(): handle.get_markerfacecolor()
        for text, handle in zip(legend.get_texts(), legend.legend_handles, strict=True)
        if text.get_text() in style.KIND_LABELS.values()
    }
    assert keys == {style.KIND_LABELS[kind]: colour for kind, colour in KIND_COLOURS.items()}
    assert keys["Other or not stated"] == "#BBBBBB"


def test_an_image_of_a_readers_own_file_says_it_cannot_be_linked(record):
    own = record.head(5).copy()
    own["origin"] = "mine.csv"
    frame = Frame(width=1000, height=700, dpi=100)
    texts = _svg_texts(render_image(ViewState(date=dt.date(2020, 9, 27)), own, "svg", frame))
    assert "cannot be linked" in texts
    assert "date=2020-09-27" not in texts


# --- events that share a place: one marker, a count badge; events outside the map listed --


NOV_9_CUMULATIVE = ViewState(date=dt.date(2020, 11, 9), mode="cumulative")


def _mercator(lon: float, lat: float) -> tuple[float, float]:
    return TO_MERCATOR.transform(lon, lat)


def test_stepanakert_has_one_badge_counting_its_events_on_9_november(record):
    """The badge of Stepanakert counts the record's events placed there.

    The issue counted 18 of 94 events there; Stepanakert's events all sit on its
    gazetteer point.
    """
    state = NOV_9_CUMULATIVE
    render_image(state, record, "png", SMALL)
    renderer = renderer_for(SMALL, tuple(state.layers))
    selected = select_events(record, state)
    at_stepanakert = int((selected["place"] == "stepanakert").sum())
    assert at_stepanakert >= 18
    key = place_keys([_place("stepanakert")[1]], [_place("stepanakert")[0]])[0]
    badge = renderer.badges.loc[key]
    assert badge["events"] == at_stepanakert
    assert (badge["x"], badge["y"]) == pytest.approx(_mercator(*_place("stepanakert")), abs=1)
    # Every place with several events has a badge; each place's events are drawn once.
    counts = place_counts(place_keys(selected.geometry.y, selected.geometry.x))
    assert renderer.badges["events"].to_dict() == counts[counts > 1].to_dict()
    # One marker per place, and a box and its digits per badge.
    drawn = [item for item in renderer._day_over if isinstance(item, PathCollection)]
    shapes = sum(len(collection.get_offsets()) for collection in drawn)
    assert shapes == len(counts) + 2 * len(renderer.badges)
    assert len(counts) < len(selected)


def test_the_badge_is_drawn_up_left_of_stepanakert(record):
    """Close up, dark badge pixels sit up-left of Stepanakert with the badge, none without."""
    layers = ("countries",)
    with_badges = dataclasses.replace(NOV_9_CUMULATIVE, layers=layers)
    without = dataclasses.replace(with_badges, kinds=())
    column, row = renderer_for(CLOSE_UP, layers).pixel_at(*_place("stepanakert"))

    def dark_pixels(state: ViewState) -> int:
        patch = _png(state, record, CLOSE_UP)[row - 25 : row, column - 25 : column]
        return int((patch.max(axis=2) < 45).sum())  # the badge's #1d1d1d

    assert dark_pixels(with_badges) > 20
    assert dark_pixels(without) == 0
    legend = _svg_texts(render_image(with_badges, record, "svg", CLOSE_UP))
    assert "Events at one place: how many" in legend
    assert "Events at one place: how many" not in _svg_texts(
        render_image(without, record, "svg", CLOSE_UP)
    )


def test_events_outside_the_map_are_listed_with_a_direction(record):
    state = NOV_9_CUMULATIVE
    render_image(state, record, "png", SMALL)
    renderer = renderer_for(SMALL, tuple(state.layers))
    selected = select_events(record, state)
    lines = renderer.offmap.split("\n")
    x0, y0, x1, y1 = SMALL.view()
    xs, ys = _mercator(selected.geometry.x.to_numpy(), selected.geometry.y.to_numpy())
    outside = (xs < x0) | (xs > x1) | (ys < y0) | (ys > y1)
    assert lines[0] == f"{outside.sum()} events outside the map"
    moscow = int((selected["place"] == "moscow").sum())
    baku = int((selected["place"] == "baku").sum())
    assert f"↑ Moscow · {moscow}" in lines
    assert f"→ Baku · {baku}" in lines
    assert not any("Stepanakert" in line for line in lines)
    assert "outside the map" in _svg_texts(render_image(state, record, "svg", SMALL))


def test_fast_frames_redraw_the_legend_when_the_badge_entry_appears(record):
    frame = Frame(width=600, height=420, dpi=60)
    renderer = renderer_for(frame, tuple(NOV_9_CUMULATIVE.layers))
    with renderer.lock:
        renderer.draw(dataclasses.replace(NOV_9_CUMULATIVE, kinds=()), record)
        renderer.rgb()
        renderer.draw(NOV_9_CUMULATIVE, record)
        fast = renderer.rgb()
        buffer = io.BytesIO()
        renderer.save(buffer, "png")
    full = np.asarray(Image.open(buffer).convert("RGB"))
    differs = np.abs(fast.astype(int) - full.astype(int)).max(axis=2) > 40
    left, bottom, width, height = LEGEND_PANEL
    rows = slice(round((1 - bottom - height) * frame.height), round((1 - bottom) * frame.height))
    columns = slice(round(left * frame.width), round((left + width) * frame.width))
    assert differs[rows, columns].mean() < 0.01


def test_a_shared_renderer_draws_each_record_where_it_puts_its_events(record, monkeypatch):
    """Another session's record of the same length is projected anew, even if ids repeat.

    Renderers are shared by every session; CPython hands a freed record's id to a new
    object, so an id is made to repeat here for every record, as it can in a long run.
    """
    monkeypatch.setattr(
        figure,
        "id",
        lambda obj: 1 if isinstance(obj, gpd.GeoDataFrame) else builtins.id(obj),
        raising=False,
    )
    state = dataclasses.replace(NOV_9_CUMULATIVE, layers=("countries",))
    render_image(state, record, "png", SMALL)
    moved = record.set_geometry(record.geometry.translate(xoff=0.05))
    render_image(state, moved, "png", SMALL)
    lon, lat = _place("stepanakert")
    key = place_keys([lat], [lon + 0.05])[0]
    badge = renderer_for(SMALL, state.layers).badges.loc[key]
    assert (badge["x"], badge["y"]) == pytest.approx(_mercator(lon + 0.05, lat), abs=1)


def test_images_write_place_names_in_the_readers_order_as_the_live_map_does(record):
    day = dt.date(2020, 11, 9)
    # The live map's labels, by place, in each order (dashboard/webmap/labels.py).
    live = {label["id"]: label["text"] for label in label_points()}
    for order, stepanakert, shusha in (
        ("az", "Xankəndi/Stepanakert", "Şuşa/Shushi"),
        ("hy", "Stepanakert/Xankəndi", "Shushi/Şuşa"),
        ("common", "Stepanakert/Khankendi", "Shusha/Shushi"),
    ):
        state = ViewState(date=day, mode="cumulative", names=order)
        texts = _svg_texts(render_image(state, record, "svg", SMALL))
        assert stepanakert in texts and shusha in texts, order
        renderer = renderer_for(SMALL, tuple(state.layers))
        labels = {place: label.get_text() for place, label in renderer._labels.items()}
        assert labels == {place: live[place][order] for place in labels}, order
    assert "Stepanakert/Khankendi" not in _svg_texts(
        render_image(ViewState(date=day, names="az"), record, "svg", SMALL)
    )


def test_the_off_map_note_names_places_in_the_readers_order(record):
    # Around Nakhchivan: Stepanakert's and Shusha's events are outside the map.
    west = Frame(width=900, height=620, dpi=90, bbox=(44.8, 38.8, 45.8, 39.6))
    state = ViewState(date=dt.date(2020, 11, 9), mode="cumulative", names="az")
    render_image(state, record, "png", west)
    note = renderer_for(west, tuple(state.layers)).offmap
    assert "Xankəndi/Stepanakert · " in note and "Şuşa/Shushi · " in note
    assert "Moscow · " in note  # a foreign exonym keeps its one name
    assert "Stepanakert/Khankendi" not in note


def test_fast_png_frames_follow_a_change_of_name_order(record):
    common = ViewState(date=dt.date(2020, 11, 9), names="common")
    flipped = dataclasses.replace(common, names="az")
    for _ in range(2):  # the second is drawn from the renderer's raster layers
        first = _png(common, record)
    second = _png(flipped, record)
    again = _png(common, record)
    column, row = renderer_for(SMALL, tuple(common.layers)).pixel_at(*_place("stepanakert"))
    # The label sits up and right of its place.
    near = np.s_[row - 20 : row + 2, column : column + 90]
    assert (first[near] != second[near]).any(), "the labels kept the common order"
    assert (first == again).all()
