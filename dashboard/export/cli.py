"""The ``karabakh-dashboard snapshot`` subcommand: export a date, or the whole war, to a file."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from dashboard.launch import public_url
from dashboard.state import LAYERS, MODES, WINDOW_DAYS_MAX, MapView, ViewState
from dashboard.timeline import AFTERMATH_END, CEASEFIRE_IN_FORCE, WAR_START
from dashboard.urlstate import choose_known, split_names
from dashboard.webmap.build import MAP_CENTER, MAP_ZOOM, MAX_ZOOM, MIN_ZOOM
from events import KINDS, STATUSES

if TYPE_CHECKING:
    import pandas as pd

_BAR_WIDTH = 30
_MAX_LATITUDE = 90.0
_MAX_LONGITUDE = 180.0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``karabakh-dashboard snapshot``."""
    parser.add_argument(
        "--out",
        required=True,
        type=Path,
        help="output file; its extension picks the format: png, svg, pdf, html, geojson, csv, "
        "or gif/mp4 for the whole timeline",
    )
    parser.add_argument(
        "--date",
        help="the day to show, YYYY-MM-DD, 2020-09-26 to 2020-12-01 (required except for "
        "gif/mp4, which show every day, and html, which holds every day and opens on this one)",
    )
    add_view_arguments(parser)
    parser.add_argument(
        "--bbox", help="extent to show: min_lon,min_lat,max_lon,max_lat (e.g. 46.0,39.3,47.3,40.2)"
    )
    parser.add_argument("--width", type=int, help="image width in pixels")
    parser.add_argument("--height", type=int, help="image height in pixels")
    parser.add_argument("--dpi", type=int, help="dots per inch (text and lines scale with it)")
    parser.add_argument("--fps", type=float, default=2.0, help="animation frames per second")
    parser.add_argument(
        "--base-url",
        default=public_url() or "http://localhost:8501/",
        help="dashboard address for the permalink printed on images (default: "
        "$KARABAKH_PUBLIC_URL, else http://localhost:8501/)",
    )


def add_view_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options that choose a view: mode, filters, layers, events, map view."""
    parser.add_argument("--mode", choices=MODES, default="day", help="which events (default: day)")
    parser.add_argument(
        "--window", type=int, default=7, help=f"days in --mode window (1 to {WINDOW_DAYS_MAX})"
    )
    parser.add_argument("--kinds", help=f"comma-separated event kinds ({','.join(KINDS)})")
    parser.add_argument("--statuses", help=f"comma-separated statuses ({','.join(STATUSES)})")
    parser.add_argument("--actors", help="comma-separated actors, e.g. Azerbaijan,Russia")
    parser.add_argument("--query", default="", help="free-text search in title and description")
    parser.add_argument("--layers", help=f"comma-separated layers ({','.join(LAYERS)})")
    parser.add_argument(
        "--events", type=Path, help="event file to show instead of the curated record"
    )
    parser.add_argument(
        "--format",
        dest="events_format",
        help="format of --events when it cannot be detected (ours, acled, ucdp, geojson)",
    )
    parser.add_argument(
        "--extended",
        action="store_true",
        help="run the timeline on to 1 December 2020 (the handovers)",
    )
    parser.add_argument("--zoom", type=int, help="zoom level an interactive map opens at (6-14)")
    parser.add_argument(
        "--center", help="centre an interactive map opens on: lat,lon (e.g. 39.76,46.75)"
    )


def view_from_args(args: argparse.Namespace, events: pd.DataFrame) -> ViewState:
    """Return the view the options describe; raise ValueError naming a bad option."""
    day = _parse_day(args.date, events) if args.date else WAR_START
    return ViewState(
        date=day,
        mode=args.mode,
        window_days=_check_window(args.window),
        kinds=_choose(args.kinds, KINDS, "--kinds"),
        statuses=_choose(args.statuses, STATUSES, "--statuses"),
        actors=tuple(split_names(args.actors)) if args.actors else (),
        query=args.query,
        layers=_choose(args.layers, LAYERS, "--layers"),
        extended=args.extended or day > CEASEFIRE_IN_FORCE,
        map_view=_map_view(args),
    )


def _map_view(args: argparse.Namespace) -> MapView | None:
    """Return the zoom and centre an interactive map opens on, or None for the whole region."""
    if args.zoom is None and args.center is None:
        return None
    zoom = MAP_ZOOM if args.zoom is None else args.zoom
    if not MIN_ZOOM <= zoom <= MAX_ZOOM:
        raise _UsageError(f"--zoom {zoom} is out of range: give {MIN_ZOOM} to {MAX_ZOOM}")
    lat, lon = MAP_CENTER
    if args.center is not None:
        try:
            lat, lon = (float(part) for part in args.center.split(","))
        except ValueError:
            raise _UsageError(
                f"--center {args.center!r} is not two numbers: write lat,lon"
            ) from None
        if abs(lat) > _MAX_LATITUDE or abs(lon) > _MAX_LONGITUDE:
            raise _UsageError(f"--center {args.center!r} is not a place on Earth")
    return MapView(zoom=zoom, lat=lat, lon=lon)


def load_events_option(path: Path | None, events_format: str | None) -> pd.DataFrame:
    """Load ``--events`` (or the curated record); raise ValueError naming a missing file."""
    return _load_events(path, events_format)


def main(args: argparse.Namespace) -> int:
    """Run the export described by ``args``; return 0, or 2 after explaining a bad input."""
    try:
        return _run(args)
    except (ValueError, OSError) as error:
        # Bad options, events.EventDataError (file:row:column lines), the date range of
        # geodata.control_at and unwritable paths: each message says what to change.
        print(f"snapshot: error: {error}", file=sys.stderr)
        return 2


class _UsageError(ValueError):
    """An option value that cannot be used; the message names the option."""


def _run(args: argparse.Namespace) -> int:
    from dashboard.export.animation import DEFAULT_ANIMATION_FRAME
    from dashboard.export.files import check_writable, format_of
    from dashboard.export.formats import ANIMATION_FORMATS
    from dashboard.export.frame import Frame, check_bbox
    from dashboard.export.render import export_view

    fmt = format_of(args.out)
    check_writable(args.out)
    animated = fmt in ANIMATION_FORMATS
    if animated and args.date:
        raise _UsageError(
            f"--out {args.out} is an animation of the whole timeline: leave out --date, or "
            "export one day as .png/.svg/.pdf/.html"
        )
    if not animated and not args.date and fmt != "html":
        raise _UsageError(f"--date is required for .{fmt}: give a day such as 2020-11-08")
    events = _load_events(args.events, args.events_format)
    state = view_from_args(args, events)
    default = DEFAULT_ANIMATION_FRAME if animated else Frame()
    bbox = check_bbox(_parse_bbox(args.bbox)) if args.bbox else default.bbox
    frame = dataclasses.replace(
        default,
        width=args.width or default.width,
        height=args.height or default.height,
        dpi=args.dpi or default.dpi,
        bbox=bbox,
        base_url=args.base_url,
    )
    started = time.perf_counter()
    progress = _ProgressBar() if animated else None
    path = export_view(state, events, args.out, frame=frame, fps=args.fps, progress=progress)
    if progress is not None:
        progress.finish()
    size_kb = path.stat().st_size / 1024
    print(f"wrote {path} ({size_kb:,.0f} KB) in {time.perf_counter() - started:.1f} s")
    return 0


def _parse_day(text: str, events: pd.DataFrame) -> dt.date:
    """Parse ``--date``: a day of the war's timeline, or of the event file's own dates."""
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise _UsageError(f"--date {text!r} is not a date: write it as YYYY-MM-DD") from None
    first, last = WAR_START - dt.timedelta(days=1), AFTERMATH_END
    if len(events):
        first = min(first, events["date"].min().date())
        last = max(last, events["date"].max().date())
    if not first <= day <= last:
        raise _UsageError(
            f"--date {text} is outside the data's range: give a day from {first:%Y-%m-%d} "
            f"to {last:%Y-%m-%d}"
        )
    return day


def _check_window(days: int) -> int:
    if not 1 <= days <= WINDOW_DAYS_MAX:
        raise _UsageError(f"--window {days} is out of range: give 1 to {WINDOW_DAYS_MAX} days")
    return days


def _choose(text: str | None, allowed: tuple[str, ...], option: str) -> tuple[str, ...]:
    if text is None:
        return allowed
    chosen, unknown = choose_known(text, allowed)
    if unknown:
        raise _UsageError(
            f"{option}: unknown {', '.join(map(repr, unknown))}; valid values are "
            f"{', '.join(allowed)}"
        )
    return chosen


def _parse_bbox(text: str) -> tuple[float, ...]:
    try:
        return tuple(float(part) for part in text.split(","))
    except ValueError:
        raise _UsageError(
            f"--bbox {text!r} is not four numbers: write min_lon,min_lat,max_lon,max_lat"
        ) from None


def _load_events(path: Path | None, events_format: str | None) -> pd.DataFrame:
    import events

    if path is None:
        return events.load_events()
    if not path.is_file():
        raise _UsageError(f"--events {path}: no such file")
    loaded, report = events.read_events(path, format=events_format)
    if not report.usable:
        raise report.error(limit=20)
    if report.rows_rejected:
        # the image shows fewer events than the file has: say so, as the page does
        print(f"snapshot: {report.outcome()}", file=sys.stderr)
    return loaded


class _ProgressBar:
    """A one-line text progress bar on standard error (the output file is on stdout's line)."""

    def __init__(self) -> None:
        self.interactive = sys.stderr.isatty()
        self.last_printed = -1

    def __call__(self, fraction: float, message: str) -> None:
        filled = round(fraction * _BAR_WIDTH)
        line = f"[{'#' * filled}{'.' * (_BAR_WIDTH - filled)}] {fraction:4.0%} {message}"
        if self.interactive:
            print(f"\r{line:<80}", end="", file=sys.stderr, flush=True)
        elif int(fraction * 10) != self.last_printed:
            # Not a terminal (a log file, CI): one line per tenth, not one per frame.
            self.last_printed = int(fraction * 10)
            print(line, file=sys.stderr, flush=True)

    def finish(self) -> None:
        if self.interactive:
            print(file=sys.stderr)
