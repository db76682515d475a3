"""Normalising region names, so "KAB. OKU TIMUR" and "Ogan Komering Ulu Timur" can be compared."""

import re

from django.utils.text import slugify

_PREFIXES = re.compile(r"^(kabupaten|kab|kota|kec|kecamatan|desa|kel|kelurahan)\b\.?\s*")


def normalize_region_name(value):
    """Lower-case, single-spaced, punctuation-free, without a leading "Kab."/"Kota" prefix."""
    text = re.sub(r"[^a-z0-9 ]+", " ", str(value).replace("\xa0", " ").lower())
    text = re.sub(r"\s+", " ", text).strip()
    return _PREFIXES.sub("", text).strip()


# How registries write numbers in place names: "Dua Puluh Enam Ilir", "Ilir Timur II", "26 Ilir".
NUMBER_UNITS = {"satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "delapan": 8, "sembilan": 9}
NUMBER_WHOLES = {"sepuluh": 10, "sebelas": 11, "seratus": 100}
ROMAN_NUMERALS = {"i": "1", "ii": "2", "iii": "3", "iv": "4", "v": "5", "vi": "6", "vii": "7", "viii": "8", "ix": "9",
                  "x": "10", "xi": "11", "xii": "12"}


def _read_number(words, index):
    """The number written in lower-case words from words[index]: 'dua puluh enam' → 26, 'tiga belas' → 13."""
    word = words[index]
    if word in NUMBER_WHOLES:
        return NUMBER_WHOLES[word], index + 1
    value, index = NUMBER_UNITS[word], index + 1
    following = words[index] if index < len(words) else None
    if following == "belas":
        return value + 10, index + 1
    if following == "puluh":
        value, index = value * 10, index + 1
        if index < len(words) and words[index] in NUMBER_UNITS and words[index + 1:index + 2] not in (["belas"], ["puluh"]):
            value, index = value + NUMBER_UNITS[words[index]], index + 1
    return value, index


def number_words(words):
    """[(is_number, text)] of `words`: each run of number words becomes one number in digits
    (['Dua', 'Puluh', 'Enam', 'Ilir'] → [(True, '26'), (False, 'Ilir')]); other words keep their case."""
    out, index = [], 0
    lowered = [word.lower() for word in words]
    while index < len(words):
        if lowered[index] in NUMBER_UNITS or lowered[index] in NUMBER_WHOLES:
            value, index = _read_number(lowered, index)
            out.append((True, str(value)))
        else:
            out.append((False, words[index]))
            index += 1
    return out


def compact_words(words):
    """Words joined without spaces ("sematangborang" = "sematang borang"), except between two numbers
    ("3 4ulu" for Tiga Empat Ulu stays apart from "34ulu")."""
    out = ""
    for word in words:
        if out and out[-1].isdigit() and word[0].isdigit():
            out += " "
        out += word
    return out


# Place names as registries write kecamatan and desa: prefixes dropped, abbreviations spelled out.
PLACE_PREFIXES = frozenset({"kabupaten", "kab", "kota", "kotamadya", "kodya", "kecamatan", "kec", "desa", "ds",
                            "kelurahan", "kel"})
# Spelled out in official names and written values alike, so an official "Gn Merakasa Lama" also
# matches "Gunung Merakasa Lama".
ABBREVIATIONS = {"tj": "tanjung", "tg": "tanjung", "tjg": "tanjung", "sei": "sungai", "sgi": "sungai",
                 "kp": "kampung", "kpg": "kampung", "sp": "simpang", "spg": "simpang", "smp": "simpang",
                 "gn": "gunung", "gng": "gunung", "pd": "pondok", "pdk": "pondok", "bt": "batu", "btu": "batu",
                 "lb": "lubuk", "lbk": "lubuk", "ma": "muara"}
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def numbers_as_digits(words):
    """['ilir', 'timur', 'dua'] and ['ilir', 'timur', 'ii'] → ['ilir', 'timur', '2']."""
    return [text if is_number else ROMAN_NUMERALS.get(text, text) for is_number, text in number_words(words)]


def place_words(value, strip_prefix=True, *, spell_out=True):
    """The lower-case words of a place name, its "Kec."/"Desa" prefix dropped (when more follows)
    and abbreviations spelled out ("Tj." → "tanjung") unless spell_out is False."""
    words = _NOT_ALNUM.sub(" ", str(value).replace("\xa0", " ").lower()).split()
    if strip_prefix and len(words) > 1 and words[0] in PLACE_PREFIXES:
        words = words[1:]
    return [ABBREVIATIONS.get(word, word) for word in words] if spell_out else words


def place_key(value, *, strip_prefix=True):
    """The key two spellings of one kecamatan or desa share: 'Kec. Ilir Timur II' → 'ilirtimur2',
    'Dua-puluh-enam Ilir Satu' → '26ilir1', '3-4 Ulu' → '3 4ulu'."""
    return compact_words(numbers_as_digits(place_words(value, strip_prefix)))


def slip_distance(a, b, limit):
    """Edits (insert, drop, change, swap two neighbours) from a to b; limit + 1 once over the limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2, previous = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


def regency_slug(name):
    return slugify(name)
