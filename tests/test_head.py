"""HEAD answers wherever GET does (uptime monitors and crawlers send it): the same status and
headers as GET, no body. Every public URL, in both languages, and the owner pages."""

import pytest

from tests.conftest import public_products

pytestmark = pytest.mark.django_db


def public_urls(catalog):
    product = public_products().get(name="Pempek Kapal Selam")
    business = catalog.sellers["a"]
    pages = [
        "/", "/produk/", "/produk/?kategori=kuliner", "/produk/?wilayah=kota-palembang&kategori=kuliner",
        "/produk/?q=pempek", product.get_absolute_url(), "/umkm/", "/umkm/?wilayah=kota-palembang",
        business.get_absolute_url(), "/wilayah/", "/wilayah/kota-palembang/", "/wilayah/kota-palembang/?kategori=kuliner",
        "/produk/feed/",
    ]
    return pages + ["/en" + url for url in pages] + [
        "/robots.txt", "/sitemap.xml", "/sitemap-halaman.xml", "/sitemap-kategori.xml", "/sitemap-wilayah.xml",
        "/sitemap-umkm.xml", "/sitemap-produk.xml",
    ]


def test_head_answers_like_get_on_every_public_url(client, catalog):
    for url in public_urls(catalog):
        get = client.get(url)
        head = client.head(url)
        assert get.status_code == 200, url
        assert head.status_code == 200, url
        assert head["Content-Type"] == get["Content-Type"], url
        assert head.content == b"", url


def test_head_of_a_missing_page_is_404_and_other_methods_stay_refused(client, catalog):
    for url in ("/produk/tidak-ada/", "/wilayah/tidak-ada/", "/sitemap-rahasia.xml", "/umkm/tidak-ada/"):
        assert client.head(url).status_code == 404, url
    for url in ("/produk/", "/wilayah/", "/robots.txt", "/sitemap.xml", "/sitemap-produk.xml"):
        assert client.post(url).status_code == 405, url
        assert client.put(url).status_code == 405, url


def test_head_on_owner_pages(client, roles):
    business = roles.business
    urls = ["/akun/", f"/akun/usaha/{business.slug}/", f"/akun/usaha/{business.slug}/produk/",
            f"/akun/usaha/{business.slug}/produk/baru/", f"/akun/usaha/{business.slug}/produk/{roles.product.pk}/",
            f"/akun/usaha/{business.slug}/omzet/"]
    for url in urls:  # anonymous: to the login page, as GET is
        assert client.head(url).status_code == client.get(url).status_code == 302, url
    for url in ("/akun/masuk/", "/akun/daftar/"):
        assert client.head(url).status_code == client.get(url).status_code == 200, url
    client.force_login(roles.owner)
    for url in urls:
        get, head = client.get(url), client.head(url)
        assert get.status_code == 200 and head.status_code == 200 and head.content == b"", url
    other = roles.other_business
    assert client.head(f"/akun/usaha/{other.slug}/produk/baru/").status_code == 404
