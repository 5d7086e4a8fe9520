"""An image's frame: its size and extent in Web Mercator, the geodata projected into it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from functools import cache, lru_cache

import geopandas as gpd
from pyproj import Transformer

#: The region of the war: Nakhchivan in the west to Mingachevir in the north-east.
DEFAULT_BBOX = (44.9, 38.55, 47.9, 40.95)
DEFAULT_WIDTH = 1600
DEFAULT_HEIGHT = 1100
DEFAULT_DPI = 150
DEFAULT_BASE_URL = "http://localhost:8501/"
MIN_SIZE_PX = 300
MAX_SIZE_PX = 8000
MIN_DPI, MAX_DPI = 36, 1200
# Web Mercator stops short of the poles.
MAX_LATITUDE = 85
MAX_LONGITUDE = 180
_BBOX_NUMBERS = 4
# Figure fractions (left, bottom, width, height): the map, and the legend to its right.
MAP_PANEL = (0.01, 0.115, 0.73, 0.77)
LEGEND_PANEL = (0.755, 0.115, 0.235, 0.77)
#: Places labelled on every image, by gazetteer id, so a reader can find their way.
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
TO_MERCATOR = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)


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
        """Check the size, the resolution and the box; raise :class:`SnapshotError` if bad."""
        for name in ("width", "height"):
            value = getattr(self, name)
            if not MIN_SIZE_PX <= value <= MAX_SIZE_PX:
                raise SnapshotError(
                    f"--{name} {value} is out of range: give {MIN_SIZE_PX} to {MAX_SIZE_PX} pixels"
                )
        if not MIN_DPI <= self.dpi <= MAX_DPI:
            raise SnapshotError(f"--dpi {self.dpi} is out of range: give {MIN_DPI} to {MAX_DPI}")
        check_bbox(self.bbox)

    def view(self) -> tuple[float, float, float, float]:
        """Return the map's extent in Web Mercator metres, widened to the panel's shape.

        One metre is as long across as up, so the map is not distorted beyond what Web
        Mercator itself does.
        """
        xs, ys = TO_MERCATOR.transform([self.bbox[0], self.bbox[2]], [self.bbox[1], self.bbox[3]])
        x0, y0, x1, y1 = xs[0], ys[0], xs[1], ys[1]
        panel_width, panel_height = MAP_PANEL[2] * self.width, MAP_PANEL[3] * self.height
        if (x1 - x0) / (y1 - y0) < panel_width / panel_height:
            half = (y1 - y0) * panel_width / panel_height / 2
            x0, x1 = (x0 + x1) / 2 - half, (x0 + x1) / 2 + half
        else:
            half = (x1 - x0) * panel_height / panel_width / 2
            y0, y1 = (y0 + y1) / 2 - half, (y0 + y1) / 2 + half
        return x0, y0, x1, y1


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
    if len(bbox) != _BBOX_NUMBERS:
        raise SnapshotError(
            f"a bbox is four numbers min_lon,min_lat,max_lon,max_lat; got {len(bbox)}"
        )
    min_lon, min_lat, max_lon, max_lat = (float(value) for value in bbox)
    lon_ok = -MAX_LONGITUDE <= min_lon < max_lon <= MAX_LONGITUDE
    if not (lon_ok and -MAX_LATITUDE <= min_lat < max_lat <= MAX_LATITUDE):
        raise SnapshotError(
            f"bbox {min_lon},{min_lat},{max_lon},{max_lat} is not a box: give "
            "min_lon,min_lat,max_lon,max_lat with min < max, longitudes within -180..180 and "
            "latitudes within -85..85 (for example 46.0,39.3,47.3,40.2)"
        )
    return (min_lon, min_lat, max_lon, max_lat)


@cache
def available_layers() -> frozenset[str]:
    """Return the layers geodata ships, and the control zones."""
    import geodata

    return frozenset({*geodata.layer_names(), "control_zones"})


@lru_cache(maxsize=16)
def layer_mercator(name: str) -> gpd.GeoDataFrame:
    """Return a geodata layer in Web Mercator, projected once."""
    import geodata

    return geodata.load_layer(name).to_crs(3857)


@lru_cache(maxsize=128)
def control_mercator(day: dt.date) -> gpd.GeoDataFrame:
    """Return the control zones of ``day`` in Web Mercator, projected once."""
    import geodata

    return geodata.control_at(day).to_crs(3857)


@cache
def places_mercator() -> gpd.GeoDataFrame:
    """Return the labelled places in Web Mercator."""
    import geodata

    places = geodata.load_places()
    return places[places["id"].isin(LABELLED_PLACES)].to_crs(3857)
