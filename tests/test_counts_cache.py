"""The counts beside filter options and the option lists are cached keyed on the generation of
the count tables (catalog.facets): every rebuild of the counts, and every change of a category,
shows on the very next page, while pages in between read no count table."""

import pytest
from django.core.cache import cache

from catalog.facets import counts_generation
from catalog.listing import refresh_counts
from catalog.models import Category, CountsGeneration, FacetCount, RegencyFacetCount
from directory.models import Business
from directory.services import business_set_status
from tests.conftest import get_html, make_business, make_product, option_counts, result_count

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("path", ["/produk/", "/produk/?wilayah=kota-palembang", "/wilayah/kota-palembang/"])
def test_a_new_product_counts_on_the_next_page(client, palembang, commit, path):
    with commit():
        business = make_business(palembang)
        make_product(business, category="kuliner")
    before = get_html(client, path)
    assert result_count(before) == 1 and option_counts(before, "kategori")["kuliner"] == 1
    with commit():
        make_product(business, category="kuliner")
        make_product(business, category="kriya-kerajinan")
    after = get_html(client, path)
    assert result_count(after) == 3
    assert option_counts(after, "kategori")["kuliner"] == 2 and option_counts(after, "kategori")["kriya-kerajinan"] == 1


def test_a_business_leaving_the_directory_leaves_its_counts(client, palembang, oki, commit):
    with commit():
        leaving = make_business(palembang, name="Pempek Pindah")
        make_business(oki, name="Kerupuk Tetap")
    assert result_count(get_html(client, "/umkm/")) == 2
    assert option_counts(get_html(client, "/umkm/"), "wilayah")["kota-palembang"] == 1
    with commit():
        business_set_status(business=leaving, status=Business.Status.INACTIVE)
    html = get_html(client, "/umkm/")
    assert result_count(html) == 1 and option_counts(html, "wilayah")["kota-palembang"] == 0


def test_a_renamed_category_shows_at_once(client, palembang, commit):
    with commit():
        make_product(make_business(palembang), category="kuliner")
    assert "Kuliner Nusantara" not in get_html(client, "/produk/")
    category = Category.objects.get(slug="kuliner")
    category.name = "Kuliner Nusantara"
    category.save()
    assert "Kuliner Nusantara" in get_html(client, "/produk/")


def test_every_rebuild_gives_a_new_generation(palembang, commit):
    first = counts_generation()
    refresh_counts(regency_codes={palembang.code})
    second = counts_generation()
    refresh_counts()
    assert len({first, second, counts_generation()}) == 3 and 0 not in {second, counts_generation()}


def test_pages_between_rebuilds_read_no_count_table(client, palembang, commit, django_assert_num_queries):
    with commit():
        make_product(make_business(palembang))
    client.get("/produk/")
    # Written behind the portal's back, without a rebuild: the cached sums stay as they were,
    # which shows the page read no count table.
    FacetCount.objects.update(count=500)
    RegencyFacetCount.objects.update(count=500)
    assert result_count(get_html(client, "/produk/")) == 1
    CountsGeneration.objects.update(value=12345)  # what a rebuild does
    assert result_count(get_html(client, "/produk/")) == 500


def test_home_totals_follow_a_new_product(client, palembang, commit):
    with commit():
        business = make_business(palembang)
        make_product(business)
    assert "1 produk dari 1 UMKM" in get_html(client, "/")
    with commit():
        make_product(business)
    assert "2 produk dari 1 UMKM" in get_html(client, "/")
