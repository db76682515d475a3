"""Which field a column holds, judged from its header words and from a sample of its values.

registry.headers maps the spellings it knows; this module reads the first rows' values
(registry.mappings passes about 200) to settle what a header leaves open: a column of phone
numbers headed `KONTAK` is a phone, one of people's names the owner; of two KBLI columns the one
holding 5-digit codes is the KBLI; `Kategori` is the scale when its values are scales; `Wilayah`
is the kecamatan or the kabupaten/kota its values name; columns of NIKs, NIBs, emails and
coordinates are found under any header. The header still wins when it is unambiguous; the
values decide between candidates and rescue headers nobody foresaw.

Pure functions: no database (the place check is a callable the caller gives).
"""

import re

from django.utils.translation import gettext as _

from registry import cleaning
from registry.cleaning import CellProblem
from registry.columns import FIELDS, header_key

# Share of a column's non-empty sample values that must look alike before the values decide.
AGREEMENT = 0.8

_SEPARATORS = re.compile(r"\s*(?:/|,|;|\batau\b|\bdan\b|&)\s*", re.IGNORECASE)
_PHONE_MARKS = re.compile(r"[\s().\-+]")
_MOBILE = re.compile(r"(?:0|62)8\d{7,11}")
_LANDLINE = re.compile(r"0[2-9]\d{6,10}")
_LOST_ZERO = re.compile(r"8\d{8,11}")  # 0812… saved as a number
_ALL_DIGITS = re.compile(r"\d+")
_DIGIT_GROUPS = re.compile(r"[\d\s.\-']+")
_KBLI = re.compile(r"\d{5}(?:\s*[,;/]\s*\d{5})*")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_DECIMAL = re.compile(r"[-−]?\d{1,3}[.,]\d{3,}")
_PERSON = re.compile(r"[^\W\d_]+(?:[.'’]|[^\W\d_])*")

# Words of a business's name, not a person's: "Warung Bu Ratna" is a business.
_BUSINESS_WORDS = {
    "toko", "warung", "kedai", "cv", "pt", "ud", "usaha", "industri", "rumah", "makan", "kue", "catering",
    "katering", "bengkel", "salon", "jahit", "penjahit", "konveksi", "kerajinan", "kopi", "mebel", "meubel",
    "furniture", "laundry", "kios", "depot", "cafe", "kafe", "resto", "restoran", "bakery", "snack", "keripik",
    "kerupuk", "pempek", "songket", "tenun", "batik", "sablon", "percetakan", "las", "kelompok", "koperasi",
    "kub", "sentra", "produk", "group", "grup", "home", "industry", "shop", "store", "mart", "jaya", "abadi",
    "makmur", "sejahtera", "sentosa", "mandiri", "berkah", "barokah", "putra", "putri", "sari", "rasa", "food",
    "olahan", "tani", "ternak", "dagang", "jasa", "service", "servis", "bordir", "anyaman", "tahu", "tempe",
}
# Header words that say "a person": the values then decide whether it is the owner.
_PERSON_HEADER_WORDS = {
    "pemilik", "kontak", "contact", "person", "penanggung", "jawab", "nama", "narahubung", "pengusaha", "pelaku",
    "pengelola", "ketua",
}
# Headers that may name a phone or a person ("KONTAK", "NAMA PEMILIK/ KONTAK PERSON"): the values decide.
_EITHER_WORDS = {"kontak", "contact", "person", "cp", "narahubung"}
_COORDINATE_HEADER_WORDS = {"lat", "lng", "lon", "long", "x", "y", "lintang", "bujur", "koordinat", "titik", "gps"}
_PLACE_HEADER_WORDS = {"wilayah", "daerah", "lokasi"}
_NOT_A_PHONE_WORDS = {"pos", "nik", "nib", "kode", "ktp", "izin", "npwp"}


# What one cell looks like -----------------------------------------------------------------


def _digits(value):
    """The digits of a cell written as a plain number ("3171 0123 4567 0001", 3.17e15 as 16 digits), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e17 else None
    text = str(value).strip()
    if not text or not _DIGIT_GROUPS.fullmatch(text):
        return None
    return re.sub(r"\D", "", text)


def is_phone(value):
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        digits = _digits(value)
        return bool(digits) and bool(_LOST_ZERO.fullmatch(digits) or _MOBILE.fullmatch(digits))
    parts = [part for part in _SEPARATORS.split(str(value)) if part.strip()]
    if not parts:
        return False
    for part in parts:
        digits = _PHONE_MARKS.sub("", part)
        if not _ALL_DIGITS.fullmatch(digits):
            return False
        if not (_MOBILE.fullmatch(digits) or _LANDLINE.fullmatch(digits) or _LOST_ZERO.fullmatch(digits)):
            return False
    return True


def is_kbli_code(value):
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        # 01111 saved as a number loses its leading zero.
        return (isinstance(value, int) or value.is_integer()) and 1000 <= value <= 99999
    return bool(_KBLI.fullmatch(str(value).strip()))


def is_nik(value):
    digits = _digits(value)
    return digits is not None and len(digits) == 16


def is_nib(value):
    digits = _digits(value)
    return digits is not None and len(digits) == 13


def is_email(value):
    return isinstance(value, str) and bool(_EMAIL.fullmatch(value.strip()))


def _number(value):
    """A decimal number with its fractional digits (coordinates have several), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        return value if not value.is_integer() and len(repr(value).split(".")[-1]) >= 3 else None
    if isinstance(value, str) and _DECIMAL.fullmatch(value.strip()):
        return float(value.strip().replace("−", "-").replace(",", "."))
    return None


def is_latitude(value):
    number = _number(value)
    return number is not None and -11 <= number <= 6


def is_longitude(value):
    number = _number(value)
    return number is not None and 95 <= number <= 141


def is_coordinates(value):
    """"-2.9761, 104.7452" (either order: a swapped pair is still a pair of coordinates)."""
    if not isinstance(value, str):
        return False
    text = value.strip()
    pieces = re.split(r"[,;/\s]+", text) if "." in text else re.split(r"\s*[;/]\s*|,\s+|\s+", text)
    numbers = [piece for piece in pieces if piece]
    if len(numbers) != 2:
        return False
    first, second = (_number(piece) for piece in numbers)
    if first is None or second is None:
        return False
    return (-11 <= first <= 6 and 95 <= second <= 141) or (95 <= first <= 141 and -11 <= second <= 6)


def is_scale(value):
    try:
        return bool(cleaning.clean_scale(value))
    except CellProblem:
        return False


def is_person_name(value):
    """A person's name as registries write it: "Ratna Dewi", "Hj. Siti Aminah", "BUDI S." — words of
    letters, two to five of them or a single one, none a business word."""
    if not isinstance(value, str):
        return False
    words = value.replace(",", " ").split()
    if not 1 <= len(words) <= 5 or not all(_PERSON.fullmatch(word) for word in words):
        return False
    return not any(word.strip(".").casefold() in _BUSINESS_WORDS for word in words)


_KINDS = [
    ("coordinates", is_coordinates), ("nik", is_nik), ("nib", is_nib), ("email", is_email), ("kbli", is_kbli_code),
    ("phone", is_phone), ("latitude", is_latitude), ("longitude", is_longitude), ("scale", is_scale),
    ("person", is_person_name),
]


def value_kind(values):
    """What most of these cells are: "phone", "kbli", "nik", "nib", "email", "latitude", "longitude",
    "coordinates", "scale", "person", "text" — or None for an empty column."""
    filled = [value for value in values if not _blank(value)]
    if not filled:
        return None
    for kind, test in _KINDS:
        if sum(1 for value in filled if test(value)) >= AGREEMENT * len(filled):
            return kind
    return "text"


def _blank(value):
    return value is None or (isinstance(value, str) and (not value.strip() or value.strip() == "-"))


# What each column holds ---------------------------------------------------------------------


def propose(columns, rows, kind, place_kind=None):
    """The columns (registry.headers.Column) with the field each is proposed for, from the header
    words and the sample `rows` (tuples of cells, the first data rows). `place_kind(values)` says
    whether place names are "district" or "regency" names (None: neither); without it place
    columns are left as the header says."""
    fields = FIELDS[kind]
    cells = {c.index: [row[c.index] for row in rows if c.index < len(row)] for c in columns}
    kinds = {index: value_kind(values) for index, values in cells.items()}
    plan = _Plan(columns, fields)
    _settle_kbli(plan, kinds)
    _settle_phone_and_owner(plan, kinds)
    if kind == "business":
        _rescue(plan, kinds, cells, place_kind)
    _explain_workers(plan)
    return plan.columns()


class _Plan:
    """Fields chosen so far, column by column; a field goes to one column."""

    def __init__(self, columns, fields):
        self.original = list(columns)
        self.fields = fields
        self.field = {c.index: c.field for c in columns}
        self.source = {c.index: "header" for c in columns}
        self.note = {c.index: c.note for c in columns}
        self.by_index = {c.index: c for c in columns}

    def holder(self, field):
        return next((index for index, chosen in self.field.items() if chosen == field), None)

    def free(self, field):
        return field in self.fields and self.holder(field) is None

    def give(self, index, field, note, source="values"):
        self.field[index], self.note[index], self.source[index] = field, note, source

    def columns(self):
        return [
            c._replace(field=self.field[c.index], note=self.note[c.index],
                       source=self.source[c.index] if self.field[c.index] else "")
            for c in self.original
        ]


def _label(column):
    return f"{column.letter} ({column.header})" if column.header else column.letter


def _settle_kbli(plan, kinds):
    """`KBLI` beside `NOMOR KBLI`: the one holding codes is the KBLI, the text one its description."""
    named = [c for c in plan.original if c.named == "kbli" or "kbli" in header_key(c.header).split()]
    coded = [c for c in named if kinds[c.index] == "kbli"]
    if len(named) < 2 or not coded:
        return
    winner = coded[0]
    holder = plan.holder("kbli")
    if holder is not None and holder != winner.index:
        plan.field[holder] = None
    plan.give(winner.index, "kbli", _("Berisi kode KBLI 5 angka."))
    for column in named:
        if column is winner or plan.field[column.index] not in (None, "kbli"):
            continue
        if kinds[column.index] == "kbli":
            plan.give(column.index, None, _("Kode KBLI sudah dibaca dari kolom %(column)s; kolom ini tidak diimpor.") % {
                "column": _label(winner)}, source="")
        elif plan.free("business_type"):
            plan.give(column.index, "business_type", _(
                "Berisi uraian, bukan kode: dibaca sebagai jenis usaha; kode KBLI dari kolom %(column)s."
            ) % {"column": _label(winner)})
        else:
            plan.give(column.index, None, _(
                "Berisi uraian KBLI, bukan kode; kode KBLI dibaca dari kolom %(column)s. Kolom ini tidak diimpor."
            ) % {"column": _label(winner)}, source="")


def _settle_phone_and_owner(plan, kinds):
    """`KONTAK` holding people's names is the owner; `KONTAK PERSON` holding numbers is the phone
    (two such columns may simply swap)."""
    wants = {}
    for column in plan.original:
        field, kind = plan.field[column.index], kinds[column.index]
        if field not in ("phone", "owner_name") or not set(re.split(r"[ /]", header_key(column.header))) & _EITHER_WORDS:
            continue
        if field == "phone" and kind == "person":
            wants[column.index] = "owner_name"
        elif field == "owner_name" and kind == "phone":
            wants[column.index] = "phone"
        elif field == "phone" and kind == "phone":
            plan.note[column.index], plan.source[column.index] = _("Berisi nomor telepon."), "values"
    notes = {
        "owner_name": lambda: _("Berisi nama orang, bukan nomor: dibaca sebagai nama pemilik."),
        "phone": lambda: _("Berisi nomor telepon: dibaca sebagai nomor HP."),
    }
    for index, target in list(wants.items()):
        if index not in wants:
            continue  # swapped already
        holder = plan.holder(target)
        if holder is not None and wants.get(holder) != plan.field[index]:
            continue  # the other column is what its header says: the header wins
        if holder is not None:
            plan.give(holder, plan.field[index], notes[plan.field[index]]())
            del wants[holder]
        plan.give(index, target, notes[target]())


_RESCUE_NOTES = {
    "phone": lambda: _("Judulnya tidak dikenali, tetapi isinya nomor telepon."),
    "nik": lambda: _("Judulnya tidak dikenali, tetapi isinya NIK (16 angka)."),
    "nib": lambda: _("Judulnya tidak dikenali, tetapi isinya NIB (13 angka)."),
    "email": lambda: _("Judulnya tidak dikenali, tetapi isinya alamat email."),
    "coordinates": lambda: _("Berisi pasangan lintang, bujur."),
    "latitude": lambda: _("Berisi angka lintang (latitude) di wilayah Indonesia."),
    "longitude": lambda: _("Berisi angka bujur (longitude) di wilayah Indonesia."),
}


def _rescue(plan, kinds, cells, place_kind):
    """Fields for the columns the headers left unread, from what their values are."""
    unread = [c for c in plan.original if plan.field[c.index] is None and c.header]
    kinds_unread = {kinds[c.index] for c in unread}
    for column in unread:
        kind = kinds[column.index]
        words = set(re.split(r"[ /]", header_key(column.header)))
        field, note = None, ""
        if "kategori" in words:
            field = "scale" if kind == "scale" else "business_type" if kind in ("text", "person") else None
            note = _("Berisi skala usaha.") if field == "scale" else _("Dibaca sebagai jenis usaha.")
        elif words & _PLACE_HEADER_WORDS and place_kind is not None and kind in ("text", "person"):
            field = place_kind(cells[column.index])
            note = {"district": _("Berisi nama kecamatan."), "regency": _("Berisi nama kabupaten/kota.")}.get(field, "")
        elif kind == "kbli" and "kbli" in words:
            field, note = "kbli", _("Berisi kode KBLI 5 angka.")
        elif kind == "phone" and not words & _NOT_A_PHONE_WORDS:
            field = "phone"
        elif kind in ("nik", "nib", "email", "coordinates"):
            field = kind
        elif kind in ("latitude", "longitude"):
            # Alone, numbers in range could be anything; with a header hint or beside their partner, not.
            partner = "longitude" if kind == "latitude" else "latitude"
            if words & _COORDINATE_HEADER_WORDS or partner in kinds_unread:
                field = kind
        elif kind == "person" and words & _PERSON_HEADER_WORDS:
            field, note = "owner_name", _("Berisi nama orang: dibaca sebagai nama pemilik.")
        if field and plan.free(field):
            plan.give(column.index, field, note or _RESCUE_NOTES[field]())


def _explain_workers(plan):
    men, women, total = (plan.holder(field) for field in ("workers_male", "workers_female", "workers"))
    for own, other in ((men, women), (women, men)):
        if own is None:
            continue
        if other is not None:
            note = _("Dijumlahkan dengan kolom %(column)s menjadi jumlah tenaga kerja.") % {
                "column": _label(plan.by_index[other])}
        else:
            note = _("Dipakai sebagai jumlah tenaga kerja.")
        if total is not None:
            note += " " + _("Hanya bila kolom %(column)s (jumlah) kosong.") % {"column": _label(plan.by_index[total])}
        plan.note[own] = note

