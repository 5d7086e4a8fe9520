"""The view, its filters and its URL: the parsers' table, the one description of the filters."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgb

from dashboard import style, text, timeline
from dashboard.export.formats import ANIMATION_FORMATS, FORMATS, IMAGE_FORMATS, STILL_FORMATS
from dashboard.state import Filters, MapView, ViewState
from dashboard.text import echo
from dashboard.urlstate import PARSERS, read_view, view_params
from events import KINDS


@pytest.mark.parametrize("window", ["²", "٣", "7.5", "0", "45", "9" * 5000, ""])
def test_a_window_that_is_not_ascii_digits_from_1_to_44_gives_a_notice(window):
    state, notices = read_view({"window": window})
    assert state.window_days == ViewState().window_days
    assert notices == [f"Ignored window={echo(window)}: expected a number of days from 1 to 44."]
    assert len(notices[0]) < 200, "a long value is cut, not echoed whole"


def test_every_parameter_written_is_read_back():
    state = ViewState(
        date=dt.date(2020, 11, 20),
        mode="window",
        window_days=3,
        kinds=("capture",),
        statuses=("claimed",),
        actors=("Russia",),
        query="Lachin",
        layers=("countries",),
        tiles="osm",
        extended=True,
        names="az",
        map_view=MapView(11, 39.7583, 46.7486),
    )
    params = view_params(state)
    assert set(params) == set(PARSERS)
    assert read_view(params) == (state, [])


def test_filters_select_and_describe_the_same_thing():
    filters = Filters(kinds=("capture", "strike"), statuses=("confirmed",), query="Shusha")
    assert filters.describe() == [
        "kinds: capture, strike",
        "status: confirmed",
        'search: "Shusha"',
    ]
    assert Filters().describe() == []
    state = ViewState(kinds=filters.kinds, statuses=filters.statuses, query=filters.query)
    assert state.filters == filters
    assert text.filter_line(state, 1).endswith("; ".join(filters.describe()))


def test_the_kind_other_is_read_from_and_written_to_the_url_like_every_kind():
    state, notices = read_view({"kinds": "other,capture"})
    assert notices == [] and state.kinds == ("capture", "other")
    assert view_params(state)["kinds"] == "capture,other"
    assert read_view(view_params(state)) == (state, [])
    assert "kinds" not in view_params(ViewState()), "every kind, other included, is the default"
    kinds = pd.DataFrame({"kind": ["other", "fighting", "capture", "other"]})
    assert Filters(kinds=("other",)).describe() == ["kinds: other"]
    assert Filters(kinds=("other",)).mask(kinds).tolist() == [True, False, False, True]
    assert Filters().mask(kinds).all()


def _luminance(colour: str) -> float:
    channels = np.array(to_rgb(colour))
    linear = np.where(channels <= 0.04045, channels / 12.92, ((channels + 0.055) / 1.055) ** 2.4)
    return float(linear @ [0.2126, 0.7152, 0.0722])


def _contrast(first: str, second: str) -> float:
    darker, lighter = sorted((_luminance(first), _luminance(second)))
    return (lighter + 0.05) / (darker + 0.05)


def test_every_kind_has_a_label_and_a_colour_of_its_own_with_a_rim_that_stands_out():
    assert list(style.KIND_COLOURS) == list(KINDS) == list(style.KIND_LABELS)
    colours = list(style.KIND_COLOURS.values())
    assert len(set(colours)) == len(colours)
    other = style.KIND_COLOURS["other"]
    # an event nobody gave a kind is not drawn as one the style does not know, nor as a zone
    zone_colours = {style.UNKNOWN_COLOUR, *style.CONTROLLER_COLOURS.values()}
    zone_colours |= {layer.get("fill_color") for layer in style.LAYER_STYLES.values()}
    assert other not in zone_colours
    assert style.marker_style("other", "claimed")["fill"] == other
    for kind in KINDS:
        marker = style.marker_style(kind, "confirmed")
        # WCAG 2.1's 3:1 for the parts of a graphic that identify it
        assert _contrast(marker["rim"], marker["fill"]) >= 3, kind


def test_a_zone_is_approximate_by_its_flag_else_by_its_precision():
    assert style.is_approximate({"approximate": False, "precision": "approximate: 5 km"}) is False
    assert style.is_approximate({"approximate": True, "precision": "exact"}) is True
    assert style.is_approximate({"precision": "exact"}) is False
    assert style.is_approximate({"precision": None}) is True
    dashed = style.zone_style("armenian", approximate=True)
    assert dashed["dash_array"] and dashed["fill_color"] == style.CONTROLLER_COLOURS["armenian"]
    assert style.zone_style("armenian", approximate=False)["dash_array"] is None


def test_a_capture_is_a_larger_black_disc_with_a_white_rim():
    capture, strike = (
        style.marker_style("capture", "claimed"),
        style.marker_style("strike", "claimed"),
    )
    assert capture["radius"] == strike["radius"] + 1 == style.EVENT_RADIUS + 1
    assert (capture["fill"], capture["rim"]) == ("#000000", "#ffffff")
    assert style.marker_style("rumour", "unheard")["fill"] == style.UNKNOWN_COLOUR


def test_the_formats_table_splits_into_images_animations_and_stills():
    assert IMAGE_FORMATS == ("png", "svg", "pdf")
    assert ANIMATION_FORMATS == ("gif", "mp4")
    assert set(STILL_FORMATS) | set(ANIMATION_FORMATS) == set(FORMATS)
    assert all(FORMATS[name].help for name in STILL_FORMATS)


def test_the_calendar():
    assert timeline.date_label(dt.date(2020, 9, 27)) == "Day 1 of 44"
    assert timeline.date_label(dt.date(2020, 11, 10)) == "Ceasefire in force"
    assert len(timeline.timeline_days()) == 45
    assert timeline.timeline_range(False, (dt.date(2020, 9, 1), dt.date(2020, 10, 1))) == (
        dt.date(2020, 9, 1),
        dt.date(2020, 11, 10),
    )
    assert timeline.has_control_zones(dt.date(2020, 9, 26))
    assert not timeline.has_control_zones(dt.date(2020, 12, 2))


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"zoom": "99", "lat": "39.7", "lon": "46.7"}, "zoom='99'"),
        ({"zoom": "9", "lat": "north", "lon": "46.7"}, "lat='north'"),
        ({"zoom": "9", "lat": "39.7"}, "zoom, lat and lon go together"),
    ],
)
def test_a_bad_map_view_in_the_url_is_ignored_with_a_notice(params, words):
    state, notices = read_view(params)
    assert state.map_view is None
    assert any(words in notice for notice in notices)


def test_url_values_are_echoed_short_and_never_as_markdown():
    from dashboard.text import markdown_literal

    _, notices = read_view({"mode": "[Log in](http://evil.example/login)" + "x" * 500})
    (notice,) = notices
    assert len(notice) < 200
    shown = markdown_literal(notice)
    assert "](" not in shown.replace("\\]\\(", "")
    assert "\\[Log in\\]\\(http\\:" in shown
