"""/umkm/ and /umkm/<slug>/: the directory of listed businesses, its filters and counts,
a business's public profile, and 404 for businesses the public may not see."""

import datetime
import re
from html import unescape
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import Business, Certification, Kbli, Scale
from directory.services import business_add_photo, business_set_status
from regions.models import Regency
from tests.conftest import (
    get_html,
    jpeg_bytes,
    make_business,
    make_product,
    option_counts,
    parse_tags,
    product_slugs,
    public_products,
    query_of,
    result_count,
)

pytestmark = pytest.mark.django_db


def public_businesses():
    """Worked out from first principles: active, in the portal's province."""
    return Business.objects.filter(status=Business.Status.ACTIVE, regency__province_id=settings.PORTAL_PROVINCE)


def business_slugs(html):
    slugs = []
    for tag, attrs, _ in parse_tags(html):
        href = attrs.get("href") or ""
        if tag == "a" and href.startswith("/umkm/") and href.count("/") == 3 and href != "/umkm/":
            slug = href.split("/")[2]
            if slug not in slugs:
                slugs.append(slug)
    return slugs


def matching(params):
    businesses = public_businesses()
    for name, value in params.items():
        if name == "wilayah":
            businesses = businesses.filter(regency__slug=value)
        elif name == "sektor":
            businesses = businesses.filter(kbli__category_code=value)
        elif name == "skala":
            businesses = businesses.filter(scale=value)
        elif name == "q":
            businesses = businesses.filter(name__icontains=value)
    return set(businesses.values_list("slug", flat=True))


@pytest.mark.parametrize("params", [
    {}, {"wilayah": "kota-palembang"}, {"sektor": "C"}, {"skala": "mikro"},
    {"wilayah": "kota-palembang", "sektor": "C", "skala": "kecil"}, {"sektor": "G", "skala": "menengah"},
], ids=lambda p: urlencode(p) or "none")
def test_directory_lists_and_counts_match_the_database(client, catalog, params):
    html = get_html(client, f"/umkm/?{urlencode(params)}")
    expected = matching(params)
    assert set(business_slugs(html)) == expected
    assert result_count(html) == len(expected)
    assert not {b.slug for b in catalog.unlisted_businesses} & set(business_slugs(html))

    options = {
        "wilayah": list(Regency.objects.in_portal().values_list("slug", flat=True)),
        "sektor": list(Kbli.objects.filter(level="kategori").values_list("code", flat=True)),
        "skala": [value for value, _ in Scale.choices],
    }
    for parameter, values in options.items():
        shown = option_counts(html, parameter)
        assert set(shown) == set(values)
        for value in values:
            assert shown[value] == len(matching({**params, parameter: value})), (parameter, value)


def test_directory_counts_are_not_trivial(client, catalog):
    html = get_html(client, "/umkm/")
    assert option_counts(html, "wilayah")["kota-palembang"] == 2
    assert option_counts(html, "sektor")["C"] == 3 and option_counts(html, "sektor")["G"] == 1
    assert option_counts(html, "skala")["mikro"] == 2


def test_search_by_name(client, catalog):
    html = get_html(client, "/umkm/?q=songket")
    assert business_slugs(html) == [catalog.sellers["b"].slug]
    assert result_count(html) == 1
    assert business_slugs(get_html(client, "/umkm/?q=usaha")) == []  # only unlisted businesses carry "Usaha"


@pytest.mark.parametrize(
    "query, note, rest",
    [
        ("wilayah=kota-bandung&skala=mikro", "Kabupaten/kota “kota-bandung” tidak dikenal, jadi tidak dipakai.", {"skala": "mikro"}),
        ("wilayah=tidak-ada", "Kabupaten/kota “tidak-ada” tidak dikenal", {}),
        ("sektor=Z&wilayah=kota-palembang", "Sektor (KBLI) “Z” tidak dikenal", {"wilayah": "kota-palembang"}),
        ("skala=raksasa&sektor=C", "Skala usaha “raksasa” tidak dikenal", {"sektor": "C"}),
    ],
)
def test_a_directory_filter_that_does_not_fit_is_dropped_with_a_note(client, catalog, query, note, rest):
    html = get_html(client, f"/umkm/?{query}")
    assert note in html and "Filter tidak bisa dipakai" not in html
    assert set(business_slugs(html)) == matching(rest)
    assert set(option_counts(html, "sektor")) == set(Kbli.objects.filter(level="kategori").values_list("code", flat=True))


def test_directory_chips_link_to_the_page_without_their_filter(client, catalog):
    html = get_html(client, "/umkm/?q=uji&wilayah=kota-palembang&skala=mikro")
    chips = re.findall(r'<li><a href="([^"]+)" rel="nofollow"><span class="visually-hidden">Hapus filter: </span>([^<]+) <', html)
    assert [(label, query_of(unescape(href))) for href, label in chips] == [
        ("Kota Palembang", {"q": ["uji"], "skala": ["mikro"]}),
        ("Usaha mikro", {"q": ["uji"], "wilayah": ["kota-palembang"]}),
    ]
    assert 'class="chips-clear" href="/umkm/?q=uji"' in html


def test_garbage_cursor_shows_the_first_page(client, catalog):
    assert business_slugs(get_html(client, "/umkm/?setelah=%%%")) == business_slugs(get_html(client, "/umkm/"))


def test_business_profile(client, catalog):
    seller = Business.objects.select_related("regency", "district", "kbli").get(pk=catalog.sellers["a"].pk)
    html = get_html(client, seller.get_absolute_url())
    assert f"<h1>{seller.name}</h1>" in html
    assert seller.description in html and seller.district.name in html and seller.regency.name in html
    assert f'href="{seller.regency.get_absolute_url()}"' in html
    assert seller.kbli.code in html and seller.get_scale_display() in html
    for _, url in seller.marketplace_links():
        assert f'href="{url}"' in html
    # its public products, newest first; not the hidden one
    assert product_slugs(html) == list(public_products().filter(business=seller).order_by("-id").values_list("slug", flat=True))
    assert catalog.hidden.slug not in html


def test_business_whatsapp_link(client, catalog):
    seller = catalog.sellers["a"]
    html = get_html(client, seller.get_absolute_url())
    links = [attrs["href"] for tag, attrs, _ in parse_tags(html) if tag == "a" and "wa.me" in attrs.get("href", "")]
    assert len(links) == 1 and urlsplit(links[0]).path == "/6281234567890"
    assert seller.name in parse_qs(urlsplit(links[0]).query)["text"][0]


def test_business_certifications_valid_only(client, catalog):
    seller = catalog.sellers["b"]
    html = get_html(client, seller.get_absolute_url())
    assert Certification.objects.get(business=seller, kind="bpom").number in html
    assert Certification.objects.get(business=seller, kind="halal").number not in html


def test_nib_is_shown_when_present(client, commit, palembang):
    with commit():
        with_nib = make_business(palembang, nib="9120001234567")
        without = make_business(palembang)
    assert "NIB 9120001234567" in get_html(client, with_nib.get_absolute_url())
    assert "NIB" not in get_html(client, without.get_absolute_url()).split("<main", 1)[1]


def test_business_photos(client, commit, palembang):
    with commit():
        business = make_business(palembang)
        photo = business_add_photo(business=business, upload=jpeg_bytes((900, 700)), caption="Dapur produksi")
    html = get_html(client, business.get_absolute_url())
    assert photo.thumb.url in html and 'alt="Dapur produksi"' in html


@pytest.mark.parametrize("which", ["inactive", "unverified", "outside"])
def test_businesses_the_public_may_not_see_answer_404(client, catalog, which):
    business = getattr(catalog, which)
    response = client.get(business.get_absolute_url())
    assert response.status_code == 404
    assert business.name not in response.content.decode()
    assert business.slug not in business_slugs(get_html(client, "/umkm/"))


def test_verifying_a_business_lists_it_and_its_products(client, commit, palembang):
    with commit():
        business = make_business(palembang, name="Kerupuk Baru Uji", status=Business.Status.UNVERIFIED)
        product = make_product(business, name="Kerupuk Udang Baru")
    assert client.get(business.get_absolute_url()).status_code == 404
    assert client.get(product.get_absolute_url()).status_code == 404
    with commit():
        business_set_status(business=business, status=Business.Status.ACTIVE)
    assert business.verified_on == datetime.date.today()
    assert client.get(business.get_absolute_url()).status_code == 200
    assert product.slug in product_slugs(get_html(client, "/produk/"))
    assert business.slug in business_slugs(get_html(client, "/umkm/?wilayah=kota-palembang"))


def test_business_list_query_count(client, catalog, commit, django_assert_num_queries, palembang, oki):
    with commit():
        for number in range(22):
            make_business(palembang if number % 2 else oki, name=f"Warung Uji {number:02d}")
    assert public_businesses().count() >= 26
    cache.clear()
    with django_assert_num_queries(10):
        # 1 the generation of the count tables (catalog.facets)
        # 2 the province's kabupaten/kota (options, and their codes in the page's query)
        # 3-6 BusinessCount sums: total, per kabupaten/kota, per sector, per scale
        # 7 the ids of the page (no joins); 8 those businesses with regency, district and KBLI joined
        # and their count of listed products (a subquery); 9 their certificates (badges)
        # 10 the KBLI kategori (sector options)
        response = client.get("/umkm/")
    assert len(business_slugs(response.content.decode())) == 24
    with django_assert_num_queries(4):
        # again: 1 the generation, 2-4 the page; the sums and option lists from the cache
        again = client.get("/umkm/")
    assert again.content == response.content


def test_business_search_query_count(client, catalog, commit, django_assert_num_queries, palembang, oki):
    with commit():
        for number in range(26):
            make_business(palembang if number % 2 else oki, name=f"Pempek Uji {number:02d}")
    client.get("/umkm/")  # the option lists in the cache
    with django_assert_num_queries(5):
        # 1 the generation (option lists); 2 the matching ids, up to one past LIVE_CAP
        # 3 the page's ids among them, by name; 4 those businesses with regency, district, KBLI and
        # their count of listed products; 5 their certificates
        response = client.get("/umkm/?q=pempek")
    html = response.content.decode()
    assert business_slugs(html) == list(
        public_businesses().filter(name__icontains="pempek").order_by("name", "id").values_list("slug", flat=True)[:24]
    )
    expected = public_businesses().filter(name__icontains="pempek").count()
    assert expected >= 26 and f"{expected} UMKM" in html


def test_business_search_beyond_the_cap_lists_the_first_matches_by_name(client, catalog, commit, monkeypatch, palembang):
    monkeypatch.setattr("catalog.views.businesses.LIVE_CAP", 5)
    with commit():
        for number in range(8):
            make_business(palembang, name=f"Pempek Batas {number}")
    html = get_html(client, "/umkm/?q=pempek batas")
    shown = business_slugs(html)
    assert "Lebih dari 5 UMKM" in html
    assert len(shown) == 5
    names = list(public_businesses().filter(slug__in=shown).order_by("name", "id").values_list("slug", flat=True))
    assert shown == names  # in name order


def directory_row(html, business):
    """The <li> of `business` on a /umkm/ page."""
    start = html.index(f'href="{business.get_absolute_url()}"')
    return " ".join(html[start:html.index("</li>", start)].split())


def test_directory_rows_show_logo_count_and_badges(client, catalog, commit):
    seller_a, seller_b, seller_c = (catalog.sellers[key] for key in "abc")
    with commit():
        seller_c.logo_thumb = "logo/2026/12/hasil-bumi-thumb.webp"
        seller_c.save(update_fields=["logo_thumb"])
        Business.objects.filter(pk=seller_a.pk).update(verified_on=datetime.date(2026, 11, 2))
    html = get_html(client, "/umkm/")
    a, b, c = (directory_row(html, seller) for seller in (seller_a, seller_b, seller_c))
    # Listed products only: seller a's hidden product does not count.
    assert public_products().filter(business=seller_a).count() == 10 and "10 produk" in a
    assert "8 produk" in b and "7 produk" in c
    # No logo: the initials; a logo: its thumbnail.
    assert 'class="biz-logo biz-initials" aria-hidden="true">PC<' in a and "hasil-bumi-thumb.webp" in c and "biz-initials" not in c
    # Certificates still valid, the dinas's verification, the marketplaces.
    assert 'badge-halal">Halal<' in a and ">P-IRT<" in a and "Diverifikasi dinas" in a and "Toko: Tokopedia, Shopee" in a
    assert ">BPOM<" in b and ">Halal<" not in b  # seller b's halal certificate expired yesterday
    assert "Diverifikasi dinas" not in b and "Toko:" not in b
    assert ">SNI<" in c and ">Halal<" in c


def test_business_detail_query_count(client, catalog, commit, django_assert_num_queries):
    seller = catalog.sellers["a"]
    with commit():
        for number in range(15):
            make_product(seller, name=f"Pempek Varian {number}", photos=[jpeg_bytes((32, 32))] if number % 3 == 0 else [])
    assert public_products().filter(business=seller).count() >= 25
    with django_assert_num_queries(4):
        # 1 the business with regency, province, district, village and KBLI
        # 2 the page of its products (cards: business, regency, category, cover joined)
        # 3 its certifications, 4 its photos
        response = client.get(seller.get_absolute_url())
    html = response.content.decode()
    assert len(product_slugs(html)) == 24 and "-thumb.webp" in html


def walk(client, url, rel):
    """[(url, business slugs)] of every page from `url` on, following its rel="next" (or "prev") link."""
    pages = []
    while url:
        html = get_html(client, url)
        pages.append((url, business_slugs(html)))
        href = next((unescape(attrs["href"]) for tag, attrs, _ in parse_tags(html) if tag == "a" and attrs.get("rel") == rel), None)
        url = href and ("/umkm/" + href if href.startswith("?") else href)
    return pages


@pytest.mark.parametrize("params", [
    {"sektor": "C"}, {"wilayah": "kota-palembang"}, {"wilayah": "kota-palembang", "sektor": "G"},
    {"sektor": "C", "skala": "kecil"}, {"wilayah": "kota-palembang", "skala": "kecil"},
], ids=lambda p: urlencode(p))
def test_filtered_directory_pages_walk_by_name_both_ways(client, commit, settings, palembang, oki, params):
    """Sorted within the chosen sector or kabupaten/kota (for PostgreSQL's index), the pages still
    run by name then id, with no business twice or left out, forwards and back."""
    settings.CATALOG_PAGE_SIZE = 4
    trade = Kbli.objects.filter(category_code="G").exclude(level="kategori").first()
    food = Kbli.objects.get(code="10799")
    with commit():
        for number in range(60):
            make_business(
                palembang if number % 3 else oki,
                name=["Warung Sari", "Batik Ayu", "Kopi Dempo", f"Usaha {number:02d}"][number % 4],  # names shared
                kbli=trade if number % 5 < 2 else food,
                scale=Scale.KECIL if number % 2 else Scale.MIKRO,
            )
    expected = [slug for _name, _id, slug in sorted(
        Business.objects.filter(slug__in=matching(params)).values_list("name", "id", "slug")
    )]
    assert len(expected) > 3 * settings.CATALOG_PAGE_SIZE
    forward = walk(client, f"/umkm/?{urlencode(params)}", "next")
    assert [slug for _url, page in forward for slug in page] == expected
    assert all(len(page) == settings.CATALOG_PAGE_SIZE for _url, page in forward[:-1])
    backward = walk(client, forward[-1][0], "prev")  # from the last page, by the "previous" links
    assert [page for _url, page in backward] == [page for _url, page in forward[::-1]]


@pytest.mark.parametrize("params, leading", [
    ("sektor=C", "sector"), ("sektor=C&wilayah=kota-palembang", "sector"), ("wilayah=kota-palembang&skala=mikro", "regency_id"),
])
def test_filtered_directory_is_sorted_within_the_chosen_column(client, catalog, params, leading):
    """The page's query sorts by the chosen sector (else kabupaten/kota) first, held with = ANY on
    PostgreSQL, so that it reads the index leading with that column (bench: 70-110 ms without)."""
    with CaptureQueriesContext(connection) as queries:
        get_html(client, f"/umkm/?{params}")
    keys = next(q["sql"] for q in queries.captured_queries if 'AS "pk"' in q["sql"] and "ORDER BY" in q["sql"])
    assert keys.split("ORDER BY")[1].strip().startswith(f'"directory_business"."{leading}" ASC, "directory_business"."name" ASC')
    assert "regions_regency" not in keys  # the portal's kabupaten/kota by code, not a join
    if connection.vendor == "postgresql":
        assert f'"directory_business"."{leading}" = ANY(' in keys
