"""``karabakh-dashboard run``: start the Streamlit app with offline assets and its settings."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from dashboard.webmap import assets
from events.schema import MAX_UPLOAD_BYTES

APP = Path(__file__).resolve().parent / "app.py"
DEFAULT_PORT = 8501
DEFAULT_ADDRESS = "127.0.0.1"
#: Where the app reads the address readers use (``--public-url``), for the permalinks.
PUBLIC_URL_ENV = "KARABAKH_PUBLIC_URL"

# Settings passed on the command line so they hold whatever folder the command runs from
# (Streamlit reads .streamlit/config.toml from the working directory only).
STREAMLIT_FLAGS = {
    "server.enableStaticServing": "true",  # serves dashboard/static/ (Leaflet) at /app/static/
    # Streamlit's own defaults, stated so that no config file or environment turns them off
    # on a shared host: the WebSocket accepts pages of its own origin only, and uploads need
    # the page's XSRF token.
    "server.enableCORS": "true",
    "server.enableXsrfProtection": "true",
    # The uploader's own limit (events.schema) is the server's: no larger body is accepted.
    "server.maxUploadSize": str(MAX_UPLOAD_BYTES // 2**20),
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
        default=DEFAULT_ADDRESS,
        help=f"address to listen on (default {DEFAULT_ADDRESS}: this machine only); 0.0.0.0 "
        "shares the page, and the uploads it accepts, with every machine that can reach this one",
    )
    parser.add_argument(
        "--public-url",
        default=os.environ.get(PUBLIC_URL_ENV) or None,
        metavar="URL",
        help="the address readers open (e.g. https://maps.example.org/karabakh/), printed at "
        f"start and in the permalinks of exports (default: ${PUBLIC_URL_ENV}, else the address "
        "in the reader's browser)",
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
    """Return the command line of the app's server: ``streamlit run``'s, after preparing.

    :mod:`dashboard.server` loads what every session needs before it serves the page, then
    runs ``streamlit run`` with these arguments in the same process.
    """
    line = [sys.executable, "-m", "dashboard.server", str(APP), "--server.port", str(args.port)]
    line += ["--server.address", args.address]
    if args.headless:
        line += ["--server.headless", "true"]
    for name, value in STREAMLIT_FLAGS.items():
        line += [f"--{name}", value]
    if args.events is not None:
        line += ["--", "--events", str(args.events.resolve())]
    return line


def public_url() -> str | None:
    """Return the address readers open, as set with ``--public-url``; None when not set.

    The app runs in a process of its own, so the launcher hands the setting over in the
    environment (``KARABAKH_PUBLIC_URL``), where a container host can set it directly.
    """
    return os.environ.get(PUBLIC_URL_ENV) or None


def main(args: argparse.Namespace) -> int:
    """Check the options, put Leaflet in place and run Streamlit until it stops."""
    if args.events is not None and not args.events.is_file():
        print(f"error: --events {args.events}: no such file", file=sys.stderr)
        return 2
    if not 1 <= args.port <= 65535:
        print(f"error: --port {args.port}: choose a port from 1 to 65535", file=sys.stderr)
        return 2
    if args.public_url is not None:
        parts = urlsplit(args.public_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            print(
                f"error: --public-url {args.public_url}: give a full address such as "
                "https://maps.example.org/karabakh/",
                file=sys.stderr,
            )
            return 2
        os.environ[PUBLIC_URL_ENV] = args.public_url
    assets.ensure_vendor_assets()
    print(f"Karabakh 2020 dashboard: {_shown_url(args)}", flush=True)
    return subprocess.call(command(args))


def _shown_url(args: argparse.Namespace) -> str:
    if args.public_url:
        return f"{args.public_url} (listening on {args.address}:{args.port})"
    if args.address in ("0.0.0.0", "::"):
        return f"http://localhost:{args.port} (and this machine's address on every network)"
    host = f"[{args.address}]" if ":" in args.address else args.address
    return f"http://{'localhost' if host == DEFAULT_ADDRESS else host}:{args.port}"
