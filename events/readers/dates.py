"""Parse the date styles analysts' files carry, deciding day-first or month-first per file."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import numpy as np
import pandas as pd

#: Numeric day and month in either order, a 2- or 4-digit year, an optional clock (ignored).
_NUMERIC = (
    r"^(?P<first>\d{1,2})(?P<sep>[/.-])(?P<second>\d{1,2})(?P=sep)(?P<year>\d{4}|\d{2})"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp][Mm])?)?$"
)
#: Year first (ISO and its slash form), with an optional time and offset (ignored here).
_YEAR_FIRST = (
    r"^(?P<year>\d{4})[-/](?P<month>\d{1,2})[-/](?P<day>\d{1,2})"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
#: A month's name between the day and the year: "9-May-20", "01-January-2015", "4 October 2020".
_NAMED = (
    r"^(?P<day>\d{1,2})[ -](?P<month>[A-Za-z]{3,9})\.?,?[ -](?P<year>\d{4}|\d{2})"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?)?$"
)
_MONTHS = {
    name: number
    for number in range(1, 13)
    for name in (
        dt.date(2000, number, 1).strftime("%B").lower(),
        dt.date(2000, number, 1).strftime("%b").lower(),
    )
} | {"sept": 9}


#: A number above this can only be a day.
_MONTHS_IN_YEAR = 12


class DateStyle(NamedTuple):
    """How a file writes its dates, as decided from its values.

    Parameters
    ----------
    dates
        The dates as ISO text ("2020-10-04"); a value that fits no style is passed through
        unchanged so that the checks quote it as written.
    description
        The style and, for numeric days and months, the order chosen and why.
    """

    dates: pd.Series
    description: str


def _two_digit_years(years: pd.Series) -> pd.Series:
    """Four-digit years; two-digit ones are read as 19xx when that is not in the future."""
    numbers = pd.to_numeric(years, errors="coerce")
    short = years.str.len().eq(2)
    pivot = dt.date.today().year % 100
    century = np.where(numbers > pivot, 1900, 2000)
    return numbers.where(~short, numbers + century)


def _iso(year: pd.Series, month: pd.Series, day: pd.Series) -> pd.Series:
    """ISO text of valid dates; NaN where the parts make no date (31 February, month 13)."""
    frame = pd.DataFrame({"year": year, "month": month, "day": day}).apply(
        pd.to_numeric, errors="coerce"
    )
    stamps = pd.to_datetime(frame, errors="coerce")
    return stamps.dt.strftime("%Y-%m-%d").where(stamps.notna())


def _numeric_order(
    first: pd.Series, second: pd.Series, day_first_default: bool, origin: str
) -> tuple[bool, str]:
    """Decide day-first or month-first for a whole file; return the choice and the reason."""
    first_day = pd.to_numeric(first) > _MONTHS_IN_YEAR
    second_day = pd.to_numeric(second) > _MONTHS_IN_YEAR
    if first_day.any() and not second_day.any():
        example = first[first_day].iloc[0]
        return True, f"day first: a first number above 12 ({example}) can only be a day"
    if second_day.any() and not first_day.any():
        example = second[second_day].iloc[0]
        return False, f"month first: a second number above 12 ({example}) can only be a day"
    if first_day.any():
        # both orders occur: follow the origin and let the other rows be reported
        choice = "day" if day_first_default else "month"
        return (
            day_first_default,
            f"{choice} first ({origin}'s order), although some values only fit the other order",
        )
    choice = "day" if day_first_default else "month"
    return (
        day_first_default,
        f"{choice} first: no value settles it, and {origin} writes {choice}s first",
    )


def parse_dates(values: pd.Series, day_first_default: bool, origin: str) -> DateStyle:
    """Parse a file's date column written in any of the styles analysts' exports carry.

    Handles ISO dates and date-times ("2020-10-04", "2020-10-04T12:00:00Z", "2020/10/04"),
    numeric days and months with 2- or 4-digit years and an optional clock
    ("31-12-19", "14/08/2020 00:00:00", "1/22/2014 12:00:00 AM", "05/02/2014 00:00"), and
    month names ("9-May-20", "01-January-2015", "4 October 2020"). Whether numeric dates put
    the day or the month first is decided once for the whole file: a number above 12 settles
    it; otherwise the file's origin does (ACLED writes days first).

    Parameters
    ----------
    values
        The date column as text.
    day_first_default
        The order to assume when no value settles it.
    origin
        Who wrote the file ("ACLED", "UCDP GED after Excel", ...), named in the description.

    Returns
    -------
    DateStyle
        ISO dates (unparsed values passed through) and a description of the style found.
    """
    # Event files repeat the same few hundred dates: parse each distinct text once.
    # (stripped once found distinct: no stripped copy of the whole column is made)
    codes, distinct = pd.factorize(values, use_na_sentinel=False)
    text = pd.Series(distinct, dtype=object).astype(str).str.strip()
    parsed = pd.Series(np.nan, index=text.index, dtype=object)
    styles: list[str] = []

    year_first = text.str.extract(_YEAR_FIRST)
    found = year_first["year"].notna()
    if found.any():
        parsed[found] = _iso(year_first["year"], year_first["month"], year_first["day"])[found]
        styles.append("year first (ISO)")

    named = text.str.extract(_NAMED)
    months = named["month"].str.lower().map(_MONTHS)
    found = named["day"].notna() & months.notna() & parsed.isna()
    if found.any():
        years = _two_digit_years(named["year"])
        parsed[found] = _iso(years, months, named["day"])[found]
        short = named["year"].str.len().eq(2) & found
        styles.append("day, month name, " + ("two-digit year" if short.any() else "year"))

    numeric = text.str.extract(_NUMERIC)
    found = numeric["first"].notna() & parsed.isna()
    if found.any():
        day_first, reason = _numeric_order(
            numeric["first"][found], numeric["second"][found], day_first_default, origin
        )
        day, month = ("first", "second") if day_first else ("second", "first")
        years = _two_digit_years(numeric["year"])
        parsed[found] = _iso(years, numeric[month], numeric[day])[found]
        short = numeric["year"].str.len().eq(2) & found
        styles.append(
            f"numeric, {reason}" + ("; two-digit years read as 19xx/20xx" if short.any() else "")
        )

    iso = pd.Series(parsed.where(parsed.notna(), text), dtype=str)
    description = "; ".join(styles) if styles else "no date style recognised"
    # taken from the distinct texts by code: Arrow copies text, no Python string per row
    return DateStyle(iso.take(codes).set_axis(values.index), description)
