"""The settlement record: who claimed each place taken or handed over, when, who confirmed it."""

from __future__ import annotations

import functools
from pathlib import Path

import geopandas
import pandas as pd
from shapely.geometry import Point

from geodata.layers import GeodataError

SETTLEMENTS_PATH = Path(__file__).parent / "data" / "settlements.csv"
_LIST_COLUMNS = (
    "other_names",
    "claim_sources",
    "confirm_sources",
    "denied_by",
    "deny_sources",
    "handover_sources",
)
_DATE_COLUMNS = ("claimed_on", "confirmed_on", "handover_on")


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(" | ") if part.strip()]


@functools.cache
def _read_settlements(path: Path) -> geopandas.GeoDataFrame:
    if not path.exists():
        raise GeodataError(
            f"{path}: not found; rebuild it with `python -m geodata.build.settlements`"
        )
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    if "id" not in table.columns or "lat" not in table.columns:
        raise GeodataError(f"{path}: not a settlement record (no id or lat column)")
    geometry = []
    for number, row in enumerate(table.itertuples(index=False), start=2):
        if not row.lat:
            geometry.append(None)
            continue
        try:
            geometry.append(Point(float(row.lon), float(row.lat)))
        except ValueError:
            raise GeodataError(
                f"{path}:{number}:lat: {row.lat!r}/{row.lon!r} is not a number"
            ) from None
    table["placed"] = [point is not None for point in geometry]
    table["never_confirmed"] = table["confirmed_on"] == "never"
    for column in _DATE_COLUMNS:
        text = table[column].where(table[column] != "never", "")
        dates = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
        bad = dates.isna() & (text != "")
        if bad.any():
            number = int(bad.to_numpy().nonzero()[0][0]) + 2
            raise GeodataError(f"{path}:{number}:{column}: not a YYYY-MM-DD date")
        table[column] = dates
    for column in _LIST_COLUMNS:
        table[column] = [_split(text) for text in table[column]]
    table = table.drop(columns=["lat", "lon"])
    return geopandas.GeoDataFrame(table, geometry=geometry, crs="EPSG:4326")


def load_settlements(path: Path | str | None = None) -> geopandas.GeoDataFrame:
    """Return the settlement record as points in EPSG:4326, placed or not.

    One row per settlement of the former NKAO and the seven districts around it that
    Azerbaijan announced as taken during the war (27 September - 9 November 2020) or that was
    handed over under the statement of 10 November (to 1 December). Dates are those of the
    claims as announced, not of the fighting; confirmations and denials are kept beside them
    so that a reader can tell a claim from a fact. The control zones are cut from this record
    (see ``geodata/SOURCES.md``).

    Parameters
    ----------
    path : path-like, optional
        A CSV with the columns of ``geodata/data/settlements.csv``; the committed one by
        default.

    Returns
    -------
    geopandas.GeoDataFrame
        Rows in file order (by district, then id). Columns as in the codebook of
        ``geodata/SOURCES.md``, except that ``lat``/``lon`` become the point geometry,
        ``claimed_on``, ``confirmed_on`` and ``handover_on`` are datetime64 (``NaT`` when
        empty, and ``confirmed_on`` also when it reads "never"), multi-valued cells
        (``other_names``, ``denied_by`` and the ``*_sources`` columns) are lists, and two
        flags are added: ``placed`` and ``never_confirmed``. Unplaced settlements are kept:
        their geometry is missing (``None``) and ``unplaced_reason`` says why; filter with
        ``frame[frame["placed"]]`` for mapping.

    Raises
    ------
    GeodataError
        If the file is missing or holds a value that is not a number or a date; the message
        names file, row and column.
    """
    return _read_settlements(Path(path) if path is not None else SETTLEMENTS_PATH).copy()
