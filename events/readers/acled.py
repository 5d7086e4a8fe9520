"""Read ACLED CSV exports (both column layouts) into our event schema."""

from __future__ import annotations

import pandas as pd

from events.readers.dates import parse_dates
from events.readers.mapping import MappedEvents, map_codes, text_column
from events.readers.table import read_table, require_columns
from events.schema import Problem, cut

#: Our kind for each ACLED sub-event type (lower case); see events/FORMATS.md for why.
SUB_EVENT_KINDS = {
    "armed clash": "fighting",
    "government regains territory": "capture",
    "non-state actor overtakes territory": "capture",
    "shelling/artillery/missile attack": "strike",
    "air/drone strike": "strike",
    "suicide bomb": "strike",
    "remote explosive/landmine/ied": "strike",
    "grenade": "strike",
    "chemical weapon": "strike",
    "attack": "strike",
    "abduction/forced disappearance": "humanitarian",
    "sexual violence": "humanitarian",
    "peaceful protest": "political",
    "protest with intervention": "political",
    "excessive force against protesters": "political",
    "violent demonstration": "political",
    "mob violence": "political",
    "agreement": "diplomacy",
    "arrests": "political",
    "change to group/activity": "political",
    "disrupted weapons use": "fighting",
    "headquarters or base established": "fighting",
    "looting/property destruction": "humanitarian",
    "non-violent transfer of territory": "capture",
    "other": "other",
}

#: Our kind for each ACLED event type, used when the sub-event type is absent or unknown.
EVENT_KINDS = {
    "battles": "fighting",
    "explosions/remote violence": "strike",
    "violence against civilians": "strike",
    "protests": "political",
    "riots": "political",
    "strategic developments": "political",
    # event types of the layout before 2019; a change of territory is a capture
    "battle-no change of territory": "fighting",
    "battle-government regains territory": "capture",
    "battle-non-state actor overtakes territory": "capture",
    "non-violent transfer of territory": "capture",
    "riots/protests": "political",
    "remote violence": "strike",
    "headquarters or base established": "fighting",
    "strategic development": "political",
}

GEO_PRECISIONS = {"1": "town", "2": "district", "3": "region"}
TIME_PRECISIONS = {"1": "day", "2": "approximate", "3": "approximate"}

#: ACLED's numeric actor-type codes (``inter1``/``inter2``); newer exports write the label.
INTER_LABELS = {
    "0": "no second actor",
    "1": "State forces",
    "2": "Rebel group",
    "3": "Political militia",
    "4": "Identity militia",
    "5": "Rioters",
    "6": "Protesters",
    "7": "Civilians",
    "8": "External/Other forces",
}

REQUIRED = ("event_id_cnty", "event_date", "event_type", "latitude", "longitude")
_OLD_LAYOUT = ("event_id_no_cnty", "data_id", "iso3")
_NEW_LAYOUT = ("disorder_type", "civilian_targeting", "tags")
_CEASEFIRE_WORDS = r"(?i)cease-?fire|truce"

_MAPPED = {
    "event_id_cnty": "id",
    "event_date": "date",
    "time_precision": "date_precision",
    "event_type": "kind",
    "sub_event_type": "kind, title",
    "actor1": "actors",
    "assoc_actor_1": "actors",
    "actor2": "actors",
    "assoc_actor_2": "actors",
    "inter1": "description",
    "inter2": "description",
    "civilian_targeting": "description",
    "location": "place_name, title",
    "latitude": "lat",
    "longitude": "lon",
    "geo_precision": "location_precision",
    "source": "sources",
    "notes": "description",
    "fatalities": "fatalities",
}


def layout_of(columns: pd.Index) -> str:
    """Name the ACLED column layout: before March 2023, from March 2023, or unclear."""
    if any(column in columns for column in _NEW_LAYOUT):
        return "ACLED, layout from March 2023 (disorder_type, civilian_targeting, tags)"
    if any(column in columns for column in _OLD_LAYOUT):
        return "ACLED, layout before March 2023 (event_id_no_cnty, data_id, iso3)"
    return "ACLED"


def _kinds(frame: pd.DataFrame, problems: list[Problem]) -> pd.Series:
    event_type = text_column(frame, "event_type")
    sub_event_type = text_column(frame, "sub_event_type")
    kinds = sub_event_type.str.lower().map(SUB_EVENT_KINDS)
    kinds = kinds.fillna(event_type.str.lower().map(EVENT_KINDS))
    ceasefire = sub_event_type.str.lower().eq("agreement") & text_column(
        frame, "notes"
    ).str.contains(_CEASEFIRE_WORDS, regex=True)
    kinds = kinds.mask(ceasefire, "ceasefire")
    unknown = kinds.isna() & event_type.ne("")
    problems.extend(
        Problem(
            int(row),
            "event_type",
            f"unknown ACLED event_type {cut(value)!r}: expected one of "
            "Battles, Explosions/Remote violence, Violence against civilians, Protests, Riots, "
            "Strategic developments (or a type of the layout before 2019)",
        )
        for row, value in event_type[unknown].items()
    )
    return kinds.fillna("")


def _inter_label(values: pd.Series) -> pd.Series:
    """ACLED's actor-type label for a numeric code; labels (newer exports) pass through."""
    return values.replace(INTER_LABELS)


def _joined(*parts: pd.Series) -> pd.Series:
    """Join several text columns with the multi-value separator (empty parts drop out later)."""
    result = parts[0]
    for part in parts[1:]:
        result = result + " | " + part
    return result


#: Columns of the UPPERCASE layout (before 2019) under the names used since.
_ALIASES = {"ally_actor_1": "assoc_actor_1", "ally_actor_2": "assoc_actor_2"}


def _merge_monadic(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Fold the rows of one event (one per actor in monadic exports) into its first row.

    Monadic exports write an event once per actor, with the same ``event_id_cnty`` and only
    ``actor1``: the merged row carries every actor, so the event is kept once, not reported
    as a duplicate id.
    """
    if "actor2" in frame:
        return frame, 0  # dyadic: one row per event, so a repeated id is an error
    ids = frame["event_id_cnty"].str.strip()
    repeated = ids.duplicated(keep=False) & ids.ne("")
    if not repeated.any():
        return frame, 0
    merged = frame[~ids.duplicated(keep="first") | ids.eq("")].copy()
    firsts = ids[merged.index]
    for column in ("actor1", "assoc_actor_1"):
        if column in frame:
            merged[column] = firsts.map(_actors_by_id(ids[repeated], frame[column][repeated]))
            merged[column] = merged[column].fillna(frame[column][merged.index])
    return merged, len(frame) - len(merged)


def _actors_by_id(ids: pd.Series, actors: pd.Series) -> pd.Series:
    """Join each event's actors in file order, once each (a loop: groupby calls per group)."""
    found: dict[str, dict[str, None]] = {}
    for event, actor in zip(ids.tolist(), actors.str.strip().tolist(), strict=True):
        if actor:
            found.setdefault(event, {})[actor] = None
    return pd.Series({event: "; ".join(names) for event, names in found.items()}, dtype=object)


def _layout(frame: pd.DataFrame, monadic: bool) -> str:
    layout = layout_of(frame.columns)
    if "gwno" in frame or "ally_actor_1" in frame:
        layout = "ACLED, UPPERCASE layout before 2019 (GWNO, ALLY_ACTOR_1)"
    if monadic:
        layout += "; monadic (one row per actor, merged into one event)"
    return layout


def _description(frame: pd.DataFrame) -> pd.Series:
    inter1 = _inter_label(text_column(frame, "inter1"))
    inter2 = _inter_label(text_column(frame, "inter2"))
    actor_types = ("ACLED actor types: " + inter1 + "; " + inter2).where(
        inter1.ne("") | inter2.ne(""), ""
    )
    actor_types = actor_types.str.replace(r"; $", "", regex=True)
    targeting = text_column(frame, "civilian_targeting")
    targeting_note = ("ACLED: " + targeting.str.lower() + ".").where(targeting.ne(""), "")
    description = (
        text_column(frame, "notes")
        + (" (" + actor_types + ")").where(actor_types.ne(""), "")
        + (" " + targeting_note).where(targeting_note.ne(""), "")
    )
    return description.str.strip()


def _coded(
    frame: pd.DataFrame, column: str, codes: dict, default: str, problems: list
) -> pd.Series:
    values = text_column(frame, column)
    return map_codes("ACLED", values, codes, column, problems).where(values.ne(""), default)


def read_acled(text: str, name: str) -> MappedEvents:
    """Map an ACLED export to our columns.

    Reads the layouts ACLED has used (UPPERCASE before 2019, lower case since, monadic or
    dyadic), in any column order and with extra columns. The events are ACLED's coding of
    the reports it cites: ACLED is the claimant, the outlets are the sources.

    Parameters
    ----------
    text
        The decoded CSV.
    name
        File name for messages.

    Returns
    -------
    MappedEvents
        Rows mapped per events/FORMATS.md; rows with unknown codes carry problems and are
        rejected, the rest kept.
    """
    table = read_table(text, name)
    frame = table.frame.rename(columns=_ALIASES)
    require_columns(frame, REQUIRED, name, "an ACLED export")
    frame, merged = _merge_monadic(frame)
    problems: list[Problem] = []
    event_id = text_column(frame, "event_id_cnty")
    location = text_column(frame, "location")
    sub_event_type = text_column(frame, "sub_event_type").where(
        text_column(frame, "sub_event_type").ne(""), text_column(frame, "event_type")
    )
    dates = parse_dates(text_column(frame, "event_date"), day_first_default=True, origin="ACLED")
    # split_multi strips each item, so a bare "|" is enough (and needs no regex per row)
    outlets = text_column(frame, "source").str.replace(";", "|", regex=False)
    fatalities = text_column(frame, "fatalities")
    mapped = pd.DataFrame(
        {
            "id": ("acled:" + event_id).where(event_id.ne(""), ""),
            "date": dates.dates,
            "date_precision": _coded(frame, "time_precision", TIME_PRECISIONS, "day", problems),
            "title": (sub_event_type + " in " + location).where(location.ne(""), sub_event_type),
            "description": _description(frame),
            "kind": _kinds(frame, problems),
            "place_name": location,
            "lat": text_column(frame, "latitude"),
            "lon": text_column(frame, "longitude"),
            "location_precision": _coded(frame, "geo_precision", GEO_PRECISIONS, "town", problems),
            "status": "claimed",
            "claimed_by": "ACLED",
            "actors": _joined(
                text_column(frame, "actor1").str.replace(";", "|", regex=False),
                text_column(frame, "assoc_actor_1").str.replace(";", "|", regex=False),
                text_column(frame, "actor2"),
                text_column(frame, "assoc_actor_2").str.replace(";", "|", regex=False),
            ),
            "fatalities": fatalities,
            "fatalities_source": ("ACLED " + event_id).where(fatalities.ne(""), ""),
            "sources": outlets,
        },
        index=frame.index,
    )
    return MappedEvents(
        frame=mapped,
        format="acled",
        details=_layout(frame, "actor2" not in frame),
        columns_mapped={column: field for column, field in _MAPPED.items() if column in frame},
        columns_ignored=[column for column in frame.columns if column not in _MAPPED],
        problems=problems,
        date_style=dates.description,
        notes=table.notes,
        rows_merged=merged,
    )
