"""Static map images (png, svg, pdf) drawn with matplotlib in Web Mercator.

:class:`SnapshotRenderer` keeps one figure per size and set of layers: the static layers
are drawn once, the day's zones, dated layers, events and texts per call. What it draws
comes from :mod:`dashboard.export.artists`.
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import geopandas as gpd
import numpy as np
import pandas as pd
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.path import Path as MplPath
from shapely.geometry import box

from dashboard import stacks, text, timeline
from dashboard.export import artists, badges, legend
from dashboard.export.formats import FormatName
from dashboard.export.frame import (
    LEGEND_PANEL,
    MAP_PANEL,
    TO_MERCATOR,
    Frame,
    available_layers,
    control_mercator,
    layer_mercator,
    places_mercator,
)
from dashboard.state import NameOrder, ViewState, select_events
from dashboard.style import LAYER_ORDER
from dashboard.urlstate import permalink

# The land fills, drawn below the day's zones; every other static layer's lines go over
# them, so that boundaries stay crisp on the translucent zones. Both keep LAYER_ORDER.
_UNDER_LAYERS = ("countries", "nakhchivan")
_ZONES_ZORDER = 2.5
_ZONES_NOTE = "Zones approximate: drawn from the dated record, see each zone's precision"
_NO_BADGES = pd.DataFrame({"x": [], "y": [], "events": []}).rename_axis("place")
_NO_ZONES_NOTE = "No control zones on this date: they cover 26 September to 1 December 2020"


def _zorder(name: str) -> float:
    """Stacking of a layer: LAYER_ORDER, the land fills under the zones, the rest over them."""
    index = LAYER_ORDER.index(name)
    if name in timeline.DATED_LAYERS:
        return 4 + 0.1 * index
    return (1 if name in _UNDER_LAYERS else 3) + 0.1 * index


def _place_names(selected: pd.DataFrame, order: NameOrder) -> np.ndarray:
    """Return each event's place name in the reader's order, or its title where it has none."""
    titles = selected["title"].fillna("").astype(str)
    places = text.event_place_names(selected, order) if "place_name" in selected else titles
    return np.array(
        [
            place if isinstance(place, str) and place.strip() else title
            for place, title in zip(places, titles, strict=True)
        ],
        dtype=object,
    )


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
        The layers to draw (names from ``dashboard.style.LAYER_ORDER``).
    """

    def __init__(self, frame: Frame, layers: Iterable[str]) -> None:
        self.frame = frame
        # Layers the geodata package does not (yet) ship are left out, as on the live map.
        self.layers = tuple(name for name in layers if name in available_layers())
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
        # Texts that rarely change (the events' credit, the zones note) and the legend are
        # rasterised with the static layers; the raster is rebuilt when they change.
        self._raster_key: tuple[object, ...] = ()
        self._zone_paths: dict[object, list[tuple[artists.MplStyle, list[MplPath]]]] = {}
        self._projected: tuple[weakref.ref, pd.DataFrame] | None = None
        self.figure = Figure(figsize=(frame.width / frame.dpi, frame.height / frame.dpi))
        self.figure.set_dpi(frame.dpi)
        self.canvas = FigureCanvasAgg(self.figure)
        self.figure.patch.set_facecolor("white")
        self.map_ax = self.figure.add_axes(MAP_PANEL)
        self.legend_ax = self.figure.add_axes(LEGEND_PANEL)
        self.legend_ax.set_axis_off()
        # The order of place names the labels are written in (the view's ``names``).
        self._names: NameOrder = "common"
        self._setup_map()
        self._draw_static_layers()
        self._draw_static_texts()
        self._legend_key: tuple[tuple[str, ...], bool] | None = None
        #: The count badges of the day drawn last: ``x``, ``y`` and ``events`` by place.
        self.badges = _NO_BADGES
        #: The note of the day's events outside the map ("" if none).
        self.offmap = ""

    def _draw_legend(self, day: dt.date) -> None:
        """Key what the day shows: no 10 November line before the statement, no badge alone."""
        shown = tuple(
            name
            for name in self.layers
            if day >= timeline.CEASEFIRE_IN_FORCE or name not in timeline.POST_CEASEFIRE_LAYERS
        )
        key = (shown, not self.badges.empty)
        if key == self._legend_key:
            return
        if self.legend_ax.get_legend() is not None:
            self.legend_ax.get_legend().remove()
        legend.draw_legend(self.legend_ax, shown, stacked=key[1])
        self._legend_key = key

    # --- set-up (once): the map's extent, the static layers, the margin's texts ----------

    def _setup_map(self) -> None:
        ax = self.map_ax
        x0, y0, x1, y1 = self._view = self.frame.view()
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

    def _clipped(self, gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
        if gdf.empty:
            return gdf
        return gdf.clip(self._clip_box)

    def _draw_layer(self, name: str) -> list[object]:
        gdf = self._clipped(layer_mercator(name))
        return artists.draw_layer(self.map_ax, name, gdf, zorder=_zorder(name))

    def _draw_static_layers(self) -> None:
        for name in LAYER_ORDER:
            if name in self.layers and name not in timeline.DATED_LAYERS:
                drawn = self._draw_layer(name)
                if name in _UNDER_LAYERS:
                    self._under += drawn
        self._labels = artists.draw_place_labels(
            self.map_ax, self._clipped(places_mercator()), self._view, self._names
        )
        artists.draw_scale_bar(self.map_ax, self._view)

    def _draw_static_texts(self) -> None:
        def margin(x: float, y: float, content: str = "", **options: object) -> object:
            return self.figure.text(x, y, content, parse_math=False, **options)

        grey = {"fontsize": 5.5, "va": "top", "color": "#333333"}
        self._title = margin(0.01, 0.985, fontsize=15, fontweight="bold", va="top")
        self._day = margin(0.01, 0.945, fontsize=12, va="top")
        self._filters = margin(0.01, 0.892, fontsize=7.5, va="bottom", color="#333333")
        margin(0.01, 0.095, text.map_data_credit(), wrap=True, **grey)
        self._events_credit = margin(0.01, 0.055, **grey)
        self._permalink = margin(0.01, 0.015, fontsize=6, va="bottom", color="#0b4f8a")
        self._approximate = margin(
            0.735, 0.118, _ZONES_NOTE, fontsize=5.5, ha="right", va="bottom", color="#333333"
        )

    # --- per day: the zones, the dated layers, the events and the texts -----------------

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
        zones_drawn = "control_zones" in self.layers and timeline.has_control_zones(state.date)
        if zones_drawn:
            self._day_under += self._draw_control_zones(state.date)
        if state.date >= timeline.CEASEFIRE_IN_FORCE:
            for name in LAYER_ORDER:
                if name in self.layers and name in timeline.POST_CEASEFIRE_LAYERS:
                    self._day_under += self._draw_layer(name)
        if state.names != self._names:
            artists.order_place_labels(self._labels, state.names)
            self._names = state.names
        selected = select_events(events, state)
        self._day_over += self._draw_events(selected, events, state)
        title, day = text.image_titles(state)
        self._title.set_text(title)
        self._day.set_text(day)
        self._filters.set_text(text.filter_line(state, len(selected)))
        link = permalink(state, self.frame.base_url)
        self._permalink.set_text(text.link_line(events, link))
        self._draw_legend(state.date)
        self._events_credit.set_text(text.events_attribution(events))
        self._approximate.set_text(
            _ZONES_NOTE if zones_drawn or "control_zones" not in self.layers else _NO_ZONES_NOTE
        )
        self._approximate.set_visible("control_zones" in self.layers)
        return len(selected)

    def _draw_control_zones(self, day: dt.date) -> list[object]:
        zones = control_mercator(day)
        # Zones change on a few dates only: clip and convert each set of zones once.
        key = tuple(zones["id"]) if "id" in zones.columns else day
        if key not in self._zone_paths:
            self._zone_paths[key] = artists.zone_groups(self._clipped(zones))
        return [
            artists.add_paths(self.map_ax, paths, mpl_style, zorder=_ZONES_ZORDER)
            for mpl_style, paths in self._zone_paths[key]
        ]

    def _event_positions(self, events: gpd.GeoDataFrame) -> pd.DataFrame:
        """Return Web Mercator x/y of every event, indexed like ``events``, projected once."""
        # The renderer is shared by every session: an id() of a freed record can come back
        # as the id of another session's file, so the record is known by a weak reference.
        if self._projected is None or self._projected[0]() is not events:
            points = events.geometry.to_crs(3857)
            positions = pd.DataFrame({"x": points.x, "y": points.y}, index=events.index)
            self._projected = (weakref.ref(events), positions)
        return self._projected[1]

    def _draw_events(
        self, selected: gpd.GeoDataFrame, events: gpd.GeoDataFrame, state: ViewState
    ) -> list[object]:
        """Draw the events, one marker and a count badge per place, and the off-map note."""
        self.badges, self.offmap = _NO_BADGES, ""
        if selected.empty:
            return []
        if events.index.is_unique:
            positions = self._event_positions(events).loc[selected.index]
        else:
            points = selected.geometry.to_crs(3857)
            positions = pd.DataFrame({"x": points.x, "y": points.y}, index=selected.index)
        xs, ys = positions["x"].to_numpy(), positions["y"].to_numpy()
        kinds, ages = selected["kind"].to_numpy(), selected["age_days"].to_numpy()
        places = stacks.place_keys(selected.geometry.y, selected.geometry.x)
        drawn = artists.draw_events(
            self.map_ax, xs, ys, kinds, selected["status"].to_numpy(), ages, state.mode, places
        )
        self.badges = badges.stack_badges(xs, ys, places, kinds, ages)
        names = _place_names(selected, state.names)
        self.offmap = badges.offmap_note(xs, ys, places, names, self._view)
        return (
            drawn
            + badges.draw_stack_badges(self.map_ax, self.badges)
            + badges.draw_offmap_note(self.map_ax, self.offmap)
        )

    # --- output: vector files, and the raster frames of the animations -------------------

    def save(self, target: str | Path | BinaryIO, fmt: FormatName) -> None:
        """Write the current figure as ``fmt`` (png, svg or pdf) to a path or binary file.

        SVG keeps its texts as text (not outlines), so they can be searched and edited.
        """
        metadata = {"png": {"Software": "karabakh-dashboard"}}.get(fmt)
        with rc_context({"svg.fonttype": "none", "pdf.fonttype": 42}):
            self.figure.savefig(target, format=fmt, dpi=self.frame.dpi, metadata=metadata)

    def pixel_at(self, lon: float, lat: float) -> tuple[int, int]:
        """Return the ``(column, row)`` of a lon/lat point in the image (row 0 at the top)."""
        x, y = TO_MERCATOR.transform(lon, lat)
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
        # The legend is rasterised too: it changes with the day (the 10 November lines,
        # the count badge); and the labels, written in the view's order of names.
        key = (*(text.get_text() for text in self._slow_texts()), self._legend_key, self._names)
        if self._layers_raster is None or key != self._raster_key:
            self._layers_raster = self._rasterise_static()
            self._raster_key = key
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
