"""Cell values of dinas registry spreadsheets, turned into what the portal stores.

Pure functions, no database: the import calls them once per cell, so each one takes a
raw cell (str, int, float, datetime or None) as the file reader gives it, and either
returns the clean value, returns a `Cleaned` (value plus a warning for the import
report: the row is imported, the value kept or dropped), or raises `CellProblem` (the
cell cannot be used; the row is refused). Every message is Bahasa Indonesia and says
what to do; none repeats a NIK, a phone number or an omzet figure.

Registries carry every way a value can be written (see tests/test_import_cleaning.py
and the sample files in tests/fixtures/samples/); each spelling is listed once here,
in a table near the function that reads it.
"""

import csv
import datetime
import functools
import re
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from directory.names import name_key as _stored_name_key
from directory.phones import normalize_phone
from umkm_portal.coordinates import NotCoordinates, read_location
from umkm_portal.money import NotRupiah, parse_rupiah, parse_rupiah_range
from umkm_portal.text import clean_text as clean_given_text

# A registry repeats the same few words in most columns ("Mikro", "Sudah", "Kuliner"): the functions
# reading those columns remember their answers (a CellProblem is not remembered).
_remembered = functools.lru_cache(maxsize=4096, typed=True)
_NUMBERS = re.compile(r"\d+")


class CellProblem(Exception):
    """A cell that cannot be used; .message is Bahasa Indonesia and says what to do."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class Cleaned(NamedTuple):
    """A value that may carry a warning: the row is still imported, with `value` (maybe None)."""

    value: object
    warning: str = ""


# ---------------------------------------------------------------------------- text

_DASH_ONLY = re.compile(r"[-–—_.]+")
_INVISIBLE = re.compile("[\u200b\ufeff\u00ad]")


def clean_text(value) -> str:
    """Single-spaced, stripped text without control characters (umkm_portal.text), NFC; None,
    "-", "–", "—" and blanks become ""."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = " ".join(_INVISIBLE.sub("", clean_given_text(value)).split())  # split() also breaks on NBSP
        return "" if text and text[0] in "-–—_." and _DASH_ONLY.fullmatch(text) else text
    if isinstance(value, bool):
        return "Ya" if value else "Tidak"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return " ".join(str(value).split())


# Short words written in capitals on purpose: legal forms, groups, roman numerals.
KEEP_UPPER = frozenset({
    "UD", "CV", "PT", "RM", "KUB", "KWT", "UMKM", "UKM", "IKM", "PKK", "KUD", "KSP", "BUMDES", "SPBU", "TK",
    "II", "III", "IV", "VI", "VII", "VIII", "IX", "XI", "XII",
})
_WORD = re.compile(r"[^\W\d_]+(?:['’`][^\W\d_]+)*")


def _capitalise_word(match):
    word = match.group(0)
    if word.upper() in KEEP_UPPER:
        return word.upper()
    return word[0].upper() + word[1:].lower()


def title_words(text):
    """'LEMANG YUK FATIMAH' → 'Lemang Yuk Fatimah', 'NU’MAN' → 'Nu’man', 'EMPEK-EMPEK' → 'Empek-Empek';
    UD, CV, PT, RM, KUB and roman numerals stay in capitals."""
    return _WORD.sub(_capitalise_word, text)


def clean_person_or_business_name(value) -> str:
    """clean_text, and a name typed in ALL CAPS becomes Title Case; any other casing is kept."""
    text = clean_text(value)
    if text == text.upper() and text != text.lower():  # has letters, none of them small
        return title_words(text)
    return text


def name_key(value) -> str:
    """Key for "the same business name" (directory.names.name_key, which Business.save stores)."""
    return _stored_name_key(value if isinstance(value, str) else clean_text(value))


# ---------------------------------------------------------------------------- similar names

# Two spellings of one word in business names (after name_key): both become the second.
_NAME_PHRASES = [
    (re.compile(r"\bempek empek\b"), "pempek"),
    (re.compile(r"\b([a-z]+)2\b"), r"\1"),  # reduplication: "Pempek2", "Kue2"
    (re.compile(r"\brumah makan\b"), "rm"),
    (re.compile(r"\bkelompok tani\b"), "poktan"),
    (re.compile(r"\bkemplang panggang\b"), "kemplang"),
    (re.compile(r"\bjaya abadi\b"), "jaya"),
]
_NAME_WORDS = {
    "empek": "pempek", "cik": "cek", "wa": "wak", "krupuk": "kerupuk", "tk": "toko", "laundri": "laundry",
}
_NAME_PREFIXES = frozenset({"ud", "usaha", "umkm", "cv"})


def _without_prefix(words):
    while len(words) > 1 and words[0] in _NAME_PREFIXES:
        words = words[1:]
    return words


@functools.lru_cache(maxsize=8192)
def _similarity_forms(value):
    """(name_key without a leading "UD"/"Usaha"/"UMKM", the same with spelling variants unified)."""
    plain = name_key(value)
    text = plain
    for pattern, replacement in _NAME_PHRASES:
        text = pattern.sub(replacement, text)
    words = [_NAME_WORDS.get(word, word) for word in text.split()]
    words = [word for index, word in enumerate(words) if index == 0 or word != words[index - 1]]
    return " ".join(_without_prefix(plain.split())), " ".join(_without_prefix(words))


def _one_slip_apart(a, b):
    """One letter dropped, doubled or inserted, or two neighbours swapped (and, in long names,
    one letter changed). a and b are written without spaces."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end_a, end_b = len(a), len(b)
    while end_a > start and end_b > start and a[end_a - 1] == b[end_b - 1]:
        end_a, end_b = end_a - 1, end_b - 1
    middle_a, middle_b = a[start:end_a], b[start:end_b]
    if len(middle_a) + len(middle_b) == 1:
        return True  # one letter inserted or dropped
    if len(middle_a) == len(middle_b) == 2 and middle_a == middle_b[::-1]:
        return True  # two neighbours swapped
    # One letter changed only in long names: "Pempek Budi" and "Pempek Rudi" are two businesses.
    return len(middle_a) == len(middle_b) == 1 and min(len(a), len(b)) >= 15


def names_similar(a, b) -> bool:
    """Two spellings of one business name ("Pempek Cek Ani" / "Empek-Empek Cik Ani" / "UD Pempek Cek Ani'"
    / "Pempek Cek Anni"). Meant for names already in the same kabupaten/kota with the same phone: it is
    lenient. A different number ("Toko Ani 2") is a different business."""
    forms_a, forms_b = _similarity_forms(a), _similarity_forms(b)
    if not forms_a[0] or not forms_b[0]:
        return False
    if forms_a[1] == forms_b[1]:
        return True
    for form_a, form_b in zip(forms_a, forms_b):  # a slip in the name as written, or after unifying variants
        if _NUMBERS.findall(form_a) == _NUMBERS.findall(form_b) and _one_slip_apart(
            form_a.replace(" ", ""), form_b.replace(" ", "")
        ):
            return True
    return False


# ---------------------------------------------------------------------------- identity numbers

_NOT_DIGITS = re.compile(r"\D")
_SCIENTIFIC = re.compile(r"[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+")
_DIGITS_SPACED = re.compile(r"\d[\d \-.]*\d")
_FLOAT_TEXT = re.compile(r"(\d+)\.0+")
_NIB_LABEL = re.compile(r"^(?:nib|no\.?|nomor)\s*[:.]?\s*", re.IGNORECASE)
_DECIMAL_END = re.compile(r"\.\d{1,2}$")
# What people write instead of a number they do not have.
_NOT_YET = frozenset({
    "belum", "belum ada", "blm ada", "blm", "tidak ada", "tidak", "tdk ada", "tdk", "proses", "dalam proses",
    "sedang proses", "masih proses", "sedang diurus", "n/a", "na", "nihil", "none", "kosong", "x",
})


def _not_yet(text):
    return text.casefold() in _NOT_YET


def _integral_number(value):
    """The digits of a number cell, or None when it is not a whole number (float that lost digits)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return None


def clean_nib(value) -> Cleaned:
    """The 13-digit NIB as text, or None. A number that lost its leading zero gets it back;
    a number Excel showed as 9,12045E+12 has lost digits and is dropped with a warning."""
    if value is None:
        return Cleaned(None)
    if isinstance(value, (int, float)):
        digits = _integral_number(value)
        if digits is None:
            return Cleaned(None, _nib_damaged(value))
        return _nib_from_digits(digits, clean_text(value))
    text = clean_text(value).lstrip("'")
    if len(text) == 13 and text.isdigit():
        return _nib_from_digits(text, text)
    if not text or _not_yet(text):
        return Cleaned(None)
    if _SCIENTIFIC.fullmatch(text):
        return Cleaned(None, _nib_damaged(text))
    text = _NIB_LABEL.sub("", text)
    float_text = _FLOAT_TEXT.fullmatch(text)
    if float_text:
        return _nib_from_digits(float_text.group(1), text)
    if _DIGITS_SPACED.fullmatch(text) and not _DECIMAL_END.search(text):
        return _nib_from_digits(_NOT_DIGITS.sub("", text), text)
    return Cleaned(None, _nib_wrong(text))


def _nib_from_digits(digits, shown):
    if len(digits) == 12:
        digits = "0" + digits  # a NIB starting with 0, stored as a number
    if len(digits) != 13:
        return Cleaned(None, _nib_wrong(shown))
    if digits.endswith("000000"):
        # 9120450000000: what remains of 9,12045E+12 after Excel dropped the other digits.
        return Cleaned(None, _nib_damaged(shown))
    return Cleaned(digits)


def _nib_damaged(shown):
    return _("NIB rusak oleh Excel (%(value)s): dikosongkan; ketik ulang sebagai teks.") % {"value": shown}


def _nib_wrong(shown):
    return _("NIB '%(value)s' bukan 13 angka: dikosongkan; periksa dan ketik ulang NIB 13 angka.") % {
        "value": shown[:40]
    }


def nik_column_rounded(values) -> bool:
    """Whether a file's NIK column shows that Excel held the NIKs as numbers: some NIK reads like
    1,67115E+15. Then the file went through Excel as numbers (a CSV saved from Excel), so a 16-digit
    NIK ending in 0 may be one Excel rounded: pass the result to clean_nik as suspect_rounding.
    (A text cell of an xlsx file is never rounded; a number cell is refused by clean_nik anyway.)"""
    return any(isinstance(value, str) and _SCIENTIFIC.fullmatch(value.strip()) for value in values)


def clean_nik(value, *, suspect_rounding=False) -> Cleaned:
    """The 16-digit NIK as text, or None. Excel keeps 15 significant digits, so a NIK stored as a
    number has lost its last digit: it is dropped with a warning, never guessed.

    suspect_rounding: the file is known to have held NIKs as numbers (nik_column_rounded), so a
    text NIK ending in 0 may be a rounded one too: dropped with a warning."""
    if value is None or isinstance(value, bool):
        return Cleaned(None)
    if isinstance(value, (int, float)):
        return Cleaned(None, _nik_rounded())
    text = clean_text(value).lstrip("'‘`").strip()
    if len(text) == 16 and text.isdigit() and not (suspect_rounding and text[-1] == "0"):
        return Cleaned(text)
    if not text or _not_yet(text):
        return Cleaned(None)
    if _SCIENTIFIC.fullmatch(text):
        return Cleaned(None, _nik_rounded())
    if not _DIGITS_SPACED.fullmatch(text):
        return Cleaned(None, _("NIK harus 16 angka, yang tertulis bukan angka: dikosongkan; ketik ulang dari KTP."))
    digits = _NOT_DIGITS.sub("", text)
    if len(digits) != 16:
        return Cleaned(None, _(
            "NIK harus 16 angka, yang tertulis %(count)d angka: dikosongkan; ketik ulang dari KTP sebagai teks."
        ) % {"count": len(digits)})
    if suspect_rounding and digits.endswith("0"):
        return Cleaned(None, _(
            "NIK berakhir 0 di berkas yang NIK-nya pernah dibulatkan Excel (hanya 15 digit yang tersimpan): "
            "dikosongkan; ketik ulang dari KTP sebagai teks."
        ))
    return Cleaned(digits)


def _nik_rounded():
    return _(
        "NIK rusak oleh Excel (disimpan sebagai angka, hanya 15 digit pertama yang tersimpan): dikosongkan; "
        "ketik ulang dari KTP sebagai teks (format sel Teks, atau awali dengan tanda ')."
    )


# ---------------------------------------------------------------------------- phones

# Between two numbers in one cell: "/", ",", ";", "&", "atau", "dan"; and " - " (a dash with spaces)
# when both sides are long enough to be numbers ("0711 - 352525" is one number).
_PHONE_SEPARATOR = re.compile(r"\s*[/,;&]\s*|\s+(?:atau|dan)\s+", re.IGNORECASE)
_PHONE_SPACED_DASH = re.compile(r"\s+[-–]\s+")
_PHONE_PLAIN = re.compile(r"[+\d() .-]+")  # digits and punctuation only: one number, unless " - " is in it
_PHONE_LABEL = re.compile(r"\(\s*(?:wa|whatsapp|hp|telp|sms)\s*\)|\b(?:wa|whatsapp|hp|telp|tlp|telepon)\b\.?\s*:?",
                          re.IGNORECASE)
_NO_PHONE = frozenset({"0", "tidak ada", "belum ada", "tidak", "belum", "tdk ada", "nihil"})


def clean_phones(value) -> Cleaned:
    """Every phone number in the cell as +62…, the main one first; [] when there is none.
    A number that cannot be Indonesian is dropped with a warning (the others are kept)."""
    if value is None:
        return Cleaned([])
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        digits = _integral_number(value)
        parts = [digits] if digits and digits != "0" else []
    else:
        text = clean_text(value)
        if not text or text.casefold() in _NO_PHONE:
            return Cleaned([])
        if _PHONE_PLAIN.fullmatch(text) and " - " not in text:
            parts = [text]
        else:
            parts = [piece for part in _PHONE_SEPARATOR.split(_PHONE_LABEL.sub(" ", text)) if part.strip()
                     for piece in _split_spaced_dash(part)]
    phones, unusable = [], 0
    for part in parts:
        try:
            phone = normalize_phone(part.strip())
        except ValidationError:
            unusable += 1
            continue
        if phone and phone not in phones:
            phones.append(phone)
    if unusable:
        return Cleaned(phones, _(
            "Nomor HP tidak bisa dibaca sebagai nomor Indonesia: dikosongkan; tulis seperti 0812-3456-7890 "
            "(dua nomor dipisah dengan /)."
        ) if not phones else _(
            "Salah satu nomor HP tidak bisa dibaca sebagai nomor Indonesia dan dilewati; tulis seperti "
            "0812-3456-7890 (dua nomor dipisah dengan /)."
        ))
    return Cleaned(phones)


def _split_spaced_dash(text):
    pieces = _PHONE_SPACED_DASH.split(text)
    if len(pieces) > 1 and all(len(_NOT_DIGITS.sub("", piece)) >= 7 for piece in pieces):
        return pieces
    return [text]


# ---------------------------------------------------------------------------- money

# The grammar of amounts is umkm_portal.money's (one reader for the import and the owner forms);
# here are the import's policies and its messages.


def _money_negative():
    return CellProblem(_("Jumlah rupiah tidak boleh negatif; tulis seperti 1.500.000 atau 1,5 jt."))


def _money_unreadable():
    # The cell is not repeated: an omzet is personal data.
    return CellProblem(_("Isi sel ini tidak bisa dibaca sebagai jumlah rupiah; tulis seperti 1.500.000 atau 1,5 jt."))


def clean_money(value, *, millions=False) -> int | None:
    """Rupiah as a whole number (umkm_portal.money.parse_rupiah): 2400000, "Rp 23.000.000",
    "Rp23.000.000,-", "Rp 150,000", "3,3 jt", "± 12 juta", "25rb", "25K". millions=True for a
    column whose header gives the unit as juta ("0,7" → 700000)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        return parse_rupiah(value, millions=millions)
    except NotRupiah as problem:
        if isinstance(value, str) and not clean_text(value):  # "_", "..."
            return None
        raise _money_negative() if problem.reason == "negative" else _money_unreadable() from None


_NO_PRICE = frozenset({
    "nego", "negosiasi", "bisa nego", "hubungi penjual", "hubungi kami", "hubungi", "tanya penjual",
    "tanya", "call", "by request",
})


def clean_price(value) -> tuple[int | None, int | None]:
    """(lowest, highest) price of a product (umkm_portal.money.parse_rupiah_range); highest is
    None for a single price. "25.000", "Rp25.000", "25rb", "1,2 jt", "10.000 - 15.000",
    "10rb-15rb", "10.000 s/d 15.000"; "nego", "hubungi penjual" and blanks give (None, None).
    A price must be more than 0."""
    if value is None or isinstance(value, bool):
        return None, None
    try:
        low, high = parse_rupiah_range(value)
    except NotRupiah as problem:
        text = clean_text(value)
        if not text or text.casefold() in _NO_PRICE:
            return None, None
        if problem.reason == "negative":
            raise _price_not_positive(text) from None
        if problem.reason == "reversed":
            raise CellProblem(_(
                "Harga '%(value)s': harga tertinggi lebih kecil dari harga terendah; tulis terendah dulu, "
                "mis. 10.000 - 15.000."
            ) % {"value": text[:40]}) from None
        raise CellProblem(_(
            "Harga '%(value)s' tidak bisa dibaca; tulis seperti 25.000, 25rb atau rentang 10.000 - 15.000 "
            "(kosongkan bila belum ada harga)."
        ) % {"value": text[:40]}) from None
    if low is not None and low <= 0:
        raise _price_not_positive(clean_text(value))
    return low, high


def _price_not_positive(text):
    return CellProblem(_(
        "Harga '%(value)s' harus lebih dari 0; tulis seperti 25.000, atau kosongkan bila belum ada harga."
    ) % {"value": text[:40]})


# ---------------------------------------------------------------------------- small numbers

_SCALES = {
    "mikro": "mikro", "usaha mikro": "mikro", "micro": "mikro", "umi": "mikro", "ultra mikro": "mikro",
    "usaha ultra mikro": "mikro", "kecil": "kecil", "usaha kecil": "kecil", "small": "kecil",
    "menengah": "menengah", "usaha menengah": "menengah", "medium": "menengah",
}


@_remembered
def clean_scale(value) -> str:
    """'mikro', 'kecil', 'menengah', or '' when not filled in."""
    text = clean_text(value)
    if not text:
        return ""
    scale = _SCALES.get(text.casefold().replace(".", " ").strip())
    if scale is None:
        raise CellProblem(_(
            "Skala usaha '%(value)s' tidak dikenali; isi Mikro, Kecil atau Menengah (atau kosongkan)."
        ) % {"value": text[:40]})
    return scale


_YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_YEAR_SURELY_PAST = datetime.date.today().year - 1  # a year up to this one needs no date lookup


def clean_year(value) -> Cleaned:
    """The year a business started: 2015, "2015", a date, "± 2015", "Thn 2015", "2015-an"."""
    if value is None or isinstance(value, bool):
        return Cleaned(None)
    if isinstance(value, (datetime.date, datetime.datetime)):
        year = value.year
    elif isinstance(value, (int, float)):
        digits = _integral_number(value)
        if digits is None:
            return Cleaned(None, _year_unreadable(clean_text(value)))
        year = int(digits)
    else:
        text = clean_text(value)
        if not text:
            return Cleaned(None)
        found = _YEAR.findall(text)
        if len(found) != 1:
            return Cleaned(None, _year_unreadable(text))
        year = int(found[0])
    if 1900 <= year <= _YEAR_SURELY_PAST:
        return Cleaned(year)
    this_year = datetime.date.today().year
    if not 1900 <= year <= this_year:
        return Cleaned(None, _(
            "Tahun %(year)d tidak mungkin (harus antara 1900 dan %(now)d): dikosongkan; periksa tahun berdiri."
        ) % {"year": year, "now": this_year})
    return Cleaned(year)


def _year_unreadable(text):
    return _("'%(value)s' bukan tahun: dikosongkan; tulis tahun 4 angka, mis. 2015.") % {"value": text[:40]}


# ---------------------------------------------------------------------------- dates of data

EARLIEST_DATA_DATE = datetime.date(1945, 1, 1)
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_MONTHS = {
    1: ["januari", "jan", "january"],
    2: ["februari", "pebruari", "feb", "peb", "febr", "february"],
    3: ["maret", "mar", "march", "mrt"],
    4: ["april", "apr"],
    5: ["mei", "may"],
    6: ["juni", "jun", "june"],
    7: ["juli", "jul", "july"],
    8: ["agustus", "agu", "agt", "ags", "agus", "aug", "august"],
    9: ["september", "sep", "sept"],
    10: ["oktober", "okt", "oct", "october"],
    11: ["november", "nopember", "nov", "nop"],
    12: ["desember", "des", "dec", "december"],
}
_MONTH_BY_WORD = {word: month for month, words in _MONTHS.items() for word in words}
_WEEKDAY_BEFORE = re.compile(r"^(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad),?\s+")
_NUMERIC_DATE = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})")
_ISO_DATE = re.compile(r"(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})(?:[ T]\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:\.\d+)?)?)?")
_WORDS_DATE = re.compile(r"(?:(\d{1,2})[\s\-]+)?([a-z]+)\.?[\s\-,]+(\d{4})")
_YEAR_ONLY = re.compile(r"(?:tahun\s+|thn\.?\s+)?(\d{4})")
_TIME_AFTER = re.compile(r"\s+\d{1,2}[:.]\d{2}(?:[:.]\d{2})?$")


def read_date(value):
    """A date as dinas staff write one, or None when the value is empty; ValueError when it is
    not a date. Day before month (12/03/2020 is 12 March) unless the second number cannot be a
    month; a month and year alone ("Maret 2020") is its first day, a year alone its 1 January.
    Excel date cells (datetime) are taken as they are. The range is not checked here."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, (int, float)):
        digits = _integral_number(value)
        if digits is not None and len(digits) == 4:
            return datetime.date(int(digits), 1, 1)
        if digits is not None and len(digits) == 5:  # an Excel day number whose cell lost its date format
            return _EXCEL_EPOCH + datetime.timedelta(days=int(digits))
        raise ValueError("not a date")
    return _read_date_text(clean_text(value).casefold())


@_remembered  # a registry repeats a few survey dates in thousands of rows
def _read_date_text(text):
    if not text:
        return None
    text = _WEEKDAY_BEFORE.sub("", text)
    text = _TIME_AFTER.sub("", text)
    if match := _ISO_DATE.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
        return datetime.date(year, month, day)
    if match := _NUMERIC_DATE.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
        if len(match.group(3)) == 2:
            year += 2000 if year <= datetime.date.today().year % 100 else 1900
        if month > 12 >= day:  # 03/25/2020: written month first
            day, month = month, day
        return datetime.date(year, month, day)
    match = _WORDS_DATE.fullmatch(text)
    if match and match.group(2) in _MONTH_BY_WORD:
        day, word, year = match.groups()
        return datetime.date(int(year), _MONTH_BY_WORD[word], int(day) if day else 1)
    if match := _YEAR_ONLY.fullmatch(text):
        return datetime.date(int(match.group(1)), 1, 1)
    raise ValueError("not a date")


def clean_date_of_data(value, today=None) -> Cleaned:
    """The date of a registry's data (TANGGAL PENDATAAN): read_date, and only from 1945 up to
    today. Anything else is dropped with a warning: the row is imported, its date unknown."""
    try:
        date = read_date(value)
    except ValueError:
        return Cleaned(None, _(
            "Tanggal pendataan '%(value)s' tidak terbaca: diabaikan; tulis seperti 12/03/2020, 12 Maret 2020, "
            "Maret 2020 atau 2020."
        ) % {"value": clean_text(value)[:40]})
    if date is None:
        return Cleaned(None)
    today = today or datetime.date.today()
    if date > today:
        return Cleaned(None, _(
            "Tanggal pendataan %(value)s ada di masa depan: diabaikan; periksa tanggalnya."
        ) % {"value": clean_text(value)[:40]})
    if date < EARLIEST_DATA_DATE:
        return Cleaned(None, _(
            "Tanggal pendataan %(value)s sebelum tahun 1945: diabaikan; periksa tanggalnya."
        ) % {"value": clean_text(value)[:40]})
    return Cleaned(date)


# ---------------------------------------------------------------------------- coordinates


def clean_location(latitude, longitude, pair) -> Cleaned:
    """A business's Location (umkm_portal.coordinates) from LATITUDE/LONGITUDE columns or one
    KOORDINAT column, or None. Never refuses the row: what cannot be used is left empty with a
    warning (which does not repeat the coordinates: they are personal data)."""
    try:
        location = read_location(latitude=latitude, longitude=longitude, pair=pair)
    except NotCoordinates as problem:
        return Cleaned(None, {
            "unreadable": _(
                "Koordinat tidak terbaca: dikosongkan; tulis lintang dan bujur dalam derajat desimal, "
                "mis. -6,1754 dan 106,8272."
            ),
            "half": _("Hanya lintang atau bujur yang diisi: koordinat dikosongkan; isi keduanya."),
            "outside": _(
                "Koordinat di luar Indonesia (lintang -11 s.d. 6,5; bujur 94 s.d. 141,5): dikosongkan; "
                "periksa angkanya dan tanda minusnya."
            ),
        }[problem.reason])
    if location is not None and location.swapped:
        return Cleaned(location, _("Lintang dan bujur tertukar: dibalik kembali; periksa urutan kolomnya."))
    return Cleaned(location)


_COUNT = re.compile(r"(\d+)(?:[.,]0+)?\s*(?:[a-z]+\.?)?")


def clean_count(value) -> int | None:
    """A count of workers or a minimum order: 5, "5", "2 orang", "2 org", "5.0"."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        digits = _integral_number(value)
        if digits is None or int(digits) < 0:
            raise _count_unreadable(clean_text(value))
        return int(digits)
    text = clean_text(value)
    if not text:
        return None
    match = _COUNT.fullmatch(text.casefold())
    if not match:
        raise _count_unreadable(text)
    return int(match.group(1))


def _count_unreadable(text):
    return CellProblem(_("'%(value)s' bukan jumlah; tulis angka bulat saja, mis. 5.") % {"value": text[:40]})


# ---------------------------------------------------------------------------- certificates

_CERT_YES = frozenset({"ada", "ya", "iya", "y", "yes", "sudah", "sudah ada", "punya", "v", "√", "✓", "✔", "ok",
                       "terdaftar", "memiliki", "sdh", "sdh ada"})
_CERT_NO = frozenset({"tidak", "tidak ada", "tdk", "tdk ada", "t", "no", "n", "belum", "belum ada", "blm",
                      "proses", "dalam proses", "sedang proses", "masih proses", "sedang diurus", "diurus",
                      "pengajuan", "dalam pengajuan", "x", "-"})
_CERT_NO_START = re.compile(r"(?:tidak|tdk|belum|blm|proses|dalam proses|sedang|masih)\b")
# Words in front of a certificate number: "Sudah (…)", "P-IRT No. …", "BPOM …", "No. Reg …".
_CERT_LABEL = re.compile(
    r"^(?:(?:sudah|ada|ya|punya)\b|p-?irt\b|sppirt\b|spp-irt\b|bpom\b|pom\b|ri\b|halal\b|mui\b|sni\b|"
    r"sertifikat\b|no\b\.?|nomor\b|nomer\b|reg\b\.?|[:.(]|\s)+",
    re.IGNORECASE,
)


@_remembered
def clean_certificate(value) -> tuple[bool | None, str]:
    """(held?, number) from a halal/P-IRT/BPOM/SNI cell: "Sudah" → (True, ""), "ID16…" → (True, "ID16…"),
    "P-IRT No. 2051…-27" → (True, "2051…-27"), "BPOM MD 123…" → (True, "MD 123…"), "Belum"/"Proses" →
    (False, ""), blank → (None, ""). Text that says neither gives (None, "")."""
    if value is None or isinstance(value, bool):
        return (value if isinstance(value, bool) else None), ""
    if isinstance(value, (int, float)):
        return (True, clean_text(value)) if value else (None, "")
    text = clean_text(value)
    if not text:
        return None, ""
    folded = text.casefold()
    if folded in _CERT_YES:
        return True, ""
    if folded in _CERT_NO or _CERT_NO_START.match(folded):
        return False, ""
    number = _CERT_LABEL.sub("", text).strip().rstrip(")").strip()
    if _NUMBERS.search(number):
        return True, number
    if _CERT_LABEL.match(text):  # "Sudah (terdaftar)", "Halal MUI"
        return True, ""
    return None, ""


# ---------------------------------------------------------------------------- KBLI

_KBLI = re.compile(r"(?:kbli\s*[:.]?\s*)?(\d{4,5})(?:\s*[-–:]\s*\D.*|\s+\D.*)?", re.IGNORECASE | re.DOTALL)


def clean_kbli(value, known_codes) -> Cleaned:
    """The 5-digit KBLI 2020 code: "10792", 1270 (leading zero lost) → "01270", "KBLI 10792",
    "10792 - Industri …". A code missing from known_codes is dropped with a warning."""
    if value is None or isinstance(value, bool):
        return Cleaned(None)
    if isinstance(value, (int, float)):
        digits = _integral_number(value)
        text = clean_text(value)
    else:
        text = clean_text(value)
        if not text or _not_yet(text):
            return Cleaned(None)
        match = None if text.isdigit() else _KBLI.fullmatch(text)
        digits = text if text.isdigit() else match.group(1) if match else None
    if digits is None or len(digits) > 5:
        return Cleaned(None, _("KBLI '%(value)s' bukan kode 5 angka: dikosongkan; isi kode KBLI 2020, mis. 10792.")
                       % {"value": text[:40]})
    code = digits.zfill(5)
    if code not in known_codes:
        return Cleaned(None, _(
            "KBLI %(code)s tidak ada dalam daftar KBLI 2020: dikosongkan; periksa kode 5 angka di OSS."
        ) % {"code": code})
    return Cleaned(code)


# ---------------------------------------------------------------------------- marketplaces

MARKETPLACES = ["Shopee", "Tokopedia", "GrabFood", "GoFood", "ShopeeFood", "Instagram", "Facebook", "WhatsApp",
                "TikTok Shop", "Lazada", "Bukalapak", "Blibli"]
# Spellings, with spaces, dashes and dots removed and lower-cased.
_MARKETPLACE_SPELLINGS = {
    "shopee": "Shopee", "shope": "Shopee", "shoppe": "Shopee",
    "tokopedia": "Tokopedia", "tokped": "Tokopedia", "toped": "Tokopedia",
    "grabfood": "GrabFood", "grab": "GrabFood",
    "gofood": "GoFood", "gojek": "GoFood", "gofod": "GoFood",
    "shopeefood": "ShopeeFood",
    "instagram": "Instagram", "ig": "Instagram", "insta": "Instagram", "instagramcom": "Instagram",
    "facebook": "Facebook", "fb": "Facebook", "facebookcom": "Facebook", "fbmarketplace": "Facebook",
    "whatsapp": "WhatsApp", "wa": "WhatsApp", "whatsappbusiness": "WhatsApp", "wabusiness": "WhatsApp",
    "waba": "WhatsApp",
    "tiktokshop": "TikTok Shop", "tiktok": "TikTok Shop", "tiktokshopcom": "TikTok Shop",
    "lazada": "Lazada", "bukalapak": "Bukalapak", "blibli": "Blibli",
}
_MARKETPLACE_SEPARATOR = re.compile(r"\s*(?:[,/&;+|\n]|\bdan\b)\s*", re.IGNORECASE)
_MARKETPLACE_DOMAIN = re.compile(
    r"(?:https?://)?(?:www\.)?(shopee|tokopedia|instagram|facebook|fb|tiktok|lazada|bukalapak|blibli|wa)"
    r"\.(?:co\.id|com|me|id)\S*", re.IGNORECASE,
)
_HANDLE = re.compile(r"@\S*|:")  # "Instagram @kopiogan", "IG: kopiogan"
_SPELLING_NOISE = re.compile(r"[\s.\-_']")
_NO_MARKETPLACE = frozenset({"tidak ada", "tidak", "belum", "belum ada", "offline", "tdk ada", "nihil", "none",
                             "tidak punya", "belum punya", "langsung", "luring"})


def clean_marketplaces(value) -> list[str]:
    """Where a business sells online, as canonical names in the order written: "Gofood & Shopee Food &
    Lazada" → ["GoFood", "ShopeeFood", "Lazada"]; "Instagram @kopiogan" → ["Instagram"]; "-",
    "Tidak ada", "offline" → []. An unknown word is kept, title-cased."""
    return list(_marketplaces(value))


@_remembered
def _marketplaces(value):
    text = clean_text(value)
    if not text or text.casefold() in _NO_MARKETPLACE:
        return ()
    text = _MARKETPLACE_DOMAIN.sub(lambda match: " , " + match.group(1) + " , ", text)
    found = []
    for part in _MARKETPLACE_SEPARATOR.split(text):
        part = _HANDLE.sub(" ", part).strip()
        if not part or part.casefold() in _NO_MARKETPLACE:
            continue
        name = _MARKETPLACE_SPELLINGS.get(_SPELLING_NOISE.sub("", part.casefold()))
        if name is None:
            name = part if part not in (part.lower(), part.upper()) else title_words(part.lower())
        if name not in found:
            found.append(name)
    return tuple(found)


# ---------------------------------------------------------------------------- business types, categories

_NOT_WORD = re.compile(r"\W+")


def _word_key(value):
    """'Makanan & Minuman' → 'makanan minuman', 'Kriya/Kerajinan' → 'kriya kerajinan'."""
    words = _NOT_WORD.sub(" ", clean_text(value).casefold()).split()
    return " ".join(word for word in words if word not in ("dan", "n"))


BUSINESS_TYPES = ["Kuliner", "Fashion", "Kriya", "Pertanian", "Perdagangan", "Jasa"]
_BUSINESS_TYPE_SPELLINGS = {
    "Kuliner": ["kuliner", "makanan", "minuman", "makanan minuman", "mamin", "makanan olahan",
                "makanan minuman olahan", "olahan pangan", "pangan olahan", "pangan", "food", "fnb", "f b",
                "kuliner makanan", "makanan ringan", "catering", "katering"],
    "Fashion": ["fashion", "fesyen", "fashion tekstil", "sandang", "pakaian", "busana", "konveksi", "tekstil",
                "garmen", "garment"],
    "Kriya": ["kriya", "kerajinan", "kriya kerajinan", "kerajinan tangan", "kriya kerajinan tangan", "handicraft",
              "craft", "kerajinan kriya"],
    "Pertanian": ["pertanian", "agribisnis", "agrobisnis", "agro", "perkebunan", "perikanan", "peternakan",
                  "pertanian perkebunan", "hasil bumi", "hasil pertanian", "pertanian perikanan"],
    "Perdagangan": ["perdagangan", "dagang", "toko warung", "toko", "warung", "kelontong", "retail", "ritel",
                    "perdagangan umum", "dagang umum", "sembako"],
    "Jasa": ["jasa", "jasa lainnya", "jasa jasa", "layanan", "jasa layanan", "services", "service"],
}
_BUSINESS_TYPE_BY_KEY = {key: canonical for canonical, keys in _BUSINESS_TYPE_SPELLINGS.items() for key in keys}


@_remembered
def clean_business_type(value) -> str:
    """JENIS USAHA as one of BUSINESS_TYPES; an unknown one is kept, title-cased; blank → ""."""
    text = clean_text(value)
    if not text:
        return ""
    return _BUSINESS_TYPE_BY_KEY.get(_word_key(text)) or title_words(text.lower())


def _catalog_categories():
    """(slug, name, name_en) of every category in fixtures/categories.csv (what load_catalog_reference loads)."""
    with open(Path(settings.BASE_DIR) / "fixtures" / "categories.csv", encoding="utf-8", newline="") as handle:
        return [(row["slug"], row["name"], row["name_en"]) for row in csv.DictReader(handle)]


CATEGORIES = _catalog_categories()
_CATEGORY_SPELLINGS = {
    "makanan-minuman-olahan": ["makanan", "makanan olahan", "mamin", "minuman", "makanan minuman",
                               "olahan pangan", "pangan olahan", "makanan ringan", "snack"],
    "kuliner": ["kuliner", "siap saji", "makanan siap saji"],
    "fashion-tekstil": ["fashion", "fesyen", "kain", "pakaian", "busana", "tekstil", "sandang", "konveksi"],
    "kriya-kerajinan": ["kerajinan", "kriya", "kerajinan tangan", "kriya kerajinan", "handicraft"],
    "pertanian-perkebunan": ["hasil pertanian", "pertanian", "hasil bumi", "perkebunan", "hasil perkebunan",
                             "agribisnis"],
    "perikanan": ["perikanan", "hasil perikanan", "ikan", "hasil laut"],
    "kecantikan-kesehatan": ["kecantikan", "kesehatan", "kosmetik", "herbal", "jamu"],
    "peternakan": ["peternakan", "hasil peternakan", "ternak"],
    "jasa": ["jasa", "layanan", "jasa layanan"],
    "aksesoris-souvenir": ["aksesoris", "aksesori", "souvenir", "suvenir", "cinderamata", "cendera mata"],
    "sembako": ["sembako", "kebutuhan pokok", "sembilan bahan pokok", "bahan pokok", "kelontong"],
}
# Category words (as _word_key writes them) → catalog category slug; every category's own name and slug too.
CATEGORY_SLUGS = {key: slug for slug, keys in _CATEGORY_SPELLINGS.items() for key in keys}
for _slug, _name, _name_en in CATEGORIES:
    for _written in (_slug, _name, _name_en):
        CATEGORY_SLUGS[_word_key(_written)] = _slug


@_remembered
def clean_category(value) -> str:
    """The catalog category slug of a product category cell ("Makanan" → "makanan-minuman-olahan")."""
    text = clean_text(value)
    slug = CATEGORY_SLUGS.get(_word_key(text)) if text else None
    if slug is None:
        names = ", ".join(name for _slug, name, _en in CATEGORIES)
        if not text:
            raise CellProblem(_("Kategori kosong; isi salah satu: %(names)s.") % {"names": names})
        raise CellProblem(_("Kategori '%(value)s' tidak dikenali; isi salah satu: %(names)s.") % {
            "value": text[:40], "names": names,
        })
    return slug


# ---------------------------------------------------------------------------- units

# Canonical unit → how it is written (lower-case, without a final dot). "porsi", "lusin" and "box"
# are left out on purpose: the product template refuses them (tests/fixtures/samples/expected.json).
UNITS = {
    "pcs": ["pcs", "pc", "piece", "pieces", "buah", "bh", "biji", "bj", "butir", "btr"],
    "kg": ["kg", "kilo", "kilogram", "kgs"],
    "gram": ["gram", "gr", "g", "grm"],
    "liter": ["liter", "litre", "ltr", "lt", "l"],
    "bungkus": ["bungkus", "bks", "bgks", "bngks", "pack", "pak", "pck", "pax", "bungkusan"],
    "lembar": ["lembar", "lbr", "lmbr", "helai", "hl"],
    "botol": ["botol", "btl"],
    "paket": ["paket", "pkt"],
    "set": ["set", "stel"],
    "meter": ["meter", "mtr", "m"],
    "toples": ["toples", "stoples", "setoples", "tples"],
    "kotak": ["kotak", "ktk"],
    "ikat": ["ikat", "ikt"],
    "pasang": ["pasang", "psg", "pasangan"],
    "unit": ["unit"],
}
_UNIT_BY_SPELLING = {spelling: unit for unit, spellings in UNITS.items() for spelling in spellings}


@_remembered
def clean_unit(value) -> str:
    """The canonical unit of a product (a key of UNITS); blank → "pcs"."""
    text = clean_text(value)
    if not text:
        return "pcs"
    unit = _UNIT_BY_SPELLING.get(text.casefold().rstrip(".").strip())
    if unit is None:
        raise CellProblem(_("Satuan '%(value)s' tidak dikenali; isi salah satu: %(units)s.") % {
            "value": text[:30], "units": ", ".join(UNITS),
        })
    return unit
