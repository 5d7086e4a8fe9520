"""``karabakh-dashboard run``: start the Streamlit app with offline assets and its settings."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from dashboard.webmap import assets

APP = Path(__file__).resolve().parent / "app.py"
DEFAULT_PORT = 8501

# Settings passed on the command line so they hold whatever folder the command runs from
# (Streamlit reads .streamlit/config.toml from the working directory only).
STREAMLIT_FLAGS = {
    "server.enableStaticServing": "true",  # serves dashboard/static/ (Leaflet) at /app/static/
    "server.fileWatcherType": "none",
    "server.runOnSave": "false",
    "browser.gatherUsageStats": "false",
    # A full garbage collection after every run took about 50 ms with the record, the
    # zones of every day and the geodata in memory, and it holds the interpreter while the
    # day's map waits to be sent: Python's own collector runs as usual without it.
    "runner.postScriptGC": "false",
    "client.toolbarMode": "viewer",
    "theme.base": "light",
    # Streamlit's welcome message looks up this machine's public address on the internet;
    # the dashboard must make no request off the machine, so it prints its own address.
    "logger.hideWelcomeMessage": "true",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the options of ``karabakh-dashboard run``."""
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"port to serve on (default {DEFAULT_PORT})"
    )
    parser.add_argument(
        "--address",
        default=None,
        help="address to listen on (default: all interfaces; 127.0.0.1 for this machine only)",
    )
    parser.add_argument(
        "--events",
        type=Path,
        default=None,
        metavar="FILE",
        help="draw these events (our CSV, ACLED, UCDP GED, GeoJSON) instead of the curated record",
    )
    parser.add_argument("--headless", action="store_true", help="do not open a browser window")


def command(args: argparse.Namespace) -> list[str]:
    """Return the ``streamlit run`` command line for these options."""
    line = [sys.executable, "-m", "streamlit", "run", str(APP), "--server.port", str(args.port)]
    if args.address:
        line += ["--server.address", args.address]
    if args.headless:
        line += ["--server.headless", "true"]
    for name, value in STREAMLIT_FLAGS.items():
        line += [f"--{name}", value]
    if args.events is not None:
        line += ["--", "--events", str(args.events.resolve())]
    return line


def main(args: argparse.Namespace) -> int:
    """Check the options, put Leaflet in place and run Streamlit until it stops."""
    if args.events is not None and not args.events.is_file():
        print(f"error: --events {args.events}: no such file", file=sys.stderr)
        return 2
    if not 1 <= args.port <= 65535:
        print(f"error: --port {args.port}: choose a port from 1 to 65535", file=sys.stderr)
        return 2
    assets.ensure_vendor_assets()
    print(f"Karabakh 2020 dashboard: http://localhost:{args.port}", flush=True)
    return subprocess.call(command(args))
