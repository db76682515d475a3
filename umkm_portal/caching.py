"""Whole-page caching for public pages: every anonymous visitor sees the same page, so
one rendering can serve them all for a short while (PAGE_CACHE_SECONDS; 0 turns it off).
Changes by owners and staff show up on the public pages within that time."""

from functools import cache, wraps

from django.conf import settings
from django.views.decorators.cache import cache_page


@cache
def _cached(view, seconds):
    return cache_page(seconds)(view)


def public_page(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = settings.PAGE_CACHE_SECONDS
        # Someone logged in may see their own unlisted things later on: never serve them a shared copy.
        if seconds <= 0 or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return view(request, *args, **kwargs)
        return _cached(view, seconds)(request, *args, **kwargs)

    return wrapper
