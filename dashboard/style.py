"""The one style of every renderer: colours, labels, layer order, marker and zone styles.

The web map (Leaflet), the page's legend and the images (matplotlib) all draw from here, so
an event or a zone looks the same everywhere. Sizes are CSS pixels, as Leaflet uses them;
the images convert them to points.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypedDict

import numpy as np

from geodata import LAYER_ORDER


class PathStyle(TypedDict, total=False):
    """Path options of a line or an area, with folium's snake_case names of Leaflet's options."""

    color: str
    weight: float
    fill_color: str
    fill_opacity: float
    dash_array: str | None
    opacity: float
    radius: float


class StatusStyle(TypedDict):
    """How sure the record is, drawn as a marker's outline and fill."""

    label: str
    dash_array: str | None
    fill_opacity: float
    weight: float


#: Layers bottom to top, as both maps stack them (see ``geodata.LAYER_ORDER``).
__all__ = ["LAYER_ORDER"]

# Okabe & Ito (2008), "Color Universal Design": eight colours that stay distinct for the
# common forms of colour blindness. One colour per event kind, in the order of events.KINDS.
# "other" takes the neutral grey of Paul Tol's "bright" scheme: a kind nobody stated must
# not look like one that was. It is lighter than UNKNOWN_COLOUR and, in CIELAB, at least
# 14 apart from every other kind under simulated deuteranopia, protanopia and tritanopia
# and 10 from the zones' fills; its dark rim keeps 8:1 contrast like the other markers.
KIND_COLOURS: dict[str, str] = {
    "fighting": "#D55E00",  # vermillion
    "capture": "#000000",  # black
    "strike": "#CC79A7",  # reddish purple
    "ceasefire": "#009E73",  # bluish green
    "diplomacy": "#0072B2",  # blue
    "political": "#E69F00",  # orange
    "humanitarian": "#56B4E9",  # sky blue
    "peacekeeping": "#F0E442",  # yellow
    "other": "#BBBBBB",  # light grey
}

KIND_LABELS: dict[str, str] = {
    "fighting": "Fighting",
    "capture": "Capture of a place",
    "strike": "Strike (missile, drone, shelling)",
    "ceasefire": "Ceasefire",
    "diplomacy": "Diplomacy",
    "political": "Political",
    "humanitarian": "Humanitarian",
    "peacekeeping": "Peacekeeping",
    "other": "Other or not stated",
}

# How sure the record is, drawn as the marker's outline and fill: a solid marker is
# confirmed, a dashed one is a claim, a dotted pale one is disputed.
STATUS_STYLES: dict[str, StatusStyle] = {
    "confirmed": {"label": "Confirmed", "dash_array": None, "fill_opacity": 0.9, "weight": 1.5},
    "claimed": {"label": "Claimed", "dash_array": "5 3", "fill_opacity": 0.55, "weight": 2.0},
    "disputed": {"label": "Disputed", "dash_array": "2 3", "fill_opacity": 0.3, "weight": 2.0},
}

# Paul Tol's "vibrant" orange and blue: distinct from each other for colour-blind readers
# and free of national-flag connotations.
CONTROLLER_COLOURS: dict[str, str] = {
    "armenian": "#EE7733",
    "azerbaijani": "#0077BB",
}

CONTROLLER_LABELS: dict[str, str] = {
    "armenian": "Held by Armenian forces",
    "azerbaijani": "Held by Azerbaijani forces",
}

# Leaflet path options per geodata layer (folium's snake_case keys).
LAYER_STYLES: dict[str, PathStyle] = {
    "countries": {"color": "#6b6b6b", "weight": 1.2, "fill_color": "#f4f1ea", "fill_opacity": 1.0},
    "districts": {"color": "#a8a29a", "weight": 0.6, "fill_opacity": 0.0, "dash_array": "3 3"},
    "karabakh": {"color": "#4d4d4d", "weight": 2.2, "fill_opacity": 0.0},
    "nakhchivan": {"color": "#4d4d4d", "weight": 1.6, "fill_color": "#e8e2d6", "fill_opacity": 0.5},
    "shusha": {"color": "#222222", "weight": 1.5, "fill_color": "#999999", "fill_opacity": 0.35},
    # Blue-grey and thin: a river must not read as a zone held by the blue (Azerbaijani) side.
    "rivers": {"color": "#7891a8", "weight": 1.2, "fill_opacity": 0.0},
    "contact_line_1994": {"color": "#333333", "weight": 2.0, "dash_array": "8 4"},
    "contact_line_2020": {"color": "#117733", "weight": 2.6},
    "control_zones": {"weight": 0.8, "fill_opacity": 0.28},
    "peacekeeping_zone": {
        "color": "#117733",
        "weight": 2.0,
        "fill_color": "#117733",
        "fill_opacity": 0.12,
        "dash_array": "6 4",
    },
    "lachin_corridor": {
        "color": "#882255",
        "weight": 2.0,
        "fill_color": "#882255",
        "fill_opacity": 0.25,
    },
    "nakhchivan_corridor": {
        "color": "#882255",
        "weight": 2.0,
        "fill_color": "#882255",
        "fill_opacity": 0.12,
        "dash_array": "4 4",
    },
    # The land that changed hands since the previous day (or the window's start): outlined
    # in near-black and hatched (CHANGE_HATCH), so that it reads over both sides' colours
    # without hiding them.
    "changes": {
        "color": "#111111",
        "weight": 2.5,
        "dash_array": "6 3",
        "fill_color": "#111111",
        "fill_opacity": 0.55,
    },
}

LAYER_LABELS: dict[str, str] = {
    "countries": "Countries",
    "districts": "Districts and provinces",
    "karabakh": "Nagorno-Karabakh (NKAO, 1923-1991)",
    "nakhchivan": "Nakhchivan Autonomous Republic",
    "shusha": "Shusha/Shushi",
    "rivers": "Rivers",
    "contact_line_1994": "Line of contact, 1994-2020",
    "contact_line_2020": "Line of 10 November 2020",
    "control_zones": "Who held what (selected day)",
    "peacekeeping_zone": "Russian peacekeeping zone (from 10 Nov)",
    "lachin_corridor": "Lachin corridor (from 10 Nov)",
    "nakhchivan_corridor": "Nakhchivan transport link (from 10 Nov)",
    "changes": "Changed hands since the previous day or window",
}

#: The hatch of that land: diagonal lines, ``spacing`` and ``width`` in CSS pixels.
CHANGE_HATCH: dict[str, object] = {"color": "#111111", "spacing": 7, "width": 1.6, "angle": 45}

# Opacity of events in the "up to this day" mode: today's events solid, older ones fading
# to a floor so the first days stay visible at the end of the war.
FADE_FLOOR = 0.3
FADE_DAYS = 14

#: The grey of anything the style does not know (a kind or a controller from an uploaded
#: file), and of the legend's status swatches, which show the outline, not a kind.
UNKNOWN_COLOUR = "#777777"
#: Radius of an event marker in CSS pixels; a capture is one pixel larger.
EVENT_RADIUS = 7
_RIM = "#222222"
# A capture is a black disc: a white rim sets it apart from the dark rims of the others.
_CAPTURE_RIM = "#ffffff"
# The corridors' road: a plain line over the corridor's area.
ROUTE_WEIGHT = 3


class MarkerStyle(TypedDict):
    """How an event is drawn: a disc with a rim (sizes in CSS pixels)."""

    rim: str
    weight: float
    dash_array: str | None
    fill: str
    fill_opacity: float
    opacity: float
    radius: float


def marker_style(kind: str, status: str, alpha: float = 1.0) -> MarkerStyle:
    """Return the marker of an event of ``kind`` and ``status``, faded to ``alpha``.

    The fill says the kind, the rim's dashes and the fill's strength say the status; a
    capture is a larger black disc with a white rim.
    """
    status_style = STATUS_STYLES.get(status, STATUS_STYLES["confirmed"])
    capture = kind == "capture"
    return {
        "rim": _CAPTURE_RIM if capture else _RIM,
        "weight": status_style["weight"],
        "dash_array": status_style["dash_array"],
        "fill": KIND_COLOURS.get(kind, UNKNOWN_COLOUR),
        "fill_opacity": round(status_style["fill_opacity"] * alpha, 3),
        "opacity": round(alpha, 3),
        "radius": EVENT_RADIUS + (1 if capture else 0),
    }


def is_approximate(zone: Mapping[str, object]) -> bool:
    """Return whether a control zone is drawn approximately (dashed, and said so).

    The zone's ``approximate`` flag (set by ``geodata.build.control`` from its precision)
    decides; a zone without it is approximate unless its precision is ``"exact"``.
    """
    flag = zone.get("approximate")
    if isinstance(flag, bool | np.bool_):
        return bool(flag)
    return zone.get("precision") != "exact"


def zone_style(controller: str, approximate: bool) -> PathStyle:
    """Return the style of a control zone: its controller's colour, dashed if approximate."""
    colour = CONTROLLER_COLOURS.get(controller, UNKNOWN_COLOUR)
    return {
        **LAYER_STYLES["control_zones"],
        "color": colour,
        "fill_color": colour,
        "dash_array": "4 4" if approximate else None,
    }


def route_style(layer_style: PathStyle) -> PathStyle:
    """Return the style of a corridor's road: a solid line, its area's colour, no fill."""
    return {**layer_style, "fill_opacity": 0.0, "weight": ROUTE_WEIGHT, "dash_array": None}


def event_opacity(age_days: np.ndarray, mode: str) -> np.ndarray:
    """Return the opacity of each event: 1 for the selected day, fading with age."""
    if mode == "day":
        return np.ones(len(age_days))
    return np.clip(1.0 - np.asarray(age_days) / FADE_DAYS, FADE_FLOOR, 1.0)
