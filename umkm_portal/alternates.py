"""The one canonical address of a page and its address in every language, for the
<link rel="canonical"> and hreflang alternates of templates/base.html and the sitemap."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


@dataclass(frozen=True)
class PageLinks:
    canonical: str  # absolute, in the page's language
    alternates: tuple  # (hreflang, absolute URL) for every language, then x-default


def page_links(path):
    """`path` (this language's path, query included) as SITE_URL links: the canonical and the
    same page in every language; x-default is the default language's (the prefix-less URL)."""
    alternates = [(code, settings.SITE_URL + translate_url(path, code)) for code, _ in settings.LANGUAGES]
    default = dict(alternates)[settings.LANGUAGE_CODE]
    current = dict(alternates).get(get_language(), settings.SITE_URL + path)
    return PageLinks(canonical=current, alternates=(*alternates, ("x-default", default)))
