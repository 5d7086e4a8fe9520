"""The app's server process: prepare what every session needs, then serve the page."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager


def prepare(events_path: str | None) -> None:
    """Load what every reader's first page needs, in this process, before it serves any.

    Imports the page's modules, loads the record (or the file given with ``--events``) and
    the areas held, and builds the map once: that serialises the styled layers and writes
    them, with Leaflet and the map's scripts, where the app serves them. A reader's first
    visit then costs what any later one does. A bad ``--events`` file is left for the page
    to report, in the words it uses for every reader.
    """
    with _outside_a_session():
        _prepare(events_path)


def _prepare(events_path: str | None) -> None:
    # The app's own imports (dashboard/app.py), so that its first run finds them loaded;
    # but not its components (streamlit_folium, the bridge): they register with the server
    # when imported, so they are imported by the first run, once the server exists.
    import events
    from dashboard import urlstate  # noqa: F401
    from dashboard.page import basemap, downloads, panels, shared, sidebar  # noqa: F401
    from dashboard.state import ViewState
    from dashboard.timeline import timeline_range
    from dashboard.webmap import assets, timedata
    from dashboard.webmap.build import MapOptions, build_map
    from dashboard.webmap.timemap import EventsLayer

    try:
        record, _ = shared.record_and_report(events_path)
    except events.EventDataError:
        record = None
    shared.areas_by_day()
    build_map(
        ViewState(), EventsLayer(), timeline_range(True), MapOptions(served_data=True)
    ).get_root().render()
    if record is not None:
        assets.publish_json("events", timedata.payload_json(record))


@contextmanager
def _outside_a_session() -> Iterator[None]:
    """Silence Streamlit's warning that a cached function runs with no session: it is meant."""
    context_logger = logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context")

    def quiet(record: logging.LogRecord) -> bool:
        return "missing ScriptRunContext" not in record.getMessage()

    context_logger.addFilter(quiet)
    try:
        yield
    finally:
        context_logger.removeFilter(quiet)


def main(argv: list[str] | None = None) -> int:
    """Prepare, then run ``streamlit run`` with ``argv`` in this same process."""
    argv = list(sys.argv[1:] if argv is None else argv)
    script_args = argv[argv.index("--") + 1 :] if "--" in argv else []
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--events", default=None)
    options, _ = parser.parse_known_args(script_args)
    # Preparing is a head start: whatever fails here, the page loads it and says what failed.
    try:
        prepare(options.events)
    except Exception as error:
        print(
            f"warning: could not prepare the page ahead of readers ({error}); the first "
            "reader's page will load it instead",
            file=sys.stderr,
        )
    from streamlit.web import cli

    return cli.main(args=["run", *argv], prog_name="streamlit")


if __name__ == "__main__":
    sys.exit(main())
