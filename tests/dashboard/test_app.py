"""The dashboard script under Streamlit's AppTest: what the map is sent for a view, and the URL."""

from __future__ import annotations

import argparse
import base64
import dataclasses
import datetime as dt
import html
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

import events
import geodata
from dashboard import changes, style, text
from dashboard.page import panels
from dashboard.state import LAYERS, MapView, ViewState, select_events
from dashboard.urlstate import permalink, read_view
from dashboard.webmap import assets

APP = Path(__file__).resolve().parents[2] / "dashboard" / "app.py"


@pytest.fixture(autouse=True)
def _static_serving() -> Iterator[None]:
    """Run the page as `karabakh-dashboard run` does: with Streamlit's static file serving."""
    before = st_config.get_option("server.enableStaticServing")
    st_config.set_option("server.enableStaticServing", True)
    yield
    st_config.set_option("server.enableStaticServing", before)


def run_app(monkeypatch: pytest.MonkeyPatch, argv: list[str] | None = None, **params: str):
    """Run the page once with these query parameters (and script arguments)."""
    monkeypatch.setattr(sys, "argv", [str(APP), *(argv or [])])
    app = AppTest.from_file(str(APP), default_timeout=120)
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    assert not app.exception, [exception.message for exception in app.exception]
    return app


def map_reports(app: AppTest) -> AppTest:
    """Send the view the page's bridge sends once the map has drawn the day; rerun the page.

    The day's list, counts, change line, charts and downloads wait for this first report
    (in the browser it comes from ``dashboard/page/bridge.js``).
    """
    session = app.session_state
    where = session["w_view"] or MapView(8, 39.75, 46.75)
    view = {
        "day": session["w_date"].isoformat(),
        "zoom": where.zoom,
        "lat": where.lat,
        "lon": where.lon,
        "layers": list(session["w_layers"]),
        "playing": False,
    }
    session["map_bridge"] = {"view": view}
    app.run()
    assert not app.exception, [exception.message for exception in app.exception]
    return app


def map_args(app: AppTest) -> dict:
    """Return the arguments the page sent to the streamlit-folium component."""
    (component,) = app.get("component_instance")
    return json.loads(component.proto.json_args)


def engine_settings(app: AppTest) -> dict:
    """Return what the page's bridge hands the map's engine (filters, mode, layers, tiles)."""
    (bridge,) = app.get("bidi_component")
    return json.loads(bridge.proto.json)["config"]


def opening(app: AppTest) -> dict:
    """Return the engine's settings written into the map's script: the view it opens on."""
    script = map_args(app)["script"]
    start = script.index("new KdTime(map_div, ") + len("new KdTime(map_div, ")
    return json.JSONDecoder().raw_decode(script, start)[0]


def dataset(app: AppTest) -> dict:
    """Return the events the map's engine holds: the served file, or the data in the page."""
    delivery = map_args(app)["feature_group"]
    urls = re.findall(r'loadDataset\("([^"]+)"\)', delivery)
    if urls:
        (url,) = urls
        return json.loads((assets.DATA_DIR / url.rsplit("/", 1)[1]).read_text(encoding="utf-8"))
    start = delivery.index("setDataset(") + len("setDataset(")
    return json.JSONDecoder().raw_decode(delivery, start)[0]


def engine_titles(app: AppTest, day: dt.date, mode: str = "day", window: int = 7) -> list[str]:
    """Return the titles the engine draws on ``day`` (the rules of time_engine.js, in Python).

    The browser test checks the engine against this; here it checks that what the page
    hands the engine (the events and the filter mask) gives the view's events.
    """
    data = dataset(app)
    mask_text = engine_settings(app)["mask"]
    count = len(data["day"])
    if mask_text is None:
        kept = [True] * count
    else:
        bits = base64.b64decode(mask_text)
        kept = [bool(bits[i >> 3] >> (i & 7) & 1) for i in range(count)]
    index = (day - dt.date.fromisoformat(data["first"])).days
    first = {"day": index, "window": index - window + 1}.get(mode, -(10**9))
    return [
        title
        for title, event_day, keep in zip(data["title"], data["day"], kept, strict=True)
        if keep and first <= event_day <= index
    ]


def base_layers(app: AppTest) -> dict[str, tuple[bool, dict]]:
    """Each layer of the map (its key -> shown when the map opens, its data).

    The page serves the data as files that the browser fetches; the test reads the same
    files from the folder Streamlit serves them from.
    """
    script = map_args(app)["script"]
    layers = {}
    for key, name in re.findall(r'registerLayer\("([a-z_0-9]+)", (feature_group_div_\d+)', script):
        start = script.index(f"var {name} = L.geoJson(")
        end = script.find("var feature_group_div_", start + 1)
        urls = re.findall(r'fetch\("([^"]+)"\)', script[start : end if end > 0 else None])
        # The changes' layer has no data of its own: the change box draws into it.
        data = None
        if key != "changes":
            (url,) = urls
            data = json.loads((assets.DATA_DIR / url.rsplit("/", 1)[1]).read_text("utf-8"))
        layers[key] = (f"{name}.addTo(map_div)" in script, data)
    return layers


def valid_on(features: list[dict], day: str) -> list[dict]:
    """Return the features of a dated layer that the map draws on ``day`` (ISO date)."""
    return [
        feature
        for feature in features
        if (feature["properties"].get("valid_from") or day)
        <= day
        <= (feature["properties"].get("valid_to") or day)
    ]


def expected(state: ViewState) -> list[str]:
    return select_events(events.load_events(), state)["title"].tolist()


def test_the_date_opens_the_map_on_that_day_with_exactly_its_events(monkeypatch):
    day = dt.date(2020, 10, 4)
    app = run_app(monkeypatch, date=day.isoformat())
    chosen = expected(ViewState(date=day))
    assert len(chosen) >= 2, "the curated record should have several events on 4 October"
    assert opening(app)["day"] == day.isoformat()
    assert engine_titles(app, day) == chosen
    map_reports(app)
    assert f"Showing **{len(chosen)}**" in " ".join(block.value for block in app.markdown)


def test_the_map_holds_the_whole_record_and_is_never_rebuilt(monkeypatch):
    app = run_app(monkeypatch, date="2020-10-04")
    before = map_args(app)
    assert len(dataset(app)["day"]) == len(events.load_events())
    # The day settling, filters, mode, layers and tiles: none changes the map's script (the
    # component's identity, whose change would reload the map) or resends the events.
    app.session_state["w_date"] = dt.date(2020, 11, 10)
    app.run()
    app.session_state["w_kinds"] = ["capture"]
    app.session_state["w_mode"] = "cumulative"
    app.session_state["w_layers"] = ["countries", "control_zones"]
    app.session_state["w_tiles"] = "carto"
    app.run()
    after = map_args(app)
    assert after["script"] == before["script"]
    assert after["key"] == before["key"]
    assert after["feature_group"] == before["feature_group"]
    settings = engine_settings(app)
    assert (settings["mode"], settings["tiles"]) == ("cumulative", "carto")
    assert settings["layers"] == ["countries", "control_zones"]
    assert engine_titles(app, dt.date(2020, 11, 10), "cumulative") == expected(
        ViewState(date=dt.date(2020, 11, 10), mode="cumulative", kinds=("capture",))
    )
    assert app.query_params["date"] == "2020-11-10"


def test_cumulative_and_window_modes_reach_the_engine(monkeypatch):
    day = dt.date(2020, 10, 20)
    app = run_app(monkeypatch, date=day.isoformat(), mode="cumulative")
    assert engine_settings(app)["mode"] == "cumulative"
    assert engine_titles(app, day, "cumulative") == expected(ViewState(date=day, mode="cumulative"))
    app = run_app(monkeypatch, date=day.isoformat(), mode="window", window="5")
    assert (engine_settings(app)["mode"], engine_settings(app)["window"]) == ("window", 5)
    chosen = expected(ViewState(date=day, mode="window", window_days=5))
    assert engine_titles(app, day, "window", 5) == chosen


def test_filters_narrow_what_the_engine_draws(monkeypatch):
    day = dt.date(2020, 11, 9)
    app = run_app(monkeypatch, date=day.isoformat(), mode="cumulative", kinds="capture")
    state = ViewState(date=day, mode="cumulative", kinds=("capture",))
    assert engine_titles(app, day, "cumulative") == expected(state)
    app.session_state["w_statuses"] = ["claimed"]
    app.run()
    state = dataclasses.replace(state, statuses=("claimed",))
    assert engine_titles(app, day, "cumulative") == expected(state)
    assert app.query_params["statuses"] == "claimed"


def test_free_text_and_actor_filters(monkeypatch):
    day = dt.date(2020, 11, 10)
    app = run_app(monkeypatch, date=day.isoformat(), mode="cumulative", q="shusha")
    chosen = expected(ViewState(date=day, mode="cumulative", query="shusha"))
    assert 0 < len(chosen) < len(expected(ViewState(date=day, mode="cumulative")))
    assert engine_titles(app, day, "cumulative") == chosen
    app.session_state["w_query"] = ""
    app.session_state["w_actors"] = ["Russia"]
    app.run()
    chosen = expected(ViewState(date=day, mode="cumulative", actors=("Russia",)))
    assert chosen
    assert engine_titles(app, day, "cumulative") == chosen


def test_query_parameters_restore_the_view(monkeypatch):
    params = {
        "date": "2020-11-20",
        "mode": "window",
        "window": "3",
        "kinds": "capture,peacekeeping",
        "statuses": "confirmed",
        "actors": "Russia",
        "q": "Lachin",
        "layers": "countries,control_zones,lachin_corridor",
        "tiles": "osm",
        "extended": "1",
    }
    app = run_app(monkeypatch, **params)
    session = app.session_state
    assert session["w_date"] == dt.date(2020, 11, 20)
    assert session["w_mode"] == "window"
    assert session["w_window"] == 3
    assert session["w_kinds"] == ["capture", "peacekeeping"]
    assert session["w_statuses"] == ["confirmed"]
    assert session["w_actors"] == ["Russia"]
    assert session["w_query"] == "Lachin"
    assert session["w_layers"] == ["countries", "control_zones", "lachin_corridor"]
    assert session["w_tiles"] == "osm"
    assert session["w_extended"] is True
    assert dict(app.query_params) == params
    start = opening(app)
    assert (start["day"], start["mode"], start["window"], start["tiles"]) == (
        "2020-11-20",
        "window",
        3,
        "osm",
    )
    assert start["last"] == "2020-12-01"
    shown = {key for key, (is_shown, _) in base_layers(app).items() if is_shown} - {"settlements"}
    assert shown == {"countries", "control_zones", "lachin_corridor"}
    assert not app.warning


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"date": "banana"}, "date='banana'"),
        ({"date": "2031-01-01"}, "outside the timeline"),
        ({"layers": "countries,atlantis"}, "'atlantis'"),
        ({"mode": "everything"}, "mode='everything'"),
        ({"window": "-3"}, "window='-3'"),
        ({"kinds": "rumour"}, "'rumour'"),
        ({"actors": "Narnia"}, "'Narnia'"),
        ({"names": "ru"}, "names='ru'"),
    ],
)
def test_bad_query_parameters_fall_back_with_a_notice(monkeypatch, params, words):
    app = run_app(monkeypatch, **params)
    # The page shows the notices as typed: Markdown characters escaped.
    notices = " ".join(warning.value for warning in app.warning).replace("\\", "")
    assert words in notices
    if "date" in params:
        assert app.session_state["w_date"] == ViewState().date
    day = app.session_state["w_date"]
    assert engine_titles(app, day) == expected(ViewState(date=day))


def test_post_ceasefire_layers_appear_from_10_november(monkeypatch):
    layers = base_layers(run_app(monkeypatch, date="2020-11-09"))
    for name in ("contact_line_2020", "peacekeeping_zone", "lachin_corridor"):
        features = layers[name][1]["features"]
        assert features
        assert not valid_on(features, "2020-11-09"), name
        assert valid_on(features, "2020-11-10") == features, name
    assert valid_on(layers["control_zones"][1]["features"], "2020-11-09")


@pytest.mark.parametrize("day", ["2020-09-27", "2020-10-09", "2020-10-20", "2020-11-10"])
def test_the_dated_layer_draws_that_days_control_zones(monkeypatch, day):
    zones = base_layers(run_app(monkeypatch, date=day))["control_zones"][1]
    drawn = valid_on(zones["features"], day)
    assert sorted(zone["properties"]["id"] for zone in drawn) == sorted(
        geodata.control_at(day)["id"]
    )


def test_control_zones_are_coloured_by_controller_and_say_approximate(monkeypatch):
    collection = base_layers(run_app(monkeypatch, date="2020-10-20"))["control_zones"][1]
    zones = valid_on(collection["features"], "2020-10-20")
    colours = {zone["properties"]["style"]["fillColor"] for zone in zones}
    assert colours == set(style.CONTROLLER_COLOURS.values())
    assert any("approximate" in zone["properties"]["tooltip"] for zone in zones)


def test_the_map_loads_nothing_from_the_internet(monkeypatch):
    app = run_app(monkeypatch, date="2020-10-20")
    args = map_args(app)
    links = args["js_links"] + args["css_links"]
    assert links
    assert not [link for link in links if link.startswith(("http:", "https:", "//"))]
    assert "https://" not in args["header"].replace('href="https://leafletjs.com"', "")
    # The online tile layers exist, unshown, for a reader who picks them.
    assert engine_settings(app)["tiles"] == "vector"
    tile_layers = re.findall(r"var (tile_layer_div_\d+) = L\.tileLayer", args["script"])
    assert tile_layers
    assert not [name for name in tile_layers if f"{name}.addTo(" in args["script"]]


def test_without_static_serving_the_map_carries_leaflet_and_its_data(monkeypatch):
    st_config.set_option("server.enableStaticServing", False)
    app = run_app(monkeypatch, date="2020-10-20")
    args = map_args(app)
    assert all(link.startswith("data:") for link in args["js_links"] + args["css_links"])
    assert "fetch(" not in args["script"]
    assert '"FeatureCollection"' in args["script"]
    assert "setDataset(" in args["feature_group"]
    assert engine_titles(app, dt.date(2020, 10, 20)) == expected(
        ViewState(date=dt.date(2020, 10, 20))
    )


def test_with_static_serving_the_boundaries_and_events_are_fetched_from_this_server(monkeypatch):
    args = map_args(run_app(monkeypatch, date="2020-10-20"))
    urls = re.findall(r'(?:fetch|loadDataset)\("([^"]+)"\)', args["script"] + args["feature_group"])
    assert len(urls) >= 12
    assert all(url.startswith("/app/static/vendor/data/") for url in urls)
    assert len(args["script"]) < 80_000
    assert len(args["feature_group"]) < 2_000


def test_online_tiles_and_layers_are_the_engines_to_show(monkeypatch):
    app = run_app(monkeypatch, date="2020-10-20", tiles="osm", layers="countries,control_zones")
    settings = engine_settings(app)
    assert settings["tiles"] == "osm"
    assert settings["layers"] == ["countries", "control_zones"]
    shown = {key for key, (is_shown, _) in base_layers(app).items() if is_shown} - {"settlements"}
    assert shown == {"countries", "control_zones"}


def test_text_from_the_data_is_escaped(monkeypatch, tmp_path):
    record = events.load_events()
    rows = Path(events.schema.CURATED_PATH).read_text(encoding="utf-8").splitlines()
    header, first = rows[0], rows[1]
    payload = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"
    path = tmp_path / "hostile.csv"
    original_title = record.iloc[0]["title"]
    path.write_text(
        header + "\n" + first.replace(original_title, payload, 1) + "\n", encoding="utf-8"
    )
    day = record.iloc[0]["date"].date()
    app = run_app(monkeypatch, argv=["--events", str(path)], date=day.isoformat())
    # The engine writes titles with textContent; in transit the text must not end the script.
    assert dataset(app)["title"] == [payload]
    assert "</script" not in map_args(app)["feature_group"]
    page = " ".join(block.value for block in map_reports(app).markdown)
    assert payload not in page
    assert html.escape(payload) in page


def test_every_layer_name_has_a_label_and_style():
    assert set(LAYERS) <= set(style.LAYER_LABELS)
    assert set(LAYERS) - {"rivers"} <= set(style.LAYER_STYLES) | {"control_zones"}


def test_a_view_survives_the_round_trip_through_its_url():
    state = ViewState(
        date=dt.date(2020, 11, 25),
        mode="window",
        window_days=10,
        kinds=("capture", "strike"),
        statuses=("claimed", "disputed"),
        actors=("Armenia", "Russia"),
        query="Lachin & <Berdzor>",
        layers=("countries", "control_zones"),
        tiles="carto",
        extended=True,
    )
    link = permalink(state, "http://localhost:8501/?stale=1")
    assert link.startswith("http://localhost:8501/?date=2020-11-25&")
    params = dict(parse_qsl(urlsplit(link).query))
    restored, notices = read_view(params, known_actors=["Armenia", "Russia"])
    assert restored == state
    assert notices == []


def test_launch_serves_leaflet_locally_and_passes_the_event_file(tmp_path):
    from dashboard import launch
    from dashboard.webmap import assets

    parser = argparse.ArgumentParser()
    launch.add_arguments(parser)
    events_file = tmp_path / "mine.csv"
    events_file.write_text("id\n", encoding="utf-8")
    line = launch.command(parser.parse_args(["--port", "8600", "--events", str(events_file)]))
    assert line[line.index("--server.enableStaticServing") + 1] == "true"
    assert line[line.index("--server.port") + 1] == "8600"
    assert line[-3:] == ["--", "--events", str(events_file.resolve())]
    missing = parser.parse_args(["--events", str(tmp_path / "absent.csv")])
    assert launch.main(missing) == 2
    folder = assets.ensure_vendor_assets()
    assert (folder / "leaflet.js").read_bytes()[:200] == (
        Path(assets.xstatic_leaflet.BASE_DIR) / "leaflet.js"
    ).read_bytes()[:200]


def test_published_layer_files_are_named_by_content():
    from dashboard.webmap import assets

    first = assets.publish_json("test-layer", '{"type": "FeatureCollection", "features": []}')
    again = assets.publish_json("test-layer", '{"type": "FeatureCollection", "features": []}')
    other = assets.publish_json("test-layer", '{"type": "FeatureCollection", "features": [1]}')
    assert first == again != other
    assert first.startswith(assets.DATA_URL)
    path = assets.DATA_DIR / first.rsplit("/", 1)[1]
    assert json.loads(path.read_text(encoding="utf-8"))["features"] == []
    for url in (first, other):
        (assets.DATA_DIR / url.rsplit("/", 1)[1]).unlink()


def test_a_standalone_map_embeds_leaflet_and_needs_no_network():
    from dashboard.export.interactive import interactive_html

    page = interactive_html(ViewState(date=dt.date(2020, 11, 10)), events.load_events())
    assert "L.geoJson" in page
    assert "new KdTime(" in page and "new KdTimeline(" in page and "new KdLegend(" in page
    assert not re.findall(r'<(?:script|link)[^>]+(?:src|href)="(?:https?:)?//', page)
    assert "/app/static/" not in page
    assert "Lachin corridor (from 10 Nov)" in page


def test_source_links_name_the_site_and_never_link_other_schemes():
    from dashboard.text import source_links

    links = source_links(
        [
            "https://en.wikipedia.org/wiki/Shusha",
            'https://en.wikipedia.org/wiki/X?a="><script>',
            "javascript:alert(1)",
            "Kremlin statement <b>",
        ]
    )
    assert ">en.wikipedia.org 1</a>" in links[0]
    assert "<script>" not in links[1] and "&lt;script&gt;" in links[1]
    assert links[2] == "javascript:alert(1)"
    assert links[3] == "Kremlin statement &lt;b&gt;"


def test_a_broken_event_file_is_reported_on_the_page_not_as_a_traceback(monkeypatch, tmp_path):
    broken = tmp_path / "broken.csv"
    broken.write_text("id,date\nx,<b>not a date</b>\n", encoding="utf-8")
    monkeypatch.setattr(sys, "argv", [str(APP), "--events", str(broken)])
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.run()
    assert not app.exception
    assert "could not be read" in app.error[0].value
    assert "broken.csv" in app.code[0].value


def test_rows_rejected_from_an_events_file_are_reported_on_the_page(monkeypatch, tmp_path):
    acled = tmp_path / "acled.csv"
    acled.write_text(
        "event_id_cnty,event_date,event_type,sub_event_type,actor1,actor2,country,"
        "location,latitude,longitude,geo_precision,time_precision,source,notes,fatalities\n"
        "AZE1,2020-10-04,Battles,Armed clash,Military Forces of Azerbaijan,"
        "Military Forces of Armenia,Azerbaijan,Jabrayil,39.40,47.03,1,1,Reuters,clash,0\n"
        "AZE2,2020-10-04,Battles,Armed clash,Military Forces of Azerbaijan,"
        "Military Forces of Armenia,Azerbaijan,Nowhere,not-a-latitude,47.03,1,1,Reuters,x,0\n",
        encoding="utf-8",
    )
    app = run_app(monkeypatch, argv=["--events", str(acled)], date="2020-10-04")
    assert not app.exception
    assert len(dataset(app)["day"]) == 1
    assert any("1 rows rejected" in block.value for block in app.warning)
    assert any("latitude" in block.value for block in app.code)


def test_download_buttons_only_while_switched_on(monkeypatch):
    app = map_reports(run_app(monkeypatch, date="2020-10-04"))
    assert not app.get("download_button")
    app.sidebar.toggle(key="w_exports").set_value(True).run()
    names = {button.proto.label for button in app.get("download_button")}
    assert {"PNG image", "CSV data", "Interactive map (HTML)"} <= names
    app.session_state["w_date"] = dt.date(2020, 10, 9)
    app.run()
    assert len(app.get("download_button")) == len(names), "the day view redraws them"
    app.sidebar.toggle(key="w_exports").set_value(False).run()
    assert not app.get("download_button")


def test_settlements_are_drawn_by_their_state_on_the_day(monkeypatch):
    settlements = base_layers(run_app(monkeypatch, date="2020-10-20"))["settlements"][1]
    record = geodata.load_settlements()
    placed = record[record["placed"]]
    assert placed["id"].size > 50
    jabrayil = placed[placed["name"] == "Horovlu"]
    name = jabrayil.iloc[0]["name"] if len(jabrayil) else placed.iloc[0]["name"]
    claimed = placed[placed["name"] == name].iloc[0]["claimed_on"].date()

    def state_on(day: dt.date) -> str:
        (feature,) = [
            feature
            for feature in valid_on(settlements["features"], day.isoformat())
            if feature["properties"]["tooltip"].startswith(html.escape(name))
        ]
        return feature["properties"]["tooltip"]

    assert "held by armenian forces" in state_on(claimed - dt.timedelta(days=1)).lower()
    assert "held" not in state_on(claimed).lower()
    # Every placed settlement is drawn once on any day.
    for day in ("2020-09-27", "2020-10-20", "2020-11-25"):
        assert len(valid_on(settlements["features"], day)) == len(placed)


def test_the_order_of_place_names_reaches_the_engine_and_the_url(monkeypatch):
    app = run_app(monkeypatch, date="2020-11-08", names="hy")
    assert app.session_state["w_names"] == "hy"
    assert engine_settings(app)["names"] == "hy"
    app.session_state["w_names"] = "az"
    app.run()
    assert engine_settings(app)["names"] == "az"
    assert app.query_params["names"] == "az"


def test_search_finds_events_by_another_name_of_their_place(monkeypatch):
    day = dt.date(2020, 11, 8)
    found = {}
    for query in ("Shusha", "Shushi", "Şuşa"):
        app = run_app(monkeypatch, date=day.isoformat(), mode="cumulative", q=query)
        found[query] = engine_titles(app, day, "cumulative")
    assert found["Shusha"]
    assert found["Shusha"] == found["Shushi"] == found["Şuşa"]


def test_the_change_line_follows_the_day_and_the_layer_key(monkeypatch):
    def outlines_shown(app: AppTest) -> bool:
        return base_layers(app)["changes"][0]

    app = map_reports(run_app(monkeypatch, date="2020-10-20"))
    lines = [caption.value for caption in app.caption if "Since" in caption.value]
    since, day = dt.date(2020, 10, 19), dt.date(2020, 10, 20)
    assert lines == [text.markdown_literal(text.change_line(changes.changes_between(since, day)))]
    assert outlines_shown(app)
    # Switched off in the URL: no line on the page, the map opens without the outlines.
    app = map_reports(run_app(monkeypatch, date="2020-10-20", layers="countries,control_zones"))
    assert not [caption for caption in app.caption if "Since" in caption.value]
    assert not outlines_shown(app)
    assert "changes" not in app.session_state["w_layers"]


def test_the_page_waits_for_the_map_to_report_its_first_view(monkeypatch):
    """The first run draws the title, the map and the day's heading; the report, the rest."""
    day = dt.date(2020, 10, 4)
    app = run_app(monkeypatch, date=day.isoformat())
    assert map_args(app)["script"] and engine_settings(app)["mask"] is None
    widgets = ("radio", "toggle", "checkbox", "multiselect", "text_input", "file_uploader")
    assert not any(app.get(kind) for kind in widgets), "no widget before the map"
    assert not app.expander
    heading = f"{day.day} {day:%B %Y} · {ViewState(date=day).date_label()}"
    assert [header.value for header in app.subheader] == [heading]
    assert any(caption.value == panels.WAITING_TEXT for caption in app.caption)
    page = " ".join(block.value for block in app.markdown)
    assert "class='kd-event'" not in page and "Showing" not in page
    assert not app.get("vega_lite_chart")
    assert dict(app.query_params) == {"date": day.isoformat()}, "the URL does not wait"
    map_reports(app)
    assert [header.value for header in app.subheader] == [heading]
    assert not any(caption.value == panels.WAITING_TEXT for caption in app.caption)
    page = " ".join(block.value for block in app.markdown)
    chosen = expected(ViewState(date=day))
    assert page.count("class='kd-event'") == len(chosen)
    assert f"Showing **{len(chosen)}**" in page
    assert len(app.get("vega_lite_chart")) == 2, "events per day and km² held"
    assert all(app.get(kind) for kind in widgets)
    assert app.sidebar.toggle(key="w_exports").value is False
    assert len(app.expander) == 2
