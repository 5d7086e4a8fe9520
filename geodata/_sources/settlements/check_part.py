"""Check one part of the settlement record (north.csv or south.csv) against the shared layout."""

from __future__ import annotations

import csv
import re
import sys
from datetime import date
from pathlib import Path

COLUMNS = [
    "id",
    "name",
    "name_az",
    "name_hy",
    "other_names",
    "kind",
    "district",
    "lat",
    "lon",
    "coord_source",
    "unplaced_reason",
    "claimed_on",
    "claimed_by",
    "claim_sources",
    "confirmed_on",
    "confirmed_by",
    "confirm_sources",
    "denied_by",
    "deny_sources",
    "handover_on",
    "handover_sources",
    "notes",
]
KINDS = {"city", "town", "village", "settlement", "height"}
DISTRICTS = {
    "Aghdam",
    "Fuzuli",
    "Jabrayil",
    "Zangilan",
    "Qubadli",
    "Lachin",
    "Kalbajar",
    "Khojavend",
    "Khojaly",
    "Shusha",
    "Tartar",
    "Khankendi",
}
HANDOVER_DATES = {"2020-11-20", "2020-11-25", "2020-12-01"}
# The war began on 27 Sep 2020; the last handover (Lachin) was on 1 Dec 2020.
FIRST_DAY, LAST_DAY = date(2020, 9, 27), date(2020, 12, 1)
# Loose box around the former NKAO and the seven districts: catches swapped or mistyped values.
LAT_RANGE, LON_RANGE = (38.8, 40.6), (45.5, 47.6)
SOURCE_COLUMNS = ("claim_sources", "confirm_sources", "deny_sources", "handover_sources")
_ID = re.compile(r"^[a-z]+-[a-z0-9-]+$")
_PACKAGE_SOURCE = re.compile(r"^[A-Za-z0-9_.-]+ \d[\w.]* .+$")


def _items(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(" | ")] if cell else []


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://")) and " " not in text


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def _row_errors(row: dict[str, str]) -> list[tuple[str, str]]:
    """Return (field, problem) pairs for one data row."""
    errors: list[tuple[str, str]] = []
    if not _ID.match(row["id"]) or not row["id"].startswith(row["district"].lower() + "-"):
        errors.append(("id", "must be a lowercase slug prefixed with the district slug"))
    if not row["name"]:
        errors.append(("name", "is empty"))
    if row["kind"] not in KINDS:
        errors.append(("kind", f"must be one of {sorted(KINDS)}"))
    if row["district"] not in DISTRICTS:
        errors.append(("district", f"must be one of {sorted(DISTRICTS)}"))
    errors += _coordinate_errors(row)
    claimed = _date(row["claimed_on"])
    if claimed is None or not FIRST_DAY <= claimed <= LAST_DAY:
        errors.append(("claimed_on", "must be an ISO date between 2020-09-27 and 2020-12-01"))
    if not row["claimed_by"]:
        errors.append(("claimed_by", "is empty"))
    if not row["claim_sources"]:
        errors.append(("claim_sources", "needs at least one http(s) URL"))
    confirmed = row["confirmed_on"]
    if confirmed and confirmed != "never" and _date(confirmed) is None:
        errors.append(("confirmed_on", "must be an ISO date, 'never' or empty"))
    if confirmed and confirmed != "never" and not (row["confirmed_by"] and row["confirm_sources"]):
        errors.append(("confirmed_on", "a date needs confirmed_by and confirm_sources"))
    if bool(row["denied_by"]) != bool(row["deny_sources"]):
        errors.append(("denied_by", "denied_by and deny_sources go together"))
    if row["handover_on"] and row["handover_on"] not in HANDOVER_DATES:
        errors.append(("handover_on", f"must be one of {sorted(HANDOVER_DATES)}"))
    if bool(row["handover_on"]) != bool(row["handover_sources"]):
        errors.append(("handover_on", "handover_on and handover_sources go together"))
    for column in SOURCE_COLUMNS:
        if any(not _is_url(item) for item in _items(row[column])):
            errors.append((column, "every item must be an http(s) URL separated by ' | '"))
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
    if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]):
        errors.append(("lat", "outside the study area; check for swapped or mistyped values"))
    source = row["coord_source"]
    if not (_is_url(source) or _PACKAGE_SOURCE.match(source)):
        errors.append(("coord_source", "must be an http(s) URL or 'package version file id'"))
    if row["unplaced_reason"]:
        errors.append(("unplaced_reason", "must be empty when the settlement is placed"))
    return errors


def check(path: Path) -> list[str]:
    """Check a settlement part file and return one-line error messages.

    Parameters
    ----------
    path : Path
        The CSV file of one part (``geodata/data/settlements/<part>.csv``).

    Returns
    -------
    list of str
        Messages naming file, row and field; empty when the file follows the layout.
    """
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return [f"{path}: not UTF-8; save the file as UTF-8"]
    if "\r" in text:
        return [f"{path}: has CR line ends; use LF only"]
    reader = csv.DictReader(text.splitlines())
    if reader.fieldnames != COLUMNS:
        return [f"{path}: header must be exactly: {','.join(COLUMNS)}"]
    messages: list[str] = []
    rows = list(reader)
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        if row["id"] in seen:
            messages.append(f"{path}: row {number}, field id: duplicate id {row['id']!r}")
        seen.add(row["id"])
        messages += [
            f"{path}: row {number}, field {field}: {problem}" for field, problem in _row_errors(row)
        ]
    keys = [(row["district"], row["id"]) for row in rows]
    if keys != sorted(keys):
        messages.append(f"{path}: rows must be sorted by district, then id")
    return messages


def main(argv: list[str]) -> int:
    """Check each part file named on the command line; print problems and return 1 if any."""
    if not argv:
        print("usage: python check_part.py geodata/data/settlements/<part>.csv ...")
        return 2
    messages = [message for name in argv for message in check(Path(name))]
    for message in messages:
        print(message)
    return 1 if messages else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
