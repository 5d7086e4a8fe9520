"""Place names: search by any name or spelling, the names= URL parameter, the map's labels."""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest
import shapely

import events
import geodata
from dashboard import text
from dashboard.state import Filters, ViewState
from dashboard.urlstate import read_view, view_params
from dashboard.webmap.labels import AREA_LABELS, label_points
from geodata.names import ordered_names


def _record() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "title": ["Shelling of Shusha", "Strikes on the capital", "Clash near Hadrut", "Talks"],
            "description": ["", "Sirens in Stepanakert", "", "Meeting in Moscow"],
            "place_name": ["Shusha/Shushi", "Stepanakert/Khankendi", "Hadrut", "Moscow"],
            "place": ["shusha", "stepanakert", "hadrut", "moscow"],
        }
    )


@pytest.mark.parametrize(
    ("query", "same_as"),
    [
        ("Shushi", "Shusha"),
        ("Şuşa", "Shusha"),
        ("SUSA", "Shusha"),
        ("Khankendi", "Stepanakert"),
        ("Xankəndi", "Stepanakert"),
        ("xankendi", "Stepanakert"),
    ],
)
def test_search_finds_a_place_by_any_of_its_names(query, same_as):
    record = _record()
    found = Filters(query=query).mask(record)
    assert found.any()
    assert (found == Filters(query=same_as).mask(record)).all()


def test_search_by_another_name_finds_an_event_that_names_the_place_in_its_text():
    record = _record().assign(place=["", "", "", ""], place_name=["", "", "", ""])
    assert Filters(query="Shushi").mask(record).tolist() == [True, False, False, False]
    assert Filters(query="Xankəndi").mask(record).tolist() == [False, True, False, False]


def test_search_for_other_text_is_a_folded_substring_search():
    record = _record()
    assert Filters(query="sirens").mask(record).tolist() == [False, True, False, False]
    assert not Filters(query="Shushinskiy").mask(record).any()


def test_folding_erases_case_and_diacritics_only():
    assert geodata.fold("Dağlıq Qarabağ") == "dagliq qarabag"
    assert geodata.fold("İrəvan") == geodata.fold("irevan")
    assert geodata.fold("  Xocalı ") == "xocali"


def test_every_alternate_spelling_names_a_gazetteer_place():
    spellings = geodata.place_spellings()
    assert {"Shusha", "Shushi", "Şuşa"} <= set(spellings["shusha"])
    assert {"Stepanakert", "Khankendi", "Xankəndi"} <= set(spellings["stepanakert"])


@pytest.mark.parametrize("order", ["common", "hy", "az"])
def test_names_parameter_round_trips(order):
    state, notices = read_view({"names": order})
    assert state.names == order and notices == []
    assert read_view(view_params(state))[0] == state
    assert ("names" in view_params(state)) == (order != "common")


def test_a_bad_names_parameter_gives_a_notice_and_the_default():
    state, notices = read_view({"names": "ru"})
    assert state.names == ViewState().names == "common"
    assert notices == ["Ignored names='ru': choose one of common, hy, az."]


def test_labels_give_both_names_in_the_chosen_order():
    assert ordered_names("Shusha", "Shushi", "Şuşa", "common") == "Shusha/Shushi"
    assert ordered_names("Shusha", "Shushi", "Şuşa", "hy") == "Shushi/Şuşa"
    assert ordered_names("Stepanakert", "Stepanakert", "Xankəndi", "az") == ("Xankəndi/Stepanakert")
    assert ordered_names("Horadiz (town)", "Horadiz", "Horadiz", "az") == "Horadiz (town)"
    # One name in two alphabets is said once, in the order's form.
    assert ordered_names("Mingachevir", "Mingachevir", "Mingəçevir", "common") == "Mingachevir"
    assert ordered_names("Mingachevir", "Mingachevir", "Mingəçevir", "az") == "Mingəçevir"
    texts = {label["id"]: label["text"] for label in label_points()}
    assert texts["lachin"] == {
        "common": "Lachin/Berdzor",
        "hy": "Berdzor/Laçın",
        "az": "Laçın/Berdzor",
    }
    assert texts["yerevan"] == dict.fromkeys(("common", "hy", "az"), "Yerevan")


def test_the_az_order_labels_stepanakert_xankendi():
    texts = {label["id"]: label["text"] for label in label_points()}
    assert texts["stepanakert"]["az"].split("/")[0] == "Xankəndi"
    assert texts["stepanakert"]["hy"] == "Stepanakert/Xankəndi"
    assert texts["stepanakert"]["common"] == "Stepanakert/Khankendi"


@pytest.mark.parametrize(
    ("place", "azerbaijani"),
    [
        ("stepanakert", "Xankəndi"),
        ("shusha", "Şuşa"),
        ("lachin", "Laçın"),
        ("kalbajar", "Kəlbəcər"),
        ("martakert", "Ağdərə"),
        ("martuni", "Xocavənd"),
        ("aghdam", "Ağdam"),
        ("fuzuli", "Füzuli"),
        ("jabrayil", "Cəbrayıl"),
        ("zangilan", "Zəngilan"),
        ("qubadli", "Qubadlı"),
        ("khojaly", "Xocalı"),
        ("askeran", "Əsgəran"),
        ("hadrut", "Hadrut"),
        ("nakhchivan_city", "Naxçıvan"),
        ("karabakh:Nagorno-Karabakh Autonomous Oblast (1923-1991)", "Dağlıq Qarabağ"),
        ("nakhchivan:Nakhchivan Autonomous Republic", "Naxçıvan"),
    ],
)
def test_the_az_order_leads_with_the_azerbaijani_form(place, azerbaijani):
    texts = {label["id"]: label["text"] for label in label_points()}
    assert texts[place]["az"].split("/")[0] == azerbaijani


def test_every_azerbaijani_form_in_its_alphabet_has_a_source():
    """A name_az in Azerbaijani letters has a source.

    A row of place_names.csv (language az), or the settlement record's name_az for a
    place of the same name.
    """
    from geodata.names import NAMES_PATH
    from geodata.settlements import load_settlements

    with open(NAMES_PATH, encoding="utf-8") as handle:
        sourced = {
            (row["id"], row["spelling"])
            for row in csv.DictReader(handle)
            if row["language"] == "az" and row["source"].startswith("https://")
        }
    settlements = load_settlements()
    recorded = set(zip(settlements["name"], settlements["name_az"], strict=True))
    places = geodata.load_places()
    unsourced = [
        (row.id, row.name_az)
        for row in places.itertuples()
        if set(row.name_az.casefold()) & set("əğışçöü")
        and (row.id, row.name_az) not in sourced
        and (row.name, row.name_az) not in recorded
    ]
    assert unsourced == []
    # Searching without diacritics still finds the place.
    assert "xankəndi" in {name.casefold() for name in geodata.place_spellings()["stepanakert"]}
    assert geodata.fold("Xankəndi") in geodata.search_terms("Xankendi")


def test_labels_are_ranked_countries_first_and_cover_the_gazetteer():
    labels = label_points()
    ranks = [label["rank"] for label in labels]
    order = ["country", "region", "city", "town", "village"]
    assert ranks == sorted(ranks, key=order.index)
    ids = {label["id"] for label in labels}
    assert set(geodata.load_places()["id"]) <= ids
    assert {
        "countries:Armenia",
        "countries:Azerbaijan",
        "karabakh:Nagorno-Karabakh Autonomous Oblast (1923-1991)",
    } <= ids


@pytest.mark.parametrize(("layer", "name", "rank", "lat", "lon"), AREA_LABELS)
def test_each_country_or_region_label_lies_inside_its_outline(layer, name, rank, lat, lon):
    frame = geodata.load_layer(layer)
    outline = frame[frame["name"] == name].geometry.union_all()
    assert outline.contains(shapely.Point(lon, lat)), name


def test_tooltips_keep_the_diacritics_of_the_azerbaijani_names():
    from dashboard.webmap.features import layer_json

    tooltips = [
        feature["properties"].get("tooltip", "")
        for name in ("karabakh", "nakhchivan", "countries")
        for feature in json.loads(layer_json(name))["features"]
    ]
    assert any("Dağlıq Qarabağ Muxtar Vilayəti" in tip for tip in tooltips)
    assert any("Naxçıvan Muxtar Respublikası" in tip for tip in tooltips)
    assert any("Azərbaycan" in tip for tip in tooltips)


def test_the_standalone_map_opens_with_the_views_name_order():
    import datetime as dt

    import events
    from dashboard.export.interactive import interactive_html, publish_command

    state = ViewState(date=dt.date(2020, 11, 8), names="az")
    html = interactive_html(state, events.load_events())
    assert "KdPlaceLabels" in html
    # JSON in a script escapes the non-ASCII letters: \u0259 for ə.
    assert json.dumps("Xankəndi/Stepanakert") in html
    assert "new KdPlaceLabels(window.kdTime, [" in html and ', "az")' in html
    assert "--names az" in publish_command(state)


@pytest.mark.parametrize(
    ("place", "shown"),
    [
        ("shusha", "Shusha/Shushi"),
        ("stepanakert", "Stepanakert/Khankendi"),
        ("martakert", "Martakert/Aghdara"),
        ("martuni", "Martuni/Khojavend"),
        ("goris", "Goris/Gorus"),
        ("askeran", "Askeran"),  # Əsgəran writes the same name
        ("mingachevir", "Mingachevir"),
        ("khojaly", "Khojaly/Ivanyan"),
        ("horadiz_village", "Horadiz (village)"),
        ("khudafarin_bridges", "Khudafarin bridges"),
        ("geneva", "Geneva"),
        ("baku", "Baku"),
    ],
)
def test_the_english_order_writes_both_names_in_english_letters(place, shown):
    """As the record's own texts do: the place's name in events, labels and images alike."""
    assert geodata.place_label(place) == shown


def test_a_settlement_is_named_in_english_letters_from_its_other_names():
    settlements = geodata.load_settlements().set_index("id")
    assert text.both_names(settlements.loc["aghdam-aliaghali"]) == "Hovtashen/Aliaghali"
    # The English name already writes the Azerbaijani one (Dilağarda): said once.
    assert text.both_names(settlements.loc["fuzuli-dilagarda"]) == "Dilagarda"
    assert text.both_names({"name": "Goris", "name_hy": "Goris", "name_az": None}) == "Goris"


def test_events_name_their_place_as_the_labels_do():
    record = events.load_events()
    at = record.drop_duplicates("place").set_index("place")["place_name"]
    assert at["stepanakert"] == "Stepanakert/Khankendi" == geodata.place_label("stepanakert")


def test_the_live_maps_events_carry_their_place_in_each_order():
    from dashboard.webmap.timedata import events_payload

    record = events.load_events()
    payload = events_payload(record)
    stepanakert = [i for i, place in enumerate(record["place"]) if place == "stepanakert"]
    assert stepanakert
    assert {payload["place"][i] for i in stepanakert} == {"Stepanakert/Khankendi"}
    assert payload["place_in"]["az"]["Stepanakert/Khankendi"] == "Xankəndi/Stepanakert"
    assert payload["place_in"]["hy"]["Stepanakert/Khankendi"] == "Stepanakert/Xankəndi"
    # A foreign exonym is written alike in every order: it does not travel.
    assert "Moscow" in payload["place"] and "Moscow" not in payload["place_in"]["az"]
    # A file whose events name no gazetteer place sends no other order.
    assert events_payload(record.drop(columns=["place"]))["place_in"] == {"az": {}, "hy": {}}
