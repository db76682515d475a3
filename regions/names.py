"""Normalising region names, so "KAB. OKU TIMUR" and "Ogan Komering Ulu Timur" can be compared."""

import re

from django.utils.text import slugify

_PREFIXES = re.compile(r"^(kabupaten|kab|kota|kec|kecamatan|desa|kel|kelurahan)\b\.?\s*")


def normalize_region_name(value):
    """Lower-case, single-spaced, punctuation-free, without a leading "Kab."/"Kota" prefix."""
    text = re.sub(r"[^a-z0-9 ]+", " ", str(value).replace("\xa0", " ").lower())
    text = re.sub(r"\s+", " ", text).strip()
    return _PREFIXES.sub("", text).strip()


def regency_slug(name):
    return slugify(name)
