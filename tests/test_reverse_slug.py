"""umkm_portal.slugs.reverse_slug: the URLs of products and businesses, built without a reverse()
per row, are exactly reverse()'s, in both languages."""

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from umkm_portal.slugs import reverse_slug


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("viewname", ["catalog:product-detail", "catalog:business-detail", "catalog:region"])
@pytest.mark.parametrize("slug", ["pempek-kapal-selam-3f2a", "Kopi_Semendo-12", "x"])
def test_same_url_as_reverse(language, viewname, slug):
    with translation.override(language):
        assert reverse_slug(viewname, slug) == reverse(viewname, args=[slug])


def test_language_prefix_follows_the_active_language():
    with translation.override("en"):
        assert reverse_slug("catalog:product-detail", "kopi") == "/en/produk/kopi/"
    with translation.override("id"):
        assert reverse_slug("catalog:product-detail", "kopi") == "/produk/kopi/"


def test_a_slug_the_url_pattern_refuses_fails_as_reverse_does():
    with pytest.raises(NoReverseMatch):
        reverse_slug("catalog:product-detail", "kopi-café")


def test_product_and_business_links(client, palembang, commit):
    from tests.conftest import make_business, make_product

    with commit():
        business = make_business(palembang, name="Pempek Bu Ani")
        product = make_product(business, name="Pempek Lenjer")
    assert product.get_absolute_url() == f"/produk/{product.slug}/"
    assert business.get_absolute_url() == f"/umkm/{business.slug}/"
    assert f'href="/en/produk/{product.slug}/"' in client.get("/en/produk/").content.decode()
