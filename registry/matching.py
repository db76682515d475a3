"""Which rows are the same business (or product) again: inside one file, and against the
registry already in the database.

A business is the same one when its NIB matches; else when its normalised name and
kabupaten/kota match (and, where both sides give phones, a phone too); else when a phone
and the kabupaten/kota match and the names are two spellings of one name. Lookups run in
chunks of keys, never one query per row."""

from django.utils.translation import gettext as _

from catalog.models import Product
from directory.models import Business, BusinessPrivate, Certification
from directory.names import name_key
from registry.cleaning import names_similar
from registry.records import Problem
from umkm_portal.batches import chunked, lookup_chunks, one_of, one_of_rows


def _nibs_compatible(a, b):
    return not a or not b or a == b


def _phones_compatible(a, b):
    """No phone on one side, or a phone in common."""
    return not a or not b or bool(set(a) & set(b))


class BusinessDuplicates:
    """Rows of one file that repeat an earlier row of the same file. Keeps a small tuple per
    row, not the record: a 100,000-row file would otherwise stay in memory twice."""

    def __init__(self):
        self.by_nib = {}
        self.by_name = {}  # (regency, name key) → [(row, nib, phones)]
        self.by_phone = {}  # (regency, phone) → (row, nib, name)

    def earlier_row(self, record):
        """(row number, reason) of the earlier row this one repeats, or None (then it is remembered)."""
        if record.nib and record.nib in self.by_nib:
            return self.by_nib[record.nib], _("NIB sama")
        for row, nib, phones in self.by_name.get((record.regency, record.name_key), ()):
            if _nibs_compatible(record.nib, nib) and _phones_compatible(record.phones, phones):
                return row, _("nama usaha dan kabupaten/kota sama")
        for phone in record.phones:
            other = self.by_phone.get((record.regency, phone))
            if other and _nibs_compatible(record.nib, other[1]) and names_similar(record.name, other[2]):
                return other[0], _("nomor HP sama dan nama usaha mirip")
        self._remember(record)
        return None

    def _remember(self, record):
        if record.nib:
            self.by_nib[record.nib] = record.row
        phones = tuple(record.phones)
        self.by_name.setdefault((record.regency, record.name_key), []).append((record.row, record.nib, phones))
        for phone in phones:
            self.by_phone.setdefault((record.regency, phone), (record.row, record.nib, record.name))


def duplicate_problem(record, earlier, reason):
    return Problem(record.row, "duplicate", "", _(
        "Duplikat baris %(earlier)d (%(reason)s): baris ini dilewati. Bila keduanya memang usaha berbeda, "
        "bedakan namanya atau isi NIB masing-masing."
    ) % {"earlier": earlier, "reason": reason})


class Existing:
    """An existing business, as much of it as matching and comparing need."""

    __slots__ = ("id", "nib", "regency_id", "name", "name_key", "phones")

    def __init__(self, id, nib, regency_id, name, name_key, phones):
        self.id, self.nib, self.regency_id, self.name, self.name_key, self.phones = (
            id, nib, regency_id, name, name_key, phones,
        )


def _existing(queryset):
    rows = queryset.values_list(
        "id", "nib", "regency_id", "name", "name_key", "private__owner_phone", "private__owner_phone2"
    )
    return [Existing(i, nib, reg, name, key, [p for p in (p1, p2) if p]) for i, nib, reg, name, key, p1, p2 in rows]


def match_businesses(records):
    """{row: Existing} for the records that are a business already in the registry."""
    found = {}
    by_nib = {}
    for chunk in lookup_chunks({r.nib for r in records if r.nib}):
        for existing in _existing(Business.objects.filter(one_of("nib", chunk))):
            by_nib[existing.nib] = existing
    rest = []
    for record in records:
        if record.nib and record.nib in by_nib:
            found[record.row] = by_nib[record.nib]
        else:
            rest.append(record)

    by_name = {}
    for chunk in lookup_chunks({(r.regency, r.name_key) for r in rest}):
        queryset = Business.objects.filter(one_of_rows(("regency_id", "name_key"), chunk))
        for existing in _existing(queryset):
            by_name.setdefault((existing.regency_id, existing.name_key), []).append(existing)
    still = []
    for record in rest:
        candidates = [
            e for e in by_name.get((record.regency, record.name_key), ())
            if _nibs_compatible(record.nib, e.nib) and _phones_compatible(record.phones, e.phones)
        ]
        if candidates:
            found[record.row] = min(candidates, key=lambda e: e.id)
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
            candidates = [
                e for e in by_phone.get((record.regency, phone), ())
                if _nibs_compatible(record.nib, e.nib) and names_similar(record.name, e.name)
            ]
            if candidates:
                found[record.row] = min(candidates, key=lambda e: e.id)
                break
    return found


BUSINESS_FIELDS = (
    "district", "village", "kbli", "business_type", "main_products", "scale", "address", "email",
    "sales_channels", "workers", "founded_year",
)
FOREIGN_KEYS = {"district": "district_id", "village": "village_id", "kbli": "kbli_id"}


class BusinessChanges:
    """What writing `record` onto an existing business would change. A value the file leaves
    empty never erases one the registry holds."""

    def __init__(self, business_fields, private_fields, certificates_to_add, certificates_to_renumber):
        self.business_fields = business_fields
        self.private_fields = private_fields
        self.certificates_to_add = certificates_to_add
        self.certificates_to_renumber = certificates_to_renumber

    def __bool__(self):
        return bool(self.business_fields or self.private_fields or self.certificates_to_add or self.certificates_to_renumber)


def load_current(ids):
    """{id: (business values dict, private values dict or None, {kind: number})} in three queries per chunk."""
    current = {}
    business_columns = ["id", "name", "name_key", "nib", "regency_id", *(FOREIGN_KEYS.get(f, f) for f in BUSINESS_FIELDS)]
    private_columns = ["business_id", "owner_name", "nik", "owner_phone", "owner_phone2", "registry_omzet"]
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
    wanted_private = {
        "owner_name": record.owner_name,
        "nik": record.nik,
        "owner_phone": record.phones[0] if record.phones else None,
        "owner_phone2": record.phones[1] if len(record.phones) > 1 else None,
        "registry_omzet": record.omzet,
    }
    private_changed = {
        name: value for name, value in wanted_private.items()
        if value not in (None, "") and (private is None or private[name] != value)
    }
    to_add = {kind: number for kind, number in record.certificates.items() if kind not in certificates}
    to_renumber = {
        kind: number for kind, number in record.certificates.items()
        if kind in certificates and number and certificates[kind] != number
    }
    return BusinessChanges(changed, private_changed, to_add, to_renumber)


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
