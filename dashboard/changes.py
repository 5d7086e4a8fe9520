"""What changed hands between two days: the zones with their km², and the settlements."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Mapping
from typing import Literal, get_args

import geopandas as gpd
import pandas as pd

import geodata
from dashboard import text
from dashboard.state import ViewState
from dashboard.timeline import CEASEFIRE_IN_FORCE
from geodata.control import FIRST_DAY as ZONES_FIRST_DAY
from geodata.control import LAST_DAY as ZONES_LAST_DAY

#: The state of a settlement, or of the land nearest to it, on a day: held by Armenian
#: forces, claimed taken by Azerbaijan (not confirmed), confirmed taken, handed over under
#: the statement of 9/10 November 2020.
State = Literal["held", "claimed", "confirmed", "handed_over"]
STATES: tuple[State, ...] = get_args(State)

#: The kinds of change, in the order they are told: the net change between the two days.
Change = Literal["claimed", "confirmed", "claim_confirmed", "handed_over", "held"]
CHANGES: tuple[Change, ...] = get_args(Change)


@dataclasses.dataclass(frozen=True)
class Changes:
    """What changed hands after ``since`` up to and including ``day``.

    Attributes
    ----------
    since, day : datetime.date
        The day compared with (the day before, or the day before the window) and the day.
    zones : GeoDataFrame
        The zones of ``day`` whose state changed: the columns of ``geodata.control_at``
        with ``piece`` (the land's key, the same in every version, see :func:`zone_piece`),
        ``before`` and ``after`` (:data:`STATES`) and ``kind`` (:data:`CHANGES`).
    km2 : dict
        Area per kind of change, summed from the zones' ``area_km2`` (equal-area
        EPSG:6933, the figure of the km²-per-day chart); kinds with no change left out.
    settlements : DataFrame
        ``id``, ``names`` (both names), ``before``, ``after`` and ``kind``, in the record's
        order; unplaced settlements included (they change state without a zone).
    """

    since: dt.date
    day: dt.date
    zones: gpd.GeoDataFrame
    km2: dict[str, float]
    settlements: pd.DataFrame

    @property
    def empty(self) -> bool:
        """Whether nothing changed hands."""
        return self.zones.empty and self.settlements.empty


def settlement_periods(
    row: Mapping[str, object],
) -> list[tuple[State, dt.date | None, dt.date | None]]:
    """Return the states a settlement passes through, with their first and last days.

    A settlement is held until the day it was claimed taken, claimed until the claim was
    confirmed (for good, if it never was), then confirmed; a place handed over under the
    statement changes on its handover day. Dates are inclusive; None is open.

    Parameters
    ----------
    row : mapping
        A row of ``geodata.load_settlements()`` (``claimed_on``, ``confirmed_on``,
        ``handover_on``).

    Returns
    -------
    list of (state, first day, last day)
    """
    claimed, confirmed = _day(row.get("claimed_on")), _day(row.get("confirmed_on"))
    handover = _day(row.get("handover_on"))
    if claimed is None:
        return [("held", None, None)]
    before = claimed - dt.timedelta(days=1)
    if handover is not None and handover <= claimed:
        return [("held", None, before), ("handed_over", handover, None)]
    if confirmed is None or confirmed <= claimed:
        final: State = "claimed" if confirmed is None else "confirmed"
        return [("held", None, before), (final, claimed, None)]
    return [
        ("held", None, before),
        ("claimed", claimed, confirmed - dt.timedelta(days=1)),
        ("confirmed", confirmed, None),
    ]


def zone_piece(zone: Mapping[str, object]) -> str:
    """Return the key of a zone's land, the same in each of its versions (held, claimed...).

    A settlement's cell is keyed by the settlement, an advance area by its name; a zone
    that is neither (the ground held before the war, the peacekeeping area) by its id.
    """
    return _piece(zone.get("settlement"), zone.get("change"), zone.get("id"))


def _piece(settlement: object, change: object, zone_id: object) -> str:
    for value in (settlement, change, zone_id):
        if isinstance(value, str) and value:
            return value
    return ""


def change_kind(before: State, after: State) -> Change:
    """Name a change of state: claimed, confirmed (the day it was taken), claim confirmed..."""
    if after == "confirmed" and before == "claimed":
        return "claim_confirmed"
    return after


def since_day(day: dt.date, mode: str, window_days: int) -> dt.date:
    """Return the day a view's changes are counted from: the day before, or before the window.

    Parameters
    ----------
    day : datetime.date
        The selected day.
    mode : str
        ``"day"`` and ``"cumulative"`` compare with the previous day; ``"window"`` with the
        day before the window's first day.
    window_days : int
        Width of the window.
    """
    back = window_days if mode == "window" else 1
    return day - dt.timedelta(days=max(1, back))


def changes_for(state: ViewState) -> Changes:
    """Return what changed hands in a view: since the previous day, or since the window began."""
    return changes_between(since_day(state.date, state.mode, state.window_days), state.date)


def changes_between(since: dt.date, day: dt.date) -> Changes:
    """Return what changed hands after ``since`` up to and including ``day``.

    Each piece of land (a settlement's cell, an advance area) is compared in its state on
    the two days, so a claim made and confirmed in between counts once, as taken and
    confirmed. Outside the days the zones cover (26 September to 1 December 2020) no zone
    changes; the settlements still do.

    Parameters
    ----------
    since, day : datetime.date
        The day compared with and the day shown (``since`` before ``day``).

    Returns
    -------
    Changes
    """
    if since >= day:
        raise ValueError(f"changes_between: {since} is not before {day}")
    zones = _zone_changes(since, day)
    km2 = {
        kind: round(float(zones.loc[zones["kind"] == kind, "area_km2"].sum()), 2)
        for kind in CHANGES
        if (zones["kind"] == kind).any()
    }
    return Changes(since, day, zones, km2, _settlement_changes(since, day))


def _zone_changes(since: dt.date, day: dt.date) -> gpd.GeoDataFrame:
    since = max(since, ZONES_FIRST_DAY)
    if day > ZONES_LAST_DAY or day <= since:
        empty = _zones(ZONES_FIRST_DAY).iloc[0:0]
        return empty.assign(before=[], after=[], kind=[])
    before = _states(since)
    after = _states(day)
    was = [before.get(piece) for piece in after]
    changed = [b is not None and b != a for b, a in zip(was, after.values(), strict=True)]
    zones = _zones(day)[changed].copy()
    zones["before"] = [b for b, keep in zip(was, changed, strict=True) if keep]
    zones["after"] = [a for a, keep in zip(after.values(), changed, strict=True) if keep]
    zones["kind"] = [
        change_kind(b, a) for b, a in zip(zones["before"], zones["after"], strict=True)
    ]
    return zones.reset_index(drop=True)


@functools.cache
def _zones(day: dt.date) -> gpd.GeoDataFrame:
    """Return the zones of the day, each with the key of its land (the same in every version)."""
    zones = geodata.control_at(day)
    zones["piece"] = [
        _piece(*key) for key in zip(zones["settlement"], zones["change"], zones["id"], strict=True)
    ]
    return zones


@functools.cache
def _states(day: dt.date) -> dict[str, State]:
    """Return the state of each piece of land on the day, in the order of ``_zones(day)``."""
    zones = _zones(day)
    columns = ["piece", "controller", "contested", "settlement", "valid_from"]
    states = {
        piece: _zone_state(piece, controller, contested, settlement, valid_from, day)
        for piece, controller, contested, settlement, valid_from in zones[columns].itertuples(
            index=False
        )
    }
    if len(states) != len(zones):
        raise ValueError(
            f"two control zones of {day} stand for the same land (settlement or advance area): "
            "rebuild the zones with `python -m geodata.build.control`"
        )
    return states


def _zone_state(
    piece: str,
    controller: str,
    contested: bool,
    settlement: str,
    valid_from: pd.Timestamp,
    day: dt.date,
) -> State:
    if controller != "azerbaijani":
        return "held"
    if contested:
        return "claimed"
    if settlement in _periods():
        return _state_on(_periods()[settlement], day)
    first = valid_from.date()
    if first < CEASEFIRE_IN_FORCE:
        return "confirmed"
    # After the ceasefire no ground was taken by force: land that passed from Armenian to
    # Azerbaijani forces then (the Aghdam, Kalbajar and Lachin districts) was handed over.
    earlier = _states(first - dt.timedelta(days=1)).get(piece)
    return "handed_over" if earlier == "held" else "confirmed"


def _settlement_changes(since: dt.date, day: dt.date) -> pd.DataFrame:
    rows = []
    for place, periods in _periods().items():
        before, after = _state_on(periods, since), _state_on(periods, day)
        if before != after:
            names = text.both_names(_settlements_by_id()[place])
            rows.append((place, names, before, after, change_kind(before, after)))
    return pd.DataFrame(rows, columns=["id", "names", "before", "after", "kind"])


def _state_on(periods: list[tuple[State, dt.date | None, dt.date | None]], day: dt.date) -> State:
    for state, start, end in periods:
        if (start is None or start <= day) and (end is None or day <= end):
            return state
    return "held"


@functools.cache
def _periods() -> dict[str, list[tuple[State, dt.date | None, dt.date | None]]]:
    """Return each settlement's states with their dates, in the record's order."""
    return {place: settlement_periods(row) for place, row in _settlements_by_id().items()}


@functools.cache
def _settlements_by_id() -> dict[str, dict]:
    record = geodata.load_settlements().drop(columns="geometry")
    return {row["id"]: row for row in record.to_dict("records")}


def _day(value: object) -> dt.date | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date()
