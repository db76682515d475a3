"""Every page at the narrowest common phone (360 px, cheap Android) in both languages, and the
filter change that used to dead-end, in a real browser with JavaScript off.

Playwright drives Debian's chromium (/usr/bin/chromium) as in tests/test_browser_owner.py;
its own browser download is never used."""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from directory.models import Ownership, TurnoverReport
from regions.models import District
from tests.conftest import OWNER_PASSWORD, jpeg_bytes, make_business, make_product, make_user
from tests.test_browser_owner import page_without_javascript
from umkm_portal.months import month_shift

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 360, "height": 740}


@pytest.fixture
def phone(live_server, settings, monkeypatch):
    """A new page in a 360 px wide browser without JavaScript: page(language) -> Page."""
    with page_without_javascript(live_server, settings, monkeypatch, viewport=NARROW) as page:
        yield page


@pytest.fixture
def province(palembang, oki):
    """Businesses with long names in Kota Palembang and OKI, products with price ranges and
    several photos, and an owner with a year of omzet reports."""
    district = District.objects.filter(regency=palembang).order_by("code").first()
    seller = make_business(palembang, district=district, name="Pempek dan Kerupuk Kemplang Cek Sari Palembang Darussalam")
    photos = [jpeg_bytes((640, 480), color=(180, 40, 60)), jpeg_bytes((640, 480), color=(20, 120, 60)), jpeg_bytes((480, 640))]
    product = make_product(seller, name="Pempek Kapal Selam Ukuran Jumbo Isi Telur Bebek", price_min=19_000, price_max=43_500, photos=photos)
    for number in range(6):
        make_product(seller, name=f"Kerupuk Kemplang Panggang Rasa {number}", price_min=12_750 + number * 1_000, price_max=1_250_000)
    other = make_business(oki, name="Kerajinan Tenun Songket Ogan Komering Ilir Bersaudara")
    for number in range(3):
        make_product(other, name=f"Pempek Ikan Belida Kayuagung {number}", price_min=25_000)
    owner = make_user("sari@contoh.id", name="Sari")
    Ownership.objects.create(business=seller, user=owner)
    month = datetime.date.today().replace(day=1)
    for back in range(2, 14):
        TurnoverReport.objects.create(business=seller, month=month_shift(month, -back), omzet=12_345_678 + back * 1_000_000,
                                      transactions=1_234, workers=12)
    return seller, product, other, district


def assert_fits(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= NARROW["width"], f"{page.url} is {width}px wide at {NARROW['width']}px"


def test_every_page_fits_360_px_in_both_languages(phone, province):
    seller, product, other, district = province
    public = [
        "/", "/produk/", f"/produk/?wilayah=kota-palembang&kecamatan={district.code}&kategori=kuliner&harga_min=10000",
        product.get_absolute_url(), "/umkm/", "/umkm/?wilayah=kota-palembang&skala=mikro", seller.get_absolute_url(),
        seller.regency.get_absolute_url(), "/akun/masuk/", "/akun/daftar/",
    ]
    owner_pages = ["/akun/", f"/akun/usaha/{seller.slug}/", f"/akun/usaha/{seller.slug}/produk/", f"/akun/usaha/{seller.slug}/omzet/",
                   f"/akun/usaha/{seller.slug}/kontak/", "/akun/klaim/"]
    for prefix in ("", "/en"):
        for path in public:
            phone.goto(prefix + path)
            assert_fits(phone)
    phone.goto("/akun/masuk/")
    phone.fill("input[name=username]", "sari@contoh.id")
    phone.fill("input[name=password]", OWNER_PASSWORD)
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url("**/akun/")
    for prefix in ("", "/en"):
        for path in owner_pages:
            response = phone.goto(prefix + path)
            assert response.status == 200, path
            assert_fits(phone)
    # The header's last link is not cut off: it ends inside the screen.
    box = phone.locator(".main-nav a").last.bounding_box()
    assert box["x"] + box["width"] <= NARROW["width"]


def test_switching_kabupaten_after_a_kecamatan_never_dead_ends(phone, province, oki):
    seller, product, other, district = province
    phone.goto("/produk/")
    phone.locator("summary", has_text="Saring hasil").click()
    phone.get_by_label("Kota Palembang").check()
    with phone.expect_navigation() as navigation:
        phone.get_by_role("button", name="Terapkan").click()
    assert navigation.value.status == 200
    # The no-JS form sends every field; the page lands on the clean URL.
    address = urlsplit(phone.url)
    assert address.path == "/produk/" and parse_qs(address.query) == {"wilayah": ["kota-palembang"], "urut": ["terbaru"]}, phone.url

    phone.locator("summary", has_text="Saring hasil").click()
    phone.select_option("#f-kecamatan", district.code)
    phone.get_by_role("button", name="Terapkan").click()
    phone.wait_for_url(re.compile(rf"kecamatan={re.escape(district.code)}"))
    assert_fits(phone)
    chips = phone.get_by_role("list", name="Filter aktif")
    assert chips.get_by_role("link", name=f"Hapus filter: {district.name}").is_visible()

    phone.locator("summary", has_text="Saring hasil").click()
    phone.get_by_label(oki.name).check()
    with phone.expect_navigation() as navigation:
        phone.get_by_role("button", name="Terapkan").click()
    assert navigation.value.status == 200
    text = phone.locator("main").inner_text()
    assert f"Kecamatan {district.name} tidak ada di {oki.name}, jadi tidak dipakai." in text
    assert "Filter tidak bisa dipakai" not in text
    assert "3 produk" in text and phone.get_by_role("link", name=re.compile("Pempek Ikan Belida Kayuagung")).count() == 3
    # The whole panel is there to go on from: OKI's kecamatan to choose from.
    phone.locator("summary", has_text="Saring hasil").click()
    assert phone.locator("#f-kecamatan option").count() == District.objects.filter(regency=oki).count() + 1
    assert_fits(phone)

    # A chip takes the filter away again.
    phone.get_by_role("link", name=f"Hapus filter: {oki.name}").click()
    phone.wait_for_url(re.compile(r"/produk/\?urut=terbaru$"))
    assert "10 produk" in phone.locator("main").inner_text()
