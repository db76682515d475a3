import re
import secrets
from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.text import slugify
from django.utils.translation import get_language

from umkm_portal.batches import lookup_chunks, one_of


def unique_slug(model, text, *, max_length=60):
    """A readable slug for `text`, with a short random suffix when the plain one is taken."""
    base = slugify(text)[:max_length].strip("-") or "item"
    slug = base
    while model.objects.filter(slug=slug).exists():
        slug = f"{base}-{secrets.token_hex(2)}"
    return slug


def unique_slugs(model, texts, *, max_length=60):
    """unique_slug for many new objects at once: a few queries in all, not one per object.
    The slugs differ from those in the table and from each other."""
    bases = [slugify(text)[:max_length].strip("-") or "item" for text in texts]
    slugs = list(bases)
    pending = list(range(len(slugs)))
    taken = set()
    while pending:
        wanted = {slugs[i] for i in pending}
        for chunk in lookup_chunks(wanted):
            taken.update(model.objects.filter(one_of("slug", chunk)).values_list("slug", flat=True))
        still = []
        for i in pending:
            if slugs[i] in taken:
                slugs[i] = f"{bases[i]}-{secrets.token_hex(3)}"
                still.append(i)
            else:
                taken.add(slugs[i])
        pending = still
    return slugs


_PLACEHOLDER = "slug-placeholder-0"
_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


@lru_cache(maxsize=128)
def _around_slug(viewname, language, script_prefix, urlconf):
    before, after = reverse(viewname, args=[_PLACEHOLDER], urlconf=urlconf).split(_PLACEHOLDER)
    return before, after


def reverse_slug(viewname, slug):
    """reverse(viewname, args=[slug]) for a view taking one slug, at a fraction of the cost: the
    URL around the slug is reversed once per language (/en/), script prefix and URLconf. A list
    page links 24 products or businesses, and reverse() was half the time of rendering a card."""
    if not _PLAIN_SLUG.fullmatch(slug):
        return reverse(viewname, args=[slug])  # reverse() would quote it
    before, after = _around_slug(viewname, get_language(), get_script_prefix(), get_urlconf())
    return f"{before}{slug}{after}"
