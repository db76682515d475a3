"""The dinas that runs the portal, named on every page, and the portal's own pages: /tentang/,
/kebijakan-privasi/, /syarat-penggunaan/, /tips-aman/ (catalog/views/pages.py)."""

import re

import pytest
from django.core.cache import cache

from tests.conftest import get_html, make_business, make_product

pytestmark = pytest.mark.django_db

PAGES = ["/tentang/", "/kebijakan-privasi/", "/syarat-penggunaan/", "/tips-aman/"]
DEMO_OWNER = "Dinas Koperasi dan UKM Provinsi Sumatera Selatan"


def text_of(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def listing(palembang, commit):
    with commit():
        business = make_business(palembang, name="Pempek Cek Uji")
        product = make_product(business, name="Pempek Kapal Selam")
    return business, product


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_pages_open_in_both_languages_and_the_footer_links_them(client, prefix):
    for path in PAGES:
        html = get_html(client, prefix + path)
        footer = html[html.index('<footer class="site-footer">'):]
        for linked in PAGES:
            assert f'href="{prefix}{linked}"' in footer, (path, linked)


def test_the_demo_owner_is_named_in_the_header_and_footer_of_every_page(client, listing):
    business, product = listing
    for url in ["/", "/produk/", product.get_absolute_url(), "/umkm/", business.get_absolute_url(), *PAGES, "/akun/masuk/"]:
        html = get_html(client, url)
        header, footer = html[html.index("<header"):html.index("</header>")], html[html.index('<footer class="site-footer">'):]
        assert f"Dikelola {DEMO_OWNER}" in header, url
        assert DEMO_OWNER in footer and "dinkopukm@sumselprov.go.id" in footer and "Palembang" in footer, url
        assert "/static/img/dinas-logo.svg" in footer, url


def test_the_owner_name_logo_and_contact_come_from_settings(client, settings):
    settings.PORTAL_OWNER_NAME = "Dinas Koperasi dan UKM Provinsi Jambi"
    settings.PORTAL_OWNER_LOGO = "https://cdn.jambiprov.go.id/logo-dinas.png"
    settings.PORTAL_OWNER_ADDRESS = "Jl. Uji No. 1, Kota Jambi"
    settings.PORTAL_OWNER_EMAIL = "dinas@jambiprov.go.id"
    settings.PORTAL_OWNER_PHONE = "(0741) 123456"
    settings.PORTAL_OWNER_WHATSAPP = "+6281234567890"
    settings.PORTAL_OWNER_URL = "https://jambiprov.go.id"
    html = get_html(client, "/tentang/")
    for value in ["Dikelola Dinas Koperasi dan UKM Provinsi Jambi", "https://cdn.jambiprov.go.id/logo-dinas.png",
                  "Jl. Uji No. 1, Kota Jambi", "mailto:dinas@jambiprov.go.id", "(0741) 123456", "https://wa.me/6281234567890"]:
        assert value in html, value
    assert DEMO_OWNER not in html and "sumselprov" not in html


def test_no_whatsapp_link_without_a_number(client, settings):
    settings.PORTAL_OWNER_WHATSAPP = ""
    assert "wa.me" not in get_html(client, "/tentang/")


def test_the_privacy_page_says_what_the_settings_say(client, settings):
    html = text_of(get_html(client, "/kebijakan-privasi/"))
    assert "dihapus 90 hari setelah impor selesai" in html
    assert "setelah 5 kali gagal" in html and "ditahan 1 jam" in html
    assert "paling lama 14 hari" in html and "Paling banyak 5 laporan per jam" in html
    for kept in ["NIK", "nomor telepon pemilik", "alamat pemilik", "omzet", "titik koordinat", "Alamat IP Anda tidak disimpan"]:
        assert kept in html, kept
    settings.IMPORT_RETENTION_DAYS = 30
    settings.SESSION_COOKIE_AGE = 7 * 86400
    settings.FEEDBACK_REPORTS_PER_HOUR_PER_IP = 3
    html = text_of(get_html(client, "/kebijakan-privasi/"))
    assert "dihapus 30 hari" in html and "paling lama 7 hari" in html and "Paling banyak 3 laporan" in html


def test_the_safety_tips_cover_the_common_scams(client):
    html = text_of(get_html(client, "/tips-aman/"))
    for advice in ["WhatsApp", "OTP", "rekening", "COD", "Diverifikasi dinas", "Laporkan"]:
        assert advice in html, advice


def test_product_and_business_pages_link_to_the_tips(client, listing):
    business, product = listing
    for url in [product.get_absolute_url(), business.get_absolute_url()]:
        html = get_html(client, url)
        assert 'class="report-link"><a href="/tips-aman/">' in html, url


@pytest.mark.parametrize("path", PAGES)
def test_the_pages_are_cached_whole_and_set_no_cookie(client, settings, path, django_assert_num_queries):
    settings.PAGE_CACHE_SECONDS = 60
    cache.clear()
    first = client.get(path)
    assert first.status_code == 200 and not first.cookies and "max-age=60" in first["Cache-Control"]
    assert "csrfmiddlewaretoken" not in first.content.decode()
    with django_assert_num_queries(0):
        again = client.get(path)
    assert again.content == first.content
    cache.clear()


@pytest.mark.parametrize("path", PAGES)
def test_head_works_and_post_does_not(client, path):
    assert client.head(path).status_code == 200
    assert client.post(path).status_code == 405


def test_the_pages_are_in_the_sitemap(client):
    xml = client.get("/sitemap-halaman.xml").content.decode()
    for path in PAGES:
        assert f"{path}</loc>" in xml, path


def test_check_deploy_warns_while_the_demo_dinas_is_named(monkeypatch):
    from django.core.checks import run_checks

    from umkm_portal.checks import OWNER_SETTINGS

    for name in OWNER_SETTINGS:
        monkeypatch.delenv(name, raising=False)
    warnings = [message for message in run_checks(include_deployment_checks=True) if message.id == "umkm_portal.W001"]
    assert len(warnings) == 1 and "PORTAL_OWNER_NAME" in warnings[0].msg
    for name in OWNER_SETTINGS:
        monkeypatch.setenv(name, "")
    assert not [message for message in run_checks(include_deployment_checks=True) if message.id == "umkm_portal.W001"]
