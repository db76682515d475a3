"""Demo data for `manage.py seed_demo`: the words, names and numbers of realistic
Sumatera Selatan UMKM, and a seeded generator that turns them into plain dicts of
business and product fields. Both the small seed (through the real services) and
the provincial-scale bulk load read the same generator, so they look alike."""

import datetime
import itertools
import random
from dataclasses import dataclass

from django.conf import settings
from django.utils.text import slugify

from directory.models import Kbli
from regions.models import District, Regency, Village

SEED = 16_2024

# Every demo business gets an address in this domain. It marks demo rows (for the
# idempotency check and --reset) and, being reserved by RFC 2606, can never deliver
# mail to a real person.
DEMO_EMAIL_DOMAIN = "demo.example"

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
    variants: tuple = ("",)


@dataclass(frozen=True)
class Trade:
    """A kind of business: what it is called, its KBLI codes and what it sells."""

    key: str
    kind: str  # picks the description sentences: pangan, kain, kriya, tani, ikan, ternak, herbal, jasa
    weight: int
    kbli: tuple
    name_prefixes: tuple
    about: str  # "Produsen pempek rumahan", the start of the business description
    products: tuple


def P(name, category, unit, low, high, detail, variants=("",)):
    return ProductSpec(name, category, unit, low, high, detail, tuple(variants))


OLAHAN, KULINER, TEKSTIL, KRIYA = "makanan-minuman-olahan", "kuliner", "fashion-tekstil", "kriya-kerajinan"
TANI, IKAN, HERBAL, TERNAK, JASA, SUVENIR = (
    "pertanian-perkebunan", "perikanan", "kecantikan-kesehatan", "peternakan", "jasa", "aksesoris-souvenir",
)

TRADES = (
    Trade("pempek", "pangan", 14, ("10750", "56102", "10799"), ("Pempek", "Pempek", "Rumah Pempek", "Warung Pempek", "Dapur Pempek"),
          "Produsen pempek rumahan", (
              P("Pempek Kapal Selam", KULINER, "pcs", 12000, 30000, "berisi telur ayam utuh, dari ikan tenggiri dan sagu pilihan",
                ["", "", "Besar", "Jumbo", "Ikan Tenggiri", "Ikan Gabus"]),
              P("Pempek Lenjer", KULINER, "pcs", 8000, 25000, "adonan ikan tenggiri panjang yang digoreng garing di luar, lembut di dalam",
                ["", "Besar", "Kecil", "Ikan Belida"]),
              P("Pempek Adaan", KULINER, "pcs", 3000, 6000, "bulat gurih dengan irisan bawang merah dan santan", ["", "Isi 10"]),
              P("Pempek Kulit", KULINER, "pcs", 3000, 6000, "dari kulit ikan tenggiri yang renyah dan gurih", ["", "Isi 10"]),
              P("Pempek Lenggang", KULINER, "pcs", 12000, 20000, "potongan pempek dipanggang bersama telur bebek di atas daun pisang",
                ["", "Panggang", "Goreng"]),
              P("Pempek Campur", KULINER, "paket", 25000, 60000, "aneka pempek kapal selam, lenjer, adaan dan kulit lengkap dengan cuko",
                ["Isi 10", "Isi 20", "Isi 30"]),
              P("Pempek Beku", OLAHAN, "paket", 100000, 300000, "pempek dikemas vakum, tahan 5 hari di suhu ruang dan 3 bulan di freezer",
                ["Isi 25", "Isi 50", "Paket Oleh-oleh", "Kemasan Vakum"]),
              P("Cuko Pempek", OLAHAN, "botol", 15000, 40000, "kuah cuko dari gula aren, cabai rawit dan bawang putih",
                ["Pedas", "Sedang", "500 ml", "1 Liter"]),
              P("Tekwan", KULINER, "bungkus", 10000, 25000, "bola ikan dalam kuah udang dengan bengkuang, jamur kuping dan soun",
                ["", "Komplit", "Frozen"]),
              P("Model Ikan", KULINER, "bungkus", 12000, 25000, "pempek isi tahu disajikan dengan kuah udang yang segar", ["", "Gandum"]),
              P("Otak-otak Panggang", KULINER, "pcs", 2000, 5000, "ikan dan santan dibungkus daun pisang lalu dipanggang", ["", "Isi 10"]),
          )),
    Trade("kemplang", "pangan", 11, ("10794",), ("Kemplang", "Kerupuk", "Sentra Kemplang", "Kemplang Panggang"),
          "Pembuat kemplang dan kerupuk ikan", (
              P("Kemplang Panggang", OLAHAN, "bungkus", 15000, 45000, "kerupuk ikan tenggiri yang dipanggang di atas bara",
                ["", "Ikan Tenggiri", "Ikan Gabus", "250 gr", "500 gr"]),
              P("Kemplang Goreng", OLAHAN, "bungkus", 12000, 35000, "kerupuk ikan goreng yang renyah dan gurih", ["Original", "Pedas", "Balado"]),
              P("Kerupuk Kemplang Mentah", OLAHAN, "kg", 60000, 140000, "kerupuk kering siap goreng, kemasan curah untuk warung dan reseller",
                ["", "Ikan Tenggiri", "Ikan Gabus"]),
              P("Kerupuk Ikan", OLAHAN, "bungkus", 10000, 30000, "kerupuk ikan asli tanpa pengawet dan pewarna", ["Kecil", "Lebar", "Kemasan Keluarga"]),
              P("Kerupuk Udang", OLAHAN, "bungkus", 15000, 40000, "dari udang segar pilihan, renyah saat digoreng", ["", "250 gr", "500 gr"]),
              P("Keripik Pisang", OLAHAN, "bungkus", 10000, 25000, "pisang kepok diiris tipis dan digoreng renyah", ["Manis", "Asin", "Coklat", "Balado"]),
          )),
    Trade("kue", "pangan", 7, ("10792", "10710"), ("Kue", "Toko Kue", "Dapur Kue", "Aneka Kue"),
          "Pembuat kue khas Palembang", (
              P("Kue Maksuba", OLAHAN, "pcs", 150000, 350000, "kue lapis dari telur bebek, susu kental manis dan mentega",
                ["", "Loyang 20 cm", "Loyang Besar"]),
              P("Kue Delapan Jam", OLAHAN, "pcs", 150000, 350000, "dikukus selama delapan jam hingga legit dan harum", ["", "Loyang Kecil"]),
              P("Lapis Legit", OLAHAN, "pcs", 120000, 400000, "berlapis-lapis dengan rempah pilihan", ["Original", "Prune", "Keju"]),
              P("Bolu Kojo", OLAHAN, "pcs", 40000, 90000, "bolu pandan legit dengan santan kelapa", ["", "Loyang Sedang", "Durian"]),
              P("Engkak Ketan", OLAHAN, "pcs", 60000, 150000, "kue lapis dari tepung ketan dan santan", ["", "Loyang Kecil"]),
              P("Kue Lumpang", KULINER, "paket", 20000, 40000, "kue basah kenyal dengan taburan kelapa parut", ["Isi 10", "Isi 20"]),
              P("Kue Kering Nastar", OLAHAN, "paket", 60000, 150000, "nastar lembut berisi selai nanas Prabumulih", ["Toples 500 gr", "Lebaran"]),
          )),
    Trade("songket", "kain", 6, ("13121",), ("Songket", "Galeri Songket", "Tenun Songket", "Rumah Songket"),
          "Penenun songket", (
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
          "Perajin kain jumputan dan batik", (
              P("Kain Jumputan", TEKSTIL, "lembar", 150000, 750000, "dibuat dengan teknik ikat celup tangan",
                ["Pelangi", "Motif Bintik Tujuh", "Motif Kembang Janur", "Sutra", "Katun"]),
              P("Baju Kurung Jumputan", TEKSTIL, "pcs", 250000, 650000, "dijahit dari kain jumputan dengan warna cerah", ["", "Anak", "Dewasa"]),
              P("Gamis Jumputan", TEKSTIL, "pcs", 200000, 550000, "gamis longgar dari kain jumputan yang adem", ["", "All Size"]),
              P("Kemeja Batik Palembang", TEKSTIL, "pcs", 150000, 450000, "batik tulis dengan motif khas Palembang", ["Lengan Panjang", "Lengan Pendek"]),
              P("Jilbab Jumputan", TEKSTIL, "pcs", 45000, 120000, "jilbab segi empat dari kain jumputan", ["", "Voal", "Sutra"]),
          )),
    Trade("kopi", "pangan", 7, ("10761", "01270"), ("Kopi", "Kopi Semendo", "Kopi Pagar Alam", "Kedai Kopi", "Kopi Bubuk"),
          "Petani dan pengolah kopi robusta", (
              P("Kopi Bubuk Semendo", OLAHAN, "bungkus", 25000, 90000, "robusta dataran tinggi Semendo, disangrai sedang dan digiling halus",
                ["100 gr", "250 gr", "500 gr", "1 kg"]),
              P("Kopi Robusta Semendo Biji Sangrai", OLAHAN, "kg", 120000, 220000, "biji kopi petik merah disangrai dalam jumlah kecil",
                ["", "Medium Roast", "Dark Roast"]),
              P("Kopi Bubuk Pagar Alam", OLAHAN, "bungkus", 20000, 80000, "kopi robusta dari kebun di lereng Gunung Dempo", ["100 gr", "250 gr", "500 gr"]),
              P("Biji Kopi Robusta", TANI, "kg", 45000, 90000, "green bean kopi robusta yang dijemur di atas para-para",
                ["Petik Merah", "Asalan", "Grade 1"]),
              P("Kopi Luwak", OLAHAN, "bungkus", 150000, 500000, "kopi luwak dari kebun rakyat di dataran tinggi", ["100 gr", "Liar"]),
              P("Kopi Jahe", OLAHAN, "bungkus", 15000, 35000, "kopi bubuk dicampur jahe merah dan gula aren", ["Sachet", "Isi 10"]),
          )),
    Trade("buah", "tani", 6, ("01220", "01132"), ("Kebun", "Tani", "Kelompok Tani", "Agro", "Buah"),
          "Kebun buah dan hasil tani", (
              P("Duku Komering", TANI, "kg", 15000, 40000, "duku manis berkulit tipis dari tepian Sungai Komering", ["", "Super", "Kualitas A"]),
              P("Durian Lokal", TANI, "pcs", 40000, 150000, "durian matang pohon dengan daging tebal dan legit", ["", "Super", "Besar"]),
              P("Nanas Prabumulih", TANI, "pcs", 8000, 20000, "nanas madu yang manis dari kebun Prabumulih", ["", "Besar"]),
              P("Manggis", TANI, "kg", 20000, 45000, "manggis segar dipetik langsung dari kebun", ["", "Super"]),
              P("Rambutan", TANI, "kg", 10000, 25000, "rambutan manis dan ngelotok", ["", "Binjai"]),
              P("Beras Lokal", TANI, "kg", 12000, 18000, "beras hasil sawah sendiri, digiling tanpa pemutih", ["Pulen", "Pandan Wangi", "Karung 5 kg"]),
              P("Cabai Rawit", TANI, "kg", 25000, 80000, "cabai rawit segar hasil kebun sendiri", ["", "Merah", "Hijau"]),
          )),
    Trade("purun", "kriya", 4, ("16292", "16291"), ("Anyaman", "Kerajinan Purun", "Purun", "Kriya"),
          "Perajin anyaman purun dan rotan", (
              P("Tikar Purun", KRIYA, "lembar", 50000, 250000, "dianyam tangan dari rumput purun rawa Pedamaran",
                ["", "Motif", "Ukuran 2x3 m", "Warna Alami"]),
              P("Tas Purun", SUVENIR, "pcs", 35000, 150000, "tas anyaman purun yang ringan dan kuat", ["", "Motif Songket", "Tote Bag"]),
              P("Bakul Purun", KRIYA, "pcs", 15000, 50000, "wadah serbaguna dari anyaman purun", ["", "Set Isi 3"]),
              P("Topi Purun", SUVENIR, "pcs", 20000, 60000, "topi anyaman purun untuk ke kebun atau ke pantai"),
              P("Keranjang Rotan", KRIYA, "pcs", 50000, 250000, "keranjang dari rotan pilihan yang dianyam rapat", ["", "Besar", "Set Isi 3"]),
          )),
    Trade("lak", "kriya", 3, ("20223", "16293", "32903"), ("Lak", "Galeri Lak", "Kerajinan Lak", "Ukiran"),
          "Perajin lak dan ukiran kayu", (
              P("Lemari Lak Palembang", KRIYA, "pcs", 3000000, 15000000, "lemari kayu tembesu berlapis lak merah dan emas",
                ["", "Motif Naga", "Motif Bunga Tanjung"]),
              P("Kotak Perhiasan Lak", KRIYA, "pcs", 150000, 600000, "kotak kayu berlapis lak dengan ukiran emas", ["", "Kecil", "Besar"]),
              P("Tempat Tisu Lak", KRIYA, "pcs", 75000, 250000, "tempat tisu kayu berlapis lak merah"),
              P("Guci Lak", KRIYA, "pcs", 250000, 1500000, "guci kayu dengan lukisan lak motif bunga", ["", "Sepasang"]),
              P("Ukiran Kayu Tembesu", KRIYA, "pcs", 250000, 3000000, "ukiran tangan dari kayu tembesu", ["Hiasan Dinding", "Kaligrafi"]),
              P("Miniatur Jembatan Ampera", SUVENIR, "pcs", 50000, 350000, "miniatur jembatan kebanggaan wong Palembang", ["", "Kecil", "Besar"]),
          )),
    Trade("ikan", "ikan", 6, ("10212", "10211", "10213", "03221"), ("Ikan Salai", "Perikanan", "Pengasapan Ikan", "Tambak", "Kolam Ikan"),
          "Pengolah dan pembudidaya ikan", (
              P("Ikan Salai Patin", IKAN, "kg", 100000, 200000, "ikan patin diasap perlahan dengan kayu, tanpa bahan pengawet", ["", "Belah", "Potong"]),
              P("Ikan Salai Baung", IKAN, "kg", 120000, 250000, "ikan baung sungai diasap hingga kering dan harum"),
              P("Ikan Asin Sepat", IKAN, "kg", 50000, 120000, "ikan sepat rawa dijemur dengan garam secukupnya", ["", "Siam"]),
              P("Ikan Patin Segar", IKAN, "kg", 22000, 35000, "ikan patin dari kolam sendiri, dipanen saat dipesan"),
              P("Ikan Gabus Segar", IKAN, "kg", 45000, 80000, "ikan gabus rawa untuk pempek dan pindang"),
              P("Udang Galah", IKAN, "kg", 90000, 200000, "udang galah sungai ukuran besar", ["", "Jumbo"]),
              P("Abon Ikan Gabus", OLAHAN, "bungkus", 25000, 70000, "abon ikan gabus yang gurih dan kaya protein", ["100 gr", "250 gr"]),
          )),
    Trade("madu", "ternak", 4, ("02307", "01493", "01464", "01462"), ("Madu", "Ternak", "Peternakan", "Lebah"),
          "Peternak lebah dan unggas", (
              P("Madu Hutan", TERNAK, "botol", 75000, 250000, "madu murni dari hutan Sumatera Selatan, dipanen secara lestari",
                ["250 ml", "500 ml", "1 kg"]),
              P("Madu Kelulut", TERNAK, "botol", 100000, 300000, "madu lebah tanpa sengat yang asam manis segar", ["250 ml", "500 ml"]),
              P("Madu Sialang", TERNAK, "botol", 90000, 250000, "madu dari sarang lebah di pohon sialang", ["", "500 ml"]),
              P("Telur Ayam Kampung", TERNAK, "paket", 25000, 75000, "telur ayam kampung yang diumbar di kebun", ["Isi 10", "Isi 30"]),
              P("Telur Bebek", TERNAK, "paket", 30000, 80000, "telur bebek segar untuk martabak dan kue", ["Isi 10", "Isi 30"]),
              P("Ayam Kampung Potong", TERNAK, "kg", 60000, 95000, "ayam kampung dipotong sesuai syariat"),
          )),
    Trade("herbal", "herbal", 3, ("20232", "21022", "20231"), ("Herbal", "Jamu", "Sabun", "Rumah Herbal"),
          "Pembuat jamu dan perawatan herbal", (
              P("Sabun Herbal", HERBAL, "pcs", 12000, 35000, "sabun batang dibuat dengan metode cold process", ["Kopi", "Kunyit", "Sereh", "Arang Bambu"]),
              P("Minyak Urut", HERBAL, "botol", 20000, 60000, "minyak urut dari rempah dan minyak kelapa", ["", "Sereh", "Jahe"]),
              P("Jamu Kunyit Asam", HERBAL, "botol", 8000, 25000, "jamu segar dari kunyit dan asam jawa", ["", "250 ml", "1 Liter"]),
              P("Lulur Tradisional", HERBAL, "pcs", 20000, 60000, "lulur dari bahan alami tanpa pewangi buatan", ["Bengkoang", "Kopi", "Beras"]),
              P("Wedang Jahe Merah", OLAHAN, "bungkus", 15000, 40000, "serbuk jahe merah dengan gula aren", ["", "Isi 10"]),
          )),
    Trade("penjahit", "jasa", 2, ("14120",), ("Penjahit", "Taylor", "Konveksi"), "Jasa jahit dan konveksi", (
        P("Jahit Baju Kurung", JASA, "pcs", 150000, 400000, "dijahit sesuai ukuran badan, bahan dari pelanggan atau dari kami"),
        P("Jahit Kebaya", JASA, "pcs", 200000, 600000, "kebaya modern maupun klasik, bisa pakai kain songket"),
        P("Permak Pakaian", JASA, "pcs", 15000, 50000, "potong, kecilkan dan perbaiki pakaian"),
        P("Jahit Seragam Sekolah", JASA, "pcs", 100000, 200000, "seragam sekolah dan kantor, bisa pesan banyak"),
    )),
    Trade("katering", "jasa", 3, ("56210", "56102"), ("Katering", "Dapur", "Warung"), "Katering dan masakan rumahan", (
        P("Nasi Kotak", JASA, "paket", 20000, 50000, "nasi kotak lengkap untuk rapat dan pengajian", ["Ayam Bakar", "Pindang", "Rendang"]),
        P("Tumpeng", JASA, "paket", 350000, 1500000, "tumpeng nasi kuning dengan lauk lengkap", ["", "Mini", "Besar"]),
        P("Katering Hajatan", JASA, "paket", 2000000, 20000000, "menu prasmanan untuk pernikahan dan syukuran", ["100 Porsi", "300 Porsi"]),
        P("Pindang Patin", KULINER, "pcs", 25000, 60000, "ikan patin dalam kuah pindang asam pedas dengan nanas", ["", "Kepala", "Badan"]),
        P("Pindang Tulang", KULINER, "pcs", 30000, 70000, "tulang iga sapi dalam kuah pindang yang segar"),
        P("Nasi Minyak", KULINER, "pcs", 25000, 50000, "nasi samin harum dengan malbi daging"),
    )),
    Trade("percetakan", "jasa", 1, ("18111",), ("Percetakan", "Sablon", "Digital Printing"), "Jasa percetakan dan sablon", (
        P("Cetak Spanduk", JASA, "lembar", 15000, 150000, "spanduk dan baliho dengan tinta tahan cuaca", ["", "Per Meter"]),
        P("Cetak Undangan", JASA, "paket", 150000, 1500000, "undangan pernikahan dengan motif songket", ["Isi 100", "Isi 500"]),
        P("Sablon Kaos", JASA, "pcs", 35000, 90000, "sablon plastisol untuk komunitas dan acara"),
        P("Stiker Label Kemasan", JASA, "lembar", 5000, 25000, "label kemasan produk UMKM, bisa didesainkan"),
    )),
    Trade("sambal", "pangan", 4, ("10799", "10771"), ("Dapur", "Sambal", "Olahan", "Rumah Sambal"), "Pembuat sambal dan bumbu khas", (
        P("Sambal Lingkung", OLAHAN, "botol", 30000, 80000, "abon ikan tenggiri khas Palembang yang gurih dan tahan lama", ["", "Pedas", "Original"]),
        P("Sambal Terasi", OLAHAN, "botol", 20000, 45000, "sambal terasi udang digoreng dengan minyak kelapa", ["", "Extra Pedas"]),
        P("Sambal Bawang", OLAHAN, "botol", 20000, 45000, "sambal bawang dengan cabai rawit pilihan", ["", "Cumi", "Teri"]),
        P("Bumbu Pindang Instan", OLAHAN, "bungkus", 10000, 25000, "bumbu pindang Palembang siap masak"),
        P("Kecap Manis", OLAHAN, "botol", 12000, 30000, "kecap dari kedelai hitam dan gula aren", ["", "600 ml"]),
        P("Keripik Tempe", OLAHAN, "bungkus", 10000, 25000, "tempe diiris tipis dengan bumbu ketumbar", ["Original", "Pedas"]),
    )),
    Trade("warung", "pangan", 6, ("56102", "56103", "56101"), ("Warung", "Rumah Makan", "Kedai", "Pondok"), "Warung makan khas Palembang", (
        P("Martabak HAR", KULINER, "pcs", 20000, 40000, "martabak telur bebek dengan kuah kari kentang", ["", "Telur Bebek", "Spesial"]),
        P("Mie Celor", KULINER, "pcs", 15000, 30000, "mi kuah santan udang dengan telur rebus"),
        P("Laksan", KULINER, "pcs", 12000, 25000, "potongan pempek dalam kuah santan pedas"),
        P("Burgo", KULINER, "pcs", 12000, 25000, "gulungan tepung beras dengan kuah santan ikan"),
        P("Celimpungan", KULINER, "pcs", 12000, 25000, "bola ikan dalam kuah santan kuning"),
        P("Es Kacang Merah", KULINER, "pcs", 10000, 20000, "kacang merah, susu dan sirup di atas es serut"),
        P("Pindang Patin", KULINER, "pcs", 25000, 60000, "ikan patin dalam kuah pindang asam pedas dengan nanas"),
        P("Kopi Susu Gula Aren", KULINER, "pcs", 15000, 25000, "kopi robusta lokal dengan susu segar dan gula aren"),
    )),
    Trade("oleh-oleh", "kriya", 3, ("32903", "47911"), ("Galeri Oleh-oleh", "Pusat Oleh-oleh", "Toko Oleh-oleh", "Suvenir"),
          "Toko oleh-oleh dan suvenir", (
              P("Gantungan Kunci Ampera", SUVENIR, "paket", 15000, 50000, "gantungan kunci kayu bergambar Jembatan Ampera", ["Isi 5", "Isi 12"]),
              P("Miniatur Jembatan Ampera", SUVENIR, "pcs", 50000, 350000, "miniatur jembatan kebanggaan wong Palembang", ["", "Kecil", "Besar"]),
              P("Kaos Palembang", TEKSTIL, "pcs", 60000, 150000, "kaos katun dengan sablon khas Palembang", ["Wong Kito", "Ampera", "Sriwijaya"]),
              P("Tas Songket", SUVENIR, "pcs", 150000, 600000, "tas tangan dari kain songket", ["", "Clutch", "Selempang"]),
              P("Dompet Songket", SUVENIR, "pcs", 35000, 120000, "dompet kecil dari kain songket sisa tenun"),
              P("Pempek Beku", OLAHAN, "paket", 100000, 300000, "pempek dikemas vakum, tahan 5 hari di suhu ruang",
                ["Paket Oleh-oleh", "Isi 50"]),
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

OWNER_CALLS = (
    "Cek Ina", "Cek Mis", "Nyimas", "Mang Dul", "Bu Yanti", "Yuk Sum", "Kak Ros", "Wak Haji", "Cek Yah", "Mang Ujang",
    "Bi Eli", "Kak Anto", "Yuk Nah", "Cek Limah", "Bu Ida", "Pak Hasan", "Mang Juli", "Yuk Ani", "Cek Pit", "Wak Dolah",
    "Bunda Rini", "Pak Zul", "Yuk Ijah", "Mang Syarif", "Nyai Sari",
)
PLACE_WORDS = (
    "Ampera", "Musi", "Sriwijaya", "Bari", "Wong Kito", "Kuto", "Semendo", "Dempo", "Komering", "Ogan", "Lematang",
    "Seguntang", "Plaju", "Ulu", "Ilir", "Kenten", "Rawas", "Enim", "Pasemah", "Besemah",
)
QUALITY_WORDS = (
    "Jaya", "Makmur", "Sejahtera", "Berkah", "Lestari", "Mandiri", "Sentosa", "Abadi", "Barokah", "Indah", "Asli",
    "Mantap", "Lezat", "Permai", "Sakti", "Utama",
)
FIRST_NAMES = (
    "Siti", "Nurhayati", "Rohani", "Yanti", "Aminah", "Rosmala", "Fitri", "Lestari", "Dewi", "Marlina", "Salmah",
    "Zainab", "Herlina", "Yulia", "Ratna", "Muhammad", "Ahmad", "Rizki", "Hendra", "Syahrial", "Zulkifli", "Andi",
    "Iwan", "Hasan", "Firdaus", "Darmawan", "Agus", "Bambang", "Sri", "Rahmat",
)
LAST_NAMES = (
    "Hasanah", "Rahmawati", "Saputra", "Syafitri", "Wahyuni", "Kurniawan", "Pratama", "Hidayat", "Nasution",
    "Fadillah", "Anggraini", "Susanti", "Ramadhan", "Effendi", "Gumay", "Harahap", "Lubis", "Setiawan",
    "Marzuki", "Yusuf",
)
STREETS = (
    "Jenderal Sudirman", "Kol. Atmo", "Demang Lebar Daun", "Merdeka", "Veteran", "Basuki Rahmat", "R. Sukamto",
    "Mayor Ruslan", "Lintas Sumatera", "Pasar", "Masjid Agung", "Kapten A. Rivai", "Angkatan 45", "KH. Ahmad Dahlan",
    "Sultan Mahmud Badaruddin II", "Perintis Kemerdekaan", "Kebun Bunga", "Pangeran Ratu", "Lorong Sei Tawar",
    "Lorong Kebun Duku", "Jalan Desa", "Dusun Tiga",
)
PHONE_PREFIXES = ("812", "813", "811", "821", "822", "823", "852", "853", "857", "877", "895", "896")

OPENINGS = {
    "pangan": ("{name} buatan {business}, {place}.", "{name} dari dapur {business} di {place}.", "{name} khas {regency}."),
    "kain": ("{name} karya perajin {business} di {place}.", "{name} dari {business}, {place}.", "{name} asli {regency}."),
    "kriya": ("{name} buatan tangan perajin {business} di {place}.", "{name} dari {business}, {place}."),
    "tani": ("{name} langsung dari kebun {business} di {place}.", "{name} hasil panen petani {place}."),
    "ikan": ("{name} dari {business} di {place}.", "{name} hasil perairan {regency}."),
    "ternak": ("{name} dari peternakan {business} di {place}.", "{name} asli {regency}."),
    "herbal": ("{name} racikan {business} di {place}.", "{name} dari bahan alami {regency}."),
    "jasa": ("{name} oleh {business} di {place}.", "{name}: layanan {business} untuk wilayah {regency}."),
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
}
CLOSINGS = (
    "Cocok untuk oleh-oleh khas Sumatera Selatan.", "Bisa dikirim ke seluruh Indonesia.",
    "Pesan lewat WhatsApp, dikirim hari yang sama untuk wilayah {regency_short}.", "Terima pesanan untuk acara dan hajatan.",
    "Tersedia juga untuk reseller dengan harga khusus.", "Kemasan aman untuk perjalanan jauh.", "",
)

FEATURED_CATEGORIES = {OLAHAN, TEKSTIL, KRIYA, SUVENIR}
MULTI_ORDER_UNITS = {"pcs": (5, 10, 20), "kg": (2, 5, 10), "paket": (2, 5), "bungkus": (5, 10, 12), "botol": (6, 12)}


@dataclass
class DemoReference:
    """What the generator draws from the database: the portal province's kabupaten/kota with
    their kecamatan and desa/kelurahan, and the KBLI kategori of every code the trades use."""

    regencies: list  # (code, name, short_name)
    weights: list
    districts: dict  # regency code -> [(code, name)]
    villages: dict  # district code -> [code]
    kbli_sectors: dict  # KBLI code -> kategori letter

    @classmethod
    def load(cls):
        province = settings.PORTAL_PROVINCE
        regencies = list(Regency.objects.in_portal().values_list("code", "name", "short_name"))
        if not regencies:
            raise LookupError(f"No kabupaten/kota for province {province}: run `manage.py load_regions --villages` first.")
        districts = {}
        for code, regency, name in District.objects.filter(regency__province_id=province).values_list("code", "regency", "name"):
            districts.setdefault(regency, []).append((code, name))
        villages = {}
        for code, district in Village.objects.filter(district__regency__province_id=province).values_list("code", "district"):
            villages.setdefault(district, []).append(code)
        weights = [REGENCY_WEIGHTS.get(code, 300) for code, _, _ in regencies]
        codes = {code for trade in TRADES for code in trade.kbli}
        kbli_sectors = dict(Kbli.objects.filter(code__in=codes).values_list("code", "category_code"))
        if missing := codes - kbli_sectors.keys():
            raise LookupError(f"KBLI codes {sorted(missing)} missing: run `manage.py load_catalog_reference` first.")
        return cls(regencies=regencies, weights=weights, districts=districts, villages=villages, kbli_sectors=kbli_sectors)


class DemoGenerator:
    """Seeded source of business and product fields (plain dicts, no database access)."""

    def __init__(self, reference, *, seed=SEED, today=None, unique_names=False):
        self.rng = random.Random(seed)
        self.reference = reference
        self.today = today or datetime.date.today()
        self.unique_names = unique_names
        self.used_names = set()
        self.trades_by_key = {trade.key: trade for trade in TRADES}
        self.trade_cumulative_weights = list(itertools.accumulate(trade.weight for trade in TRADES))
        self.regency_cumulative_weights = list(itertools.accumulate(reference.weights))
        self._handles = {}
        self._nib_serial = 0

    # -- businesses --

    def business(self, regency=None):
        """Fields of one business. `regency` (an index into reference.regencies) pins its kabupaten/kota."""
        rng = self.rng
        if regency is None:
            regency_code, regency_name, regency_short = rng.choices(self.reference.regencies, cum_weights=self.regency_cumulative_weights)[0]
        else:
            regency_code, regency_name, regency_short = self.reference.regencies[regency]
        trade = self._trade_for(regency_code)
        district_code, district_name = _pick(rng, self.reference.districts.get(regency_code) or [(None, regency_short)])
        villages = self.reference.villages.get(district_code)
        name = self._business_name(trade)
        kbli = _pick(rng, trade.kbli)
        roll = rng.random()
        status = "active" if roll < 0.89 else ("unverified" if roll < 0.95 else "inactive")
        scale_roll = rng.random()
        scale = "mikro" if scale_roll < 0.84 else ("kecil" if scale_roll < 0.97 else "menengah")
        founded = _randint(rng, 1985, self.today.year)
        handle = self._handle(name)
        fields = {
            "name": name,
            "description": f"{trade.about} di {district_name}, {regency_name}. Berdiri sejak {founded}.",
            "kbli_id": kbli,
            "sector": self.reference.kbli_sectors[kbli],
            "scale": scale,
            "nib": self._nib() if rng.random() < 0.7 else None,
            "address": self._street_address(),
            "postal_code": f"{30100 + _randint(rng, 0, 2500)}",
            "whatsapp": self.phone(),
            "email": f"{handle}@{DEMO_EMAIL_DOMAIN}",
            "tokopedia_url": f"https://www.tokopedia.com/{handle}" if rng.random() < 0.25 else "",
            "shopee_url": f"https://shopee.co.id/{handle}" if rng.random() < 0.3 else "",
            "instagram_url": f"https://www.instagram.com/{handle}/" if rng.random() < 0.35 else "",
            "facebook_url": f"https://www.facebook.com/{handle}" if rng.random() < 0.15 else "",
            "status": status,
            "verified_on": None if status == "unverified" else self.today - datetime.timedelta(days=_randint(rng, 5, 900)),
            "founded_year": founded,
            "regency_id": regency_code,
            "district_id": district_code,
            "village_id": _pick(rng, villages) if villages else None,
            # Not model fields: what the product generator and the loaders need.
            "trade": trade,
            "regency_short": regency_short,
            "place": district_name,
            "private": self._private(district_code) if rng.random() < 0.6 else None,
            "certifications": self._certifications(trade, regency_code),
        }
        return fields

    def _trade_for(self, regency_code):
        regional = REGIONAL_TRADES.get(regency_code)
        if regional and self.rng.random() < REGIONAL_SHARE:
            return self.trades_by_key[_pick(self.rng, regional)]
        return self.rng.choices(TRADES, cum_weights=self.trade_cumulative_weights)[0]

    def _business_name(self, trade):
        rng = self.rng
        for _ in range(50):
            prefix = _pick(rng, trade.name_prefixes)
            pattern = rng.random()
            if pattern < 0.45:
                name = f"{prefix} {_pick(rng, OWNER_CALLS)}"
            elif pattern < 0.75:
                name = f"{prefix} {_pick(rng, PLACE_WORDS)} {_pick(rng, QUALITY_WORDS)}"
            elif pattern < 0.9:
                name = f"{prefix} {_pick(rng, QUALITY_WORDS)}"
            else:
                name = f"{prefix} {_pick(rng, OWNER_CALLS)} {_pick(rng, PLACE_WORDS)}"
            if prefix.split()[-1] in name.split()[len(prefix.split()):]:
                continue  # "Kopi Semendo Semendo"
            if not self.unique_names or name not in self.used_names:
                break
        else:
            name = f"{name} {_randint(rng, 2, 99)}"
        self.used_names.add(name)
        return name

    def _nib(self):
        """A 13-digit NIB, unique per generator: the serial times a multiplier coprime with
        10**12 never repeats modulo 10**12, and looks random."""
        self._nib_serial += 1
        return f"9{self._nib_serial * 7_919_317 % 10**12:012d}"

    def _handle(self, name):
        """A marketplace/email handle: the name without spaces, numbered when already taken."""
        base = slugify(name).replace("-", "")[:24]
        count = self._handles.get(base, 0) + 1
        self._handles[base] = count
        return base if count == 1 else f"{base}{count}"

    def _street_address(self):
        rng = self.rng
        return f"Jl. {_pick(rng, STREETS)} No. {_randint(rng, 1, 250)}, RT {_randint(rng, 1, 30):02d}/RW {_randint(rng, 1, 9):02d}"

    def phone(self):
        return f"+62{_pick(self.rng, PHONE_PREFIXES)}{_randint(self.rng, 1_000_000, 99_999_999)}"

    def person_name(self):
        return f"{_pick(self.rng, FIRST_NAMES)} {_pick(self.rng, LAST_NAMES)}"

    def _private(self, district_code):
        rng = self.rng
        area = (district_code or "16.71.01").replace(".", "")[:6]
        day = _randint(rng, 1, 28) + (40 if rng.random() < 0.6 else 0)  # women's NIK add 40 to the birth day
        born = f"{day:02d}{_randint(rng, 1, 12):02d}{_randint(rng, 55, 99):02d}"
        return {
            "owner_name": self.person_name(),
            "nik": f"{area}{born}{_randint(rng, 1, 9999):04d}",
            "owner_phone": self.phone(),
            "owner_address": self._street_address(),
        }

    def _certifications(self, trade, regency_code):
        rng = self.rng
        area = regency_code.replace(".", "")
        chances = {"pangan": (0.55, 0.45, 0.08, 0.0), "ikan": (0.4, 0.3, 0.05, 0.0), "ternak": (0.45, 0.2, 0.05, 0.0),
                   "herbal": (0.35, 0.2, 0.3, 0.0), "tani": (0.1, 0.0, 0.0, 0.03), "kain": (0.0, 0.0, 0.0, 0.06),
                   "kriya": (0.0, 0.0, 0.0, 0.05), "jasa": (0.15, 0.0, 0.0, 0.02)}[trade.kind]
        certificates = []
        for kind, chance in zip(("halal", "pirt", "bpom", "sni"), chances):
            if rng.random() >= chance:
                continue
            if kind == "halal":
                number = f"ID{area}{_randint(rng, 10**12, 10**13 - 1)}"
            elif kind == "pirt":
                number = f"2{_randint(rng, 1, 15):02d}{area}{_randint(rng, 10, 99)}{_randint(rng, 1000, 9999)}-{_randint(rng, 24, 30)}"
            elif kind == "bpom":
                prefix = "NA" if trade.kind == "herbal" else "MD"
                number = f"{prefix} {_randint(rng, 10**11, 10**12 - 1)}"
            else:
                number = f"SNI {_randint(rng, 1000, 9999)}:{_randint(rng, 2015, 2023)}"
            # About one in seven has lapsed: it stays on record but no longer counts.
            expires = self.today + datetime.timedelta(days=_randint(rng, -700, -1) if rng.random() < 0.14 else _randint(rng, 30, 1800))
            certificates.append({"kind": kind, "number": number, "expires_on": expires})
        return certificates

    # -- products --

    def product(self, business):
        """Fields of one product of `business` (a dict from business())."""
        rng = self.rng
        trade = business["trade"]
        spec = _pick(rng, RARE_PRODUCTS) if rng.random() < RARE_PRODUCT_RATE else _pick(rng, trade.products)
        variant = _pick(rng, spec.variants)
        name = f"{spec.name} {variant}".strip()
        price_min = _round_price(rng.uniform(spec.price_low, spec.price_high))
        price_max = _round_price(price_min * rng.uniform(1.3, 2.5)) if rng.random() < 0.2 else None
        featured_chance = 0.1 if spec.category in FEATURED_CATEGORIES else 0.03
        return {
            "name": name,
            "description": self._description(business, spec, name),
            "category": spec.category,
            "price_min": price_min,
            "price_max": price_max,
            "unit": spec.unit,
            "min_order": _pick(rng, MULTI_ORDER_UNITS.get(spec.unit, (2,))) if rng.random() < 0.2 else 1,
            "is_available": rng.random() >= 0.06,
            "is_hidden": rng.random() < 0.01,
            "is_featured": rng.random() < featured_chance,
        }

    def _description(self, business, spec, name):
        rng = self.rng
        kind = business["trade"].kind
        values = {"name": name, "business": business["name"], "place": business["place"],
                  "regency": business["regency_short"], "regency_short": business["regency_short"]}
        opening = _pick(rng, OPENINGS[kind]).format(**values)
        detail = spec.detail[0].upper() + spec.detail[1:] + "."
        quality = _pick(rng, QUALITIES[kind])
        closing = _pick(rng, CLOSINGS).format(**values)
        return " ".join(part for part in (opening, detail, quality, closing) if part)


# random.randint and random.choice are several times slower than one random() call,
# which shows at a million businesses.
def _randint(rng, low, high):
    return low + int(rng.random() * (high - low + 1))


def _pick(rng, sequence):
    return sequence[int(rng.random() * len(sequence))]


def _round_price(value):
    step = 500 if value < 100_000 else (5000 if value < 1_000_000 else 50_000)
    return max(step, round(value / step) * step)


def product_counts(businesses, products, rng):
    """How many products each of `businesses` sells, skewed (most a few, some many), summing to `products`."""
    if businesses == 0:
        return []
    weights = [_pick(rng, (1, 1, 1, 2, 2, 3, 3, 4, 5, 6, 8, 12)) for _ in range(businesses)]
    total = sum(weights)
    counts = [weight * products // total for weight in weights]
    for index in range(products - sum(counts)):
        counts[index % businesses] += 1
    return counts
