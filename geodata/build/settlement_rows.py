"""The settlement record's vocabulary and the checks of one row, each naming its field."""

from __future__ import annotations

import re
from datetime import date

from geodata import periods

KINDS = ("city", "town", "village", "settlement", "height")
# Each district of the record, as the units of the districts layer that make it up. The former
# Mardakert district is a unit of its own there; Azerbaijan split it between Tartar and
# Kalbajar (Talish, Sugovushan/Madagiz, Charektar lie in it).
DISTRICT_UNITS = {
    "Aghdam": ("aghdam",),
    "Fuzuli": ("fuzuli",),
    "Jabrayil": ("jabrayil",),
    "Zangilan": ("zangilan",),
    "Qubadli": ("qubadli",),
    "Lachin": ("lachin",),
    "Kalbajar": ("kalbajar", "martakert"),
    "Khojavend": ("khojavend",),
    "Khojaly": ("khojaly",),
    "Shusha": ("shusha",),
    "Tartar": ("tartar", "martakert"),
    "Khankendi": ("khankendi",),
}
HANDOVER_DATES = ("2020-11-20", "2020-11-25", "2020-12-01")
FIRST_DAY, LAST_DAY = periods.WAR_START, periods.AFTERMATH_END
LAST_WAR_DAY = periods.CEASEFIRE_IN_FORCE.fromordinal(periods.CEASEFIRE_IN_FORCE.toordinal() - 1)
SOURCE_COLUMNS = ("claim_sources", "confirm_sources", "deny_sources", "handover_sources")
_ID = re.compile(r"^[a-z]+-[a-z0-9-]+$")
# A registry package as a coordinate source: "name version file-or-table record-id".
PACKAGE_SOURCE = re.compile(r"^[A-Za-z0-9_.-]+ \d[\w.]* .+$")
# Every placed settlement lies in this box (min_lon, min_lat, max_lon, max_lat).
_STUDY_BOX = (45.5, 38.8, 47.6, 40.6)


def _items(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(" | ")] if cell else []


def is_url(text: str) -> bool:
    """Return whether ``text`` is one http(s) address."""
    return text.startswith(("http://", "https://")) and " " not in text


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if len(text) == len("YYYY-MM-DD") else None
    except ValueError:
        return None


def row_errors(row: dict[str, str]) -> list[tuple[str, str]]:
    """Return (field, problem) pairs for one row of the record."""
    errors = _name_errors(row) + _coordinate_errors(row) + _claim_errors(row)
    confirmed = row["confirmed_on"]
    if confirmed and confirmed != "never":
        day = _day(confirmed)
        if day is None or not FIRST_DAY <= day <= LAST_DAY:
            errors.append(("confirmed_on", f"a date from {FIRST_DAY} to {LAST_DAY}, or 'never'"))
        if not (row["confirmed_by"] and _items(row["confirm_sources"])):
            errors.append(("confirmed_on", "a date needs confirmed_by and confirm_sources"))
    if bool(row["denied_by"]) != bool(row["deny_sources"]):
        errors.append(("denied_by", "denied_by and deny_sources go together"))
    handover = row["handover_on"]
    if handover and handover not in HANDOVER_DATES:
        errors.append(("handover_on", f"must be one of {', '.join(HANDOVER_DATES)}"))
    if bool(handover) != bool(row["handover_sources"]):
        errors.append(("handover_on", "handover_on and handover_sources go together"))
    for column in SOURCE_COLUMNS:
        if any(not is_url(item) for item in _items(row[column])):
            errors.append((column, "every item must be an http(s) URL, separated by ' | '"))
    return errors


def _name_errors(row: dict[str, str]) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    if row["district"] not in DISTRICT_UNITS:
        errors.append(("district", f"must be one of {', '.join(DISTRICT_UNITS)}"))
    elif not _ID.match(row["id"]) or not row["id"].startswith(row["district"].lower() + "-"):
        errors.append(
            ("id", "must be a lowercase slug starting with the district, e.g. fuzuli-arish")
        )
    if not row["name"]:
        errors.append(("name", "is empty"))
    if row["kind"] not in KINDS:
        errors.append(("kind", f"must be one of {', '.join(KINDS)}"))
    return errors


def _claim_errors(row: dict[str, str]) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    claimed = _day(row["claimed_on"])
    handover = row["handover_on"]
    if claimed is None or not FIRST_DAY <= claimed <= LAST_DAY:
        errors.append(("claimed_on", f"must be a date from {FIRST_DAY} to {LAST_DAY}"))
    elif claimed > LAST_WAR_DAY and not (
        row["claimed_on"] in HANDOVER_DATES and row["claimed_by"].startswith("Trilateral statement")
    ):
        errors.append(
            (
                "claimed_on",
                f"after {LAST_WAR_DAY} only a handover date under the statement "
                "(claimed_by 'Trilateral statement of 10 November 2020, point ...')",
            )
        )
    elif handover and row["claimed_on"] != handover:
        errors.append(("claimed_on", "a handed-over place is claimed on its handover_on date"))
    if not row["claimed_by"]:
        errors.append(("claimed_by", "is empty: name who announced it"))
    if not _items(row["claim_sources"]):
        errors.append(("claim_sources", "needs at least one http(s) URL"))
    return errors


def _coordinate_errors(row: dict[str, str]) -> list[tuple[str, str]]:
    if not row["lat"] and not row["lon"]:
        if not row["unplaced_reason"]:
            return [("unplaced_reason", "an unplaced settlement needs its reason")]
        if row["coord_source"]:
            return [("coord_source", "must be empty when lat/lon are empty")]
        return []
    try:
        lat, lon = float(row["lat"]), float(row["lon"])
    except ValueError:
        return [("lat", "lat and lon must both be decimal degrees")]
    errors = []
    min_lon, min_lat, max_lon, max_lat = _STUDY_BOX
    if not (min_lat <= lat <= max_lat and min_lon <= lon <= max_lon):
        errors.append(("lat", "outside the study area; check for swapped or mistyped values"))
    source = row["coord_source"]
    if not (is_url(source.split(" ")[0]) or PACKAGE_SOURCE.match(source)):
        errors.append(("coord_source", "must start with an http(s) URL or name a package"))
    if row["unplaced_reason"]:
        errors.append(("unplaced_reason", "must be empty when the settlement is placed"))
    return errors
