from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import gettext_lazy as _

from catalog.models import Product
from catalog.structured_data import absolute_url
from umkm_portal.money import format_rupiah_range
from umkm_portal.text import xml_safe

MEDIA_RSS = "http://search.yahoo.com/mrss/"


class MediaRssFeed(Rss201rev2Feed):
    """RSS 2.0 with Media RSS: each item's cover photo as <media:thumbnail> (the 480 px
    thumbnail) and <media:content> (the photo with its size). Media RSS needs no byte length,
    which an <enclosure> would: a storage request per item on S3."""

    def add_item(self, **kwargs):
        # A control character in a stored name would make the whole feed unwritable (XML 1.0).
        super().add_item(**{key: xml_safe(value) for key, value in kwargs.items()})

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:media": MEDIA_RSS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        photo = item.get("photo")
        if photo:
            handler.addQuickElement("media:thumbnail", attrs={"url": photo["thumbnail"]})
            handler.addQuickElement("media:content", attrs={
                "url": photo["url"], "medium": "image", "width": str(photo["width"]), "height": str(photo["height"]),
            })


class NewestProductsFeed(Feed):
    """RSS of the newest listed products: public fields only. Every address starts with SITE_URL,
    like canonical links and the sitemap (Django would take the request's host)."""

    feed_type = MediaRssFeed
    title = _("Produk terbaru")
    description = _("Produk UMKM terbaru di portal ini.")

    def get_object(self, request):
        # The feed's own address, in the language it is read in (feed_url below).
        return settings.SITE_URL + request.path

    def feed_url(self, address):
        return address

    def link(self):
        return settings.SITE_URL + reverse("catalog:product-list")

    def items(self):
        return Product.objects.listed().select_related("business", "regency", "cover").order_by("-id")[:50]

    def item_link(self, product):
        return settings.SITE_URL + product.get_absolute_url()

    def item_title(self, product):
        return product.name

    def item_description(self, product):
        parts = [product.business.name, product.regency.name, format_rupiah_range(product.price_min, product.price_max), product.description[:300]]
        return " · ".join(part for part in parts if part)

    def item_pubdate(self, product):
        return product.created_at

    def item_extra_kwargs(self, product):
        cover = product.cover
        if cover is None:
            return {}
        return {"photo": {
            "thumbnail": absolute_url(cover.thumb.url), "url": absolute_url(cover.image.url),
            "width": cover.width, "height": cover.height,
        }}
