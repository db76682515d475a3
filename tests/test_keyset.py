"""Keyset cursors: what encode_cursor writes decode_cursor reads back, and anything else a
visitor can put in ?setelah= / ?sebelum= is refused (page 1), never a server error."""

import base64

import pytest

from catalog.views.businesses import BY_NAME, NEWEST
from catalog.views.products import ORDERINGS
from tests.conftest import get_html, product_slugs
from umkm_portal.keyset import decode_cursor, encode_cursor

NEWEST_FIRST, BY_PRICE, PRODUCTS_BY_NAME = ORDERINGS["terbaru"], ORDERINGS["harga"], ORDERINGS["nama"]


def raw(text):
    """A cursor carrying exactly this JSON text."""
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize("ordering, values", [
    (NEWEST_FIRST, [123]),
    (BY_PRICE, [15000, 7]),
    (BY_PRICE, [None, 7]),  # no price: allowed, the price key is nullable
    (PRODUCTS_BY_NAME, ["Pempek Kapal Selam", 3]),
    (PRODUCTS_BY_NAME, ["Kue “Lapis” — Legit ✓", 4]),
    (BY_NAME, ["Songket & Tenun", 9]),
    (NEWEST, [1]),
])
def test_round_trip(ordering, values):
    token = encode_cursor(values)
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")  # safe in a URL
    assert decode_cursor(token, ordering) == values


MALFORMED = {
    "empty": "",
    "percent signs": "%%%",
    "not base64": "!!!!",
    "base64 of text": base64.urlsafe_b64encode(b"bukan json").decode(),
    "invalid utf-8": base64.urlsafe_b64encode(b"\xff\xfe[1]").decode(),
    "object": raw('{"id": 1}'),
    "number": raw("5"),
    "string": raw('"5"'),
    "null": raw("null"),
    "too short": raw("[15000]"),
    "too long": raw("[15000, 7, 1]"),
    "text for a number": raw('["15000", 7]'),
    "float": raw("[15000.5, 7]"),
    "boolean": raw("[true, 7]"),
    "null id": raw("[15000, null]"),
    "list inside": raw("[[15000], 7]"),
    "infinity": raw("[Infinity, 7]"),
    "deeply nested": raw("[" * 5000 + "]" * 5000),
}


@pytest.mark.parametrize("token", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_price_cursor_is_refused(token):
    assert decode_cursor(token, BY_PRICE) is None


@pytest.mark.parametrize("token", [
    raw('[1, 7]'),  # a number where the name goes
    raw('[null, 7]'),  # the name is not nullable
    raw('["a\\u0000b", 7]'),  # NUL: PostgreSQL cannot compare it
    raw('["\\ud800", 7]'),  # a lone surrogate: not encodable text
])
def test_malformed_name_cursor_is_refused(token):
    assert decode_cursor(token, PRODUCTS_BY_NAME) is None


def test_cursor_of_another_ordering_is_refused():
    assert decode_cursor(encode_cursor(["Pempek", 3]), BY_PRICE) is None
    assert decode_cursor(encode_cursor([15000, 7]), NEWEST_FIRST) is None
    assert decode_cursor(encode_cursor([None, 7]), NEWEST_FIRST) is None


IN_URL = {
    "percent signs": "%%%", "not base64": "!!!!", "object": MALFORMED["object"],
    "boolean": MALFORMED["boolean"], "deeply nested": MALFORMED["deeply nested"],
    "nul": raw('["a\\u0000b", 7]'), "surrogate": raw('["\\ud800", 7]'),
}
PAGES = ["/produk/?urut=nama&", "/produk/?urut=harga&", "/umkm/?", "/wilayah/kota-palembang/?", "/umkm/pempek-cek-uji/?"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_malformed_cursor_in_the_url_gives_page_one(client, catalog, path):
    first = get_html(client, path.rstrip("?&"))
    for name, token in IN_URL.items():
        for direction in ("setelah", "sebelum"):
            html = get_html(client, f"{path}{direction}={token}")
            if path == "/umkm/?":
                assert html.count('href="/umkm/') == first.count('href="/umkm/'), name
            else:
                assert product_slugs(html) == product_slugs(first), name
            assert 'rel="prev"' not in html, name


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_out_of_range_number_is_not_an_error(client, catalog, path):
    for values in ([10**30, 10**30], [-(10**30), 1], ["x", 10**30], [10**30]):
        for direction in ("setelah", "sebelum"):
            assert client.get(f"{path}{direction}={encode_cursor(values)}").status_code == 200
