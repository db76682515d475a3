"""/produk/?q=: search on SQLite (every word in name or description) and PostgreSQL
(full-text, Indonesian stemming, search_vector filled by a trigger)."""

import pytest
from django.db import connection

from catalog.models import Product
from tests.conftest import (
    get_html,
    make_business,
    make_product,
    product_slugs,
    public_products,
    result_count,
)

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search")


def slugs_named(*names):
    return set(public_products().filter(name__in=names).values_list("slug", flat=True))


def search(client, text, extra=""):
    return get_html(client, f"/produk/?q={text}{extra}")


def test_word_in_the_name(client, catalog):
    html = search(client, "songket")
    assert set(product_slugs(html)) == slugs_named("Songket Lepus Benang Emas", "Selendang Songket Limar", "Kipas Songket Mini")
    assert result_count(html) == 3


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
    assert found == slugs_named("Pempek Kapal Selam", "Pempek Lenjer Kecil")
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
