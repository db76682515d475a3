from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("Katalog produk")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from catalog.listing import bump_counts_generation, on_listing_changed
        from catalog.models import Category
        from directory.signals import listing_changed

        listing_changed.connect(on_listing_changed, dispatch_uid="catalog_listing_sync")
        # Category names and order are cached with the counts (catalog.facets).
        post_save.connect(bump_counts_generation, sender=Category, dispatch_uid="catalog_category_saved")
        post_delete.connect(bump_counts_generation, sender=Category, dispatch_uid="catalog_category_deleted")
