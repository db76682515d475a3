"""Where a place in Indonesia is: one reader for coordinates as people write them.

The registry import (registry.cleaning.clean_location) and the owner's listing form
(owners.forms.listing.BusinessLocationForm) both go through read_location, so a position found
in a dinas spreadsheet and one typed by an owner follow the same rules.

One coordinate (parse_degrees) is written
  - as a number: -2.9761, 104.7754 (a spreadsheet number cell, taken as it is);
  - as text with a decimal point or an Indonesian decimal comma: "-2.9761", "-2,9761", "104,7754";
  - in degrees, minutes and seconds, with the hemisphere as a letter before or after:
    2°58'34"S, 104°46'31.5"E, 2° 58' 34" LS, S 2°58.57' (N/S/E/W, or LU/LS/BT/BB in Indonesian);
  - in decimal degrees with a hemisphere: "2.9761 LS", "104.7754° BT".
Both in one cell (parse_pair): "-2.9761, 104.7754", "-2,9761 104,7754", "-2,9761;104,7754",
2°58'34"S 104°46'31"E.

read_location checks the pair against Indonesia's extent (latitude -11 to 6.5, longitude 94 to
141.5): a latitude and longitude written in each other's place are swapped back (the result
says so), anything else outside raises NotCoordinates. Values are rounded to 6 decimals (about
10 cm, what BusinessPrivate stores). NotCoordinates never carries the value: a location is
personal data. Its .reason is "unreadable", "half" (only one of the two) or "outside".
"""

import math
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

LATITUDE_RANGE = (-11.0, 6.5)
LONGITUDE_RANGE = (94.0, 141.5)
PLACES = Decimal("0.000001")


class NotCoordinates(ValueError):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


class Location(NamedTuple):
    latitude: Decimal
    longitude: Decimal
    swapped: bool = False  # the two were written in each other's place


_MINUS = str.maketrans({"−": "-", "–": "-", "‐": "-"})
_DECIMAL = re.compile(r"[-+]?\d{1,3}(?:[.,]\d+)?")
_HEMISPHERE = r"(LU|LS|BT|BB|[NSEWUTB])"
_DMS = re.compile(
    rf"{_HEMISPHERE}?\s*([-+]?\d{{1,3}}(?:[.,]\d+)?)\s*[°º˚]\s*"
    r"(?:(\d{1,2}(?:[.,]\d+)?)\s*['′’`]\s*)?"
    r"(?:(\d{1,2}(?:[.,]\d+)?)\s*(?:\"|″|”|''|′′)\s*)?"
    rf"{_HEMISPHERE}?(?![A-Z])",
    re.IGNORECASE,
)
_DECIMAL_WITH_HEMISPHERE = re.compile(rf"([-+]?\d{{1,3}}(?:[.,]\d+)?)\s*°?\s*{_HEMISPHERE}", re.IGNORECASE)
_NEGATIVE = {"S", "LS", "W", "BB", "B"}
_PAIR_NUMBER = re.compile(r"[-+]?\d+(?:[.,]\d+)?")


def _number(text):
    return float(text.replace(",", "."))


def _signed(degrees, hemisphere):
    if hemisphere and hemisphere.upper() in _NEGATIVE:
        return -abs(degrees)
    return degrees


def _from_dms(match):
    before, degrees, minutes, seconds, after = match.groups()
    value = abs(_number(degrees)) + (_number(minutes) / 60 if minutes else 0) + (_number(seconds) / 3600 if seconds else 0)
    if degrees.startswith("-"):
        value = -value
    return _signed(value, after or before)


def parse_degrees(value):
    """One coordinate in degrees as a float, or None when empty; NotCoordinates("unreadable")
    when it is not one."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise NotCoordinates("unreadable")
    if isinstance(value, (int, float, Decimal)):
        number = float(value)
        if not math.isfinite(number):
            raise NotCoordinates("unreadable")
        return number
    text = " ".join(str(value).translate(_MINUS).split())
    if not text or set(text) <= set("-–—_."):
        return None
    if _DECIMAL.fullmatch(text):
        return _number(text)
    for pattern, read in ((_DMS, _from_dms), (_DECIMAL_WITH_HEMISPHERE, lambda m: _signed(_number(m[1]), m[2]))):
        match = pattern.fullmatch(text)
        if match:
            return read(match)
    raise NotCoordinates("unreadable")


def parse_pair(value):
    """(latitude, longitude) as floats from one cell holding both, or None when empty;
    NotCoordinates("unreadable") when it does not hold exactly two coordinates."""
    if value is None:
        return None
    text = " ".join(str(value).translate(_MINUS).split())
    if not text or set(text) <= set("-–—_."):
        return None
    numbers = _PAIR_NUMBER.findall(text)  # the usual case first: two plain numbers
    if len(numbers) == 2 and not _PAIR_NUMBER.sub("", text).strip(" ,;/"):
        return _number(numbers[0]), _number(numbers[1])
    with_degrees = list(_DMS.finditer(text))
    if len(with_degrees) == 2 and not _DMS.sub("", text).strip(" ,;/"):
        return _from_dms(with_degrees[0]), _from_dms(with_degrees[1])
    with_hemisphere = list(_DECIMAL_WITH_HEMISPHERE.finditer(text))
    if len(with_hemisphere) == 2 and not _DECIMAL_WITH_HEMISPHERE.sub("", text).strip(" ,;/"):
        return tuple(_signed(_number(m[1]), m[2]) for m in with_hemisphere)
    raise NotCoordinates("unreadable")


def _within(value, bounds):
    return bounds[0] <= value <= bounds[1]


def _rounded(value):
    return Decimal(repr(value)).quantize(PLACES, rounding=ROUND_HALF_UP)


def as_stored(value):
    """A coordinate (float, e.g. from a staged import record) as BusinessPrivate stores it."""
    return None if value is None else _rounded(float(value))


def locate(latitude, longitude):
    """A Location in Indonesia from two floats (either may be None: then None when both are,
    NotCoordinates("half") when one is). 0 and 0 is a spreadsheet's way of saying "none"."""
    if latitude is None and longitude is None:
        return None
    if latitude is None or longitude is None:
        raise NotCoordinates("half")
    if latitude == 0 and longitude == 0:
        return None
    if _within(latitude, LATITUDE_RANGE) and _within(longitude, LONGITUDE_RANGE):
        return Location(_rounded(latitude), _rounded(longitude))
    if _within(longitude, LATITUDE_RANGE) and _within(latitude, LONGITUDE_RANGE):
        return Location(_rounded(longitude), _rounded(latitude), swapped=True)
    raise NotCoordinates("outside")


def read_location(*, latitude=None, longitude=None, pair=None):
    """The Location written as two values (a latitude and a longitude) or one holding both
    (`pair`, used when the two are empty), or None when nothing is written. Raises NotCoordinates."""
    lat, lng = parse_degrees(latitude), parse_degrees(longitude)
    if lat is None and lng is None and pair not in (None, ""):
        lat, lng = parse_pair(pair) or (None, None)
    return locate(lat, lng)
