"""The war's calendar: the dates that bound the fighting, the ceasefire and the handovers.

One home for them, used by the control zones (``geodata``), the curated record's period
(``events``) and the timeline of the page, the images and the exports (``dashboard``).
"""

from __future__ import annotations

import datetime as dt

#: 27 September 2020: full-scale fighting breaks out along the line of contact (day 1).
WAR_START = dt.date(2020, 9, 27)
#: 10 November 2020: the statement signed on the night of 9/10 November takes effect.
CEASEFIRE_IN_FORCE = dt.date(2020, 11, 10)
#: 1 December 2020: the last district (Lachin/Berdzor) handed over under the statement.
AFTERMATH_END = dt.date(2020, 12, 1)
#: 44: 27 September is day 1 of the war, 9 November day 44.
WAR_DAYS = (CEASEFIRE_IN_FORCE - WAR_START).days
#: 26 September 2020, the eve of the war: the first day of the dated control zones, which
#: start from the line of contact of 1994.
ZONES_FIRST_DAY = WAR_START - dt.timedelta(days=1)
