"""Events that share a place: the live map's grouping rule, for every map that draws events.

The browser's time engine (``dashboard/webmap/time_engine.js``, ``_placeKey``) puts events
whose positions agree to three decimals of a degree (about 100 m) in one place, drawn with
a count badge and listed on a click. The images group events by the same keys, computed
here from the same rounded positions, so that a badge says the same count on every map.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

#: Decimals of the positions the browser receives (``dashboard/webmap/timedata.py``).
COORD_DECIMALS = 5
#: Decimals that make a place: events closer than about 100 m share one.
PLACE_DECIMALS = 3
_QUANTUM = Decimal(1).scaleb(-PLACE_DECIMALS)
# The arrows of the eight directions, counter-clockwise from east, as the angle runs.
_ARROWS = ("→", "↗", "↑", "↖", "←", "↙", "↓", "↘")


def place_keys(lat: ArrayLike, lon: ArrayLike) -> np.ndarray:
    """Return each position's place key, ``"39.815,46.752"``, as the time engine writes it.

    The positions are first rounded as the browser receives them (five decimals), then
    written with JavaScript's ``toFixed(3)``: the exact decimal value of the double, ties
    away from zero. Python's own formatting rounds ties to even ("0.0625" gives "0.062"
    where JavaScript gives "0.063"), so it is not used.

    Parameters
    ----------
    lat, lon : array-like of float
        Positions in degrees.

    Returns
    -------
    numpy.ndarray of str
        One key per position.
    """
    lats = np.round(np.asarray(lat, dtype=float), COORD_DECIMALS)
    lons = np.round(np.asarray(lon, dtype=float), COORD_DECIMALS)
    return np.array(
        [f"{_to_fixed(y)},{_to_fixed(x)}" for y, x in zip(lats, lons, strict=True)], dtype=object
    )


def _to_fixed(value: float) -> str:
    """Return ``value.toFixed(PLACE_DECIMALS)`` as JavaScript writes it."""
    text = str(Decimal(value).quantize(_QUANTUM, rounding=ROUND_HALF_UP))
    # JavaScript writes -0 (and anything that rounds to it from -0.0) without a sign.
    return text.removeprefix("-") if value == 0 else text


def place_counts(keys: ArrayLike) -> pd.Series:
    """Return how many events each place holds, by key, largest first."""
    unique, _, counts = group_places(keys)
    return pd.Series(counts, index=pd.Index(unique, name="place"), name="events")


def group_places(keys: ArrayLike) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return each place's key, the index of its first event and its count, largest first.

    Ties keep the order of the places' first events. Numpy rather than pandas: the images
    group the events of every frame of an animation.
    """
    keys = np.asarray(keys, dtype=object)
    if not len(keys):
        return keys, np.array([], dtype=int), np.array([], dtype=int)
    unique, first, counts = np.unique(keys.astype(str), return_index=True, return_counts=True)
    order = np.lexsort((first, -counts))
    return unique[order].astype(object), first[order], counts[order]


def direction_arrow(dx: float, dy: float) -> str:
    """Return the arrow of the eight that points nearest to ``(dx, dy)`` (y up, north)."""
    sector = round(math.atan2(dy, dx) / (math.pi / 4)) % len(_ARROWS)
    return _ARROWS[sector]
