from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from catalog.models import Product
from directory.models import Business
from regions.models import Regency


class StaticSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["catalog:home", "catalog:product-list", "catalog:business-list",
                "catalog:about", "catalog:safety-tips", "catalog:privacy", "catalog:terms"]

    def location(self, item):
        return reverse(item)


class RegionSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return Regency.objects.in_portal()


class LargeSitemap(Sitemap):
    """A section with very many rows. Django's index would compute the newest lastmod by
    calling lastmod() on every item (3,000,000 products loaded into memory); the index lists
    these sections without one, and each section's entries still carry their own."""

    limit = 10_000

    def get_latest_lastmod(self):
        return None


class BusinessSitemap(LargeSitemap):
    changefreq = "weekly"

    def items(self):
        return Business.objects.listed().only("slug", "updated_at").order_by("id")

    def lastmod(self, business):
        return business.updated_at


class ProductSitemap(LargeSitemap):
    changefreq = "weekly"

    def items(self):
        return Product.objects.listed().only("slug", "updated_at").order_by("id")

    def lastmod(self, product):
        return product.updated_at


SITEMAPS = {"halaman": StaticSitemap, "wilayah": RegionSitemap, "umkm": BusinessSitemap, "produk": ProductSitemap}
