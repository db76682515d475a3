"""Keyed hashes of personal values (an IP address, an email) that a throttle counts by: the same
value gives the same key, the key gives no value back (HMAC-SHA256 with SECRET_KEY)."""

import hashlib
import hmac

from django.conf import settings


def keyed_hash(value):
    return hmac.new(settings.SECRET_KEY.encode(), (value or "").encode(), hashlib.sha256).hexdigest()
