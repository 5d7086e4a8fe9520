"""What changed hands: the change data checked against the settlement record and the zones."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import pandas as pd
import pytest
import shapely

import geodata
from dashboard import changes, text
from dashboard.state import ViewState
from dashboard.webmap import timedata

DAY = dt.date(2020, 10, 20)
BEFORE = DAY - dt.timedelta(days=1)
ONE_DAY = dt.timedelta(days=1)
ZONE_DAYS = pd.date_range(geodata.control.FIRST_DAY, geodata.control.LAST_DAY).date


def _record() -> pd.DataFrame:
    return geodata.load_settlements()


def _chart_gain(since: dt.date, day: dt.date) -> float:
    """Area that passed to Azerbaijani forces between the days, as the km²-per-day chart says."""
    areas = geodata.control_area_by_day().set_index("date")["azerbaijani_km2"]
    return float(areas[pd.Timestamp(day)] - areas[pd.Timestamp(since)])


def test_the_settlements_claimed_on_20_october_are_the_changes_of_that_day():
    found = changes.changes_between(BEFORE, DAY)
    record = _record()
    claimed = record[(record["claimed_on"] == pd.Timestamp(DAY)) & record["handover_on"].isna()]
    assert len(claimed) == 24
    assert set(found.settlements["id"]) == set(claimed["id"])
    assert set(found.settlements["kind"]) == {"claimed"}
    assert set(found.settlements["before"]) == {"held"}
    # Zangilan town, announced by Azerbaijan's president on 20 October: both names.
    assert "Zangilan/Kovsakan" in set(found.settlements["names"])


def test_the_zones_that_changed_on_20_october_and_their_km2():
    found = changes.changes_between(BEFORE, DAY)
    zones = found.zones
    before = geodata.control_at(BEFORE).set_index("id")
    after = geodata.control_at(DAY)
    # The cells of the day's placed settlements, and the Zangilan advance area.
    placed = _record()
    placed = placed[(placed["claimed_on"] == pd.Timestamp(DAY)) & placed["placed"]]
    assert set(placed["id"]) <= set(zones["piece"])
    assert "zangilan" in set(zones["piece"])
    assert set(zones["kind"]) == {"claimed"}
    assert (zones["controller"] == "azerbaijani").all() and zones["contested"].all()
    # Each changed zone is a zone of the day whose land was Armenian-held the day before.
    assert set(zones["id"]) <= set(after["id"])
    for piece in zones["piece"]:
        held = [zone for zone in before.index if changes.zone_piece(before.loc[zone]) == piece]
        assert len(held) == 1 and before.loc[held[0], "controller"] == "armenian"
    # km²: the zones' own areas, the chart's gain of the day, and the shapes measured again.
    assert found.km2 == {"claimed": pytest.approx(zones["area_km2"].sum(), abs=0.01)}
    assert found.km2["claimed"] == pytest.approx(_chart_gain(BEFORE, DAY), abs=0.1)
    union = shapely.union_all(zones.geometry.to_numpy())
    measured = gpd.GeoSeries([union], crs="EPSG:4326").to_crs("EPSG:6933").area.iloc[0] / 1e6
    assert found.km2["claimed"] == pytest.approx(measured, rel=0.001)
    # About the Zangilan district (707 km² in Natural Earth's units), as drawn that day.
    assert 600 < found.km2["claimed"] < 800


def test_every_day_the_land_gained_matches_the_km2_chart():
    for day in ZONE_DAYS[1:]:
        found = changes.changes_between(day - ONE_DAY, day)
        # A confirmation of land already drawn Azerbaijani moves nothing on the chart.
        gained = sum(km2 for kind, km2 in found.km2.items() if kind != "claim_confirmed")
        assert gained == pytest.approx(_chart_gain(day - ONE_DAY, day), abs=0.1), day


def test_a_settlements_cell_changes_with_the_settlement_and_the_same_way():
    for day in ZONE_DAYS[1:]:
        found = changes.changes_between(day - ONE_DAY, day)
        by_settlement = found.settlements.set_index("id")["kind"]
        cells = found.zones[found.zones["settlement"] != ""]
        for piece, kind in zip(cells["piece"], cells["kind"], strict=True):
            assert by_settlement.get(piece) == kind, (day, piece)


def test_the_handovers_of_the_statement_are_told_as_handovers():
    day = dt.date(2020, 11, 20)
    found = changes.changes_between(day - ONE_DAY, day)
    record = _record()
    handed = record[record["handover_on"] == pd.Timestamp(day)]
    assert set(found.settlements["id"]) == set(handed["id"])
    assert set(found.settlements["kind"]) == {"handed_over"}
    assert list(found.km2) == ["handed_over"]
    assert "aghdam_handover" in set(found.zones["piece"])
    assert found.km2["handed_over"] == pytest.approx(_chart_gain(day - ONE_DAY, day), abs=0.1)


def test_a_window_counts_each_place_once_by_its_net_change():
    # Talish: claimed on 3 October, confirmed on 11 October.
    day = dt.date(2020, 10, 11)
    assert changes.changes_between(day - ONE_DAY, day).km2 == {
        "claim_confirmed": pytest.approx(11.75, abs=0.01)
    }
    window = changes.changes_between(dt.date(2020, 10, 1), day)
    talish = window.settlements.set_index("id").loc["tartar-talish"]
    assert (talish["before"], talish["after"], talish["kind"]) == ("held", "confirmed", "confirmed")
    assert window.zones.set_index("piece").loc["tartar-talish", "kind"] == "confirmed"
    gained = sum(window.km2.values())
    assert gained == pytest.approx(_chart_gain(dt.date(2020, 10, 1), day), abs=0.1)


def test_the_view_says_since_when():
    state = ViewState(date=DAY, mode="window", window_days=7)
    assert changes.changes_for(state).since == dt.date(2020, 10, 13)
    assert changes.changes_for(ViewState(date=DAY, mode="cumulative")).since == BEFORE
    assert changes.changes_for(ViewState(date=DAY)).since == BEFORE


def test_the_line_of_the_box_and_the_page():
    line = text.change_line(changes.changes_between(BEFORE, DAY))
    km2 = text.km2_text(_chart_gain(BEFORE, DAY))
    assert line.startswith(
        f"Since 19 October: {km2} claimed taken by Azerbaijan · 24 settlements claimed "
        "taken by Azerbaijan: "
    )
    quiet = changes.changes_between(dt.date(2020, 10, 23), dt.date(2020, 10, 24))
    assert quiet.empty
    assert text.change_line(quiet) == "Since 23 October: nothing changed hands"
    assert text.km2_text(8.594) == "8.6 km²"
    assert text.km2_text(1899.09) == "1,899 km²"


def test_days_outside_the_zones_change_nothing_and_a_reversed_range_is_refused():
    late = changes.changes_between(dt.date(2020, 12, 5), dt.date(2020, 12, 6))
    assert late.empty and late.km2 == {}
    with pytest.raises(ValueError, match="is not before"):
        changes.changes_between(DAY, DAY)


def test_the_engines_payload_holds_each_days_changes_compactly():
    payload = timedata.changes_payload()
    states = payload["states"]
    for day in ZONE_DAYS[1:]:
        found = changes.changes_between(day - ONE_DAY, day)
        entry = payload["days"].get(day.isoformat())
        if found.empty:
            assert entry is None, day
            continue
        km2: dict[str, float] = {}
        for piece, before, after in entry["z"]:
            kind = changes.change_kind(states[before], states[after])
            km2[kind] = km2.get(kind, 0) + payload["km2"][piece]
        assert km2 == pytest.approx(found.km2, abs=0.01), day
        names = [payload["places"][place] for place, _, _ in entry["s"]]
        assert names == list(found.settlements["names"]), day
    assert set(payload["labels"]) == set(changes.CHANGES)
