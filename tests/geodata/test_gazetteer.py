"""The gazetteer: every place in the region its record names, with both names and a source."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import geodata
from geodata import layers
from tests.support import geometry as geo

# --- places lie in their regions ----------------------------------------------------------------


@pytest.mark.parametrize(
    "place_id", ["stepanakert", "shusha", "hadrut", "martuni", "martakert", "sugovushan", "talish"]
)
def test_places_of_the_former_oblast_lie_in_karabakh(place_id):
    assert geo.one("karabakh").contains(geo.place(place_id))


@pytest.mark.parametrize(
    ("place_id", "district"),
    [
        ("lachin", "Lachin"),
        ("kalbajar", "Kalbajar"),
        ("aghdam", "Aghdam"),
        ("fuzuli", "Fuzuli"),
        ("jabrayil", "Jabrayil"),
        ("zangilan", "Zangilan"),
        ("qubadli", "Qubadli"),
    ],
)
def test_district_towns_lie_in_their_district_and_outside_karabakh(place_id, district):
    point = geo.place(place_id)
    assert geo.one("districts", name=district).contains(point)
    assert not geo.one("karabakh").contains(point)


@pytest.mark.parametrize("place_id", ["goris", "kapan", "meghri", "agarak", "sisian", "yerevan"])
def test_armenian_towns_lie_in_armenia(place_id):
    assert geo.one("countries", name="Armenia").contains(geo.place(place_id))


@pytest.mark.parametrize("place_id", ["nakhchivan_city", "ordubad", "julfa"])
def test_nakhchivan_towns_lie_in_nakhchivan(place_id):
    assert geo.one("nakhchivan").contains(geo.place(place_id))
    assert not geo.one("countries", name="Armenia").contains(geo.place(place_id))


@pytest.mark.parametrize("place_id", ["ganja", "barda", "tartar", "baku", "mingachevir"])
def test_azerbaijani_cities_lie_in_azerbaijan_outside_karabakh(place_id):
    assert geo.one("countries", name="Azerbaijan").contains(geo.place(place_id))
    assert not geo.one("karabakh").contains(geo.place(place_id))


def _admin_region(admin: str):
    """Return the polygon a gazetteer ``admin`` value names, or None if it is outside the map."""
    districts = geodata.load_layer("districts")
    if admin == "Nakhchivan AR":
        return geo.one("nakhchivan")
    words = admin.rsplit(" ", 1)
    if len(words) == 2 and words[1] in ("district", "province", "city"):
        name = words[0]
        match = districts[
            districts["name"].isin([name, f"{name} (city)"]) | (districts["name_az"] == name)
        ]
        if words[1] == "district":
            match = match[match["kind"] == "district"]
        if words[1] == "city":
            match = match[match["kind"] == "city"]
        assert len(match) == 1, f"no single district for admin {admin!r}"
        region = match.geometry.item()
        if name in ("Tartar", "Kalbajar"):
            # Their parts of the former Mardakert district are the feature Martakert.
            region = region.union(geo.one("districts", id="martakert"))
        return region
    countries = geodata.load_layer("countries")
    if admin in set(countries["name"]) and admin in ("Armenia", "Azerbaijan"):
        return geo.one("countries", name=admin)
    return None


def test_every_gazetteer_place_lies_in_the_unit_its_admin_names():
    places = geodata.load_places()
    checked = 0
    for place in places.itertuples():
        region = _admin_region(place.admin)
        if region is None:
            continue
        # 500 m: the Khudafarin bridges stand on the Araks, which is the border itself.
        distance = geo.metric(region).distance(geo.metric(place.geometry))
        assert distance < 500, f"{place.id} is {distance:.0f} m outside {place.admin}"
        checked += 1
    assert checked >= 40


# --- gazetteer and sources ----------------------------------------------------------------------


def test_load_places_has_both_names_for_every_place():
    places = geodata.load_places()
    assert places.crs.to_epsg() == 4326
    assert len(places) >= 40
    assert places["id"].is_unique
    for column in ("name", "name_hy", "name_az", "source"):
        assert places[column].str.len().gt(0).all(), column
    stepanakert = places.set_index("id").loc["stepanakert"]
    assert (stepanakert["name"], stepanakert["name_az"]) == ("Stepanakert", "Xankəndi")


def test_a_malformed_gazetteer_is_reported_by_file_row_and_column(tmp_path):
    path = tmp_path / "places.csv"
    path.write_text(
        "id,name,name_hy,name_az,lat,lon,kind,admin,source\n"
        "goris,Goris,Goris,Gorus,39.5,46.3,town,Syunik province,https://example.org\n"
        "goris,,Goris,Gorus,north,46.3,hamlet,Syunik province,https://example.org\n",
        encoding="utf-8",
    )
    with pytest.raises(layers.GeodataError) as caught:
        geodata.load_places(path)
    message = str(caught.value)
    assert f"{path}:3:name: empty" in message
    assert f"{path}:3:id: duplicate" in message
    assert f"{path}:3:lat: 'north' is not a number" in message
    assert f"{path}:3:kind:" in message


def test_every_hand_drawn_point_says_where_it_comes_from():
    for path in sorted(Path(layers.__file__).parent.joinpath("_sources").glob("*.csv")):
        with open(path, newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert rows, path
        for row in rows:
            assert len(row["basis"]) > 30, (path.name, row["seq"])
