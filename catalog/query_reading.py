"""What a buyer's search words say besides product words: a place, a certificate, a budget.

"pempek palembang halal di bawah 50rb" is read as the words "pempek" with the filters
wilayah=kota-palembang, sertifikasi=halal and harga_max=50000: exactly what the filter panel
would give, so counts, links and pagination work as for any filter. Places come from the region
data (kabupaten/kota names and their aliases in fixtures/regions/aliases.csv, kecamatan names and
fixtures/regions/district_aliases.csv) and from fixtures/search/places.csv, the reviewed list of
town names buyers use (Baturaja, Sekayu, …) and of kecamatan names that are product words too
(Rambutan, Belimbing: never read as a place). A filter the buyer chose wins over one read from
the words: a place in the words that contradicts it stays a search word."""

import csv
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from catalog.search import clean_query
from directory.models import Certification
from regions.models import District, Regency
from regions.names import place_key
from umkm_portal.money import NotRupiah, parse_rupiah

PLACES = Path(settings.BASE_DIR) / "fixtures" / "search" / "places.csv"
DISTRICT_ALIASES = Path(settings.BASE_DIR) / "fixtures" / "regions" / "district_aliases.csv"
LONGEST_PLACE = 5  # words
CERTIFICATE_WORDS = {"halal": "halal", "pirt": "pirt", "bpom": "bpom", "sni": "sni"}
CERTIFICATE_FILLERS = {"sertifikat", "bersertifikat", "sertifikasi", "bersertifikasi", "label", "berlabel"}
CHEAP_WORDS = {"murah", "termurah", "murmer", "hemat"}
PLACE_FILLERS = {"di", "dari", "asal", "khas"}
# "di bawah 50rb", "maks. Rp 50.000", "< 50 ribu", "50rb": a budget, read as harga_max.
_AMOUNT = r"(?:rp\.?\s*)?(\d[\d.,]*)\s*(rb|ribu|k|jt|juta)?\b"
BUDGET = re.compile(
    rf"(?:\b(?:di\s*bawah|dibawah|kurang\s+dari|maks(?:imal|imum)?\.?|max|sampai|hingga|budget)\s*|<\s*)"
    rf"{_AMOUNT}|(?:\brp\.?\s*(\d[\d.,]*)\s*(rb|ribu|k|jt|juta)?\b)|\b(\d[\d.,]*)\s*(rb|ribu|k|jt|juta)\b",
    re.IGNORECASE,
)


@dataclass
class Reading:
    """The query as understood: `text` holds the product words left."""

    original: str
    text: str
    regency: Regency | None = None
    district: District | None = None
    certifications: list = field(default_factory=list)
    price_max: int | None = None
    cheapest_first: bool = False
    place_words: str = ""

    @property
    def filters(self):
        """The filter parameters read from the words, as the filter form takes them."""
        out = {}
        if self.regency is not None:
            out["wilayah"] = self.regency.slug
        if self.district is not None:
            out["kecamatan"] = self.district.code
        if self.certifications:
            out["sertifikasi"] = list(self.certifications)
        if self.price_max is not None:
            out["harga_max"] = str(self.price_max)
        return out

    @property
    def certificate_labels(self):
        return [Certification.Kind(kind).label for kind in self.certifications]

    @property
    def changed(self):
        return bool(self.filters or self.cheapest_first or self.text != clean_query(self.original))


@functools.cache
def _search_places():
    """({place key: regency code}, {keys never read as a place}) from fixtures/search/places.csv."""
    towns, never = {}, set()
    with PLACES.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            key = place_key(row["name"])
            if row["regency_code"]:
                towns[key] = row["regency_code"]
            else:
                never.add(key)
    return towns, frozenset(never)


@functools.cache
def _district_aliases():
    with DISTRICT_ALIASES.open(encoding="utf-8", newline="") as file:
        return [(row["district_code"], row["alias"]) for row in csv.DictReader(file)]


_place_indexes = {}  # PORTAL_PROVINCE -> place_index(); see place_index


def place_index():
    """{place key: (Regency, District or None)} of the portal's province, without the keys two
    places share (a kecamatan name found in two kabupaten/kota).

    Built once per process (three small queries and a few hundred names normalised: ~10 ms,
    too much for every search): regions are reference data, changed only by load_regions, after
    which the server is restarted anyway. An empty index (regions not loaded yet) is not kept."""
    province = settings.PORTAL_PROVINCE
    if province not in _place_indexes:
        index = _build_place_index()
        if not index:
            return index
        _place_indexes[province] = index
    return _place_indexes[province]


def _build_place_index():
    towns, never = _search_places()
    regencies = {r.code: r for r in Regency.objects.in_portal().prefetch_related("aliases")}
    index, ambiguous = {}, set()

    def add(key, place, *, strong):
        if not key or key in never:
            return
        if key in index and index[key] != place:
            if strong and index[key][1] is not None:  # a kabupaten/kota wins over a kecamatan
                index[key] = place
                ambiguous.discard(key)
                return
            if not strong and index[key][1] is None:
                return
            ambiguous.add(key)
            return
        index[key] = place

    districts = {d.code: d for d in District.objects.filter(regency__in=list(regencies)).only("code", "name", "regency_id")}
    for district in districts.values():
        district.regency = regencies[district.regency_id]
        add(place_key(district.name), (district.regency, district), strong=False)
    for code, alias in _district_aliases():
        if code in districts:
            add(place_key(alias), (districts[code].regency, districts[code]), strong=False)
    for regency in regencies.values():
        for name in [regency.name, regency.short_name, *(a.alias for a in regency.aliases.all())]:
            add(place_key(name), (regency, None), strong=True)
    for key, code in towns.items():
        if code in regencies:
            add(key, (regencies[code], None), strong=True)
    return {key: place for key, place in index.items() if key not in ambiguous}


def read_query(text, *, chosen=None, base=None, places=True):
    """The Reading of `text`. `chosen`: the filters already in the request ({parameter: value}),
    `base`: the kabupaten/kota of the page (/wilayah/<slug>/); `places=False` reads no place."""
    chosen = chosen or {}
    text = clean_query(text)
    reading = Reading(original=text, text=text)
    if not text:
        return reading
    rest = _read_budget(reading, text, chosen)
    words = rest.split()
    lowered = [re.sub(r"[^\w]", "", word.lower()) for word in words]
    keep = [True] * len(words)
    for index, word in enumerate(lowered):
        if word in CERTIFICATE_WORDS:
            kind = CERTIFICATE_WORDS[word]
            if kind not in chosen.get("sertifikasi", []) and kind not in reading.certifications:
                reading.certifications.append(kind)
            keep[index] = False
        elif word in CHEAP_WORDS:
            reading.cheapest_first = not chosen.get("urut")
            keep[index] = False
    if reading.certifications or any(k in lowered for k in CERTIFICATE_WORDS):
        keep = [k and w not in CERTIFICATE_FILLERS for k, w in zip(keep, lowered)]
    if places:
        _read_place(reading, words, lowered, keep, chosen, base)
    reading.text = " ".join(word for word, kept in zip(words, keep) if kept)
    return reading


def _read_budget(reading, text, chosen):
    """Takes the first amount out of `text` into reading.price_max (unless harga_max is chosen)."""
    match = BUDGET.search(text)
    if match is None:
        return text
    number, unit = next((match.group(i), match.group(i + 1)) for i in (1, 3, 5) if match.group(i))
    try:
        amount = parse_rupiah(f"{number} {unit or ''}")  # the one Rupiah reader: "12,5rb" is 12.500
    except NotRupiah:
        return text
    if amount is None or amount <= 0 or amount > 10**12:
        return text
    if not chosen.get("harga_max"):
        reading.price_max = amount
    return clean_query(text[: match.start()] + " " + text[match.end():])


def _read_place(reading, words, lowered, keep, chosen, base):
    """The longest run of words naming a place of the province, taken out of the words when it
    does not contradict the page or the chosen filters."""
    index = place_index()
    for length in range(min(LONGEST_PLACE, len(words)), 0, -1):
        for start in range(len(words) - length + 1):
            span = range(start, start + length)
            if not all(keep[i] for i in span):
                continue
            place = index.get(place_key(" ".join(lowered[i] for i in span)))
            if place is None or not _fits(place, chosen, base):
                continue
            regency, district = place
            if base is None and not chosen.get("wilayah"):
                reading.regency = regency
            if district is not None and not chosen.get("kecamatan"):
                reading.district = district
                if base is None and not chosen.get("wilayah"):
                    reading.regency = regency
            reading.place_words = " ".join(words[i] for i in span)
            for i in span:
                keep[i] = False
            if start > 0 and lowered[start - 1] in PLACE_FILLERS:
                keep[start - 1] = False
            return


def _fits(place, chosen, base):
    regency, district = place
    page_regency = base.slug if base is not None else chosen.get("wilayah")
    if page_regency and page_regency != regency.slug:
        return False
    return not (district is not None and chosen.get("kecamatan") and chosen["kecamatan"] != district.code)
