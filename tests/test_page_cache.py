"""Public pages are cached whole for PAGE_CACHE_SECONDS, for anonymous visitors only."""

import pytest
from django.core.cache import cache

from tests.conftest import get_html, link, make_business, make_product, make_user, query_of


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


def test_anonymous_visitors_share_one_rendering(client, palembang, commit, page_cache, django_assert_num_queries):
    with commit():
        business = make_business(palembang)
        make_product(business, name="Pempek Lenjer")
    first = client.get("/produk/")
    assert "Pempek Lenjer" in first.content.decode()
    assert "max-age=60" in first["Cache-Control"]
    with commit():
        make_product(business, name="Tekwan Udang")
    with django_assert_num_queries(0):
        again = client.get("/produk/")
    assert again.content == first.content  # the cached copy, until it expires
    assert "Tekwan Udang" in client.get("/produk/?kategori=kuliner").content.decode()  # another URL, fresh


def test_a_signed_in_visitor_is_never_served_a_shared_copy(client, palembang, commit, page_cache):
    with commit():
        business = make_business(palembang)
        make_product(business, name="Pempek Lenjer")
    client.get("/produk/")
    with commit():
        make_product(business, name="Tekwan Udang")
    client.force_login(make_user("pemilik@example.com"))
    assert "Tekwan Udang" in client.get("/produk/").content.decode()
    client.logout()
    assert "Tekwan Udang" not in client.get("/produk/").content.decode()  # anonymous again: the shared copy


@pytest.mark.parametrize(
    "cookie, queries",
    [
        ("x", 0),  # malformed: Django does not even look it up
        ("k" * 32, 1),  # well-formed but unknown: one lookup in the session table
    ],
)
def test_a_made_up_session_cookie_gets_the_shared_copy(client, palembang, commit, page_cache, django_assert_num_queries, cookie, queries):
    with commit():
        business = make_business(palembang)
        make_product(business, name="Pempek Lenjer")
    first = client.get("/produk/")
    with commit():
        make_product(business, name="Tekwan Udang")
    client.cookies["sessionid"] = cookie
    with django_assert_num_queries(queries):
        again = client.get("/produk/")
    assert again.content == first.content


@pytest.mark.parametrize(
    "first_url, same_page_url",
    [
        ("/produk/", "/produk/?x=8213"),  # a made-up parameter
        ("/produk/?kategori=kuliner&wilayah=kota-palembang", "/produk/?wilayah=kota-palembang&utm_source=wa&kategori=kuliner"),
        ("/umkm/", "/umkm/?fbclid=abc"),
        ("/umkm/?wilayah=kota-palembang&skala=mikro", "/umkm/?skala=mikro&x=1&wilayah=kota-palembang"),
        ("/wilayah/kota-palembang/", "/wilayah/kota-palembang/?x=1"),
        ("/en/produk/", "/en/produk/?x=2"),
    ],
)
def test_parameters_a_page_does_not_read_find_the_same_cached_copy(
    client, palembang, commit, page_cache, django_assert_num_queries, first_url, same_page_url
):
    with commit():
        make_product(make_business(palembang, name="Pempek Bu Ani"), name="Pempek Lenjer")
    first = client.get(first_url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = client.get(same_page_url)
    assert again.status_code == 200
    assert again.content == first.content


def test_each_language_and_each_filter_has_its_own_copy(client, palembang, commit, page_cache):
    with commit():
        business = make_business(palembang)
        make_product(business, name="Pempek Lenjer")
    indonesian = get_html(client, "/produk/?kategori=kuliner")
    english = get_html(client, "/en/produk/?kategori=kuliner&x=1")
    assert '<html lang="id">' in indonesian
    assert '<html lang="en">' in english
    with commit():
        make_product(business, name="Tekwan Udang")
    assert "Tekwan Udang" not in get_html(client, "/produk/?kategori=kuliner")  # the cached copy
    assert "Tekwan Udang" in get_html(client, "/produk/?kategori=kuliner&urut=nama")  # a parameter the page reads


def test_empty_parameters_redirect_once_to_the_clean_url_without_the_unknown_ones(client, palembang, page_cache):
    response = client.get("/produk/?x=1&q=&wilayah=kota-palembang&harga_min=&utm_source=wa")
    assert response.status_code == 302 and response["Location"] == "/produk/?wilayah=kota-palembang"


@pytest.mark.parametrize("seconds", [0, 60])
def test_links_on_the_page_leave_unknown_parameters_out(client, palembang, commit, settings, seconds):
    settings.PAGE_CACHE_SECONDS = seconds
    cache.clear()
    with commit():
        business = make_business(palembang)
        for _ in range(settings.CATALOG_PAGE_SIZE + 1):
            make_product(business)
    url = "/produk/?x=1&kategori=kuliner"
    next_page = link(get_html(client, url), "next", url)
    assert set(query_of(next_page)) == {"kategori", "setelah", "halaman"}
    cache.clear()


@pytest.mark.parametrize("path", ["/", "/produk/", "/umkm/", "/wilayah/kota-palembang/"])
def test_every_public_list_page_is_cacheable(client, palembang, page_cache, path):
    response = client.get(path)
    assert response.status_code == 200
    assert not response.cookies  # a Set-Cookie would make Django's cache skip the page
    assert "max-age=60" in response["Cache-Control"]
