"""Rupiah amounts: one reader for what people write, one way to show them.

The registry import (registry.cleaning.clean_money and clean_price), the owner's product
price and omzet forms (owners.forms.fields.RupiahField) and the templates ({% price %},
|rupiah, |thousands in umkm_portal.templatetags.portal) all go through this module, so a value
typed on a form, found in a dinas spreadsheet or shown on a page follows the same rules.

Reading: parse_rupiah(value) → int | None, parse_rupiah_range(value) → (lowest, highest)
---------------------------------------------------------------------------------------
Rupiah are whole numbers. Empty means None: None, "", blanks, and a cell holding only dashes
("-", "–", "—"). Anything that is not an amount raises NotRupiah, a ValueError whose
.reason is "unreadable", "negative" or (ranges only) "reversed". The value itself is never
put in the exception: an omzet is personal data.

Case does not matter and spaces may be doubled; a written amount is, in this order:

1. Words around it that do not change it, anywhere: "±", "+/-", "+-", "kurang lebih",
   "kl", "sekitar", "kira-kira", "kira kira", and what it is per, after a slash or "per":
   "/bulan", "/bln", "/bl", "/hari", "/pcs", "per bulan", "per hari", "per pcs".
   "± 12 juta", "12 juta/bulan", "kurang lebih Rp 5.000.000".
2. An optional currency prefix "Rp", "Rp." or "IDR", with or without a space:
   "Rp 15.000", "Rp15.000", "rp. 15.000", "IDR 15000".
3. The number, written one of these ways (a *first group* is 1 to 3 digits not starting
   with 0; a *group* is exactly 3 digits):
     - plain digits ............................ 15000, 0, 2400000
     - first group, then groups after dots ..... 15.000, 15.000.000    (Indonesian)
     - first group, then groups after commas ... 150,000, 15,000,000   (English)
     - first group, then groups after spaces ... 23 000 000
     - digits, a comma, more digits ............ 2,5   15000,50        (the comma is the
       decimal mark: sen)
     - dot- or space-grouped, then a comma and sen: 15.000,50   23 000 000,50
     - comma-grouped, then a dot and sen ......... 15,000,000.00
   A separator followed by exactly three digits and nothing else groups thousands, so its
   first group must be a proper one: "150,000" is one hundred fifty thousand; "1234,567",
   "0,500", "0.500" and "15.00.000" (a group of two), "1.23.456" are unreadable. Without a
   unit word a dot marks sen only after comma groups ("15,000,000.00"): "1.5" and
   "15000.00" are unreadable (in Indonesian a dot groups thousands; we do not guess).
4. An optional unit word, with or without a space before it and an optional period after:
     rb, ribu, rbu, k ............. × 1.000       "25rb", "25 ribu", "25K", "15.000 rb"
     jt, juta, jta, jeti .......... × 1.000.000   "1,5 jt", "58 jt", "60 JT", "±12jt"
     m, miliar, milyar ............ × 1.000.000.000  "1,2 M", "2 miliar"
   With a unit word either mark may be the decimal mark: "1,5 jt" = "1.5 jt" = 1.500.000,
   "3,25 jt" = 3.250.000; a single mark followed by exactly three digits still groups
   thousands ("1.500 jt" = 1.500.000.000) except after a lone 0 ("0,500 jt" = 500.000).
5. An optional suffix saying "no sen": ",-", ",--", ".-" ("Rp 23.000.000,-"); ",0" and
   ",00" are sen of zero and read by rule 3 ("2.400.000,00").

A minus sign ("-", "−" or "–") before the number or the prefix makes it negative: "-5000",
"-5.000", "Rp -5.000" raise reason "negative" ("-0" is 0). "0" is 0: callers decide whether
0 is allowed (the import refuses a price of 0).
Sen are rounded to the nearest rupiah, half up: "2,5" → 3, "15.000,50" → 15.001,
"1,0005 jt" → 1.000.500.

Anything else is unreadable: "Rp" alone, words ("banyak", "lima belas ribu", "gratis"),
another unit ("15 dolar", "12 kg"), two amounts ("12 juta 500 ribu") or a range given to
parse_rupiah ("10-20 jt").

Numbers from spreadsheet cells (int, float, Decimal) are taken as they are: 2400000.0 →
2.400.000; a fraction rounds half up; NaN and infinities are unreadable; bool is unreadable.

millions=True is for a registry column whose header gives the unit as juta ("Omzet (Juta
Rp)"): a number without a unit word is read as if "juta" followed it, and multiplied by a
million when it is below 100.000 ("0,7" → 700.000, "26" → 26.000.000, 26 → 26.000.000,
"1.5" → 1.500.000); 100.000 and more is already rupiah ("2.500.000" stays 2.500.000).
A unit word written in the cell wins ("1,5 jt" → 1.500.000).

Ranges (parse_rupiah_range) are two amounts with a separator between them: "-", "–", "—",
"~", "s/d", "s.d.", "s.d", "sd", "sampai", "hingga", spaces around it optional:
"10.000 - 15.000", "Rp10.000-Rp15.000", "10.000 s/d 15.000", "Rp 10.000,- - Rp 15.000,-",
"10rb-15rb". When only the highest has a unit word the lowest takes it too: "10-15rb" is
10.000 to 15.000, "1-1,5 jt" is 1.000.000 to 1.500.000. The answer is (lowest, highest),
highest None for a single amount or two equal ones; (None, None) when empty. A highest
below the lowest raises reason "reversed"; either side negative raises "negative".

Showing: format_rupiah(15000) → "Rp 15.000", format_thousands(15000) → "15.000",
format_rupiah_range(15000, 40000) → "Rp 15.000 – Rp 40.000" (en dash between spaces), the
single amount when highest is None or not above lowest; "" for None. Every reading of what
these print gives the amount back.
"""

import functools
import math
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = [
    "NotRupiah", "format_rupiah", "format_rupiah_range", "format_thousands", "parse_rupiah", "parse_rupiah_range",
]

MULTIPLIERS = {
    "rb": 1_000, "ribu": 1_000, "rbu": 1_000, "k": 1_000,
    "jt": 1_000_000, "juta": 1_000_000, "jta": 1_000_000, "jeti": 1_000_000,
    "m": 1_000_000_000, "miliar": 1_000_000_000, "milyar": 1_000_000_000,
}
# millions=True: a bare number below this is in juta; this much or more is already rupiah.
MILLIONS_BELOW = 100_000
_MAX_TEXT = 120  # longer text is not an amount (and is not worth a regex)
_ONE = Decimal(1)


class NotRupiah(ValueError):
    """Not a Rupiah amount. .reason: "unreadable", "negative" or "reversed" (a range whose
    highest is below its lowest). Never carries the value (an omzet is personal data)."""

    REASONS = ("unreadable", "negative", "reversed")

    def __init__(self, reason="unreadable"):
        super().__init__(f"not a Rupiah amount ({reason})")
        self.reason = reason


# ---------------------------------------------------------------------------- reading

# The commonest shapes, read by one fullmatch: "15000", "Rp 23.000.000", "Rp23.000.000,-", "2.400.000,00".
_FAST = re.compile(r"\s*(?:(?:rp\.?|idr)\s*)?([1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,-{1,2}|\.-|,00?)?\s*", re.IGNORECASE)
# "10.000 - 15.000", "Rp10.000-Rp15.000", "10.000 s/d 15.000": two of those around a separator.
_FAST_AMOUNT = r"(?:(?:rp\.?|idr)\s*)?([1-9]\d{0,2}(?:\.\d{3})+|\d+)(?:,-{1,2}|\.-|,00?)?"
_FAST_RANGE = re.compile(
    rf"\s*{_FAST_AMOUNT}\s*(?:-|–|—|~|s/d|s\.d\.?|sd|sampai|hingga)\s*{_FAST_AMOUNT}\s*", re.IGNORECASE
)
_INVISIBLE = re.compile("[\u200b\ufeff\u00ad]")
_DASHES = re.compile(r"[-–—]+")
_NOISE = re.compile(
    r"±|\+/-|\+-|\bkurang lebih\b|\bkl\b|\bsekitar\b|\bkira-kira\b|\bkira kira\b"
    r"|(?:/|\bper) ?(?:bulan|bln|bl|hari|pcs)\b"
)
_MINUS = "-−–"
_AMOUNT = re.compile(
    rf"(?P<minus>[{_MINUS}] ?)?(?:(?:rp\.?|idr) ?)?(?P<minus_after_prefix>[{_MINUS}] ?)?"
    r"(?P<number>\d+(?:[., ]\d+)*)"
    r" ?(?P<unit>[a-z]+)?\.?"
    r"(?: ?(?:,-{1,2}|\.-))?"
)
_MARKS = re.compile(r"([., ])")
_FIRST_GROUP = re.compile(r"[1-9]\d{0,2}")
_GROUP = re.compile(r"\d{3}")
# Between the two amounts of a range. A dash with nothing (or only "Rp") before it is a minus sign.
_RANGE_SEPARATOR = re.compile(r" ?(?:s/d|s\.d\.?|sd|sampai|hingga|~|–|—|-) ?(?=(?:(?:rp\.?|idr) ?)?\d)")
_PREFIX_ONLY = re.compile(r"(?:(?:rp\.?|idr) ?)?")


def _normalise(text):
    """Lower-case, single-spaced, without invisible characters; None when it is empty."""
    text = " ".join(_INVISIBLE.sub("", text).casefold().split())  # split() also breaks on NBSP
    if not text or _DASHES.fullmatch(text):
        return None
    return text


def _number(number, *, has_unit):
    """The Decimal written as `number` (digits with ".", "," or " " between), following rule 3
    of the module docstring, or rule 4 when `has_unit`; None when it is not a number."""
    parts = _MARKS.split(number)
    digits, marks = parts[::2], parts[1::2]
    if not marks:
        return Decimal(number)
    fraction = None
    if len(set(marks)) == 2:  # groups with one mark, then sen after the other, once and last
        decimal_mark = marks[-1]
        if decimal_mark not in ",." or marks[:-1].count(marks[0]) != len(marks) - 1:
            return None
        if (marks[0], decimal_mark) not in ((".", ","), (",", "."), (" ", ",")):
            return None
        fraction, digits = digits[-1], digits[:-1]
    elif len(set(marks)) > 2:
        return None
    elif len(marks) == 1 and marks[0] != " " and (
        len(digits[1]) != 3 or (has_unit and digits[0] == "0")
    ):
        # One mark not followed by exactly three digits (or "0,500 jt"): the decimal mark;
        # without a unit word only a comma can be.
        if marks[0] == "." and not has_unit:
            return None
        fraction, digits = digits[1], digits[:1]
    if len(digits) > 1 and not (
        _FIRST_GROUP.fullmatch(digits[0]) and all(_GROUP.fullmatch(group) for group in digits[1:])
    ):
        return None
    whole = "".join(digits)
    return Decimal(f"{whole}.{fraction}" if fraction else whole)


def _parts(text):
    """(negative?, the number as written, its unit word or None) of one amount (normalised text,
    words of rule 1 removed); NotRupiah when the text is not one amount."""
    match = _AMOUNT.fullmatch(text)
    if not match:
        raise NotRupiah("unreadable")
    unit = match["unit"]
    if unit is not None and unit not in MULTIPLIERS:
        raise NotRupiah("unreadable")
    return bool(match["minus"] or match["minus_after_prefix"]), match["number"], unit


def _whole(amount):
    """A Decimal as whole rupiah, half up."""
    try:
        return int(amount.quantize(_ONE, rounding=ROUND_HALF_UP))
    except InvalidOperation:  # more digits than any amount has
        raise NotRupiah("unreadable") from None


def _value(number, unit, *, millions=False):
    """Whole rupiah of a number as written and its unit word (or None)."""
    amount = _number(number, has_unit=unit is not None or millions)
    if amount is None:
        raise NotRupiah("unreadable")
    if unit is not None:
        amount *= MULTIPLIERS[unit]
    elif millions and amount < MILLIONS_BELOW:
        amount *= 1_000_000
    return _whole(amount)


@functools.lru_cache(maxsize=4096)
def _read_text(text, millions):
    if len(text) > _MAX_TEXT:
        raise NotRupiah("unreadable")
    fast = _FAST.fullmatch(text)
    if fast:
        amount = int(fast.group(1).replace(".", ""))
        return amount * 1_000_000 if millions and amount < MILLIONS_BELOW else amount
    text = _normalise(text)
    if text is None:
        return None
    text = " ".join(_NOISE.sub(" ", text).split())
    negative, number, unit = _parts(text)
    amount = _value(number, unit, millions=millions)
    if negative and amount:
        raise NotRupiah("negative")
    return amount


def _read_number(value, millions):
    if isinstance(value, bool):
        raise NotRupiah("unreadable")
    if isinstance(value, int):
        amount = value
    elif isinstance(value, float) and value.is_integer() and abs(value) < 1e15:  # 2400000.0, as cells mostly hold
        amount = int(value)
    else:
        if isinstance(value, float):
            if not math.isfinite(value):
                raise NotRupiah("unreadable")
            value = Decimal(repr(value))  # the digits the spreadsheet shows, not the binary fraction
        if not value.is_finite():
            raise NotRupiah("unreadable")
        amount = value
    if amount < 0:
        raise NotRupiah("negative")
    if millions and amount < MILLIONS_BELOW:
        amount *= 1_000_000
    return amount if isinstance(amount, int) else _whole(amount)


def parse_rupiah(value, *, millions=False) -> int | None:
    """Whole rupiah of `value` (str, int, float, Decimal or None) following the grammar of the
    module docstring; None when it is empty. Raises NotRupiah ("negative", "unreadable").
    millions=True: a number without a unit word below 100.000 is in juta (a "Juta Rp" column)."""
    if value is None:
        return None
    if isinstance(value, str):
        return _read_text(value, bool(millions))
    if isinstance(value, (int, float, Decimal)):
        return _read_number(value, millions)
    raise NotRupiah("unreadable")


@functools.lru_cache(maxsize=4096)
def _read_range(text):
    if len(text) > _MAX_TEXT:
        raise NotRupiah("unreadable")
    fast = _FAST.fullmatch(text)
    if fast:
        return int(fast.group(1).replace(".", "")), None
    fast = _FAST_RANGE.fullmatch(text)
    if fast:
        lowest, highest = int(fast.group(1).replace(".", "")), int(fast.group(2).replace(".", ""))
        if highest < lowest:
            raise NotRupiah("reversed")
        return lowest, (highest if highest > lowest else None)
    text = _normalise(text)
    if text is None:
        return None, None
    text = " ".join(_NOISE.sub(" ", text).split())
    for separator in _RANGE_SEPARATOR.finditer(text):
        lowest_text = text[:separator.start()]
        if _PREFIX_ONLY.fullmatch(lowest_text):
            continue  # "-5.000", "Rp -5.000": a minus sign, not a range
        lowest_negative, lowest_number, lowest_unit = _parts(lowest_text)
        highest_negative, highest_number, highest_unit = _parts(text[separator.end():])
        if lowest_unit is None:
            lowest_unit = highest_unit  # "10-15rb": both in ribu
        lowest = _value(lowest_number, lowest_unit)
        highest = _value(highest_number, highest_unit)
        if (lowest_negative and lowest) or (highest_negative and highest):
            raise NotRupiah("negative")
        if highest < lowest:
            raise NotRupiah("reversed")
        return lowest, (highest if highest > lowest else None)
    return _read_text(text, False), None


def parse_rupiah_range(value) -> tuple[int | None, int | None]:
    """(lowest, highest) of a price or price range as written (module docstring, "Ranges");
    highest is None for a single amount or two equal ones; (None, None) when empty.
    Raises NotRupiah ("unreadable", "negative", "reversed")."""
    if value is None:
        return None, None
    if isinstance(value, str):
        return _read_range(value)
    return parse_rupiah(value), None


# ---------------------------------------------------------------------------- showing


def format_thousands(amount) -> str:
    """12345 → "12.345" (dots group thousands, no sen; a fraction rounds half up); "" for None or ""."""
    if amount is None or amount == "":
        return ""
    if isinstance(amount, str):
        amount = int(amount)
    elif isinstance(amount, float):
        amount = _whole(Decimal(repr(amount)))
    elif not isinstance(amount, int):
        amount = _whole(Decimal(amount))
    return f"{amount:,}".replace(",", ".")


def format_rupiah(amount) -> str:
    """15000 → "Rp 15.000"; "" for None or ""."""
    if amount is None or amount == "":
        return ""
    return "Rp " + format_thousands(amount)


def format_rupiah_range(lowest, highest=None) -> str:
    """(15000, 40000) → "Rp 15.000 – Rp 40.000"; the single amount when highest is None or
    not above lowest; "" when lowest is None."""
    if lowest is None or lowest == "":
        return ""
    if highest is not None and highest != "" and highest > lowest:
        return f"{format_rupiah(lowest)} – {format_rupiah(highest)}"
    return format_rupiah(lowest)
