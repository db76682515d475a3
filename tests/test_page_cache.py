"""Public pages are cached whole for PAGE_CACHE_SECONDS, for anonymous visitors only."""

import pytest
from django.core.cache import cache

from tests.conftest import make_business, make_product


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


def test_a_visitor_with_a_session_is_never_served_a_shared_copy(client, palembang, commit, page_cache):
    with commit():
        business = make_business(palembang)
        make_product(business, name="Pempek Lenjer")
    client.get("/produk/")
    with commit():
        make_product(business, name="Tekwan Udang")
    client.cookies["sessionid"] = "any"
    assert "Tekwan Udang" in client.get("/produk/").content.decode()


@pytest.mark.parametrize("path", ["/", "/produk/", "/umkm/", "/wilayah/kota-palembang/"])
def test_every_public_list_page_is_cacheable(client, palembang, page_cache, path):
    response = client.get(path)
    assert response.status_code == 200
    assert not response.cookies  # a Set-Cookie would make Django's cache skip the page
    assert "max-age=60" in response["Cache-Control"]
