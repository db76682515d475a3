"""The catalog's addresses outside the language prefix: crawlers ask for them at the root."""

from django.urls import path

from catalog.sitemaps import sitemap_index, sitemap_section
from catalog.views.products import robots_txt

urlpatterns = [
    path("robots.txt", robots_txt, name="robots"),
    # Crawlers only; both languages in each, every address from SITE_URL (catalog.sitemaps).
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap-section"),
]
