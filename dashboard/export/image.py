"""A view as PNG, SVG or PDF bytes, drawn by a renderer cached per size, extent and layers."""

from __future__ import annotations

import io
from functools import lru_cache

import geopandas as gpd
from PIL import Image
from PIL.PngImagePlugin import PngInfo

from dashboard.export.figure import SnapshotRenderer
from dashboard.export.formats import IMAGE_FORMATS, FormatName
from dashboard.export.frame import Frame, SnapshotError
from dashboard.state import ViewState


@lru_cache(maxsize=4)
def renderer_for(frame: Frame, layers: tuple[str, ...]) -> SnapshotRenderer:
    """Return a cached renderer for this size, extent and set of layers.

    Reusing it makes a second snapshot of the same view fast (the static layers are
    already drawn). Use it under ``renderer.lock``: a figure is not safe to draw from two
    threads at once, and Streamlit serves sessions in threads.
    """
    return SnapshotRenderer(frame, layers)


def render_image(
    state: ViewState,
    events: gpd.GeoDataFrame,
    fmt: FormatName,
    frame: Frame | None = None,
) -> bytes:
    """Return the snapshot of ``state`` as png, svg or pdf bytes.

    Parameters
    ----------
    state : ViewState
        Date, mode, filters and layers to draw.
    events : GeoDataFrame
        The event record (``events.load_events()``).
    fmt : str
        ``"png"``, ``"svg"`` or ``"pdf"``.
    frame : Frame, optional
        Size, resolution, extent and permalink base (defaults: 1600 x 1100 at 150 dpi).

    Returns
    -------
    bytes
        The encoded image.
    """
    if fmt not in IMAGE_FORMATS:
        raise SnapshotError(
            f"cannot draw a {fmt!r} image: choose one of {', '.join(IMAGE_FORMATS)}"
        )
    renderer = renderer_for(frame or Frame(), tuple(state.layers))
    buffer = io.BytesIO()
    with renderer.lock:
        renderer.draw(state, events)
        if fmt == "png" and renderer.warm:
            # The raster path of the animation frames: the boundaries and labels are not
            # drawn again for every snapshot (a test checks it matches a full render).
            # A figure's first PNG is drawn in full: one draw instead of the two that
            # building the raster layers takes, which only repeated snapshots repay.
            image = Image.fromarray(renderer.rgb())
            dpi = (renderer.frame.dpi, renderer.frame.dpi)
            info = PngInfo()
            info.add_text("Software", "karabakh-dashboard")
            image.save(buffer, format="PNG", dpi=dpi, pnginfo=info, compress_level=4)
        else:
            renderer.save(buffer, fmt)
        renderer.warm = True
    return buffer.getvalue()
