"""Static map snapshots (png, svg, pdf) drawn server-side with matplotlib in Web Mercator."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import math
import threading
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from pathlib import Path
from typing import BinaryIO

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle
from matplotlib.path import Path as MplPath
from PIL import Image
from PIL.PngImagePlugin import PngInfo
from pyproj import Transformer
from shapely.geometry import box
from shapely.plotting import patch_from_polygon

from dashboard.state import CEASEFIRE_IN_FORCE, POST_CEASEFIRE_LAYERS, ViewState, select_events
from dashboard.style import (
    CONTROLLER_COLOURS,
    CONTROLLER_LABELS,
    KIND_COLOURS,
    KIND_LABELS,
    LAYER_LABELS,
    LAYER_STYLES,
    STATUS_STYLES,
)
from dashboard.webmap.build import EVENT_RADIUS, event_opacity, has_control_zones

#: Static image formats this module writes (the extension of the output file).
IMAGE_FORMATS = ("png", "svg", "pdf")
#: The region of the war: Nakhchivan in the west to Mingachevir in the north-east.
DEFAULT_BBOX = (44.9, 38.55, 47.9, 40.95)
DEFAULT_WIDTH = 1600
DEFAULT_HEIGHT = 1100
DEFAULT_DPI = 150
DEFAULT_BASE_URL = "http://localhost:8501/"
#: Places labelled on every snapshot, by gazetteer id, so a reader can find their way.
LABELLED_PLACES = (
    "stepanakert",
    "shusha",
    "lachin",
    "kalbajar",
    "martakert",
    "hadrut",
    "aghdam",
    "fuzuli",
    "jabrayil",
    "zangilan",
    "qubadli",
    "goris",
    "ganja",
    "barda",
    "tartar",
    "nakhchivan_city",
    "meghri",
)
#: Radius of an event marker in CSS pixels, as on the live map.
MARKER_RADIUS_PX = EVENT_RADIUS
MIN_SIZE_PX = 300
# Figure fractions (left, bottom, width, height): the map, and the legend to its right.
_MAP_PANEL = (0.01, 0.115, 0.73, 0.77)
_LEGEND_PANEL = (0.755, 0.115, 0.235, 0.77)
MAX_SIZE_PX = 8000

_STATIC_LAYER_ORDER = (
    "countries",
    "nakhchivan",
    "districts",
    "rivers",
    "karabakh",
    "contact_line_1994",
    "shusha",
)
# Static layers drawn below the control zones (filled areas); the rest go above them.
_UNDER_LAYERS = ("countries", "nakhchivan")
_DATED_LAYER_ORDER = (
    "peacekeeping_zone",
    "lachin_corridor",
    "nakhchivan_corridor",
    "contact_line_2020",
)
_KIND_RGBA = {kind: to_rgba(colour) for kind, colour in KIND_COLOURS.items()}
_UNKNOWN_KIND_RGBA = to_rgba("#777777")
_RIM_RGBA = to_rgba("#222222")
_CAPTURE_RIM_RGBA = to_rgba("#ffffff")
_ZONES_NOTE = "Zones approximate: drawn from the dated record, see each zone's precision"
_NO_ZONES_NOTE = "No control zones on this date: they cover 26 September to 1 December 2020"
_CSS_PX_TO_PT = 0.75  # Leaflet sizes are CSS pixels (1/96 in); matplotlib's are points (1/72 in)
_TO_MERCATOR = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)


class SnapshotError(ValueError):
    """Raised for a snapshot that cannot be drawn as asked (bad size, bbox or layer)."""


@dataclasses.dataclass(frozen=True)
class Frame:
    """Size and extent of a rendered map.

    Parameters
    ----------
    width, height : int
        Size of the image in pixels (vector formats: the same size at ``dpi``).
    dpi : int
        Dots per inch; fonts and lines scale with it.
    bbox : tuple of float
        ``(min_lon, min_lat, max_lon, max_lat)`` the map must show; it is widened along one
        axis to fill the map panel without distortion.
    base_url : str
        Address of the dashboard, for the permalink printed in the margin.
    """

    width: int = DEFAULT_WIDTH
    height: int = DEFAULT_HEIGHT
    dpi: int = DEFAULT_DPI
    bbox: tuple[float, float, float, float] = DEFAULT_BBOX
    base_url: str = DEFAULT_BASE_URL

    def __post_init__(self) -> None:
        for name in ("width", "height"):
            value = getattr(self, name)
            if not MIN_SIZE_PX <= value <= MAX_SIZE_PX:
                raise SnapshotError(
                    f"--{name} {value} is out of range: give {MIN_SIZE_PX} to {MAX_SIZE_PX} pixels"
                )
        if not 36 <= self.dpi <= 1200:
            raise SnapshotError(f"--dpi {self.dpi} is out of range: give 36 to 1200")
        check_bbox(self.bbox)


def check_bbox(bbox: Sequence[float]) -> tuple[float, float, float, float]:
    """Return ``bbox`` as a tuple after checking it is a real lon/lat box.

    Parameters
    ----------
    bbox : sequence of float
        ``(min_lon, min_lat, max_lon, max_lat)`` in degrees.

    Returns
    -------
    tuple of float
        The same four numbers.

    Raises
    ------
    SnapshotError
        If the box is not four numbers with min < max inside the valid degree ranges
        (Web Mercator stops at 85 degrees of latitude).
    """
    if len(bbox) != 4:
        raise SnapshotError(
            f"a bbox is four numbers min_lon,min_lat,max_lon,max_lat; got {len(bbox)}"
        )
    min_lon, min_lat, max_lon, max_lat = (float(value) for value in bbox)
    if not (-180 <= min_lon < max_lon <= 180 and -85 <= min_lat < max_lat <= 85):
        raise SnapshotError(
            f"bbox {min_lon},{min_lat},{max_lon},{max_lat} is not a box: give "
            "min_lon,min_lat,max_lon,max_lat with min < max, longitudes within -180..180 and "
            "latitudes within -85..85 (for example 46.0,39.3,47.3,40.2)"
        )
    return (min_lon, min_lat, max_lon, max_lat)


def title_lines(state: ViewState) -> tuple[str, str]:
    """Return the title and the day line of a snapshot, as the dashboard labels the day.

    Examples: ``"Day 43 of 44: 8 November 2020"``, ``"Ceasefire in force: 10 November 2020"``.
    """
    day = f"{state.date.day} {state.date:%B %Y}"
    return "The 2020 Nagorno-Karabakh war", f"{state.date_label()}: {day}"


def filter_summary(state: ViewState, shown: int) -> str:
    """Return one line naming the mode and every active filter, with the number of events."""
    mode = {
        "day": "events of the day",
        "cumulative": "all events up to the day, older faded",
        "window": f"events of the last {state.window_days} days",
    }[state.mode]
    parts = [f"Showing {shown} event{'s' if shown != 1 else ''}: {mode}"]
    if set(state.kinds) != set(KIND_COLOURS):
        parts.append("kinds: " + (", ".join(state.kinds) or "none"))
    if set(state.statuses) != set(STATUS_STYLES):
        parts.append("status: " + (", ".join(state.statuses) or "none"))
    if state.actors:
        parts.append("actors: " + ", ".join(state.actors))
    if state.query:
        parts.append(f'search: "{state.query}"')
    return "; ".join(parts)


@cache
def _map_attribution() -> str:
    import geodata

    return "Map data: " + " · ".join(geodata.attribution())


def events_attribution(events: gpd.GeoDataFrame) -> str:
    """Return the line crediting the events drawn: the curated record or the user's files."""
    origins = events["origin"].dropna().unique().tolist() if "origin" in events else []
    own = sorted(str(origin) for origin in origins if origin != "curated")
    parts = []
    if not own or len(own) < len(origins):
        parts.append("karabakh-dashboard record")
    if own:
        parts.append("the user's file " + ", ".join(own))
    return "Events: " + " and ".join(parts) + "; every event cites its own sources"


@cache
def _available_layers() -> frozenset[str]:
    import geodata

    return frozenset({*geodata.layer_names(), "control_zones"})


@lru_cache(maxsize=16)
def _layer_mercator(name: str) -> gpd.GeoDataFrame:
    import geodata

    return geodata.load_layer(name).to_crs(3857)


@lru_cache(maxsize=128)
def _control_mercator(day: dt.date) -> gpd.GeoDataFrame:
    import geodata

    return geodata.control_at(day).to_crs(3857)


@cache
def _places_mercator() -> gpd.GeoDataFrame:
    import geodata

    places = geodata.load_places()
    return places[places["id"].isin(LABELLED_PLACES)].to_crs(3857)


def _polygon_paths(polygons: np.ndarray) -> list[MplPath]:
    return [patch_from_polygon(polygon).get_path() for polygon in polygons]


def _mercator_bounds(bbox: Sequence[float]) -> tuple[float, float, float, float]:
    xs, ys = _TO_MERCATOR.transform([bbox[0], bbox[2]], [bbox[1], bbox[3]])
    return (xs[0], ys[0], xs[1], ys[1])


def _pt(css_px: float) -> float:
    return float(css_px) * _CSS_PX_TO_PT


def _dashes(dash_array: object, linewidth_pt: float) -> object:
    if not dash_array:
        return "solid"
    # matplotlib scales dash lengths by the line width; Leaflet's are absolute pixels.
    lengths = [_pt(float(part)) / max(linewidth_pt, 0.1) for part in str(dash_array).split()]
    return (0, tuple(lengths))


def _path_style(style: dict[str, object]) -> dict[str, object]:
    """Translate Leaflet path options (folium's snake_case keys) into matplotlib keywords."""
    linewidth = _pt(style.get("weight", 1.0))
    fill_opacity = float(style.get("fill_opacity", 0.2))
    fill_color = style.get("fill_color", style.get("color", "#3388ff"))
    return {
        "edgecolor": style.get("color", "#3388ff"),
        "linewidth": linewidth,
        "linestyle": _dashes(style.get("dash_array"), linewidth),
        "facecolor": (fill_color, fill_opacity) if fill_opacity > 0 else "none",
    }


class SnapshotRenderer:
    """A reusable figure: static layers drawn once, the day's content redrawn per call.

    Building the figure and drawing the boundaries costs most of the time of a map;
    keeping them lets a warm snapshot and each animation frame redraw only the control
    zones, the dated layers, the events and the texts.

    Parameters
    ----------
    frame : Frame
        Size, resolution, extent and permalink base of the image.
    layers : iterable of str
        The layers to draw (names from ``dashboard.state.LAYERS``).
    """

    def __init__(self, frame: Frame, layers: Iterable[str]) -> None:
        self.frame = frame
        # Layers the geodata package does not (yet) ship are left out, as on the live map.
        self.layers = tuple(name for name in layers if name in _available_layers())
        self.lock = threading.Lock()
        #: Whether this figure has made a snapshot before (see :func:`render_image`).
        self.warm = False
        # Artists of the selected day: under the static boundaries (zones, dated layers)
        # and over them (events).
        self._day_under: list[object] = []
        self._day_over: list[object] = []
        # Static artists below the day's zones (the land fill); all other static artists
        # are drawn over them.
        self._under: list[object] = []
        self._layers_raster: tuple[object, np.ndarray, np.ndarray, np.ndarray] | None = None
        # Texts that rarely change (the events' credit, the zones note) are rasterised with
        # the static layers; the raster is rebuilt when they do.
        self._raster_texts: tuple[str, ...] = ()
        self._zone_paths: dict[object, list[tuple[dict, list[MplPath]]]] = {}
        self._projected: tuple[int, int, pd.DataFrame] | None = None
        self.figure = Figure(figsize=(frame.width / frame.dpi, frame.height / frame.dpi))
        self.figure.set_dpi(frame.dpi)
        self.canvas = FigureCanvasAgg(self.figure)
        self.figure.patch.set_facecolor("white")
        self.map_ax = self.figure.add_axes(_MAP_PANEL)
        self.legend_ax = self.figure.add_axes(_LEGEND_PANEL)
        self.legend_ax.set_axis_off()
        self._setup_map()
        self._draw_static_layers()
        self._draw_static_texts()
        self._draw_legend()

    # --- set-up (once) -----------------------------------------------------------------

    def _setup_map(self) -> None:
        ax = self.map_ax
        x0, y0, x1, y1 = _mercator_bounds(self.frame.bbox)
        # Widen the box along one axis to the panel's shape: one metre is as long across
        # as up, so the map is not distorted beyond what Web Mercator itself does.
        panel_width, panel_height = (
            _MAP_PANEL[2] * self.frame.width,
            _MAP_PANEL[3] * self.frame.height,
        )
        if (x1 - x0) / (y1 - y0) < panel_width / panel_height:
            half = (y1 - y0) * panel_width / panel_height / 2
            x0, x1 = (x0 + x1) / 2 - half, (x0 + x1) / 2 + half
        else:
            half = (x1 - x0) * panel_height / panel_width / 2
            y0, y1 = (y0 + y1) / 2 - half, (y0 + y1) / 2 + half
        ax.set_xlim(x0, x1)
        ax.set_ylim(y0, y1)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_facecolor("#dfe9f2")  # water and everything outside the countries layer
        for spine in ax.spines.values():
            spine.set_edgecolor("#444444")
            spine.set_linewidth(0.8)
        # Clip layers to a margin around the view so distant detail costs nothing to draw.
        pad_x, pad_y = (x1 - x0) * 0.05, (y1 - y0) * 0.05
        self._clip_box = box(x0 - pad_x, y0 - pad_y, x1 + pad_x, y1 + pad_y)
        self._view = (x0, y0, x1, y1)

    def _clipped(self, gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        if gdf.empty:
            return gdf
        return gdf.clip(self._clip_box)

    def _draw_layer(self, name: str, gdf: gpd.GeoDataFrame, zorder: float) -> list[object]:
        style = _path_style(LAYER_STYLES.get(name, {}))
        if name in ("lachin_corridor", "nakhchivan_corridor") and "part" in gdf.columns:
            # As on the live map: the corridor's road is a plain line over its polygon.
            route = (gdf["part"] == "route").to_numpy()
            line_style = {**style, "linewidth": _pt(3), "linestyle": "solid"}
            return self._draw_geometries(gdf[~route], style, zorder) + self._draw_geometries(
                gdf[route], line_style, zorder + 0.05
            )
        return self._draw_geometries(gdf, style, zorder)

    def _draw_geometries(
        self, gdf: gpd.GeoDataFrame, style: dict[str, object], zorder: float
    ) -> list[object]:
        """Draw polygons, lines and points of ``gdf`` as three collections; return them.

        Collections built here, rather than ``GeoDataFrame.plot``, which redraws the whole
        figure on every call.
        """
        gdf = self._clipped(gdf)
        if gdf.empty:
            return []
        parts = shapely.get_parts(gdf.geometry.to_numpy())
        kinds = shapely.get_type_id(parts)
        artists: list[object] = []
        polygons = parts[kinds == shapely.GeometryType.POLYGON]
        if len(polygons):
            artists.append(self._add_paths(_polygon_paths(polygons), style, zorder))
        lines = parts[kinds == shapely.GeometryType.LINESTRING]
        if len(lines):
            collection = LineCollection(
                [np.asarray(line.coords)[:, :2] for line in lines],
                colors=style["edgecolor"],
                linewidths=style["linewidth"],
                linestyles=style["linestyle"],
                zorder=zorder + 0.1,
            )
            artists.append(self.map_ax.add_collection(collection, autolim=False))
        points = parts[kinds == shapely.GeometryType.POINT]
        if len(points):
            artists.append(
                self.map_ax.scatter(
                    shapely.get_x(points),
                    shapely.get_y(points),
                    s=(_pt(4) * 2) ** 2,
                    color=style["edgecolor"],
                    zorder=zorder + 0.2,
                )
            )
        return artists

    def _draw_static_layers(self) -> None:
        for order, name in enumerate(_STATIC_LAYER_ORDER):
            if name in self.layers:
                artists = self._draw_layer(name, _layer_mercator(name), zorder=1 + order * 0.5)
                if name in _UNDER_LAYERS:
                    self._under += artists
        self._draw_place_labels()
        self._draw_scale_bar()

    def _draw_place_labels(self) -> None:
        places = self._clipped(_places_mercator())
        x0, y0, x1, y1 = self._view
        for place in places.itertuples():
            x, y = place.geometry.x, place.geometry.y
            if not (x0 < x < x1 and y0 < y < y1):
                continue
            names = [place.name]
            for other in (place.name_hy, place.name_az):
                if isinstance(other, str) and other and other not in names:
                    names.append(other)
            self.map_ax.plot(x, y, "s", color="#333333", markersize=2.5, zorder=6)
            self.map_ax.annotate(
                "/".join(names),
                (x, y),
                xytext=(4, 3),
                textcoords="offset points",
                fontsize=6.5,
                color="#222222",
                zorder=6,
                parse_math=False,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.6},
            )

    def _draw_scale_bar(self) -> None:
        """Draw a scale bar that is true at the latitude of the map's centre.

        Web Mercator stretches distances by 1/cos(latitude): one projected metre at
        latitude phi is cos(phi) metres on the ground.
        """
        x0, y0, x1, y1 = self._view
        _, centre_lat = _TO_MERCATOR.transform((x0 + x1) / 2, (y0 + y1) / 2, direction="INVERSE")
        ground_per_projected = math.cos(math.radians(centre_lat))
        target_km = (x1 - x0) * ground_per_projected / 1000 / 5
        exponent = 10 ** math.floor(math.log10(target_km))
        length_km = max(step * exponent for step in (1, 2, 5) if step * exponent <= target_km)
        length_projected = length_km * 1000 / ground_per_projected
        left = x0 + (x1 - x0) * 0.03
        bottom = y0 + (y1 - y0) * 0.03
        height = (y1 - y0) * 0.008
        half = length_projected / 2
        for index, colour in enumerate(("#222222", "white")):
            self.map_ax.add_patch(
                Rectangle(
                    (left + index * half, bottom),
                    half,
                    height,
                    facecolor=colour,
                    edgecolor="#222222",
                    linewidth=0.6,
                    zorder=9,
                )
            )
        for offset, label in ((0, "0"), (length_projected, f"{length_km:g} km")):
            self.map_ax.text(
                left + offset,
                bottom + height * 1.8,
                label,
                ha="center",
                va="bottom",
                fontsize=6.5,
                zorder=9,
            )
        self.map_ax.text(
            left,
            bottom - height * 1.2,
            f"true at {centre_lat:.1f}° N (Web Mercator)",
            ha="left",
            va="top",
            fontsize=5.5,
            color="#444444",
            zorder=9,
        )

    def _draw_static_texts(self) -> None:
        self._title = self.figure.text(
            0.01, 0.985, "", fontsize=15, fontweight="bold", va="top", parse_math=False
        )
        self._day = self.figure.text(0.01, 0.945, "", fontsize=12, va="top", parse_math=False)
        self._filters = self.figure.text(
            0.01, 0.892, "", fontsize=7.5, va="bottom", color="#333333", parse_math=False
        )
        self.figure.text(
            0.01,
            0.095,
            _map_attribution(),
            fontsize=5.5,
            va="top",
            color="#333333",
            wrap=True,
            parse_math=False,
        )
        self._events_credit = self.figure.text(
            0.01, 0.055, "", fontsize=5.5, va="top", color="#333333", parse_math=False
        )
        self._permalink = self.figure.text(
            0.01, 0.015, "", fontsize=6, va="bottom", color="#0b4f8a", parse_math=False
        )
        self._approximate = self.figure.text(
            0.735,
            0.118,
            _ZONES_NOTE,
            fontsize=5.5,
            ha="right",
            va="bottom",
            color="#333333",
            parse_math=False,
        )

    # --- per day --------------------------------------------------------------------------

    def draw(self, state: ViewState, events: gpd.GeoDataFrame) -> int:
        """Draw the content of ``state`` (date, mode, filters) on the figure.

        Parameters
        ----------
        state : ViewState
            The view; its ``layers`` decide which dated layers appear.
        events : GeoDataFrame
            The whole event record; the view's selection is taken from it.

        Returns
        -------
        int
            The number of events drawn.
        """
        for artist in self._day_under + self._day_over:
            artist.remove()
        self._day_under, self._day_over = [], []
        zones_drawn = "control_zones" in self.layers and has_control_zones(state.date)
        if zones_drawn:
            self._day_under += self._draw_control_zones(state.date)
        if state.date >= CEASEFIRE_IN_FORCE:
            for order, name in enumerate(_DATED_LAYER_ORDER):
                if name in self.layers and name in POST_CEASEFIRE_LAYERS:
                    layer = _layer_mercator(name)
                    self._day_under += self._draw_layer(name, layer, zorder=4 + order * 0.2)
        selected = select_events(events, state)
        self._day_over += self._draw_events(selected, events, state.mode)
        title, day = title_lines(state)
        self._title.set_text(title)
        self._day.set_text(day)
        self._filters.set_text(filter_summary(state, len(selected)))
        self._permalink.set_text(f"This view: {state.permalink(self.frame.base_url)}")
        self._events_credit.set_text(events_attribution(events))
        self._approximate.set_text(
            _ZONES_NOTE if zones_drawn or "control_zones" not in self.layers else _NO_ZONES_NOTE
        )
        self._approximate.set_visible("control_zones" in self.layers)
        return len(selected)

    def _add_paths(self, paths: list[MplPath], style: dict[str, object], zorder: float) -> object:
        collection = PathCollection(
            paths,
            facecolors=[style["facecolor"]],
            edgecolors=[style["edgecolor"]],
            linewidths=[style["linewidth"]],
            linestyles=[style["linestyle"]],
            zorder=zorder,
        )
        return self.map_ax.add_collection(collection, autolim=False)

    def _draw_control_zones(self, day: dt.date) -> list[object]:
        zones = _control_mercator(day)
        # Zones change on a few dates only: clip and convert each set of zones once.
        key = tuple(zones["id"]) if "id" in zones.columns else day
        if key not in self._zone_paths:
            self._zone_paths[key] = self._zone_groups(zones)
        return [self._add_paths(paths, style, zorder=2.5) for style, paths in self._zone_paths[key]]

    def _zone_groups(self, zones: gpd.GeoDataFrame) -> list[tuple[dict, list[MplPath]]]:
        zones = self._clipped(zones)
        base = LAYER_STYLES.get("control_zones", {})
        approximate = (zones["precision"].fillna("") != "exact").to_numpy()
        groups = []
        for controller, colour in CONTROLLER_COLOURS.items():
            for is_approximate in (False, True):
                mask = (zones["controller"] == controller).to_numpy() & (
                    approximate == is_approximate
                )
                parts = shapely.get_parts(zones.geometry.to_numpy()[mask])
                polygons = parts[shapely.get_type_id(parts) == shapely.GeometryType.POLYGON]
                if not len(polygons):
                    continue
                # As on the live map: an approximate zone has a dashed edge.
                style = {
                    **base,
                    "color": colour,
                    "fill_color": colour,
                    "dash_array": "4 4" if is_approximate else None,
                }
                groups.append((_path_style(style), _polygon_paths(polygons)))
        return groups

    def _event_positions(self, events: gpd.GeoDataFrame) -> pd.DataFrame:
        """Return Web Mercator x/y of every event, indexed like ``events``, projected once."""
        key = (id(events), len(events))
        if self._projected is None or self._projected[:2] != key:
            points = events.geometry.to_crs(3857)
            positions = pd.DataFrame({"x": points.x, "y": points.y}, index=events.index)
            self._projected = (*key, positions)
        return self._projected[2]

    def _draw_events(
        self, selected: gpd.GeoDataFrame, events: gpd.GeoDataFrame, mode: str
    ) -> list[object]:
        if selected.empty:
            return []
        if events.index.is_unique:
            positions = self._event_positions(events).loc[selected.index]
        else:
            points = selected.geometry.to_crs(3857)
            positions = pd.DataFrame({"x": points.x, "y": points.y}, index=selected.index)
        is_capture = (selected["kind"] == "capture").to_numpy()
        # Oldest first and captures last, so the day's events and captures sit on top.
        order = np.lexsort((is_capture, -selected["age_days"].to_numpy()))
        opacity = event_opacity(selected["age_days"].to_numpy(), mode)[order]
        is_capture = is_capture[order]
        statuses = selected["status"].to_numpy()[order]
        fills = np.array(
            [_KIND_RGBA.get(kind, _UNKNOWN_KIND_RGBA) for kind in selected["kind"].to_numpy()]
        )[order]
        # As on the live map: a capture is a larger black disc with a white rim.
        rims = np.where(is_capture[:, None], _CAPTURE_RIM_RGBA, _RIM_RGBA)
        rims[:, 3] = opacity
        sizes = ((MARKER_RADIUS_PX + is_capture) * _CSS_PX_TO_PT * 2) ** 2
        xs, ys = positions["x"].to_numpy()[order], positions["y"].to_numpy()[order]
        artists = []
        for status, style in STATUS_STYLES.items():
            mask = statuses == status
            if not mask.any():
                continue
            faces = fills[mask].copy()
            faces[:, 3] = float(style["fill_opacity"]) * opacity[mask]
            linewidth = _pt(style["weight"])
            artists.append(
                self.map_ax.scatter(
                    xs[mask],
                    ys[mask],
                    s=sizes[mask],
                    facecolors=faces,
                    edgecolors=rims[mask],
                    linewidths=linewidth,
                    linestyles=[_dashes(style["dash_array"], linewidth)],
                    zorder=8,
                )
            )
        return artists

    def _draw_legend(self) -> None:
        """Draw the key to every symbol the map can show (the filters are stated above)."""
        size_pt = _pt(MARKER_RADIUS_PX) * 2
        kinds = list(KIND_COLOURS)
        kind_handles = [
            Line2D(
                [],
                [],
                marker="o",
                linestyle="none",
                markersize=size_pt,
                markerfacecolor=KIND_COLOURS[kind],
                markeredgecolor="#222222",
                markeredgewidth=_pt(1.5),
                label=KIND_LABELS[kind],
            )
            for kind in kinds
        ]
        status_handles = [
            Patch(
                facecolor=("#777777", float(style["fill_opacity"])),
                edgecolor="#555555",
                linewidth=_pt(style.get("weight", 1.5)),
                linestyle=_dashes(style.get("dash_array"), _pt(style.get("weight", 1.5))),
                label=str(style["label"]),
            )
            for style in STATUS_STYLES.values()
        ]
        area_handles = []
        if "control_zones" in self.layers:
            fill = float(LAYER_STYLES.get("control_zones", {}).get("fill_opacity", 0.3))
            area_handles += [
                Patch(facecolor=(colour, fill), edgecolor=colour, label=CONTROLLER_LABELS[key])
                for key, colour in CONTROLLER_COLOURS.items()
            ]
        for name in self.layers:
            if name in ("countries", "control_zones", "districts"):
                continue
            style = _path_style(LAYER_STYLES.get(name, {}))
            label = LAYER_LABELS.get(name, name)
            if name.startswith("contact_line") or name == "rivers":
                area_handles.append(
                    Line2D(
                        [],
                        [],
                        color=style["edgecolor"],
                        linewidth=style["linewidth"] * 1.2,
                        linestyle=style["linestyle"],
                        label=label,
                    )
                )
            else:
                area_handles.append(
                    Patch(
                        facecolor=style["facecolor"],
                        edgecolor=style["edgecolor"],
                        linewidth=style["linewidth"],
                        linestyle=style["linestyle"],
                        label=label,
                    )
                )
        sections = []
        for heading, handles in (
            ("Events by kind", kind_handles),
            ("Status of the report", status_handles),
            ("Areas and lines", area_handles),
        ):
            if handles:
                sections.append(Line2D([], [], linestyle="none", label=heading))
                sections += handles
        if not sections:
            return
        # One legend with the section headings as entries without a symbol: it stacks
        # itself, whatever the number of entries.
        legend = self.legend_ax.legend(
            handles=sections,
            loc="upper left",
            bbox_to_anchor=(0.0, 1.0),
            fontsize=6.5,
            frameon=False,
            borderaxespad=0.0,
            handlelength=1.6,
            labelspacing=0.55,
        )
        headings = {"Events by kind", "Status of the report", "Areas and lines"}
        for text in legend.get_texts():
            if text.get_text() in headings:
                text.set_fontweight("bold")
                text.set_fontsize(7.5)

    # --- output ---------------------------------------------------------------------------

    def save(self, target: str | Path | BinaryIO, fmt: str) -> None:
        """Write the current figure as ``fmt`` (png, svg or pdf) to a path or binary file.

        SVG keeps its texts as text (not outlines), so they can be searched and edited.
        """
        metadata = {"png": {"Software": "karabakh-dashboard"}}.get(fmt)
        with rc_context({"svg.fonttype": "none", "pdf.fonttype": 42}):
            self.figure.savefig(target, format=fmt, dpi=self.frame.dpi, metadata=metadata)

    def pixel_at(self, lon: float, lat: float) -> tuple[int, int]:
        """Return the ``(column, row)`` of a lon/lat point in the image (row 0 at the top)."""
        x, y = _TO_MERCATOR.transform(lon, lat)
        column, row_from_bottom = self.map_ax.transData.transform((x, y))
        return round(column), round(self.frame.height - row_from_bottom)

    def rgb(self) -> np.ndarray:
        """Return the current figure as an ``(height, width, 3)`` uint8 array.

        Fast path for animation frames: the static part of the figure is rasterised once
        in two layers, the land below the day's zones and the boundaries, labels and
        texts above them; a frame restores the first, draws the zones, lays the second
        over them and draws the events and the day's texts on top. Text rendering, most
        of the cost of a full draw, is thereby done once per animation, not per frame.
        """
        texts = tuple(text.get_text() for text in self._slow_texts())
        if self._layers_raster is None or texts != self._raster_texts:
            self._layers_raster = self._rasterise_static()
            self._raster_texts = texts
        background, where, over_rgb, over_alpha = self._layers_raster
        renderer = self.canvas.get_renderer()
        self.canvas.restore_region(background)
        for artist in sorted(self._day_under, key=lambda item: item.get_zorder()):
            self.figure.draw_artist(artist)
        pixels = np.asarray(renderer.buffer_rgba())
        flat = pixels.reshape(-1, 4)
        flat[where, :3] = (flat[where, :3] * (1 - over_alpha) + over_rgb).astype(np.uint8)
        for artist in [*self._day_over, *self._day_texts()]:
            self.figure.draw_artist(artist)
        return pixels[:, :, :3].copy()

    def _day_texts(self) -> list[object]:
        return [self._day, self._filters, self._permalink]

    def _slow_texts(self) -> list[object]:
        return [self._events_credit, self._approximate]

    def _rasterise_static(self) -> tuple[object, np.ndarray, np.ndarray, np.ndarray]:
        """Rasterise the static figure: the land (restorable region) and the rest (RGBA)."""
        day_artists = [*self._day_under, *self._day_over, *self._day_texts()]
        under = {id(artist) for artist in [*self._under, self.map_ax.patch, self.figure.patch]}
        day_ids = {id(artist) for artist in day_artists}
        every = [
            artist
            for artist in [
                *self.map_ax.get_children(),
                *self.legend_ax.get_children(),
                *self.figure.texts,
                self.figure.patch,
            ]
            if id(artist) not in day_ids
        ]
        shown = {id(artist): artist.get_visible() for artist in [*every, *day_artists]}
        try:
            for artist in day_artists:
                artist.set_visible(False)
            for artist in every:
                artist.set_visible(shown[id(artist)] and id(artist) in under)
            self.canvas.draw()
            background = self.canvas.copy_from_bbox(self.figure.bbox)
            for artist in every:
                artist.set_visible(shown[id(artist)] and id(artist) not in under)
            self.canvas.draw()
            over = np.asarray(self.canvas.buffer_rgba()).astype(np.float32)
        finally:
            for artist in [*every, *day_artists]:
                artist.set_visible(shown[id(artist)])
        # Only the pixels the upper layer covers (lines, labels, texts) need blending.
        flat = over.reshape(-1, 4)
        where = np.flatnonzero(flat[:, 3] > 0)
        alpha = flat[where, 3:] / 255.0
        return background, where, flat[where, :3] * alpha, alpha


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
    fmt: str,
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
