from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from catalog.models import Product
from directory.models import Business
from regions.models import Regency


class StaticSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["catalog:home", "catalog:product-list", "directory:business-list"]

    def location(self, item):
        return reverse(item)


class RegionSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return Regency.objects.in_portal()


class BusinessSitemap(Sitemap):
    changefreq = "weekly"
    limit = 10_000

    def items(self):
        return Business.objects.listed().only("slug", "updated_at").order_by("id")

    def lastmod(self, business):
        return business.updated_at


class ProductSitemap(Sitemap):
    changefreq = "weekly"
    limit = 10_000

    def items(self):
        return Product.objects.listed().only("slug", "updated_at").order_by("id")

    def lastmod(self, product):
        return product.updated_at


SITEMAPS = {"halaman": StaticSitemap, "wilayah": RegionSitemap, "umkm": BusinessSitemap, "produk": ProductSitemap}
