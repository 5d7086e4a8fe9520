"""The whole timeline as an animation, one frame per day: gif through Pillow, mp4 through ffmpeg."""

from __future__ import annotations

import dataclasses
import io
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import geopandas as gpd
import numpy as np
from PIL import Image

from dashboard.export.formats import ANIMATION_FORMATS, FormatName
from dashboard.export.frame import Frame, SnapshotError
from dashboard.export.image import renderer_for
from dashboard.state import ViewState
from dashboard.style import CONTROLLER_COLOURS, KIND_COLOURS
from dashboard.timeline import timeline_days

#: Animations are drawn smaller than stills by default: 45 to 66 frames add up.
DEFAULT_ANIMATION_FRAME = Frame(width=1200, height=825, dpi=110)
MIN_FPS = 0.2
MAX_FPS = 30.0
# Frames sampled (every n-th) to choose the shared GIF palette.
_PALETTE_SAMPLE_STEP = 6
# Work folders of MP4 exports: the prefix, then the id of the process that made one.
_MP4_PREFIX = "karabakh-mp4-"


def iter_frames(
    state: ViewState,
    events: gpd.GeoDataFrame,
    frame: Frame | None = None,
    progress: Callable[[float, str], None] | None = None,
) -> Iterator[np.ndarray]:
    """Yield one RGB frame (``height x width x 3`` uint8) per day of the timeline.

    The figure and its static layers are drawn once and reused; each frame redraws only
    what changes with the date (control zones, dated layers, events, texts).
    """
    days = timeline_days(state.extended)
    renderer = renderer_for(frame or DEFAULT_ANIMATION_FRAME, tuple(state.layers))
    with renderer.lock:
        for index, day in enumerate(days):
            renderer.draw(dataclasses.replace(state, date=day), events)
            if progress is not None:
                progress(index / len(days), f"frame {index + 1} of {len(days)}: {day:%d %b %Y}")
            yield renderer.rgb()
    if progress is not None:
        progress(1.0, f"{len(days)} frames drawn")


def render_animation(
    state: ViewState,
    events: gpd.GeoDataFrame,
    fmt: FormatName,
    *,
    frame: Frame | None = None,
    fps: float = 2.0,
    progress: Callable[[float, str], None] | None = None,
) -> bytes:
    """Return the timeline as a ``gif`` or ``mp4`` file's bytes, one frame per day.

    Parameters
    ----------
    state : ViewState
        Mode, filters and layers; the date is replaced by each day of the timeline, which
        ends on 10 November 2020, or on 1 December 2020 if ``state.extended``.
    events : GeoDataFrame
        The event record.
    fmt : str
        ``"gif"`` or ``"mp4"``.
    frame : Frame, optional
        Size and resolution (default 1200 x 825 pixels at 110 dpi).
    fps : float
        Frames (days) per second, 0.2 to 30.
    progress : callable, optional
        Called as ``progress(fraction_done, message)`` after each frame.

    Returns
    -------
    bytes
        The encoded animation.
    """
    if fmt not in ANIMATION_FORMATS:
        raise SnapshotError(f"cannot animate as {fmt!r}: choose gif or mp4")
    if not MIN_FPS <= fps <= MAX_FPS:
        raise SnapshotError(f"--fps {fps:g} is out of range: give {MIN_FPS:g} to {MAX_FPS:g}")
    frames = iter_frames(state, events, frame, progress)
    if fmt == "gif":
        return _encode_gif(list(frames), fps)
    return _encode_mp4(frames, fps)


def _encode_gif(frames: list[np.ndarray], fps: float) -> bytes:
    palette = _shared_palette(frames)
    images = [
        Image.fromarray(frame).quantize(palette=palette, dither=Image.Dither.NONE)
        for frame in frames
    ]
    buffer = io.BytesIO()
    images[0].save(
        buffer,
        format="GIF",
        save_all=True,
        append_images=images[1:],
        duration=round(1000 / fps),
        loop=0,
    )
    return buffer.getvalue()


def _shared_palette(frames: list[np.ndarray]) -> Image.Image:
    """Choose one 256-colour palette for every frame.

    One palette keeps the colours of a zone or a kind identical from frame to frame (no
    flicker); the style colours are added as swatches so they are always in it exactly.
    """
    swatch_colours = [*KIND_COLOURS.values(), *CONTROLLER_COLOURS.values()]
    swatches = np.array(
        [[int(colour[i : i + 2], 16) for i in (1, 3, 5)] for colour in swatch_colours],
        dtype=np.uint8,
    )
    sample = np.concatenate(
        [frame[::2, ::2].reshape(-1, 3) for frame in frames[::_PALETTE_SAMPLE_STEP]]
        + [np.repeat(swatches, 4000, axis=0)]
    )
    width = 1024
    rows = len(sample) // width
    mosaic = sample[: rows * width].reshape(rows, width, 3)
    return Image.fromarray(mosaic).quantize(colors=256, method=Image.Quantize.MEDIANCUT)


def _remove_stale_folders() -> None:
    """Remove the work folders of MP4 exports whose process is gone (killed mid-way).

    A folder is named after the process that made it; one whose process no longer runs is
    left over from an export that was killed before it could clean up.
    """
    for folder in Path(tempfile.gettempdir()).glob(f"{_MP4_PREFIX}*-*"):
        pid = folder.name.removeprefix(_MP4_PREFIX).split("-", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _encode_mp4(frames: Iterator[np.ndarray], fps: float) -> bytes:
    try:
        import imageio_ffmpeg
    except ImportError as error:
        raise SnapshotError(
            "mp4 needs the imageio-ffmpeg package: install it with "
            "`.venv/bin/pip install imageio-ffmpeg`, or export a .gif"
        ) from error
    _remove_stale_folders()
    with tempfile.TemporaryDirectory(prefix=f"{_MP4_PREFIX}{os.getpid()}-") as folder:
        path = Path(folder) / "timeline.mp4"
        writer = None
        for frame in frames:
            # H.264 in yuv420p needs even dimensions: pad by one white row or column.
            height, width = frame.shape[0] + frame.shape[0] % 2, frame.shape[1] + frame.shape[1] % 2
            if (height, width) != frame.shape[:2]:
                padded = np.full((height, width, 3), 255, dtype=np.uint8)
                padded[: frame.shape[0], : frame.shape[1]] = frame
                frame = padded
            if writer is None:
                writer = imageio_ffmpeg.write_frames(
                    str(path),
                    (width, height),
                    fps=fps,
                    codec="libx264",
                    pix_fmt_out="yuv420p",
                    macro_block_size=1,
                    quality=7,
                    ffmpeg_log_level="error",
                )
                writer.send(None)
            writer.send(np.ascontiguousarray(frame))
        if writer is not None:
            writer.close()
        return path.read_bytes()
