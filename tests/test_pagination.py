"""Keyset pagination through the real "Berikutnya"/"Sebelumnya" links: filters stay in the
URL, pages follow each other with no duplicate and no gap in every sort order, and going
back gives exactly the previous page."""

import re
from urllib.parse import urlencode

import pytest
from django.db.models import F

from directory.models import Business
from tests.conftest import (
    certified,
    get_html,
    link,
    make_business,
    product_slugs,
    public_products,
    query_of,
)

pytestmark = pytest.mark.django_db

PAGE_SIZE = 5

EXPECTED_ORDER = {
    "terbaru": ["-id"],
    "harga": [F("price_min").asc(nulls_last=True), "id"],  # no price: last
    "nama": ["name", "id"],
}


def walk(client, first_url, read_items):
    """Follow rel="next" from `first_url` to the last page: [(url, html, items)] per page."""
    pages = []
    url = first_url
    while url:
        html = get_html(client, url)
        pages.append((url, html, read_items(html)))
        assert len(pages) < 50, "pagination does not end"
        url = link(html, "next", url)
    return pages


def check_walk(client, path, params, expected, read_items, *, total_shown=True):
    first_url = f"{path}?{urlencode(params, doseq=True)}" if params else path
    pages = walk(client, first_url, read_items)
    seen = [item for _, _, items in pages for item in items]
    assert seen == expected  # same order, so: no duplicate, no gap
    assert len(pages) == -(-len(expected) // PAGE_SIZE)
    assert all(len(items) == PAGE_SIZE for _, _, items in pages[:-1])

    for number, (url, html, _items) in enumerate(pages, start=1):
        query = query_of(url)
        for name, value in params.items():  # every filter survives, unchanged
            assert query[name] == (value if isinstance(value, list) else [value]), (url, name)
        if number > 1:
            assert query["halaman"] == [str(number)]
            assert (f"Halaman {number} dari {len(pages)}" if total_shown else f"Halaman {number}") in html
            back = link(html, "prev", url)
            assert back is not None
            for name, value in params.items():
                assert query_of(back)[name] == (value if isinstance(value, list) else [value])
            previous_html = get_html(client, back)
            assert read_items(previous_html) == pages[number - 2][2]  # exactly the previous page
            if number == 2:
                assert link(previous_html, "prev", back) is None  # back on page 1
        else:
            assert link(html, "prev", url) is None
    assert link(pages[-1][1], "next", pages[-1][0]) is None
    return pages


CATALOG_FILTERS = [
    {},
    {"wilayah": "kota-palembang"},  # 18 products, three without a price
    {"sertifikasi": ["halal"], "harga_max": "1000000"},  # 15: the last page is exactly full
    {"q": "kemplang", "kategori": "makanan-minuman-olahan"},  # live counts, one page
]


@pytest.mark.parametrize("sort", ["terbaru", "harga", "nama"])
@pytest.mark.parametrize("filters", CATALOG_FILTERS, ids=lambda f: urlencode(f, doseq=True) or "all")
def test_product_list_pages(client, catalog, settings, sort, filters):
    settings.CATALOG_PAGE_SIZE = PAGE_SIZE
    params = {**filters, "urut": sort}
    expected_products = public_products()
    if "wilayah" in filters:
        expected_products = expected_products.filter(business__regency__slug=filters["wilayah"])
    if "harga_max" in filters:
        expected_products = expected_products.filter(price_min__lte=int(filters["harga_max"]))
    if "kategori" in filters:
        expected_products = expected_products.filter(category__slug=filters["kategori"])
    if "q" in filters:
        expected_products = expected_products.filter(name__icontains=filters["q"])
    if "sertifikasi" in filters:
        expected_products = expected_products.filter(certified("halal")).distinct()
    expected = list(expected_products.order_by(*EXPECTED_ORDER[sort]).values_list("slug", flat=True))
    assert expected

    check_walk(client, "/produk/", params, expected, product_slugs)
    if sort == "harga" and not filters:
        assert public_products().get(slug=expected[-1]).price_min is None


def test_price_order_with_ties_and_no_price(client, catalog, settings):
    """Five products cost Rp 15.000 and three have no price: the id breaks every tie."""
    settings.CATALOG_PAGE_SIZE = PAGE_SIZE
    assert public_products().filter(price_min=15000).count() >= 5
    assert public_products().filter(price_min__isnull=True).count() >= 3
    pages = walk(client, "/produk/?urut=harga", product_slugs)
    prices = [public_products().get(slug=slug).price_min for _, _, items in pages for slug in items]
    priced = [price for price in prices if price is not None]
    assert priced == sorted(priced) and prices[len(priced):] == [None] * (len(prices) - len(priced))


def test_region_page_pages(client, catalog, settings, palembang):
    settings.CATALOG_PAGE_SIZE = PAGE_SIZE
    expected = list(public_products().filter(business__regency=palembang, business__scale="mikro")
                    .order_by("name", "id").values_list("slug", flat=True))

    def results(html):  # the region page also shows featured products above the results
        return product_slugs(html.split('id="h-semua"', 1)[1])

    check_walk(client, f"/wilayah/{palembang.slug}/", {"urut": "nama", "skala": "mikro"}, expected, results)


def test_business_page_lists_all_its_products_across_pages(client, catalog, settings):
    settings.CATALOG_PAGE_SIZE = PAGE_SIZE
    seller = catalog.sellers["a"]
    expected = list(public_products().filter(business=seller).order_by("-id").values_list("slug", flat=True))
    assert len(expected) > 2 * PAGE_SIZE - 1
    check_walk(client, f"/umkm/{seller.slug}/", {}, expected, product_slugs, total_shown=False)


def test_directory_pages(client, catalog, commit, settings, palembang, oki):
    settings.CATALOG_PAGE_SIZE = PAGE_SIZE
    with commit():
        for number in range(9):
            make_business(palembang if number % 2 else oki, name=f"Kopi Uji {number % 3}")  # repeated names
    expected = list(Business.objects.listed().order_by("name", "id").values_list("slug", flat=True))

    def businesses(html):
        slugs = []
        for slug in re.findall(r'href="/umkm/([\w-]+)/"', html):
            if slug not in slugs:
                slugs.append(slug)
        return slugs

    check_walk(client, "/umkm/", {}, expected, businesses)
    expected_oki = list(Business.objects.listed().filter(regency=oki).order_by("name", "id").values_list("slug", flat=True))
    check_walk(client, "/umkm/", {"wilayah": oki.slug}, expected_oki, businesses)


def test_cursor_from_another_sort_order_does_not_break_the_page(client, catalog, settings):
    settings.CATALOG_PAGE_SIZE = PAGE_SIZE
    by_name = get_html(client, "/produk/?urut=nama")
    cursor = query_of(link(by_name, "next", "/produk/?urut=nama"))["setelah"][0]  # ["name", id]: not a price cursor
    html = get_html(client, f"/produk/?urut=harga&setelah={cursor}")
    assert product_slugs(html) == product_slugs(get_html(client, "/produk/?urut=harga"))
