"""/produk/: every filter alone and combined, the counts beside the options, sorting,
invalid values (400, in Bahasa Indonesia) and the query count of the page."""

import re
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.db.models import F

from catalog.models import Category
from directory.models import Scale
from regions.models import District, Regency
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


def matching(params):
    """Slugs of the public products `params` select, worked out with plain ORM lookups on the
    business (not the copied columns or the FacetCount table the page reads)."""
    products = public_products()
    for name, value in params.items():
        if name == "wilayah":
            products = products.filter(business__regency__slug=value)
        elif name == "kecamatan":
            products = products.filter(business__district_id=value)
        elif name == "kategori":
            products = products.filter(category__slug=value)
        elif name == "harga_min":
            products = products.filter(price_min__gte=int(value))
        elif name == "harga_max":
            products = products.filter(price_min__lte=int(value))
        elif name == "skala":
            products = products.filter(business__scale=value)
        elif name == "sertifikasi":
            for kind in value:
                products = products.filter(certified(kind))
    searched = params.get("q", "").lower().split()  # every word, as a whole word, in name or description

    def words(product):
        return set(re.findall(r"\w+", f"{product.name} {product.description}".lower()))

    return {product.slug for product in products.distinct() if all(word in words(product) for word in searched)}


def url(params, path="/produk/"):
    return f"{path}?{urlencode(params, doseq=True)}" if params else path


def option_values(params):
    """Every option of every filter the page shows for `params`, as {parameter: [values]}."""
    options = {
        "wilayah": list(Regency.objects.in_portal().values_list("slug", flat=True)),
        "kategori": list(Category.objects.values_list("slug", flat=True)),
        "sertifikasi": ["halal", "pirt", "bpom", "sni"],
        "skala": [value for value, _ in Scale.choices],
    }
    if params.get("wilayah"):
        options["kecamatan"] = list(District.objects.filter(regency__slug=params["wilayah"]).values_list("code", flat=True))
    return options


CUBE_COMBINATIONS = [  # no search word or price: counts come from the FacetCount table
    {},
    {"wilayah": "kota-palembang"},
    {"wilayah": "kota-palembang", "kecamatan": "16.71.01"},
    {"kategori": "makanan-minuman-olahan", "sertifikasi": ["halal"]},
    {"sertifikasi": ["halal", "pirt"], "skala": "mikro"},
    {"wilayah": "kabupaten-ogan-komering-ilir", "kategori": "kuliner", "skala": "menengah", "sertifikasi": ["sni"]},
    {"skala": "kecil", "kategori": "fashion-tekstil", "urut": "harga"},
]
LIVE_COMBINATIONS = [  # search word or price bound: counts come from the products themselves
    {"harga_min": "20000"},
    {"harga_max": "50000", "wilayah": "kota-palembang", "sertifikasi": ["halal"]},
    {"q": "ikan"},
    {"q": "ikan", "kategori": "perikanan"},
    {"q": "kemplang", "harga_min": "15000", "harga_max": "30000", "urut": "nama"},
]


@pytest.mark.parametrize("params", CUBE_COMBINATIONS + LIVE_COMBINATIONS, ids=lambda p: urlencode(p, doseq=True) or "none")
def test_results_and_every_option_count_match_the_database(client, catalog, settings, params):
    settings.CATALOG_PAGE_SIZE = 100  # every result on one page
    html = get_html(client, url(params))

    expected = matching(params)
    assert set(product_slugs(html)) == expected
    assert result_count(html) == len(expected)

    for parameter, values in option_values(params).items():
        shown = option_counts(html, parameter)
        assert set(shown) == set(values), parameter
        for value in values:
            # A count leaves out its own dimension's choice and keeps every other filter.
            with_option = {**params, parameter: [value] if parameter == "sertifikasi" else value}
            assert shown[value] == len(matching(with_option)), (parameter, value)


def test_counts_are_not_all_zero(client, catalog):
    """Guards the test above: the fixture gives non-trivial counts in every dimension."""
    html = get_html(client, "/produk/?wilayah=kota-palembang")
    assert option_counts(html, "wilayah")["kota-palembang"] == public_products().filter(regency__code="16.71").count() > 0
    assert option_counts(html, "kecamatan")["16.71.01"] > 0
    assert all(option_counts(html, "sertifikasi")[kind] > 0 for kind in ("halal", "pirt", "bpom"))
    assert option_counts(html, "sertifikasi")["sni"] == 0  # the SNI seller is in OKI, not Palembang
    assert option_counts(html, "skala")["menengah"] == 0 and option_counts(html, "skala")["mikro"] > 0


EACH_FILTER_ALONE = [
    {"wilayah": "kota-palembang"},
    {"wilayah": "kota-palembang", "kecamatan": "16.71.02"},  # kecamatan is chosen within a kabupaten/kota
    {"kategori": "kriya-kerajinan"},
    {"harga_min": "100000"},
    {"harga_max": "20000"},
    {"harga_min": "15000", "harga_max": "30000"},
    {"sertifikasi": ["halal"]},
    {"sertifikasi": ["pirt"]},
    {"sertifikasi": ["bpom"]},
    {"sertifikasi": ["sni"]},
    {"sertifikasi": ["halal", "sni"]},  # several: all of them (AND)
    {"skala": "mikro"},
    {"skala": "kecil"},
    {"skala": "menengah"},
    {"q": "songket"},
]


@pytest.mark.parametrize("params", EACH_FILTER_ALONE, ids=lambda p: urlencode(p, doseq=True))
def test_each_filter_narrows_the_list_to_exactly_its_products(client, catalog, settings, params):
    settings.CATALOG_PAGE_SIZE = 100
    expected = matching(params)
    assert 0 < len(expected) < public_products().count()  # the case really narrows
    html = get_html(client, url(params))
    assert set(product_slugs(html)) == expected
    assert not {p.slug for p in catalog.unlisted} & set(product_slugs(html))


def test_several_certifications_must_all_be_held(client, catalog, settings):
    settings.CATALOG_PAGE_SIZE = 100
    halal = set(product_slugs(get_html(client, "/produk/?sertifikasi=halal")))
    sni = set(product_slugs(get_html(client, "/produk/?sertifikasi=sni")))
    both = set(product_slugs(get_html(client, "/produk/?sertifikasi=halal&sertifikasi=sni")))
    assert both == halal & sni == {p.slug for p in catalog.products if p.business == catalog.sellers["c"]}
    assert halal - both  # seller "a" is halal without SNI


def test_expired_certificate_does_not_count(client, catalog, settings):
    """Seller "b" holds BPOM and an expired halal certificate: its products are not halal."""
    settings.CATALOG_PAGE_SIZE = 100
    halal = set(product_slugs(get_html(client, "/produk/?sertifikasi=halal")))
    seller_b = {p.slug for p in catalog.products if p.business == catalog.sellers["b"]}
    assert seller_b and not halal & seller_b
    assert seller_b <= set(product_slugs(get_html(client, "/produk/?sertifikasi=bpom")))


EXPECTED_ORDER = {
    "terbaru": ["-id"],
    "harga": [F("price_min").asc(nulls_last=True), "id"],
    "nama": ["name", "id"],
}


@pytest.mark.parametrize("sort", ["terbaru", "harga", "nama"])
def test_sort_orders(client, catalog, sort):
    html = get_html(client, f"/produk/?urut={sort}")
    expected = list(public_products().order_by(*EXPECTED_ORDER[sort]).values_list("slug", flat=True)[:24])
    assert product_slugs(html) == expected


def test_unknown_sort_falls_back_to_newest(client, catalog):
    assert product_slugs(get_html(client, "/produk/?urut=acak")) == product_slugs(get_html(client, "/produk/"))


def test_no_price_sorts_last(client, catalog, settings):
    settings.CATALOG_PAGE_SIZE = 100
    slugs = product_slugs(get_html(client, "/produk/?urut=harga"))
    no_price = {p.slug for p in catalog.products if p.price_min is None}
    assert len(no_price) >= 2 and set(slugs[-len(no_price):]) == no_price


INVALID = [
    ("wilayah=kabupaten-tidak-ada", "Kabupaten/kota", "Masukkan pilihan yang valid"),
    ("wilayah=kota-bandung", "Kabupaten/kota", "Masukkan pilihan yang valid"),  # outside the province
    ("wilayah=kota-palembang&kecamatan=16.02.01", "Kecamatan", "Masukkan pilihan yang valid"),  # OKI's kecamatan
    ("kecamatan=99.99.99", "Kecamatan", "Masukkan pilihan yang valid"),
    ("kategori=senjata", "Kategori", "Masukkan pilihan yang valid"),
    ("harga_min=abc", "Harga terendah (Rp)", "Masukkan sebuah bilangan"),
    ("harga_max=10rb", "Harga tertinggi (Rp)", "Masukkan sebuah bilangan"),
    ("harga_min=-5", "Harga terendah (Rp)", "lebih besar dari atau sama dengan 0"),
    ("sertifikasi=emas", "Sertifikasi", "emas bukan salah satu dari pilihan yang tersedia"),
    ("skala=raksasa", "Skala usaha", "raksasa bukan salah satu dari pilihan yang tersedia"),
    ("q=" + "a" * 101, "Cari produk", "paling banyak 100 karakter"),
]


@pytest.mark.parametrize("query, label, message", INVALID, ids=[case[0][:40] for case in INVALID])
def test_invalid_filter_answers_400_with_a_message_in_indonesian(client, catalog, query, label, message):
    html = get_html(client, f"/produk/?{query}", status=400)
    assert "Filter tidak bisa dipakai" in html
    assert f"{label}: " in html and message in html
    assert product_slugs(html) == []


@pytest.mark.parametrize("cursor", ["%%%", "!!", "bm90LWpzb24", "e30", "WzEsMiwzXQ", "WyJ4Il0"])
@pytest.mark.parametrize("direction", ["setelah", "sebelum"])
def test_garbage_cursor_shows_page_one(client, catalog, cursor, direction):
    first_page = product_slugs(get_html(client, "/produk/?urut=harga"))
    html = get_html(client, f"/produk/?urut=harga&{direction}={cursor}")
    assert product_slugs(html) == first_page
    assert 'rel="prev"' not in html


@pytest.fixture
def many_products(catalog, commit):
    """24 more of seller "a"'s kuliner (Palembang, halal, mikro), from Rp 20.000, covers on some:
    every page whose queries are counted below shows a full page of 24 cards."""
    with commit():
        for number in range(24):
            photos = [jpeg_bytes((32, 32))] if number % 3 == 0 else []
            make_product(catalog.sellers["a"], name=f"Pempek Varian {number}", category="kuliner",
                         price_min=20000 + number * 500, photos=photos)


def test_product_list_query_count(client, many_products, django_assert_num_queries):
    cache.clear()
    with django_assert_num_queries(10):
        # 1 the generation of the count tables (catalog.facets)
        # 2-6 RegencyFacetCount sums: total, per kabupaten/kota, per category, per scale, per certification
        # 7 the ids of the page (no joins); 8 those products with business, regency and cover joined
        # 9 the province's kabupaten/kota (wilayah options), 10 the categories (kategori options)
        response = client.get("/produk/")
    html = response.content.decode()
    assert len(product_slugs(html)) == 24 and "-thumb.webp" in html
    with django_assert_num_queries(3):
        # The sums and option lists of this generation now come from the cache:
        # 1 the generation; 2 the page's ids; 3 its products
        again = client.get("/produk/")
    assert again.content == response.content


def test_filtered_product_list_query_count(client, many_products, django_assert_num_queries):
    cache.clear()
    url = "/produk/?wilayah=kota-palembang&kategori=kuliner&sertifikasi=halal&skala=mikro&urut=harga"
    with django_assert_num_queries(14):
        # 1 the wilayah slug and 2 the kategori slug checked by the form; 3 the counts' generation
        # 4 facet total; 5-9 per kabupaten/kota, per kecamatan, per category, per scale, per
        #   certification, each without its own filter
        # 10 the page's ids; 11 its products; 12 kabupaten/kota options; 13 kecamatan options of the
        # chosen one; 14 categories
        client.get(url)
    with django_assert_num_queries(5):
        # again: 1-2 the slugs, 3 the generation, 4-5 the page; sums and options from the cache
        response = client.get(url)
    html = response.content.decode()
    expected = matching({"wilayah": "kota-palembang", "kategori": "kuliner", "sertifikasi": ["halal"], "skala": "mikro"})
    assert len(expected) > 24 and "-thumb.webp" in html
    assert product_slugs(html) == list(
        public_products().filter(slug__in=expected).order_by(*EXPECTED_ORDER["harga"]).values_list("slug", flat=True)[:24]
    )


def test_price_filtered_product_list_query_count(client, many_products, django_assert_num_queries):
    cache.clear()
    client.get("/produk/")  # the option lists in the cache
    with django_assert_num_queries(10):
        # A price bound is not in the facet tables: the products themselves are counted (never cached).
        # 1 kategori slug; 2 the counts' generation (for the option lists); 3 total (capped count)
        # 4 per kabupaten/kota (an inactive filter: the same rows as the total, no capped count)
        # 5-6 per category: capped count without the kategori filter, counts
        # 7 per scale; 8 per certification (inactive, as 4)
        # 9 the page's ids; 10 its products
        response = client.get("/produk/?harga_min=20000&kategori=kuliner")
    html = response.content.decode()
    expected = matching({"harga_min": "20000", "kategori": "kuliner"})
    assert len(expected) > 24 and len(product_slugs(html)) == 24 and set(product_slugs(html)) <= expected
    assert result_count(html) == len(expected)


@pytest.mark.parametrize("query", ["wilayah=%00", "kategori=a%00", "kecamatan=16%00", "q=a%00b", "harga_min=%00"])
def test_nul_character_answers_400(client, catalog, query):
    # PostgreSQL cannot store or compare text with NUL: the form must refuse it before any query.
    get_html(client, f"/produk/?{query}", status=400)
    get_html(client, f"/wilayah/kota-palembang/?{query}", status=400)
