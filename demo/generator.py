"""The one generator of synthetic Sumatera Selatan UMKM: seeded, it draws each business whole
(place, trade, name, owner with NIK, NIB, phones, address, scale, omzet, workers, founding year,
certificates, sales channels) and its products, as plain dicts. The demo (`manage.py seed_demo`:
demo.seed through the services, demo.bulk straight into the tables) and the registry import
benchmark (bench/registry_sample.py, which only renders each business as a messy registry row)
both draw from it. Needs no Django settings and no database: the places come in a DemoReference
(demo.reference), loaded from the database or from the fixture files."""

import datetime
import itertools
import math
import random
import re
from dataclasses import dataclass
from typing import NamedTuple

from demo.words import (
    AREA_CODES,
    CERTIFICATE_CHANCES,
    CERTIFICATE_KINDS,
    CLOSINGS,
    DISTRICT_CENTRES,
    FEATURED_CATEGORIES,
    HAMLETS,
    LANES,
    LAPSED_SHARE,
    LOCATION_SPREAD,
    MEN_NAMES,
    MEN_SURNAMES,
    MOBILE_PREFIXES,
    MULTI_ORDER_UNITS,
    NAME_SHAPES,
    OPENINGS,
    OWNER_CALLS,
    PLACE_WORDS,
    QUALITIES,
    QUALITY_WORDS,
    RARE_PRODUCTS,
    REGIONAL_SHARE,
    REGIONAL_TRADES,
    SALES_CHANNELS,
    STREETS,
    TITLE_SHARE,
    TITLES,
    TRADES,
    WOMEN_NAMES,
    WOMEN_SHARE,
    WOMEN_SURNAMES,
)
from directory.names import name_key

SEED = 16_2024

# Every demo business gets an address in this domain. It marks demo rows (for the
# idempotency check and --reset) and, being reserved by RFC 2606, can never deliver
# mail to a real person.
DEMO_EMAIL_DOMAIN = "demo.example"

RARE_PRODUCT_RATE = 1 / 40_000
_NOT_HANDLE = re.compile("[^a-z0-9]")
# The share of products that give a range ("Rp 60.000 – 85.000": by size or motif) instead of one price.
PRICE_RANGE_SHARE = 0.2
MULTI_ORDER_UP_TO = 50_000  # the highest price a seller asks a minimum order of several for


class ProductKind(NamedTuple):
    """One product as sold: a spec (demo.words.ProductSpec) with one of its variants, its full
    name, and the price range per unit a seller asks for it."""

    spec: object
    name: str
    price_low: int
    price_high: int
    unit: str


def _kinds_of(spec):
    kinds = []
    for variant in spec.variants:
        if isinstance(variant, str):
            words, low, high, unit = variant, spec.price_low, spec.price_high, spec.unit
        else:
            words, low, high, *rest = variant
            unit = rest[0] if rest else spec.unit
        kinds.append(ProductKind(spec, f"{spec.name} {words}".strip(), low, high, unit))
    return tuple(kinds)


# Per trade, per spec, its kinds (drawn as a spec, then one of its variants).
TRADE_KINDS = {trade.key: tuple(_kinds_of(spec) for spec in trade.products) for trade in TRADES}
RARE_KINDS = tuple(kind for spec in RARE_PRODUCTS for kind in _kinds_of(spec))
# The table of plausible prices: product name -> (lowest, highest price per unit, unit). A name
# two trades sell ("Pindang Patin") has one range (tests/test_demo.py holds it to that).
PRICE_RANGES = {
    kind.name: (kind.price_low, kind.price_high, kind.unit)
    for kinds in itertools.chain(*TRADE_KINDS.values(), [RARE_KINDS])
    for kind in kinds
}


@dataclass(frozen=True)
class Rates:
    """How often a business has something, or what is known of it. The demo's portal knows
    everything it shows (DEMO); a dinas registry leaves more blank (bench/registry_sample.py)."""

    nib: float = 0.7  # has a NIB
    private: float = 0.6  # the owner's private data (name, NIK, phone, address) is on record
    no_phone: float = 0.0  # no contact phone
    second_phone: float = 0.0  # two contact phones
    landline: float = 0.0  # the contact phone is a landline (where the kabupaten/kota has an area code)
    unknown_scale: float = 0.0
    unknown_omzet: float = 0.0
    unknown_workers: float = 0.0
    unknown_founded: float = 0.0
    certificate_number: float = 1.0  # a held certificate's number is known
    # A food business says it does not hold halal/P-IRT/BPOM (else nothing is said of one it lacks).
    said_not_held: float = 0.0
    # In a kecamatan of words.DISTRICT_CENTRES: its position is on record, and (of those) the owner
    # published it (Business.location_public).
    location: float = 0.0
    location_public: float = 0.0


# About one demo business in five shows its position (mostly in Palembang, where the centres are).
DEMO = Rates(location=0.9, location_public=0.85)


class DemoGenerator:
    """Seeded source of business and product fields (plain dicts, no database access).

    unique_names: no two businesses share a name by directory.names.name_key. unique_phones: nor
    a phone. NIBs are always unique. `today` dates the founding years, verifications and
    certificate expiry (pin it for a reproducible file)."""

    def __init__(self, reference, *, seed=SEED, today=None, rates=DEMO, unique_names=False, unique_phones=False):
        self.rng = random.Random(seed)
        self.reference = reference
        self.today = today or datetime.date.today()
        self.rates = rates
        self.unique_names = unique_names
        self.unique_phones = unique_phones
        self.used_names = set()  # name keys, when unique_names
        self.used_phones = set()  # when unique_phones
        self.trades_by_key = {trade.key: trade for trade in TRADES}
        self.trade_cumulative_weights = list(itertools.accumulate(trade.weight for trade in TRADES))
        self.regency_cumulative_weights = list(itertools.accumulate(reference.weights))
        self._handles = {}
        self._nib_serial = 0
        # Per trade, what is worth a random draw: the certificates it may hold or say it lacks,
        # the sales channels it may use.
        self._certificate_chances = {trade.key: self._chances_of(trade) for trade in TRADES}
        self._channels = {trade.key: tuple((name, chance) for name, chance, food_only in SALES_CHANNELS
                                           if trade.food or not food_only) for trade in TRADES}

    def _chances_of(self, trade):
        chances = []
        for kind, chance in zip(CERTIFICATE_KINDS, CERTIFICATE_CHANCES[trade.kind]):
            food_kind = kind != "sni"
            if food_kind and not trade.food:
                chance = 0.0
            said_not_held = self.rates.said_not_held if food_kind and trade.food else 0.0
            if chance or said_not_held:
                chances.append((kind, chance, chance + said_not_held))
        return tuple(chances)

    # -- businesses --

    def business(self, regency=None):
        """Fields of one business. `regency` (an index into reference.regencies) pins its kabupaten/kota.

        Model fields of directory.Business (name, description, kbli_id, sector, scale ("" unknown), nib,
        address, postal_code, whatsapp, email, *_url, status, verified_on, recorded_on, founded_year, regency_id,
        district_id, village_id, business_type, main_products, workers), and: trade, regency_short,
        place (the kecamatan's name), village_name, phones (contact phones, +62…), omzet (per month),
        sales_channels (platform names), private (owner_name, nik, owner_phone, owner_address, and latitude and
        longitude when its position is on record; or None), location_public (the owner published that position),
        certifications (held: kind, number ("" unknown), expires_on) and not_held (kinds said not held)."""
        rng = self.rng
        rates = self.rates
        reference = self.reference
        if regency is None:
            regency_code, regency_name, regency_short, _ = rng.choices(reference.regencies, cum_weights=self.regency_cumulative_weights)[0]
        else:
            regency_code, regency_name, regency_short, _ = reference.regencies[regency]
        trade = self._trade_for(regency_code)
        district_code, district_name = _pick(rng, reference.districts.get(regency_code) or [(None, regency_short)])
        villages = reference.villages.get(district_code)
        village_code, village_name = _pick(rng, villages) if villages else (None, "")
        woman = rng.random() < WOMEN_SHARE
        first = _pick(rng, WOMEN_NAMES if woman else MEN_NAMES)
        last = _pick(rng, WOMEN_SURNAMES if woman else MEN_SURNAMES)
        name = self._business_name(trade, woman, first, last)
        kbli = _pick(rng, trade.kbli)
        roll = rng.random()
        status = "active" if roll < 0.89 else ("unverified" if roll < 0.95 else "inactive")
        roll = rng.random()
        scale = "mikro" if roll < 0.84 else ("kecil" if roll < 0.97 else "menengah")
        omzet = None if rates.unknown_omzet and rng.random() < rates.unknown_omzet else _omzet(rng, scale)
        workers = None if rates.unknown_workers and rng.random() < rates.unknown_workers else _workers(rng, scale)
        if rates.unknown_scale and rng.random() < rates.unknown_scale:
            scale = ""
        founded = None if rates.unknown_founded and rng.random() < rates.unknown_founded else _randint(rng, 1985, self.today.year)
        phones = self._contact_phones(regency_code)
        random = rng.random
        channels = [channel for channel, chance in self._channels[trade.key] if random() < chance]
        handle = self._handle(name)
        certifications, not_held = self._certificates(trade, regency_code)
        private = self._private(district_code or f"{regency_code}.01", woman, first, last) if rng.random() < rates.private else None
        location, location_public = self._location(district_code)
        if location:
            private = {**(private or {"owner_name": "", "nik": "", "owner_phone": "", "owner_address": ""}), **location}
        return {
            "name": name,
            "description": f"{trade.about} di {district_name}, {regency_name}." + (f" Berdiri sejak {founded}." if founded else ""),
            "kbli_id": kbli,
            "sector": reference.kbli_sectors[kbli],
            "scale": scale,
            "nib": self._nib() if rng.random() < rates.nib else None,
            "address": self.address(rural=village_code is not None and village_code[9] != "1"),
            "postal_code": f"{30100 + _randint(rng, 0, 2500)}",
            "whatsapp": phones[0] if phones else "",
            "email": f"{handle}@{DEMO_EMAIL_DOMAIN}",
            "tokopedia_url": f"https://www.tokopedia.com/{handle}" if "Tokopedia" in channels else "",
            "shopee_url": f"https://shopee.co.id/{handle}" if "Shopee" in channels else "",
            "instagram_url": f"https://www.instagram.com/{handle}/" if "Instagram" in channels else "",
            "facebook_url": f"https://www.facebook.com/{handle}" if "Facebook" in channels else "",
            "status": status,
            **self._registry_dates(status),
            "founded_year": founded,
            "regency_id": regency_code,
            "district_id": district_code,
            "village_id": village_code,
            "business_type": trade.business_type,
            "main_products": _pick(rng, trade.main_products),
            "workers": workers,
            # Not model fields: what the product generator, the loaders and the registry need.
            "trade": trade,
            "regency_short": regency_short,
            "place": district_name,
            "village_name": village_name,
            "phones": phones,
            "omzet": omzet,
            "sales_channels": channels,
            "location_public": location_public,
            "private": private,
            "certifications": certifications,
            "not_held": not_held,
        }

    def _location(self, district_code):
        """({"latitude", "longitude"} as 6-decimal strings, or None; published?)."""
        centre = DISTRICT_CENTRES.get(district_code)
        rng = self.rng
        if centre is None or not self.rates.location or rng.random() >= self.rates.location:
            return None, False
        latitude, longitude = (value + (rng.random() * 2 - 1) * LOCATION_SPREAD for value in centre)
        return {"latitude": f"{latitude:.6f}", "longitude": f"{longitude:.6f}"}, rng.random() < self.rates.location_public

    # Dinas staff checked the data of this share of the registry's businesses within this many days
    # of today; the others are only as recent as their registry's year (Business.recorded_on).
    VERIFIED_WITHIN_DAYS = 400

    def _registry_dates(self, status):
        """verified_on and recorded_on: a business an owner registered (unverified) has neither;
        a registry's business has its data's year, and a verification when staff checked it lately
        (about four in ten). One draw, as before both dates existed, so the rest of the demo is unchanged."""
        if status == "unverified":
            return {"verified_on": None, "recorded_on": None}
        checked = self.today - datetime.timedelta(days=_randint(self.rng, 5, 900))
        return {
            "verified_on": checked if (self.today - checked).days <= self.VERIFIED_WITHIN_DAYS else None,
            "recorded_on": datetime.date(checked.year, 1, 1),
        }

    def _trade_for(self, regency_code):
        regional = REGIONAL_TRADES.get(regency_code)
        if regional and self.rng.random() < REGIONAL_SHARE:
            return self.trades_by_key[_pick(self.rng, regional)]
        return self.rng.choices(TRADES, cum_weights=self.trade_cumulative_weights)[0]

    def _business_name(self, trade, woman, first, last):
        """A name as UMKM call themselves (NAME_SHAPES): the trade's word, then the owner ("Pempek
        Cek Siti", "Toko Hendra Saputra"), a place and a good word ("Kopi Semendo Jaya"), or both."""
        rng = self.rng
        pools = {"call": OWNER_CALLS[woman], "place": PLACE_WORDS, "quality": QUALITY_WORDS}
        owner = {"first": first, "last": last}
        for attempt in range(60):
            words = [_pick(rng, trade.name_prefixes)]
            roll = rng.random()
            parts = next(shape for limit, shape in NAME_SHAPES if roll < limit)
            for part in parts:
                words.append(owner[part] if part in owner else _pick(rng, pools[part]))
            if attempt >= 30:
                words.append(str(_randint(rng, 2, 999)))  # "Toko Ani 2" is another business than "Toko Ani"
            name = " ".join(words)
            words = name.split()
            if len(set(words)) < len(words):
                continue  # "Kopi Semendo Semendo", "Toko Putri Putri"
            if not self.unique_names:
                return name
            key = name_key(name)
            if key not in self.used_names:
                self.used_names.add(key)
                return name
        raise RuntimeError(f"no unique business name found for trade {trade.key}")

    def _nib(self):
        """A 13-digit NIB, unique per generator: a first digit, then the serial times a multiplier
        coprime with 9 * 10**11, which never repeats modulo that and looks random, moved into
        10**11 … 10**12 - 1 (no second leading zero for a spreadsheet to lose). Never ending in
        000000, which is what Excel leaves of a NIB it rounded (registry.cleaning drops those)."""
        self._nib_serial += 1
        if self._nib_serial % 1_000_000 == 0:
            self._nib_serial += 1
        return f"{_pick(self.rng, '0899')}{10**11 + self._nib_serial * 618_033_988_751 % (9 * 10**11)}"

    def _handle(self, name):
        """A marketplace/email handle: the name's letters and digits (what slugify keeps of these
        ASCII names, without its dashes), numbered when already taken."""
        base = _NOT_HANDLE.sub("", name.lower())[:24]
        count = self._handles.get(base, 0) + 1
        self._handles[base] = count
        return base if count == 1 else f"{base}{count}"

    def address(self, rural=False):
        """A street address; a dusun only in a desa (`rural`), not in a kelurahan."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.6 or (not rural and roll < 0.8):
            street = f"Jl. {_pick(rng, STREETS)} No. {_randint(rng, 1, 250)}"
            return f"{street}, RT {_randint(rng, 1, 30):02d}/RW {_randint(rng, 1, 9):02d}" if roll < 0.35 else street
        if roll < 0.8:
            return f"Dusun {_pick(rng, HAMLETS)} RT {_randint(rng, 1, 15):02d}"
        if roll < 0.9:
            return f"Jl. Lintas Sumatera Km {_randint(rng, 2, 40)}"
        return f"Lr. {_pick(rng, LANES)} No. {_randint(rng, 1, 90)} RT {_randint(rng, 1, 45):02d}"

    def phone(self, regency_code=None):
        """A phone number as +62…: a mobile one, or (with regency_code, at rates.landline) a
        landline with the kabupaten/kota's area code. Unique per generator when unique_phones."""
        rng = self.rng
        while True:
            if regency_code in AREA_CODES and rng.random() < self.rates.landline:
                phone = f"+62{AREA_CODES[regency_code]}{_randint(rng, 300_000, 999_999)}"
            else:
                phone = f"+62{_pick(rng, MOBILE_PREFIXES)}{_randint(rng, 1_000_000, 99_999_999)}"
            if not self.unique_phones:
                return phone
            if phone not in self.used_phones:
                self.used_phones.add(phone)
                return phone

    def _contact_phones(self, regency_code):
        rates, rng = self.rates, self.rng
        if rates.no_phone and rng.random() < rates.no_phone:
            return []
        landline_area = regency_code if rates.landline else None
        if rates.second_phone and rng.random() < rates.second_phone:
            return [self.phone(landline_area), self.phone()]
        return [self.phone(landline_area)]

    def _private(self, district_code, woman, first, last):
        rng = self.rng
        title = _pick(rng, TITLES[woman]) if rng.random() < TITLE_SHARE else ""
        return {
            "owner_name": f"{title}{first} {last}",
            "nik": self.nik(district_code, woman),
            "owner_phone": self.phone(),
            "owner_address": self.address(),
        }

    def nik(self, district_code, woman):
        """A 16-digit NIK: the kecamatan's code, the birth date (a woman's day plus 40), a serial."""
        rng = self.rng
        day = _randint(rng, 1, 28) + (40 if woman else 0)
        return f"{district_code.replace('.', '')}{day:02d}{_randint(rng, 1, 12):02d}{_randint(rng, 55, 99):02d}{_randint(rng, 1, 999):04d}"

    def _certificates(self, trade, regency_code):
        """(held, said not held): held as dicts of kind, number and expires_on; the kinds a food
        business says it lacks. What is in neither is unknown."""
        rng = self.rng
        held, not_held = [], []
        for kind, chance, said_limit in self._certificate_chances[trade.key]:
            roll = rng.random()
            if roll >= chance:
                if roll < said_limit:
                    not_held.append(kind)
                continue
            known = self.rates.certificate_number
            number = self._certificate_number(kind, trade, regency_code) if known >= 1 or rng.random() < known else ""
            lapsed = rng.random() < LAPSED_SHARE
            expires = self.today + datetime.timedelta(days=_randint(rng, -700, -1) if lapsed else _randint(rng, 30, 1800))
            held.append({"kind": kind, "number": number, "expires_on": expires})
        return held, not_held

    def _certificate_number(self, kind, trade, regency_code):
        rng = self.rng
        area = regency_code.replace(".", "")
        if kind == "halal":
            return f"ID{area}{_randint(rng, 10**12, 10**13 - 1)}"
        if kind == "pirt":
            return f"2{_randint(rng, 1, 15):02d}{area}{_randint(rng, 10, 99)}{_randint(rng, 1000, 9999)}-{_randint(rng, 24, 30)}"
        if kind == "bpom":
            return f"{'NA' if trade.kind == 'herbal' else 'MD'} {_randint(rng, 10**11, 10**12 - 1)}"
        return f"SNI {_randint(rng, 1000, 9999)}:{_randint(rng, 2015, 2023)}"

    # -- products --

    def product(self, business):
        """Fields of one product of `business` (a dict from business()). A business never lists
        one name twice, nor has more than one featured product: what it has is kept in
        business["product_names"] and business["featured"]."""
        rng = self.rng
        trade = business["trade"]
        used = business.get("product_names")
        if used is None:
            used = business["product_names"] = set()
        kind = self._new_kind(trade, used)
        used.add(kind.name)
        spec, name = kind.spec, kind.name
        price_min = _round_price(kind.price_low + rng.random() * (kind.price_high - kind.price_low), kind.price_low, kind.price_high)
        price_max = None
        if rng.random() < PRICE_RANGE_SHARE:
            top = min(kind.price_high, price_min * 2)
            if top >= price_min * 1.15:
                price_max = _round_price(price_min * 1.15 + rng.random() * (top - price_min * 1.15), price_min, kind.price_high)
                price_max = price_max if price_max > price_min else None
        # Dinas staff feature one product of a seller at most, so the home page shows several sellers.
        featured_chance = 0.0 if business.get("featured") else 0.1 if spec.category in FEATURED_CATEGORIES else 0.03
        featured = rng.random() < featured_chance
        business["featured"] = business.get("featured") or featured
        return {
            "name": name,
            "description": self._description(business, spec, name),
            "category": spec.category,
            "price_min": price_min,
            "price_max": price_max,
            "unit": kind.unit,
            # A minimum order of several only for cheap things (kerupuk by the 10, not a Rp 300.000 lemari).
            "min_order": _pick(rng, MULTI_ORDER_UNITS.get(kind.unit, (2,))) if rng.random() < 0.2 and price_min <= MULTI_ORDER_UP_TO else 1,
            "is_available": rng.random() >= 0.06,
            "is_hidden": rng.random() < 0.01,
            "is_featured": featured,
        }

    def _new_kind(self, trade, used):
        """A product kind of `trade` whose name is not in `used`: drawn as before (a spec, then a
        variant); after a few names already taken, one of those left; when the trade has none left
        (a seller with more products than it has kinds), another model of one."""
        rng = self.rng
        if rng.random() < RARE_PRODUCT_RATE:
            kind = _pick(rng, RARE_KINDS)
            if kind.name not in used:
                return kind
        kinds = TRADE_KINDS[trade.key]
        for _ in range(6):
            kind = _pick(rng, _pick(rng, kinds))
            if kind.name not in used:
                return kind
        left = [kind for spec_kinds in kinds for kind in spec_kinds if kind.name not in used]
        if left:
            return _pick(rng, left)
        kind = _pick(rng, _pick(rng, kinds))
        number = 2
        while f"{kind.name} Model {number}" in used:
            number += 1
        return kind._replace(name=f"{kind.name} Model {number}")

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


def _omzet(rng, scale):
    """Monthly omzet in rupiah, within the scale's bounds (UU 20/2008 as amended: yearly sales up to
    2 billion micro, 15 billion small)."""
    if scale == "mikro":
        return _randint(rng, 5, 250) * 100_000
    if scale == "kecil":
        return _randint(rng, 170, 1250) * 1_000_000
    return _randint(rng, 1300, 4000) * 1_000_000


def _workers(rng, scale):
    """Workers, as BPS counts them: micro 1-4, small 5-19, medium 20-99."""
    if scale == "mikro":
        return _randint(rng, 1, 4)
    if scale == "kecil":
        return _randint(rng, 5, 19)
    return _randint(rng, 20, 99)


def _round_price(value, low, high):
    """`value` rounded as sellers price (Rp 500 steps below Rp 20.000, then Rp 1.000, Rp 5.000 from
    Rp 200.000, Rp 50.000 from a million) and kept within low…high."""
    step = price_step(value)
    price = round(value / step) * step
    if price < low:
        price = math.ceil(low / step) * step
    if price > high:
        price = math.floor(high / step) * step
    return price


def price_step(value):
    return 500 if value < 20_000 else 1000 if value < 200_000 else 5000 if value < 1_000_000 else 50_000


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
