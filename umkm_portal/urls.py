from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

# Only dotted names here: the wiring includes the apps' URLconfs without importing them.
urlpatterns = [path("", include("catalog.root_urls"))]
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
