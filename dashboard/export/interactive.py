"""The interactive map of the whole war as one standalone file, or as a folder to publish."""

from __future__ import annotations

import datetime as dt
import html
import shlex
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from dashboard.state import MapView, ViewState
from dashboard.timeline import AFTERMATH_END, CEASEFIRE_IN_FORCE, WAR_START
from dashboard.webmap import assets, build, timedata, timemap
from dashboard.webmap.elements import RawText
from dashboard.webmap.features import layer_json

TITLE = "Nagorno-Karabakh 2020: the 44-day war, day by day"
PUBLISHED_DATA = "data"
#: Where the published folder is served from, for the embed snippet the dashboard shows.
PUBLIC_MAP_ENV = "KARABAKH_PUBLISHED_MAP_URL"
PUBLISHED_CODE = "code"


def timeline_of(state: ViewState, record: pd.DataFrame) -> tuple[dt.date, dt.date]:
    """Return the timeline's first and last day, as the dashboard offers it.

    The war (to 10 November, or to 1 December when ``extended``), widened to an event
    file's dates where they reach beyond the war and its aftermath.
    """
    first, last = WAR_START, AFTERMATH_END if state.extended else CEASEFIRE_IN_FORCE
    if len(record):
        dates = record["date"].dt.date
        if dates.min() < WAR_START:
            first = dates.min()
        if dates.max() > AFTERMATH_END:
            last = dates.max()
    return first, min(max(last, state.date), max(last, AFTERMATH_END))


def subtitle_of(state: ViewState, record: pd.DataFrame) -> str:
    """Say what the map holds: whose record, how many events, and which filters apply."""
    origin = "the project's sourced record"
    if "origin" in record and len(record) and (record["origin"] != "curated").any():
        names = sorted({str(name) for name in record["origin"] if name != "curated"})
        origin = "events from " + ", ".join(names)
    kept = int(state.filters.mask(record).sum())
    text = f"{kept:,} of {len(record):,} events, {origin}"
    filters = state.filters.describe()
    if filters:
        text += " (" + "; ".join(filters) + ")"
    return text


def interactive_html(state: ViewState, record: pd.DataFrame) -> str:
    """Return one HTML file holding the whole war: every day, the engine, timeline and legend.

    Leaflet, the engine's scripts and the data are written into the file, so it opens from
    disk with no network. It opens on ``state``: day, mode, filters, layers, zoom and centre.

    Parameters
    ----------
    state : ViewState
        The view the file opens on; its filters decide which events it carries.
    record : GeoDataFrame
        The events (the curated record or a user's own).

    Returns
    -------
    str
        The page.
    """
    kept = state.filters.mask(record)
    events = timemap.EventsLayer(payload=timedata.events_payload(record[kept]))
    options = build.MapOptions(
        inline=True, title=(TITLE, subtitle_of(state, record)), view=_view_tuple(state.map_view)
    )
    folium_map = build.build_map(state, events, timeline_of(state, record), options)
    page = folium_map.get_root()
    page.header.add_child(_meta_element(state))
    return assets.inline_assets(page.render())


def publish(folder: str | Path, state: ViewState, record: pd.DataFrame) -> Path:
    """Write a folder that any static web host can serve: ``index.html`` plus data files.

    No Python is needed to serve it, so it scales on a static host or CDN to any number of
    readers. The page keeps its view in its address (``?date=2020-11-08&zoom=9&lat=..``),
    so a link names what it shows. The folder is written beside its final place and renamed
    into it, so a reader never gets half a site; an existing folder is replaced.

    Parameters
    ----------
    folder : str or pathlib.Path
        The folder to write (created, or replaced).
    state, record
        As for :func:`interactive_html`.

    Returns
    -------
    pathlib.Path
        The folder.
    """
    target = Path(folder).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        _write_site(staging, state, record)
        if target.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
            target.rename(retired / target.name)
            staging.rename(target)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def embed_snippet(public_url: str, state: ViewState, height: int = 640) -> str:
    """Return the ``<iframe>`` that embeds a published map, opening on the view's day."""
    address = public_url.rstrip("/") + f"/index.html?date={state.date.isoformat()}"
    return (
        f'<iframe src="{_attribute(address)}" width="100%" height="{int(height)}" '
        'style="border:0" loading="lazy" '
        f'title="{_attribute(TITLE)}"></iframe>'
    )


def publish_command(state: ViewState, folder: str = "karabakh-map") -> str:
    """Return the ``karabakh-dashboard publish`` command that writes this view's folder."""
    default = ViewState()
    parts = ["karabakh-dashboard", "publish", "--out", folder, "--date", state.date.isoformat()]
    if state.mode != default.mode:
        parts += ["--mode", state.mode]
    if state.mode == "window":
        parts += ["--window", str(state.window_days)]
    for option, value, everything in (
        ("--kinds", state.kinds, default.kinds),
        ("--statuses", state.statuses, default.statuses),
        ("--layers", state.layers, default.layers),
    ):
        if value != everything:
            parts += [option, ",".join(value)]
    if state.actors:
        parts += ["--actors", ",".join(state.actors)]
    if state.query:
        parts += ["--query", state.query]
    if state.extended:
        parts.append("--extended")
    if state.map_view is not None:
        where = state.map_view
        parts += ["--zoom", str(where.zoom), "--center", f"{where.lat:.4f},{where.lon:.4f}"]
    return " ".join(shlex.quote(part) for part in parts)


def _write_site(folder: Path, state: ViewState, record: pd.DataFrame) -> None:
    data_dir = folder / PUBLISHED_DATA
    data_dir.mkdir()
    kept = state.filters.mask(record)
    (data_dir / "events.json").write_text(timedata.payload_json(record[kept]), encoding="utf-8")
    layer_urls = {}
    for name in build.available_layers():
        file_name = f"{name}.json"
        (data_dir / file_name).write_text(layer_json(name), encoding="utf-8")
        layer_urls[name] = f"{PUBLISHED_DATA}/{file_name}"
    events = timemap.EventsLayer(url=f"{PUBLISHED_DATA}/events.json")
    options = build.MapOptions(
        inline=True,
        title=(TITLE, subtitle_of(state, record)),
        view=_view_tuple(state.map_view),
        layer_urls=layer_urls,
        address_bar=True,
    )
    folium_map = build.build_map(state, events, timeline_of(state, record), options)
    page = folium_map.get_root()
    page.header.add_child(_meta_element(state))
    (folder / "index.html").write_text(assets.inline_assets(page.render()), encoding="utf-8")
    (folder / "README.txt").write_text(
        "Interactive map of the 2020 Nagorno-Karabakh war, published by karabakh-dashboard.\n"
        "Serve this folder from any static web host. Open index.html; its address keeps\n"
        "the view: ?date=2020-11-08&zoom=9&lat=39.76&lon=46.75&layers=countries,...\n"
        "Sources and licences of the data are listed in the map's attribution.\n",
        encoding="utf-8",
    )


def _view_tuple(view: MapView | None) -> tuple[int, float, float] | None:
    return None if view is None else (view.zoom, view.lat, view.lon)


def _meta_element(state: ViewState) -> RawText:
    description = f"{TITLE}. Opens on {state.date:%d %B %Y}."
    return RawText(
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<meta name="description" content="{_attribute(description)}">'
        f"<title>{_attribute(TITLE)}</title>"
    )


def _attribute(text: str) -> str:
    return html.escape(text, quote=True)
