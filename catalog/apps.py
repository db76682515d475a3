from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("Katalog produk")

    def ready(self):
        from catalog.listing import on_listing_changed
        from directory.signals import listing_changed

        listing_changed.connect(on_listing_changed, dispatch_uid="catalog_listing_sync")
