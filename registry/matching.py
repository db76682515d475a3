"""Which rows are the same business (or product) again: inside one file, and against the
registry already in the database.

A business is the same one when its NIB matches. Otherwise the name has to match (the
normalised name, in the same kabupaten/kota) and something else has to agree: a phone in
common, coordinates within NEAR_METRES, or the same kecamatan with a similar address
(addresses_similar). A row and a business with the same name whose kecamatan, address or
coordinates differ are two businesses. Where one side leaves the address empty, the same name
in the same kecamatan (and desa/kelurahan, where both give one) is the same business, unless
each gives phones and none is shared: nothing tells them apart, a re-import of a list without
addresses must change nothing, and a short list (name, kecamatan, desa) must merge with the
registry's fuller record of the same business. A
phone in common with a name spelled differently ("Pempek Cek Ani" / "Empek-Empek Cik Ani")
is the same business too. Two NIBs that differ are never the same business; coordinates
further apart than NEAR_METRES only when a phone in common says so (the business moved).

Every match carries its evidence, in words for the staff member (the phone is named
there: the preview is for staff only; never log these messages). Lookups run in chunks of
keys, never one query per row."""

import datetime
import math
import re

from django.utils.translation import gettext as _

from catalog.models import Product
from directory.models import Business, BusinessPrivate, Certification
from directory.names import name_key
from directory.phones import local_phone
from registry.cleaning import names_similar
from registry.records import Problem
from umkm_portal.batches import chunked, lookup_chunks, one_of, one_of_rows
from umkm_portal.coordinates import as_stored

# Two points closer than this are one place (a registry's coordinates are often taken
# from a phone in front of the shop, give or take a building or two).
NEAR_METRES = 200
_EARTH_RADIUS_METRES = 6_371_000


def _nibs_compatible(a, b):
    return not a or not b or a == b


def _common_phone(a, b):
    return next((phone for phone in a if phone in b), None) if a and b else None


def distance_metres(a, b):
    """Metres between the coordinates of a and b (records or registry businesses), or None
    when one of them has none. Equirectangular: exact enough within a few kilometres."""
    if a.latitude is None or a.longitude is None or b.latitude is None or b.longitude is None:
        return None
    lat_a, lon_a, lat_b, lon_b = float(a.latitude), float(a.longitude), float(b.latitude), float(b.longitude)
    x = math.radians(lon_b - lon_a) * math.cos(math.radians((lat_a + lat_b) / 2))
    y = math.radians(lat_b - lat_a)
    return _EARTH_RADIUS_METRES * math.hypot(x, y)


# Address words ------------------------------------------------------------------------

_ADDRESS_TOKENS = re.compile(r"[^\W\d_]+|\d+")
_ADDRESS_WORDS = {
    "jl": "jalan", "jln": "jalan", "jaln": "jalan", "gg": "gang", "lr": "lorong", "lrg": "lorong",
    "komp": "komplek", "kompl": "komplek", "kompleks": "komplek", "perum": "perumahan", "blk": "blok",
    "ds": "desa", "kel": "kelurahan", "kec": "kecamatan", "dsn": "dusun", "kp": "kampung", "kmp": "kampung",
}
# Words that say what kind of place follows, not which one: "Jl. Sudirman" and "Jl. Merdeka"
# share "jalan" and are still two streets.
_ADDRESS_KINDS = frozenset({
    "jalan", "gang", "lorong", "komplek", "perumahan", "blok", "no", "nomor", "nmr", "rt", "rw", "desa",
    "kelurahan", "kecamatan", "dusun", "kampung", "kota", "kab", "kabupaten", "raya", "dekat", "depan",
    "samping", "belakang", "sebelah", "simpang", "km", "jl", "kav", "kavling",
})


def address_words(text):
    """(significant words, numbers) of an address: "Jl. Merdeka No. 05" → ({"merdeka"}, {"5"})."""
    words, numbers = set(), set()
    for token in _ADDRESS_TOKENS.findall(text.casefold()):
        if token.isdigit():
            numbers.add(token.lstrip("0") or "0")
            continue
        token = _ADDRESS_WORDS.get(token, token)
        if token not in _ADDRESS_KINDS and len(token) > 1:
            words.add(token)
    return frozenset(words), frozenset(numbers)


def addresses_similar(a, b):
    """Two ways of writing one address: "Jl. Merdeka No. 5" / "Jalan Merdeka 5", "Jl Merdeka"
    / "Jl. Merdeka Lr. Sejahtera". At least half the naming words of the shorter one appear
    in the other, and where both give numbers, those of one are all in the other ("No. 5" and
    "No. 7" are two houses). Empty addresses are not similar to anything."""
    words_a, numbers_a = address_words(a)
    words_b, numbers_b = address_words(b)
    if not words_a or not words_b:
        return bool(numbers_a) and (words_a, numbers_a) == (words_b, numbers_b)
    if numbers_a and numbers_b and not (numbers_a <= numbers_b or numbers_b <= numbers_a):
        return False
    return 2 * len(words_a & words_b) >= min(len(words_a), len(words_b))


def address_adds_to(new, old):
    """The new address says everything the old one says, and perhaps more: "Jl. Merdeka No. 5,
    Kel. 9 Ilir" adds to "Jl. Merdeka No. 5", and "Jalan Merdeka 5" spells it anew; writing
    either loses nothing. "Jl. Merdeka No. 7" or "Jl. Merdeka" (no number) does not."""
    new_words, new_numbers = address_words(new)
    old_words, old_numbers = address_words(old)
    return bool(old_words or old_numbers) and old_words <= new_words and old_numbers <= new_numbers


def _quoted(address):
    return f"'{address[:80]}'"


def same_name_evidence(record, other):
    """Why `other` (a row or registry business with the same name in the same kabupaten/kota)
    is the business of `record`, in words for the staff member; None when it is another
    business. Both give .nib, .phones, .district, .village, .address, .latitude and .longitude."""
    if not _nibs_compatible(record.nib, other.nib):
        return None
    # The owner's phone outweighs the coordinates: a business that moved keeps its name and number.
    phone = _common_phone(record.phones, other.phones)
    if phone:
        return _("nama sama dan nomor HP sama (%(phone)s)") % {"phone": local_phone(phone)}
    distance = distance_metres(record, other)
    if distance is not None and distance > NEAR_METRES:
        return None
    if distance is not None:
        return _("nama sama, titik koordinat berjarak %(metres)d m") % {"metres": round(distance)}
    if record.district != other.district and record.district and other.district:
        return None
    if record.address and other.address:
        if addresses_similar(record.address, other.address):
            return _("nama sama, kecamatan sama, alamat mirip: %(a)s / %(b)s") % {
                "a": _quoted(other.address), "b": _quoted(record.address)}
        return None
    # An address left empty says nothing: the kecamatan has to be the same and nothing else may differ.
    if record.district != other.district:
        return None
    if record.phones and other.phones:
        return None  # each gives its own phone: two businesses
    if record.village and other.village:
        if record.village != other.village:
            return None
        return _("nama sama, kecamatan dan desa/kelurahan sama, alamat tidak diisi")
    return _("nama sama, kecamatan sama, alamat tidak diisi")


def similar_name_evidence(record, other, phone):
    """Why `other`, which shares `phone` with `record`, is the same business under a name
    spelled differently; None when it is not."""
    if not _nibs_compatible(record.nib, other.nib) or not names_similar(record.name, other.name):
        return None
    distance = distance_metres(record, other)
    if distance is not None and distance > NEAR_METRES:
        return None
    return _("nomor HP sama (%(phone)s) dan nama usaha mirip") % {"phone": local_phone(phone)}


class _Seen:
    """What an earlier row of the file leaves for matching: not the record, which a
    100,000-row file would otherwise keep in memory twice."""

    __slots__ = ("row", "nib", "name", "phones", "district", "village", "address", "latitude", "longitude")

    def __init__(self, record):
        self.row, self.nib, self.name, self.phones = record.row, record.nib, record.name, tuple(record.phones)
        self.district, self.village, self.address = record.district, record.village, record.address
        self.latitude, self.longitude = record.latitude, record.longitude


class BusinessDuplicates:
    """Rows of one file that repeat an earlier row of the same file. Most names occur once: an
    index entry is one _Seen, a list only when a second row shares its key."""

    def __init__(self):
        self.by_nib = {}
        self.by_name = {}  # (regency, name key) → _Seen or [_Seen, …]
        self.by_phone = {}  # (regency, phone) → the first _Seen with that phone

    def earlier_row(self, record):
        """(row number, evidence) of the earlier row this one repeats, or None (then it is remembered)."""
        if record.nib and record.nib in self.by_nib:
            return self.by_nib[record.nib], _("NIB sama")
        key = (record.regency, record.name_key)
        same_name = self.by_name.get(key)
        if same_name is not None:
            for seen in same_name if isinstance(same_name, list) else (same_name,):
                evidence = same_name_evidence(record, seen)
                if evidence:
                    return seen.row, evidence
        for phone in record.phones:
            seen = self.by_phone.get((record.regency, phone))
            if seen is not None and (evidence := similar_name_evidence(record, seen, phone)):
                return seen.row, evidence
        self._remember(record, key, same_name)
        return None

    def _remember(self, record, key, same_name):
        if record.nib:
            self.by_nib[record.nib] = record.row
        seen = _Seen(record)
        if same_name is None:
            self.by_name[key] = seen
        elif isinstance(same_name, list):
            same_name.append(seen)
        else:
            self.by_name[key] = [same_name, seen]
        for phone in seen.phones:
            self.by_phone.setdefault((record.regency, phone), seen)


def duplicate_problem(record, earlier, reason):
    """earlier: the earlier row as staff read it (registry.rows.RowNames.text)."""
    return Problem(record.row, "duplicate", "", _(
        "Duplikat baris %(earlier)s (%(reason)s): baris ini dilewati. Bila keduanya memang usaha berbeda, "
        "bedakan namanya atau isi NIB masing-masing."
    ) % {"earlier": earlier, "reason": reason})


class Existing:
    """An existing business, as much of it as matching and comparing need."""

    __slots__ = (
        "id", "nib", "regency_id", "name", "name_key", "phones", "district", "village", "address", "latitude",
        "longitude",
    )

    def __init__(self, id, nib, regency_id, name, name_key, phones, district=None, village=None, address="",
                 latitude=None, longitude=None):
        self.id, self.nib, self.regency_id, self.name, self.name_key, self.phones = (
            id, nib, regency_id, name, name_key, phones,
        )
        self.district, self.village, self.address = district, village, address
        self.latitude, self.longitude = latitude, longitude


def _existing(queryset):
    rows = queryset.values_list(
        "id", "nib", "regency_id", "name", "name_key", "private__owner_phone", "private__owner_phone2",
        "district_id", "village_id", "address", "private__latitude", "private__longitude",
    )
    return [
        Existing(i, nib, reg, name, key, [p for p in (p1, p2) if p], district, village, address or "", lat, lon)
        for i, nib, reg, name, key, p1, p2, district, village, address, lat, lon in rows
    ]


def match_businesses(records):
    """{row: (Existing, evidence)} for the records that are a business already in the registry."""
    found = {}
    by_nib = {}
    for chunk in lookup_chunks({r.nib for r in records if r.nib}):
        for existing in _existing(Business.objects.filter(one_of("nib", chunk))):
            by_nib[existing.nib] = existing
    rest = []
    for record in records:
        if record.nib and record.nib in by_nib:
            found[record.row] = (by_nib[record.nib], _("NIB sama"))
        else:
            rest.append(record)

    by_name = {}
    for chunk in lookup_chunks({(r.regency, r.name_key) for r in rest}):
        queryset = Business.objects.filter(one_of_rows(("regency_id", "name_key"), chunk))
        for existing in _existing(queryset):
            by_name.setdefault((existing.regency_id, existing.name_key), []).append(existing)
    still = []
    for record in rest:
        candidates = sorted(by_name.get((record.regency, record.name_key), ()), key=lambda e: e.id)
        match = next(
            ((e, evidence) for e in candidates if (evidence := same_name_evidence(record, e))), None
        )
        if match:
            found[record.row] = match
        elif record.phones:
            still.append(record)

    by_phone = {}
    for chunk in lookup_chunks({phone for r in still for phone in r.phones}):
        ids = BusinessPrivate.objects.filter(one_of("owner_phone", chunk)).values_list("business_id", flat=True)
        for existing in _existing(Business.objects.filter(one_of("id", list(ids)))):
            for phone in existing.phones:
                by_phone.setdefault((existing.regency_id, phone), []).append(existing)
    for record in still:
        for phone in record.phones:
            candidates = sorted(by_phone.get((record.regency, phone), ()), key=lambda e: e.id)
            match = next(
                ((e, evidence) for e in candidates if (evidence := similar_name_evidence(record, e, phone))), None
            )
            if match:
                found[record.row] = match
                break
    return found


BUSINESS_FIELDS = (
    "district", "village", "kbli", "business_type", "main_products", "scale", "address", "email",
    "sales_channels", "workers", "founded_year",
)
FOREIGN_KEYS = {"district": "district_id", "village": "village_id", "kbli": "kbli_id"}
_PLACE_COLUMNS = {"regency": "regency_id", "district": "district_id", "village": "village_id", "address": "address"}


# Where the business is: a file never changes these on its own. A change to a value the
# registry holds is a conflict (registry.models.ImportConflict) that staff accept or refuse;
# an address that only adds to the registry's (address_adds_to) is no conflict.
PLACE_FIELDS = ("regency", "district", "village", "address")
# A refused place takes the places inside it along: a kecamatan of the refused kabupaten/kota
# would not belong to the one the business stays in.
_INSIDE = {"regency": ("district", "village"), "district": ("village",)}


class BusinessChanges:
    """What writing `record` onto an existing business would change. A value the file leaves
    empty never erases one the registry holds. conflicts: {field: [current, file value]} of the
    PLACE_FIELDS the file would change although the registry holds a value."""

    def __init__(self, business_fields, private_fields, certificates_to_add, certificates_to_renumber, conflicts=None):
        self.business_fields = business_fields
        self.private_fields = private_fields
        self.certificates_to_add = certificates_to_add
        self.certificates_to_renumber = certificates_to_renumber
        self.conflicts = conflicts or {}

    def __bool__(self):
        return bool(self.business_fields or self.private_fields or self.certificates_to_add or self.certificates_to_renumber)

    def without_conflicts(self):
        """These changes with the conflicting places (and the places inside them) left as the registry has them."""
        dropped = set(self.conflicts)
        for name in self.conflicts:
            dropped.update(_INSIDE.get(name, ()))
        kept = {name: value for name, value in self.business_fields.items() if name not in dropped}
        return BusinessChanges(kept, self.private_fields, self.certificates_to_add, self.certificates_to_renumber)


def load_current(ids):
    """{id: (business values dict, private values dict or None, {kind: number})} in three queries per chunk."""
    current = {}
    business_columns = [
        "id", "name", "name_key", "nib", "regency_id", "recorded_on", *(FOREIGN_KEYS.get(f, f) for f in BUSINESS_FIELDS)
    ]
    private_columns = [
        "business_id", "owner_name", "nik", "owner_phone", "owner_phone2", "registry_omzet", "latitude", "longitude"
    ]
    for chunk in lookup_chunks(ids):
        for values in Business.objects.filter(one_of("id", chunk)).values(*business_columns):
            current[values["id"]] = (values, None, {})
        for values in BusinessPrivate.objects.filter(one_of("business_id", chunk)).values(*private_columns):
            business_values, _private, certificates = current[values["business_id"]]
            current[values["business_id"]] = (business_values, values, certificates)
        for business_id, kind, number in Certification.objects.filter(one_of("business_id", chunk)).values_list(
            "business_id", "kind", "number"
        ):
            current[business_id][2][kind] = number
    return current


def business_changes(record, current):
    business, private, certificates = current
    changed = {}
    if record.name_key != business["name_key"]:
        changed["name"] = record.name
    if record.nib and record.nib != business["nib"]:
        changed["nib"] = record.nib
    if record.regency != business["regency_id"]:
        changed["regency"] = record.regency
    for name in BUSINESS_FIELDS:
        value = getattr(record, name)
        if value not in (None, "") and value != business[FOREIGN_KEYS.get(name, name)]:
            changed[name] = value
    # The data's date moves forward only: an older file does not make the record look older.
    recorded_on = datetime.date.fromisoformat(record.recorded_on) if record.recorded_on else None
    if recorded_on and (business["recorded_on"] is None or recorded_on > business["recorded_on"]):
        changed["recorded_on"] = recorded_on
    # In another kabupaten/kota or kecamatan, the places inside it are the file's, even empty.
    inside = _INSIDE["regency"] if "regency" in changed else _INSIDE["district"] if "district" in changed else ()
    for name in inside:
        value = getattr(record, name)
        if value != business[FOREIGN_KEYS[name]]:
            changed[name] = value
    conflicts = {
        name: [business[_PLACE_COLUMNS[name]], changed[name]] for name in PLACE_FIELDS
        if name in changed and business[_PLACE_COLUMNS[name]] not in (None, "")
        and not (name == "address" and address_adds_to(changed[name], business["address"]))
    }
    wanted_private = {
        "owner_name": record.owner_name,
        "nik": record.nik,
        "owner_phone": record.phones[0] if record.phones else None,
        "owner_phone2": record.phones[1] if len(record.phones) > 1 else None,
        "registry_omzet": record.omzet,
    }
    if record.latitude is not None:  # only a location the file gives replaces the stored one
        wanted_private.update(latitude=as_stored(record.latitude), longitude=as_stored(record.longitude))
    private_changed = {
        name: value for name, value in wanted_private.items()
        if value not in (None, "") and (private is None or private[name] != value)
    }
    to_add = {kind: number for kind, number in record.certificates.items() if kind not in certificates}
    to_renumber = {
        kind: number for kind, number in record.certificates.items()
        if kind in certificates and number and certificates[kind] != number
    }
    return BusinessChanges(changed, private_changed, to_add, to_renumber, conflicts)


# Products -----------------------------------------------------------------------------


def find_product_businesses(records, allows, regency_names):
    """{row: business id} for the product rows whose business is found, and the problems of the others."""
    by_nib = {}
    for chunk in chunked({r.nib for r in records if r.nib}):
        by_nib.update(Business.objects.filter(nib__in=chunk).values_list("nib", "id"))
    nib_regency = {}
    for chunk in chunked(list(by_nib.values())):
        nib_regency.update(Business.objects.filter(id__in=chunk).values_list("id", "regency_id"))

    by_name = {}
    keys = {name_key(r.business_name) for r in records if not r.nib and r.business_name}
    for chunk in chunked(keys):
        for business_id, regency_id, key in Business.objects.filter(name_key__in=chunk).values_list(
            "id", "regency_id", "name_key"
        ):
            by_name.setdefault(key, []).append((business_id, regency_id))

    found, problems = {}, []
    for record in records:
        if record.nib:
            business_id = by_nib.get(record.nib)
            if business_id is None:
                problems.append(Problem(record.row, "error", "nib", _(
                    "UMKM dengan NIB %(nib)s belum ada di registri. Impor data UMKM-nya dulu, atau periksa NIB-nya."
                ) % {"nib": record.nib}))
                continue
            regency = nib_regency[business_id]
        else:
            candidates = by_name.get(name_key(record.business_name), [])
            if record.regency:
                candidates = [c for c in candidates if c[1] == record.regency]
            if not candidates:
                where = regency_names.get(record.regency, "") if record.regency else ""
                problems.append(Problem(record.row, "error", "business_name", _(
                    "UMKM '%(name)s'%(where)s tidak ditemukan di registri. Periksa ejaan nama usaha, isi NIB-nya, "
                    "atau impor data UMKM-nya dulu."
                ) % {"name": record.business_name, "where": f" ({where})" if where else ""}))
                continue
            if len(candidates) > 1:
                problems.append(Problem(record.row, "error", "business_name", _(
                    "Ada %(count)d UMKM bernama '%(name)s'. Isi NIB atau kolom kabupaten/kota agar jelas yang mana."
                ) % {"count": len(candidates), "name": record.business_name}))
                continue
            business_id, regency = candidates[0]
        if not allows(regency):
            problems.append(Problem(record.row, "error", "nib" if record.nib else "business_name", _(
                "UMKM ini terdaftar di %(regency)s, di luar wilayah Anda."
            ) % {"regency": regency_names.get(regency, regency)}))
            continue
        found[record.row] = business_id
    return found, problems


PRODUCT_FIELDS = ("description", "category_id", "price_min", "price_max", "unit", "min_order")


def existing_products(business_ids):
    """{(business id, name key): product values} of the given businesses."""
    existing = {}
    for chunk in chunked(business_ids):
        for values in Product.objects.filter(business_id__in=chunk).values("id", "business_id", "name", *PRODUCT_FIELDS):
            existing.setdefault((values["business_id"], name_key(values["name"])), values)
    return existing


def product_changes(record, current, category_ids):
    wanted = {
        "description": record.description,
        "category_id": category_ids[record.category],
        "unit": record.unit,
        "min_order": record.min_order,
    }
    changed = {name: value for name, value in wanted.items() if value not in (None, "") and current[name] != value}
    # A price and its upper bound change together: a new single price clears an old range.
    if record.price_min is not None and (record.price_min, record.price_max) != (current["price_min"], current["price_max"]):
        changed.update(price_min=record.price_min, price_max=record.price_max)
    return changed
