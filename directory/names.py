"""Business names compared the way people mean them: case, spacing and punctuation ignored."""

import re

_DROPPED = re.compile("[.,'’\"]")
_SPACES = re.compile(r"[-()\s]+")  # \s includes the non-breaking space


def name_key(value):
    """'UD. Pempek  Cek-Ani' and 'ud pempek cek ani' give the same key."""
    return _SPACES.sub(" ", _DROPPED.sub("", str(value or "")).casefold()).strip()
