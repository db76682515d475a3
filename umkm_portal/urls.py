from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.static import serve

from catalog.sitemaps import SITEMAPS
from catalog.views.products import robots_txt
from umkm_portal.caching import public_page

urlpatterns = [
    path("robots.txt", robots_txt, name="robots"),
    # Crawlers only: 10,000 URLs a section page; served from the page cache like other public pages.
    path("sitemap.xml", public_page(sitemap_views.index), {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"}, name="sitemap"),
    path("sitemap-<section>.xml", public_page(sitemap_views.sitemap, params=["p"]), {"sitemaps": SITEMAPS}, name="sitemap-section"),
]
urlpatterns += i18n_patterns(
    path("admin/", include("backoffice.urls")),
    path("admin/", admin.site.urls),
    path("akun/", include("accounts.urls")),
    path("akun/", include("owners.urls")),
    path("", include("catalog.urls")),
    prefix_default_language=False,
)
if settings.DEBUG or settings.SERVE_MEDIA:
    urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
