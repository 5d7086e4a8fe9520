"""The ``karabakh-dashboard validate FILE`` subcommand: report on an event file."""

from __future__ import annotations

import argparse
import sys

from events.schema import FORMATS


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the validate subcommand's arguments to ``parser``."""
    parser.add_argument(
        "file",
        metavar="FILE",
        help="event file: our CSV, ACLED, UCDP GED, GeoJSON, TimeMap JSON, or a table with"
        " date and coordinates",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="read the file as this format instead of detecting it",
    )
    parser.add_argument(
        "--max-problems",
        type=int,
        default=None,
        metavar="N",
        help="list only the first N problems (default: all)",
    )


def main(args: argparse.Namespace) -> int:
    """Print the report of ``args.file``; return 0 if it has no problem, 1 otherwise."""
    from events.validate import validate_file

    report = validate_file(args.file, args.format)
    stream = sys.stdout if report.ok else sys.stderr
    print(report.format_text(limit=args.max_problems), file=stream)
    return 0 if report.ok else 1
