"""What the images draw, as plain functions of a matplotlib Axes, in the one style.

Layers, zones, events and their count badges, place labels and the scale bar each take an
Axes and draw on it with the colours and sizes of :mod:`dashboard.style`; the legend is in
:mod:`dashboard.export.legend`.
"""

from __future__ import annotations

import math
from typing import TypedDict

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_rgba
from matplotlib.patches import Rectangle
from matplotlib.path import Path as MplPath
from matplotlib.text import Annotation
from shapely.plotting import patch_from_polygon

import geodata
from dashboard import style
from dashboard.export.frame import TO_MERCATOR
from dashboard.state import NameOrder
from dashboard.style import PathStyle

_CSS_PX_TO_PT = 0.75  # Leaflet sizes are CSS pixels (1/96 in); matplotlib's are points (1/72 in)
# The Leaflet default a layer without a colour would get.
_LEAFLET_BLUE = "#3388ff"

View = tuple[float, float, float, float]


class MplStyle(TypedDict):
    """A path style as matplotlib keywords (widths in points)."""

    edgecolor: str
    linewidth: float
    linestyle: object
    facecolor: object


def pt(css_px: float) -> float:
    """Return a length in CSS pixels (Leaflet's unit) as matplotlib points."""
    return float(css_px) * _CSS_PX_TO_PT


def dashes(dash_array: object, linewidth_pt: float) -> object:
    """Return a Leaflet dash array (``"4 4"``) as a matplotlib line style."""
    if not dash_array:
        return "solid"
    # matplotlib scales dash lengths by the line width; Leaflet's are absolute pixels.
    lengths = [pt(float(part)) / max(linewidth_pt, 0.1) for part in str(dash_array).split()]
    return (0, tuple(lengths))


def path_style(options: PathStyle) -> MplStyle:
    """Translate path options of :mod:`dashboard.style` into matplotlib keywords."""
    linewidth = pt(options.get("weight", 1.0))
    fill_opacity = float(options.get("fill_opacity", 0.2))
    fill_color = options.get("fill_color", options.get("color", _LEAFLET_BLUE))
    return {
        "edgecolor": options.get("color", _LEAFLET_BLUE),
        "linewidth": linewidth,
        "linestyle": dashes(options.get("dash_array"), linewidth),
        "facecolor": (fill_color, fill_opacity) if fill_opacity > 0 else "none",
    }


def polygon_paths(polygons: np.ndarray) -> list[MplPath]:
    """Return matplotlib paths of shapely polygons (holes kept)."""
    return [patch_from_polygon(polygon).get_path() for polygon in polygons]


def add_paths(ax: Axes, paths: list[MplPath], mpl_style: MplStyle, zorder: float) -> object:
    """Draw ``paths`` as one collection in ``mpl_style``; return it."""
    collection = PathCollection(
        paths,
        facecolors=[mpl_style["facecolor"]],
        edgecolors=[mpl_style["edgecolor"]],
        linewidths=[mpl_style["linewidth"]],
        linestyles=[mpl_style["linestyle"]],
        zorder=zorder,
    )
    return ax.add_collection(collection, autolim=False)


def draw_geometries(
    ax: Axes, gdf: gpd.GeoDataFrame, mpl_style: MplStyle, zorder: float
) -> list[object]:
    """Draw polygons, lines and points of ``gdf`` as three collections; return them.

    Collections built here, rather than ``GeoDataFrame.plot``, which redraws the whole
    figure on every call.
    """
    if gdf.empty:
        return []
    parts = shapely.get_parts(gdf.geometry.to_numpy())
    kinds = shapely.get_type_id(parts)
    artists: list[object] = []
    polygons = parts[kinds == shapely.GeometryType.POLYGON]
    if len(polygons):
        artists.append(add_paths(ax, polygon_paths(polygons), mpl_style, zorder))
    lines = parts[kinds == shapely.GeometryType.LINESTRING]
    if len(lines):
        collection = LineCollection(
            [np.asarray(line.coords)[:, :2] for line in lines],
            colors=mpl_style["edgecolor"],
            linewidths=mpl_style["linewidth"],
            linestyles=mpl_style["linestyle"],
            zorder=zorder + 0.1,
        )
        artists.append(ax.add_collection(collection, autolim=False))
    points = parts[kinds == shapely.GeometryType.POINT]
    if len(points):
        artists.append(
            ax.scatter(
                shapely.get_x(points),
                shapely.get_y(points),
                s=(pt(4) * 2) ** 2,
                color=mpl_style["edgecolor"],
                zorder=zorder + 0.2,
            )
        )
    return artists


def draw_layer(ax: Axes, name: str, gdf: gpd.GeoDataFrame, zorder: float) -> list[object]:
    """Draw a geodata layer in its style; a corridor's road as a line over its area."""
    layer_style = style.LAYER_STYLES.get(name, {})
    if "part" in gdf.columns and (gdf["part"] == "route").any():
        route = (gdf["part"] == "route").to_numpy()
        return draw_geometries(ax, gdf[~route], path_style(layer_style), zorder) + draw_geometries(
            ax, gdf[route], path_style(style.route_style(layer_style)), zorder + 0.05
        )
    return draw_geometries(ax, gdf, path_style(layer_style), zorder)


def zone_groups(zones: gpd.GeoDataFrame) -> list[tuple[MplStyle, list[MplPath]]]:
    """Group the polygons of control zones by look: controller, and approximate or not."""
    approximate = np.array(
        [style.is_approximate(zone) for zone in zones.drop(columns="geometry").to_dict("records")],
        dtype=bool,
    )
    groups = []
    for controller in style.CONTROLLER_COLOURS:
        for is_approximate in (False, True):
            mask = (zones["controller"] == controller).to_numpy() & (approximate == is_approximate)
            parts = shapely.get_parts(zones.geometry.to_numpy()[mask])
            polygons = parts[shapely.get_type_id(parts) == shapely.GeometryType.POLYGON]
            if len(polygons):
                zone_style = style.zone_style(controller, is_approximate)
                groups.append((path_style(zone_style), polygon_paths(polygons)))
    return groups


def draw_order(kinds: np.ndarray, age_days: np.ndarray) -> np.ndarray:
    """Return the order events are drawn in: oldest first and captures last, on top."""
    return np.lexsort((kinds == "capture", -age_days))


def draw_events(
    ax: Axes,
    xs: np.ndarray,
    ys: np.ndarray,
    kinds: np.ndarray,
    statuses: np.ndarray,
    age_days: np.ndarray,
    mode: str,
    places: np.ndarray | None = None,
) -> list[object]:
    """Draw events as the live map does (see :func:`dashboard.style.marker_style`).

    Oldest first and captures last, so the day's events and captures sit on top; one
    collection per status, whose outline all its markers share. With ``places`` (the
    place key of each event, :func:`dashboard.stacks.place_keys`) the events of one place
    are drawn once, as the one on top: the place's badge counts them.
    """
    if not len(xs):
        return []
    order = draw_order(kinds, age_days)
    if places is not None:
        order = order[~pd.Index(places[order]).duplicated(keep="last")]
    opacity = style.event_opacity(age_days, mode)[order]
    kinds = kinds[order]
    known = np.isin(statuses, list(style.STATUS_STYLES))
    statuses = np.where(known, statuses, "confirmed")[order]
    pairs = set(zip(kinds, statuses, strict=True))
    looks = {(kind, status): style.marker_style(kind, status) for kind, status in pairs}
    markers = [looks[pair] for pair in zip(kinds, statuses, strict=True)]
    fills = np.array([to_rgba(marker["fill"]) for marker in markers])
    rims = np.array([to_rgba(marker["rim"]) for marker in markers])
    rims[:, 3] = opacity
    sizes = (np.array([marker["radius"] for marker in markers]) * _CSS_PX_TO_PT * 2) ** 2
    xs, ys = xs[order], ys[order]
    artists = []
    for status in style.STATUS_STYLES:
        mask = statuses == status
        if not mask.any():
            continue
        look = style.marker_style("", status)
        faces = fills[mask].copy()
        faces[:, 3] = look["fill_opacity"] * opacity[mask]
        linewidth = pt(look["weight"])
        artists.append(
            ax.scatter(
                xs[mask],
                ys[mask],
                s=sizes[mask],
                facecolors=faces,
                edgecolors=rims[mask],
                linewidths=linewidth,
                linestyles=[dashes(look["dash_array"], linewidth)],
                zorder=8,
            )
        )
    return artists


def draw_place_labels(
    ax: Axes, places: gpd.GeoDataFrame, view: View, order: NameOrder = "common"
) -> dict[str, Annotation]:
    """Label the places inside ``view`` with both sides' names, on a pale box.

    The names are written as the live map's labels write them in the reader's ``order``
    ("Stepanakert/Khankendi" in the common order, "Xankəndi/Stepanakert" in the "az"
    order): two names, not every spelling of them. Returns the labels by place id, so that
    a figure drawn once can be written again in another order (:func:`order_place_labels`).
    """
    x0, y0, x1, y1 = view
    names = geodata.place_labels(order)
    labels = {}
    for place in places.itertuples():
        x, y = place.geometry.x, place.geometry.y
        if not (x0 < x < x1 and y0 < y < y1):
            continue
        ax.plot(x, y, "s", color="#333333", markersize=2.5, zorder=6)
        labels[place.id] = ax.annotate(
            names[place.id],
            (x, y),
            xytext=(4, 3),
            textcoords="offset points",
            fontsize=6.5,
            color="#222222",
            zorder=6,
            parse_math=False,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.6},
        )
    return labels


def order_place_labels(labels: dict[str, Annotation], order: NameOrder) -> None:
    """Write the labels of :func:`draw_place_labels` in another order of names."""
    names = geodata.place_labels(order)
    for place, label in labels.items():
        label.set_text(names[place])


def _scale_length(view: View) -> tuple[float, float, float]:
    """Return a round length in km about a fifth of the view, its projected length, latitude.

    Web Mercator stretches distances by 1/cos(latitude): one projected metre at latitude
    phi is cos(phi) metres on the ground.
    """
    x0, y0, x1, y1 = view
    _, centre_lat = TO_MERCATOR.transform((x0 + x1) / 2, (y0 + y1) / 2, direction="INVERSE")
    ground_per_projected = math.cos(math.radians(centre_lat))
    target_km = (x1 - x0) * ground_per_projected / 1000 / 5
    exponent = 10 ** math.floor(math.log10(target_km))
    length_km = max(step * exponent for step in (1, 2, 5) if step * exponent <= target_km)
    return length_km, length_km * 1000 / ground_per_projected, centre_lat


def draw_scale_bar(ax: Axes, view: View) -> None:
    """Draw a scale bar in the lower left that is true at the latitude of the map's centre."""
    x0, y0, x1, y1 = view
    length_km, length_projected, centre_lat = _scale_length(view)
    left = x0 + (x1 - x0) * 0.03
    bottom = y0 + (y1 - y0) * 0.03
    height = (y1 - y0) * 0.008
    half = length_projected / 2
    for index, colour in enumerate(("#222222", "white")):
        ax.add_patch(
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
        ax.text(
            left + offset,
            bottom + height * 1.8,
            label,
            ha="center",
            va="bottom",
            fontsize=6.5,
            zorder=9,
        )
    ax.text(
        left,
        bottom - height * 1.2,
        f"true at {centre_lat:.1f}° N (Web Mercator)",
        ha="left",
        va="top",
        fontsize=5.5,
        color="#444444",
        zorder=9,
    )
