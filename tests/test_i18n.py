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
    # The one link out of English is the language switch back to Bahasa Indonesia.
    assert html.count('href="/produk/') == 1
    assert '<a href="/produk/" hreflang="id" lang="id">Bahasa Indonesia</a>' in html


def test_language_switch_is_a_link_to_the_same_page(client, catalog):
    response = client.get("/produk/?kategori=kuliner")
    html = response.content.decode()
    assert '<a href="/en/produk/?kategori=kuliner" hreflang="en" lang="en">English</a>' in html
    assert '<link rel="alternate" hreflang="en" href="http://127.0.0.1:8000/en/produk/?kategori=kuliner">' in html
    # No form and so no CSRF cookie: public pages can be cached whole.
    assert "csrftoken" not in response.cookies and "csrfmiddlewaretoken" not in html


def test_a_filter_that_does_not_fit_in_english_is_dropped_too(client, catalog):
    html = get_html(client, "/en/produk/?skala=raksasa&kategori=kuliner")
    assert "raksasa" in html and 'lang="en"' in html


def test_unknown_language_prefix_is_404(client, catalog):
    assert client.get("/fr/produk/").status_code == 404
