"""The Content-Security-Policy in a real browser (Debian's chromium, JavaScript on so that the
admin's scripts run): public pages, an owner's page and admin pages load with no refusal in the
console. tests/test_security_headers.py checks the header itself; this checks that nothing the
pages use is blocked by it."""

import pytest
from django.contrib.auth import get_user_model

from directory.models import Ownership
from tests.conftest import make_business, make_product
from tests.test_browser_owner import PASSWORD, chromium

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser(live_server, monkeypatch):
    with chromium(monkeypatch) as browser:
        yield browser


def refusals_on(browser, base_url, paths, login=None):
    """{path: [console messages about the policy]} for each path, after logging in at `login` (url, user, password)."""
    context = browser.new_context(base_url=base_url, locale="id-ID", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.on("pageerror", lambda error: messages.append(f"pageerror: {error}"))
    if login:
        url, username, password = login
        page.goto(url)
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.locator("form [type=submit]").last.click()
        page.wait_for_load_state()
    found = {}
    for path in paths:
        messages.clear()
        response = page.goto(path)
        assert response.status == 200, path
        assert "Content-Security-Policy" in response.headers or "content-security-policy" in response.headers, path
        page.wait_for_load_state("load")
        found[path] = [m for m in messages if "Content Security Policy" in m or "Refused to" in m or m.startswith("pageerror")]
    context.close()
    return {path: refused for path, refused in found.items() if refused}


def test_public_and_owner_pages_break_no_rule(browser, live_server, palembang):
    business = make_business(palembang, name="Pempek Cek Sari")
    product = make_product(business, name="Pempek Lenjer")
    owner = get_user_model().objects.create_user(username="sari@contoh.id", email="sari@contoh.id", password=PASSWORD)
    Ownership.objects.create(user=owner, business=business)
    public = ["/", "/produk/", product.get_absolute_url(), "/umkm/", business.get_absolute_url(), f"/wilayah/{palembang.slug}/",
              "/tentang/", "/akun/masuk/", "/akun/daftar/", "/en/produk/"]
    assert refusals_on(browser, live_server.url, [p for p in public if p]) == {}
    owner_pages = ["/akun/", f"/akun/usaha/{business.slug}/", f"/akun/usaha/{business.slug}/produk/"]
    assert refusals_on(browser, live_server.url, owner_pages, login=("/akun/masuk/", "sari@contoh.id", PASSWORD)) == {}


def test_admin_pages_break_no_rule(browser, live_server, palembang):
    business = make_business(palembang, name="Pempek Cek Sari")
    product = make_product(business, name="Pempek Lenjer")
    get_user_model().objects.create_superuser("root", "root@example.id", PASSWORD)
    admin_pages = [
        "/admin/", "/admin/directory/business/", f"/admin/directory/business/{business.pk}/change/",
        "/admin/catalog/product/", f"/admin/catalog/product/{product.pk}/change/", "/admin/catalog/product/add/",
        "/admin/directory/turnoverreport/ringkasan/", "/admin/directory/business/export/", "/admin/owners/changerecord/",
    ]
    assert refusals_on(browser, live_server.url, admin_pages, login=("/admin/login/", "root", PASSWORD)) == {}


def test_export_select_all_toggle_still_works(browser, live_server, palembang):
    """Its onchange="…" attribute became a listener in static/js/admin-export.js."""
    get_user_model().objects.create_superuser("root", "root@example.id", PASSWORD)
    page = browser.new_page(base_url=live_server.url)
    page.goto("/admin/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", PASSWORD)
    page.locator("form [type=submit]").last.click()
    page.wait_for_load_state()
    page.goto("/admin/directory/business/export/")
    fields = page.locator('.selectable-field-export-row input[type="checkbox"]')
    assert fields.count() > 1 and fields.first.is_checked()
    page.uncheck("#select-all-toggle")
    assert not any(fields.nth(i).is_checked() for i in range(fields.count()))
    page.check("#select-all-toggle")
    assert all(fields.nth(i).is_checked() for i in range(fields.count()))
