from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from catalog.sitemaps import sitemap_index, sitemap_section
from catalog.views.products import robots_txt

urlpatterns = [
    path("robots.txt", robots_txt, name="robots"),
    # Crawlers only; both languages in each, every address from SITE_URL (catalog.sitemaps).
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemap_section, name="sitemap-section"),
]
urlpatterns += i18n_patterns(
    path("admin/", include("backoffice.urls")),
    path("admin/", admin.site.urls),
    path("akun/", include("accounts.urls")),
    path("akun/", include("owners.urls")),
    path("laporkan/", include("feedback.urls")),
    path("", include("catalog.urls")),
    prefix_default_language=False,
)
if settings.DEBUG or settings.SERVE_MEDIA:
    urlpatterns += [path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
