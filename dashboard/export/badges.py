"""Places with several events in the images: a count badge each, and a note of events outside.

The badges group events by the live map's place keys (:mod:`dashboard.stacks`), so an
image counts what the map counts.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection
from matplotlib.font_manager import FontProperties
from matplotlib.patches import BoxStyle
from matplotlib.path import Path as MplPath
from matplotlib.textpath import TextPath
from matplotlib.transforms import Affine2D

from dashboard import stacks
from dashboard.export.artists import View, draw_order, pt

# The badge of a place with several events: a count, white on dark, as on the live map.
BADGE_DARK = "#1d1d1d"
BADGE_FONT_PT = 6
_BADGE_FONT = FontProperties(weight="bold")
_BADGE_PAD_PT = 1.4
_BADGE_GAP_PT = pt(5)  # 5 CSS pixels, as the live map sets it off
# Places listed by name in the note of events outside the map; the rest are counted.
_OFFMAP_ROWS = 6


def stack_badges(
    xs: np.ndarray, ys: np.ndarray, places: np.ndarray, kinds: np.ndarray, age_days: np.ndarray
) -> pd.DataFrame:
    """Return the badge of every place that holds several events: where, and how many.

    Parameters
    ----------
    xs, ys : numpy.ndarray
        Positions of the events (the map's coordinates).
    places : numpy.ndarray of str
        Place key of each event (:func:`dashboard.stacks.place_keys`).
    kinds, age_days : numpy.ndarray
        Kind and age of each event: the badge sits by the marker drawn on top.

    Returns
    -------
    pandas.DataFrame
        One row per stacked place, indexed by place key, largest first: ``x``, ``y`` (the
        top marker's position) and ``events`` (how many).
    """
    # The last drawn of a place's events is the first of the reversed drawing order.
    drawn_last = draw_order(kinds, age_days)[::-1]
    keys, first, counts = stacks.group_places(places[drawn_last])
    stacked = counts > 1
    top = drawn_last[first[stacked]]
    return pd.DataFrame(
        {"x": xs[top], "y": ys[top], "events": counts[stacked]},
        index=pd.Index(keys[stacked], name="place"),
    )


def draw_stack_badges(ax: Axes, badges: pd.DataFrame) -> list[object]:
    """Draw each badge's count beside its marker, white on dark as on the live map.

    Up and to the left of the marker: the place's name sits up and to the right. The
    badges are two collections of paths (the boxes, the digits), not a text per badge:
    an animation draws them on every frame, and text is the slowest thing to draw.
    """
    if badges.empty:
        return []
    shapes = [_badge_paths(str(int(count))) for count in badges["events"]]
    points = Affine2D().scale(1 / 72) + ax.figure.dpi_scale_trans  # sizes in points
    offsets = badges[["x", "y"]].to_numpy()
    drawn = []
    for index, (face, edge, width) in enumerate(
        ((BADGE_DARK, "white", 0.8), ("white", "none", 0.0))
    ):
        collection = PathCollection(
            [shape[index] for shape in shapes],
            offsets=offsets,
            offset_transform=ax.transData,
            facecolors=face,
            edgecolors=edge,
            linewidths=width,
            zorder=8.5 + 0.1 * index,
        )
        collection.set_transform(points)
        drawn.append(ax.add_collection(collection, autolim=False))
    return drawn


@functools.cache
def _badge_paths(label: str) -> tuple[MplPath, MplPath]:
    """Return a badge's box and digits as paths in points from its marker's centre."""
    digits = TextPath((0, 0), label, size=BADGE_FONT_PT, prop=_BADGE_FONT)
    extents = digits.get_extents()
    width = extents.width + 2 * _BADGE_PAD_PT
    height = extents.height + 2 * _BADGE_PAD_PT
    right, bottom = -_BADGE_GAP_PT, _BADGE_GAP_PT
    box = BoxStyle.Round(pad=0, rounding_size=height / 3)(right - width, bottom, width, height, 1)
    centre = Affine2D().translate(
        right - width / 2 - (extents.x0 + extents.width / 2),
        bottom + height / 2 - (extents.y0 + extents.height / 2),
    )
    return box, digits.transformed(centre)


def offmap_note(
    xs: np.ndarray, ys: np.ndarray, places: np.ndarray, names: np.ndarray, view: View
) -> str:
    """Return the note listing the events outside ``view``, by place, each with an arrow.

    The arrow points from the centre of the map towards the place, as the live map's
    off-map list does. Empty when every event lies inside the view.
    """
    x0, y0, x1, y1 = view
    outside = (xs < x0) | (xs > x1) | (ys < y0) | (ys > y1)
    if not outside.any():
        return ""
    keys, first, counts = stacks.group_places(places[outside])
    xs, ys, names = xs[outside][first], ys[outside][first], names[outside][first]
    centre_x, centre_y = (x0 + x1) / 2, (y0 + y1) / 2
    total = int(counts.sum())
    lines = [f"{total} event{'s' if total != 1 else ''} outside the map"]
    for row, key in enumerate(keys):
        if row == _OFFMAP_ROWS:
            rest = len(keys) - _OFFMAP_ROWS
            lines.append(f"and {rest} more place{'s' if rest != 1 else ''}")
            break
        arrow = stacks.direction_arrow(xs[row] - centre_x, ys[row] - centre_y)
        lines.append(f"{arrow} {names[row] or key} · {counts[row]}")
    return "\n".join(lines)


def draw_offmap_note(ax: Axes, note: str) -> list[object]:
    """Write the note of events outside the map in its upper right corner, on a pale box."""
    if not note:
        return []
    return [
        ax.text(
            0.99,
            0.99,
            note,
            transform=ax.transAxes,
            ha="right",
            va="top",
            multialignment="left",
            fontsize=6,
            color="#222222",
            linespacing=1.35,
            zorder=9,
            parse_math=False,
            bbox={"boxstyle": "round,pad=0.35", "fc": "white", "ec": "#888888", "lw": 0.5},
        )
    ]
