"""/produk/: every filter alone and combined, the counts beside the options, sorting, values
that do not fit (dropped with a note, never a dead end), clean links and chips, and the query
count of the page."""

import re
from urllib.parse import parse_qs, urlencode, urlsplit

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
    parse_tags,
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
    searched = params.get("q", "").lower().split()  # every word, as a whole word, in name, description or seller's name

    def words(product):
        return set(re.findall(r"\w+", f"{product.name} {product.description} {product.business.name}".lower()))

    products = products.select_related("business").distinct()
    return {product.slug for product in products if all(word in words(product) for word in searched)}


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


MISFITS = [  # (query, the note naming what was left out, the filters still applied)
    ("wilayah=kabupaten-tidak-ada", "Kabupaten/kota “kabupaten-tidak-ada” tidak dikenal, jadi tidak dipakai.", {}),
    ("wilayah=kota-bandung&kategori=kuliner", "Kabupaten/kota “kota-bandung” tidak dikenal", {"kategori": "kuliner"}),  # outside the province
    ("kecamatan=99.99.99&skala=mikro", "Kecamatan “99.99.99” tidak dikenal", {"skala": "mikro"}),
    ("kategori=senjata&sertifikasi=halal", "Kategori “senjata” tidak dikenal", {"sertifikasi": ["halal"]}),
    ("harga_min=abc&kategori=kuliner", "Harga terendah “abc” bukan jumlah rupiah, jadi tidak dipakai.", {"kategori": "kuliner"}),
    ("harga_max=sepuluh", "Harga tertinggi “sepuluh” bukan jumlah rupiah", {}),
    ("harga_min=-5", "Harga terendah “-5” bukan jumlah rupiah", {}),
    ("sertifikasi=emas&sertifikasi=halal", "Sertifikasi “emas” tidak dikenal", {"sertifikasi": ["halal"]}),
    ("skala=raksasa&kategori=fashion-tekstil", "Skala usaha “raksasa” tidak dikenal", {"kategori": "fashion-tekstil"}),
    ("q=" + "a" * 101 + "&skala=mikro", "Cari produk tidak dipakai: Pastikan nilai ini mengandung paling banyak 100 karakter", {"skala": "mikro"}),
    ("harga_min=30000&harga_max=10000", "Harga tertinggi Rp 10.000 di bawah harga terendah Rp 30.000, jadi tidak dipakai.", {"harga_min": "30000"}),
]


@pytest.mark.parametrize("query, note, rest", MISFITS, ids=[case[0][:40] for case in MISFITS])
def test_a_filter_that_does_not_fit_is_dropped_with_a_note_and_the_rest_applies(client, catalog, settings, query, note, rest):
    settings.CATALOG_PAGE_SIZE = 100
    html = get_html(client, f"/produk/?{query}")
    assert note in html
    assert "Filter tidak bisa dipakai" not in html
    assert set(product_slugs(html)) == matching(rest) and result_count(html) == len(matching(rest))
    assert set(option_counts(html, "kategori")) == set(option_values(rest)["kategori"])  # the whole panel is there


def test_a_kecamatan_of_the_kabupaten_switched_away_from_is_dropped(client, catalog, settings, oki):
    # Kota Palembang, one of its kecamatan, apply; then switch to OKI and apply: the form sends both.
    settings.CATALOG_PAGE_SIZE = 100
    district = District.objects.get(code="16.71.01")
    html = get_html(client, f"/produk/?wilayah={oki.slug}&kecamatan={district.code}&kategori=kuliner")
    assert f"Kecamatan {district.name} tidak ada di {oki.name}, jadi tidak dipakai." in html
    assert set(product_slugs(html)) == matching({"wilayah": oki.slug, "kategori": "kuliner"})
    assert set(option_counts(html, "kecamatan")) == set(option_values({"wilayah": oki.slug})["kecamatan"])


@pytest.mark.parametrize("typed", ["12750", "12.750", "Rp 12.750", "Rp12.750,-"])
def test_price_takes_any_whole_rupiah_as_people_write_it(client, catalog, settings, typed):
    settings.CATALOG_PAGE_SIZE = 100
    html = get_html(client, url({"harga_min": typed}))
    assert set(product_slugs(html)) == matching({"harga_min": "12750"})
    assert 'value="12.750"' in html  # shown back as the amount it was read as
    assert "bukan jumlah rupiah" not in html


def test_price_inputs_are_not_number_inputs_with_a_step(client, catalog):
    # A number input with step=500 refused 12.750, and a browser empties one holding "12.750".
    html = get_html(client, "/produk/")
    assert re.search(r'<input id="f-harga-min" type="text" name="harga_min" inputmode="numeric"', html)
    assert "step=" not in html


@pytest.mark.parametrize(
    "path, target",
    [
        ("/produk/?wilayah=&kecamatan=&kategori=kuliner&harga_min=&harga_max=&urut=terbaru", "/produk/?kategori=kuliner&urut=terbaru"),
        ("/produk/?wilayah=&kategori=&skala=&harga_min=&harga_max=&urut=terbaru", "/produk/?urut=terbaru"),
        ("/produk/?kategori=&q=", "/produk/"),
        ("/produk/?sertifikasi=&sertifikasi=halal&sertifikasi=pirt", "/produk/?sertifikasi=halal&sertifikasi=pirt"),
        ("/en/produk/?kategori=+&skala=mikro", "/en/produk/?skala=mikro"),
        ("/wilayah/kota-palembang/?kecamatan=&kategori=kuliner", "/wilayah/kota-palembang/?kategori=kuliner"),
        ("/umkm/?q=&wilayah=&sektor=C&skala=", "/umkm/?sektor=C"),
    ],
)
def test_empty_parameters_redirect_once_to_the_clean_url(client, catalog, path, target):
    response = client.get(path)
    assert response.status_code == 302 and response["Location"] == target
    assert client.get(target).status_code == 200


def _links_with_a_query(html):
    """Links to a filtered page, but the language switch (the same page as asked for, in the other language)."""
    return [attrs["href"] for tag, attrs, _ in parse_tags(html) if tag == "a" and "?" in (attrs.get("href") or "") and "hreflang" not in attrs]


def test_links_never_carry_empty_or_dropped_parameters(client, catalog, settings):
    settings.CATALOG_PAGE_SIZE = 2
    html = get_html(client, "/produk/?wilayah=kota-palembang&kecamatan=16.02.01&kategori=kuliner&harga_max=abc")
    # Leave out the search suggestions under the empty box: fixed links to a word or a category.
    links = _links_with_a_query(re.sub(r'<nav class="search-suggestions".*?</nav>', "", html, flags=re.S))
    assert len(links) == 3  # two chips, the next page
    for href in links:
        query = parse_qs(urlsplit(href).query, keep_blank_values=True)
        assert all(value.strip() for values in query.values() for value in values), href
        assert "16.02.01" not in href and "abc" not in href, href
    next_link = next(attrs["href"] for tag, attrs, _ in parse_tags(html) if tag == "a" and attrs.get("rel") == "next")
    assert parse_qs(urlsplit(next_link).query)["kategori"] == ["kuliner"]


def _chips(html):
    """{label: href} of the chips above the results."""
    block = re.search(r'<ul class="chips active-filters".*?</ul>', html, re.S)
    assert block, "no chips"
    return {
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text)).replace("Hapus filter:", "").replace("×", "").strip(): attrs["href"]
        for tag, attrs, text in parse_tags(block.group(0))
        if tag == "a"
    }


def test_each_chip_links_to_the_page_without_its_filter(client, catalog, settings):
    settings.CATALOG_PAGE_SIZE = 100
    params = {
        "q": "pempek",
        "wilayah": "kota-palembang",
        "kecamatan": "16.71.01",
        "kategori": "kuliner",
        "sertifikasi": ["halal", "pirt"],
        "harga_min": "1000",
        "urut": "harga",
    }
    html = get_html(client, url(params))
    chips = _chips(html)
    assert '<summary>Saring hasil <span class="count">6<span class="visually-hidden"> filter aktif</span></span></summary>' in html
    kecamatan = District.objects.get(code="16.71.01").name
    assert set(chips) == {"Kota Palembang", kecamatan, "Kuliner siap saji", "Halal", "P-IRT", "Dari Rp 1.000", "Hapus semua"}, chips
    expected_without = {
        "Kota Palembang": {"wilayah", "kecamatan"},  # the kecamatan goes with its kabupaten/kota
        kecamatan: {"kecamatan"},
        "Kuliner siap saji": {"kategori"},
        "Dari Rp 1.000": {"harga_min"},
    }
    for label, dropped in expected_without.items():
        query = parse_qs(urlsplit(chips[label]).query)
        assert set(query) == set(params) - dropped, label
        html = get_html(client, chips[label])
        assert set(product_slugs(html)) == matching({k: v for k, v in params.items() if k not in dropped | {"urut"}})
    assert parse_qs(urlsplit(chips["Halal"]).query)["sertifikasi"] == ["pirt"]
    assert chips["Hapus semua"] == "/produk/?q=pempek&urut=harga"  # the search and the order stay


def test_no_chips_without_filters(client, catalog):
    for html in (get_html(client, "/produk/"), get_html(client, "/produk/?q=pempek&urut=harga")):
        assert "active-filters" not in html and "<summary>Saring hasil</summary>" in html


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
def test_nul_character_is_dropped_before_any_query(client, catalog, query):
    # PostgreSQL cannot store or compare text with NUL: umkm_portal.middleware drops it from every
    # parameter before a view reads them, so the page is the one without it.
    for path in ("/produk/", "/wilayah/kota-palembang/", "/umkm/"):
        hostile = client.get(f"{path}?{query}&skala=mikro", follow=True)
        plain = client.get(f"{path}?{query.replace('%00', '')}&skala=mikro", follow=True)
        assert hostile.status_code == plain.status_code == 200
        assert hostile.redirect_chain == plain.redirect_chain
        assert product_slugs(hostile.content.decode()) == product_slugs(plain.content.decode())
        assert result_count(hostile.content.decode()) == result_count(plain.content.decode()) is not None
