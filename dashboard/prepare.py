"""``karabakh-dashboard prepare-static``: write the files the app serves before it first runs."""

from __future__ import annotations

import argparse
import sys

import events
from dashboard import timeline
from dashboard.state import ViewState
from dashboard.webmap import assets, timedata
from dashboard.webmap.build import MapOptions, build_map
from dashboard.webmap.timemap import EventsLayer


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``prepare-static`` takes no options: it writes to the installed package's folder."""


def prepare_static() -> list[str]:
    """Copy Leaflet; write the map's scripts, layers and curated events into ``static/vendor/``.

    The app writes these on first use; a container image prepares them at build time,
    because the app then runs as a user who cannot write to the installed package (the
    map would otherwise carry every layer in its page script).

    Returns
    -------
    list of str
        The names of the layer data files now in place.

    Raises
    ------
    OSError
        Where the folder cannot be written.
    """
    assets.ensure_vendor_assets()
    build_map(
        ViewState(),
        EventsLayer(),
        timeline.timeline_range(extended=True),
        MapOptions(served_data=True),
    )
    assets.publish_json("events", timedata.payload_json(events.load_events()))
    return sorted(path.name for path in assets.DATA_DIR.glob("*.json"))


def main(args: argparse.Namespace) -> int:
    """Prepare the static files; report where they are, or why they could not be written."""
    try:
        written = prepare_static()
    except OSError as error:
        print(
            f"error: cannot write to {assets.VENDOR_DIR}: {error.strerror or error}. Run "
            "this as the user who installed the package.",
            file=sys.stderr,
        )
        return 1
    if not written:
        print(f"error: no layer file could be written to {assets.DATA_DIR}", file=sys.stderr)
        return 1
    print(f"Leaflet, the map's scripts and {len(written)} data files in {assets.VENDOR_DIR}")
    return 0
