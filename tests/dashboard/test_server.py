"""The app's server process prepares what every session needs before it serves."""

from __future__ import annotations

import argparse

import pytest

import events
from dashboard import launch, server
from dashboard.page import shared
from dashboard.webmap import assets, build


@pytest.fixture
def published(tmp_path, monkeypatch):
    """Write the app's static files into a folder of the test's own."""
    folder = tmp_path / "vendor"
    monkeypatch.setattr(assets, "DATA_DIR", folder / "data")
    monkeypatch.setattr(assets, "CODE_DIR", folder / "code")
    # Each layer is written once per process: forget it, so that it is written here, and
    # again afterwards where the other tests expect it.
    build._served_layer_url.cache_clear()
    yield folder
    build._served_layer_url.cache_clear()


def test_prepare_loads_the_record_and_writes_the_map_files(published):
    shared.record_and_report.clear()
    server.prepare(None)
    record, report = shared.record_and_report(None)
    assert report is None and len(record)
    # A cache hit: the same object, not a second load.
    assert shared.record_and_report(None)[0] is record
    names = {path.name.rsplit("-", 1)[0] for path in (published / "data").glob("*.json")}
    assert {"events", "settlements", "control_zones", "countries"} <= names
    (bundle,) = (published / "code").glob("map-*.js")
    text = bundle.read_text(encoding="utf-8")
    for name in ("KdTime", "KdPlaceLabels", "KdTimeline", "KdLegend", "KdOffMap"):
        assert f"window.{name} = {name}" in text


def test_a_bad_event_file_is_left_for_the_page(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,date\nx,not a date\n", encoding="utf-8")
    shared.record_and_report.clear()
    server.prepare(str(bad))
    # The page reads it again and shows the error (tests/dashboard/test_app.py).
    with pytest.raises(events.EventDataError):
        shared.record_and_report(str(bad))


def test_run_starts_the_server_process_with_streamlit_s_arguments(tmp_path, monkeypatch):
    parser = argparse.ArgumentParser()
    launch.add_arguments(parser)
    events_file = tmp_path / "mine.csv"
    events_file.write_text("id\n", encoding="utf-8")
    line = launch.command(parser.parse_args(["--events", str(events_file)]))
    assert line[1:3] == ["-m", "dashboard.server"]
    prepared, ran = [], []
    monkeypatch.setattr(server, "prepare", prepared.append)
    from streamlit.web import cli

    monkeypatch.setattr(cli, "main", lambda args, prog_name: ran.append(args) or 0)
    assert server.main(line[3:]) == 0
    assert prepared == [str(events_file.resolve())]
    assert ran == [["run", *line[3:]]]


def test_a_failed_preparation_still_serves(monkeypatch, capsys):
    def fail(_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(server, "prepare", fail)
    from streamlit.web import cli

    monkeypatch.setattr(cli, "main", lambda args, prog_name: 0)
    assert server.main(["app.py"]) == 0
    assert "could not prepare" in capsys.readouterr().err
