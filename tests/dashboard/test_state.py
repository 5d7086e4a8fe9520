"""The view, its filters and its URL: the parsers' table, the one description of the filters."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard import style, text, timeline
from dashboard.export.formats import ANIMATION_FORMATS, FORMATS, IMAGE_FORMATS, STILL_FORMATS
from dashboard.state import Filters, ViewState
from dashboard.urlstate import PARSERS, read_view, view_params


@pytest.mark.parametrize("window", ["²", "٣", "7.5", "0", "45", "9" * 5000, ""])
def test_a_window_that_is_not_ascii_digits_from_1_to_44_gives_a_notice(window):
    state, notices = read_view({"window": window})
    assert state.window_days == ViewState().window_days
    assert notices == [f"Ignored window={window!r}: expected a number of days from 1 to 44."]


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


def test_both_names_says_each_form_once():
    assert text.both_names({"name": "Shusha", "name_hy": "Shushi", "name_az": "Shusha"}) == (
        "Shusha/Shushi"
    )
    assert text.both_names({"name": "Goris", "name_hy": "Goris", "name_az": None}) == "Goris"


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
