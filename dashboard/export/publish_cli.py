"""The ``karabakh-dashboard publish`` subcommand: the interactive map as a folder to serve."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from dashboard.export import cli as snapshot_cli


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``karabakh-dashboard publish``."""
    parser.add_argument(
        "--out",
        required=True,
        type=Path,
        help="folder to write (replaced if it exists): index.html and its data files",
    )
    parser.add_argument(
        "--date", help="the day the map opens on, YYYY-MM-DD (default: 27 September 2020)"
    )
    parser.add_argument(
        "--public-url",
        help="address the folder will be served from, to print the <iframe> that embeds it",
    )
    snapshot_cli.add_view_arguments(parser)


def main(args: argparse.Namespace) -> int:
    """Write the folder; return 0, or 2 after explaining a bad input."""
    from dashboard.export.interactive import embed_snippet, publish

    started = time.perf_counter()
    try:
        events = snapshot_cli.load_events_option(args.events, args.events_format)
        state = snapshot_cli.view_from_args(args, events)
        folder = publish(args.out, state, events)
    except (ValueError, OSError) as error:
        print(f"publish: error: {error}", file=sys.stderr)
        return 2
    size_kb = sum(path.stat().st_size for path in folder.rglob("*") if path.is_file()) / 1024
    print(f"wrote {folder} ({size_kb:,.0f} KB) in {time.perf_counter() - started:.1f} s")
    print("Serve it from any static web host; to embed it in a page:")
    print(embed_snippet(args.public_url or "https://example.org/karabakh-map", state))
    return 0
