"""Leaflet served from the installed xstatic-leaflet package, so that maps need no internet.

The app serves the files through Streamlit's static file serving (``dashboard/static/`` is
published under ``/app/static/``). The package files are copied into the git-ignored
``dashboard/static/vendor/`` the first time the dashboard starts, so a fresh clone works
without a build step; standalone HTML files get the same files inlined instead.
"""

from __future__ import annotations

import base64
import hashlib
import mimetypes
import re
import shutil
import tempfile
from functools import cache
from pathlib import Path

import folium
import xstatic.pkg.leaflet as xstatic_leaflet

from dashboard.files import write_atomically

LEAFLET_VERSION = xstatic_leaflet.VERSION
STATIC_DIR = Path(__file__).resolve().parents[1] / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
LEAFLET_DIR = VENDOR_DIR / f"leaflet-{LEAFLET_VERSION}"
# Where Streamlit publishes dashboard/static/ (server.enableStaticServing).
STATIC_URL = "/app/static"
LEAFLET_URL = f"{STATIC_URL}/vendor/leaflet-{LEAFLET_VERSION}"
LEAFLET_FILES = ("leaflet.js", "leaflet.css", "images")
DATA_DIR = VENDOR_DIR / "data"
DATA_URL = f"{STATIC_URL}/vendor/data"
CODE_DIR = VENDOR_DIR / "code"
CODE_URL = f"{STATIC_URL}/vendor/code"

_SCRIPT_TAG = re.compile(r'<script\s+src="(?P<url>[^"]*leaflet[^"]*\.js)"\s*>\s*</script>')
_CSS_TAG = re.compile(r'<link\s+rel="stylesheet"\s+href="(?P<url>[^"]*leaflet[^"]*\.css)"\s*/?>')
_CSS_IMAGE = re.compile(r"url\((?P<path>images/[^)]+)\)")


def ensure_vendor_assets() -> Path:
    """Copy Leaflet from the xstatic-leaflet package into ``dashboard/static/vendor/``.

    Returns
    -------
    pathlib.Path
        The folder holding ``leaflet.js``, ``leaflet.css`` and ``images/``.

    Notes
    -----
    The copy is made in a temporary folder and renamed into place, so concurrent starts
    and interrupted copies never leave a half-written folder that the browser would load.
    """
    if all((LEAFLET_DIR / name).exists() for name in LEAFLET_FILES):
        return LEAFLET_DIR
    source = Path(xstatic_leaflet.BASE_DIR)
    missing = [name for name in LEAFLET_FILES if not (source / name).exists()]
    if missing:
        raise FileNotFoundError(
            f"the xstatic-leaflet package at {source} lacks {', '.join(missing)}: reinstall it "
            "with `.venv/bin/pip install --force-reinstall xstatic-leaflet`"
        )
    VENDOR_DIR.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".leaflet-", dir=VENDOR_DIR))
    try:
        for name in LEAFLET_FILES:
            if (source / name).is_dir():
                shutil.copytree(source / name, staging / name)
            else:
                shutil.copy2(source / name, staging / name)
        try:
            staging.rename(LEAFLET_DIR)
        except OSError:
            # Another process finished the same copy first: theirs is complete, keep it.
            if not LEAFLET_DIR.exists():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return LEAFLET_DIR


def publish_json(name: str, text: str) -> str:
    """Write JSON text where the app serves it, and return its URL.

    The file name carries a hash of the content, so a browser never mixes an old file with
    a new page and concurrent writers of the same content cannot clash; the write goes to
    a temporary file renamed into place, so a request never sees half a file.

    Parameters
    ----------
    name : str
        A readable prefix for the file name (letters, digits, ``_`` and ``-``).
    text : str
        The JSON text.

    Returns
    -------
    str
        The URL under ``/app/static/`` (Streamlit's static file serving).
    """
    data = text.encode("utf-8")
    file_name = f"{name}-{hashlib.sha256(data).hexdigest()[:16]}.json"
    path = DATA_DIR / file_name
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        write_atomically(path, data)
    return f"{DATA_URL}/{file_name}"


def publish_file(path: Path) -> str:
    """Copy a script or stylesheet of the package where the app serves it; return its URL.

    As :func:`publish_json`, the name carries a hash of the content and the copy is renamed
    into place, so a page never loads a stale or half-written file.
    """
    return _publish_code(path.stem, path.suffix, path.read_bytes())


def _publish_code(stem: str, suffix: str, data: bytes) -> str:
    file_name = f"{stem}-{hashlib.sha256(data).hexdigest()[:16]}{suffix}"
    target = CODE_DIR / file_name
    if not target.exists():
        CODE_DIR.mkdir(parents=True, exist_ok=True)
        write_atomically(target, data)
    return f"{CODE_URL}/{file_name}"


def asset_links(paths: list[Path], inline: bool) -> list[tuple[str, str]]:
    """Return folium's ``(name, url)`` pairs for the package's own scripts or stylesheets.

    Parameters
    ----------
    paths : list of pathlib.Path
        Files beside the Python element that loads them.
    inline : bool
        ``True``: ``data:`` URIs (a standalone file, or where the package folder is
        read-only); ``False``: URLs served by the app.
    """
    links = []
    for path in paths:
        url = None
        if not inline:
            try:
                url = publish_file(path)
            except OSError:
                url = None
        if url is None:
            mime = "text/css" if path.suffix == ".css" else "text/javascript"
            url = f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode("ascii")
        links.append((f"kd_{path.stem}", url))
    return links


def script_bundle(paths: list[Path], inline: bool, name: str) -> list[tuple[str, str]]:
    """Return one folium ``(name, url)`` pair for several of the package's scripts, joined.

    streamlit-folium loads a map's scripts one after the other, each a request that must
    come back before the next starts: one file instead of several saves those round trips
    on every visit. Each script is a self-contained function expression, so they join as
    they are.

    Parameters
    ----------
    paths : list of pathlib.Path
        The scripts, in the order they must run.
    inline : bool
        As in :func:`asset_links`.
    name : str
        The bundle's name (a file name prefix: letters, digits, ``_`` and ``-``).
    """
    data = b"".join(path.read_bytes().rstrip() + b"\n;\n" for path in paths)
    url = None
    if not inline:
        try:
            url = _publish_code(name, ".js", data)
        except OSError:
            url = None
    if url is None:
        url = "data:text/javascript;base64," + base64.b64encode(data).decode("ascii")
    return [(f"kd_{name}", url)]


def use_local_leaflet(folium_map: folium.Map, inline: bool = False) -> folium.Map:
    """Point a map at the local Leaflet instead of folium's CDN files, and drop the rest.

    folium declares jQuery, Bootstrap, Font Awesome and awesome-markers as well; the
    dashboard draws only with core Leaflet (circle markers, GeoJSON, popups, the layer
    control), so those are left out and the map makes no request off the machine.

    Parameters
    ----------
    folium_map : folium.Map
        The map; changed in place (instance attributes, so other maps are not affected).
    inline : bool
        ``False``: URLs served by the app under ``/app/static/`` (falling back to inlining
        where the files cannot be copied there). ``True``: ``data:`` URIs, for a map shown
        where static serving is off.

    Returns
    -------
    folium.Map
        The same map, for chaining.
    """
    if not inline:
        try:
            ensure_vendor_assets()
        except OSError:
            inline = True  # a read-only installation: the map carries Leaflet itself
    if inline:
        js_url = _data_uri("leaflet.js")
        css_url = "data:text/css;base64," + base64.b64encode(
            _leaflet_css_inlined().encode()
        ).decode("ascii")
    else:
        js_url = f"{LEAFLET_URL}/leaflet.js"
        css_url = f"{LEAFLET_URL}/leaflet.css"
    folium_map.default_js = [("leaflet", js_url)]
    folium_map.default_css = [("leaflet_css", css_url)]
    return folium_map


def inline_assets(html: str) -> str:
    """Replace the Leaflet ``<script>`` and stylesheet links of an HTML page by their content.

    Works for the app's local URLs and for folium's CDN URLs alike, so a page saved from
    :func:`dashboard.export.interactive.interactive_html` opens anywhere with no network.

    Parameters
    ----------
    html : str
        A complete HTML page, as from ``folium.Map.get_root().render()``.

    Returns
    -------
    str
        The page with Leaflet's JavaScript and CSS (its images as ``data:`` URIs) inlined.
    """
    script = _leaflet_text("leaflet.js").replace("</script", "<\\/script")
    css = _leaflet_css_inlined()
    html = _SCRIPT_TAG.sub(lambda _: f"<script>{script}</script>", html)
    return _CSS_TAG.sub(lambda _: f"<style>{css}</style>", html)


@cache
def _leaflet_text(name: str) -> str:
    return (Path(xstatic_leaflet.BASE_DIR) / name).read_text(encoding="utf-8")


@cache
def _data_uri(name: str) -> str:
    path = Path(xstatic_leaflet.BASE_DIR) / name
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


@cache
def _leaflet_css_inlined() -> str:
    return _CSS_IMAGE.sub(
        lambda match: f"url({_data_uri(match.group('path'))})", _leaflet_text("leaflet.css")
    )
