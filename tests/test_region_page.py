"""/wilayah/<slug>/: one kabupaten/kota of the portal's province, its products, featured
products, counts and filters; other provinces' regions answer 404."""

import re

import pytest
from django.conf import settings
from django.core.cache import cache

from directory.models import Business
from regions.models import District
from tests.conftest import (
    certified,
    get_html,
    jpeg_bytes,
    make_product,
    option_counts,
    product_slugs,
    public_products,
    result_count,
)

pytestmark = pytest.mark.django_db


def results(html):
    return product_slugs(html.split('id="h-semua"', 1)[1])


def featured(html):
    return product_slugs(html.split('id="h-semua"', 1)[0])


def test_region_shows_its_products_and_counts(client, catalog, palembang):
    html = get_html(client, palembang.get_absolute_url())
    products = public_products().filter(business__regency=palembang)
    businesses = Business.objects.filter(status="active", regency=palembang)
    assert f"<h1>{palembang.name}</h1>" in html
    assert f"{businesses.count()} UMKM · {products.count()} produk" in html
    assert results(html) == list(products.order_by("-id").values_list("slug", flat=True))
    assert result_count(html) == products.count()
    assert featured(html) == list(products.filter(is_featured=True).order_by("-id").values_list("slug", flat=True))
    assert not {p.slug for p in catalog.unlisted} & set(product_slugs(html))  # "Pempek Usaha Tutup" is in Palembang too


def test_other_regions_products_are_not_shown(client, catalog, oki, palembang):
    html = get_html(client, oki.get_absolute_url())
    assert set(results(html)) == set(public_products().filter(business__regency=oki).values_list("slug", flat=True))
    assert not set(results(html)) & set(public_products().filter(business__regency=palembang).values_list("slug", flat=True))


def test_kecamatan_options_are_the_regions_own(client, catalog, palembang):
    html = get_html(client, palembang.get_absolute_url())
    shown = option_counts(html, "kecamatan")
    assert set(shown) == set(District.objects.filter(regency=palembang).values_list("code", flat=True))
    for code, count in shown.items():
        assert count == public_products().filter(business__district_id=code).count(), code
    assert option_counts(html, "wilayah") == {}  # the region is fixed: no kabupaten/kota choice


def test_category_and_certification_counts_are_the_regions(client, catalog, palembang):
    html = get_html(client, palembang.get_absolute_url())
    products = public_products().filter(business__regency=palembang)
    for slug, count in option_counts(html, "kategori").items():
        assert count == products.filter(category__slug=slug).count(), slug
    for kind, count in option_counts(html, "sertifikasi").items():
        assert count == products.filter(certified(kind)).distinct().count(), kind


def test_filters_on_the_region_page(client, catalog, palembang, settings):
    settings.CATALOG_PAGE_SIZE = 100
    html = get_html(client, f"{palembang.get_absolute_url()}?kategori=fashion-tekstil&urut=harga")
    expected = public_products().filter(business__regency=palembang, category__slug="fashion-tekstil")
    assert results(html) == list(expected.order_by("price_min", "id").values_list("slug", flat=True))
    district = catalog.sellers["a"].district
    html = get_html(client, f"{palembang.get_absolute_url()}?kecamatan={district.code}")
    assert set(results(html)) == set(public_products().filter(business__district=district).values_list("slug", flat=True))


def test_kecamatan_of_another_region_is_dropped_with_a_note(client, catalog, palembang, oki):
    other = District.objects.filter(regency=oki).first()
    html = get_html(client, f"{palembang.get_absolute_url()}?kecamatan={other.code}&kategori=fashion-tekstil")
    assert f"Kecamatan {other.name} tidak ada di {palembang.name}, jadi tidak dipakai." in html
    expected = public_products().filter(business__regency=palembang, category__slug="fashion-tekstil")
    assert set(results(html)) == set(expected.values_list("slug", flat=True)) and expected.exists()


def test_a_price_that_is_not_an_amount_is_dropped_on_the_region_page(client, catalog, palembang):
    html = get_html(client, f"{palembang.get_absolute_url()}?harga_max=murah")
    assert "Harga tertinggi “murah” bukan jumlah rupiah, jadi tidak dipakai." in html
    assert set(results(html)) == set(public_products().filter(business__regency=palembang).values_list("slug", flat=True))


def test_region_outside_the_province_or_unknown_answers_404(client, catalog, bandung):
    assert client.get(bandung.get_absolute_url()).status_code == 404
    assert client.get("/wilayah/kabupaten-tidak-ada/").status_code == 404


def test_empty_region(client, catalog):
    html = get_html(client, "/wilayah/kabupaten-empat-lawang/")
    assert "0 UMKM · 0 produk" in html and results(html) == []
    assert "Belum ada produk yang cocok." in html


def test_region_page_query_count(client, catalog, commit, palembang, django_assert_num_queries):
    with commit():  # 24+ Palembang products, covers on some
        for number in range(8):
            photos = [jpeg_bytes((32, 32))] if number % 2 else []
            make_product(catalog.sellers["b"], name=f"Songket Motif {number}", photos=photos)
    assert public_products().filter(business__regency=palembang).count() >= 26
    cache.clear()
    with django_assert_num_queries(15):
        # 1 the kabupaten/kota; 2 the counts' generation (catalog.facets)
        # 3-8 facet sums for it: total, per kabupaten/kota, per kecamatan, per category, per scale,
        #     per certification
        # 9 the page's ids; 10 its products; 11 its kecamatan (options); 12 categories (options)
        # 13 featured products; 14 BusinessCount (header); 15 product count (header)
        client.get(palembang.get_absolute_url())
    with django_assert_num_queries(5):
        # again: 1 the kabupaten/kota, 2 the generation, 3-4 the page, 5 featured; sums from the cache
        response = client.get(palembang.get_absolute_url())
    html = response.content.decode()
    assert len(results(html)) == settings.CATALOG_PAGE_SIZE and "-thumb.webp" in html
    assert re.search(r"\d+ UMKM · \d+ produk", html)
