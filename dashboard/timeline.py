"""The war's calendar for the page: playing speeds and the key dates marked on the timeline."""

from __future__ import annotations

import datetime as dt

# Playing speeds offered, in days a second.
SPEEDS: dict[str, float] = {
    "0.5 day/s": 0.5,
    "1 day/s": 1.0,
    "2 days/s": 2.0,
    "4 days/s": 4.0,
    "10 days/s": 10.0,
}

# Marked on the track and reachable from it. Dates follow the project's record
# (events/data/events.csv): the humanitarian truces as announced, the claims of Hadrut and
# Shusha/Shushi, the statement, and the handovers it set.
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
