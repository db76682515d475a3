"""The owner journey in a real browser, at a phone's width (390 px): sign up, claim the
business the dinas imported (NIB + phone on record), edit it, add a product with a photo,
report last month's omzet, and find the product in the public catalog.

Playwright drives Debian's chromium (/usr/bin/chromium, `make test` installs it); Playwright's
own browser download is never used. No page may need JavaScript, so the browser runs with
JavaScript off: what passes here passes on the oldest phone."""

import contextlib
import io
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import path
from django.views.static import serve
from PIL import Image

from catalog.models import Product
from directory.models import Business, Ownership
from tests.conftest import make_business, make_product

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}
PASSWORD = "Pempek-Kapal-Selam-88"


def media_urls():
    """The project's URLs plus uploaded files (the live server has DEBUG off, so the
    project's own media route is not there)."""
    from umkm_portal.urls import urlpatterns

    return [*urlpatterns, path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]


urlpatterns = []  # filled by the fixture below (settings.MEDIA_ROOT is per test)


CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--headless", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


@contextlib.contextmanager
def chromium(monkeypatch):
    """Debian's chromium through Playwright (never Playwright's own download)."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: `make test` installs Debian's chromium package"
    # Playwright's synchronous API runs an event loop in this thread; the test's own ORM calls
    # (setting up data, checking results) are still synchronous and safe here.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@contextlib.contextmanager
def page_without_javascript(live_server, settings, monkeypatch, *, viewport):
    """A page of the live server (this module's URLconf, so uploaded media is served) at `viewport`."""
    urlpatterns[:] = media_urls()
    settings.ROOT_URLCONF = __name__
    with chromium(monkeypatch) as browser:
        context = browser.new_context(viewport=viewport, java_script_enabled=False, locale="id-ID", base_url=live_server.url)
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()


@pytest.fixture
def browser_page(live_server, settings, monkeypatch, tmp_path):
    with page_without_javascript(live_server, settings, monkeypatch, viewport=PHONE) as page:
        yield page


def jpeg_file(tmp_path):
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 900), (190, 120, 40)).save(buffer, format="JPEG", quality=85)
    photo = tmp_path / "pempek.jpg"
    photo.write_bytes(buffer.getvalue())
    return photo


def assert_fits_phone(page):
    """Nothing on the page is wider than the phone's screen (no sideways scrolling)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width}px wide at {PHONE['width']}px"


def shot(page, name):
    """Keep a screenshot of each step when UMKM_SCREENSHOTS names a folder (for reviewing the UI)."""
    folder = os.environ.get("UMKM_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"owner-{name}.png"), full_page=True)


def test_owner_journey_on_a_phone(browser_page, palembang, tmp_path):
    page = browser_page
    business = make_business(
        palembang, name="Pempek Cek Sari", nib="9120001234567", description="",
        private={"owner_name": "Sari", "owner_phone": "+6281234567890"},
    )
    make_product(business, name="Pempek Lenjer")

    # Sign up.
    page.goto("/akun/daftar/")
    assert_fits_phone(page)
    page.fill("#id_first_name", "Sari Wulandari")
    page.fill("#id_email", "sari@contoh.id")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.get_by_role("button", name="Daftar").click()
    page.wait_for_url("**/akun/")
    assert "Belum ada usaha yang terhubung" in page.content()
    shot(page, "1-home-empty")

    # Find the imported business and claim it with its NIB and the phone on record.
    page.get_by_role("link", name="Cari & klaim usaha").click()
    page.wait_for_url("**/akun/klaim/")
    page.fill("#id_q", "pempek cek sari")
    page.get_by_role("button", name="Cari").click()
    page.wait_for_url("**/akun/klaim/?q=*")  # measured once the results page has loaded, not mid-navigation
    assert_fits_phone(page)
    shot(page, "2-claim-search")
    page.locator(f"a[href='/akun/klaim/{business.slug}/']").first.click()
    page.wait_for_url(f"**/akun/klaim/{business.slug}/")
    assert_fits_phone(page)
    page.fill("#id_instant-nib", "9120001234567")
    page.fill("#id_instant-phone", "0812-3456-7890")
    shot(page, "3-claim")
    page.get_by_role("button", name="Klaim sekarang").click()
    page.wait_for_url(f"**/akun/usaha/{business.slug}/")
    assert Ownership.objects.filter(business=business, user__email="sari@contoh.id").exists()

    # Edit the profile: live on the public page at once.
    description = "Pempek ikan belida buatan rumah sejak 1998, tanpa pengawet, dikirim beku ke seluruh Sumsel."
    page.fill("#id_description", description)
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url(f"**/akun/usaha/{business.slug}/")
    assert "Perubahan disimpan" in page.content()
    assert_fits_phone(page)
    shot(page, "4-profile")

    # Add a product with a photo.
    page.get_by_role("navigation", name="Bagian halaman usaha").get_by_role("link", name="Produk").click()
    page.wait_for_url(f"**/akun/usaha/{business.slug}/produk/")
    page.get_by_role("link", name=re.compile("Tambah produk")).first.click()
    page.wait_for_url(f"**/akun/usaha/{business.slug}/produk/baru/")
    assert_fits_phone(page)
    page.fill("#id_name", "Pempek Kapal Selam Jumbo")
    page.select_option("#id_category", label="Kuliner siap saji")
    page.fill("#id_price_min", "Rp 25.000")
    page.set_input_files("#id_photos", str(jpeg_file(tmp_path)))
    shot(page, "5-product-form")
    page.get_by_role("button", name="Tambah produk").click()
    page.wait_for_url(re.compile(r".*/akun/usaha/[^/]+/produk/.*"))
    assert "Pempek Kapal Selam Jumbo" in page.content()
    assert_fits_phone(page)
    shot(page, "6-products")
    product = Product.objects.get(name="Pempek Kapal Selam Jumbo")
    assert product.is_listed and product.cover is not None

    # Report last month's omzet: the table shows it; it never reaches a public page.
    page.get_by_role("navigation", name="Bagian halaman usaha").get_by_role("link", name="Omzet").click()
    page.wait_for_url(f"**/akun/usaha/{business.slug}/omzet/")
    page.fill("#id_omzet", "12.500.000")
    page.get_by_role("button", name="Simpan omzet").click()
    page.wait_for_url(f"**/akun/usaha/{business.slug}/omzet/")
    assert "Rp 12.500.000" in page.locator("table").inner_text()
    assert_fits_phone(page)
    shot(page, "7-omzet")

    # The public catalog shows it with its photo; the business page has the new description.
    page.goto("/produk/?q=kapal+selam+jumbo")
    card = page.locator(".card", has_text="Pempek Kapal Selam Jumbo")
    assert card.count() == 1
    assert "Rp 25.000" in card.inner_text()
    image = card.locator("img")
    assert image.get_attribute("src") == product.cover.thumb.url
    assert image.evaluate("img => img.complete && img.naturalWidth") == 480  # the thumbnail, served
    assert_fits_phone(page)
    shot(page, "8-catalog")
    page.goto(f"/umkm/{business.slug}/")
    assert description in page.content()
    assert "12.500.000" not in page.content()
    assert Business.objects.get(pk=business.pk).description == description
