"""Read UCDP Georeferenced Event Dataset (GED) CSV files, with or without a header row."""

from __future__ import annotations

import pandas as pd

from events.readers.dates import parse_dates
from events.readers.detect import UCDP_COLUMNS, header_fields
from events.readers.mapping import MappedEvents, map_codes, text_column
from events.readers.table import read_table, require_columns
from events.schema import EventDataError, Problem

#: ``where_prec`` (1 exact place ... 7 international waters) to our location precision.
WHERE_PRECISIONS = {
    "1": "exact",
    "2": "town",
    "3": "district",
    "4": "region",
    "5": "region",
    "6": "region",
    "7": "region",
}
#: ``date_prec`` (1 exact day ... 5 longer than a month) to our date precision.
DATE_PRECISIONS = {
    "1": "day",
    "2": "approximate",
    "3": "approximate",
    "4": "approximate",
    "5": "approximate",
}
#: ``type_of_violence`` to our kind and the label used in titles.
VIOLENCE_KINDS = {"1": "fighting", "2": "fighting", "3": "strike"}
VIOLENCE_LABELS = {
    "1": "State-based violence",
    "2": "Non-state violence",
    "3": "One-sided violence",
}

REQUIRED = ("id", "date_start", "type_of_violence", "latitude", "longitude")

_MAPPED = {
    "id": "id",
    "date_start": "date",
    "date_end": "date_precision, description",
    "date_prec": "date_precision",
    "type_of_violence": "kind, title",
    "dyad_name": "description",
    "side_a": "actors",
    "side_b": "actors",
    "source_article": "sources",
    "source_office": "sources",
    "event_clarity": "status",
    "where_prec": "location_precision",
    "where_coordinates": "place_name, title",
    "where_description": "description",
    "latitude": "lat",
    "longitude": "lon",
    "best": "fatalities",
    "low": "fatalities_source",
    "high": "fatalities_source",
}


#: ``event_clarity``: UCDP's own confidence in its coding of the event.
CLARITY_STATUSES = {"1": "confirmed", "2": "disputed"}


def _read_frame(text: str, name: str) -> tuple[pd.DataFrame, str, list[str]]:
    fields = header_fields(text)
    if fields and not fields[0].isdigit():
        table = read_table(text, name)
        return table.frame, "UCDP GED, with a header row", table.notes
    if len(fields) != len(UCDP_COLUMNS):
        raise EventDataError(
            name,
            [
                Problem(
                    None,
                    "",
                    f"UCDP GED without a header row must have the {len(UCDP_COLUMNS)} columns of"
                    f" GED 20.1 and later; this file has {len(fields)}: add the header row",
                )
            ],
        )
    table = read_table(text, name, header=False)
    table.frame.columns = UCDP_COLUMNS
    return (
        table.frame,
        "UCDP GED, without a header row (GED 20.1+ column order assumed)",
        table.notes,
    )


def read_ucdp(text: str, name: str) -> MappedEvents:
    """Map a UCDP GED CSV to our columns.

    Parameters
    ----------
    text
        The decoded CSV, with or without the header row.
    name
        File name for messages.

    Returns
    -------
    MappedEvents
        Rows mapped per events/FORMATS.md; rows with unknown codes carry problems and are
        rejected, the rest kept.
    """
    frame, details, notes = _read_frame(text, name)
    return map_ucdp(frame, name, details, notes)


def _status(frame: pd.DataFrame, problems: list[Problem]) -> pd.Series:
    """UCDP's clarity as our status: coded by UCDP, confirmed when clear, else disputed."""
    clarity = text_column(frame, "event_clarity")
    status = map_codes("UCDP", clarity, CLARITY_STATUSES, "event_clarity", problems)
    return status.where(clarity.ne(""), "claimed")


def _description(frame: pd.DataFrame, start: pd.Series, end: pd.Series) -> pd.Series:
    spans = end.ne("") & end.ne(start)
    dyad = text_column(frame, "dyad_name")
    span_note = ("Between " + start + " and " + end + ".").where(spans, "")
    clarity = text_column(frame, "event_clarity").map(
        {"2": "UCDP codes this event with low clarity."}
    )
    description = (
        dyad.where(dyad.eq(""), dyad + ".")
        + " "
        + text_column(frame, "where_description")
        + " "
        + span_note
        + " "
        + clarity.fillna("")
    )
    return description.str.replace(r"\s{2,}", " ", regex=True).str.strip()


def map_ucdp(frame: pd.DataFrame, name: str, details: str, notes: list[str]) -> MappedEvents:
    """Map UCDP GED columns (from a CSV or GeoJSON properties) to ours.

    The events are UCDP's coding, not claims of the news offices it read: ``event_clarity``
    gives the status (1 confirmed, 2 disputed), UCDP GED is the claimant of a disputed
    event, and the offices and articles are the sources.

    Parameters
    ----------
    frame
        UCDP GED columns as text, indexed by row number.
    name
        File name for messages.
    details
        The layout found, for the report.
    notes
        Layout notes so far.

    Returns
    -------
    MappedEvents
        Rows mapped per events/FORMATS.md.
    """
    require_columns(frame, REQUIRED, name, "a UCDP GED file")
    problems: list[Problem] = []
    event_id = text_column(frame, "id").str.replace(r"\.0$", "", regex=True)
    # Excel turns GED's ISO dates into month-first US dates ("1/22/2014 12:00:00 AM")
    start = parse_dates(text_column(frame, "date_start"), False, "UCDP GED after Excel")
    end = parse_dates(text_column(frame, "date_end"), False, "UCDP GED after Excel").dates
    spans = end.ne("") & end.ne(start.dates)
    precision = map_codes(
        "UCDP", text_column(frame, "date_prec"), DATE_PRECISIONS, "date_prec", problems
    )
    precision = precision.where(text_column(frame, "date_prec").ne(""), "day").mask(
        spans, "approximate"
    )
    violence = text_column(frame, "type_of_violence")
    where = text_column(frame, "where_coordinates")
    label = violence.map(VIOLENCE_LABELS).fillna("Violence")
    best, low, high = (text_column(frame, column) for column in ("best", "low", "high"))
    offices = text_column(frame, "source_office").str.replace(";", "|", regex=False)
    articles = text_column(frame, "source_article").str.replace(";", "|", regex=False)
    sources = articles.where(articles.ne(""), offices)
    status = _status(frame, problems)
    mapped = pd.DataFrame(
        {
            "id": ("ucdp:" + event_id).where(event_id.ne(""), ""),
            "date": start.dates,
            "date_precision": precision,
            "title": (label + " at " + where).where(where.ne(""), label),
            "description": _description(frame, start.dates, end),
            "kind": map_codes("UCDP", violence, VIOLENCE_KINDS, "type_of_violence", problems),
            "place_name": where,
            "lat": text_column(frame, "latitude"),
            "lon": text_column(frame, "longitude"),
            "location_precision": map_codes(
                "UCDP", text_column(frame, "where_prec"), WHERE_PRECISIONS, "where_prec", problems
            ).where(text_column(frame, "where_prec").ne(""), "town"),
            "status": status,
            "claimed_by": pd.Series("UCDP GED", index=frame.index).where(
                status.ne("confirmed"), ""
            ),
            "actors": text_column(frame, "side_a") + " | " + text_column(frame, "side_b"),
            "fatalities": best,
            "fatalities_source": (
                "UCDP GED " + event_id + " (best estimate; low " + low + ", high " + high + ")"
            ).where(best.ne(""), ""),
            # a row without offices or articles still names where it comes from
            "sources": sources.where(sources.ne(""), "UCDP GED event " + event_id),
        },
        index=frame.index,
    )
    return MappedEvents(
        frame=mapped,
        format="ucdp",
        details=details,
        columns_mapped={column: field for column, field in _MAPPED.items() if column in frame},
        columns_ignored=[column for column in frame.columns if column not in _MAPPED],
        problems=problems,
        date_style=start.description,
        notes=notes,
    )
