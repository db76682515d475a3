"""Inactive and unverified businesses, businesses outside the portal's province and hidden
products appear nowhere public: lists, search, region pages, sitemaps, feed; their own pages
answer 404. And what changes later (deactivated, hidden) disappears, counts included."""

import pytest

from catalog.models import Product
from catalog.services import product_save
from directory.models import Business
from directory.services import business_set_status
from regions.models import Regency
from tests.conftest import (
    get_html,
    make_business,
    make_product,
    option_counts,
    product_slugs,
    result_count,
)

pytestmark = pytest.mark.django_db

PUBLIC_LISTS = [
    "/", "/produk/", "/produk/?urut=nama", "/produk/?wilayah=kota-palembang", "/produk/?kategori=kuliner",
    "/produk/?q=pempek", "/produk/?q=batagor", "/produk/?q=usaha", "/umkm/", "/umkm/?q=usaha", "/umkm/?q=bandung",
    "/umkm/?wilayah=kota-palembang", "/wilayah/kota-palembang/", "/sitemap-umkm.xml", "/sitemap-produk.xml",
    "/produk/feed/", "/en/produk/", "/en/umkm/",
]


def test_unlisted_appear_nowhere(client, catalog, settings):
    settings.CATALOG_PAGE_SIZE = 100
    pages = {url: get_html(client, url) for url in PUBLIC_LISTS}
    for product in catalog.unlisted:
        for url, html in pages.items():
            assert f"/produk/{product.slug}/" not in html and product.name not in html, (product.name, url)
    for business in catalog.unlisted_businesses:
        for url, html in pages.items():
            assert f"/umkm/{business.slug}/" not in html and business.name not in html, (business.name, url)


def test_their_pages_answer_404(client, catalog):
    for product in catalog.unlisted:
        assert client.get(f"/produk/{product.slug}/").status_code == 404
        assert client.get(f"/en/produk/{product.slug}/").status_code == 404
    for business in catalog.unlisted_businesses:
        assert client.get(f"/umkm/{business.slug}/").status_code == 404


def test_the_hidden_product_is_not_on_its_sellers_page(client, catalog):
    html = get_html(client, f"/umkm/{catalog.hidden.business.slug}/")
    assert catalog.hidden.slug not in product_slugs(html) and catalog.hidden.name not in html


def test_outside_the_province_even_when_active(catalog):
    outside = catalog.outside
    assert outside.status == Business.Status.ACTIVE and outside.regency.province_id == "32"
    assert not Product.objects.get(business=outside).is_listed


@pytest.fixture
def empat_lawang(db):
    """A kabupaten without any of the module's catalog: its counts are this test's alone."""
    return Regency.objects.get(slug="kabupaten-empat-lawang")


def test_deactivating_a_business_removes_it_and_its_products_and_counts(client, catalog, commit, empat_lawang):
    with commit():
        business = make_business(empat_lawang, name="Pempek Akan Tutup")
        products = [make_product(business, name=f"Pempek Akan Hilang {n}", category="kuliner") for n in range(3)]
    region_filter = f"/produk/?wilayah={empat_lawang.slug}"
    before = get_html(client, region_filter)
    assert set(product_slugs(before)) == {p.slug for p in products}
    assert result_count(before) == 3 and option_counts(before, "kategori")["kuliner"] == 3
    assert option_counts(get_html(client, "/produk/"), "wilayah")[empat_lawang.slug] == 3
    assert "1 UMKM · 3 produk" in get_html(client, empat_lawang.get_absolute_url())

    for status in (Business.Status.INACTIVE, Business.Status.UNVERIFIED):
        with commit():
            business_set_status(business=business, status=status)
        after = get_html(client, region_filter)
        assert product_slugs(after) == []
        assert result_count(after) == 0 and option_counts(after, "kategori")["kuliner"] == 0
        assert option_counts(get_html(client, "/produk/"), "wilayah")[empat_lawang.slug] == 0
        assert "0 UMKM · 0 produk" in get_html(client, empat_lawang.get_absolute_url())
        assert client.get(business.get_absolute_url()).status_code == 404
        assert client.get(products[0].get_absolute_url()).status_code == 404


def test_hiding_a_product_later_removes_it_and_its_count(client, catalog, commit, empat_lawang):
    with commit():
        business = make_business(empat_lawang)
        kept = make_product(business, name="Tekwan Tetap Tampil")
        hidden = make_product(business, name="Tekwan Akan Disembunyikan")
    region_filter = f"/produk/?wilayah={empat_lawang.slug}"
    assert result_count(get_html(client, region_filter)) == 2
    with commit():
        hidden.is_hidden = True
        product_save(product=hidden)
    html = get_html(client, region_filter)
    assert product_slugs(html) == [kept.slug] and result_count(html) == 1
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert hidden.get_absolute_url() not in get_html(client, "/sitemap-produk.xml")
