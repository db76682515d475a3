"""/produk/?q=: search on SQLite (every word in name or description) and PostgreSQL
(full-text, Indonesian stemming, search_vector filled by a trigger)."""

import re
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client

from catalog.models import Product
from directory.models import Business
from regions.models import Regency
from tests.conftest import (
    get_html,
    jpeg_bytes,
    link,
    make_business,
    make_product,
    product_slugs,
    public_products,
    result_count,
)
from umkm_portal.money import format_rupiah

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")


def slugs_named(*names):
    return set(public_products().filter(name__in=names).values_list("slug", flat=True))


def search(client, text, extra=""):
    return get_html(client, f"/produk/?q={text}{extra}")


def sold_by(business_name):
    """The public products of the business of that name."""
    return set(public_products().filter(business__name=business_name).values_list("slug", flat=True))


def test_word_in_the_name(client, catalog):
    html = search(client, "songket")
    in_name = slugs_named("Songket Lepus Benang Emas", "Selendang Songket Limar", "Kipas Songket Mini")
    found = product_slugs(html)
    # Then the other products of "Songket Uji Bersaudara" (the word in the seller's name).
    assert set(found[:3]) == in_name and set(found) == in_name | sold_by("Songket Uji Bersaudara")
    assert result_count(html) == len(found) > 3


def test_word_only_in_the_description(client, catalog):
    # "belida" is in the name of one product and only in the description of the other
    assert public_products().get(name="Pempek Kapal Selam").description.count("belida") == 1
    html = search(client, "belida")
    assert set(product_slugs(html)) == slugs_named("Kerupuk Ikan Belida", "Pempek Kapal Selam")


def test_every_word_must_match(client, catalog):
    html = search(client, "kemplang+pedas")
    assert set(product_slugs(html)) == slugs_named("Kerupuk Kemplang Pedas", "Kemplang Tunu Pedas")
    # each word alone finds more
    assert len(product_slugs(search(client, "kemplang"))) == public_products().filter(name__icontains="kemplang").count() == 4
    assert slugs_named("Sambal Lingkung") <= set(product_slugs(search(client, "pedas")))  # "pedas" in its description


def test_capital_letters_and_extra_spaces_do_not_matter(client, catalog):
    expected = slugs_named("Pindang Patin", "Pindang Ikan Baung")
    assert set(product_slugs(search(client, "PINDANG"))) == expected
    assert set(product_slugs(search(client, "%20%20pindang%20%20"))) == expected


def test_search_combines_with_filters(client, catalog):
    html = search(client, "kemplang", "&wilayah=kabupaten-ogan-komering-ilir")
    assert product_slugs(html) == list(slugs_named("Kemplang Tunu Pedas"))


def test_hidden_and_unlisted_products_are_never_found(client, catalog):
    html = search(client, "pempek")
    found = set(product_slugs(html))
    # The seller "Pempek Cek Uji" holds the word too: all its products, not its hidden one.
    assert found == slugs_named("Pempek Kapal Selam", "Pempek Lenjer Kecil") | sold_by("Pempek Cek Uji")
    assert not found & {product.slug for product in catalog.unlisted}
    for word in ("rahasia", "batagor", "tutup", "verifikasi"):  # words only unlisted products carry
        assert product_slugs(search(client, word)) == []


def test_no_match_shows_the_empty_state(client, catalog):
    html = search(client, "durian+montong")
    assert product_slugs(html) == []
    assert result_count(html) == 0
    assert "Belum ada produk yang cocok." in html
    assert "durian montong" in html  # the words searched for are repeated


def test_search_words_are_escaped_in_the_page(client, catalog):
    html = search(client, "%3Cscript%3Ealert(1)%3C/script%3E")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("text", ["pempek's", "%22kapal+selam%22", "-pempek", "kapal+OR+lenjer", "%25", "_", "!!!"])
def test_punctuation_never_breaks_the_page(client, catalog, text):
    assert client.get(f"/produk/?q={text}").status_code == 200


def test_indonesian_text_found_in_its_own_words(client, commit, palembang):
    with commit():
        seller = make_business(palembang, name="Dapur Nyonya Uji")
        make_product(seller, name="Keripik Tempe Sagu", description="Gurih, renyah, tanpa pengawet; oleh-oleh khas Palembang.")
        make_product(seller, name="Rendang Daging Sapi", description="Bumbu rempah pilihan, dimasak delapan jam.")
    assert [Product.objects.get(slug=s).name for s in product_slugs(search(client, "renyah+pengawet"))] == ["Keripik Tempe Sagu"]
    assert [Product.objects.get(slug=s).name for s in product_slugs(search(client, "rempah"))] == ["Rendang Daging Sapi"]
    assert product_slugs(search(client, "renyah+rempah")) == []


@postgresql_only
def test_search_vector_is_filled_by_the_trigger(commit, palembang):
    with commit():
        product = make_product(make_business(palembang), name="Kopi Bubuk Semendo", description="Robusta petik merah.")
    assert Product.objects.filter(pk=product.pk, search_vector__isnull=False).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM catalog_product WHERE id = %s", [product.pk])
        vector = cursor.fetchone()[0]
    assert "'semendo'" in vector and "'robusta'" in vector

    Product.objects.filter(pk=product.pk).update(name="Kopi Bubuk Pagaralam")  # UPDATE of name: recomputed
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM catalog_product WHERE id = %s", [product.pk])
        vector = cursor.fetchone()[0]
    assert "'pagaralam'" in vector and "'semendo'" not in vector


@postgresql_only
def test_saving_a_product_unchanged_keeps_its_search_vector(commit, palembang):
    with commit():
        product = make_product(make_business(palembang, name="Toko Uji Vektor"), name="Kopi Bubuk Semendo")
    assert product.search_vector is None  # the instance never read what the trigger wrote
    product.price_min = 25000
    product.save()  # writes every column, search_vector = NULL included
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM catalog_product WHERE id = %s", [product.pk])
        vector = cursor.fetchone()[0]
    assert "'semendo':" in vector and "'vektor':" in vector


@postgresql_only
def test_every_listed_product_has_a_search_vector(catalog):
    assert Product.objects.filter(search_vector__isnull=True).count() == 0
    assert Product.objects.filter(search_vector__isnull=False).count() == Product.objects.count() > 0


@postgresql_only
def test_indonesian_stemming_finds_other_word_forms(client, catalog):
    # "anyaman" and "Anyam" share the stem "anyam"; "kerupuknya" and "Kerupuk" share "rupuk"
    assert set(product_slugs(search(client, "anyaman"))) == slugs_named("Anyaman Purun Tikar", "Tas Rotan Anyam")
    assert set(product_slugs(search(client, "kerupuknya"))) == slugs_named("Kerupuk Kemplang Pedas", "Kerupuk Ikan Belida")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite word matching")
def test_sqlite_matches_words_as_written(client, catalog):
    assert set(product_slugs(search(client, "anyaman"))) == slugs_named("Anyaman Purun Tikar")


# ---------------------------------------------------------------------------- relevance (issue 12)


def names_of(html):
    return [Product.objects.get(slug=slug).name for slug in product_slugs(html)]


def test_name_comes_before_description(client, catalog):
    # "pedas" is in two names and in Sambal Lingkung's description; Sambal Lingkung is newer
    # than Kerupuk Kemplang Pedas, so newest first would put it second.
    assert names_of(search(client, "pedas", "&urut=terbaru"))[1] == "Sambal Lingkung"
    assert names_of(search(client, "pedas")) == ["Kemplang Tunu Pedas", "Kerupuk Kemplang Pedas", "Sambal Lingkung"]


@pytest.fixture
def ranked(commit, palembang):
    """Four products holding "bekasam rusip", the most relevant created first (oldest), so that
    newest first is exactly the reverse of relevance."""
    with commit():
        seller = make_business(palembang, name="Dapur Rangking")
        names = [
            ("Bekasam Rusip Asli", ""),  # the phrase in the name
            ("Rusip dan Bekasam", ""),  # both words in the name
            ("Toples Kaca Besar", "Isi bekasam rusip pilihan."),  # the phrase in the description
            ("Sambal Bekasam", "Dibuat dengan rusip."),  # the words apart
        ]
        return [make_product(seller, name=name, description=description).name for name, description in names]


def test_exact_phrase_then_words_then_description(client, ranked):
    assert names_of(search(client, "bekasam+rusip")) == ranked
    assert names_of(search(client, "bekasam+rusip", "&urut=terbaru")) == ranked[::-1]
    html = search(client, "bekasam+rusip")
    assert '<option value="relevan" selected>' in html  # the default with words, shown in the sort menu


def test_relevance_is_paginated_by_keyset(client, ranked, settings):
    from tests.test_pagination import walk

    settings.CATALOG_PAGE_SIZE = 1
    pages = walk(client, "/produk/?q=bekasam+rusip", product_slugs)
    assert [Product.objects.get(slug=items[0]).name for _, _, items in pages] == ranked
    back = link(pages[2][1], "prev", pages[2][0])
    assert names_of(get_html(client, back)) == [ranked[1]]


def test_relevance_ranks_the_newest_matches_then_newest_first(client, ranked, settings, monkeypatch):
    # With a window of two, the two newest matches are ranked and the older two follow newest first.
    monkeypatch.setattr("catalog.search.RELEVANCE_WINDOW", 2)
    settings.CATALOG_PAGE_SIZE = 1
    from tests.test_pagination import walk

    pages = walk(client, "/produk/?q=bekasam+rusip", product_slugs)
    assert [Product.objects.get(slug=items[0]).name for _, _, items in pages] == [ranked[2], ranked[3], ranked[1], ranked[0]]
    back = link(pages[3][1], "prev", pages[3][0])
    assert names_of(get_html(client, back)) == [ranked[1]]


def test_no_more_than_two_cards_of_one_seller_in_the_first_row(client, commit, palembang, oki):
    with commit():
        other = make_business(oki, name="Lempok Seberang")
        for number in range(2):
            make_product(other, name=f"Lempok Durian Seberang {number}")
        busy = make_business(palembang, name="Lempok Banyak")
        for number in range(6):  # newer: newest first would fill the first row with them
            make_product(busy, name=f"Lempok Durian {number}")
    html = search(client, "lempok")
    sellers = [Product.objects.get(slug=slug).business_id for slug in product_slugs(html)]
    assert len(sellers) == 8
    assert sellers[:4].count(busy.pk) == 2 and sellers[:4].count(other.pk) == 2
    newest = product_slugs(search(client, "lempok", "&urut=terbaru"))
    assert [Product.objects.get(slug=slug).business_id for slug in newest][:4] == [busy.pk] * 4  # only by relevance


# ---------------------------------------------------------------------------- the seller's name (issue 12)


@pytest.fixture
def sellers(commit, palembang):
    """"darmi" in a product name, in a description, and only in a seller's name, the most relevant
    created first (oldest), so that newest first is the reverse of relevance."""
    with commit():
        darmi = make_business(palembang, name="Warung Mbok Darmi Seberang")
        other = make_business(palembang, name="Dapur Lain Uji")
        in_name = make_product(other, name="Kue Darmi Gulung")
        in_description = make_product(other, name="Lempok Durian", description="Resep mbok darmi turun-temurun.")
        seller_only = make_product(darmi, name="Tekwan Kuah Ebi", description="Kuah kaldu udang.")
    return SimpleNamespace(darmi=darmi, other=other, in_name=in_name, in_description=in_description, seller_only=seller_only)


def test_a_product_is_found_by_its_sellers_name(client, sellers):
    assert product_slugs(search(client, "warung+mbok+darmi")) == [sellers.seller_only.slug]
    assert product_slugs(search(client, "tekwan+seberang")) == [sellers.seller_only.slug]  # one word of each


def test_a_match_through_the_seller_ranks_below_name_and_description(client, sellers):
    expected = [sellers.in_name.slug, sellers.in_description.slug, sellers.seller_only.slug]
    assert product_slugs(search(client, "darmi")) == expected
    assert product_slugs(search(client, "darmi", "&urut=terbaru")) == expected[::-1]
    # Two words: "mbok darmi" is a phrase of the description and of the seller's name.
    assert product_slugs(search(client, "mbok+darmi")) == [sellers.in_description.slug, sellers.seller_only.slug]


def test_pempek_cek_uji_finds_the_products_of_pempek_cek_uji(client, catalog):
    found = product_slugs(search(client, "pempek+cek+uji"))  # only in the seller's name
    assert set(found) == sold_by("Pempek Cek Uji") and len(found) > 2


def test_an_owner_renaming_the_business_renames_what_its_products_are_found_by(client, roles, commit):
    from tests.test_owner_listing import profile_data

    assert product_slugs(search(client, "cek+sari")) == [roles.product.slug]
    client.force_login(roles.owner)
    with commit():
        response = client.post(f"/akun/usaha/{roles.business.slug}/", profile_data(roles.business, name="Dapur Wong Kito"))
    assert response.status_code == 302
    client.logout()
    assert product_slugs(search(client, "wong+kito")) == [roles.product.slug]
    assert product_slugs(search(client, "cek+sari")) == []


def test_staff_renaming_a_business_in_the_admin_renames_what_its_products_are_found_by(admin_client, client, sellers, commit):
    from tests.test_admin_scoping import form_data

    url = f"/admin/directory/business/{sellers.darmi.pk}/change/"
    data = form_data(admin_client, url)
    data["name"] = "Kedai Cik Minah"
    with commit():
        response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert product_slugs(search(client, "cik+minah")) == [sellers.seller_only.slug]
    assert product_slugs(search(client, "warung+mbok")) == []


def test_products_of_hidden_or_unlisted_sellers_are_never_found_by_the_sellers_name(client, catalog, sellers):
    hidden = make_product(sellers.darmi, name="Pindang Tulang Rahasia", is_hidden=True)
    assert hidden.seller_name == "Warung Mbok Darmi Seberang"
    assert product_slugs(search(client, "darmi+seberang")) == [sellers.seller_only.slug]
    for words in ("usaha+tutup", "usaha+baru", "batagor+bandung"):  # inactive, unverified, out-of-province sellers
        assert product_slugs(search(client, words)) == []


@postgresql_only
def test_the_sellers_name_is_in_the_search_vector_with_weight_c(sellers):
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM catalog_product WHERE id = %s", [sellers.seller_only.pk])
        vector = cursor.fetchone()[0]
    assert "'darmi':" in vector and re.search(r"'darmi':\d+C", vector)
    assert re.search(r"'tekwan':\d+A", vector)


# ---------------------------------------------------------------------------- places in the words


def test_place_name_is_the_region_filter(client, catalog):
    html = search(client, "pempek+palembang")
    assert product_slugs(html) == product_slugs(search(client, "pempek", "&wilayah=kota-palembang"))
    assert product_slugs(html)
    assert "Menampilkan produk di Kota Palembang untuk “pempek”." in html


@pytest.mark.parametrize("words, region", [
    ("kemplang+oki", "kabupaten-ogan-komering-ilir"),
    ("kemplang+plg", "kota-palembang"),
    ("kemplang+di+kota+palembang", "kota-palembang"),
    ("kopi+prabumulih", "kota-prabumulih"),
])
def test_place_names_and_aliases(client, catalog, words, region):
    word = words.split("+")[0]
    expected = product_slugs(search(client, word, f"&wilayah={region}"))
    assert expected and product_slugs(search(client, words)) == expected


def test_a_place_alone_lists_the_region(client, catalog, commit):
    with commit():
        make_product(make_business(Regency.objects.get(code="16.73"), name="Linggau Uji"), name="Kopi Lubuk Uji")
    assert names_of(search(client, "lubuklinggau")) == ["Kopi Lubuk Uji"]
    assert names_of(search(client, "LUBUK+LINGGAU")) == ["Kopi Lubuk Uji"]


def test_kecamatan_name_is_the_kecamatan_filter(client, catalog):
    html = search(client, "pempek+ilir+barat+2")
    assert product_slugs(html) == product_slugs(search(client, "pempek", "&wilayah=kota-palembang&kecamatan=16.71.01"))
    assert "di Kecamatan Ilir Barat Dua, Kota Palembang" in html


def test_place_that_finds_nothing_is_searched_as_words(client, catalog):
    # Pedamaran is a kecamatan of OKI and a word of "Madu Hutan Pedamaran", whose seller is elsewhere
    assert names_of(search(client, "madu+pedamaran")) == ["Madu Hutan Pedamaran"]


def test_a_chosen_region_wins_over_a_place_in_the_words(client, catalog):
    html = search(client, "pempek+palembang", "&wilayah=kabupaten-ogan-komering-ilir")
    assert product_slugs(html) == [] and "Menampilkan produk di" not in html
    html = get_html(client, "/wilayah/kabupaten-ogan-komering-ilir/?q=kemplang+palembang")
    assert product_slugs(html.split('id="h-semua"')[1]) == []


def test_filter_panel_keeps_the_words_left_so_the_read_region_can_be_changed(client, catalog):
    html = search(client, "pempek+palembang+halal")
    assert '<input type="hidden" name="q" value="pempek">' in html
    assert '<input type="radio" name="wilayah" value="kota-palembang" checked>' in html
    # the panel sent with another kabupaten/kota: the words no longer name Palembang
    assert product_slugs(get_html(client, "/produk/?q=pempek&wilayah=kabupaten-ogan-komering-ilir&sertifikasi=halal")) == []
    assert product_slugs(get_html(client, "/produk/?q=pempek&sertifikasi=halal")) == product_slugs(html)


def test_search_words_exactly_as_typed(client, catalog):
    html = search(client, "kain+palembang", "&harfiah=1")
    assert names_of(html) == ["Kain Jumputan Palembang"] and "Menampilkan produk" not in html
    assert "harfiah=1" in search(client, "kain+palembang")  # the link to it


def test_words_that_are_not_places(client, commit, palembang):
    with commit():
        make_product(make_business(palembang), name="Rambutan Binjai Manis")
    assert names_of(search(client, "rambutan")) == ["Rambutan Binjai Manis"]  # not kecamatan Rambutan (Banyuasin)


# ---------------------------------------------------------------------------- certificates and prices


def test_halal_is_the_certification_filter(client, catalog):
    assert set(product_slugs(search(client, "halal"))) == set(product_slugs(get_html(client, "/produk/?sertifikasi=halal")))
    html = search(client, "pempek+palembang+halal")
    assert product_slugs(html) == product_slugs(search(client, "pempek", "&wilayah=kota-palembang&sertifikasi=halal"))
    assert "Menampilkan produk Halal di Kota Palembang untuk “pempek”." in html


@pytest.mark.parametrize("words, highest", [("kemplang+di+bawah+20rb", 20000), ("kemplang+maks+Rp+25.000", 25000), ("kemplang+22+ribu", 22000),
                                            ("kemplang+di+bawah+22,5rb", 22500)])
def test_budget_is_the_highest_price(client, catalog, words, highest):
    html = search(client, words)
    expected = product_slugs(search(client, "kemplang", f"&harga_max={highest}"))
    assert expected and set(product_slugs(html)) == set(expected)
    assert f"dengan harga sampai {format_rupiah(highest)}" in html


def test_murah_sorts_by_price_and_never_empties_the_result(client, catalog):
    html = search(client, "kemplang+murah")  # Rp 15.000, 22.000, 25.000, then no price
    assert names_of(html) == ["Kemplang Panggang", "Kemplang Tunu Pedas", "Kemplang Panggang", "Kerupuk Kemplang Pedas"]
    assert "termurah dulu" in html


# ---------------------------------------------------------------------------- typos and English


def corrected_link(html):
    match = re.search(r'Mungkin maksud Anda: <a href="([^"]+)">([^<]+)</a>', html)
    return (match.group(1).replace("&amp;", "&"), match.group(2)) if match else (None, None)


def shown_instead(html):
    """The corrected words an empty search was answered with, or None."""
    match = re.search(r"Menampilkan hasil untuk “([^”]+)”", html)
    return match.group(1) if match else None


def test_kopii_finds_kopi(client, catalog):
    # PostgreSQL's Indonesian stemmer reads "kopii" as "kopi" (suffix -i); SQLite corrects the word.
    html, kopi = search(client, "kopii"), product_slugs(search(client, "kopi"))
    assert product_slugs(html) == kopi and kopi
    assert shown_instead(html) == (None if connection.vendor == "postgresql" else "kopi")


@pytest.mark.parametrize("typed, meant, words", [
    ("pempk", "pempek", "pempek"), ("kemplng", "kemplang", "kemplang"),
    ("PEMPK+palembang", "pempek palembang", "pempek"),  # the place is the region filter, "pempek" the words
])
def test_misspelt_words_that_find_nothing_show_the_corrected_search(client, catalog, typed, meant, words):
    html = search(client, typed)
    assert product_slugs(html) == product_slugs(search(client, meant.replace(" ", "+")))
    assert product_slugs(html)
    assert shown_instead(html) == words
    assert f"Tidak ada produk untuk “{typed.replace('+', ' ')}”" in html
    assert html.count("Cari persis “") == 1  # only the words as typed


@pytest.mark.parametrize("typed, meant", [("pempk", "pempek"), ("kemplng", "kemplang")])
def test_the_words_as_typed_offer_the_correction(client, catalog, typed, meant):
    html = search(client, typed)
    exact = re.search(r'<a href="([^"]+)">Cari persis “', html).group(1).replace("&amp;", "&")
    assert "harfiah=1" in exact
    as_typed = get_html(client, "/produk/" + exact)
    assert product_slugs(as_typed) == []
    href, words = corrected_link(as_typed)
    assert words.lower() == meant
    assert product_slugs(get_html(client, "/produk/" + href)) == product_slugs(html)


def test_no_correction_towards_a_word_only_hidden_products_hold(client, catalog):
    assert "Mungkin maksud Anda" not in search(client, "rahasiaa")  # "Pempek Rahasia Tersembunyi" is hidden
    assert "Mungkin maksud Anda" not in search(client, "pempek")


@pytest.mark.parametrize("path", ["/produk/", "/en/produk/"])
def test_english_words_find_indonesian_products(client, catalog, path):
    html = get_html(client, f"{path}?q=coffee")
    assert set(names_of(html)) == {"Kopi Bubuk Semendo", "Kopi Robusta Prabumulih"}
    assert "“coffee”" in html
    crackers = names_of(get_html(client, f"{path}?q=shrimp+crackers"))
    assert "Kerupuk Kemplang Pedas" in crackers and "Kemplang Tunu Pedas" in crackers
    assert set(names_of(get_html(client, f"{path}?q=woven+cloth"))) >= {"Songket Lepus Benang Emas"}


@postgresql_only
def test_search_words_are_kept_by_the_triggers(commit, palembang):
    from catalog.models import SearchWord

    with commit():
        product = make_product(make_business(palembang), name="Gulo Puan Cap Uji")
    assert {"gulo", "puan", "cap", "uji"} <= set(SearchWord.objects.values_list("word", flat=True))
    Product.objects.filter(pk=product.pk).update(name="Gulo Puan Bangsawan")
    assert SearchWord.objects.filter(word="bangsawan").exists()


# ---------------------------------------------------------------------------- suggestions, empty result, header


def test_suggestions_under_an_empty_search_box(client, catalog):
    html = get_html(client, "/produk/")
    assert "Pencarian populer:" in html and 'href="/produk/?q=pempek"' in html
    assert 'href="/produk/?kategori=makanan-minuman-olahan"' in html  # the biggest category
    assert "Pencarian populer:" not in search(client, "pempek")


def test_empty_result_says_what_to_do(client, catalog):
    html = search(client, "durian+montong", "&wilayah=kota-palembang")
    assert "Belum ada produk yang cocok." in html
    assert "Periksa ejaan" in html and 'href="/produk/?q=durian%20montong"' in html  # without the filters
    assert "Pencarian populer:" in html and "Kategori:" in html


def test_header_search_keeps_the_region_of_the_page(client, catalog):
    html = get_html(client, "/wilayah/kota-palembang/")
    assert '<form class="search" action="/wilayah/kota-palembang/#h-semua"' in html  # straight to the results
    assert "Mencari di Kota Palembang" in html
    html = get_html(client, "/produk/?wilayah=kota-palembang")
    assert '<input type="hidden" name="wilayah" value="kota-palembang">' in html
    html = get_html(client, "/produk/")
    assert '<form class="search" action="/produk/"' in html and "Mencari di" not in html
    # what the header form sends from the region page
    found = product_slugs(get_html(client, "/wilayah/kota-palembang/?q=kemplang").split('id="h-semua"')[1])
    assert len(found) == 3 and set(found) == set(product_slugs(search(client, "kemplang", "&wilayah=kota-palembang")))


def test_search_query_count(client, catalog, commit, palembang, django_assert_num_queries):
    with commit():  # 26 matches: a full page of 24 cards, so a query per card would show
        seller = make_business(palembang, name="Pempek Banyak Uji")
        for number in range(24):
            make_product(seller, name=f"Pempek Varian {number}", photos=[jpeg_bytes((32, 32))] if number % 3 == 0 else [])
    client.get("/produk/?q=pempek+palembang")  # the place index is built once per process, the option lists cached
    with django_assert_num_queries(11):
        # 1 the wilayah read from the words, checked by the form; 2 the counts' generation (the
        # option lists of kabupaten/kota, kecamatan and categories come from the cache: catalog.facets);
        # 3 the capped count of matches; 4 the count without the wilayah (is it under the cap?);
        # 5-9 option counts per kabupaten/kota, kecamatan, category, scale, certification (a search:
        # counted live); 10 the ranked window of ids with their level; 11 those products with
        # business, regency and cover. The place index is read once per process.
        response = client.get("/produk/?q=pempek+palembang")
    assert len(product_slugs(response.content.decode())) == 24


@pytest.mark.parametrize("values", [[9, 1], [3], ["3", 1], [None, 1], [3, 1, 2]])
def test_relevance_cursor_of_another_shape_gives_page_one(client, ranked, values):
    from umkm_portal.keyset import encode_cursor

    first = product_slugs(search(client, "bekasam+rusip"))
    assert product_slugs(search(client, "bekasam+rusip", f"&setelah={encode_cursor(values)}")) == first
    assert client.get(f"/produk/?q=bekasam+rusip&sebelum={encode_cursor(values)}").status_code == 200


@pytest.mark.usefixtures("villages")
def test_a_registry_import_renaming_a_business_renames_what_its_products_are_found_by(client, commit):
    from tests.test_import_admin import make_staff
    from tests.test_import_dates_and_coordinates import import_rows

    staff_client = Client()
    staff_client.force_login(make_staff("staf-nama", "16.71"))
    header = ["No", "Nama Usaha", "Kabupaten/Kota", "Kecamatan", "NIB"]
    import_rows(staff_client, [header, [1, "Kemplang Wak Dolah", "Kota Palembang", "Ilir Timur I", "9120009990001"]], commit)
    with commit():
        product = make_product(Business.objects.get(nib="9120009990001"), name="Kerupuk Ikan Tenggiri")
    assert product_slugs(search(client, "wak+dolah")) == [product.slug]
    renamed = import_rows(staff_client, [header, [1, "Kemplang Cik Ipah", "Kota Palembang", "Ilir Timur I", "9120009990001"]], commit)
    assert renamed.counts["updated"] == 1
    assert product_slugs(search(client, "cik+ipah")) == [product.slug]
    assert product_slugs(search(client, "wak+dolah")) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index and its bitmap are PostgreSQL's")
def test_words_matching_very_many_are_checked_row_by_row_with_the_same_results(client, catalog, monkeypatch):
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    ranked = product_slugs(search(client, "pempek"))
    monkeypatch.setattr("catalog.facets.LIVE_CAP", 2)  # "more than 2 products": the capped path
    with CaptureQueriesContext(db) as queries:
        capped = search(client, "pempek")
    assert "Lebih dari 2 produk" in capped
    assert product_slugs(capped) == ranked and len(ranked) > 2
    page_queries = [q["sql"] for q in queries if "_level" in q["sql"]]
    assert page_queries and all("|| ''::tsvector" in sql for sql in page_queries)
