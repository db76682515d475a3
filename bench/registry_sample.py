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

The businesses come from the demo's generator (demo.generator.DemoGenerator, with the rates of a
dinas registry: REGISTRY); this module only renders each one as a registry writes it. Writes the
XLSX (openpyxl write-only mode, a fixed seed: the same file every time) and, beside it, the ground
truth: <out>.truth.jsonl (one clean business per line, each distinct valid business once, in the
order of its first row) and <out>.summary.json (how many rows of each kind). Reads only the
project's fixtures (fixtures/regions, fixtures/kbli); needs no database and no Django settings.
"""

import argparse
import datetime as dt
import hashlib
import json
import re
import sys
import time
from collections import deque
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.cell_range import CellRange

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# Plain Python modules of the project: no settings needed.
from demo.generator import DemoGenerator, Rates  # noqa: E402
from demo.reference import FIXTURES, DemoReference, fixture_rows  # noqa: E402
from directory.names import name_key  # noqa: E402
from directory.phones import local_phone  # noqa: E402
from regions.names import (  # noqa: E402
    ABBREVIATIONS,
    NUMBER_UNITS,
    NUMBER_WHOLES,
    PLACE_PREFIXES,
    ROMAN_NUMERALS,
    number_words,
    place_key,
    slip_distance,
)

SEED = 16_2025
# Bump when the output changes, so bench/registry_import.py regenerates a cached file.
VERSION = 3
PROVINCE = "16"
SHEET = "DATA UMKM"
FIRST_DATA_ROW = 8
NBSP = "\xa0"
# The registry's date ("KEADAAN S.D. 31 DESEMBER 2024"): founding years and certificates end there.
TODAY = dt.date(2024, 12, 31)

# What a dinas registry knows of its businesses (the demo's portal knows more: demo.generator.DEMO).
REGISTRY = Rates(
    nib=0.80, private=1.0, no_phone=0.04, second_phone=0.05, landline=0.06, unknown_scale=0.06, unknown_omzet=0.06,
    unknown_workers=0.05, unknown_founded=0.06, certificate_number=0.8, said_not_held=0.4,
)
CERTIFICATE_COLUMNS = ("halal", "pirt", "bpom")  # the registry has no SNI column

EXACT_DUPLICATE_RATE = 0.03
NEAR_DUPLICATE_RATE = 0.01
OUTSIDE_PROVINCE_RATE = 0.001
NAMELESS_RATE = 0.001
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

OUTSIDE = ["Kab. Bangka", "Kota Jambi", "Kab. Kerinci", "Bandar Lampung"]


# How registries write each JENIS USAHA (registry.cleaning reads every one as the canonical type).
BUSINESS_TYPE_SPELLINGS = {
    "Kuliner": ["Kuliner", "KULINER", "kuliner", "Makanan & Minuman", "Mamin", "Makanan Olahan", "makanan olahan"],
    "Fashion": ["Fashion", "FASHION", "Sandang", "Konveksi", "fashion"],
    "Kriya": ["Kerajinan", "Kriya", "Kerajinan Tangan", "KERAJINAN"],
    "Pertanian": ["Pertanian", "Agribisnis", "Perikanan", "Peternakan", "pertanian"],
    "Perdagangan": ["Perdagangan", "Dagang", "PERDAGANGAN", "Toko/Warung", "Sembako"],
    "Jasa": ["Jasa", "JASA", "jasa", "Jasa Lainnya"],
}
MARKET_SPELLINGS = {
    "Shopee": ["Shopee", "shopee", "SHOPEE"], "Tokopedia": ["Tokopedia", "Tokped", "tokopedia"],
    "GrabFood": ["GrabFood", "Grab Food", "Grab"], "GoFood": ["GoFood", "Gofood", "Go-Food"],
    "ShopeeFood": ["ShopeeFood", "Shopee Food"], "Instagram": ["Instagram", "IG", "ig", "Instagram @"],
    "Facebook": ["Facebook", "FB", "fb"], "WhatsApp": ["WhatsApp", "WA", "Whatsapp"],
    "TikTok Shop": ["TikTok Shop", "Tiktok", "TikTok"], "Lazada": ["Lazada"],
}
NOTES = ["Pinjaman KUR BRI", "Pemasaran masih offline", "Aktif", "Peserta pelatihan 2023", "Ikut pameran Sriwijaya Expo",
         "Perlu pendampingan sertifikasi halal", "Produk sudah masuk retail modern", "Sudah ikut bazar UMKM"]


# --------------------------------------------------------------------- places


def weighted(rng, options):
    values, weights = zip(*options)
    return rng.choices(values, weights)[0]


class Places:
    """How a registry may spell each kabupaten/kota, and the kecamatan aliases, for the regions of
    `reference`, which it cuts down to the kecamatan and desa whose name no neighbour shares."""

    def __init__(self, reference):
        self.aliases = {}
        for row in fixture_rows("regions/aliases.csv"):
            self.aliases.setdefault(row["regency_code"], []).append(row["alias"])
        self.district_aliases = {}
        for row in fixture_rows("regions/district_aliases.csv"):
            self.district_aliases.setdefault(row["district_code"], []).append(row["alias"])
        self.districts, self.villages = reference.districts, reference.villages
        self._keep_unambiguous()
        self.names = {code: name for code, name, _short, _kind in reference.regencies}
        self.spellings = {code: self._regency_spellings(code, short, kind) for code, _name, short, kind in reference.regencies}

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

    def _regency_spellings(self, code, short, kind):
        name = self.names[code]
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
    """A short hash of what the file is made from besides the seed: the fixtures (a new alias is
    another spelling to choose from) and the demo generator's code and words."""
    digest = hashlib.sha1()
    for name in ("regencies.csv", "aliases.csv", "district_aliases.csv", "districts.csv", "villages.csv.gz"):
        digest.update((FIXTURES / "regions" / name).read_bytes())
    digest.update((FIXTURES / "kbli" / "kbli2020_codes.csv").read_bytes())
    for name in ("generator.py", "reference.py", "words.py"):
        digest.update((ROOT / "demo" / name).read_bytes())
    return digest.hexdigest()[:10]


# Place keys (regions.names.place_key, the spelling registry.places compares: case, punctuation,
# prefixes, abbreviations and numbers written in words or roman numerals ignored) are used here
# only to choose names and variants that resolve to exactly one official region, so the ground
# truth is exact.

_ROMAN_OF = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V"}
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
    if words[0] in PLACE_PREFIXES or any(w in ABBREVIATIONS or w in NUMBER_UNITS or w in NUMBER_WHOLES or w in ROMAN_NUMERALS for w in words):
        return None
    for _attempt in range(4):
        variant = typo(rng, name)
        key = place_key(variant)
        if key == place_key(name) or key in elsewhere:
            continue
        if all(slip_distance(key, other, 2) > 2 for other in neighbours):
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


def certificate(b, kind):
    """(held?, number) of one certificate of business `b`: held → True with a number or "";
    said not held → False; unknown → None."""
    for held in b["certifications"]:
        if held["kind"] == kind:
            return True, held["number"]
    return (False, "") if kind in b["not_held"] else (None, "")


def truth(b):
    """The clean values a correct import stores for business `b` (a demo.generator business)."""
    private = b["private"]
    return {
        "name": b["name"], "owner_name": private["owner_name"], "nik": private["nik"], "nib": b["nib"],
        "business_type": b["business_type"], "kbli": b["kbli_id"], "main_products": b["main_products"],
        "scale": b["scale"], "regency": b["regency_id"], "district": b["district_id"], "village": b["village_id"],
        "address": b["address"], "phones": b["phones"], "omzet": b["omzet"], "workers": b["workers"],
        "founded_year": b["founded_year"],
        "certificates": {c["kind"]: c["number"] for c in b["certifications"] if c["kind"] in CERTIFICATE_COLUMNS},
        "sales_channels": ", ".join(b["sales_channels"]),
    }


class Generator:
    """The demo generator's businesses, each unique (name by directory.names.name_key, phones,
    NIB), in the places of fixtures/regions a registry names unambiguously, rendered as rows."""

    def __init__(self, seed=SEED):
        reference = DemoReference.from_fixtures(PROVINCE)
        self.places = Places(reference)
        self.source = DemoGenerator(reference, seed=seed, today=TODAY, rates=REGISTRY, unique_names=True,
                                    unique_phones=True)
        self.rng = self.source.rng
        self.kbli_titles = reference.kbli_titles
        self.taken_names = self.source.used_names  # name keys: near-duplicate spellings are kept from later names too
        self._district_keys = {
            regency: [place_key(name) for _c, name in districts] + [
                place_key(alias) for code, _n in districts for alias in self.places.district_aliases.get(code, [])]
            for regency, districts in self.places.districts.items()
        }
        self._province_district_keys = {key for keys in self._district_keys.values() for key in keys}
        self._village_keys = {district: [place_key(name) for _c, name in villages]
                              for district, villages in self.places.villages.items()}
        self._regency_village_keys = {}
        for district, keys in self._village_keys.items():
            self._regency_village_keys.setdefault(district[:5], set()).update(keys)

    def business(self):
        b = self.source.business()
        b["note"] = self.rng.choice(NOTES) if self.rng.random() < 0.4 else None
        return b

    # The row as a registry writes it -----------------------------------------------------------

    def render(self, b, number):
        rng = self.rng
        return [
            number, self._render_name(b["name"]), self._render_owner(b["private"]["owner_name"]),
            self._render_nik(b["private"]["nik"]), self._render_nib(b["nib"]),
            rng.choice(BUSINESS_TYPE_SPELLINGS[b["business_type"]]), self._render_kbli(b["kbli_id"]),
            noise(rng, b["main_products"]), self._render_scale(b["scale"]), self._render_regency(b["regency_id"]),
            self._render_district(b), self._render_village(b), noise(rng, b["address"]), self._render_phones(b["phones"]),
            self._render_omzet(b["omzet"]), self._render_workers(b["workers"]), self._render_year(b["founded_year"]),
            self._render_halal(*certificate(b, "halal")), self._render_pirt(*certificate(b, "pirt")),
            self._render_bpom(*certificate(b, "bpom")), self._render_marketplaces(b["sales_channels"], b["name"]), b["note"],
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
            "mikro": [("Mikro", 5), ("MIKRO", 3), ("Usaha Mikro", 2), ("mikro", 1), ("Mikro ", 1)],
            "kecil": [("Kecil", 5), ("KECIL", 2), ("Usaha Kecil", 2)],
            "menengah": [("Menengah", 4), ("MENENGAH", 2), ("Usaha Menengah", 1)],
            "": [(None, 3), ("-", 1)],
        }
        return weighted(self.rng, options[scale])

    def _render_regency(self, code):
        return noise(self.rng, weighted(self.rng, self.places.spellings[code]))

    def _render_district(self, b):
        rng, name = self.rng, b["place"]
        aliases = self.places.district_aliases.get(b["district_id"])
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
        regency = b["regency_id"]
        neighbours = [key for key in self._district_keys[regency] if key != place_key(name)]
        return _safe_typo(rng, name, neighbours, self._province_district_keys) or name

    def _render_village(self, b):
        rng, name = self.rng, b["village_name"]
        numeral = with_digits(name, rng)
        if numeral and rng.random() < 0.6:
            return noise(rng, numeral)
        r = rng.random()
        if r < 0.88:
            return noise(rng, name)
        if r < 0.93:
            prefixes = ("Kel. ", "Kelurahan ") if b["village_id"][9] == "1" else ("Desa ", "Ds. ", "DESA ")
            return rng.choice(prefixes) + name
        if r < 0.97:
            return name.upper() if rng.random() < 0.5 else name.lower()
        neighbours = [key for key in self._village_keys[b["district_id"]] if key != place_key(name)]
        elsewhere = self._regency_village_keys[b["regency_id"]] - {place_key(name)}
        return _safe_typo(rng, name, neighbours, elsewhere) or name

    def _render_phones(self, phones):
        rng = self.rng
        if not phones:
            return weighted(rng, [(None, 5), ("-", 4), ("0", 1)])
        phone = local_phone(phones[0])  # "0812…", as registries write numbers
        if len(phones) == 2:
            separator = weighted(rng, [("/", 4), (" / ", 3), (", ", 2), (" - ", 1)])
            return f"{phone}{separator}{local_phone(phones[1])}"
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
            variant = _name_variant(self.rng, b["name"])
            if variant != b["name"] and name_key(variant) not in self.taken_names:
                break
        else:
            variant = "UD " + b["name"]
        self.taken_names.add(name_key(variant))
        row[1] = variant
        row[13] = local_phone(b["phones"][0]) if self.rng.random() < 0.7 else self._render_phones(b["phones"][:1])
        if b["nib"] and self.rng.random() < 0.5:
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
    with open(truth_path, "w", encoding="utf-8") as truth_file:
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
                candidates = [b for b, _row in recent if b["phones"]]
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
                truth_file.write(json.dumps(truth(b), ensure_ascii=False) + "\n")
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
