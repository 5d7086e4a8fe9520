"""The war's calendar for the page, the images and the exports: day labels, ranges, dated layers."""

from __future__ import annotations

import datetime as dt

from geodata.periods import (
    AFTERMATH_END,
    CEASEFIRE_IN_FORCE,
    WAR_DAYS,
    WAR_START,
    ZONES_FIRST_DAY,
)

__all__ = [
    "AFTERMATH_END",
    "CEASEFIRE_IN_FORCE",
    "DATED_LAYERS",
    "KEY_DATES",
    "POST_CEASEFIRE_LAYERS",
    "SPEEDS",
    "WAR_DAYS",
    "WAR_START",
    "date_label",
    "has_control_zones",
    "last_day",
    "timeline_days",
    "timeline_range",
]

#: Layers that exist only from the statement of 9/10 November 2020.
POST_CEASEFIRE_LAYERS = frozenset(
    {"contact_line_2020", "peacekeeping_zone", "lachin_corridor", "nakhchivan_corridor"}
)
#: Layers whose features depend on the selected date: the web map holds every version and
#: draws those of the day; the images draw the day's version.
DATED_LAYERS = POST_CEASEFIRE_LAYERS | {"control_zones"}


def date_label(day: dt.date) -> str:
    """Return "Day N of 44" during the war, "Ceasefire in force" from 10 November 2020."""
    if day >= CEASEFIRE_IN_FORCE:
        return "Ceasefire in force"
    if day < WAR_START:
        return "Before the war"
    return f"Day {(day - WAR_START).days + 1} of {WAR_DAYS}"


def last_day(extended: bool) -> dt.date:
    """Return the timeline's last day: 10 November 2020, or 1 December 2020 if ``extended``."""
    return AFTERMATH_END if extended else CEASEFIRE_IN_FORCE


def timeline_days(extended: bool = False) -> list[dt.date]:
    """Return every day of the timeline: 27 September to 10 November 2020 (45 days).

    With ``extended``, the aftermath follows to 1 December 2020 (66 days).
    """
    end = last_day(extended)
    return [WAR_START + dt.timedelta(days=offset) for offset in range((end - WAR_START).days + 1)]


def timeline_range(
    extended: bool, span: tuple[dt.date, dt.date] | None = None
) -> tuple[dt.date, dt.date]:
    """Return the first and last day the timeline offers.

    Parameters
    ----------
    extended : bool
        Whether the timeline runs on to 1 December 2020.
    span : (date, date), optional
        The dates of a user's event file: the timeline widens to show all of them.
    """
    first, last = WAR_START, last_day(extended)
    if span is not None:
        first, last = min(first, span[0]), max(last, span[1])
    return first, last


def has_control_zones(day: dt.date) -> bool:
    """Return whether the dated control zones cover ``day`` (26 September to 1 December 2020).

    Uploaded event files may reach beyond those dates; the maps then show no zones.
    """
    return ZONES_FIRST_DAY <= day <= AFTERMATH_END


#: Playing speeds the timeline offers, in days a second.
SPEEDS: dict[str, float] = {
    "0.5 day/s": 0.5,
    "1 day/s": 1.0,
    "2 days/s": 2.0,
    "4 days/s": 4.0,
    "10 days/s": 10.0,
}

#: Marked on the timeline's track and reachable from it. Dates follow the project's record
#: (events/data/events.csv): the humanitarian truces as they took effect, the claims of
#: Hadrut and Shusha/Shushi, the statement, and the handovers it set.
KEY_DATES: tuple[tuple[dt.date, str], ...] = (
    (dt.date(2020, 10, 9), "Azerbaijan says it has taken Hadrut"),
    (dt.date(2020, 10, 10), "First humanitarian truce (Moscow)"),
    (dt.date(2020, 10, 18), "Second humanitarian truce (from midnight 17/18 October)"),
    (dt.date(2020, 10, 26), "Third humanitarian truce (Washington)"),
    (dt.date(2020, 11, 8), "Azerbaijan takes Shusha/Shushi"),
    (dt.date(2020, 11, 10), "Trilateral statement in force; Russian peacekeepers deploy"),
    (dt.date(2020, 11, 20), "Aghdam district handed over"),
    (dt.date(2020, 11, 25), "Kalbajar/Karvachar district handed over"),
    (dt.date(2020, 12, 1), "Lachin/Berdzor district handed over"),
)
