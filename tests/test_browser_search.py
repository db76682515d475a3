"""A buyer's search in a real browser at a phone's width, JavaScript off: a misspelt word in the
header search, the correction link, then the header search of a kabupaten/kota page staying in it.
Uses the browser of tests/test_browser_owner.py (Debian's chromium through Playwright)."""

import pytest

from catalog.models import Product
from regions.models import Regency
from tests import test_browser_owner
from tests.conftest import make_business, make_product
from tests.test_browser_owner import assert_fits_phone, shot

browser_page = test_browser_owner.browser_page  # the fixture: chromium at a phone's width, JavaScript off
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_search_with_a_typo_and_a_region_on_a_phone(browser_page, palembang):
    page = browser_page
    seller = make_business(palembang, name="Pempek Cek Uji")
    make_product(seller, name="Pempek Kapal Selam", price_min=15000)
    make_product(seller, name="Pempek Lenjer", price_min=12000)
    make_product(make_business(Regency.objects.get(code="16.02"), name="Pempek OKI Uji"), name="Pempek Kulit", price_min=9000)

    page.goto("/")
    page.get_by_role("search").get_by_role("searchbox").first.fill("pempk")
    page.get_by_role("search").get_by_role("button", name="Cari").first.click()
    page.wait_for_url("**/produk/?q=pempk")
    assert page.locator(".card").count() == 0
    correction = page.locator(".search-correction a")
    assert correction.inner_text() == "pempek"
    assert_fits_phone(page)
    shot(page, "search-1-typo")
    correction.click()
    page.wait_for_url("**/produk/?q=pempek")
    assert page.locator(".card").count() == Product.objects.filter(name__startswith="Pempek").count() == 3

    # On Kota Palembang's page the header search stays in Palembang.
    page.goto(f"/wilayah/{palembang.slug}/")
    assert "Mencari di Kota Palembang" in page.locator(".site-header").inner_text()
    header = page.locator(".site-header form.search")
    header.get_by_role("searchbox").fill("pempek")
    header.get_by_role("button", name="Cari").click()
    page.wait_for_url(f"**/wilayah/{palembang.slug}/?q=pempek#h-semua")
    results = page.locator(".catalog-results .card")
    assert results.count() == 2 and not any("Pempek Kulit" in text for text in results.all_inner_texts())  # OKI's
    assert_fits_phone(page)
    shot(page, "search-2-region")
