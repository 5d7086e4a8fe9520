"""Azerbaijan's announcements of settlements taken in the south, 27 Sep - 9 Nov 2020."""

# Each announcement lists the settlements named in it, district by district, with the
# English form as the agencies printed it, the Azerbaijani form and other spellings seen in
# the reports, then optionally the kind and an id suffix where two places share a name. A
# settlement named twice keeps its first date; build_south.py notes the repeat.

MOD = "Azerbaijan: Ministry of Defence"
PRESIDENT = "Azerbaijan: President Ilham Aliyev"

ANNOUNCEMENTS = [
    {
        "date": "2020-09-27",
        "by": MOD,
        "how": "Ministry of Defence statement, repeated by the defence minister to the "
        "Security Council",
        "sources": [
            "https://www.azernews.az/karabakh/169428.html",
            "https://news.az/news/european-council-to-hold-discussions-on-situation-in-nagorno-karabakh",
            "http://www.xalqcebhesi.az/news/politics/57337.html",
        ],
        "places": {
            "Fuzuli": [
                ("Garakhanbayli", "Qaraxanbəyli", "Garakhanbeyli | Karahanbeyli"),
                ("Gervand", "Qərvənd", "Garvend | Gervend"),
                ("Kend Horadiz", "Kənd Horadiz", "Köy Gerediz"),
                ("Yukhari Abdurrahmanli", "Yuxarı Əbdürrəhmanlı", "Yukhari Abdulrahmanli"),
            ],
            "Jabrayil": [
                ("Boyuk Marjanli", "Böyük Mərcanlı", "Büyük Mercanlı"),
                ("Nuzgar", "Nüzgar", ""),
            ],
        },
    },
    {
        "date": "2020-10-03",
        "by": PRESIDENT,
        "how": "tweet",
        "sources": [
            "http://www.ukr.life/highlights-ru/azerbajdzhan-vzyal-pod-kontrol-eshhe-sem-sel-v-karabahe-aliev/",
            "http://www.today.az/news/politics/210648.html",
        ],
        "places": {
            "Jabrayil": [
                ("Mehdili", "Mehdili", ""),
                ("Chakhirli", "Çaxırlı", "Chakhyrly | Çakırlı"),
                ("Ashaghi Maralyan", "Aşağı Maralyan", "Ashagy Maralyan"),
                ("Shaybay", "Şəybəy", "Shaibay | Şeybey"),
                ("Guyjag", "Quycaq", "Kuycak"),
            ],
            "Fuzuli": [
                ("Ashaghi Abdurrahmanli", "Aşağı Əbdürrəhmanlı", "Ashagy Abdurrahmanly"),
            ],
        },
    },
    {
        "date": "2020-10-04",
        "by": PRESIDENT,
        "how": "tweet and address to the nation",
        "sources": [
            "https://www.azernews.az/nation/169969.html",
            "https://azertag.az/en/xeber/President_Ilham_Aliyev_congratulates_people_of_Azerbaijan_on_liberation_of_Jabrayil_city_and_9_villages_of_Jabrayil_district_from_occupation-1603837",
            "https://en.azvision.az/news/132046/-president-aliyev-azerbaijani-soldiers-are-saviors-.html",
        ],
        "places": {
            "Jabrayil": [
                ("Jabrayil", "Cəbrayıl", "Jebrail | Jabrail | Cebrail | Mekhakavan", "city"),
                ("Karkhulu", "Karxulu", "Karhulu"),
                ("Shukurbayli", "Şükürbəyli", "Shukurbeyli"),
                ("Yukhari Maralyan", "Yuxarı Maralyan", "Yukhary-Maralyan"),
                ("Charakan", "Çərəkən", "Cereken"),
                ("Dashkasan", "Daşkəsən", "Dashkesen"),
                ("Horovlu", "Horovlu", "Gorovlu | Khorovlu"),
                ("Dejal", "Dəcəl", "Dajal | Decal | Dejan | Dəjəl"),
                ("Mahmudlu", "Mahmudlu", ""),
                ("Jafarabad", "Cəfərabad", ""),
            ],
        },
    },
    {
        "date": "2020-10-05",
        "by": PRESIDENT,
        "how": "tweet",
        "sources": [
            "https://gundemtube.com/haber/aliyev-twitterdan-duyurdu-azerbaycanda-3-koy-daha-isgalden-kurtarildi",
            "https://news.az/news/chronicle-of-patriotic-war-october-5-2020",
        ],
        "places": {
            "Jabrayil": [
                ("Shikhali Aghali", "Şıxəli Ağalı", "Şıhali Ağalı"),
                ("Sarijali", "Sarıcalı", ""),
                ("Mazra", "Məzrə", "Mezre"),
            ],
        },
    },
    {
        "date": "2020-10-09",
        "by": PRESIDENT,
        "how": "address to the nation",
        "sources": [
            "https://news24.az/50313-azrbaycan-ordusunun-hadrut-qsbsi-il-yana.html",
            "https://www.news.az/news/two-years-pass-since-the-liberation-of-azerbaijans-hadrut-settlement",
        ],
        "places": {
            "Khojavend": [
                ("Hadrut", "Hadrut", "", "settlement"),
                ("Sur", "Sur", ""),
            ],
            "Jabrayil": [
                ("Garajalli", "Qaracallı", "Garajally"),
                ("Suleymanli", "Süleymanlı", ""),
                ("Afandilar", "Əfəndilər", "Efendilar"),
                ("Gishlag", "Qışlaq", "Kishlaq | Qishlag"),
            ],
            "Fuzuli": [
                ("Yukhari Guzlak", "Yuxarı Güzlək", "Yuxarı Güzdək"),
                ("Gorazilli", "Gorazıllı", ""),
            ],
        },
    },
    {
        "date": "2020-10-14",
        "by": PRESIDENT,
        "how": "tweet",
        "sources": [
            "http://www.today.az/news/politics/198665.html",
            "https://unn.ua/ru/amp/viyna-u-karabasi-azerbaydzhan-uzyav-pid-kontrol-sche-visim-sil",
        ],
        "places": {
            "Fuzuli": [
                ("Garadaghli", "Qaradağlı", "Karadağlı"),
                ("Khatunbulag", "Xatunbulaq", "Hatunbulak"),
                ("Garakollu", "Qarakollu", "Karakollu"),
            ],
            "Khojavend": [
                ("Bulutan", "Bulutan", ""),
                ("Melikjanli", "Məlikcanlı", "Melikcanlı"),
                ("Kemertuk", "Kəmərtük", ""),
                ("Teke", "Təkə", ""),
                ("Tagaser", "Tağaser", "Taghaser"),
            ],
        },
    },
    {
        "date": "2020-10-15",
        "by": PRESIDENT,
        "how": "tweet",
        "sources": [
            "https://mynet.com/azerbaycan-cumhurbaskani-aliyev-6-koyun-saha-isgalinden-kurtarildigini-acikladi-110106619806",
            "https://anews.com.tr/world/2020/10/16/azeri-leader-aliyev-announces-liberation-of-3-more-villages-from-armenias-occupation",
            "https://www.easternherald.com/2020/10/16/azerbaijan-announces-liberation-of-6-villages-from-the-armenian-occupation/",
        ],
        "places": {
            "Fuzuli": [("Arish", "Arış", "")],
            "Jabrayil": [("Doshulu", "Doşulu", "")],
            "Khojavend": [
                ("Edishe", "Edişə", "Adisha"),
                ("Dudukchu", "Düdükçü", "Dudukchi"),
                ("Edilli", "Edilli", "Edeli"),
                ("Chiraguz", "Çiraquz", "Cheraguz"),
            ],
        },
    },
    {
        "date": "2020-10-16",
        "by": PRESIDENT,
        "how": "tweet",
        "sources": [
            "https://anews.com.tr/world/2020/10/16/azeri-leader-aliyev-announces-liberation-of-3-more-villages-from-armenias-occupation",
        ],
        "places": {
            "Khojavend": [
                ("Khirmanjig", "Xırmancıq", ""),
                ("Agbulag", "Ağbulaq", "Aghbulag"),
                ("Akhullu", "Axullu", ""),
            ],
        },
    },
    {
        "date": "2020-10-17",
        "by": PRESIDENT,
        "how": "address to the nation and tweet",
        "sources": [
            "https://en.trend.az/azerbaijan/politics/3318694.html",
            "https://unn.ua/ru/amp/viyna-u-karabasi-aliyev-zayaviv-pro-perekhid-pid-kontrol-azerbaydzhanu-sche-nizki-sil-ta-mista-fizuli",
        ],
        "places": {
            "Fuzuli": [
                ("Fuzuli", "Füzuli", "Fizuli", "city"),
                ("Gochahmadli", "Qoçəhmədli", ""),
                ("Chiman", "Çimən", ""),
                ("Juvarli", "Cuvarlı", ""),
                ("Pirahmadli", "Pirəhmədli", ""),
                ("Musabayli", "Musabəyli", ""),
                ("Ishigli", "İşıqlı", "Ishiqli"),
                ("Dadali", "Dədəli", ""),
            ],
        },
    },
    {
        "date": "2020-10-18",
        "by": PRESIDENT,
        "how": "tweet on the flag raised over the Khudafarin bridges",
        "sources": [
            "https://mubasher.aljazeera.net/news/politics/2020/10/18/%D8%AD%D8%B1%D8%A8-%D9%83%D8%A7%D8%B1%D8%A7%D8%A8%D8%A7%D8%AE-%D8%B1%D9%81%D8%B9-%D8%B9%D9%84%D9%85-%D8%A3%D8%B0%D8%B1%D8%A8%D9%8A%D8%AC%D8%A7%D9%86-%D8%B9%D9%84%D9%89-%D8%AC%D8%B3%D8%B1",
            "https://www.news.az/news/3-years-pass-since-liberation-of-khudafarin-bridges-and-khudafarin-village-from-occupation",
        ],
        "places": {
            "Jabrayil": [("Khudafarin", "Xudafərin", "Khudaferin | Hudaferin")],
        },
    },
    {
        "date": "2020-10-19",
        "by": PRESIDENT,
        "how": "tweet (early morning of 19 October)",
        "sources": [
            "https://haber.ba/vijesti/svijet/824089-azerbejdzanska-vojska-oslobodila-jos-13-sela-kod-grada-jabrayil",
            "https://alalam.ir/news/5226321/videos",
            "https://vestnikkavkaza.net/material/145916",
        ],
        "places": {
            "Jabrayil": [
                ("Soltanli", "Soltanlı", ""),
                ("Amirvarli", "Əmirvarlı", "Emirvarli"),
                ("Mashanli", "Maşanlı", ""),
                ("Hasanli", "Həsənli", ""),
                ("Alikeykhanli", "Əlikeyxanlı", ""),
                ("Gumlag", "Qumlaq", ""),
                ("Hajili", "Hacılı", ""),
                ("Goyarchinveysalli", "Göyərçinveysəlli", "Goyerchinveysalli"),
                ("Niyazgullar", "Niyazqullar", "Niyazguzlar"),
                ("Kechal Mammadli", "Keçəl Məmmədli", "Kechel Memmedli"),
                ("Shahvalli", "Şahvəlli", "Shahvelli"),
                ("Haji Ismayilli", "Hacı İsmayıllı", ""),
                ("Isagli", "İsaqlı", ""),
            ],
        },
    },
    {
        "date": "2020-10-20",
        "by": PRESIDENT,
        "how": "address to the nation",
        "sources": [
            "https://www.anews.com.tr/world/2020/10/20/aliyev-announces-liberation-of-zangilan-city-and-several-villages-from-armenian-occupation",
            "http://www.today.az/news/politics/199004.html",
            "https://www.mansetx.com/dunya/azerbaycan-ordusu-zengilan-kent-merkezini-isgalden-kurtardi-h181108.html",
        ],
        "places": {
            "Zangilan": [
                ("Zangilan", "Zəngilan", "Zengilan | Kovsakan", "city"),
                ("Havali", "Havalı", "Khavali"),
                ("Zarnali", "Zərnəli", "Zerneli"),
                ("Mammadbayli", "Məmmədbəyli", ""),
                ("Hakari", "Həkəri", "Hekeri"),
                ("Sharifan", "Şərifan", ""),
                ("Mughanli", "Muğanlı", "Muganlı"),
            ],
            "Fuzuli": [
                ("Dordchinar", "Dördçinar", ""),
                ("Kurdlar", "Kürdlər", "Kurdler"),
                ("Yukhari Abdurrahmanli", "Yuxarı Əbdürrəhmanlı", ""),
                ("Garghabazar", "Qarğabazar", "Gargabazar | Kargapazar"),
                ("Ashaghi Veysalli", "Aşağı Veysəlli", "Ashagi Veysalli"),
                ("Yukhari Aybasanli", "Yuxarı Aybasanlı", ""),
            ],
            "Jabrayil": [
                ("Safarsha", "Safarşa", "Sarafsha"),
                ("Hasangaydi", "Həsənqaydı", ""),
                ("Fughanli", "Fuğanlı", "Fuganlı"),
                ("Imambaghi", "İmambağı", ""),
                ("Dash Veysalli", "Daş Veysəlli", "Taşveyselli"),
                ("Aghtapa", "Ağtəpə", "Aktepe"),
                ("Yarahmadli", "Yarəhmədli", "Yar Ehmedli"),
            ],
            "Khojavend": [
                ("Aghjakand", "Ağcakənd", "Agjakend"),
                ("Mulkudara", "Mülküdərə", "Mulkudere"),
                ("Dashbashi", "Daşbaşı", ""),
                ("Gunashli", "Günəşli", "Norashen"),
                ("Vang", "Çinarlı", "Veng | Vank | Chinarli"),
            ],
        },
    },
    {
        "date": "2020-10-21",
        "by": PRESIDENT,
        "how": "two tweets",
        "sources": [
            "https://www.alaturka.us/azerbaijan-liberates-21-villages-town-from-occupation/",
            "https://news.az/news/azerbaijan-marks-four-years-since-liberation-of-zangilans-minjivan-from-armenian-occupation",
        ],
        "places": {
            "Fuzuli": [
                ("Gejagozlu", "Gecəgözlü", "Gejegozlu"),
                ("Ashaghi Seyidahmadli", "Aşağı Seyidəhmədli", "Ashagi Seyidahmadli"),
                ("Zargar", "Zərgər", "Zerger"),
            ],
            "Jabrayil": [
                ("Balyand", "Balyand", "Baland | Bələnd"),
                ("Papi", "Papı", "Papy"),
                ("Tulus", "Tulus", ""),
                ("Hajili", "Hacılı", ""),
                ("Tinli", "Tinli", ""),
            ],
            "Zangilan": [
                ("Minjivan", "Mincivan", "Mindzhivan", "settlement"),
                ("Khurama", "Xurama", ""),
                ("Khumarli", "Xumarlı", ""),
                ("Saril", "Sarıl", ""),
                ("Babayli", "Babaylı", ""),
                ("Uchunju Aghali", "Üçüncü Ağalı", "Uchunju Agali"),
                ("Hajalli", "Hacallı", "Gajaly"),
                ("Girag Mushlan", "Qırax Müşlan", "Girakh Muslan"),
                ("Udgun", "Üdgün", ""),
                ("Turabad", "Turabad", ""),
                ("Ichari Mushlan", "İçəri Müşlan", "Ichari Muslan"),
                ("Malikli", "Məlikli", "Melikli"),
                ("Jahangirbayli", "Cahangirbəyli", "Jahangirbeyli"),
                ("Baharli", "Baharlı", ""),
            ],
        },
    },
    {
        "date": "2020-10-22",
        "by": PRESIDENT,
        "how": "tweets",
        "sources": [
            "http://www.on4haber.com/dunya/haber/8803/azerbaycan-iran-siniri-isgalden-kurtarildi",
            "https://aif.ru/amp/politics/world/aliev_zayavil_chto_azerbaydzhano-iranskaya_granica_vzyata_pod_polnyy_kontrol",
            "https://www.azernews.az/nation/232861.html",
        ],
        "places": {
            "Zangilan": [
                ("Agbend", "Ağbənd", "Aghband | Aghbend", "settlement"),
                ("Kollugishlag", "Kolluqışlaq", ""),
                ("Malatkeshin", "Malatkeşin", ""),
                ("Kend Zangilan", "Kənd Zəngilan", "Village Zangilan"),
                ("Genlik", "Genlik", ""),
                ("Veligulubayli", "Vəliqulubəyli", "Veligulubeyli"),
                ("Garadara", "Qaradərə", "Garadere"),
                ("Chopadara", "Çöpədərə", "Chopadere"),
                ("Tatar", "Tatar", ""),
                ("Tiri", "Tiri", ""),
                ("Amirkhanli", "Əmirxanlı", ""),
                ("Gargulu", "Qarqulu", ""),
                ("Bartaz", "Bartaz", ""),
                ("Dallakli", "Dəlləkli", "Dellekli"),
            ],
            "Fuzuli": [
                ("Mollavali", "Mollavəli", "Mollaveli"),
                ("Yukhari Rafadinli", "Yuxarı Rəfədinli", "Yukhari Rafidinli"),
                ("Ashaghi Rafadinli", "Aşağı Rəfədinli", "Ashagi Rafidinli"),
            ],
            "Jabrayil": [
                ("Sirik", "Sirik", ""),
                ("Shikhlar", "Şıxlar", ""),
                ("Mastalibayli", "Məstalıbəyli", "Mastalibeyli"),
                ("Darzili", "Dərzili", ""),
            ],
        },
    },
    {
        "date": "2020-10-23",
        "by": PRESIDENT,
        "how": "two tweets",
        "sources": [
            "https://trthaber.com/haber/dunya/azerbaycan-13-koyu-daha-isgalden-kurtardi-525548.html",
            "https://linehaber.com.tr/13-koy-daha-isgalden-kurtarildi",
            "https://news.az/news/chronicle-of-patriotic-war-october-23-2020",
        ],
        "places": {
            "Khojavend": [
                ("Dolanlar", "Dolanlar", "Dolanar"),
                ("Bunyadli", "Bünyadlı", ""),
            ],
            "Jabrayil": [
                ("Dagh Tumas", "Dağ Tumas", "Dag Tumas"),
                ("Nusus", "Nüsüs", ""),
                ("Khalafli", "Xələfli", "Xelefli"),
                ("Minbashili", "Minbaşılı", ""),
                ("Veysalli", "Veysəlli", "Veyselli"),
            ],
            "Zangilan": [
                ("Venedli", "Vənədli", ""),
                ("Mirzahasanli", "Mirzəhəsənli", "Mirzehasanli"),
            ],
            "Qubadli": [
                ("Zilanli", "Zilanlı", ""),
                ("Kurd Mahrizli", "Kürd Mahrızlı", ""),
                ("Mughanli", "Muğanlı", "Muganli"),
                ("Alagurshag", "Alaqurşaq", ""),
            ],
        },
    },
    {
        "date": "2020-10-25",
        "by": PRESIDENT,
        "how": "tweet",
        "sources": [
            "https://news.az/news/azerbaijan-marks-fourth-anniversary-of-gubadlis-liberation-from-armenian-occupation",
            "https://azernews.az/nation/171411.html",
        ],
        "places": {
            "Qubadli": [("Qubadli", "Qubadlı", "Gubadli | Kubatlı | Kashunik", "city")],
        },
    },
    {
        "date": "2020-10-26",
        "by": PRESIDENT,
        "how": "address to the nation",
        "sources": [
            "https://azernews.az/nation/171411.html",
            "https://zefer.az/en/26-october",
            "https://soyqirim.az/link/7978",
        ],
        "places": {
            "Zangilan": [
                ("Birinji Alibayli", "Birinci Alıbəyli", ""),
                ("Ikinji Alibayli", "İkinci Alıbəyli", ""),
                ("Raband", "Rəbənd", ""),
                ("Yenikand", "Yenikənd", ""),
            ],
            "Jabrayil": [
                ("Govshudlu", "Qovşudlu", ""),
                ("Sofulu", "Sofulu", ""),
                ("Dagh Mashanli", "Dağ Maşanlı", ""),
                ("Kurdlar", "Kürdlər", ""),
                ("Hovuslu", "Hovuslu", ""),
                ("Chalabilar", "Çələbilər", ""),
            ],
            "Qubadli": [
                ("Padar", "Padar", ""),
                ("Afandilar", "Əfəndilər", ""),
                ("Yusifbayli", "Yusifbəyli", ""),
                ("Chaytumas", "Çaytumas", ""),
                ("Khanlig", "Xanlıq", ""),
                ("Sariyatag", "Sarıyataq", ""),
                ("Mollaburhan", "Mollabürhan", ""),
            ],
        },
    },
    {
        "date": "2020-10-28",
        "by": PRESIDENT,
        "how": "tweet in the evening",
        "sources": ["https://zefer.az/en/28-october"],
        "places": {
            "Zangilan": [
                ("Birinji Aghali", "Birinci Ağalı", ""),
                ("Ikinji Aghali", "İkinci Ağalı", ""),
                ("Uchunju Aghali", "Üçüncü Ağalı", ""),
                ("Zarnali", "Zərnəli", ""),
            ],
            "Fuzuli": [("Mandili", "Mandılı", "")],
            "Jabrayil": [
                ("Gazanzami", "Qazanzəmi", ""),
                ("Khanaghabulag", "Xanağabulaq", ""),
                ("Chullu", "Çullu", ""),
                ("Gushchular", "Quşçular", ""),
                ("Garaaghaj", "Qaraağac", ""),
            ],
            "Qubadli": [
                ("Giyasli", "Qiyaslı", ""),
                ("Abilja", "Əbilcə", ""),
                ("Gilijan", "Qılıcan", ""),
            ],
        },
    },
    {
        "date": "2020-10-30",
        "by": PRESIDENT,
        "how": "tweet",
        "sources": ["https://zefer.az/en/30-october"],
        "places": {
            "Jabrayil": [
                ("Khudaverdili", "Xudaverdili", ""),
                ("Gurbantapa", "Qurbantəpə", "Gurbantepe"),
                ("Shahvaladli", "Şahvələdli", ""),
                ("Khubyarli", "Xubyarlı", ""),
            ],
            "Zangilan": [
                ("Aladin", "Aladin", ""),
                ("Vejnali", "Vejnəli", "Vecnəli"),
            ],
            "Qubadli": [
                ("Kavdadig", "Kavdadıq", ""),
                ("Mamar", "Məmər", ""),
                ("Mollali", "Mollalı", ""),
            ],
        },
    },
    {
        "date": "2020-11-02",
        "by": PRESIDENT,
        "how": "tweet",
        "sources": ["https://aztv.az/en/projects/58/release/287"],
        "places": {
            "Jabrayil": [
                ("Chaprand", "Çaprand", ""),
                ("Haji Isagli", "Hacı İsaqlı", ""),
                ("Goshabulag", "Qoşabulaq", "Qoşa Bulaq"),
            ],
            "Zangilan": [
                ("Dara Gilatagh", "Dərə Gilətağ", ""),
                ("Boyuk Gilatagh", "Böyük Gilətağ", ""),
            ],
            "Qubadli": [
                ("Ishigli", "İşıqlı", ""),
                ("Muradkhanli", "Muradxanlı", ""),
                ("Milanli", "Milanlı", ""),
            ],
        },
    },
    {
        "date": "2020-11-04",
        "by": PRESIDENT,
        "how": "tweet (2 villages of Jabrayil, 2 of Zangilan, 3 of Qubadli)",
        "names_unverified": True,
        "sources": ["https://oc-media.org/live-updates-day-39-of-war-in-nagorno-karabakh/"],
        "places": {
            "Jabrayil": [
                ("Mirak", "Mirək", ""),
                ("Kavdar", "Kavdar", ""),
            ],
            "Zangilan": [
                ("Mashadiismayilli", "Məşədiismayıllı", ""),
                ("Shafibayli", "Şəfibəyli", ""),
            ],
            "Qubadli": [
                ("Basharat", "Başarat", ""),
                ("Garakishilar", "Qarakişilər", ""),
                ("Garajalli", "Qaracallı", ""),
            ],
        },
    },
    {
        "date": "2020-11-07",
        "by": PRESIDENT,
        "how": "tweet",
        "sources": [
            "https://noticiabrasil.net.br/amp/20201107/azerbaijao-afirma-que-suas-forcas-tomaram-16-localidades-em-nagorno-karabakh-16367660.html",
            "https://timeturk.com/dunya/azerbaycan-nereleri-kurtardi/haber-1663468",
        ],
        "places": {
            "Fuzuli": [
                ("Yukhari Veysalli", "Yuxarı Veysəlli", ""),
                ("Yukhari Seyidahmadli", "Yuxarı Seyidəhmədli", ""),
                ("Gorgan", "Qorqan", "Qorqan"),
                ("Uchunju Mahmudlu", "Üçüncü Mahmudlu", "Ucuncu Mahmudlu"),
                ("Gajar", "Qacar", "Qacar"),
                ("Divanalilar", "Divanalılar", ""),
            ],
            "Jabrayil": [
                ("Yukhari Mazra", "Yuxarı Məzrə", ""),
                ("Yanarhaj", "Yanarhac", ""),
            ],
            "Qubadli": [
                ("Gazyan", "Qəzyan", "Qazyan | Gezyan"),
                ("Balasoltanli", "Balasoltanlı", ""),
                ("Mardanli", "Mərdanlı", ""),
            ],
            "Zangilan": [("Beshdali", "Beşdəli", "")],
            "Khojavend": [
                ("Ataghut", "Ataqut", "Ataqut"),
                ("Tsakuri", "Tsakuri", ""),
            ],
        },
    },
    {
        "date": "2020-11-08",
        "by": PRESIDENT,
        "how": "address to the nation at the Alley of Martyrs",
        "sources": [
            "http://www.today.az/news/politics/200096.html",
            "https://jam-news.net/shusha-news-karabakh-aliyev-address-festive-procession-turkey-ministers-azerbaijan/",
            "https://zefer.az/en/8-november",
        ],
        "places": {
            "Shusha": [("Shusha", "Şuşa", "Shushi", "city")],
        },
    },
    {
        "date": "2020-11-09",
        "by": PRESIDENT,
        "how": "first tweet of 9 November (23 villages)",
        "sources": [
            "https://www.anews.com.tr/world/2020/11/09/azerbaijani-troops-free-23-more-karabakh-villages-from-armenian-occupiers",
            "https://www.azernews.az/karabakh/172374.html",
            "https://www.pravda.com.ua/rus/news/2020/11/9/7272916/",
        ],
        "places": {
            "Fuzuli": [
                ("Gobu Dilagarda", "Qobu Dilağarda", "Qobu Dilagharda"),
                ("Yal Pirahmadli", "Yal Pirəhmədli", "Yal Pirahmetli"),
                ("Yukhari Yaghlivand", "Yuxarı Yağlıvənd", "Yuxari Yaglivend"),
                ("Dilagarda", "Dilağarda", ""),
                ("Seyid Mahmudlu", "Seyid Mahmudlu", ""),
                ("Alasgarli", "Ələsgərli", "Asgarli | Elesgerli"),
            ],
            "Khojavend": [
                ("Susanlig", "Susanlıq", "Susanliq"),
                ("Domi", "Domi", "Doni"),
                ("Tugh", "Tuğ", "Tug | Togh"),
                ("Akaku", "Akaku", ""),
                ("Azikh", "Azıx", "Azokh"),
            ],
            "Jabrayil": [
                ("Huseynalilar", "Hüseynalılar", ""),
                ("Soyudlu", "Söyüdlü", ""),
                ("Ashaghi Sirik", "Aşağı Sirik", "Asahgi Sirik"),
            ],
            "Qubadli": [
                ("Yukhari Mollu", "Yuxarı Mollu", "Yukhari Molu"),
                ("Ashaghi Mollu", "Aşağı Mollu", "Ashaghi Molu"),
                ("Khojik", "Xocik", "Khocik"),
            ],
            "Zangilan": [
                ("Kechikli", "Keçikli", ""),
                ("Ordakli", "Ördəkli", "Odakli | Ordekli"),
            ],
        },
    },
    {
        "date": "2020-11-09",
        "by": PRESIDENT,
        "how": "second tweet of 9 November (1 settlement, 48 villages, 8 heights)",
        "sources": [
            "http://www.etikhaber.com/dunya/azerbaycan-ordusu-1-kasaba-48-koy-ve-8-stratejik-tepeyi-daha-ermenistan-in-h306434.html",
            "https://www.anews.com.tr/world/2020/11/09/aliyev-announces-liberation-of-49-more-areas-from-armenian-occupiers",
            "https://pchaberturkiye.com/azerbaycan-23-koyu-daha-isgalden-kurtardi",
        ],
        "places": {
            "Khojavend": [
                ("Mets Taghlar", "Böyük Tağlar", "Mets Tağlar"),
                ("Salaketin", "Salakətin", ""),
                ("Zoghalbulag", "Zoğalbulaq", "Zoğalbulak"),
                ("Aragul", "Aragül", ""),
                ("Taghavard", "Tağavard", ""),
                ("Boyuk Taghavard", "Böyük Tağavard", ""),
                ("Zardanashen", "Zərdanaşen", "Zerdanaşen"),
                ("Shaher", "Şəhər", "Şeher"),
            ],
            "Fuzuli": [
                ("Ashaghi Guzdak", "Aşağı Güzdək", "Aşağı Güzdek"),
                ("Govshatli", "Qovşatlı", ""),
                ("Mirzajamalli", "Mirzəcamallı", ""),
                ("Shakarjik", "Şəkərcik", ""),
                ("Mardinli", "Mərdinli", ""),
                ("Shikhli", "Şıxlı", ""),
                ("Garamammadli", "Qaraməmmədli", ""),
                ("Dovlatyarli", "Dövlətyarlı", ""),
                ("Hajili", "Hacılı", ""),
                ("Huseynbayli", "Hüseynbəyli", ""),
                ("Sarajig", "Saracıq", ""),
            ],
            "Zangilan": [
                ("Sobu", "Sobu", ""),
                ("Garagoz", "Qaragöz", ""),
                ("Iskandarbayli", "İsgəndərbəyli", "İskenderbeyli"),
                ("Bartaz", "Bartaz", "Bartaz qəsəbəsi", "settlement", "bartaz-settlement"),
            ],
            "Jabrayil": [
                ("Galajig", "Qalacıq", ""),
                ("Mollahasanli", "Mollahəsənli", ""),
                ("Asgarkhanli", "Əsgərxanlı", ""),
                ("Yukhari Nusus", "Yuxarı Nüsüs", ""),
                ("Ashig Malikli", "Aşıq Məlikli", ""),
                ("Niftalilar", "Niftalılar", ""),
                ("Garar", "Qərər", "Gerer"),
                ("Chalabilar", "Çələbilər", ""),
            ],
            "Qubadli": [
                ("Garamanli", "Qaramanlı", ""),
                ("Khandak", "Xəndək", "Hendek"),
                ("Hamzali", "Həmzəli", ""),
                ("Mahrizli", "Mahrızlı", ""),
                ("Hal", "Hal", ""),
                ("Ballikaya", "Ballıqaya", ""),
                ("Ulashli", "Ulaşlı", ""),
                ("Tinli", "Tinli", ""),
                ("Khojakhan", "Xocahan", ""),
                ("Boyunakar", "Boyunəkər", ""),
                ("Garagoyunlu", "Qaraqoyunlu", ""),
                ("Charali", "Çərəli", ""),
            ],
            "Lachin": [
                ("Gulabird", "Güləbürd", "Gulabird | Gülebürd"),
                ("Safiyan", "Səfiyan", ""),
                ("Turklar", "Türklər", ""),
            ],
        },
    },
]
