"""Official regions (Kemendagri codes) from the names people write in registries.

"Kab. OKI", "KAB OKU TIMUR", "Plg", 1671 → a kabupaten/kota; "Kec. Ilir Timur II", "IT II",
"Ilir Timur Dua" → a kecamatan of it; "Kel. 26 Ilir I", "Dua Puluh Enam Ilir Satu" → a
kelurahan of that. Names are compared by a key that ignores case, punctuation, spaces,
a "Kec."/"Desa"/"Kel." prefix, abbreviations ("Gn." = Gunung, regions.names.ABBREVIATIONS) and how
a number is written (II = 2 = Dua); a one-letter slip in a kecamatan or desa is forgiven when only
one official name is that close.

A desa problem never loses a business whose kecamatan is sound (place_village): it is kept in its
kecamatan with a warning, or moved to the one other kecamatan of the kabupaten/kota that has a
desa of that name (boundaries move).
"""

import csv
import difflib
import re
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.utils.translation import gettext as _

from regions.models import District, Province, Regency, RegencyAlias, Village
from regions.names import compact_words, normalize_region_name, numbers_as_digits, place_key, place_words, slip_distance
from registry.cleaning import CellProblem, clean_text

DISTRICT_ALIASES = Path(settings.BASE_DIR) / "fixtures" / "regions" / "district_aliases.csv"

_CODE = re.compile(r"\d{2}\.?\d{2}")
_NUMBERS = re.compile(r"\d+")
_KABUPATEN = re.compile(r"\s*(?:kabupaten|kab)\b", re.IGNORECASE)
_KOTA = re.compile(r"\s*(?:kota|kotamadya|kodya)\b", re.IGNORECASE)


def _spelled_key(value):
    """place_key with numbers and abbreviations left as written: a slip inside a number word
    ("Seberang Ulu Stu"), or one that makes a word look like an abbreviation ("Ujan Ma" for Ujan
    Mas, not Ujan Muara), is only visible this way."""
    return compact_words(place_words(value, True, spell_out=False))


def regency_key(value):
    """normalize_region_name (no "Kab."/"Kota"), then numbers and spaces as in place_key: '4 Lawang' = 'Empat Lawang'."""
    words = normalize_region_name(value).split()
    if len(words) > 1 and words[0] in ("kodya", "kotamadya"):
        words = words[1:]
    return compact_words(numbers_as_digits(words))


class VillagePlace(NamedTuple):
    """Where a business goes by its desa cell: `district` (maybe not the one written, when the desa
    lies in another kecamatan), `village` (None when not found) and a warning for staff."""

    district: str
    village: str | None
    warning: str = ""


class _Names:
    """The regions of one scope (the kecamatan of a kabupaten, the desa of a kecamatan), findable by key."""

    def __init__(self):
        self.exact = {}  # key of an official name or alias → {codes}
        self.loose = {}  # key without a leading "Kota"/"Desa" word that is part of the official name
        self.spelled = {}  # _spelled_key of an official name or alias → {codes}, for typos in number words
        self.names = {}  # code → official name

    def add(self, code, name):
        self.names[code] = name
        full = place_key(name, strip_prefix=False)
        self.exact.setdefault(full, set()).add(code)
        stripped = place_key(name)
        if stripped != full:
            self.loose.setdefault(stripped, set()).add(code)
        self.spelled.setdefault(_spelled_key(name), set()).add(code)

    def add_alias(self, code, alias):
        """An alias never hides an official name."""
        self.exact.setdefault(place_key(alias, strip_prefix=False), {code})
        self.spelled.setdefault(_spelled_key(alias), {code})

    def find(self, value):
        """The codes whose name or alias has the key of `value` (usually one); empty when none."""
        full, stripped = place_key(value, strip_prefix=False), place_key(value)
        for table, key in ((self.exact, full), (self.exact, stripped), (self.loose, full), (self.loose, stripped)):
            if key in table:
                return table[key]
        return set()

    def near(self, value):
        """The one code whose name is a slip away from `value` (numbers must agree), else None."""
        distances = {}
        for key, table in ((place_key(value), self.exact), (_spelled_key(value), self.spelled)):
            limit = 1 if len(key) < 10 else 2
            digits = _NUMBERS.findall(key)
            for candidate, owners in table.items():
                if _NUMBERS.findall(candidate) != digits:
                    continue
                distance = slip_distance(key, candidate, limit)
                if distance <= limit:
                    for code in owners:
                        distances[code] = min(distance, distances.get(code, distance))
        if not distances:
            return None
        best = min(distances.values())
        winners = [code for code, distance in distances.items() if distance == best]
        return winners[0] if len(winners) == 1 else None

    def closest(self, value, count=3):
        """Official names closest to `value`, best first."""
        keys = difflib.get_close_matches(place_key(value), list(self.exact), n=len(self.exact), cutoff=0)
        return _first_names(keys, self.exact, self.names, count)


def _first_names(keys, codes_by_key, names, count):
    found = []
    for key in keys:
        for code in sorted(codes_by_key[key]):
            if names[code] not in found:
                found.append(names[code])
    return found[:count]


class PlaceResolver:
    """Built once per import: reads the portal province's regencies (with RegencyAlias), districts and
    villages, and every other province's regencies (to say 'outside the province'), into dicts.
    No query per lookup; answers are remembered per written value.

    When the province's desa/kelurahan are not loaded (manage.py load_regions without --villages),
    has_villages is False and village() answers None for every value."""

    def __init__(self, province_code=None):
        self.province_code = province_code or settings.PORTAL_PROVINCE
        self.province_names = dict(Province.objects.values_list("code", "name"))
        self.province_name = self.province_names[self.province_code]
        self._load_regencies()
        self._load_districts()
        self._load_villages()
        self._memo = {}

    # Loading ------------------------------------------------------------------------

    def _load_regencies(self):
        self.regency_names, self.regency_province = {}, {}
        self._regency_keys = {}  # regency_key → {codes}, every province
        self._typed_keys = {}  # (type, regency_key) → {codes}: "Kota Bandung" apart from "Kabupaten Bandung"
        for code, province, name, short_name, kind in Regency.objects.values_list(
            "code", "province_id", "name", "short_name", "type"
        ):
            self.regency_names[code], self.regency_province[code] = name, province
            for written in (name, short_name):
                self._regency_keys.setdefault(regency_key(written), set()).add(code)
            self._typed_keys.setdefault((kind, regency_key(name)), set()).add(code)
        for code, normalized in RegencyAlias.objects.values_list("regency_id", "normalized"):
            self._regency_keys.setdefault(regency_key(normalized), set()).add(code)

    def _load_districts(self):
        self._districts = {}  # regency code → _Names of its kecamatan
        self._district_regency = {}
        self._province_districts = _Names()
        for code, regency, name in District.objects.filter(regency__province_id=self.province_code).values_list(
            "code", "regency_id", "name"
        ):
            self._districts.setdefault(regency, _Names()).add(code, name)
            self._province_districts.add(code, name)
            self._district_regency[code] = regency
        for code, alias in _district_aliases():
            if code in self._district_regency:
                self._districts[self._district_regency[code]].add_alias(code, alias)
                self._province_districts.add_alias(code, alias)

    def _load_villages(self):
        self._villages = {}  # district code → _Names of its desa/kelurahan
        self._regency_villages = {}  # regency code → _Names of every desa in it
        self._village_types = {}  # code → Village.Type value
        for code, district, name, kind in Village.objects.filter(code__startswith=self.province_code + ".").values_list(
            "code", "district_id", "name", "type"
        ):
            self._villages.setdefault(district, _Names()).add(code, name)
            self._regency_villages.setdefault(district[:5], _Names()).add(code, name)
            self._village_types[code] = kind
        self.has_villages = bool(self._villages)

    # Lookups --------------------------------------------------------------------------

    def _remembered(self, kind, scope, value, resolve):
        key = (kind, scope, value)
        if key not in self._memo:
            try:
                self._memo[key] = (resolve(), None)
            except CellProblem as problem:
                self._memo[key] = (None, problem.message)
        code, message = self._memo[key]
        if message:
            raise CellProblem(message)
        return code

    def regency(self, value) -> str:
        """The code ("16.71") of the kabupaten/kota written in `value`."""
        return self._remembered("regency", None, value, lambda: self._find_regency(value))

    def district(self, regency_code, value, *, regency_name_is_blank=False) -> str | None:
        """The code of the kecamatan `value` in the kabupaten/kota regency_code; None when blank, or when
        it is the kabupaten/kota's own name ("Palembang" in Kota Palembang) and regency_name_is_blank."""
        return self._remembered(
            "district", (regency_code, regency_name_is_blank), value,
            lambda: self._find_district(regency_code, value, regency_name_is_blank),
        )

    def village(self, district_code, value) -> str | None:
        """The code of the desa/kelurahan `value` in the kecamatan district_code; None when blank.
        Strict: a desa of another kecamatan or an unknown one is a CellProblem (the upload form's reader)."""
        return self._remembered("village", district_code, value, lambda: self._find_village(district_code, value))

    def place_village(self, district_code, value) -> VillagePlace:
        """Where a business written in kecamatan district_code with desa `value` goes; never a problem.
        Blank, or no desa/kelurahan loaded: the kecamatan, no desa, no warning."""
        key = ("place", district_code, value)
        if key not in self._memo:
            self._memo[key] = self._place_village(district_code, value)
        return self._memo[key]

    def village_of_regency(self, regency_code, value) -> str | None:
        """The one desa/kelurahan of the kabupaten/kota named `value` (for a row without kecamatan), else None."""
        key = ("regency village", regency_code, value)
        if key not in self._memo:
            names = self._regency_villages.get(regency_code)
            codes = names.find(clean_text(value)) if names and clean_text(value) else set()
            self._memo[key] = next(iter(codes)) if len(codes) == 1 else None
        return self._memo[key]

    def district_name(self, code) -> str:
        return self._province_districts.names[code]

    # Kabupaten/kota -----------------------------------------------------------------------

    def _find_regency(self, value):
        text = clean_text(value)
        if not text:
            raise CellProblem(_("Kabupaten/kota kosong; isi nama kabupaten/kota, mis. Kota Palembang."))
        code = self._regency_code(value, text)
        if code is None:
            codes = self._regency_candidates(text)
            inside = {c for c in codes if self.regency_province[c] == self.province_code}
            if len(inside) > 1:
                raise CellProblem(_("'%(value)s' bisa berarti %(names)s; tulis lengkap dengan Kab. atau Kota.") % {
                    "value": text, "names": _(" atau ").join(sorted(self.regency_names[c] for c in inside)),
                })
            if not codes:
                raise CellProblem(_("Tidak dikenali: '%(value)s'. Mungkin maksudnya: %(names)s.") % {
                    "value": text, "names": ", ".join(self._closest_regencies(text)),
                })
            code = next(iter(inside)) if inside else sorted(codes)[0]
        if self.regency_province[code] != self.province_code:
            raise CellProblem(_(
                "%(value)s ada di Provinsi %(province)s, di luar %(portal)s; data ini hanya untuk %(portal)s."
            ) % {"value": text, "province": self.province_names[self.regency_province[code]],
                 "portal": self.province_name})
        return code

    def _regency_code(self, value, text):
        """The code written as a number (1671, "1671", "16.71"), or None when `value` is a name."""
        if isinstance(value, float) and not isinstance(value, bool):
            text = f"{value:.2f}" if value < 100 else str(int(value))
        if not _CODE.fullmatch(text):
            return None
        code = f"{text[:2]}.{text[-2:]}"
        if code not in self.regency_names:
            raise CellProblem(_(
                "'%(value)s' bukan kode kabupaten/kota yang dikenal; tulis namanya, mis. Kota Palembang."
            ) % {"value": text})
        return code

    def _regency_candidates(self, text):
        """Codes of the regencies named `text`, this province's first; a "Kab."/"Kota" word picks between
        a kabupaten and a kota of the same name."""
        key = regency_key(text)
        codes = self._regency_keys.get(key, set())
        kind = "kabupaten" if _KABUPATEN.match(text) else "kota" if _KOTA.match(text) else None
        typed = self._typed_keys.get((kind, key), set()) if kind else set()
        inside = {c for c in codes if self.regency_province[c] == self.province_code}
        for group in (typed & inside, inside, typed, codes):
            if group:
                return group
        return set()

    def _closest_regencies(self, text):
        keys = [key for key, codes in self._regency_keys.items()
                if any(self.regency_province[c] == self.province_code for c in codes)]
        close = difflib.get_close_matches(regency_key(text), keys, n=len(keys), cutoff=0)
        inside = {key: {c for c in self._regency_keys[key] if self.regency_province[c] == self.province_code}
                  for key in close}
        return _first_names(close, inside, self.regency_names, 3)

    # Kecamatan ------------------------------------------------------------------------------

    def _find_district(self, regency_code, value, regency_name_is_blank=False):
        text = clean_text(value)
        if not text:
            return None
        names = self._districts.get(regency_code)
        if names is None:
            raise CellProblem(_("Kecamatan tidak dapat dicek: kabupaten/kota %(code)s tidak dikenal.") % {
                "code": regency_code})
        if text in names.names:  # the code itself
            return text
        here = self.regency_names[regency_code]
        codes = names.find(text)
        if not codes and regency_code in self._regency_candidates(text):
            if regency_name_is_blank:
                return None
            # One text for every such row, whatever the spelling, so the preview shows them as one group.
            raise CellProblem(_(
                "Kolom kecamatan berisi nama %(regency)s sendiri, bukan nama kecamatan. Pilih kecamatan untuk "
                "seluruh berkas, atau centang “nama kabupaten/kota di kolom kecamatan berarti kosong” (bagian "
                "Tempat seluruh berkas), lalu baca ulang; atau abaikan kolom ini."
            ) % {"regency": here})
        if not codes:
            elsewhere = self._province_districts.find(text)
            if elsewhere:
                raise CellProblem(_("Kecamatan '%(value)s' ada di %(regency)s, bukan di %(here)s.") % {
                    "value": text, "here": here,
                    "regency": _(" dan ").join(sorted({self.regency_names[self._district_regency[c]] for c in elsewhere})),
                })
            near = names.near(text)
            if near is None:
                raise CellProblem(_("Kecamatan '%(value)s' tidak ada di %(here)s. Mungkin maksudnya: %(names)s.") % {
                    "value": text, "here": here, "names": ", ".join(names.closest(text)),
                })
            codes = {near}
        return _only(codes, names.names, _("Kecamatan"), text)

    # Desa/kelurahan --------------------------------------------------------------------------

    def _village_candidates(self, district_code, text):
        """(codes in the kecamatan, codes elsewhere in its kabupaten/kota) of the desa written `text`:
        an exact name here; else an exact name in another kecamatan; else the one name a slip away here."""
        names = self._villages[district_code]
        if text in names.names:
            return {text}, set()
        codes = names.find(text)
        if codes:
            return codes, set()
        elsewhere = self._regency_villages[district_code[:5]].find(text)
        if elsewhere:
            return set(), elsewhere
        near = names.near(text)
        return ({near} if near else set()), set()

    def _find_village(self, district_code, value):
        text = clean_text(value)
        if not text or not self.has_villages:
            return None
        if district_code not in self._villages:
            raise CellProblem(_("Desa/kelurahan tidak dapat dicek: kecamatan %(code)s tidak dikenal.") % {
                "code": district_code})
        here = self._province_districts.names[district_code]
        codes, elsewhere = self._village_candidates(district_code, text)
        if elsewhere:
            raise CellProblem(_(
                "Desa/kelurahan '%(value)s' ada di Kecamatan %(district)s, bukan di Kecamatan %(here)s."
            ) % {"value": text, "here": here, "district": self._district_names(elsewhere)})
        if not codes:
            raise CellProblem(_(
                "Desa/kelurahan '%(value)s' tidak ada di Kecamatan %(here)s. Mungkin maksudnya: %(names)s."
            ) % {"value": text, "here": here, "names": ", ".join(self._villages[district_code].closest(text))})
        return _only(codes, self._villages[district_code].names, _("Desa/kelurahan"), text)

    def _place_village(self, district_code, value):
        text = clean_text(value)
        if not text or not self.has_villages:
            return VillagePlace(district_code, None)
        here = self._province_districts.names[district_code]
        if district_code not in self._villages:
            return VillagePlace(district_code, None, _(
                "Desa/kelurahan '%(value)s' tidak dapat dicek: daftar desa/kelurahan Kecamatan %(here)s belum "
                "dimuat. UMKM disimpan di Kecamatan %(here)s tanpa desa/kelurahan."
            ) % {"value": text, "here": here})
        names = self._villages[district_code]
        codes, elsewhere = self._village_candidates(district_code, text)
        if len(codes) == 1:
            return VillagePlace(district_code, next(iter(codes)))
        if codes:
            return VillagePlace(district_code, None, _(
                "Desa/kelurahan '%(value)s' bisa berarti %(names)s. UMKM disimpan di Kecamatan %(here)s tanpa "
                "desa/kelurahan; tulis nama lengkapnya bila perlu."
            ) % {"value": text, "here": here, "names": _(" atau ").join(sorted(names.names[c] for c in codes))})
        if len(elsewhere) == 1:
            (code,) = elsewhere
            there = self._province_districts.names[code[:8]]
            return VillagePlace(code[:8], code, _(
                "%(kind)s %(village)s ada di Kecamatan %(there)s, bukan Kecamatan %(here)s (batas wilayah berubah?): "
                "UMKM ditempatkan di Kecamatan %(there)s; periksa bila perlu."
            ) % {"kind": Village.Type(self._village_types[code]).label, "village": self._villages[code[:8]].names[code],
                 "there": there, "here": here})
        if elsewhere:
            return VillagePlace(district_code, None, _(
                "Desa/kelurahan '%(value)s' tidak ada di Kecamatan %(here)s, tetapi ada di Kecamatan %(there)s. "
                "UMKM tetap disimpan di Kecamatan %(here)s tanpa desa/kelurahan; periksa bila perlu."
            ) % {"value": text, "here": here, "there": self._district_names(elsewhere)})
        return VillagePlace(district_code, None, _(
            "Desa/kelurahan '%(value)s' tidak ada di Kecamatan %(here)s. UMKM tetap disimpan di Kecamatan "
            "%(here)s tanpa desa/kelurahan. Mungkin maksudnya: %(names)s."
        ) % {"value": text, "here": here, "names": ", ".join(names.closest(text))})

    def _district_names(self, village_codes):
        return _(" dan ").join(sorted({self._province_districts.names[c[:8]] for c in village_codes}))


def _only(codes, names, what, text):
    if len(codes) > 1:
        raise CellProblem(_("%(what)s '%(value)s' bisa berarti %(names)s; tulis nama lengkapnya.") % {
            "what": what, "value": text, "names": _(" atau ").join(sorted(names[c] for c in codes)),
        })
    return next(iter(codes))


def _district_aliases():
    """(district code, alias) from fixtures/regions/district_aliases.csv: "IT II", "AAL", "BP Peliung"."""
    with open(DISTRICT_ALIASES, encoding="utf-8", newline="") as handle:
        return [(row["district_code"], row["alias"]) for row in csv.DictReader(handle)]
