"""Whole-page caching for public pages: every anonymous visitor sees the same page, so
one rendering can serve them all for a short while (PAGE_CACHE_SECONDS; 0 turns it off).
Changes by owners and staff show up on the public pages within that time.

The copy is found by the path (with its /en/ prefix, so by language), the host and the
query parameters the page reads, sorted: `?x=<random>` or a reordered query string finds the
same copy instead of rendering the page again. (Empty values stay: the catalog pages redirect
them away once, catalog.filters.tidy_url, and a redirect is never cached.) Each page
declares the parameters it reads (`@public_page(params=[...])`); every other parameter is
dropped from the request before the view sees it, with the page cache on or off, so a page
never depends on a parameter its cache key leaves out."""

from functools import cache, wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import QueryDict
from django.views.decorators.cache import cache_page


@cache
def _cached(view, seconds):
    return cache_page(seconds)(view)


def public_page(view=None, *, params=()):
    """Cache `view` whole for anonymous visitors; `params` are the query parameters it reads."""
    if view is None:
        return lambda view: public_page(view, params=params)
    known = frozenset(params)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        _keep_only(request, known)
        seconds = settings.PAGE_CACHE_SECONDS
        # Someone logged in may see their own unlisted things later on: never serve them a shared copy.
        if seconds <= 0 or is_signed_in(request):
            return view(request, *args, **kwargs)
        return _cached(view, seconds)(request, *args, **kwargs)

    return wrapper


def _keep_only(request, known):
    """Reduce the request's query string to the known parameters, sorted by name (the page cache
    keys on the query string, the view reads request.GET: both change)."""
    pairs = sorted(((k, v) for k, values in request.GET.lists() if k in known for v in values), key=lambda p: p[0])
    query = urlencode(pairs)
    if query != request.META.get("QUERY_STRING", ""):
        request.META["QUERY_STRING"] = query
        request.GET = QueryDict(query)


def is_signed_in(request):
    """Whether the visitor's session holds a logged-in user. Without a session cookie this costs
    nothing; with one, one lookup by primary key in the session store (none when the cookie is
    malformed), so a made-up `sessionid` cookie is served the shared copy like everyone else."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return SESSION_KEY in request.session
