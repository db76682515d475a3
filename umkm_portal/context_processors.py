from django.conf import settings
from django.templatetags.static import static
from django.urls import translate_url

from umkm_portal.alternates import page_links


def portal(request):
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "PORTAL_PROVINCE_NAME": settings.PORTAL_PROVINCE_NAME,
        "SITE_URL": settings.SITE_URL,
        "portal_owner": portal_owner(),
        # This page in every language: plain links, so public pages carry no form, no CSRF
        # cookie, and can be cached whole.
        # The default canonical and hreflang links (this path without its query); a view that
        # knows better passes its own as `listing_links` (catalog listings).
        "page_links": page_links(request.path),
        "language_links": [(code, name, translate_url(request.get_full_path(), code)) for code, name in settings.LANGUAGES],
    }


def portal_owner():
    """The dinas that runs the portal, as the header, the footer and the "Tentang" page show it."""
    logo = settings.PORTAL_OWNER_LOGO
    whatsapp = settings.PORTAL_OWNER_WHATSAPP
    return {
        "name": settings.PORTAL_OWNER_NAME,
        "logo_url": logo if logo.startswith(("https://", "http://", "/")) else static(logo),
        "address": settings.PORTAL_OWNER_ADDRESS,
        "email": settings.PORTAL_OWNER_EMAIL,
        "phone": settings.PORTAL_OWNER_PHONE,
        # +62… as settings stores it; wa.me wants the digits alone.
        "whatsapp": whatsapp,
        "whatsapp_url": f"https://wa.me/{whatsapp.lstrip('+')}" if whatsapp else "",
        "url": settings.PORTAL_OWNER_URL,
    }
