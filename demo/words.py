"""The words and numbers synthetic Sumatera Selatan UMKM are made of: the kinds of business
(trades) with their KBLI codes, JENIS USAHA, name prefixes and products; people's names and how
a business name calls its owner; streets, phone prefixes, marketplaces; the sentences product
descriptions are built from. Plain data, no Django: demo.generator draws from it for the demo
and for the registry benchmark (bench/registry_sample.py) alike."""

from dataclasses import dataclass

# Words that only RARE_PRODUCTS use: the benchmark searches for one of them.
RARE_SEARCH_WORDS = ["puan", "bekasam", "tempoyak", "gonjing", "beraes"]
RARE_PRODUCT_RATE = 1 / 40_000


@dataclass(frozen=True)
class ProductSpec:
    name: str
    category: str  # Category slug (fixtures/categories.csv)
    unit: str
    price_low: int
    price_high: int
    detail: str  # what it is made of / how, a phrase for the description
    # Words after the name ("250 gr", "Pedas"), each sold at price_low…price_high per unit; or, for a
    # variant that is another quantity than the spec's, (words, price_low, price_high[, unit]):
    # ("Karung 5 kg", 60000, 90000, "karung"). demo.generator.PRICE_RANGES lists them all.
    variants: tuple = ("",)


@dataclass(frozen=True)
class Trade:
    """A kind of business: what it is called, its KBLI codes and what it sells."""

    key: str
    kind: str  # description sentences and certificate chances: pangan, kain, kriya, tani, ikan, ternak, herbal, jasa, dagang
    weight: int
    kbli: tuple
    name_prefixes: tuple
    about: str  # "Produsen pempek rumahan", the start of the business description
    business_type: str  # JENIS USAHA as a registry means it: one of registry.cleaning.BUSINESS_TYPES
    food: bool  # sells food: halal, P-IRT and BPOM apply (a registry says held or not; for others it is silent)
    main_products: tuple  # PRODUK UTAMA as a registry writes it
    products: tuple


def P(name, category, unit, low, high, detail, variants=("",)):
    return ProductSpec(name, category, unit, low, high, detail, tuple(variants))


OLAHAN, KULINER, TEKSTIL, KRIYA = "makanan-minuman-olahan", "kuliner", "fashion-tekstil", "kriya-kerajinan"
TANI, IKAN, HERBAL, TERNAK, JASA, SUVENIR, SEMBAKO = (
    "pertanian-perkebunan", "perikanan", "kecantikan-kesehatan", "peternakan", "jasa", "aksesoris-souvenir", "sembako",
)

TRADES = (
    Trade("pempek", "pangan", 14, ("10750", "56102", "10799"), ("Pempek", "Pempek", "Rumah Pempek", "Warung Pempek", "Dapur Pempek"),
          "Produsen pempek rumahan",
          "Kuliner", True, ("pempek", "pempek kapal selam", "pempek dan tekwan", "pempek beku", "cuko pempek"), (
              P("Pempek Kapal Selam", KULINER, "pcs", 12000, 30000, "berisi telur ayam utuh, dari ikan tenggiri dan sagu pilihan",
                ["", "", ("Besar", 18000, 35000), ("Jumbo", 25000, 45000), "Ikan Tenggiri", "Ikan Gabus"]),
              P("Pempek Lenjer", KULINER, "pcs", 8000, 20000, "adonan ikan tenggiri panjang yang digoreng garing di luar, lembut di dalam",
                ["", ("Besar", 15000, 30000), ("Kecil", 3000, 6000), "Ikan Belida"]),
              P("Pempek Adaan", KULINER, "pcs", 3000, 6000, "bulat gurih dengan irisan bawang merah dan santan", ["", ("Isi 10", 25000, 50000, "paket")]),
              P("Pempek Kulit", KULINER, "pcs", 3000, 6000, "dari kulit ikan tenggiri yang renyah dan gurih", ["", ("Isi 10", 25000, 50000, "paket")]),
              P("Pempek Lenggang", KULINER, "pcs", 12000, 20000, "potongan pempek dipanggang bersama telur bebek di atas daun pisang",
                ["", "Panggang", "Goreng"]),
              P("Pempek Campur", KULINER, "paket", 25000, 60000, "aneka pempek kapal selam, lenjer, adaan dan kulit lengkap dengan cuko",
                [("Isi 10", 25000, 60000), ("Isi 20", 50000, 110000), ("Isi 30", 75000, 160000)]),
              P("Pempek Beku", OLAHAN, "paket", 100000, 300000, "pempek dikemas vakum, tahan 5 hari di suhu ruang dan 3 bulan di freezer",
                [("Isi 25", 100000, 200000), ("Isi 50", 180000, 350000), "Paket Oleh-oleh", ("Kemasan Vakum", 80000, 250000)]),
              P("Cuko Pempek", OLAHAN, "botol", 15000, 40000, "kuah cuko dari gula aren, cabai rawit dan bawang putih",
                ["Pedas", "Sedang", ("500 ml", 15000, 30000), ("1 Liter", 25000, 50000)]),
              P("Tekwan", KULINER, "bungkus", 10000, 25000, "bola ikan dalam kuah udang dengan bengkuang, jamur kuping dan soun",
                ["", "Komplit", "Frozen"]),
              P("Model Ikan", KULINER, "bungkus", 12000, 25000, "pempek isi tahu disajikan dengan kuah udang yang segar", ["", "Gandum"]),
              P("Otak-otak Panggang", KULINER, "pcs", 2000, 5000, "ikan dan santan dibungkus daun pisang lalu dipanggang",
                ["", ("Isi 10", 20000, 45000, "paket")]),
          )),
    Trade("kemplang", "pangan", 11, ("10794",), ("Kemplang", "Kerupuk", "Kerupuk Kemplang", "Sentra Kemplang", "Kemplang Panggang"),
          "Pembuat kemplang dan kerupuk ikan",
          "Kuliner", True, ("kemplang", "kerupuk", "kerupuk kemplang", "kemplang panggang", "keripik pisang"), (
              P("Kemplang Panggang", OLAHAN, "bungkus", 15000, 35000, "kerupuk ikan tenggiri yang dipanggang di atas bara",
                ["", "Ikan Tenggiri", "Ikan Gabus", ("250 gr", 20000, 40000), ("500 gr", 35000, 70000)]),
              P("Kemplang Goreng", OLAHAN, "bungkus", 12000, 35000, "kerupuk ikan goreng yang renyah dan gurih", ["Original", "Pedas", "Balado"]),
              P("Kerupuk Kemplang Mentah", OLAHAN, "kg", 60000, 140000, "kerupuk kering siap goreng, kemasan curah untuk warung dan reseller",
                ["", "Ikan Tenggiri", "Ikan Gabus"]),
              P("Kerupuk Ikan", OLAHAN, "bungkus", 10000, 30000, "kerupuk ikan asli tanpa pengawet dan pewarna",
                ["Kecil", "Lebar", ("Kemasan Keluarga", 25000, 50000)]),
              P("Kerupuk Udang", OLAHAN, "bungkus", 15000, 35000, "dari udang segar pilihan, renyah saat digoreng",
                ["", ("250 gr", 20000, 40000), ("500 gr", 35000, 75000)]),
              P("Keripik Pisang", OLAHAN, "bungkus", 10000, 25000, "pisang kepok diiris tipis dan digoreng renyah", ["Manis", "Asin", "Coklat", "Balado"]),
          )),
    Trade("kue", "pangan", 7, ("10792", "10710"), ("Kue", "Toko Kue", "Dapur Kue", "Rumah Kue", "Aneka Kue", "Bolu Kojo", "Maksuba"),
          "Pembuat kue khas Palembang",
          "Kuliner", True, ("kue basah", "kue khas palembang", "bolu", "kue kering", "maksuba", "lapis legit"), (
              P("Kue Maksuba", OLAHAN, "pcs", 150000, 350000, "kue lapis dari telur bebek, susu kental manis dan mentega",
                ["", "Loyang 20 cm", "Loyang Besar"]),
              P("Kue Delapan Jam", OLAHAN, "pcs", 150000, 350000, "dikukus selama delapan jam hingga legit dan harum", ["", "Loyang Kecil"]),
              P("Lapis Legit", OLAHAN, "pcs", 120000, 400000, "berlapis-lapis dengan rempah pilihan", ["Original", "Prune", "Keju"]),
              P("Bolu Kojo", OLAHAN, "pcs", 40000, 90000, "bolu pandan legit dengan santan kelapa", ["", "Loyang Sedang", "Durian"]),
              P("Engkak Ketan", OLAHAN, "pcs", 60000, 150000, "kue lapis dari tepung ketan dan santan", ["", "Loyang Kecil"]),
              P("Kue Lumpang", KULINER, "paket", 20000, 40000, "kue basah kenyal dengan taburan kelapa parut",
                [("Isi 10", 20000, 40000), ("Isi 20", 40000, 75000)]),
              P("Kue Kering Nastar", OLAHAN, "paket", 60000, 150000, "nastar lembut berisi selai nanas Prabumulih", ["Toples 500 gr", "Lebaran"]),
          )),
    Trade("songket", "kain", 6, ("13121",), ("Songket", "Galeri Songket", "Tenun Songket", "Rumah Songket"),
          "Penenun songket",
          "Fashion", False, ("songket", "kain songket", "tenun songket", "selendang songket"), (
              P("Kain Songket Lepus", TEKSTIL, "lembar", 3000000, 15000000, "ditenun tangan dengan benang emas yang memenuhi seluruh kain",
                ["Benang Emas", "Motif Berantai", "Motif Bungo Jatuh"]),
              P("Kain Songket Tretes", TEKSTIL, "lembar", 1500000, 6000000, "motif tretes mender dengan benang emas di kedua ujung kain",
                ["", "Warna Merah", "Warna Hijau"]),
              P("Songket Bungo Pacik", TEKSTIL, "lembar", 1200000, 5000000, "motif bunga dengan benang kapas putih"),
              P("Selendang Songket", TEKSTIL, "lembar", 350000, 1500000, "selendang tenun benang emas untuk acara adat", ["", "Sutra"]),
              P("Kain Blongsong", TEKSTIL, "lembar", 400000, 1500000, "kain tenun blongsong dengan motif ikat yang halus", ["", "Sutra", "Motif Limar"]),
              P("Tanjak Songket", SUVENIR, "pcs", 75000, 250000, "ikat kepala tradisional Palembang dari kain songket"),
          )),
    Trade("jumputan", "kain", 5, ("13134", "14111"), ("Jumputan", "Batik", "Butik", "Galeri Jumputan"),
          "Perajin kain jumputan dan batik",
          "Fashion", False, ("kain jumputan", "jumputan", "batik", "busana muslim"), (
              P("Kain Jumputan", TEKSTIL, "lembar", 150000, 750000, "dibuat dengan teknik ikat celup tangan",
                ["Pelangi", "Motif Bintik Tujuh", "Motif Kembang Janur", "Sutra", "Katun"]),
              P("Baju Kurung Jumputan", TEKSTIL, "pcs", 250000, 650000, "dijahit dari kain jumputan dengan warna cerah", ["", "Anak", "Dewasa"]),
              P("Gamis Jumputan", TEKSTIL, "pcs", 200000, 550000, "gamis longgar dari kain jumputan yang adem", ["", "All Size"]),
              P("Kemeja Batik Palembang", TEKSTIL, "pcs", 150000, 450000, "batik tulis dengan motif khas Palembang", ["Lengan Panjang", "Lengan Pendek"]),
              P("Jilbab Jumputan", TEKSTIL, "pcs", 45000, 120000, "jilbab segi empat dari kain jumputan", ["", "Voal", "Sutra"]),
          )),
    Trade("kopi", "pangan", 7, ("10761", "01270"),
          ("Kopi", "Kopi Semendo", "Kopi Pagar Alam", "Kopi Enim", "Kopi Ogan", "KUB Kopi", "Kedai Kopi", "Kopi Bubuk"),
          "Petani dan pengolah kopi robusta",
          "Kuliner", True, ("kopi semendo", "kopi bubuk", "kopi robusta", "biji kopi"), (
              P("Kopi Bubuk Semendo", OLAHAN, "bungkus", 35000, 90000, "robusta dataran tinggi Semendo, disangrai sedang dan digiling halus",
                [("100 gr", 15000, 35000), "250 gr", ("500 gr", 65000, 150000), ("1 kg", 120000, 250000)]),
              P("Kopi Robusta Semendo Biji Sangrai", OLAHAN, "kg", 120000, 220000, "biji kopi petik merah disangrai dalam jumlah kecil",
                ["", "Medium Roast", "Dark Roast"]),
              P("Kopi Bubuk Pagar Alam", OLAHAN, "bungkus", 20000, 80000, "kopi robusta dari kebun di lereng Gunung Dempo",
                [("100 gr", 15000, 30000), ("250 gr", 35000, 80000), ("500 gr", 60000, 140000)]),
              P("Biji Kopi Robusta", TANI, "kg", 45000, 90000, "green bean kopi robusta yang dijemur di atas para-para",
                ["Petik Merah", "Asalan", "Grade 1"]),
              P("Kopi Luwak", OLAHAN, "bungkus", 150000, 300000, "kopi luwak dari kebun rakyat di dataran tinggi",
                ["100 gr", ("200 gr", 280000, 550000), ("Liar 100 gr", 250000, 500000)]),
              P("Kopi Jahe", OLAHAN, "bungkus", 15000, 35000, "kopi bubuk dicampur jahe merah dan gula aren",
                [("Sachet", 2000, 4000, "sachet"), "Isi 10"]),
          )),
    Trade("buah", "tani", 6, ("01220", "01132"), ("Kebun", "Tani", "Kelompok Tani", "Poktan", "Agro", "Buah"),
          "Kebun buah dan hasil tani",
          "Pertanian", True, ("duku", "durian", "nanas", "beras", "buah-buahan", "cabai"), (
              P("Duku Komering", TANI, "kg", 15000, 40000, "duku manis berkulit tipis dari tepian Sungai Komering", ["", "Super", "Kualitas A"]),
              P("Durian Lokal", TANI, "pcs", 40000, 150000, "durian matang pohon dengan daging tebal dan legit", ["", "Super", "Besar"]),
              P("Nanas Prabumulih", TANI, "pcs", 8000, 20000, "nanas madu yang manis dari kebun Prabumulih", ["", "Besar"]),
              P("Manggis", TANI, "kg", 20000, 45000, "manggis segar dipetik langsung dari kebun", ["", "Super"]),
              P("Rambutan", TANI, "kg", 10000, 25000, "rambutan manis dan ngelotok", ["", "Binjai"]),
              P("Beras Lokal", TANI, "kg", 12000, 18000, "beras hasil sawah sendiri, digiling tanpa pemutih",
                ["Pulen", "Pandan Wangi", ("Karung 5 kg", 60000, 90000, "karung"), ("Karung 10 kg", 120000, 170000, "karung")]),
              P("Cabai Rawit", TANI, "kg", 25000, 80000, "cabai rawit segar hasil kebun sendiri", ["", "Merah", "Hijau"]),
          )),
    Trade("purun", "kriya", 4, ("16292", "16291"), ("Anyaman", "Anyaman Purun", "Kerajinan Purun", "Purun", "Tikar", "Rotan", "Kriya"),
          "Perajin anyaman purun dan rotan",
          "Kriya", False, ("tikar purun", "anyaman purun", "tas anyaman", "keranjang rotan"), (
              P("Tikar Purun", KRIYA, "lembar", 50000, 250000, "dianyam tangan dari rumput purun rawa Pedamaran",
                ["", "Motif", "Ukuran 2x3 m", "Warna Alami"]),
              P("Tas Purun", SUVENIR, "pcs", 35000, 150000, "tas anyaman purun yang ringan dan kuat", ["", "Motif Songket", "Tote Bag"]),
              P("Bakul Purun", KRIYA, "pcs", 15000, 50000, "wadah serbaguna dari anyaman purun", ["", ("Set Isi 3", 40000, 120000, "set")]),
              P("Topi Purun", SUVENIR, "pcs", 20000, 60000, "topi anyaman purun untuk ke kebun atau ke pantai"),
              P("Keranjang Rotan", KRIYA, "pcs", 50000, 250000, "keranjang dari rotan pilihan yang dianyam rapat",
                ["", ("Besar", 150000, 350000), ("Set Isi 3", 150000, 500000, "set")]),
          )),
    Trade("lak", "kriya", 3, ("20223", "16293", "32903"), ("Lak", "Galeri Lak", "Kerajinan Lak", "Lakuer", "Ukiran"),
          "Perajin lak dan ukiran kayu",
          "Kriya", False, ("kerajinan lak", "ukiran kayu", "lemari lak", "souvenir"), (
              P("Lemari Lak Palembang", KRIYA, "pcs", 3000000, 15000000, "lemari kayu tembesu berlapis lak merah dan emas",
                ["", "Motif Naga", "Motif Bunga Tanjung"]),
              P("Kotak Perhiasan Lak", KRIYA, "pcs", 150000, 600000, "kotak kayu berlapis lak dengan ukiran emas", ["", "Kecil", "Besar"]),
              P("Tempat Tisu Lak", KRIYA, "pcs", 75000, 250000, "tempat tisu kayu berlapis lak merah"),
              P("Guci Lak", KRIYA, "pcs", 250000, 1500000, "guci kayu dengan lukisan lak motif bunga", ["", ("Sepasang", 500000, 2500000, "pasang")]),
              P("Ukiran Kayu Tembesu", KRIYA, "pcs", 250000, 3000000, "ukiran tangan dari kayu tembesu", ["Hiasan Dinding", "Kaligrafi"]),
              P("Miniatur Jembatan Ampera", SUVENIR, "pcs", 50000, 350000, "miniatur jembatan kebanggaan wong Palembang", ["", "Kecil", "Besar"]),
          )),
    Trade("ikan", "ikan", 6, ("10212", "10211", "10213", "03221"),
          ("Ikan Salai", "Perikanan", "Pengasapan Ikan", "Tambak", "Kolam Ikan", "Pokdakan", "Budidaya Ikan"),
          "Pengolah dan pembudidaya ikan",
          "Pertanian", True, ("ikan salai", "ikan patin", "ikan asin", "udang galah", "abon ikan"), (
              P("Ikan Salai Patin", IKAN, "kg", 100000, 200000, "ikan patin diasap perlahan dengan kayu, tanpa bahan pengawet", ["", "Belah", "Potong"]),
              P("Ikan Salai Baung", IKAN, "kg", 120000, 250000, "ikan baung sungai diasap hingga kering dan harum"),
              P("Ikan Asin Sepat", IKAN, "kg", 50000, 120000, "ikan sepat rawa dijemur dengan garam secukupnya", ["", "Siam"]),
              P("Ikan Patin Segar", IKAN, "kg", 22000, 35000, "ikan patin dari kolam sendiri, dipanen saat dipesan"),
              P("Ikan Gabus Segar", IKAN, "kg", 45000, 80000, "ikan gabus rawa untuk pempek dan pindang"),
              P("Udang Galah", IKAN, "kg", 90000, 200000, "udang galah sungai ukuran besar", ["", "Jumbo"]),
              P("Abon Ikan Gabus", OLAHAN, "bungkus", 25000, 70000, "abon ikan gabus yang gurih dan kaya protein",
                [("100 gr", 20000, 40000), ("250 gr", 45000, 85000)]),
          )),
    Trade("madu", "ternak", 4, ("02307", "01493", "01464", "01462"), ("Madu", "Madu Hutan", "Ternak", "Peternakan", "Lebah"),
          "Peternak lebah dan unggas",
          "Pertanian", True, ("madu hutan", "madu kelulut", "telur ayam kampung", "ayam kampung"), (
              P("Madu Hutan", TERNAK, "botol", 75000, 250000, "madu murni dari hutan Sumatera Selatan, dipanen secara lestari",
                [("250 ml", 60000, 120000), ("500 ml", 110000, 200000), ("1 kg", 180000, 350000)]),
              P("Madu Kelulut", TERNAK, "botol", 100000, 300000, "madu lebah tanpa sengat yang asam manis segar",
                [("250 ml", 90000, 180000), ("500 ml", 160000, 300000)]),
              P("Madu Sialang", TERNAK, "botol", 90000, 250000, "madu dari sarang lebah di pohon sialang", ["", ("500 ml", 120000, 220000)]),
              P("Telur Ayam Kampung", TERNAK, "paket", 25000, 75000, "telur ayam kampung yang diumbar di kebun",
                [("Isi 10", 25000, 40000), ("Isi 30", 70000, 110000)]),
              P("Telur Bebek", TERNAK, "paket", 30000, 80000, "telur bebek segar untuk martabak dan kue",
                [("Isi 10", 30000, 45000), ("Isi 30", 85000, 130000)]),
              P("Ayam Kampung Potong", TERNAK, "kg", 60000, 95000, "ayam kampung dipotong sesuai syariat"),
          )),
    Trade("herbal", "herbal", 3, ("20232", "21022", "20231"), ("Herbal", "Jamu", "Sabun", "Rumah Herbal"),
          "Pembuat jamu dan perawatan herbal",
          "Kuliner", True, ("jamu", "jamu kunyit asam", "wedang jahe", "sabun herbal"), (
              P("Sabun Herbal", HERBAL, "pcs", 12000, 35000, "sabun batang dibuat dengan metode cold process", ["Kopi", "Kunyit", "Sereh", "Arang Bambu"]),
              P("Minyak Urut", HERBAL, "botol", 20000, 60000, "minyak urut dari rempah dan minyak kelapa", ["", "Sereh", "Jahe"]),
              P("Jamu Kunyit Asam", HERBAL, "botol", 8000, 15000, "jamu segar dari kunyit dan asam jawa", ["", "250 ml", ("1 Liter", 25000, 45000)]),
              P("Lulur Tradisional", HERBAL, "pcs", 20000, 60000, "lulur dari bahan alami tanpa pewangi buatan", ["Bengkoang", "Kopi", "Beras"]),
              P("Wedang Jahe Merah", OLAHAN, "bungkus", 15000, 40000, "serbuk jahe merah dengan gula aren", ["", ("Isi 10", 20000, 45000)]),
          )),
    Trade("penjahit", "jasa", 2, ("14120", "95291"), ("Penjahit", "Taylor", "Konveksi", "Vermak"), "Jasa jahit dan konveksi",
          "Fashion", False, ("jahit pakaian", "vermak", "seragam", "kebaya", "konveksi"), (
        P("Jahit Baju Kurung", JASA, "pcs", 150000, 400000, "dijahit sesuai ukuran badan, bahan dari pelanggan atau dari kami",
          ["", "Anak"]),
        P("Jahit Kebaya", JASA, "pcs", 200000, 600000, "kebaya modern maupun klasik, bisa pakai kain songket",
          ["", "Modern"]),
        P("Permak Pakaian", JASA, "pcs", 15000, 50000, "potong, kecilkan dan perbaiki pakaian"),
        P("Jahit Seragam Sekolah", JASA, "pcs", 100000, 200000, "seragam sekolah dan kantor, bisa pesan banyak", ["", "SD", "SMP", "SMA"]),
        P("Jahit Gamis", JASA, "pcs", 150000, 350000, "gamis dan busana muslim dijahit sesuai ukuran", ["", "Anak"]),
        P("Jahit Celana", JASA, "pcs", 80000, 180000, "celana kain dan celana kerja dijahit sesuai ukuran", ["", "Panjang", "Pendek"]),
        P("Jahit Kemeja", JASA, "pcs", 100000, 250000, "kemeja batik maupun polos, lengan panjang atau pendek", ["", "Batik"]),
        P("Pasang Resleting", JASA, "pcs", 10000, 25000, "ganti resleting celana, rok dan jaket"),
    )),
    Trade("katering", "jasa", 3, ("56210", "56102"), ("Katering", "Dapur", "Warung"), "Katering dan masakan rumahan",
          "Kuliner", True, ("katering", "nasi kotak", "tumpeng", "pindang"), (
        P("Nasi Kotak", JASA, "paket", 20000, 50000, "nasi kotak lengkap untuk rapat dan pengajian", ["Ayam Bakar", "Pindang", "Rendang"]),
        P("Tumpeng", JASA, "paket", 350000, 1500000, "tumpeng nasi kuning dengan lauk lengkap",
          [("", 350000, 900000), ("Mini", 150000, 350000), ("Besar", 800000, 2000000)]),
        P("Katering Hajatan", JASA, "paket", 2000000, 20000000, "menu prasmanan untuk pernikahan dan syukuran",
          [("100 Porsi", 2000000, 4500000), ("300 Porsi", 6000000, 13500000)]),
        P("Pindang Patin", KULINER, "pcs", 25000, 60000, "ikan patin dalam kuah pindang asam pedas dengan nanas", ["", "Kepala", "Badan"]),
        P("Pindang Tulang", KULINER, "pcs", 30000, 70000, "tulang iga sapi dalam kuah pindang yang segar"),
        P("Nasi Minyak", KULINER, "pcs", 25000, 50000, "nasi samin harum dengan malbi daging"),
    )),
    Trade("percetakan", "jasa", 1, ("18111",), ("Percetakan", "Sablon", "Digital Printing"), "Jasa percetakan dan sablon",
          "Jasa", False, ("percetakan", "sablon", "spanduk", "undangan", "digital printing"), (
        P("Cetak Spanduk", JASA, "lembar", 15000, 150000, "spanduk dan baliho dengan tinta tahan cuaca",
          [("", 50000, 250000), ("Per Meter", 15000, 35000, "meter")]),
        P("Cetak Undangan", JASA, "paket", 150000, 1500000, "undangan pernikahan dengan motif songket",
          [("Isi 100", 150000, 500000), ("Isi 500", 600000, 2000000)]),
        P("Sablon Kaos", JASA, "pcs", 35000, 90000, "sablon plastisol untuk komunitas dan acara", ["", "Satu Warna", "Full Color"]),
        P("Stiker Label Kemasan", JASA, "lembar", 5000, 25000, "label kemasan produk UMKM, bisa didesainkan", ["", "Vinyl"]),
        P("Cetak Kartu Nama", JASA, "kotak", 25000, 60000, "kartu nama isi 100 lembar, bisa desain sendiri", ["", "Laminasi"]),
        P("Cetak Brosur", JASA, "rim", 250000, 600000, "brosur full color untuk promosi usaha", ["A5", "A4"]),
    )),
    Trade("sambal", "pangan", 4, ("10799", "10771"), ("Dapur", "Sambal", "Olahan", "Rumah Sambal"), "Pembuat sambal dan bumbu khas",
          "Kuliner", True, ("sambal", "sambal lingkung", "bumbu pindang", "kecap"), (
        P("Sambal Lingkung", OLAHAN, "botol", 30000, 80000, "abon ikan tenggiri khas Palembang yang gurih dan tahan lama", ["", "Pedas", "Original"]),
        P("Sambal Terasi", OLAHAN, "botol", 20000, 45000, "sambal terasi udang digoreng dengan minyak kelapa", ["", "Extra Pedas"]),
        P("Sambal Bawang", OLAHAN, "botol", 20000, 45000, "sambal bawang dengan cabai rawit pilihan", ["", "Cumi", "Teri"]),
        P("Bumbu Pindang Instan", OLAHAN, "bungkus", 10000, 25000, "bumbu pindang Palembang siap masak"),
        P("Kecap Manis", OLAHAN, "botol", 12000, 30000, "kecap dari kedelai hitam dan gula aren", ["", ("600 ml", 15000, 30000)]),
        P("Keripik Tempe", OLAHAN, "bungkus", 10000, 25000, "tempe diiris tipis dengan bumbu ketumbar", ["Original", "Pedas"]),
    )),
    Trade("warung", "pangan", 6, ("56102", "56103", "56101"), ("Warung", "Rumah Makan", "RM", "Warung Pindang", "RM Pindang", "Warung Nasi", "Mie Celor",
                                                              "Martabak", "Kedai", "Kantin", "Depot", "Pondok"), "Warung makan khas Palembang",
          "Kuliner", True, ("pindang", "nasi minyak", "mie celor", "martabak", "kopi susu", "model", "tekwan", "es kacang merah"), (
        P("Martabak HAR", KULINER, "pcs", 20000, 40000, "martabak telur bebek dengan kuah kari kentang", ["", "Telur Bebek", "Spesial"]),
        P("Mie Celor", KULINER, "pcs", 15000, 30000, "mi kuah santan udang dengan telur rebus"),
        P("Laksan", KULINER, "pcs", 12000, 25000, "potongan pempek dalam kuah santan pedas"),
        P("Burgo", KULINER, "pcs", 12000, 25000, "gulungan tepung beras dengan kuah santan ikan"),
        P("Celimpungan", KULINER, "pcs", 12000, 25000, "bola ikan dalam kuah santan kuning"),
        P("Es Kacang Merah", KULINER, "pcs", 10000, 20000, "kacang merah, susu dan sirup di atas es serut", ["", "Durian"]),
        P("Pindang Patin", KULINER, "pcs", 25000, 60000, "ikan patin dalam kuah pindang asam pedas dengan nanas"),
        P("Kopi Susu Gula Aren", KULINER, "pcs", 15000, 25000, "kopi robusta lokal dengan susu segar dan gula aren", ["", "Es"]),
        P("Nasi Uduk", KULINER, "pcs", 10000, 20000, "nasi gurih santan dengan telur dan sambal"),
        P("Teh Tarik", KULINER, "pcs", 8000, 15000, "teh susu ditarik sampai berbusa", ["", "Es"]),
    )),
    # "Oleh-Oleh" in names: a registry typing a name in capitals gets it back as written (title case).
    Trade("oleh-oleh", "kriya", 3, ("32903", "47911"), ("Galeri Oleh-Oleh", "Pusat Oleh-Oleh", "Toko Oleh-Oleh", "Suvenir"),
          "Toko oleh-oleh dan suvenir",
          "Perdagangan", False, ("oleh-oleh", "souvenir", "kaos palembang", "tas songket"), (
              P("Gantungan Kunci Ampera", SUVENIR, "paket", 15000, 50000, "gantungan kunci kayu bergambar Jembatan Ampera",
                [("Isi 5", 15000, 30000), ("Isi 12", 30000, 60000)]),
              P("Miniatur Jembatan Ampera", SUVENIR, "pcs", 50000, 350000, "miniatur jembatan kebanggaan wong Palembang", ["", "Kecil", "Besar"]),
              P("Kaos Palembang", TEKSTIL, "pcs", 60000, 150000, "kaos katun dengan sablon khas Palembang", ["Wong Kito", "Ampera", "Sriwijaya"]),
              P("Tas Songket", SUVENIR, "pcs", 150000, 600000, "tas tangan dari kain songket", ["", "Clutch", "Selempang"]),
              P("Dompet Songket", SUVENIR, "pcs", 35000, 120000, "dompet kecil dari kain songket sisa tenun"),
              P("Pempek Beku", OLAHAN, "paket", 100000, 300000, "pempek dikemas vakum, tahan 5 hari di suhu ruang",
                ["Paket Oleh-oleh", ("Isi 50", 180000, 350000)]),
          )),
    # Shops and services: what most of a dinas registry is, and what the demo had none of.
    Trade("sembako", "dagang", 7, ("47112", "47192", "47829", "46311"),
          ("Toko", "Toko Sembako", "Warung Sembako", "Kios", "Grosir", "Kelontong", "Toko Kelontong"),
          "Toko sembako dan kelontong",
          "Perdagangan", False, ("sembako", "kelontong", "beras", "minyak goreng", "kebutuhan pokok", "bahan kue"), (
              P("Beras", SEMBAKO, "kg", 12000, 16000, "beras pulen dari penggilingan setempat",
                [("Premium", 14000, 17000), ("Medium", 12000, 14500), ("Karung 5 kg", 60000, 90000, "karung"),
                 ("Karung 25 kg", 300000, 420000, "karung")]),
              P("Minyak Goreng", SEMBAKO, "liter", 15000, 20000, "minyak goreng sawit kemasan",
                ["", ("Pouch 2 Liter", 30000, 40000, "pouch"), ("Curah", 14000, 18000)]),
              P("Gula Pasir", SEMBAKO, "kg", 15000, 19000, "gula pasir putih kemasan", ["", "Curah"]),
              P("Telur Ayam Ras", SEMBAKO, "kg", 26000, 32000, "telur ayam ras segar dari peternak sekitar", ["", ("Per Papan", 45000, 60000, "papan")]),
              P("Tepung Terigu", SEMBAKO, "kg", 11000, 15000, "tepung terigu serbaguna untuk kue dan gorengan", ["", "Protein Tinggi"]),
              P("Bumbu Dapur", SEMBAKO, "paket", 10000, 30000, "bawang merah, bawang putih, cabai dan rempah yang dipilih segar",
                ["", "Paket Pindang", "Paket Rendang"]),
              P("Mie Instan", SEMBAKO, "dus", 100000, 130000, "mie instan aneka rasa dalam kemasan dus", ["", "Isi 40"]),
          )),
    Trade("agen", "dagang", 2, ("47302", "47222", "47414"), ("Agen", "Pangkalan", "Pangkalan Elpiji", "Depot Air", "Konter", "Toko"),
          "Agen gas, air isi ulang dan pulsa",
          "Perdagangan", False, ("gas elpiji", "air isi ulang", "pulsa", "token listrik", "agen"), (
              P("Gas Elpiji 3 kg", SEMBAKO, "tabung", 18000, 25000, "isi ulang tabung gas elpiji 3 kg, bisa diantar", ["", "Antar ke Rumah"]),
              P("Gas Elpiji 12 kg", SEMBAKO, "tabung", 190000, 230000, "isi ulang tabung gas elpiji 12 kg", ["", "Bright Gas"]),
              P("Air Minum Isi Ulang", SEMBAKO, "galon", 5000, 8000, "air minum yang disaring dan disinari UV", ["", "Antar ke Rumah"]),
              P("Pulsa dan Paket Data", JASA, "pcs", 5000, 100000, "pulsa dan paket data semua operator", ["", "Semua Operator"]),
              P("Token Listrik", JASA, "pcs", 20000, 500000, "token listrik PLN prabayar"),
              P("Air Mineral Kemasan", SEMBAKO, "dus", 20000, 50000, "air mineral gelas dan botol untuk acara",
                ["Gelas Isi 48", "Botol 600 ml Isi 24"]),
              P("Galon Baru dengan Isi", SEMBAKO, "pcs", 45000, 70000, "galon baru lengkap dengan air isi ulang"),
              P("Bayar Tagihan Listrik dan Air", JASA, "kali", 2500, 5000, "biaya admin bayar tagihan PLN, PDAM dan BPJS"),
          )),
    Trade("bengkel", "jasa", 3, ("45407", "45202"), ("Bengkel", "Bengkel Motor", "Servis Motor", "Cuci Motor", "Cuci Steam"),
          "Bengkel dan servis sepeda motor",
          "Jasa", False, ("bengkel", "servis motor", "cuci motor", "tambal ban", "ganti oli"), (
              P("Servis Motor", JASA, "kali", 50000, 150000, "servis ringan, setel karburator atau injeksi dan cek rem", ["Ringan", "Lengkap", "Injeksi"]),
              P("Ganti Oli", JASA, "kali", 40000, 90000, "oli mesin dan oli gardan, sudah termasuk jasa", ["", "Matic"]),
              P("Tambal Ban", JASA, "kali", 10000, 25000, "tambal ban dalam maupun tubeless", ["", "Tubeless"]),
              P("Cuci Motor", JASA, "kali", 10000, 20000, "cuci steam sampai bersih, bodi dikilapkan", ["", "Steam"]),
              P("Turun Mesin", JASA, "kali", 400000, 1500000, "bongkar dan perbaiki mesin motor, suku cadang asli", ["", "Bore Up"]),
          )),
    Trade("laundry", "jasa", 2, ("96200",), ("Laundry", "Laundry Kiloan", "Binatu"),
          "Jasa laundry kiloan",
          "Jasa", False, ("laundry", "laundry kiloan", "cuci setrika"), (
              P("Cuci Setrika Kiloan", JASA, "kg", 6000, 10000, "cuci, kering dan setrika rapi, selesai dua hari", ["", "Kilat 1 Hari"]),
              P("Cuci Kering Lipat", JASA, "kg", 4000, 7000, "cuci dan kering, dilipat rapi tanpa setrika"),
              P("Setrika Saja", JASA, "kg", 4000, 6000, "pakaian bersih disetrika dan dikemas plastik"),
              P("Cuci Bed Cover", JASA, "pcs", 20000, 45000, "bed cover dan selimut tebal dicuci bersih dan wangi", ["", "King Size"]),
              P("Cuci Sepatu", JASA, "pasang", 25000, 50000, "sepatu kain dan kulit dicuci dan dirawat", ["", "Deep Clean"]),
              P("Cuci Karpet", JASA, "meter", 15000, 30000, "karpet dicuci dan dijemur sampai kering", ["", "Tebal"]),
              P("Cuci Boneka", JASA, "pcs", 15000, 50000, "boneka dicuci lembut dan wangi", ["", "Jumbo"]),
              P("Cuci Kering Jas", JASA, "pcs", 25000, 50000, "jas dan kebaya dicuci kering dengan hati-hati"),
          )),
    Trade("salon", "jasa", 2, ("96112",), ("Salon", "Salon Muslimah", "Salon Kecantikan", "Rias Pengantin"),
          "Salon kecantikan dan rias pengantin",
          "Jasa", False, ("salon", "rias pengantin", "potong rambut", "creambath"), (
              P("Potong Rambut Wanita", JASA, "kali", 25000, 75000, "potong dan tata rambut sesuai bentuk wajah"),
              P("Creambath", JASA, "kali", 50000, 120000, "perawatan rambut dengan pijat kepala dan masker", ["", "Ginseng", "Lidah Buaya"]),
              P("Facial", JASA, "kali", 60000, 200000, "pembersihan wajah dengan bahan alami", ["", "Acne", "Brightening"]),
              P("Rias Pengantin Adat Palembang", JASA, "paket", 2500000, 12000000, "rias dan busana Aesan Gede atau Aesan Paksangko",
                ["", "Aesan Gede", "Aesan Paksangko"]),
              P("Rias Wisuda", JASA, "kali", 150000, 400000, "rias wajah dan hijab untuk wisuda dan acara"),
          )),
    Trade("pangkas", "jasa", 1, ("96111",), ("Pangkas Rambut", "Pangkas", "Barbershop", "Cukur"),
          "Pangkas rambut",
          "Jasa", False, ("pangkas rambut", "potong rambut", "cukur"), (
              P("Potong Rambut Pria", JASA, "kali", 15000, 40000, "potong rambut pria dengan cukur leher dan keramas",
                ["", "Dewasa", "Anak", "Cepak"]),
              P("Cukur Jenggot", JASA, "kali", 10000, 20000, "cukur jenggot dan kumis dengan handuk hangat", ["", "dan Kumis"]),
              P("Cat Rambut", JASA, "kali", 50000, 150000, "semir rambut hitam atau warna", ["", "Hitam"]),
              P("Keramas dan Pijat Kepala", JASA, "kali", 10000, 25000, "keramas dengan pijat kepala dan pundak"),
              P("Potong Rambut Panggilan", JASA, "kali", 40000, 80000, "tukang cukur datang ke rumah", ["", "Acara Keluarga"]),
              P("Smoothing Rambut Pria", JASA, "kali", 100000, 250000, "rambut lurus rapi tahan berbulan-bulan"),
          )),
    Trade("rental", "jasa", 1, ("77100",), ("Rental", "Rental Mobil", "Rental Motor", "Sewa Mobil"),
          "Rental mobil dan motor",
          "Jasa", False, ("rental mobil", "sewa mobil", "rental motor"), (
              P("Sewa Mobil Harian", JASA, "hari", 300000, 700000, "mobil keluarga yang bersih dan terawat, lepas kunci atau dengan sopir",
                ["", "Lepas Kunci", "Dengan Sopir"]),
              P("Antar Jemput Bandara", JASA, "kali", 100000, 250000, "antar jemput Bandara Sultan Mahmud Badaruddin II", ["", "Malam Hari"]),
              P("Sewa Motor Harian", JASA, "hari", 75000, 150000, "motor untuk keliling kota, helm dua", ["", "Matic", "Trail"]),
              P("Sewa Mobil Mingguan", JASA, "minggu", 1800000, 3500000, "mobil keluarga untuk sepekan, harga lebih hemat",
                ["", "Lepas Kunci"]),
              P("Sewa Mobil Pengantin", JASA, "hari", 750000, 2000000, "mobil hias untuk hari pernikahan", ["", "Dengan Hiasan Bunga"]),
              P("Sewa Bus Pariwisata", JASA, "hari", 1500000, 3500000, "bus untuk rombongan wisata dan ziarah", ["", "Medium"]),
          )),
)

# Specialties hardly anyone sells: they give the search its rare words.
RARE_PRODUCTS = (
    P("Gulo Puan", OLAHAN, "pcs", 50000, 120000, "gula susu kerbau rawa dari Pampangan, camilan para bangsawan Palembang tempo dulu"),
    P("Bekasam Ikan Seluang", IKAN, "botol", 25000, 60000, "ikan seluang difermentasi dengan nasi dan garam"),
    P("Sambal Tempoyak", OLAHAN, "botol", 25000, 55000, "durian fermentasi dimasak dengan cabai dan ikan teri"),
    P("Kue Gonjing", KULINER, "paket", 15000, 30000, "kue serabi tipis yang dipanggang di cetakan tanah liat"),
    P("Kue Jando Beraes", OLAHAN, "pcs", 80000, 150000, "kue lapis roti tawar dan telur yang dipanggang berlapis"),
)

# Trades a kabupaten/kota is known for, drawn more often there.
REGIONAL_TRADES = {
    "16.71": ("pempek", "songket", "jumputan", "kue", "lak", "warung", "oleh-oleh"),
    "16.02": ("purun", "kemplang", "ikan"),
    "16.03": ("kopi", "buah"),
    "16.72": ("kopi", "buah"),
    "16.04": ("kopi", "buah"),
    "16.08": ("buah", "ikan"),
    "16.10": ("songket", "kemplang", "ikan"),
    "16.74": ("buah", "kemplang"),
    "16.06": ("ikan", "madu"),
    "16.07": ("ikan", "buah"),
    "16.11": ("kopi", "buah"),
}
REGIONAL_SHARE = 0.45

# Rough population shares (thousands of people): Palembang has a fifth of the province.
REGENCY_WEIGHTS = {
    "16.71": 1700, "16.07": 840, "16.02": 800, "16.08": 680, "16.03": 630, "16.06": 630, "16.04": 430,
    "16.09": 420, "16.10": 420, "16.05": 400, "16.01": 370, "16.11": 340, "16.73": 240, "16.12": 200,
    "16.13": 200, "16.74": 195, "16.72": 145,
}

# Where a business is, for the kecamatan whose middle we know: (latitude, longitude), approximate
# (read off a map by hand, not surveyed). Palembang's eighteen, and the seat of each other
# kabupaten/kota. A demo business there may have its position on record, and publish it
# (Business.location_public); it lies within LOCATION_SPREAD degrees (about 600 m) of the middle,
# well inside the kecamatan. Elsewhere the demo knows no position, as for most registry rows.
DISTRICT_CENTRES = {
    "16.71.01": (-2.9950, 104.7350), "16.71.02": (-3.0100, 104.7650), "16.71.03": (-3.0000, 104.7850),
    "16.71.04": (-2.9650, 104.7250), "16.71.05": (-2.9750, 104.7550), "16.71.06": (-2.9700, 104.7800),
    "16.71.07": (-2.9200, 104.7100), "16.71.08": (-2.9300, 104.8000), "16.71.09": (-2.9550, 104.7450),
    "16.71.10": (-2.9500, 104.7900), "16.71.11": (-2.9850, 104.7500), "16.71.12": (-2.9900, 104.6900),
    "16.71.13": (-3.0300, 104.7350), "16.71.14": (-3.0050, 104.8050), "16.71.15": (-2.9300, 104.6800),
    "16.71.16": (-2.9100, 104.8200), "16.71.17": (-3.0200, 104.7800), "16.71.18": (-2.9650, 104.7700),
    "16.01.14": (-4.1250, 104.1700), "16.02.05": (-3.3950, 104.8300), "16.03.02": (-3.6550, 103.7700),
    "16.04.10": (-3.7900, 103.5400), "16.05.09": (-3.2200, 103.0700), "16.06.01": (-2.8800, 103.8450),
    "16.07.03": (-2.8800, 104.3850), "16.08.01": (-4.3150, 104.3550), "16.09.01": (-4.5350, 104.0700),
    "16.10.04": (-3.2200, 104.6500), "16.11.04": (-3.6200, 103.0500), "16.12.01": (-3.3600, 103.8500),
    "16.13.01": (-2.6800, 102.9200), "16.72.01": (-4.0150, 103.2550), "16.73.01": (-3.2950, 102.8650),
    "16.74.02": (-3.4300, 104.2400),
}
LOCATION_SPREAD = 0.0055

# People. The owner's sex decides the first name, the title and the call a business name gives
# her or him, and the NIK: a woman's birth day is written plus 40.
WOMEN_SHARE = 0.6
WOMEN_NAMES = (
    "Ani", "Siti", "Yanti", "Nurlela", "Marlina", "Kartini", "Sumarni", "Lestari", "Ratna", "Yusnidar", "Nurhayati",
    "Mardiana", "Halimah", "Rosidah", "Ernawati", "Fitri", "Dewi", "Sri", "Rina", "Wati", "Yuli", "Yulia", "Desi",
    "Novi", "Maya", "Indah", "Ayu", "Putri", "Rahma", "Aminah", "Fatimah", "Zainab", "Khadijah", "Maimunah", "Juleha",
    "Hasanah", "Salmah", "Rohani", "Rosmala", "Asmawati", "Nurjanah", "Suryani", "Herlina", "Susanti", "Rusmini",
    "Komariah", "Mulyani", "Wahyuni", "Asnah", "Badriah", "Darmi", "Elly", "Farida", "Ginah", "Hindun", "Ida",
    "Juwita", "Kiki", "Laila", "Mega", "Nia", "Okta", "Purnama", "Qori", "Risa", "Sarah", "Tuti", "Umi", "Vivi",
    "Winda", "Yeni", "Zahra", "Asih", "Bunga", "Citra", "Dina", "Erna", "Febi", "Gita", "Hani", "Irma", "Jihan",
)
MEN_NAMES = (
    "Kemal", "Ramli", "Taufik", "Suroso", "Joko", "Novri", "Amran", "Rizki", "Agus", "Herman", "Hendra", "Saipul",
    "Dedi", "Firdaus", "Muhammad", "Ahmad", "Abdul", "Ali", "Umar", "Hasan", "Husin", "Ismail", "Yusuf", "Ibrahim",
    "Zulkifli", "Syamsul", "Syahrial", "Rudi", "Budi", "Andi", "Eko", "Eka", "Fajar", "Gunawan", "Heri", "Irwan",
    "Iwan", "Jamal", "Kurniawan", "Lukman", "Mulyadi", "Nanang", "Oktavian", "Pandu", "Rahmat", "Sapri", "Tarmizi",
    "Usman", "Wahyu", "Yudi", "Zainal", "Arif", "Bambang", "Candra", "Darmawan", "Edi", "Faisal", "Gusti", "Hamdan",
    "Iskandar", "Jefri", "Khairul", "Leo", "Mahmud", "Nasrul", "Rasyid", "Samsudin", "Teguh", "Yahya", "Anwar",
    "Bustomi", "Cholil", "Darwis", "Effendi", "Sulaiman", "Badrun", "Marwan", "Suhaimi", "Nurdin", "Aidil", "Azhari",
    "Burhan", "Dahlan", "Erwin", "Hairul", "Idrus", "Junaidi", "Kholid", "Mansyur", "Nazar", "Robi", "Saleh", "Toni",
    "Wandi", "Yasin", "Zaki",
)
# Family names (marga) and names either may carry, then those only one sex does.
SURNAMES = (
    "Hidayat", "Anwar", "Rahman", "Yusuf", "Gunawan", "Purnama", "Hakim", "Hamid", "Susilo", "Siregar", "Nasution",
    "Lubis", "Harahap", "Maulana", "Permana", "Kusuma", "Tanjung", "Zulkarnain", "Alamsyah", "Baharudin", "Chaniago",
    "Daulay", "Effendi", "Fadillah", "Ginting", "Halim", "Ismail", "Junaidi", "Kadir", "Latif", "Munir", "Nawawi",
    "Ridwan", "Syarif", "Thalib", "Umar", "Wahab", "Yasin", "Zakaria", "Gumay", "Marzuki",
)
WOMEN_SURNAMES = SURNAMES + (
    "Fitriani", "Sakinah", "Yani", "Hasanah", "Sulastri", "Aminah", "Wati", "Safitri", "Syafitri", "Sari",
    "Kurniawati", "Putri", "Utami", "Handayani", "Lestari", "Oktaviani", "Rahayu", "Rahmawati", "Anggraini",
    "Susanti", "Wahyuni",
)
MEN_SURNAMES = SURNAMES + (
    "Saputra", "Ramadhan", "Fauzan", "Pratama", "Wijaya", "Putra", "Setiawan", "Syahputra", "Firmansyah", "Hermawan",
    "Irawan", "Mahendra", "Nugraha", "Pangestu", "Santoso", "Wibowo", "Kurniawan",
)
TITLES = {True: ("Hj. ", "Nyimas ", "Nyayu "), False: ("H. ", "Kgs. ", "Mgs. ", "Kms. ")}
TITLE_SHARE = 0.08
# How a business name calls its owner: "Pempek Cek Siti", "Warung Mang Hasan".
OWNER_CALLS = {
    True: ("Cek", "Cek", "Yuk", "Bu", "Bi", "Kak", "Nyimas", "Bunda", "Nyai", "Mak"),
    False: ("Mang", "Mang", "Pak", "Wak", "Kak", "Cek", "Abah", "Bang", "Om"),
}

# Business names: the trade's prefix, then the words of a shape, drawn by cumulative share. "first"
# and "last" are the owner's names, "call" how the name calls the owner (OWNER_CALLS), "place" and
# "quality" words of the lists below.
NAME_SHAPES = (
    (0.30, ("call", "first")), (0.45, ("first",)), (0.60, ("place", "quality")), (0.65, ("quality",)),
    (0.77, ("first", "quality")), (0.85, ("first", "last")), (0.92, ("quality", "first")),
    (0.97, ("call", "first", "place")), (1.0, ("first", "quality", "quality")),
)
PLACE_WORDS = (
    "Ampera", "Musi", "Sriwijaya", "Bari", "Wong Kito", "Kuto", "Semendo", "Dempo", "Komering", "Ogan", "Lematang",
    "Seguntang", "Plaju", "Ulu", "Ilir", "Kenten", "Rawas", "Enim", "Pasemah", "Besemah",
)
QUALITY_WORDS = (
    "Jaya", "Makmur", "Sejahtera", "Berkah", "Lestari", "Mandiri", "Sentosa", "Abadi", "Barokah", "Indah", "Asli",
    "Mantap", "Lezat", "Permai", "Sakti", "Utama", "Sakinah", "Putri", "Family", "Mulia", "Bersaudara", "Amanah",
    "Rezeki", "Sehati", "Bahagia", "Permata", "Cahaya", "Harapan", "Maju", "Baru", "Melati", "Mawar",
)

# Addresses.
STREETS = (
    "Jenderal Sudirman", "Kol. Atmo", "Demang Lebar Daun", "Merdeka", "Veteran", "Basuki Rahmat", "R. Sukamto",
    "Mayor Ruslan", "Lintas Sumatera", "Pasar", "Masjid Agung", "Kapten A. Rivai", "Angkatan 45", "KH. Ahmad Dahlan",
    "Sultan Mahmud Badaruddin II", "Perintis Kemerdekaan", "Kebun Bunga", "Pangeran Ratu", "Ahmad Yani", "Kartini",
    "Diponegoro", "Pahlawan", "Bougenville", "Cempaka", "Melati", "Kenanga", "KH. Wahid Hasyim", "Lintas Timur",
    "Rajawali",
)
LANES = ("Sepakat", "Damai", "Hikmah", "Keluarga", "Harapan", "Sei Tawar", "Kebun Duku", "Masjid", "Pelita")
HAMLETS = ("I", "II", "III", "IV", "V")

# Phones: Indonesian mobile prefixes, and the area codes of landlines (both without the leading 0).
MOBILE_PREFIXES = ("811", "812", "813", "815", "819", "821", "822", "823", "831", "838", "852", "853", "857", "858",
                   "877", "878", "881", "882", "895", "896")
AREA_CODES = {"16.71": "711", "16.02": "712", "16.74": "713", "16.06": "714", "16.01": "735", "16.03": "734",
              "16.73": "733", "16.72": "730", "16.04": "731", "16.10": "711", "16.07": "711"}

# Where a business sells besides its own place: (platform as registry.cleaning.MARKETPLACES names it,
# chance, only for businesses that sell food).
SALES_CHANNELS = (
    ("Shopee", 0.30, False), ("Tokopedia", 0.25, False), ("Instagram", 0.35, False), ("Facebook", 0.15, False),
    ("WhatsApp", 0.25, False), ("TikTok Shop", 0.08, False), ("Lazada", 0.03, False),
    ("GoFood", 0.15, True), ("GrabFood", 0.12, True), ("ShopeeFood", 0.08, True),
)

# Certificates: the chance a business of each trade kind holds each, in CERTIFICATE_KINDS order.
# Halal, P-IRT and BPOM only count for trades that sell food.
CERTIFICATE_KINDS = ("halal", "pirt", "bpom", "sni")
CERTIFICATE_CHANCES = {
    "pangan": (0.55, 0.45, 0.08, 0.0), "ikan": (0.4, 0.3, 0.05, 0.0), "ternak": (0.45, 0.2, 0.05, 0.0),
    "herbal": (0.35, 0.2, 0.3, 0.0), "tani": (0.1, 0.0, 0.0, 0.03), "kain": (0.0, 0.0, 0.0, 0.06),
    "kriya": (0.0, 0.0, 0.0, 0.05), "jasa": (0.15, 0.0, 0.0, 0.02), "dagang": (0.0, 0.0, 0.0, 0.0),
}
# About one certificate in seven has lapsed: it stays on record but no longer counts.
LAPSED_SHARE = 0.14

OPENINGS = {
    "pangan": ("{name} buatan {business}, {place}.", "{name} dari dapur {business} di {place}.", "{name} khas {regency}."),
    "kain": ("{name} karya perajin {business} di {place}.", "{name} dari {business}, {place}.", "{name} asli {regency}."),
    "kriya": ("{name} buatan tangan perajin {business} di {place}.", "{name} dari {business}, {place}."),
    "tani": ("{name} langsung dari kebun {business} di {place}.", "{name} hasil panen petani {place}."),
    "ikan": ("{name} dari {business} di {place}.", "{name} hasil perairan {regency}."),
    "ternak": ("{name} dari peternakan {business} di {place}.", "{name} asli {regency}."),
    "herbal": ("{name} racikan {business} di {place}.", "{name} dari bahan alami {regency}."),
    "jasa": ("{name} oleh {business} di {place}.", "{name}: layanan {business} untuk wilayah {regency}."),
    "dagang": ("{name} tersedia di {business}, {place}.", "{name} dari {business} di {place}, harga bersaing.",
               "{name} untuk warga {regency}."),
}
QUALITIES = {
    "pangan": ("Tanpa pengawet dan tanpa pewarna buatan.", "Dimasak setiap pagi dengan resep turun-temurun.",
               "Bahan dipilih sendiri dari pasar setempat.", "Rasa gurih, cocok untuk keluarga."),
    "kain": ("Warna tidak mudah luntur.", "Setiap lembar dikerjakan berminggu-minggu oleh penenun setempat.",
             "Motif tradisional dengan sentuhan modern.", "Cocok untuk pernikahan dan acara adat."),
    "kriya": ("Dikerjakan dengan tangan, setiap barang sedikit berbeda.", "Bahan alami dari rawa dan hutan sekitar.",
              "Kuat dan awet untuk dipakai sehari-hari.", "Cocok untuk hiasan rumah dan hadiah."),
    "tani": ("Dipanen saat matang, dikirim hari yang sama.", "Ditanam tanpa pestisida berlebihan.",
             "Tersedia musiman, tanyakan stok lewat WhatsApp.", "Harga bersahabat langsung dari petani."),
    "ikan": ("Ikan segar dari sungai dan rawa setempat.", "Diolah bersih dan higienis.",
             "Tahan lama tanpa bahan pengawet.", "Cocok untuk pindang dan pempek."),
    "ternak": ("Dipelihara secara alami.", "Kemasan rapi dan aman untuk dikirim.", "Murni tanpa campuran."),
    "herbal": ("Tanpa bahan kimia keras.", "Diracik dengan resep keluarga.", "Aman untuk kulit sensitif."),
    "jasa": ("Pengerjaan cepat dan rapi.", "Bisa konsultasi dulu lewat WhatsApp.", "Melayani pesanan besar maupun kecil."),
    "dagang": ("Harga grosir untuk pembelian banyak.", "Barang selalu baru, stok dicek setiap hari.",
               "Bisa pesan lewat WhatsApp dan diantar."),
}
CLOSINGS = (
    "Cocok untuk oleh-oleh khas Sumatera Selatan.", "Bisa dikirim ke seluruh Indonesia.",
    "Pesan lewat WhatsApp, dikirim hari yang sama untuk wilayah {regency_short}.", "Terima pesanan untuk acara dan hajatan.",
    "Tersedia juga untuk reseller dengan harga khusus.", "Kemasan aman untuk perjalanan jauh.", "",
)

FEATURED_CATEGORIES = {OLAHAN, TEKSTIL, KRIYA, SUVENIR}
MULTI_ORDER_UNITS = {"pcs": (5, 10, 20), "kg": (2, 5, 10), "paket": (2, 5), "bungkus": (5, 10, 12), "botol": (6, 12),
                     "sachet": (10, 20), "karung": (2, 5), "meter": (2, 5), "papan": (2, 5), "pouch": (2, 6),
                     "kali": (1,), "hari": (2, 3), "pasang": (1,), "tabung": (2, 5), "galon": (2,), "liter": (2, 5), "dus": (2,)}
