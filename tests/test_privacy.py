"""The owner's personal data (BusinessPrivate) and omzet (TurnoverReport) never reach a
public page, sitemap, feed or robots.txt, in either language."""

import datetime

import pytest

from directory.models import TurnoverReport
from feedback.models import Report
from tests.conftest import get_html, jpeg_bytes, make_business, make_product

pytestmark = pytest.mark.django_db

SECRETS = [
    "Siti Rahasia Binti Uji", "Rahasia Binti", "1671999988887777",
    "+6281399998888", "6281399998888", "081399998888", "0813-9999-8888", "81399998888",
    "Jalan Rahasia No. 77", "Rahasia No. 77",
    "987654321", "987.654.321", "987,654,321", "987 654 321",
    # A visitor's report on the listing: its contact and message are for staff only.
    "pelapor.rahasia@contoh.id", "Pesan pelapor rahasia",
]


@pytest.fixture
def private_business(commit, palembang):
    with commit():
        business = make_business(
            palembang, name="Kemplang Ibu Siti", description="Kemplang panggang khas Palembang.",
            whatsapp="0812-1111-2222", address="Jalan Usaha No. 5",
            private={
                "owner_name": "Siti Rahasia Binti Uji", "nik": "1671999988887777",
                "owner_phone": "+6281399998888", "owner_address": "Jalan Rahasia No. 77",
            },
        )
        product = make_product(business, name="Kemplang Panggang Ibu Siti", photos=[jpeg_bytes((64, 64))],
                               is_featured=True)
        TurnoverReport.objects.create(business=business, month=datetime.date(2025, 1, 1), omzet=987654321,
                                      transactions=1234, workers=3)
        Report.objects.create(business=business, product=product, reason=Report.Reason.FRAUD, client_key="x" * 64,
                              message="Pesan pelapor rahasia", contact="pelapor.rahasia@contoh.id", form_token="t" * 32)
    return business, product


def public_urls(business, product):
    urls = [
        "/", "/produk/", product.get_absolute_url(), "/produk/?q=kemplang", "/produk/?wilayah=kota-palembang",
        "/umkm/", "/umkm/?q=siti", business.get_absolute_url(), business.regency.get_absolute_url(),
        "/produk/feed/", "/wilayah/", f"/produk/?kategori={product.category.slug}",
        f"{business.regency.get_absolute_url()}?kategori={product.category.slug}",
        "/tentang/", "/kebijakan-privasi/", "/syarat-penggunaan/", "/tips-aman/",
        f"/laporkan/produk/{product.slug}/", f"/laporkan/umkm/{business.slug}/",
        f"/laporkan/produk/{product.slug}/terkirim/", f"/laporkan/umkm/{business.slug}/terkirim/",
        "/produk/?q=kemplng", "/produk/?q=kemplang+palembang+halal+murah",
    ]
    return urls + ["/en" + url for url in urls] + [
        "/robots.txt", "/sitemap.xml", "/sitemap-halaman.xml", "/sitemap-kategori.xml", "/sitemap-wilayah.xml",
        "/sitemap-umkm.xml", "/sitemap-produk.xml",
    ]


def test_private_data_is_stored(private_business):
    business, _ = private_business
    assert business.private.nik == "1671999988887777"
    assert business.turnover_reports.get().omzet == 987654321


def test_no_public_page_shows_private_data(client, private_business):
    business, product = private_business
    for url in public_urls(business, product):
        body = get_html(client, url)
        for secret in SECRETS:
            assert secret not in body, (url, secret)


def test_the_business_itself_is_on_those_pages(client, private_business):
    """So the test above looks where the data could leak: the business and its product are shown."""
    business, product = private_business
    product_url, business_url = product.get_absolute_url(), business.get_absolute_url()
    for url in ["/", "/produk/", "/produk/?q=kemplang", product_url, business_url,
                "/umkm/?q=siti", business.regency.get_absolute_url(), "/produk/feed/", "/en/produk/"]:
        body = get_html(client, url)
        assert product.name in body or business.name in body, url
    assert f"{product_url}</loc>" in get_html(client, "/sitemap-produk.xml")
    assert f"{business_url}</loc>" in get_html(client, "/sitemap-umkm.xml")
    assert "6281211112222" in get_html(client, business.get_absolute_url())  # the business's own WhatsApp is public


# ---------------------------------------------------------------------------- the business's location

LOCATION_DIGITS = ["3.071717", "3,071717", "3.0717", "3,0717", "104.838383", "104,838383", "104.8383", "104,8383"]


@pytest.fixture
def located_business(private_business):
    from decimal import Decimal

    from directory.models import BusinessPrivate

    business, product = private_business
    BusinessPrivate.objects.filter(business=business).update(latitude=Decimal("-3.071717"), longitude=Decimal("104.838383"))
    return business, product


def test_coordinates_reach_no_public_page_unless_the_owner_publishes_them(client, located_business):
    business, product = located_business
    assert not business.location_public
    for url in public_urls(business, product):
        body = get_html(client, url)
        for digits in LOCATION_DIGITS:
            assert digits not in body, (url, digits)


def test_a_published_location_is_on_the_business_page_only(client, located_business):
    import json

    from directory.models import Business

    business, product = located_business
    Business.objects.filter(pk=business.pk).update(location_public=True)
    body = get_html(client, business.get_absolute_url())
    assert "https://www.openstreetmap.org/?mlat=-3.071717&amp;mlon=104.838383" in body
    jsonld = json.loads(body.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert jsonld["geo"] == {"@type": "GeoCoordinates", "latitude": -3.071717, "longitude": 104.838383}
    assert 'src="https://www.openstreetmap' not in body  # a link only: nothing loaded from the map site
    # Elsewhere the public still sees no more than the kecamatan.
    for url in public_urls(business, product):
        if url in (business.get_absolute_url(), "/en" + business.get_absolute_url()):
            continue
        body = get_html(client, url)
        for digits in LOCATION_DIGITS:
            assert digits not in body, (url, digits)
