"""/: the province at a glance: its kabupaten/kota with counts, the categories with counts,
featured and newest products; and which province that is (PORTAL_PROVINCE)."""

import re

import pytest
from django.core.cache import cache

from catalog.listing import refresh_counts
from catalog.models import Category
from directory.models import Business
from regions.models import Regency
from tests.conftest import (
    get_html,
    jpeg_bytes,
    make_product,
    product_slugs,
    public_products,
)

pytestmark = pytest.mark.django_db


def region_stats(html):
    """{slug: (businesses, products)} as listed under "Kabupaten/kota"."""
    part = html.split('id="h-wilayah"', 1)[1].split("</section>", 1)[0]
    return {
        slug: (int(b.replace(".", "")), int(p.replace(".", "")))
        for slug, b, p in re.findall(r'href="/wilayah/([\w-]+)/".*?([\d.]+) UMKM · ([\d.]+) produk', part, re.DOTALL)
    }


def between(html, start_id, end_marker="</section>"):
    return html.split(f'id="{start_id}"', 1)[1].split(end_marker, 1)[0]


def test_every_kabupaten_kota_with_its_counts(client, catalog):
    html = get_html(client, "/")
    stats = region_stats(html)
    regencies = Regency.objects.filter(province_id="16")
    assert set(stats) == set(regencies.values_list("slug", flat=True)) and len(stats) == 17
    for regency in regencies:
        businesses = Business.objects.filter(status="active", regency=regency).count()
        products = public_products().filter(business__regency=regency).count()
        assert stats[regency.slug] == (businesses, products), regency.name
    assert stats["kota-palembang"] == (2, 18)  # the fixture's two Palembang sellers; not the inactive/unverified


def test_totals_in_the_introduction(client, catalog):
    html = get_html(client, "/")
    products = public_products().count()
    businesses = Business.objects.filter(status="active", regency__province_id="16").count()
    assert f"{products} produk dari {businesses} UMKM di 17 kabupaten/kota" in html
    assert "Sumatera Selatan" in html


def test_categories_with_counts(client, catalog):
    part = between(get_html(client, "/"), "h-kategori")
    shown = {
        slug: int(count.replace(".", ""))
        for slug, count in re.findall(r'href="/produk/\?kategori=([\w-]+)".*?class="count">([\d.]+)<', part, re.DOTALL)
    }
    with_products = {slug for slug in Category.objects.values_list("slug", flat=True) if public_products().filter(category__slug=slug).exists()}
    assert set(shown) == with_products and with_products != set(Category.objects.values_list("slug", flat=True))  # no empty ones
    for slug, count in shown.items():
        assert count == public_products().filter(category__slug=slug).count(), slug


def test_featured_and_newest(client, catalog):
    html = get_html(client, "/")
    assert product_slugs(between(html, "h-unggulan")) == list(
        public_products().filter(is_featured=True).order_by("-id").values_list("slug", flat=True)[:8]
    )
    assert product_slugs(between(html, "h-terbaru")) == list(public_products().order_by("-id").values_list("slug", flat=True)[:8])
    assert not {p.slug for p in catalog.unlisted} & set(product_slugs(html))


def test_empty_portal(client, db):
    Business.objects.all().delete()  # (the module's catalog, if built, is restored after the test)
    refresh_counts()
    html = get_html(client, "/")
    assert "0 produk dari 0 UMKM di 17 kabupaten/kota" in html
    assert "Belum ada produk." in html
    assert 'id="h-unggulan"' not in html


def test_another_province_lists_its_own_kabupaten_kota(client, settings, catalog):
    settings.PORTAL_PROVINCE = "32"  # Jawa Barat
    html = get_html(client, "/")
    stats = region_stats(html)
    assert set(stats) == set(Regency.objects.filter(province_id="32").values_list("slug", flat=True))
    assert len(stats) == 27
    assert "kota-palembang" not in stats
    assert "Jawa Barat" in html.split("<h1>", 1)[1].split("</h1>", 1)[0]
    assert client.get("/wilayah/kota-palembang/").status_code == 404
    assert client.get("/wilayah/kota-bandung/").status_code == 200


def test_home_query_count(client, catalog, commit, django_assert_num_queries):
    with commit():
        for number in range(4):
            make_product(catalog.sellers["c"], name=f"Kopi Unggulan {number}", is_featured=True, photos=[jpeg_bytes((32, 32))])
    cache.clear()
    with django_assert_num_queries(9):
        # 1 the generation of the count tables (catalog.facets)
        # 2 the province's kabupaten/kota; 3 products and 4 businesses per kabupaten/kota (count tables)
        # 5 categories and 6 their product counts; 7 the province (its name)
        # 8 featured products, 9 newest products (cards: business, regency, category, cover joined)
        response = client.get("/")
    with django_assert_num_queries(3):
        # again: 1 the generation, 2-3 the cards; the counts and lists from the cache
        again = client.get("/")
    assert again.content == response.content
    html = response.content.decode()
    assert len(product_slugs(between(html, "h-unggulan"))) == 7
    assert len(product_slugs(between(html, "h-terbaru"))) == 8 and "-thumb.webp" in html
