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


def regency_slug(name):
    return slugify(name)
