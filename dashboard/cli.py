"""The ``karabakh-dashboard`` command: run, snapshot, publish, validate, and maintainers' tools."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Each subcommand lives in the module that owns its concern; the module provides
# ``add_arguments(parser)`` and ``main(args) -> int``.
_SUBCOMMANDS = {
    "run": ("dashboard.launch", "start the dashboard in the browser (http://localhost:8501)"),
    "snapshot": (
        "dashboard.export.cli",
        "export the map of a date as png/svg/pdf/html/geojson/csv, or the whole war as gif/mp4",
    ),
    "publish": (
        "dashboard.export.publish_cli",
        "write the interactive map of the whole war as a folder any static web host can serve",
    ),
    "validate": (
        "events.validate_cli",
        "check an event file (ours, ACLED, UCDP GED, GeoJSON) and report every problem",
    ),
    "prepare-static": (
        "dashboard.prepare",
        "write Leaflet and the map layers where the app serves them (container builds)",
    ),
    "build-geodata": (
        "geodata.build",
        "maintainers: rebuild the committed GeoJSON from the registry packages",
    ),
}


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with one subparser per subcommand."""
    parser = argparse.ArgumentParser(
        prog="karabakh-dashboard",
        description="Map dashboard of the 2020 Nagorno-Karabakh war.",
    )
    parser.add_argument(
        "--debug", action="store_true", help="show the full traceback of an unexpected error"
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (module_name, help_text) in _SUBCOMMANDS.items():
        module = importlib.import_module(module_name)
        subparser = subparsers.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(subparser)
        subparser.set_defaults(handler=module.main)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code.

    Expected failures (bad input, unwritable paths) are reported by the subcommands
    themselves; anything unexpected is reported in one line, with ``--debug`` for the
    traceback, so a user never meets a traceback by default.
    """
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if args.debug:
            raise
        print(f"error: {exc}", file=sys.stderr)
        print("(run again with --debug for the full traceback)", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
