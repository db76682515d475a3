from django.conf import settings
from django.urls import translate_url

from umkm_portal.alternates import page_links


def portal(request):
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "PORTAL_PROVINCE_NAME": settings.PORTAL_PROVINCE_NAME,
        "SITE_URL": settings.SITE_URL,
        # This page in every language: plain links, so public pages carry no form, no CSRF
        # cookie, and can be cached whole.
        # The default canonical and hreflang links (this path without its query); a view that
        # knows better passes its own as `listing_links` (catalog listings).
        "page_links": page_links(request.path),
        "language_links": [(code, name, translate_url(request.get_full_path(), code)) for code, name in settings.LANGUAGES],
    }
