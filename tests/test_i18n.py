"""Bahasa Indonesia at /…, English under /en/…: every public page renders in both.
(The English texts themselves are another engineer's work; only the language is checked.)"""

import pytest

from tests.conftest import get_html, product_slugs

pytestmark = pytest.mark.django_db


def test_english_pages_render(client, catalog):
    product, seller = catalog.products[0], catalog.sellers["a"]
    for path in ["/", "/produk/", "/produk/?wilayah=kota-palembang&sertifikasi=halal", f"/produk/{product.slug}/",
                 "/umkm/", f"/umkm/{seller.slug}/", "/wilayah/kota-palembang/"]:
        indonesian = get_html(client, path)
        english = get_html(client, f"/en{path}")
        assert '<html lang="id">' in indonesian, path
        assert '<html lang="en">' in english, path
        assert [slug for slug in product_slugs(english)] == product_slugs(indonesian), path


def test_english_links_stay_in_english(client, catalog):
    html = get_html(client, "/en/produk/")
    assert f'href="/en/produk/{catalog.products[-1].slug}/"' in html
    assert 'href="/produk/' not in html


def test_invalid_filter_in_english_is_still_400(client, catalog):
    get_html(client, "/en/produk/?skala=raksasa", status=400)


def test_unknown_language_prefix_is_404(client, catalog):
    assert client.get("/fr/produk/").status_code == 404
