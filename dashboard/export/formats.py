"""The one table of export formats: extension, media type, label, kind and what it holds."""

from __future__ import annotations

import dataclasses
from typing import Literal

FormatName = Literal["png", "svg", "pdf", "html", "geojson", "csv", "gif", "mp4"]
Kind = Literal["image", "map", "data", "animation"]


class ExportError(ValueError):
    """Raised when an export cannot be made as asked; the message says what to change."""


@dataclasses.dataclass(frozen=True)
class Format:
    """One export format.

    Parameters
    ----------
    name : str
        The file extension (without the dot).
    media_type : str
        The MIME type a download is served with.
    label : str
        The download button's label.
    kind : {"image", "map", "data", "animation"}
        What draws it: matplotlib (``image``, ``animation``), folium (``map``) or no
        renderer (``data``).
    help : str
        What the file holds, for the download button's tooltip.
    """

    name: FormatName
    media_type: str
    label: str
    kind: Kind
    help: str = ""


FORMATS: dict[str, Format] = {
    fmt.name: fmt
    for fmt in (
        Format(
            "png",
            "image/png",
            "PNG image",
            "image",
            "The map of this view as an image, with legend, scale bar, sources and permalink.",
        ),
        Format(
            "svg",
            "image/svg+xml",
            "SVG image",
            "image",
            "The same map as a vector image, for print and editing.",
        ),
        Format("pdf", "application/pdf", "PDF", "image", "The same map as a PDF page."),
        Format(
            "html",
            "text/html",
            "Interactive map (HTML)",
            "map",
            "A standalone interactive map of this view that opens without internet.",
        ),
        Format(
            "geojson",
            "application/geo+json",
            "GeoJSON data",
            "data",
            "The events shown and the control zones of the day, with all fields and sources.",
        ),
        Format(
            "csv",
            "text/csv",
            "CSV data",
            "data",
            "The events shown and the control zones of the day as one table (geometry as WKT).",
        ),
        Format("gif", "image/gif", "GIF", "animation"),
        Format("mp4", "video/mp4", "MP4 video", "animation"),
    )
}

#: Static images drawn with matplotlib.
IMAGE_FORMATS = tuple(name for name, fmt in FORMATS.items() if fmt.kind == "image")
#: The whole timeline, one frame a day.
ANIMATION_FORMATS = tuple(name for name, fmt in FORMATS.items() if fmt.kind == "animation")
#: One day's view: every format but the animations.
STILL_FORMATS = tuple(name for name, fmt in FORMATS.items() if fmt.kind != "animation")
