from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from catalog.models import Product
from umkm_portal.money import format_rupiah_range


class NewestProductsFeed(Feed):
    """RSS of the newest listed products: public fields only."""

    title = _("Produk terbaru")
    link = reverse_lazy("catalog:product-list")
    description = _("Produk UMKM terbaru di portal ini.")

    def items(self):
        return Product.objects.listed().select_related("business", "regency").order_by("-id")[:50]

    def item_title(self, product):
        return product.name

    def item_description(self, product):
        parts = [product.business.name, product.regency.name, format_rupiah_range(product.price_min, product.price_max), product.description[:300]]
        return " · ".join(part for part in parts if part)

    def item_pubdate(self, product):
        return product.created_at
