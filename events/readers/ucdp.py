"""Read UCDP Georeferenced Event Dataset (GED) CSV files, with or without a header row."""

from __future__ import annotations

import pandas as pd

from events.readers.detect import UCDP_COLUMNS, header_fields, read_table, require_columns
from events.readers.mapping import MappedEvents, map_codes, parse_dates, text_column
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
_DATE_LAYOUTS = ("%Y-%m-%d",)

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
    "source_office": "claimed_by, sources",
    "where_prec": "location_precision",
    "where_coordinates": "place_name, title",
    "where_description": "description",
    "latitude": "lat",
    "longitude": "lon",
    "best": "fatalities",
    "low": "fatalities_source",
    "high": "fatalities_source",
}


def _read_frame(text: str, name: str) -> tuple[pd.DataFrame, str]:
    fields = header_fields(text)
    if fields and not fields[0].isdigit():
        return read_table(text, name), "UCDP GED, with a header row"
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
    frame = read_table(text, name, header=False)
    frame.columns = UCDP_COLUMNS
    return frame, "UCDP GED, without a header row (GED 20.1+ column order assumed)"


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
    frame, details = _read_frame(text, name)
    require_columns(frame, REQUIRED, name, "a UCDP GED file")
    problems: list[Problem] = []
    event_id = text_column(frame, "id")
    start = parse_dates(text_column(frame, "date_start").str.slice(0, 10), _DATE_LAYOUTS)
    end = parse_dates(text_column(frame, "date_end").str.slice(0, 10), _DATE_LAYOUTS)
    spans = end.ne("") & end.ne(start)
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
    dyad = text_column(frame, "dyad_name")
    span_note = ("Between " + start + " and " + end + ".").where(spans, "")
    description = (
        dyad.where(dyad.eq(""), dyad + ".")
        + " "
        + text_column(frame, "where_description")
        + " "
        + span_note
    ).str.replace("  ", " ", regex=False)
    offices = text_column(frame, "source_office").str.replace(";", "|", regex=False)
    articles = text_column(frame, "source_article").str.replace(";", "|", regex=False)
    mapped = pd.DataFrame(
        {
            "id": ("ucdp:" + event_id).where(event_id.ne(""), ""),
            "date": start,
            "date_precision": precision,
            "title": (label + " at " + where).where(where.ne(""), label),
            "description": description.str.strip(),
            "kind": map_codes("UCDP", violence, VIOLENCE_KINDS, "type_of_violence", problems),
            "place_name": where,
            "lat": text_column(frame, "latitude"),
            "lon": text_column(frame, "longitude"),
            "location_precision": map_codes(
                "UCDP", text_column(frame, "where_prec"), WHERE_PRECISIONS, "where_prec", problems
            ).where(text_column(frame, "where_prec").ne(""), "town"),
            "status": "claimed",
            "claimed_by": offices,
            "actors": text_column(frame, "side_a") + " | " + text_column(frame, "side_b"),
            "fatalities": best,
            "fatalities_source": (
                "UCDP GED " + event_id + " (best estimate; low " + low + ", high " + high + ")"
            ).where(best.ne(""), ""),
            "sources": articles.where(articles.ne(""), offices),
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
    )
