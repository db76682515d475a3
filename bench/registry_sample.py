"""A large registry spreadsheet for the import benchmark, shaped like the provincial recap
tests/fixtures/samples/registry_sumsel_dinas_2024.xlsx (sheet "DATA UMKM"): title rows, the
two-row merged header with the ALAMAT USAHA and SERTIFIKASI groups, a column-number row, the
data with section and blank rows, a JUMLAH footer with formulas and a signature block; the same
22 columns, and cells as messy as the sample's (NIB as a number or '…0.0' text, NIK as text or
as a number Excel rounded, phones spelled every way, omzet "Rp 23.000.000" / "3,3 jt", every
kabupaten/kota of Sumatera Selatan under its official name and its aliases, real kecamatan and
desa with variant spellings), about 3 % exact and 1 % near duplicates and a few rows that must
be refused.

    .venv/bin/python bench/registry_sample.py [--rows 100000] [--out /tmp/registry_100000.xlsx]

Writes the XLSX (openpyxl write-only mode, a fixed seed: the same file every time) and, beside it,
the ground truth: <out>.truth.jsonl (one clean business per line, each distinct valid business
once, in the order of its first row) and <out>.summary.json (how many rows of each kind). Reads
only the project's fixtures (fixtures/regions, fixtures/kbli); needs no database and no Django settings.
"""

import argparse
import csv
import datetime as dt
import gzip
import json
import random
import re
import sys
import time
from collections import deque
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.cell_range import CellRange

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from regions.names import NUMBER_UNITS, NUMBER_WHOLES, ROMAN_NUMERALS, compact_words, number_words  # noqa: E402  (plain Python: no settings needed)

REGIONS = ROOT / "fixtures" / "regions"
KBLI_CODES = ROOT / "fixtures" / "kbli" / "kbli2020_codes.csv"

SEED = 16_2025
# Bump when the output changes, so bench/registry_import.py regenerates a cached file.
VERSION = 1
PROVINCE = "16"
SHEET = "DATA UMKM"
FIRST_DATA_ROW = 8
NBSP = "\xa0"

EXACT_DUPLICATE_RATE = 0.03
NEAR_DUPLICATE_RATE = 0.01
OUTSIDE_PROVINCE_RATE = 0.001
NAMELESS_RATE = 0.001
NIB_RATE = 0.80
PHONE_RATE = 0.96
SECTIONS = [(0.42, "BINAAN PLUT SUMSEL"), (0.78, "UMKM PESERTA KURASI PRODUK 2024")]
BLANK_ROWS_AT = (0.17, 0.55)

HEADER_TOP = [
    "NO", "NAMA USAHA", "NAMA PEMILIK", "NIK PEMILIK", "NIB", "JENIS USAHA", "KBLI", "PRODUK UTAMA", "SKALA",
    "ALAMAT USAHA", None, None, None, "NO HP", "OMZET PER BULAN (Rp)", "TENAGA KERJA", "TAHUN BERDIRI",
    "SERTIFIKASI", None, None, "MARKETPLACE", "KETERANGAN",
]
HEADER_SUB = [None] * 9 + ["KABUPATEN/KOTA", "KECAMATAN", "DESA/KELURAHAN", "JALAN"] + [None] * 4 + [
    "HALAL", "P-IRT", "BPOM", None, None]
# Columns spanning both header rows, and the two groups (as in the sample).
MERGED = ["A1:V1", "A2:V2", "A3:V3", "J5:M5", "R5:T5"] + [
    f"{letter}5:{letter}6" for letter in "ABCDEFGHINOPQUV"
]

# Kabupaten/kota share of the rows: Palembang has the most UMKM.
REGENCY_WEIGHTS = {"16.71": 18, "16.02": 7, "16.07": 7, "16.06": 7, "16.03": 7, "16.10": 6, "16.08": 6, "16.01": 5,
                   "16.04": 5, "16.05": 5, "16.73": 4, "16.09": 4, "16.12": 3, "16.74": 3, "16.13": 3, "16.11": 3,
                   "16.72": 3}
OUTSIDE = ["Kab. Bangka", "Kota Jambi", "Kab. Kerinci", "Bandar Lampung"]

FIRST_NAMES = ["Ani", "Siti", "Yanti", "Nurlela", "Marlina", "Kartini", "Sumarni", "Lestari", "Ratna", "Yusnidar", "Nurhayati", "Mardiana", "Halimah", "Rosidah", "Ernawati", "Fitri", "Dewi", "Sri", "Rina", "Wati", "Yuli", "Eka", "Desi", "Novi", "Maya", "Indah", "Ayu", "Putri", "Rahma", "Aminah", "Fatimah", "Zainab", "Khadijah", "Maimunah", "Juleha", "Hasanah", "Salmah", "Rohani", "Asmawati", "Nurjanah", "Suryani", "Herlina", "Susanti", "Rusmini", "Komariah", "Mulyani", "Wahyuni", "Kemal", "Ramli", "Taufik", "Suroso", "Joko", "Novri", "Amran", "Rizki", "Agus", "Herman", "Hendra", "Saipul", "Dedi", "Firdaus", "Muhammad", "Ahmad", "Abdul", "Ali", "Umar", "Hasan", "Husin", "Ismail", "Yusuf", "Ibrahim", "Zulkifli", "Syamsul", "Rudi", "Budi", "Andi", "Eko", "Fajar", "Gunawan", "Heri", "Irwan", "Jamal", "Kurniawan", "Lukman", "Mulyadi", "Nanang", "Oktavian", "Pandu", "Rahmat", "Sapri", "Tarmizi", "Usman", "Wahyu", "Yudi", "Zainal", "Arif", "Bambang", "Candra", "Darmawan", "Edi", "Faisal", "Gusti", "Hamdan", "Iskandar", "Jefri", "Khairul", "Leo", "Mahmud", "Nasrul", "Rasyid", "Samsudin", "Teguh", "Yahya", "Anwar", "Bustomi", "Cholil", "Darwis", "Effendi", "Sulaiman", "Badrun", "Marwan", "Suhaimi", "Nurdin", "Aidil", "Azhari", "Burhan", "Dahlan", "Erwin", "Hairul", "Idrus", "Junaidi", "Kholid", "Mansyur", "Nazar", "Robi", "Saleh", "Toni", "Wandi", "Yasin", "Zaki", "Asnah", "Badriah", "Cik", "Darmi", "Elly", "Farida", "Ginah", "Hindun", "Ida", "Juwita", "Kiki", "Laila", "Mega", "Nia", "Okta", "Purnama", "Qori", "Risa", "Sarah", "Tuti", "Umi", "Vivi", "Winda", "Yeni", "Zahra", "Asih", "Bunga", "Citra", "Dina", "Erna", "Febi", "Gita", "Hani", "Irma", "Jihan"]
LAST_NAMES = ["Saputra", "Ramadhan", "Fitriani", "Sakinah", "Yani", "Hidayat", "Anwar", "Rahman", "Yusuf", "Gunawan", "Hasanah", "Sulastri", "Aminah", "Wati", "Safitri", "Purnama", "Hakim", "Sari", "Hamid", "Fauzan", "Susilo", "Kurniawati", "Pratama", "Wijaya", "Siregar", "Nasution", "Lubis", "Harahap", "Putra", "Putri", "Maulana", "Setiawan", "Permana", "Utami", "Handayani", "Lestari", "Syahputra", "Firmansyah", "Hermawan", "Irawan", "Kusuma", "Mahendra", "Nugraha", "Oktaviani", "Pangestu", "Rahayu", "Santoso", "Tanjung", "Wibowo", "Zulkarnain", "Alamsyah", "Baharudin", "Chaniago", "Daulay", "Effendi", "Fadillah", "Ginting", "Halim", "Ismail", "Junaidi", "Kadir", "Latif", "Munir", "Nawawi", "Ridwan", "Syarif", "Thalib", "Umar", "Wahab", "Yasin", "Zakaria"]
TITLES = ["H. ", "Hj. ", "Kgs. ", "Mgs. ", "Nyimas "]
NAME_SUFFIXES = ["Jaya", "Barokah", "Sakinah", "Abadi", "Mandiri", "Indah", "Makmur", "Sejahtera", "Berkah", "Sriwijaya", "Lestari", "Asli", "Putri", "Family", "Mulia", "Sentosa", "Bersaudara", "Amanah", "Rezeki", "Sehati", "Bahagia", "Musi", "Ampera", "Permata", "Cahaya", "Harapan", "Maju", "Baru", "Melati", "Mawar"]

STREETS = ["Jl. Merdeka", "Jl. Sudirman", "Jl. Ahmad Yani", "Jl. Kartini", "Jl. Diponegoro", "Jl. Pahlawan",
           "Jl. Mayor Ruslan", "Jl. Kol. Atmo", "Jl. Bougenville", "Jl. Cempaka", "Jl. Melati", "Jl. Kenanga",
           "Jl. KH. Wahid Hasyim", "Jl. Pangeran Ratu", "Jl. Lintas Timur", "Jl. Veteran", "Jl. Rajawali",
           "Jl. Demang Lebar Daun", "Jl. Angkatan 45", "Jl. Basuki Rahmat"]

# A kind of business: canonical JENIS USAHA (registry.cleaning.BUSINESS_TYPES), how it is written,
# KBLI 2020 codes, name prefixes, main products, and whether it sells food (halal, P-IRT, BPOM).
TRADES = [
    ("Kuliner", ["Kuliner", "KULINER", "kuliner", "Makanan & Minuman", "Mamin", "Makanan Olahan", "makanan olahan"],
     ["10792", "10794", "10710", "10799", "10750"],
     ["Pempek", "Pempek Cek", "Pempek Wak", "Pempek Bik", "Kerupuk Kemplang", "Kemplang", "Kue", "Rumah Kue",
      "Dapur", "Lemang", "Kerupuk", "Bolu Kojo", "Maksuba", "Keripik", "Tekwan", "Model Gandum", "Celimpungan",
      "Srikaya", "Engkak", "Lapan Jam", "Laksan"],
     ["pempek", "kemplang", "kerupuk", "kue basah", "kue khas palembang", "lemang", "keripik pisang",
      "bolu", "kue kering"], True),
    ("Kuliner", ["Kuliner", "KULINER", "Makanan & Minuman", "Mamin", "kuliner"], ["56102", "56103", "56101"],
     ["Warung", "RM", "Rumah Makan", "Warung Pindang", "RM Pindang", "Pindang", "Kedai", "Kedai Kopi", "Mie Celor",
      "Martabak", "Warung Nasi", "Kantin", "Depot", "Pondok", "Kopi"],
     ["pindang", "nasi minyak", "mie celor", "martabak", "kopi susu", "nasi campur", "model", "tekwan"], True),
    ("Kuliner", ["Kuliner", "Makanan & Minuman", "Mamin", "KULINER"], ["10761", "01270", "11040", "10762"],
     ["Kopi", "Kopi Semendo", "Kopi Enim", "Kopi Ogan", "KUB Kopi", "Es", "Minuman", "Jamu"],
     ["kopi semendo", "kopi bubuk", "minuman", "es kacang merah", "jamu", "teh herbal"], True),
    ("Fashion", ["Fashion", "FASHION", "Sandang", "Konveksi", "fashion"], ["13121", "13132", "13134", "14111", "14120"],
     ["Songket", "Jumputan", "Kain Jumputan", "Batik", "Konveksi", "Butik", "Penjahit", "Tenun", "Tajung",
      "Blongsong", "Bordir"],
     ["songket", "kain jumputan", "batik", "busana muslim", "pakaian jadi", "seragam", "kain tajung"], False),
    ("Kriya", ["Kerajinan", "Kriya", "Kerajinan Tangan", "KERAJINAN"], ["16292", "16291"],
     ["Anyaman Purun", "Anyaman", "Kerajinan", "Ukiran", "Lakuer", "Souvenir", "Tikar", "Rotan"],
     ["tikar purun", "anyaman purun", "kerajinan lakuer", "ukiran kayu", "souvenir", "tas anyaman"], False),
    ("Pertanian", ["Pertanian", "Agribisnis", "Perikanan", "Peternakan", "pertanian"],
     ["01220", "01493", "03221", "01461", "47211"],
     ["Kelompok Tani", "Poktan", "Pokdakan", "Madu", "Madu Hutan", "Ternak", "Kebun", "Budidaya Ikan", "Tambak"],
     ["duku", "madu hutan", "ikan patin", "ikan lele", "ayam potong", "durian", "nanas", "beras"], False),
    ("Perdagangan", ["Perdagangan", "Dagang", "PERDAGANGAN", "Toko/Warung", "Sembako"], ["47192", "47829", "47911"],
     ["Toko", "Kios", "Warung", "Toko Sembako", "Kelontong", "Grosir", "Agen"],
     ["sembako", "kelontong", "gas elpiji", "pulsa", "sayur", "buah", "bahan kue"], False),
    ("Jasa", ["Jasa", "JASA", "jasa", "Jasa Lainnya"], ["95291", "96111", "96112", "45403"],
     ["Bengkel", "Laundry", "Salon", "Pangkas Rambut", "Servis", "Vermak", "Rental", "Cuci Motor"],
     ["bengkel", "servis motor", "laundry", "salon", "pangkas rambut", "vermak jeans", "rental mobil"], False),
]
TRADE_WEIGHTS = [22, 16, 8, 10, 6, 10, 18, 10]

MARKET_SPELLINGS = {
    "Shopee": ["Shopee", "shopee", "SHOPEE"], "Tokopedia": ["Tokopedia", "Tokped", "tokopedia"],
    "GrabFood": ["GrabFood", "Grab Food", "Grab"], "GoFood": ["GoFood", "Gofood", "Go-Food"],
    "ShopeeFood": ["ShopeeFood", "Shopee Food"], "Instagram": ["Instagram", "IG", "ig", "Instagram @"],
    "Facebook": ["Facebook", "FB", "fb"], "WhatsApp": ["WhatsApp", "WA", "Whatsapp"],
    "TikTok Shop": ["TikTok Shop", "Tiktok", "TikTok"], "Lazada": ["Lazada"],
}
NOTES = ["Pinjaman KUR BRI", "Pemasaran masih offline", "Aktif", "Peserta pelatihan 2023", "Ikut pameran Sriwijaya Expo",
         "Perlu pendampingan sertifikasi halal", "Produk sudah masuk retail modern", "Sudah ikut bazar UMKM"]
MOBILE_PREFIXES = ["0812", "0813", "0821", "0822", "0823", "0852", "0853", "0857", "0858", "0877", "0878", "0881",
                   "0882", "0895", "0896", "0815", "0819", "0831", "0838"]
AREA_CODES = {"16.71": "0711", "16.02": "0712", "16.74": "0713", "16.06": "0714", "16.01": "0735", "16.03": "0734",
              "16.73": "0733", "16.72": "0730", "16.04": "0731", "16.10": "0711", "16.07": "0711"}


# --------------------------------------------------------------------- reference data (fixtures)


def weighted(rng, options):
    values, weights = zip(*options)
    return rng.choices(values, weights)[0]


class Regions:
    """Sumatera Selatan's kabupaten/kota, kecamatan and desa from fixtures/regions, with the
    spellings the generator may write for each."""

    def __init__(self):
        self.regencies = {}  # code → (name, short name, type)
        with open(REGIONS / "regencies.csv", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["province_code"] == PROVINCE:
                    self.regencies[row["code"]] = (row["name"], row["name_short"], row["type"])
        self.aliases = {}
        with open(REGIONS / "aliases.csv", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                self.aliases.setdefault(row["regency_code"], []).append(row["alias"])
        self.district_aliases = {}
        with open(REGIONS / "district_aliases.csv", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                self.district_aliases.setdefault(row["district_code"], []).append(row["alias"])
        self.districts = {}  # regency → [(code, name)]
        self.district_name = {}
        with open(REGIONS / "districts.csv", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["regency_code"] in self.regencies:
                    self.districts.setdefault(row["regency_code"], []).append((row["code"], row["name"]))
                    self.district_name[row["code"]] = row["name"]
        self.villages = {}  # district → [(code, name)]
        with gzip.open(REGIONS / "villages.csv.gz", "rt", encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["district_code"] in self.district_name:
                    self.villages.setdefault(row["district_code"], []).append((row["code"], row["name"]))
        self._keep_unambiguous()
        self.regency_codes = sorted(self.regencies)
        self.regency_weights = [REGENCY_WEIGHTS.get(code, 3) for code in self.regency_codes]
        self.spellings = {code: self._regency_spellings(code) for code in self.regency_codes}

    def _keep_unambiguous(self):
        """Only districts and villages whose name no neighbour shares (by place key): a registry
        naming one of two same-named desa in a kecamatan is refused, rightly, and that is not
        what this file measures."""
        for regency, districts in self.districts.items():
            keys = [place_key(name) for _code, name in districts]
            self.districts[regency] = [d for d, key in zip(districts, keys) if keys.count(key) == 1]
        for district, villages in list(self.villages.items()):
            keys = [place_key(name) for _code, name in villages]
            self.villages[district] = [v for v, key in zip(villages, keys) if keys.count(key) == 1]
        for regency, districts in self.districts.items():
            self.districts[regency] = [(code, name) for code, name in districts if self.villages.get(code)]
            if not self.districts[regency]:
                raise SystemExit(f"fixtures/regions has no desa for kabupaten/kota {regency}: run with the full fixtures")

    def _regency_spellings(self, code):
        name, short, kind = self.regencies[code]
        prefix = "Kab." if kind == "kabupaten" else "Kota"
        options = [(name, 3), (f"{prefix} {short}", 6), (short, 5), (short.upper(), 3), (f"{prefix.upper()} {short.upper()}", 2),
                   (f"{prefix} {short.lower()}", 1)]
        if kind == "kabupaten":
            options += [(f"Kab {short}", 1), (f"Kabupaten {short}", 1)]
        for alias in self.aliases.get(code, []):
            options += [(alias, 4), (alias.upper(), 1)]
            if kind == "kabupaten" and len(alias) <= 5:
                options += [(f"Kab. {alias}", 1)]
        options += [(code.replace(".", ""), 1), (int(code.replace(".", "")), 1), (code, 1)]
        return options


def fixtures_fingerprint():
    """A short hash of the fixtures the file is made from: the same seed gives another file when
    they change (a new alias is another spelling to choose from)."""
    import hashlib

    digest = hashlib.sha1()
    for name in ("regencies.csv", "aliases.csv", "district_aliases.csv", "districts.csv", "villages.csv.gz"):
        digest.update((REGIONS / name).read_bytes())
    digest.update(KBLI_CODES.read_bytes())
    return digest.hexdigest()[:10]


def kbli_codes():
    with open(KBLI_CODES, encoding="utf-8", newline="") as handle:
        return {row["code"]: row["title"] for row in csv.DictReader(handle) if len(row["code"]) == 5}


# Place keys: the spelling registry.places compares (case, punctuation, prefixes, numbers written
# in words or roman numerals ignored). Used here only to choose names and variants that resolve
# to exactly one official region, so the ground truth is exact.

_ROMAN_OF = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V"}
_PLACE_PREFIXES = {"kabupaten", "kab", "kota", "kotamadya", "kodya", "kecamatan", "kec", "desa", "ds", "kelurahan", "kel"}
_ABBREVIATED = {"tj", "tg", "tjg", "sei", "sgi", "kp", "kpg", "spg"}


def place_key(name):
    words = re.sub(r"[^a-z0-9]+", " ", name.replace(NBSP, " ").lower()).split()
    if len(words) > 1 and words[0] in _PLACE_PREFIXES:
        words = words[1:]
    return compact_words(ROMAN_NUMERALS.get(text, text) for _number, text in number_words(words))


def with_digits(name, rng):
    """'Dua-puluh-enam Ilir Satu' → '26 Ilir I' or '26 Ilir 1'; None when the name has no number words."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z -]*", name):
        return None
    parts = number_words(re.split(r"[\s-]+", name))
    if not any(is_number for is_number, _text in parts):
        return None
    out = []
    for position, (is_number, text) in enumerate(parts):
        if is_number and position == len(parts) - 1 and int(text) in _ROMAN_OF and rng.random() < 0.5:
            text = _ROMAN_OF[int(text)]
        out.append(text)
    return " ".join(out)


def _slip_distance(a, b):
    """Edits (insert, drop, change, swap two neighbours) from a to b."""
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[-1]


def typo(rng, text):
    """One letter dropped, doubled or swapped with its neighbour (never the first letter)."""
    letters = [i for i, ch in enumerate(text) if ch.isalpha() and i > 0]
    if not letters:
        return text
    i = rng.choice(letters)
    kind = rng.choice(("drop", "double", "swap"))
    if kind == "drop":
        return text[:i] + text[i + 1:]
    if kind == "double":
        return text[:i] + text[i] + text[i:]
    if i + 1 < len(text) and text[i + 1].isalpha() and text[i + 1] != text[i]:
        return text[:i] + text[i + 1] + text[i] + text[i + 2:]
    return text[:i] + text[i + 1:]


def _safe_typo(rng, name, neighbours, elsewhere):
    """A one-letter slip of `name` that still points at it alone: far (≥ 3 edits) from every
    neighbour's key, and no other region's exact name. None when no such slip is found."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z ]*", name) or len(name) < 6:
        return None
    words = name.lower().split()
    if words[0] in _PLACE_PREFIXES or any(w in _ABBREVIATED or w in NUMBER_UNITS or w in NUMBER_WHOLES or w in ROMAN_NUMERALS for w in words):
        return None
    for _attempt in range(4):
        variant = typo(rng, name)
        key = place_key(variant)
        if key == place_key(name) or key in elsewhere:
            continue
        if all(_slip_distance(key, other) >= 3 for other in neighbours):
            return variant
    return None


# --------------------------------------------------------------------- rendering helpers


def noise(rng, text, p=0.03):
    """Sometimes a trailing space, a trailing NBSP or an NBSP between words."""
    if not isinstance(text, str) or not text or rng.random() >= p:
        return text
    kind = rng.random()
    if kind < 0.45:
        return text + " "
    if kind < 0.75:
        return text + NBSP
    if " " in text:
        i = text.index(" ")
        return text[:i] + NBSP + text[i + 1:]
    return text


def _rupiah_dots(value):
    return f"{value:,}".replace(",", ".")


def _juta(value):
    return f"{value / 1_000_000:.1f}".rstrip("0").rstrip(".").replace(".", ",")


class Business:
    """One distinct business: its clean values (the ground truth) and what else the row shows."""

    __slots__ = (
        "address",
        "bpom",
        "business_type",
        "district",
        "district_name",
        "founded_year",
        "halal",
        "kbli",
        "main_products",
        "marketplaces",
        "name",
        "nib",
        "nik",
        "note",
        "omzet",
        "owner",
        "phones",
        "pirt",
        "regency",
        "scale",
        "trade",
        "village",
        "village_name",
        "workers",
    )

    def truth(self):
        return {
            "name": self.name, "owner_name": self.owner, "nik": self.nik, "nib": self.nib,
            "business_type": self.business_type, "kbli": self.kbli, "main_products": self.main_products,
            "scale": self.scale.lower() if self.scale else "", "regency": self.regency, "district": self.district,
            "village": self.village, "address": self.address, "phones": self.phones, "omzet": self.omzet,
            "workers": self.workers, "founded_year": self.founded_year,
            "certificates": {kind: number for kind, (has, number) in
                             (("halal", self.halal), ("pirt", self.pirt), ("bpom", self.bpom)) if has},
            "sales_channels": ", ".join(self.marketplaces),
        }


class Generator:
    def __init__(self, seed=SEED):
        self.rng = random.Random(seed)
        self.regions = Regions()
        known = kbli_codes()
        for trade in TRADES:
            missing = [code for code in trade[2] if code not in known]
            if missing:
                raise SystemExit(f"KBLI codes missing from fixtures/kbli: {missing}")
        self.kbli_titles = known
        self.taken_names = set()
        self.taken_nibs = set()
        self.taken_phones = set()
        self._district_keys = {
            regency: [place_key(name) for _c, name in districts] + [
                place_key(alias) for code, _n in districts for alias in self.regions.district_aliases.get(code, [])]
            for regency, districts in self.regions.districts.items()
        }
        self._province_district_keys = {key for keys in self._district_keys.values() for key in keys}
        self._village_keys = {district: [place_key(name) for _c, name in villages]
                              for district, villages in self.regions.villages.items()}
        self._regency_village_keys = {}
        for district, keys in self._village_keys.items():
            self._regency_village_keys.setdefault(district[:5], set()).update(keys)

    # The truth -----------------------------------------------------------------------------

    def business(self, regency=None):
        rng = self.rng
        b = Business()
        b.regency = regency or rng.choices(self.regions.regency_codes, self.regions.regency_weights)[0]
        b.district, b.district_name = rng.choice(self.regions.districts[b.regency])
        b.village, b.village_name = rng.choice(self.regions.villages[b.district])
        trade_index = rng.choices(range(len(TRADES)), TRADE_WEIGHTS)[0]
        b.trade = trade_index
        business_type, _spellings, codes, prefixes, products, food = TRADES[trade_index]
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        b.owner = (rng.choice(TITLES) if rng.random() < 0.08 else "") + f"{first} {last}"
        b.name = self._unique_name(rng, prefixes, first, last)
        b.business_type = business_type
        b.kbli = rng.choice(codes)
        b.main_products = rng.choice(products)
        b.scale = weighted(rng, [("Mikro", 84), ("Kecil", 9), ("Menengah", 1), (None, 6)])
        b.nib = self._unique_nib(rng) if rng.random() < NIB_RATE else None
        b.nik = self._nik(rng, b.regency, b.district)
        b.phones = self._phones(rng, b.regency)
        b.address = self._address(rng)
        b.omzet = self._omzet(rng, b.scale)
        b.workers = None if rng.random() < 0.05 else (rng.randint(1, 5) if b.scale != "Kecil" else rng.randint(6, 19))
        b.founded_year = None if rng.random() < 0.06 else rng.randint(1995, 2024)
        b.halal = self._certificate(rng, food, 0.35, lambda: f"ID{b.regency.replace('.', '')}{rng.randint(10**12, 10**13 - 1)}{rng.randint(1, 9)}124")
        b.pirt = self._certificate(rng, food, 0.25, lambda: f"{rng.randint(2, 5)}0{rng.randint(10**10, 10**11 - 1)}-{rng.randint(20, 29)}")
        b.bpom = self._certificate(rng, food, 0.06, lambda: f"MD {rng.randint(10**11, 10**12 - 1)}")
        count = weighted(rng, [(0, 25), (1, 40), (2, 25), (3, 10)])
        b.marketplaces = rng.sample(list(MARKET_SPELLINGS), count)
        b.note = rng.choice(NOTES) if rng.random() < 0.4 else None
        return b

    def _unique_name(self, rng, prefixes, first, last):
        for attempt in range(50):
            prefix = rng.choice(prefixes)
            shape = rng.random()
            if shape < 0.30:
                name = f"{prefix} {first}"
            elif shape < 0.55:
                name = f"{prefix} {first} {rng.choice(NAME_SUFFIXES)}"
            elif shape < 0.75:
                name = f"{prefix} {first} {last}"
            elif shape < 0.88:
                name = f"{prefix} {rng.choice(NAME_SUFFIXES)} {first}"
            else:
                name = f"{prefix} {first} {rng.choice(NAME_SUFFIXES)} {rng.choice(NAME_SUFFIXES)}"
            if attempt > 30:
                name = f"{name} {rng.randint(2, 999)}"
            key = _name_key(name)
            if key not in self.taken_names:
                self.taken_names.add(key)
                return name
        raise RuntimeError("could not find a unique business name")

    def _unique_nib(self, rng):
        while True:
            nib = rng.choice("0899") + str(rng.randint(10**11, 10**12 - 1))
            if nib not in self.taken_nibs and not nib.endswith("000000"):
                self.taken_nibs.add(nib)
                return nib

    @staticmethod
    def _nik(rng, regency, district):
        day = rng.randint(1, 28) + (40 if rng.random() < 0.5 else 0)
        return f"{regency.replace('.', '')}{district[-2:]}{day:02d}{rng.randint(1, 12):02d}{rng.randint(55, 99):02d}{rng.randint(1, 300):04d}"

    def _phones(self, rng, regency):
        if rng.random() >= PHONE_RATE:
            return []
        count = 2 if rng.random() < 0.05 else 1
        phones = []
        while len(phones) < count:
            if rng.random() < 0.06 and regency in AREA_CODES:
                local = AREA_CODES[regency] + str(rng.randint(300000, 999999))
            else:
                local = rng.choice(MOBILE_PREFIXES) + str(rng.randint(10**7, 10**8 - 1))
            canonical = "+62" + local[1:]
            if canonical not in self.taken_phones:
                self.taken_phones.add(canonical)
                phones.append(local)
        return phones

    @staticmethod
    def _address(rng):
        kind = rng.random()
        if kind < 0.55:
            return f"{rng.choice(STREETS)} No. {rng.randint(1, 250)}"
        if kind < 0.8:
            return f"Dusun {rng.choice(['I', 'II', 'III', 'IV'])} RT {rng.randint(1, 15):02d}"
        if kind < 0.9:
            return f"Jl. Lintas Sumatera Km {rng.randint(2, 40)}"
        return f"Lr. {rng.choice(['Sepakat', 'Damai', 'Hikmah', 'Keluarga', 'Harapan'])} No. {rng.randint(1, 90)} RT {rng.randint(1, 45):02d}"

    @staticmethod
    def _omzet(rng, scale):
        if rng.random() < 0.06:
            return None
        if scale == "Kecil":
            return rng.randint(170, 1250) * 1_000_000
        if scale == "Menengah":
            return rng.randint(1300, 4000) * 1_000_000
        return rng.randint(5, 250) * 100_000

    @staticmethod
    def _certificate(rng, food, rate, number):
        """(held?, number): held → True with a number or ""; not held → False; unknown → None."""
        if not food:
            return (None, "")
        r = rng.random()
        if r < rate:
            return (True, number() if rng.random() < 0.8 else "")
        if r < rate + 0.4:
            return (False, "")
        return (None, "")

    # The row as a registry writes it -----------------------------------------------------------

    def render(self, b, number):
        rng = self.rng
        return [
            number, self._render_name(b.name), self._render_owner(b.owner), self._render_nik(b.nik),
            self._render_nib(b.nib), rng.choice(TRADES[b.trade][1]), self._render_kbli(b.kbli),
            noise(rng, b.main_products), self._render_scale(b.scale), self._render_regency(b.regency),
            self._render_district(b), self._render_village(b), noise(rng, b.address), self._render_phones(b.phones),
            self._render_omzet(b.omzet), self._render_workers(b.workers), self._render_year(b.founded_year),
            self._render_halal(*b.halal), self._render_pirt(*b.pirt), self._render_bpom(*b.bpom),
            self._render_marketplaces(b.marketplaces, b.name), b.note,
        ]

    def _render_name(self, name):
        return noise(self.rng, name.upper() if self.rng.random() < 0.12 else name)

    def _render_owner(self, owner):
        return noise(self.rng, owner.upper() if self.rng.random() < 0.15 else owner)

    def _render_nik(self, nik):
        r = self.rng.random()
        if r < 0.20:
            return int(nik[:15] + "0")  # Excel keeps 15 significant digits
        if r < 0.23:
            return weighted(self.rng, [(None, 2), ("-", 1)])
        if r < 0.24:
            return "'" + nik
        return noise(self.rng, nik, 0.04)

    def _render_nib(self, nib):
        rng = self.rng
        if nib is None:
            return weighted(rng, [(None, 10), ("-", 3), ("Belum ada", 1), ("proses", 1)])
        r = rng.random()
        if r < 0.15:
            return int(nib)  # a NIB starting with 0 loses it
        if r < 0.23:
            return repr(float(nib))  # '9120451415745.0', left by an earlier export
        if r < 0.33:
            return weighted(rng, [(f"{nib[:4]} {nib[4:8]} {nib[8:]}", 2), (f"{nib[:3]} {nib[3:6]} {nib[6:9]} {nib[9:]}", 1),
                                  (f"{nib} ", 1), (nib + NBSP, 1)])
        return nib

    def _render_kbli(self, code):
        r = self.rng.random()
        if r < 0.30:
            return int(code)
        if r < 0.33:
            return f"KBLI {code}"
        if r < 0.36:
            return f"{code} - {self.kbli_titles[code][:40].strip()}"
        return code

    def _render_scale(self, scale):
        options = {
            "Mikro": [("Mikro", 5), ("MIKRO", 3), ("Usaha Mikro", 2), ("mikro", 1), ("Mikro ", 1)],
            "Kecil": [("Kecil", 5), ("KECIL", 2), ("Usaha Kecil", 2)],
            "Menengah": [("Menengah", 4), ("MENENGAH", 2), ("Usaha Menengah", 1)],
            None: [(None, 3), ("-", 1)],
        }
        return weighted(self.rng, options[scale])

    def _render_regency(self, code):
        return noise(self.rng, weighted(self.rng, self.regions.spellings[code]))

    def _render_district(self, b):
        rng, name = self.rng, b.district_name
        aliases = self.regions.district_aliases.get(b.district)
        if aliases and rng.random() < 0.3:
            return noise(rng, rng.choice(aliases))
        r = rng.random()
        if r < 0.86:
            return noise(rng, name)
        if r < 0.90:
            return rng.choice(("Kec. ", "Kec.", "Kecamatan ", "KEC. ")) + name
        if r < 0.94:
            return name.upper() if rng.random() < 0.6 else name.lower()
        if r < 0.97:
            return with_digits(name, rng) or name
        regency = b.regency
        neighbours = [key for key in self._district_keys[regency] if key != place_key(name)]
        return _safe_typo(rng, name, neighbours, self._province_district_keys) or name

    def _render_village(self, b):
        rng, name = self.rng, b.village_name
        numeral = with_digits(name, rng)
        if numeral and rng.random() < 0.6:
            return noise(rng, numeral)
        r = rng.random()
        if r < 0.88:
            return noise(rng, name)
        if r < 0.93:
            prefixes = ("Kel. ", "Kelurahan ") if b.village[9] == "1" else ("Desa ", "Ds. ", "DESA ")
            return rng.choice(prefixes) + name
        if r < 0.97:
            return name.upper() if rng.random() < 0.5 else name.lower()
        neighbours = [key for key in self._village_keys[b.district] if key != place_key(name)]
        elsewhere = self._regency_village_keys[b.district[:5]] - {place_key(name)}
        return _safe_typo(rng, name, neighbours, elsewhere) or name

    def _render_phones(self, phones):
        rng = self.rng
        if not phones:
            return weighted(rng, [(None, 5), ("-", 4), ("0", 1)])
        phone = phones[0]
        if len(phones) == 2:
            separator = weighted(rng, [("/", 4), (" / ", 3), (", ", 2), (" - ", 1)])
            return f"{phone}{separator}{phones[1]}"
        if not phone.startswith("08"):  # a landline with its area code
            area, rest = phone[:4], phone[4:]
            return weighted(rng, [(f"{area}-{rest}", 5), (f"({area}) {rest}", 3), (phone, 2), (f"{area} {rest}", 1)])
        rest = phone[1:]
        if rng.random() < 0.10:
            return int(phone)  # typed as a number: the leading 0 is gone
        groups = [rest[:3], rest[3:7], rest[7:]]
        options = [(phone, 40), ("62" + rest, 12), ("+62 " + "-".join(groups), 12),
                   ("-".join([phone[:4], phone[4:8], phone[8:]]), 10), (" ".join([phone[:4], phone[4:8], phone[8:]]), 6),
                   ("+62" + rest, 5), (phone + " (WA)", 3)]
        return noise(rng, weighted(rng, options))

    def _render_omzet(self, value):
        rng = self.rng
        if value is None:
            return weighted(rng, [(None, 7), ("-", 3)])
        options = [(value, 55), ("Rp " + _rupiah_dots(value), 12), ("Rp" + _rupiah_dots(value) + ",-", 5),
                   (_rupiah_dots(value), 8)]
        if value % 100_000 == 0 and value < 1_000_000_000:
            options += [(f"{_juta(value)} jt", 6), (f"{_juta(value)} juta", 4), (f"{_juta(value)} JT", 1)]
        if value % 1_000_000 == 0 and value < 100_000_000:
            options += [(f"± {_juta(value)} juta", 4), (f"±{_juta(value)}jt", 1)]
        return weighted(rng, options)

    def _render_workers(self, count):
        if count is None:
            return weighted(self.rng, [(None, 3), ("-", 1)])
        return weighted(self.rng, [(count, 85), (f"{count} orang", 8), (f"{count} org", 4), (str(count), 3)])

    def _render_year(self, year):
        rng = self.rng
        if year is None:
            return weighted(rng, [(None, 4), ("-", 1)])
        r = rng.random()
        if r < 0.80:
            return year
        if r < 0.91:
            return str(year)
        if r < 0.95:
            return dt.datetime(year, rng.randint(1, 12), 1)
        return weighted(rng, [(f"± {year}", 2), (f"Thn {year}", 1), (f"{year}-an", 1)])

    def _render_halal(self, has, number):
        rng = self.rng
        if has:
            if number:
                return number if rng.random() < 0.8 else f"Sudah ({number})"
            return weighted(rng, [("ADA", 4), ("Ya", 3), ("Sudah", 3), ("Ada", 2), ("SUDAH", 1), ("v", 1)])
        if has is False:
            return weighted(rng, [("TIDAK ADA", 4), ("Tidak", 3), ("Belum", 3), ("BELUM", 1), ("tidak ada", 1)])
        return weighted(rng, [(None, 3), ("-", 3)])

    def _render_pirt(self, has, number):
        rng = self.rng
        if has:
            if number:
                return weighted(rng, [(f"P-IRT No. {number}", 3), (number, 2), (f"PIRT {number}", 1)])
            return weighted(rng, [("ADA", 4), ("Ya", 2), ("Sudah", 3)])
        if has is False:
            return weighted(rng, [("Belum", 4), ("Tidak Ada", 3), ("Proses", 2), ("TIDAK", 1)])
        return weighted(rng, [(None, 4), ("-", 3)])

    def _render_bpom(self, has, number):
        rng = self.rng
        if has:
            return weighted(rng, [(number, 3), (f"BPOM {number}", 1)]) if number else "Ada"
        if has is False:
            return weighted(rng, [("Belum", 1), ("Tidak", 1)])
        return weighted(rng, [(None, 6), ("-", 4)])

    def _render_marketplaces(self, platforms, shop_name):
        rng = self.rng
        if not platforms:
            return weighted(rng, [(None, 6), ("-", 4), ("Tidak ada", 2), ("offline", 1), ("Belum", 1)])
        parts = []
        for platform in platforms:
            spelling = rng.choice(MARKET_SPELLINGS[platform])
            if spelling == "Instagram @":
                spelling += "".join(ch for ch in shop_name.lower() if ch.isalnum())[:18]
            parts.append(spelling)
        return weighted(rng, [(", ", 5), ("/", 3), (" & ", 1), (" dan ", 1), ("; ", 1)]).join(parts)

    # Duplicates and refused rows ----------------------------------------------------------------

    def near_duplicate(self, b, number):
        """The same business entered again by someone else: the name spelled a little differently,
        the same phone, the NIB written or left out, every other cell written anew."""
        row = self.render(b, number)
        for _attempt in range(10):
            variant = _name_variant(self.rng, b.name)
            if variant != b.name and _name_key(variant) not in self.taken_names:
                break
        else:
            variant = "UD " + b.name
        self.taken_names.add(_name_key(variant))
        row[1] = variant
        row[13] = b.phones[0] if self.rng.random() < 0.7 else self._render_phones(b.phones[:1])
        if b.nib and self.rng.random() < 0.5:
            row[4] = None
        return row

    def outside_row(self, number):
        b = self.business()
        row = self.render(b, number)
        row[9] = self.rng.choice(OUTSIDE)
        return row

    def nameless_row(self, number):
        b = self.business()
        row = self.render(b, number)
        row[1] = None
        return row


_NAME_SWAPS = [("Pempek", "Empek-Empek"), ("Pempek", "Pempek2"), ("Cek", "Cik"), ("Wak", "Wa'"),
               ("Kerupuk", "Krupuk"), ("Kemplang", "Kemplang Panggang"), ("Rumah Makan", "RM"), ("RM", "Rumah Makan"),
               ("Kelompok Tani", "Poktan"), ("Jaya", "Jaya Abadi"), ("Toko", "Tk."), ("Laundry", "Laundri")]


def _name_variant(rng, name):
    """A spelling of `name` that registry.cleaning.names_similar still takes for the same business."""
    words = name.split(" ")
    options = [(a, b) for a, b in _NAME_SWAPS
               if (a in words if " " not in a else a in name) and not (b.startswith(a + " ") and b in name)]
    kind = rng.choice(("swap", "swap", "typo", "prefix", "apostrophe") if options else ("typo", "prefix", "apostrophe"))
    if kind == "swap":
        a, b = rng.choice(options)
        return name.replace(a, b, 1)
    if kind == "typo":
        longest = max(range(len(words)), key=lambda i: len(words[i]))
        if len(words[longest]) >= 5 and not any(ch.isdigit() for ch in name):
            words[longest] = typo(rng, words[longest])
            return " ".join(words)
        return "UD " + name
    if kind == "prefix":
        return rng.choice(("UD ", "UD. ", "Usaha ", "UMKM ")) + name
    return name + "'" if rng.random() < 0.5 else name.replace(" ", "  ", 1)


_DROPPED = str.maketrans({".": "", ",": "", "'": "", "’": "", '"': "", "-": " ", "(": " ", ")": " ", NBSP: " "})


def _name_key(name):
    """directory.names.name_key: case, spaces and .,'"-() ignored."""
    return " ".join(name.translate(_DROPPED).casefold().split())


# --------------------------------------------------------------------- the workbook


def generate(path, rows=100_000, seed=SEED, progress=None):
    """Write the XLSX to `path` and its ground truth beside it; return the summary dict."""
    started = time.perf_counter()
    path = Path(path)
    generator = Generator(seed)
    rng = generator.rng
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET)
    for span in MERGED:
        sheet.merged_cells.add(CellRange(span))
    sections = [(int(rows * share), text) for share, text in SECTIONS]
    blanks = {int(rows * share) for share in BLANK_ROWS_AT}
    # Excel states a sheet's size (<dimension ref="A1:V…">); openpyxl's write-only mode does not,
    # unless the sheet can tell it before the first row: title, header, data, footer.
    last_row = FIRST_DATA_ROW - 1 + rows + len(sections) + len(blanks) + 10
    sheet.calculate_dimension = lambda: f"A1:V{last_row}"
    sheet.append(["DATA UMKM BINAAN DINAS KOPERASI DAN UKM PROVINSI SUMATERA SELATAN TAHUN 2024"])
    sheet.append(["KEADAAN S.D. 31 DESEMBER 2024"])
    sheet.append(["Sumber: rekapitulasi Dinas Koperasi dan UKM Kabupaten/Kota se-Sumatera Selatan"])
    sheet.append([])
    sheet.append(HEADER_TOP)
    sheet.append(HEADER_SUB)
    sheet.append(list(range(1, 23)))

    recent = deque(maxlen=400)  # (business, rendered row) of recent valid rows, for duplicates
    counts = {"data_rows": 0, "distinct_valid": 0, "exact_duplicates": 0, "near_duplicates": 0,
              "outside_province": 0, "nameless": 0, "blank_rows": 0, "section_rows": 0}
    excel_row = FIRST_DATA_ROW
    number = 0
    truth_path = Path(f"{path}.truth.jsonl")
    with open(truth_path, "w", encoding="utf-8") as truth:
        for index in range(rows):
            if sections and index == sections[0][0]:
                sheet.append([sections.pop(0)[1]])
                excel_row += 1
                counts["section_rows"] += 1
                number = 0
                sheet.merged_cells.add(CellRange(f"A{excel_row - 1}:V{excel_row - 1}"))
            if index in blanks:
                sheet.append([])
                excel_row += 1
                counts["blank_rows"] += 1
            number += 1
            r = rng.random()
            if recent and r < EXACT_DUPLICATE_RATE:
                _b, original = rng.choice(recent)
                row = [number, *original[1:]]
                counts["exact_duplicates"] += 1
            elif recent and r < EXACT_DUPLICATE_RATE + NEAR_DUPLICATE_RATE:
                candidates = [b for b, _row in recent if b.phones]
                row = generator.near_duplicate(rng.choice(candidates), number)
                counts["near_duplicates"] += 1
            elif r < EXACT_DUPLICATE_RATE + NEAR_DUPLICATE_RATE + OUTSIDE_PROVINCE_RATE:
                row = generator.outside_row(number)
                counts["outside_province"] += 1
            elif r < EXACT_DUPLICATE_RATE + NEAR_DUPLICATE_RATE + OUTSIDE_PROVINCE_RATE + NAMELESS_RATE:
                row = generator.nameless_row(number)
                counts["nameless"] += 1
            else:
                b = generator.business()
                row = generator.render(b, number)
                recent.append((b, row))
                truth.write(json.dumps(b.truth(), ensure_ascii=False) + "\n")
                counts["distinct_valid"] += 1
            sheet.append(row)
            excel_row += 1
            counts["data_rows"] += 1
            if progress and (index + 1) % 20_000 == 0:
                progress(index + 1)
    last = excel_row - 1
    sheet.append([])
    sheet.append(["JUMLAH", f"=COUNTA(B{FIRST_DATA_ROW}:B{last})"] + [None] * 12 + [
        f"=SUM(O{FIRST_DATA_ROW}:O{last})", f"=SUM(P{FIRST_DATA_ROW}:P{last})"])
    sheet.append([])
    for text in ("Palembang, 31 Desember 2024", "KEPALA DINAS KOPERASI DAN UKM", "PROVINSI SUMATERA SELATAN", None,
                 None, "( ........................................ )", "NIP. ...................."):
        sheet.append([None] * 18 + [text])
    workbook.save(path)
    summary = {
        "version": VERSION, "seed": seed, "fixtures": fixtures_fingerprint(), "rows": rows, "sheet": SHEET, "first_data_row": FIRST_DATA_ROW,
        "last_data_row": last, **counts,
        # What a correct import must report (registry.services counts).
        "expected": {
            "rows": counts["data_rows"], "new": counts["distinct_valid"],
            "skipped": counts["exact_duplicates"] + counts["near_duplicates"],
            "errors": counts["outside_province"] + counts["nameless"],
        },
        "seconds": round(time.perf_counter() - started, 1),
        "bytes": path.stat().st_size,
    }
    Path(f"{path}.summary.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    return summary


def read_truth(path, limit=None):
    """The clean businesses written beside the XLSX at `path` (at most `limit`)."""
    out = []
    with open(f"{path}.truth.jsonl", encoding="utf-8") as handle:
        for line in handle:
            out.append(json.loads(line))
            if limit and len(out) >= limit:
                break
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="data rows, duplicates and refused rows included")
    parser.add_argument("--out", type=Path, default=None, help="default: /tmp/umkm_bench_import/registry_<rows>.xlsx")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    out = args.out or Path("/tmp/umkm_bench_import") / f"registry_{args.rows}.xlsx"
    out.parent.mkdir(parents=True, exist_ok=True)
    summary = generate(out, args.rows, args.seed, progress=lambda n: print(f"  {n:,} rows", file=sys.stderr))
    print(json.dumps(summary, indent=1))
    print(f"Wrote {out} ({summary['bytes'] / 1e6:.1f} MB) in {summary['seconds']} s")


if __name__ == "__main__":
    main()
