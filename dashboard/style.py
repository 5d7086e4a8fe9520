"""Colours, labels and line styles shared by the web map, the legend and the snapshots."""

from __future__ import annotations

# Okabe & Ito (2008), "Color Universal Design": eight colours that stay distinct for the
# common forms of colour blindness. One colour per event kind, in the order of events.KINDS.
KIND_COLOURS: dict[str, str] = {
    "fighting": "#D55E00",  # vermillion
    "capture": "#000000",  # black
    "strike": "#CC79A7",  # reddish purple
    "ceasefire": "#009E73",  # bluish green
    "diplomacy": "#0072B2",  # blue
    "political": "#E69F00",  # orange
    "humanitarian": "#56B4E9",  # sky blue
    "peacekeeping": "#F0E442",  # yellow
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
}

# How sure the record is, drawn as the marker's outline and fill: a solid marker is
# confirmed, a dashed one is a claim, a dotted pale one is disputed.
STATUS_STYLES: dict[str, dict[str, object]] = {
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
LAYER_STYLES: dict[str, dict[str, object]] = {
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
}

# Opacity of events in the "up to this day" mode: today's events solid, older ones fading
# to a floor so the first days stay visible at the end of the war.
FADE_FLOOR = 0.3
# Radius of an event marker in CSS pixels (captures one more, white-rimmed).
EVENT_RADIUS = 7
FADE_DAYS = 14
